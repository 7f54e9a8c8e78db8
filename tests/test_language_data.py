"""Language knowledge lives in ``lang/<code>/``, not in the components' Python source.

The source is parsed, not searched: only string constants count (docstrings and comments
explain German examples and may quote them freely).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from lagebild.language import language_vocabulary
from lagebild.resources import LANG_ROOT, available_languages

COMPONENTS = Path(__file__).resolve().parents[1] / "src" / "lagebild" / "components"

# German function words: articles, pronouns, prepositions (and their contractions with an
# article), conjunctions, particles. None of them is an English word a message would use.
FUNCTION_WORDS = frozenset(
    """
    der die das den dem des ein eine einen einem einer eines dieser diese dieses diesem diesen
    kein keine keinen keinem keiner
    ich du er sie es wir ihr man sich ihm ihn uns euch
    sein seine seinem seinen seiner seines ihre ihrem ihren ihrer ihres unser unsere
    und oder aber sondern sowie bzw dass weil wenn ob obwohl während nachdem bevor damit
    nicht auch noch nur schon
    mit von zu im am vom zum zur beim ins ans bei nach seit über unter gegen für ohne auf aus
    durch vor bis wegen zwischen neben hinter
    """.split()
)

_WORD = re.compile(r"\w+")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def german_function_words(source: str) -> list[tuple[int, str]]:
    """(line, word) for each German function word in a string constant of ``source``."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in docstrings:
            continue
        hits.extend(
            (node.lineno, word)
            for word in _WORD.findall(node.value)
            if word.lower() in FUNCTION_WORDS
        )
    return sorted(hits)


def _letters(node) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.isalpha()
        and not node.value.isupper()  # a label ("CUE"), not an ending
    )


def _sliced_ending(node) -> list[tuple[int, str]]:
    """``word[-1:] != "n"``, ``w[:2] == "ge"``: an ending or beginning tested by a slice."""
    if not isinstance(node, ast.Compare):
        return []
    sides = [node.left, *node.comparators]
    if not any(isinstance(s, ast.Subscript) and isinstance(s.slice, ast.Slice) for s in sides):
        return []
    return [(node.lineno, s.value) for s in sides if _letters(s)]


def word_endings(source: str) -> list[tuple[int, str]]:
    """(line, literal) for each ending or beginning of letters a word is tested for in
    ``source`` (``word.endswith("t")``, ``word[-1:] == "t"``): German endings belong in the
    data too."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        hits.extend(_sliced_ending(node))
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in ("endswith", "startswith", "removesuffix", "removeprefix"):
            continue
        for arg in node.args:
            values = arg.elts if isinstance(arg, ast.Tuple) else [arg]
            hits.extend((node.lineno, value.value) for value in values if _letters(value))
    return sorted(hits)


def _component_modules() -> list[Path]:
    return sorted(COMPONENTS.rglob("*.py"))


def test_language_data_finder_sees_strings_not_docstrings_or_comments():
    source = '''
"""Modul über die Zeit."""
def f(word):
    """Sucht "der" und "die"."""
    # "das" in a comment
    return word in ("von", "x") or word == f"{word} zum"
'''
    assert german_function_words(source) == [(6, "von"), (6, "zum")]


def test_language_data_every_component_is_checked():
    names = {path.relative_to(COMPONENTS).parts[0] for path in _component_modules()}
    assert {"sentences.py", "entities.py", "entity_features.py", "quantities.py"} <= names
    assert {"times", "quotes"} <= names
    assert len([p for p in _component_modules() if p.parts[-2] == "times"]) >= 5
    assert len([p for p in _component_modules() if p.parts[-2] == "quotes"]) >= 6


@pytest.mark.parametrize("path", _component_modules(), ids=lambda p: str(p.relative_to(COMPONENTS)))
def test_language_data_no_german_function_words_in_component_source(path):
    hits = german_function_words(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.name}: German words in the source, move them to lang/de/: {hits}"


@pytest.mark.parametrize("path", _component_modules(), ids=lambda p: str(p.relative_to(COMPONENTS)))
def test_language_data_no_word_endings_in_component_source(path):
    hits = word_endings(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.name}: word endings in the source, move them to lang/de/: {hits}"


def test_language_data_ending_finder():
    source = 'a = w.endswith("t") or w.startswith(("-", "ig")) or w.endswith((x, "CUE", "."))'
    assert word_endings(source) == [(1, "ig"), (1, "t")]
    source = 'b = w[-1:] != "n" or w[:2] == "ge" or w[0] == "x" or w[-1:] == "." or t == "s"'
    assert word_endings(source) == [(1, "ge"), (1, "n")]


def _word_lists(data):
    """Every list of strings and every dict's keys in a JSON document."""
    if isinstance(data, dict):
        yield [k for k in data if not k.startswith("_")]
        for value in data.values():
            yield from _word_lists(value)
    elif isinstance(data, list):
        if all(isinstance(item, str) for item in data):
            yield data
        for item in data:
            yield from _word_lists(item)


@pytest.mark.parametrize("lang", available_languages())
@pytest.mark.parametrize("table", ["months", "weekdays"])
def test_language_data_month_and_weekday_names_are_defined_once(lang, table):
    """Only the shared vocabulary lists them; a component reads them from there."""
    names = {w for w in getattr(language_vocabulary(lang), table) if len(w) > 4}
    for path in sorted((LANG_ROOT / lang).glob("*.json")):
        if path.name == "vocabulary.json":
            continue
        for words in _word_lists(json.loads(path.read_text(encoding="utf-8"))):
            named = {w.lower().rstrip(".") for w in words} & names
            assert len(named) < 4, f"{path.name} lists {table}: {sorted(named)}"


@pytest.mark.parametrize("lang", available_languages())
def test_language_data_every_language_has_a_shared_vocabulary(lang):
    vocabulary = language_vocabulary(lang)
    assert len(set(vocabulary.months.values())) == 12
    assert sorted(set(vocabulary.weekdays.values())) == list(range(1, 8))
    assert vocabulary.month_abbreviations <= set(vocabulary.months)
    assert vocabulary.definite_articles and vocabulary.function_words


@pytest.mark.parametrize(
    "word, month",
    [("März", 3), ("Dezembers", 12), ("Okt.", 10), ("Jänner", 1), ("Okt", None), ("Mai.", None)],
)
def test_language_data_month_forms(word, month):
    assert language_vocabulary("de").month(word) == month


@pytest.mark.parametrize(
    "lang, word, noun, not_noun",
    [
        ("de", "Soldaten", True, False),
        ("de", "gegründete", False, True),
        ("en", "Soldiers", False, False),
    ],
)
def test_language_data_capitals_mark_nouns_only_where_the_language_says_so(
    lang, word, noun, not_noun
):
    vocabulary = language_vocabulary(lang)
    assert vocabulary.marks_noun(word) is noun
    assert vocabulary.marks_non_noun(word) is not_noun


@pytest.mark.parametrize("lang, word, written", [("de", "märz", "März"), ("en", "march", "march")])
def test_language_data_nouns_are_written_as_the_language_says(lang, word, written):
    assert language_vocabulary(lang).as_noun(word) == written


def test_language_data_quotes_read_the_calendar_from_the_shared_vocabulary():
    from lagebild.components.quotes import Lexicon

    time_nouns = Lexicon("de").time_nouns()
    assert {"März", "Montag", "Dezember", "Woche"} <= time_nouns
    assert "Okt" not in time_nouns  # an abbreviation is written with its full stop
