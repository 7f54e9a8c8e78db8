"""The compiled vocabulary of a language: ``times.json`` as lookup tables, and the patterns
of ``times_patterns.tsv`` with their ``{PLACEHOLDER}``s filled from it. The words every
component shares (month and weekday names, articles, adjective endings) come from the
language's shared vocabulary (``lagebild.language``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ...language import LanguageVocabulary, language_vocabulary
from ...numbers import NumberVocabulary, number_vocabulary
from ...resources import load_json, load_tsv

VOCABULARY_FILE = "times.json"
PATTERNS_FILE = "times_patterns.tsv"


@dataclass
class Pattern:
    name: str
    kind: str
    type: str
    seeds: tuple[str, ...]
    reach: int
    regex: re.Pattern


@dataclass
class Vocabulary:
    """times.json, with every word list as a lower-case lookup table."""

    data: dict
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, tuple[int, str]]
    units: dict[str, str]
    ordinals: dict[str, int]
    modifiers: dict[str, str]
    approx: tuple[str, ...]
    tense_future: frozenset[str]
    tense_past: frozenset[str]
    not_past: frozenset[str]
    past_suffixes: tuple[str, ...]
    past_suffix_min: int
    counted: frozenset[str]
    articles: frozenset[str]
    passive: frozenset[str]
    not_durations: frozenset[str]
    year_cues: frozenset[str]
    participle_endings: tuple[str, ...]
    language: LanguageVocabulary  # the shared words and spelling rules
    numbers: NumberVocabulary  # numbers.json, shared with quantities
    patterns: list[Pattern] = field(default_factory=list)
    seed_words: dict[str, set[str]] = field(default_factory=dict)
    seed_compounds: list[tuple[re.Pattern, str]] = field(default_factory=list)
    raw: dict = field(default_factory=dict)  # times.json as written, for to_disk
    rows: tuple = ()  # the pattern rows, for to_disk

    def lookup(self, table: str, word: str):
        return self.data[table].get(_norm(word))


def _norm(word: str) -> str:
    return re.sub(r"\s+", " ", word.strip().lower())


def _alternation(words, case_sensitive=(), need_dot=()) -> str:
    """A regex matching any of ``words`` (first letter in either case), as a trie so that
    the engine does not try every word at every position; longer words are tried first."""
    trie: dict = {}
    for word in set(words):
        first = word[0]
        if word in case_sensitive or not first.isalpha() or first.upper() == first.lower():
            atoms = [re.escape(first)]
        else:
            atoms = [f"[{first.upper()}{first.lower()}]"]
        for previous, ch in zip(word, word[1:], strict=False):
            if ch == " ":
                atoms.append(r"\s+")
            elif previous == " " and word not in case_sensitive and ch.upper() != ch.lower():
                atoms.append(f"[{ch.upper()}{ch.lower()}]")  # "in der Folge", "in Zukunft"
            else:
                atoms.append(re.escape(ch))
        if word in need_dot:
            atoms.append(r"\.")
        node = trie
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [atom + _trie_regex(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body if len(branches) == 1 and len(branches[0]) <= 2 else f"(?:{body})"


def _with_endings(stems, endings) -> list[str]:
    return [stem + ending for stem in stems for ending in endings]


def _without_comments(data):
    """The JSON data without its ``_comment`` entries."""
    if isinstance(data, dict):
        return {k: _without_comments(v) for k, v in data.items() if not k.startswith("_")}
    return data


def _month_names(data: dict) -> set[str]:
    """The months written out ("März", "Dezembers"), not abbreviated."""
    abbreviations = set(data["month_abbreviations_need_dot"])
    return {_norm(word) for word in data["months"] if word not in abbreviations}


@cache
def vocabulary(lang: str) -> Vocabulary:
    """The compiled vocabulary and patterns of ``lang`` (from ``lang/<code>/``)."""
    return build_vocabulary(lang, load_json(lang, VOCABULARY_FILE), load_tsv(lang, PATTERNS_FILE))


def with_shared_words(lang: str, raw: dict) -> dict:
    """times.json completed with the words of the shared vocabulary that it does not list
    itself, under the keys the patterns read, so that what ``to_disk`` writes is whole."""
    shared = language_vocabulary(lang)
    words = {
        "months": shared.months,
        "month_abbreviations_need_dot": sorted(shared.month_abbreviations),
        "weekdays": shared.weekdays,
        "articles": sorted(shared.articles),
        "relative_endings": list(shared.adjective_endings),
        "ordinal_endings": list(shared.adjective_endings),
    }
    return {**words, **raw}


def build_vocabulary(lang: str, raw: dict, rows) -> Vocabulary:
    """Compile times.json (``raw``) and the pattern rows; numbers and the shared words come
    from ``lang``."""
    raw = with_shared_words(lang, raw)
    language = language_vocabulary(lang)
    data = _without_comments(raw)
    numbers = number_vocabulary(lang)
    rel_words = {}
    for stem, (offset, anchor) in data["relative"].items():
        for word in _with_endings([stem], [e for e in data["relative_endings"] if e]):
            rel_words[word] = (offset, anchor)
    ordinals = {
        w: n
        for stem, n in data["ordinals"].items()
        for w in _with_endings([stem], data["ordinal_endings"])
    }
    unit_compounds = data["unit_compounds"]
    tense = data["tense"]
    number_words = set(numbers.words) | set(numbers.mixed) | set(numbers.fractions)
    number_words |= {numbers.hundred, numbers.thousand, *data["number_word_endings"]}
    holidays = data["holidays"]

    def word_bound(alt: str) -> str:
        return rf"(?<!\w){alt}(?!\w)"

    month_alt = _alternation(data["months"], need_dot=set(data["month_abbreviations_need_dot"]))
    placeholders = {
        "DAY": r"(?:0?[1-9]|[12]\d|3[01])",
        "YEAR4": r"(?:1\d{3}|20\d{2})",
        "MONTH": rf"(?<!\w)(?:{month_alt})(?![\w.]\w)(?!\w|-\w)",
        "WEEKDAY": word_bound(_alternation(data["weekdays"])),
        "WEEKDAYSTEM": r"(?<!\w)" + _alternation(data["weekdays"]),
        "WEEKDAYSET": word_bound(_alternation(data["weekday_sets"])),
        "SEASON": word_bound(_alternation(data["seasons"])),
        "PART": word_bound(
            _alternation([w for w in data["parts_of_day"] if w not in data["part_of_day_adverbs"]])
        ),
        "PARTADVERB": word_bound(
            _alternation(data["part_of_day_adverbs"], data["part_of_day_adverbs"])
        ),
        "PARTSUFFIX": "(?:"
        + "|".join(sorted(data["part_suffixes"], key=len, reverse=True))
        + r")(?!\w)",
        "DAYWORD": word_bound(
            _alternation(data["day_words"], set(data["day_words_case_sensitive"]))
        ),
        "DAYWORDPART": word_bound(
            _alternation(data["day_word_parts"], set(data["day_words_case_sensitive"]))
        ),
        "UNIT": word_bound(_alternation(data["units"])),
        "UNITPLURAL": word_bound(_alternation(data["unit_plurals"])),
        "UNITLANG": r"(?<!\w)" + _alternation(unit_compounds["lang"]),
        "UNITIG": _alternation(unit_compounds["ig"]),
        "SETWORD": r"(?<!\w)" + _alternation(unit_compounds["sets"]),
        "ORD": word_bound(_alternation(ordinals)),
        "REL": word_bound(_alternation(rel_words)),
        "RELDAY": word_bound(_alternation(data["same_day_words"])),
        "RELNOUN": word_bound(_alternation(data["relative_nouns"])),
        "DURREL": word_bound(
            _alternation(
                _with_endings(data["duration_relative"], data["duration_relative_endings"])
            )
        ),
        "MOD": word_bound(_alternation(data["modifiers"])),
        "YEARMOD": word_bound(_alternation(data["year_compounds"])),
        "YEARNOUN": word_bound(_alternation(data["year_nouns"])),
        "PARTOFYEAR": word_bound(_alternation(data["parts_of_year"])),
        "ERA": "(?:"
        + "|".join(
            re.escape(e).replace("\\ ", r"\s*")
            for e in sorted(data["era_bc"] + data["era_ad"], key=len, reverse=True)
        )
        + ")",
        "ERA_BC": "(?:"
        + "|".join(
            re.escape(e).replace("\\ ", r"\s*")
            for e in sorted(data["era_bc"], key=len, reverse=True)
        )
        + ")",
        "LATER": word_bound(_alternation(data["later"], set(data["later"]))),
        "PRECISE": word_bound(_alternation(data["precise"])),
        "APPROX": r"(?<!\w)" + _alternation(data["approximately"]),
        "INDEF": word_bound(_alternation(data["indefinite_amounts"])),
        "VAGUE": word_bound(_alternation(data["vague"])),
        "EVERY": word_bound(_alternation(data["every"])),
        "HOLIDAY": word_bound(_alternation(holidays)),
        "TIMEWORD": word_bound(_alternation(data["time_words"])),
        "TIMEZONE": _alternation(data["time_zones"]),
        "NIGHTBEFORE": word_bound(_alternation(data["night_before_prepositions"])),
        "CONNECTOR": "|".join(
            re.escape(c).replace("\\ ", r"\s+")
            for c in sorted(data["connectors"], key=len, reverse=True)
        ),
        "DECADEWORD": word_bound(_alternation([t + data["decade_suffix"] for t in numbers.tens])),
        "NUMWORD": rf"(?<!\w)[{language.letters}]*?" + _alternation(number_words),
    }
    placeholders["NUM"] = r"(?:\d+(?:,\d+)?(?!\d)|" + placeholders["NUMWORD"] + r"(?!\w))"
    vocab = Vocabulary(
        data=data,
        months={_norm(k): v for k, v in data["months"].items()},
        weekdays={_norm(k): v for k, v in data["weekdays"].items()},
        relative=rel_words,
        units={_norm(k): v for k, v in data["units"].items()},
        ordinals=ordinals,
        modifiers=data["modifiers"],
        approx=tuple(data["approximately"]),
        tense_future=frozenset(tense["future"]),
        tense_past=frozenset(tense["past"]),
        not_past=frozenset(tense["not_past"]),
        past_suffixes=tuple(tense["past_suffixes"]),
        past_suffix_min=tense["past_suffix_min_length"],
        counted=frozenset(data["counted_words_after_year"]["words"]),
        passive=frozenset(tense["passive_auxiliaries"]),
        articles=frozenset(data["articles"]),
        not_durations=frozenset(data["not_durations"]),
        year_cues=frozenset(data["year_cues"]) | _month_names(data),
        participle_endings=tuple(tense["participle_endings"]),
        language=language,
        numbers=numbers,
    )
    vocab.raw, vocab.rows = raw, tuple(tuple(row) for row in rows)
    for row in vocab.rows:
        name, kind, type_, seeds, reach, regex = row[:6]
        # every expression starts at a word boundary
        expanded = r"(?<!\w)" + re.sub(
            r"\{([A-Z][A-Z_0-9]*)\}", lambda m: placeholders[m.group(1)], regex
        )
        vocab.patterns.append(
            Pattern(name, kind, type_, tuple(seeds.split(",")), int(reach), re.compile(expanded))
        )
    seed_lists = {
        "MONTH": data["months"],
        "WEEKDAY": list(data["weekdays"])
        + [w + p for w in data["weekdays"] for p in data["part_suffixes"]],
        "WEEKDAYSET": data["weekday_sets"],
        "SEASON": data["seasons"],
        "PART": data["parts_of_day"],
        "PARTADVERB": data["part_of_day_adverbs"],
        "DAYWORD": data["day_words"],
        "UNIT": list(data["units"]) + list(data["relative_units"]),
        "UNITPLURAL": data["unit_plurals"],
        "REL": rel_words,
        "RELNOUN": data["relative_nouns"],
        "VAGUE": data["vague"],
        "EVERY": data["every"],
        "HOLIDAY": holidays,
        "TIMEWORD": data["time_words"],
        "YEARMOD": data["year_compounds"],
        "YEARNOUN": data["year_nouns"],
        "PARTOFYEAR": data["parts_of_year"],
        "DECADEWORD": [t + data["decade_suffix"] for t in numbers.tens],
    }
    for cls, words in seed_lists.items():
        for word in words:
            # a phrase is found by its last word ("in Zukunft" by "zukunft")
            vocab.seed_words.setdefault(_norm(word).split(" ")[-1], set()).add(cls)
    for cls, key in (("LANGWORD", "lang"), ("IGWORD", "ig"), ("SETWORD", "sets")):
        words = sorted(unit_compounds[key], key=len, reverse=True)
        vocab.seed_compounds.append((re.compile("|".join(map(re.escape, words))), cls))
    return vocab
