"""Name-variant matcher: one person, place or company across German (Duden), English (BGN)
and scholarly transliterations, diacritics, exonyms and hyphenation.

Two steps, as the knowledge-base linker uses them:

* ``blocking_keys(name, type)``: coarse keys (consonant skeleton of the folded spelling, the
  surname's skeleton for people, the exonym group) so that candidates are found by index lookup;
* ``compare(a, b, type, surname_unambiguous)``: the precise, precision-first decision, with a
  rule and a score so that every merge can be explained.

The transliteration tables, the folding rules and the exonyms are data under ``lang/``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from ..errors import UsageError
from ..resources import LANG_ROOT

TRANSLIT = LANG_ROOT / "translit"
VOWELS = set("aeiouy")
# Below this normalised similarity of the folded spellings, a shared key is a coincidence.
MIN_SIMILARITY = 0.8
# Memo sizes: the names of a long ingest (one process) repeat; the folded spellings of a name
# are computed once, not once per candidate it is compared with.
NAMES_CACHED = 1 << 16


@dataclass(frozen=True)
class Match:
    """Why two names are taken for one entity: the rule that decided, and its score 0–1."""

    rule: str
    score: float


def _rows(name: str) -> list[list[str]]:
    text = (TRANSLIT / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _cyrillic_tables() -> list[dict[str, tuple[str, str]]]:
    names = ["ru-de.tsv", "ru-en.tsv", "uk-de.tsv", "uk-en.tsv"]
    return [{row[0]: (row[1], row[2]) for row in _rows(n)} for n in names]


@cache
def _fold_rules() -> list[tuple[str, list[str]]]:
    return [(row[0], row[1].split("|")) for row in _rows("latin-fold.tsv")]


@cache
def _endings() -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in _rows("latin-endings.tsv")]


@cache
def _name_parts() -> dict[str, frozenset[str]]:
    data = json.loads((TRANSLIT / "name-parts.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@cache
def _exonyms() -> dict[str, str]:
    """Folded name -> exonym group (the first English name listed), over German and English
    forms; a line whose German or English name is already known joins that group."""
    groups: dict[str, str] = {}
    text = (LANG_ROOT / "exonyms.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            german, english, kind = line.split("\t")[:3]
            keys = {f"{kind}:{f}" for name in (german, english) for f in folded(name)}
            group = next(
                (groups[k] for k in sorted(keys) if k in groups), f"{kind}:{_plain(english)}"
            )
            groups.update(dict.fromkeys(keys, group))
    return groups


@lru_cache(maxsize=NAMES_CACHED)
def exonym_groups(name: str, type: str) -> frozenset[str]:
    """The exonym groups a name belongs to (usually none or one)."""
    table = _exonyms()
    return frozenset(table[k] for f in folded(name) if (k := f"{type}:{f}") in table)


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _transliterate(text: str, table: dict[str, tuple[str, str]]) -> str:
    out, previous = [], " "
    for ch in text:
        lower = ch.lower()
        if lower in table:
            # Iotated vowels are written je/ye after a vowel or at the start of a word.
            initial = not previous.isalpha() or previous.lower() in "аеёиоуыэюяіїєьъ"
            latin = table[lower][1 if initial else 0]
            out.append(latin.capitalize() if ch != lower else latin)
        else:
            out.append(ch)
        previous = ch
    return "".join(out)


@lru_cache(maxsize=NAMES_CACHED)
def latin_forms(name: str) -> tuple[str, ...]:
    """The name itself, or for Cyrillic its German and English transliterations."""
    name = unicodedata.normalize("NFC", name)
    if not _is_cyrillic(name):
        return (name,)
    return tuple(dict.fromkeys(_transliterate(name, t) for t in _cyrillic_tables()))


@lru_cache(maxsize=NAMES_CACHED)
def _plain(text: str) -> str:
    """Lower case, umlauts written out, other diacritics stripped, hyphens as spaces."""
    text = text.casefold().replace("ß", "ss")
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, spelled)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[-‐–_/]", " ", text)
    return " ".join(re.sub(r"[^\w\s'.]", "", text).split())


@lru_cache(maxsize=NAMES_CACHED)
def _fold_word(word: str) -> frozenset[str]:
    forms = {word}
    for pattern, replacements in _fold_rules():
        forms = {out for f in forms for out in _expand(f, pattern, replacements)}
    return frozenset(
        _fold_ending(re.sub(r"(.)\1+", r"\1", f.replace("'", "").replace(".", ""))) for f in forms
    )


def _expand(word: str, pattern: str, replacements: list[str]) -> set[str]:
    pieces = word.split(pattern)
    return {
        pieces[0] + "".join(r + p for r, p in zip(choice, pieces[1:], strict=True))
        for choice in product(replacements, repeat=len(pieces) - 1)
    }


def _fold_ending(word: str) -> str:
    for ending, replacement in _endings():
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


@lru_cache(maxsize=NAMES_CACHED)
def folded(name: str) -> frozenset[str]:
    """Every folded spelling of a name: word by word, all readings of ambiguous letters."""
    results: set[str] = set()
    for form in latin_forms(name):
        words = [_fold_word(w) for w in _plain(form).split()]
        results |= {" ".join(combo) for combo in product(*words)} if words else set()
    return frozenset(results)


def skeleton(folded_name: str) -> str:
    """The coarse blocking key: vowel runs reduced to one 'a'."""
    return re.sub(r"[aeiouy]+", "a", folded_name)


def _tokens(name: str) -> list[str]:
    parts = _name_parts()
    return [t for t in _plain(name).split() if t not in parts["titles"]]


@dataclass(frozen=True)
class PersonName:
    given: tuple[str, ...]
    surname: str
    suffix: str


@lru_cache(maxsize=NAMES_CACHED)
def person_name(name: str) -> PersonName:
    """Split into given names, surname (with its particles) and generational suffix."""
    tokens = _tokens(name)
    parts = _name_parts()
    suffix = ""
    if len(tokens) > 1 and tokens[-1] in parts["suffixes"]:
        suffix = tokens.pop().rstrip(".")
    if not tokens:
        return PersonName((), "", suffix)
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in parts["particles"]:
        start -= 1
    given = tuple(t.rstrip(".") for t in tokens[:start])
    return PersonName(given, " ".join(tokens[start:]), suffix)


def blocking_keys(name: str, type: str) -> set[str]:
    """Index keys under which the variants of one name meet."""
    return set(_blocking_keys(name, type))


@lru_cache(maxsize=NAMES_CACHED)
def _blocking_keys(name: str, type: str) -> frozenset[str]:
    keys: set[str] = set()
    keys |= {f"{type}:x:{group}" for group in exonym_groups(name, type)}
    for latin in latin_forms(name):
        keys |= {f"{type}:{skeleton(f)}" for f in folded(latin)}
        if type == "PER":
            surname = person_name(latin).surname
            keys |= {f"{type}:s:{skeleton(f)}" for f in folded(surname)} if surname else set()
    return frozenset(keys)


@lru_cache(maxsize=NAMES_CACHED)
def _similarity(a: str, b: str, same_key: bool = True) -> float:
    """Best normalised Levenshtein similarity over the folded spellings; with ``same_key``,
    0 when no key is shared."""
    best = 0.0
    for x, y in product(folded(a), folded(b)):
        if not same_key or skeleton(x) == skeleton(y):
            best = max(best, Levenshtein.normalized_similarity(x, y))
    return best


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Aligned given names agree (initials by their letter); extra names only if written out:
    an extra initial marks another person (George W. vs George H. W. Bush)."""
    for x, y in zip(a, b, strict=False):
        if len(x) == 1 or len(y) == 1:
            if not (folded(x[0]) & folded(y[0]) or x[0] == y[0]):
                return False
        # Given names need no shared key: their consonants vary more across languages
        # (Kazakh ж is "sch" in German, "j" in English: Schomart / Jomart).
        elif _similarity(x, y, same_key=False) < MIN_SIMILARITY:
            return False
    longer = a if len(a) > len(b) else b
    return all(len(extra) > 1 for extra in longer[min(len(a), len(b)) :])


def _compare_person(a: str, b: str, surname_unambiguous: bool) -> Match | None:
    best: Match | None = None
    for la, lb in product(latin_forms(a), latin_forms(b)):
        pa, pb = person_name(la), person_name(lb)
        if pa.suffix != pb.suffix or not pa.surname or not pb.surname:
            continue
        surname = _similarity(pa.surname, pb.surname)
        if surname < MIN_SIMILARITY:
            continue
        if bool(pa.given) != bool(pb.given):
            # A bare surname joins a full name only where the caller knows it is unambiguous.
            match = (
                Match("surname-unambiguous", round(0.8 * surname, 3))
                if surname_unambiguous
                else None
            )
        elif not _given_compatible(pa.given, pb.given):
            match = None
        else:
            given = _similarity(" ".join(pa.given), " ".join(pb.given)) if pa.given else 1.0
            rule = "initials" if any(len(t) == 1 for t in pa.given + pb.given) else "name-variant"
            match = Match(rule, round(min(surname, max(given, 0.8)), 3))
        if match and (best is None or match.score > best.score):
            best = match
    return best


@lru_cache(maxsize=NAMES_CACHED)
def compare(
    a: str, b: str, type: str | None = None, surname_unambiguous: bool = False
) -> Match | None:
    """Whether two names of the same type denote one entity; None when not (precision first).

    ``surname_unambiguous`` is the linker's knowledge that a bare surname has one bearer in the
    store or among the article's people; without it a bare surname joins no full name."""
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return Match("same-name", 1.0)
    rule = "transliteration" if _is_cyrillic(a) != _is_cyrillic(b) else "spelling-variant"
    if type is not None:
        if exonym_groups(a, type) & exonym_groups(b, type):
            return Match("exonym", 0.97)
    if type == "PER":
        match = _compare_person(a, b, surname_unambiguous)
        return (
            Match(rule if match.rule == "name-variant" else match.rule, match.score)
            if match
            else None
        )
    score = _similarity(a, b)
    return Match(rule, round(score, 3)) if score >= MIN_SIMILARITY else None


@dataclass(frozen=True)
class Judgements:
    """Known identities and known differences, from an alias file (TSV: ``same`` or
    ``different``, name, name, type), e.g. written by an analyst after reviewing a merge."""

    same: frozenset[tuple[str, str, str]] = frozenset()
    different: frozenset[tuple[str, str, str]] = frozenset()

    @classmethod
    def read(cls, path: Path) -> Judgements:
        same, different = set(), set()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or fields[0] not in {"same", "different"}:
                raise UsageError(f"{path}:{number}: expected same|different, name, name, type")
            verdict, a, b, type = fields
            pair = {(_plain(a), _plain(b), type), (_plain(b), _plain(a), type)}
            (same if verdict == "same" else different).update(pair)
        return cls(frozenset(same), frozenset(different))

    def verdict(self, a: str, b: str, type: str) -> bool | None:
        pair = (_plain(a), _plain(b), type)
        if pair in self.different:
            return False
        return True if pair in self.same else None

    def aliases(self, name: str, type: str) -> set[str]:
        plain = _plain(name)
        return {b for a, b, t in self.same if a == plain and t == type}


class VariantMatcher:
    """The linker's name matcher (``lagebild.kb.linking.NameMatcher``) built on this module.

    The linker calls ``compare_typed`` with the entity type and whether a bare surname is
    unambiguous (one candidate in the store); ``compare`` alone serves the plain protocol.
    Judgements from an alias file come first: a known difference is never merged, a known
    identity always is (its names share keys)."""

    def __init__(self, judgements: Judgements | None = None):
        self.judgements = judgements or Judgements()

    def blocking_keys(self, name: str, type: str) -> set[str]:
        keys = blocking_keys(name, type)
        for alias in self.judgements.aliases(name, type):
            keys |= blocking_keys(alias, type)
        return keys

    def compare(self, a: str, b: str) -> Match | None:
        return compare(a, b)

    def external_ids(self, names: list[str], type: str) -> dict[str, str] | None:
        from .external import external_ids

        return external_ids(names, type)

    def compare_typed(
        self, a: str, b: str, type: str, surname_unambiguous: bool = False
    ) -> Match | None:
        verdict = self.judgements.verdict(a, b, type)
        if verdict is not None:
            return Match("alias-file", 1.0) if verdict else None
        return compare(a, b, type, surname_unambiguous)


def clear_caches() -> None:
    """Empty every memo of this module (benchmarks: the state of a fresh process)."""
    memos = (_cyrillic_tables, _fold_rules, _endings, _name_parts, _exonyms, exonym_groups)
    memos += (latin_forms, _plain, _fold_word, folded, person_name, _blocking_keys)
    for f in (*memos, _similarity, compare):
        f.cache_clear()
    from . import external

    external.clear_caches()
