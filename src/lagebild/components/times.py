"""Temporal expressions: found, typed (DATE, TIME, DURATION, SET) and placed on the calendar.

Rules over the text, not a trained model. The language's knowledge is data:
``lang/<code>/times.json`` holds the words (months, weekdays, seasons, units, relative and
tense cues...) and ``lang/<code>/times_patterns.tsv`` the patterns, regular expressions
whose ``{PLACEHOLDER}``s are filled from that vocabulary. The code knows only what a pattern's
named groups mean:

``year`` ``yearshort`` ``era`` ``month`` ``monthnum`` ``day`` ``weekday`` ``season``
``century`` ``decade`` ``decadeword`` ``partnum``/``ord`` + ``partunit`` (quarters, halves)
``hour`` ``minute`` ``part`` (part of day) ``mod`` (Anfang/Mitte/Ende: kept out of the value,
as in TIMEX3) ``rel`` (letzte, kommende, folgende, diese...) ``unit`` ``num`` ``later``
(später, zuvor) ``ago`` (vor) ``in`` ``indef`` (einige) ``setword`` ``every`` ``vague`` ...

and each pattern's ``kind`` says which of the value builders below reads them.

Values are TIMEX3 strings. A relative expression is resolved against an anchor:

- the *reference date* (``doc._.lagebild_published``) for deictic words ("heute",
  "letzte Woche", "vor 25 Jahren", "am Mittwoch");
- the *last date the text mentioned* for anaphoric ones ("am folgenden Tag", "zwei Tage
  später", "im gleichen Jahr", a month without a year in a history text).

``anchoring`` chooses how: ``"news"`` (deictic words use the reference date),
``"narrative"`` (history texts: everything but "heute" follows the text's own dates) or
``"auto"`` (news when the text's written years are near the reference date, or it speaks of
weekdays or "gestern"). Without an anchor nothing is guessed: the unknown digits stay ``X``
(``XXXX-11-27``, ``XXXX-WXX-3``, ``XXXX`` for "vor 25 Jahren").

The last date mentioned is the story's current time, so not every date becomes it: a
heading with a year ("1862") dates its section until the next one; a year mentioned in
passing ("bis 1915", "(1912)", "der Krieg 1870/71") and a look back ("im Vorjahr",
"vor genau einem Jahr", "zwei Jahre zuvor") leave it where it was.

A weekday or a month without a year is placed by tense: the nearest tense cue in the
sentence (future auxiliaries and present-tense verbs of scheduled events point forward;
past forms backward; see ``tense`` in times.json), the same weekday as the reference date
meaning that day.

Spans follow the TIMEX2 extents of WikiWarsDE: prepositions and articles stay outside
("am [Mittwoch]", "in der [vergangenen Woche]") unless they carry the meaning ("[vor 25
Jahren]", "[seit Jahren]"). A token that holds two expressions ("1939–1945", "3.–5.") is
split so that each is a span of its own (``split_tokens``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..numbers import number_vocabulary, parse_number
from ..resources import load_json, load_tsv

TIMES = "lagebild_times"
ANCHORINGS = ("auto", "news", "narrative")

GRANULARITY = {"CE": 0, "DE": 1, "Y": 2, "H": 3, "Q": 3, "S": 3, "M": 4, "W": 5, "D": 6, "T": 7}
UNIT_GRANULARITY = {
    "Y": "Y",
    "M": "M",
    "W": "W",
    "D": "D",
    "Q": "Q",
    "DE": "DE",
    "CE": "CE",
    "H": "D",
    "M_TIME": "D",
    "S": "D",
    "WE": "W",
}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass
class Found:
    """One temporal expression: character offsets, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None  # TIMEX3 mod: START, MID, END, APPROX, MORE_THAN, LESS_THAN...
    pattern: str = ""


@dataclass
class When:
    """A point on the calendar at some granularity; ``year`` < 0 is BC."""

    gran: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    week: int | None = None
    weekday: int | None = None
    sub: str | None = None  # season (SU), quarter (Q1), half (H1)
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 20th century
    time: str | None = None  # "14:30" or a part of day ("EV")
    heading: tuple[int, int] | None = None  # the heading it was found in

    def date(self) -> dt.date | None:
        if self.year is None or self.year < 1 or self.month is None or self.day is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def value(self) -> str:
        y = _year_text(self.year)
        g = self.gran
        if g == "CE":
            return _bc(self.century, 2) if self.century is not None else "XX"
        if g == "DE":
            return _bc(self.decade, 3) if self.decade is not None else "XXX"
        if g == "Y":
            return y
        if g in ("S", "Q", "H"):
            return f"{y}-{self.sub}"
        if g == "M":
            return f"{y}-{_two(self.month)}"
        if g == "W":
            if self.week is None and self.weekday is not None:
                return f"{y}-WXX-{self.weekday}"
            if self.weekday is not None:
                return f"{y}-W{_two(self.week)}-{self.weekday}"
            return f"{y}-W{_two(self.week)}"
        text = f"{y}-{_two(self.month)}-{_two(self.day)}"
        if self.time:
            text += "T" + self.time
        return text


_HEADING = re.compile(r"^[^\S\n]*(\S[^\n]{0,78}?)[^\S\n]*$", re.M)
_END_PUNCTUATION = tuple('.!?:;,"“”«»')


def _headings(text: str) -> list[tuple[int, int]]:
    """Lines that look like headings: short, standing alone, without final punctuation."""
    found = []
    for m in _HEADING.finditer(text):
        line = m.group(1)
        start, end = m.span(1)
        alone = (start < 2 or text[start - 2 : start].count("\n") >= 1) and "\n" in text[
            end : end + 2
        ]
        if alone and not line.endswith(_END_PUNCTUATION) and not line.startswith("„"):
            found.append((start, end))
    return found


def _same_heading(when: When, heading) -> bool:
    return when.heading == heading


def _two(n: int | None) -> str:
    return "XX" if n is None else f"{n:02d}"


def _bc(n: int, width: int) -> str:
    return f"BC{-n:0{width}d}" if n < 0 else f"{n:0{width}d}"


def _year_text(year: int | None) -> str:
    if year is None:
        return "XXXX"
    return _bc(year, 4)


def _from_date(d: dt.date, gran: str = "D", time: str | None = None) -> When:
    if gran == "W":
        iso = d.isocalendar()
        return When("W", iso[0], week=iso[1])
    return When(
        gran,
        d.year,
        d.month if GRANULARITY[gran] >= 4 else None,
        d.day if gran in ("D", "T") else None,
        time=time,
    )


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + n
    return total // 12, total % 12 + 1


def _shift(anchor: When, n: float, unit: str, gran: str | None = None) -> When | None:
    """``anchor`` moved by ``n`` units, at the granularity of the unit (or ``gran``)."""
    gran = gran or UNIT_GRANULARITY[unit]
    if anchor.year is None:
        return None
    if not float(n).is_integer() and unit in _DURATION_SCALE:
        smaller, factor = _DURATION_SCALE[unit]
        if float(n * factor).is_integer() and smaller in ("M", "D", "Y"):
            n, unit = n * factor, smaller
            gran = (
                gran
                if GRANULARITY[gran] >= GRANULARITY[UNIT_GRANULARITY[smaller]]
                else (UNIT_GRANULARITY[smaller])
            )
    n_int = int(n) if float(n).is_integer() else None
    if unit in ("D", "W", "H", "M_TIME", "S"):
        base = anchor.date()
        if base is None and anchor.gran == "W" and anchor.week and anchor.year > 0:
            base = dt.date.fromisocalendar(anchor.year, anchor.week, anchor.weekday or 1)
        if base is None:
            return None
        days = {"D": 1, "W": 7}.get(unit, 0) * n
        try:
            moved = base + dt.timedelta(days=days)
        except OverflowError:
            return None
        return _from_date(moved, "W" if gran == "W" else "D")
    if n_int is None:
        return None
    if unit == "M":
        if anchor.month is None:
            return None
        year, month = _add_months(anchor.year, anchor.month, n_int)
        if gran == "D" and anchor.day:
            return When("D", year, month, anchor.day)
        return When("M", year, month)
    if unit == "Q":
        if anchor.month is None:
            return None
        year, month = _add_months(anchor.year, anchor.month, 3 * n_int)
        return When("Q", year, sub=f"Q{(month - 1) // 3 + 1}")
    years = {"Y": 1, "DE": 10, "CE": 100}[unit] * n_int
    year = _bc_add(anchor.year, years)
    if unit == "DE":
        return When("DE", year, decade=year // 10)
    if unit == "CE":
        return When("CE", year, century=year // 100)
    if gran == "D" and anchor.month and anchor.day:
        return When("D", year, anchor.month, anchor.day)
    if gran == "M" and anchor.month:
        return When("M", year, anchor.month)
    return When("Y", year)


def _bc_add(year: int, n: int) -> int:
    """Add years, skipping the year 0 (1 BC is followed by AD 1)."""
    moved = year + n
    if year < 0 < moved or (year < 0 and moved == 0):
        moved += 1
    elif year > 0 > moved or (year > 0 and moved == 0):
        moved -= 1
    return moved


# --------------------------------------------------------------------------- resources


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


VOCABULARY_FILE = "times.json"
PATTERNS_FILE = "times_patterns.tsv"


@cache
def vocabulary(lang: str) -> Vocabulary:
    """The compiled vocabulary and patterns of ``lang`` (from ``lang/<code>/``)."""
    return build_vocabulary(lang, load_json(lang, VOCABULARY_FILE), load_tsv(lang, PATTERNS_FILE))


def build_vocabulary(lang: str, raw: dict, rows) -> Vocabulary:
    """Compile times.json (``raw``) and the pattern rows; numbers come from ``lang``."""
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
        "DURREL": word_bound(_alternation(_with_endings(data["duration_relative"], ["e", "en"]))),
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
        "NUMWORD": r"(?<!\w)[A-Za-zÄÖÜäöüß]*?" + _alternation(number_words),
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
        year_cues=frozenset(data["year_cues"]),
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


# --------------------------------------------------------------------------- the component


@Language.factory(
    TIMES,
    assigns=["doc.spans"],
    default_config={
        "spans_key": TIMES,
        "anchoring": "auto",
        "overwrite": True,
        "split_tokens": True,
        "lang": None,
    },
)
class TimeTagger:
    """Finds temporal expressions and writes them to ``doc.spans[spans_key]``, each with
    ``span._.lagebild_timex = {"type": ..., "value": ..., "mod": ...}``."""

    def __init__(
        self,
        nlp: Language,
        name: str = TIMES,
        *,
        spans_key: str = TIMES,
        anchoring: str = "auto",
        overwrite: bool = True,
        split_tokens: bool = True,
        lang: str | None = None,
    ):
        if anchoring not in ANCHORINGS:
            raise ValueError(f"anchoring must be one of {ANCHORINGS}, not {anchoring!r}")
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.anchoring = anchoring
        self.overwrite = overwrite
        self.split_tokens = split_tokens
        self.lang = lang or nlp.lang
        self.vocab = vocabulary(self.lang)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        """Save the vocabulary and patterns, so that a saved pipeline needs no package data."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / VOCABULARY_FILE).write_text(
            json.dumps(self.vocab.raw, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (path / PATTERNS_FILE).write_text(
            "".join("\t".join(row) + "\n" for row in self.vocab.rows), encoding="utf-8"
        )

    def from_disk(self, path, *, exclude=()) -> TimeTagger:
        path = Path(path)
        if (path / VOCABULARY_FILE).exists() and (path / PATTERNS_FILE).exists():
            raw = json.loads((path / VOCABULARY_FILE).read_text(encoding="utf-8"))
            rows = [
                line.split("\t")
                for line in (path / PATTERNS_FILE).read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
            self.vocab = build_vocabulary(self.lang, raw, rows)
        return self

    def find(self, doc: Doc) -> list[Found]:
        """The temporal expressions of ``doc`` with their values (character offsets)."""
        reference = doc._.lagebild_published
        if isinstance(reference, dt.datetime):
            reference = reference.date()
        elif isinstance(reference, str):  # an ISO date survives msgpack (nlp.pipe(n_process=2))
            reference = dt.date.fromisoformat(reference[:10])
        return Resolver(self.vocab, doc, reference, self.anchoring).run()

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        if self.split_tokens:
            split_at(doc, [offset for item in found for offset in (item.start, item.end)])
        keep = self.spans_key in doc.spans and not self.overwrite
        spans = list(doc.spans[self.spans_key]) if keep else []
        taken = {(s.start, s.end) for s in spans}
        for item in found:
            span = doc.char_span(item.start, item.end, alignment_mode="expand")
            if span is None or (span.start, span.end) in taken:
                continue
            taken.add((span.start, span.end))
            span._.lagebild_timex = {"type": item.type, "value": item.value, "mod": item.mod}
            spans.append(span)
        doc.spans[self.spans_key] = spans


def split_at(doc: Doc, offsets) -> None:
    """Split the tokens that a character offset falls inside ("1939–1945", "3.–5."), so
    that every expression is a whole number of tokens."""
    starts = doc.to_array(IDX).tolist()
    cuts: dict[int, set[int]] = {}
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if i >= 0 and starts[i] < offset < starts[i] + len(doc[i]):
            cuts.setdefault(i, set()).add(offset - starts[i])
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(points), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
            retokenizer.split(token, orths, heads=[(token, k) for k in range(len(orths))])


# --------------------------------------------------------------------------- matching


@dataclass
class Candidate:
    start: int
    end: int
    name: str
    kind: str
    type: str
    groups: dict
    order: int
    fields: dict = field(default_factory=dict)


_WORD = re.compile(r"\w+")


def seed_positions(vocab: Vocabulary, text: str) -> tuple[list[int], dict[str, list[int]]]:
    """Word start offsets, and per seed class the indices of the words of that class."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter whose lower case is longer
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    starts = [m.start() for m in _WORD.finditer(lowered)]
    words = _WORD.findall(lowered)
    classes: dict[str, list[int]] = {}
    seed_words = vocab.seed_words
    for i, found in enumerate(map(seed_words.get, words)):
        if found:
            for cls in found:
                classes.setdefault(cls, []).append(i)
    classes["DIGIT"] = [bisect_right(starts, m.start()) - 1 for m in _DIGITS.finditer(text)]
    for regex, cls in vocab.seed_compounds:
        for m in regex.finditer(lowered):
            classes.setdefault(cls, []).append(bisect_right(starts, m.start()) - 1)
    return starts, classes


_DIGITS = re.compile(r"\d+")


def match_candidates(vocab: Vocabulary, text: str) -> list[Candidate]:
    """Every pattern's matches; of overlapping ones the longest, then the earliest pattern.

    A pattern is tried only where it can match: at the word starts up to ``reach`` words
    before a word of one of its seed classes (a month, a unit, a number...), which keeps
    the cost proportional to the temporal words of a text rather than its length."""
    starts, classes = seed_positions(vocab, text)
    found = []
    for order, pattern in enumerate(vocab.patterns):
        tried: set[int] = set()
        for cls in pattern.seeds:
            for i in classes.get(cls, ()):
                tried.update(range(max(0, i - pattern.reach), i + 1))
        match = pattern.regex.match
        for j in sorted(tried):
            m = match(text, starts[j])
            if m is None:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            start, end = (m.start("t"), m.end("t")) if "t" in groups else m.span()
            if start == end:
                continue
            found.append(
                Candidate(start, end, pattern.name, pattern.kind, pattern.type, groups, order)
            )
    found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    chosen: list[Candidate] = []
    used = bytearray(len(text) + 1)
    for cand in found:
        if any(used[cand.start : cand.end]):
            continue
        if not _plausible(vocab, text, cand):
            continue
        used[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen


_NEXT_WORD = re.compile(r"\s*([\w.]+)")
_PREV_WORD = re.compile(r"([\w.]+)\s*$")


def _plausible(vocab: Vocabulary, text: str, cand: Candidate) -> bool:
    """Checks a regex cannot make: numbers that must be number words, years that are counts."""
    g = cand.groups
    if "num" in g and _number(g["num"]) is None:
        return False
    if cand.kind == "duration" and "num" in g:
        if _norm(text[cand.start : cand.end]) in vocab.not_durations:
            return False
    if cand.name == "year":
        after = _NEXT_WORD.match(text, cand.end)
        if after and after.group(1).lower().rstrip(".") in vocab.counted:
            return False
        before = _PREV_WORD.search(text, max(0, cand.start - 30), cand.start)
        if (
            after
            and after.group(1)[:1].isupper()
            and not (before and before.group(1).lower().rstrip(".") in vocab.year_cues)
            and not _heading_or_range(text, cand.start)
        ):
            # "1500 Soldaten": a number before a noun is a count unless a year cue precedes
            next_text = after.group(1)
            if next_text.lower() not in vocab.months and not _sentence_start_after(text, cand.end):
                return False
    if cand.kind == "date" and "month" in g and not ({"day", "year", "mod"} & g.keys()):
        # "des Generalkonsuls August Ritter von Kral": a first name between two names
        before = _PREV_WORD.search(text, max(0, cand.start - 40), cand.start)
        after = _NEXT_WORD.match(text, cand.end)
        if (
            before
            and after
            and before.group(1)[:1].isupper()
            and after.group(1)[:1].isupper()
            and text[before.end() : cand.start].strip() == ""
            and not _sentence_start_after(text, before.end())
        ):
            return False
    if cand.kind == "date" and "day" in g and ("month" in g or "monthnum" in g):
        month = (
            int(g["monthnum"]) if "monthnum" in g else vocab.months[_norm(g["month"]).rstrip(".")]
        )
        if not 1 <= month <= 12 or int(g["day"]) > _DAYS_IN_MONTH[month]:
            return False  # "31. Februar", "35.13.2024"
    if "decade" in g and len(g["decade"]) not in (2, 3, 4):
        return False
    if cand.kind == "duration" and "unitig" in g and _number(g["num"]) is None:
        return False
    return True


_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _heading_or_range(text: str, start: int) -> bool:
    """A year opening a line or list item, in parentheses, or ending a range ("1890–1970")."""
    line = text[text.rfind("\n", 0, start) + 1 : start].strip(" \t*•·-–")
    return line == "" or line.endswith("(") or (start > 0 and text[start - 1] in "–-/")


def _sentence_start_after(text: str, end: int) -> bool:
    rest = text[end : end + 3]
    return rest[:1] in ".!?;:" or "\n" in rest


def _number(text: str) -> float | None:
    return parse_number(text)


# --------------------------------------------------------------------------- resolution


class Resolver:
    """Turns the candidates of one document into values, in text order."""

    def __init__(self, vocab: Vocabulary, doc: Doc, reference: dt.date | None, anchoring: str):
        self.vocab = vocab
        self.doc = doc
        self.text = doc.text
        self.reference = _from_date(reference) if reference else None
        self.reference_date = reference
        self.anchoring = anchoring
        self.history: list[When] = []
        self._token_starts = None

    def run(self) -> list[Found]:
        candidates = match_candidates(self.vocab, self.text)
        for cand in candidates:
            cand.fields = self.fields(cand)
        self.borrow(candidates)
        if self.anchoring == "auto":
            self.news = self._looks_like_news(candidates)
        else:
            self.news = self.anchoring == "news"
        found = []
        headings = iter(_headings(self.text))
        heading = next(headings, None)
        section: When | None = None  # the date of the current section's heading
        for cand in candidates:
            while heading is not None and heading[1] <= cand.start:
                # past a heading without a date: its section starts from the enclosing one's
                if section is not None:
                    self.history.append(section)
                heading = next(headings, None)
            type_, when, value, anchors = self.resolve(cand)
            if value is None and when is not None:
                value = when.value()
            if type_ is None:
                continue
            if anchors and when is not None and when.year is not None:
                in_heading = heading is not None and heading[0] <= cand.start < heading[1]
                if in_heading:
                    # the first date of a heading dates its section ("Nordafrika 1940–1943")
                    if section is None or not _same_heading(section, heading):
                        section = replace(when, heading=heading)
                        self.history.append(section)
                elif not (when.gran == "Y" and cand.name in _BARE_YEARS and self._aside(cand)):
                    self.history.append(when)
            mod = cand.fields.get("mod") if type_ in ("DATE", "TIME", "DURATION") else None
            found.append(Found(cand.start, cand.end, type_, value, mod, cand.name))
        self.appositions(candidates, found)
        return found

    # ---- fields: what the match says, before any anchoring

    def fields(self, cand: Candidate) -> dict:
        v, g = self.vocab, cand.groups
        f: dict = {}
        if "year" in g:
            f["year"] = int(g["year"])
            f["year_digits"] = len(g["year"])
        if "yearshort" in g:
            f["year"] = int(g["yearshort"])
            f["year_digits"] = 2
        if "era" in g:
            bc = _norm(g["era"]).replace(" ", "") in {
                e.lower().replace(" ", "") for e in v.data["era_bc"]
            }
            f["bc"] = bc
        if "month" in g:
            f["month"] = v.months[_norm(g["month"]).rstrip(".")]
        if "monthnum" in g:
            f["month"] = int(g["monthnum"])
        if "day" in g:
            f["day"] = int(g["day"])
        if "weekday" in g:
            f["weekday"] = v.weekdays[_norm(g["weekday"])]
        if "season" in g:
            f["season"] = v.lookup("seasons", g["season"])
        if "century" in g:
            f["century"] = int(g["century"])
        if "decade" in g:
            f["decade"] = g["decade"]
        if "decadeword" in g:
            word = _norm(g["decadeword"])[: -len(v.data["decade_suffix"])]
            f["decade"] = str(int(parse_number(word) or 0))
        if "partunit" in g:
            letter = v.lookup("parts_of_year", g["partunit"])
            n = int(g["partnum"]) if "partnum" in g else v.ordinals.get(_norm(g.get("ord", "")))
            f["sub"] = f"{letter}{n}" if n else None
        if "hour" in g:
            f["hour"] = int(g["hour"])
            f["minute"] = int(g.get("minute") or g.get("minute2") or 0)
        if "timeword" in g:
            f["clock"] = v.lookup("time_words", g["timeword"])
        part = g.get("part") or g.get("part2")
        if part:
            table = "part_suffixes" if cand.kind == "weekday" else "parts_of_day"
            f["part"] = v.lookup(table, part) or v.lookup("day_word_parts", part)
        if "partadverb" in g:
            f["part"] = v.lookup("parts_of_day", g["partadverb"])
        if "prep" in g:
            f["night_before"] = _norm(g["prep"]) in v.data["night_before_prepositions"]
        if "approx" in g:
            f["mod"] = v.lookup("approximately", g["approx"])
        if "mod" in g:
            f["mod"] = v.modifiers.get(_norm(g["mod"]))
        if "yearmod" in g:
            f["mod"] = v.lookup("year_compounds", g["yearmod"])
            f.setdefault("year_from_context", "year" not in f)
        rel = g.get("rel") or g.get("rel2") or g.get("relweek")
        if rel and cand.kind != "duration":
            f["rel"] = v.relative.get(_norm(rel))
        if "relday" in g:
            f["rel"] = (0, "previous")
        if "relnoun" in g:
            entry = v.lookup("relative_nouns", g["relnoun"])
            f["rel"] = (entry[0], entry[2])
            f["unit"] = entry[1]
            if len(entry) > 3:
                f["part"] = entry[3]
        if "unitthe" in g:  # "Ende des Jahres": this year in news, the story's in a narrative
            f["rel"] = (0, "reference")
            f["unit"] = v.units.get(_norm(g["unitthe"]), "Y")
        if "unit" in g:
            unit = g["unit"]
            f["unit"] = v.lookup("relative_units", unit) or v.units.get(_norm(unit))
            if f["unit"] is None:
                f["unit"] = _unit_of_compound(v, unit)
            f["plural"] = _norm(unit) in {_norm(u) for u in v.data["unit_plurals"]}
        if "unitlang" in g:
            f["unit"] = v.data["unit_compounds"]["lang"].get(_norm(g["unitlang"]))
        if "unitig" in g:
            f["unit"] = v.data["unit_compounds"]["ig"].get(_norm(g["unitig"]))
        if "num" in g:
            f["num"] = _number(g["num"])
        if "ord" in g and "partunit" not in g:
            f["ord"] = v.ordinals.get(_norm(g["ord"]))
        if "later" in g:
            f["later"] = v.data["later"].get(g["later"].lower(), 1)
        if "after" in g:
            f["later"] = 1
        if "precise" in g:
            f["precise"] = True
        if "dayword" in g:
            f["dayword"] = v.lookup("day_words", g["dayword"])
        if "vague" in g:
            f["vague"] = v.lookup("vague", g["vague"])
        if "setword" in g:
            f["set"] = v.data["unit_compounds"]["sets"].get(_norm(g["setword"]))
        if "weekdayset" in g:
            f["weekday"] = v.lookup("weekday_sets", g["weekdayset"])
        if "holiday" in g:
            f["holiday"] = v.lookup("holidays", g["holiday"])
        if "indef" in g or "since" in g:
            f["indefinite"] = True
        if "ago" in g:
            f["ago"] = True
        if "in" in g:
            f["in"] = True
        if "every" in g:
            f["every"] = True
        if "rel" in g and cand.kind == "duration":
            f["duration_rel"] = True
        return f

    def borrow(self, candidates: list[Candidate]) -> None:
        """Ranges and coordinations: "3. bis 5. Mai", "Mai/Juni 1940", "264–241 v. Chr."
        take the parts they lack from the next expression."""
        connector = re.compile(
            r"^\s*(?:"
            + "|".join(
                re.escape(c).replace("\\ ", r"\s+")
                for c in sorted(self.vocab.data["connectors"], key=len, reverse=True)
            )
            + r")\s*(?:(?:"
            + "|".join(self.vocab.data["apposition_articles"])
            + r")\s+)?$"
        )
        for left, right in zip(candidates, candidates[1:], strict=False):
            if left.kind not in ("date", "part") or right.kind not in ("date", "part"):
                continue
            between = self.text[left.end : right.start]
            if len(between) > 20 or not connector.match(between):
                continue
            lf, rf = left.fields, right.fields
            if "day" in lf and "month" not in lf and "month" in rf:
                lf["month"] = rf["month"]
            if (
                ("month" in lf or "season" in lf)
                and "year" not in lf
                and "year" in rf
                and ("day" in lf or "month" not in lf or "day" not in rf or True)
            ):
                if "month" not in lf or "month" not in rf or lf["month"] <= rf["month"]:
                    lf["year"], lf["year_digits"] = rf["year"], rf.get("year_digits", 4)
                    if "bc" in rf:
                        lf["bc"] = rf["bc"]
            if (
                "year" in lf
                and "bc" not in lf
                and rf.get("bc")
                and not any(k in lf for k in ("month", "day"))
            ):
                lf["bc"] = True

    def _aside(self, cand: Candidate) -> bool:
        """A year mentioned in passing ("bis 1915", "(1912)", "der Krieg 1870"), not as
        the time frame of what follows."""
        return self._aside_at(cand.start)

    def _aside_at(self, start: int) -> bool:
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 40) : start]
        partner = _RANGE_BEFORE.search(before)
        if partner:  # "1870/71", "1912–1913": as the first year of the range
            return self._aside_at(start - len(before) + partner.start())
        if before.count("(") > before.count(")"):
            return True
        word = _PREV_WORD.search(before)
        if word is None:
            return False
        previous = word.group(1)
        if previous.lower() in self.vocab.data["aside_year_cues"]:
            return True
        # after a noun, unless it is the start of the sentence or a year noun ("Jahr 1915")
        return (
            previous[:1].isupper()
            and previous.lower() not in self.vocab.year_cues
            and not _sentence_start_after(text, word.start())
            and _PREV_WORD.search(before, 0, word.start()) is not None
        )

    def _looks_like_news(self, candidates: list[Candidate]) -> bool:
        """News when the text's written years are mostly near the reference date (or it
        writes none); otherwise a narrative (history, a report on the past)."""
        if self.reference is None:
            return False
        years = [
            -c.fields["year"] if c.fields.get("bc") else c.fields["year"]
            for c in candidates
            if "year" in c.fields and (c.fields.get("year_digits", 0) >= 3 or c.fields.get("bc"))
        ]
        if not years:
            return True
        near = sum(abs(y - self.reference.year) <= 1 for y in years)
        # weekdays and "gestern" speak from the reference date, as news does
        deictic = any(
            (c.kind == "dayword" and c.fields.get("dayword"))
            or (c.kind in ("weekday", "weekend") and "rel" not in c.fields)
            or (
                c.kind == "relative"
                and c.fields.get("unit") == "W"
                and not c.fields.get("plural")
                and (c.fields.get("rel") or (0, ""))[1] == "reference"
            )
            for c in candidates
        )
        return deictic or near * 3 >= len(years)

    # ---- anchors

    def previous(self, gran: str = "Y") -> When | None:
        """The last date the text mentioned that is at least as fine as ``gran``."""
        need = GRANULARITY[gran]
        for when in reversed(self.history):
            if GRANULARITY.get(when.gran, 0) >= need and when.year is not None:
                if need >= GRANULARITY["D"] and when.date() is None and when.gran != "W":
                    continue
                return when
        return None

    def anchor(self, kind: str, gran: str = "Y") -> When | None:
        if kind == "reference" and self.news:
            return self.reference
        found = self.previous(gran)
        if found is None and kind == "reference" or found is None and self.news:
            return self.reference
        return found

    def tense(self, cand: Candidate) -> int:
        """+1 future, -1 past, 0 unknown: the nearest tense cue in the sentence."""
        doc = self.doc
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None:
            return 0
        if doc.has_annotation("SENT_START"):
            sent = span.sent
            lo, hi = sent.start, sent.end
        else:
            lo, hi = max(0, span.start - 15), min(len(doc), span.end + 15)
        best, best_distance = 0, 10**6
        for i in range(lo, hi):
            if span.start <= i < span.end:
                continue
            token = doc[i]
            word = token.lower_
            if word in self.vocab.tense_future:
                if (
                    word in self.vocab.passive
                    and i > 0
                    and doc[i - 1].is_lower
                    and (doc[i - 1].lower_.endswith("t"))
                ):
                    continue  # "zurückerobert werden": the passive
                cue = 1
            elif word in self.vocab.tense_past:
                cue = -1
            elif (
                token.is_lower
                and len(word) >= self.vocab.past_suffix_min
                and word.endswith(self.vocab.past_suffixes)
                and word not in self.vocab.not_past
                and not (i > 0 and doc[i - 1].lower_ in self.vocab.articles)
            ):
                cue = -1
            else:
                continue
            distance = min(abs(i - span.start), abs(i - (span.end - 1)))
            # a listed cue beats the -te heuristic at the same distance
            if distance < best_distance:
                best, best_distance = cue, distance
        return best

    # ---- values

    def resolve(self, cand: Candidate):
        """(type, When or None, value or None, whether it anchors what follows)."""
        f, kind = cand.fields, cand.kind
        method = getattr(self, f"_{kind}")
        return method(cand, f)

    def _date(self, cand, f):
        if "holiday" in f:
            month, day = (int(x) for x in f["holiday"].split("-"))
            f = {**f, "month": month, "day": day}
        if "century" in f:
            century = f["century"] - 1
            if f.get("bc"):
                century = -(f["century"] - 1)
                return "DATE", When("CE", century=century), (f"BC{f['century'] - 1:02d}"), True
            return "DATE", When("CE", century=century), None, False
        if "decade" in f:
            return self._decade(cand, f)
        year = self._year(cand, f)
        if "sub" in f and f["sub"]:
            return "DATE", When(f["sub"][0], year, sub=f["sub"]), None, year is not None
        if "season" in f:
            return "DATE", When("S", year, sub=f["season"]), None, year is not None
        if "month" in f:
            if "day" in f:
                time = None
                if "hour" in f:
                    time = f"{f['hour']:02d}:{f['minute']:02d}"
                    return "TIME", When("D", year, f["month"], f["day"], time=time), None, True
                return "DATE", When("D", year, f["month"], f["day"]), None, True
            return "DATE", When("M", year, f["month"]), None, True
        if "day" in f:
            # "am 24." after a month: that month (of the last date)
            last = self.previous("M")
            if last is not None and last.month is not None:
                return "DATE", When("D", last.year, last.month, f["day"]), None, True
            return "DATE", When("D", year, None, f["day"]), None, False
        if f.get("year_from_context") and year is None:
            return "DATE", When("Y", None), None, False
        return "DATE", When("Y", year), None, True

    def _year(self, cand, f) -> int | None:
        """The year: written, completed from context (two digits), or inferred."""
        if "year" in f:
            year = f["year"]
            if f.get("bc"):
                return -year
            if "bc" not in f and year < 1000 and f.get("year_digits") != 2:
                # "das Jahr 149" in a text about antiquity: the era of the last date
                last = self.previous("Y")
                if last is not None and last.year is not None and last.year < 0:
                    return -year
            if f.get("year_digits") == 2:
                base = self.previous("Y") or self.reference
                if base is None or base.year is None or base.year <= 0:
                    return None
                full = base.year // 100 * 100 + year
                # "1.9.39" read in 2024 is 1939: two-digit years lie in the past, or close
                return full - 100 if full > base.year + 10 else full
            return year
        rel = f.get("rel")
        if rel:
            anchor = self.anchor(rel[1], "Y")
            if anchor is None or anchor.year is None:
                return None
            return _bc_add(anchor.year, rel[0]) if rel[0] else anchor.year
        if "month" in f or "season" in f or f.get("year_from_context"):
            return self._year_of_month(cand, f)
        return None

    def _year_of_month(self, cand, f) -> int | None:
        """A month, day or season without a year: from the text's last year (narrative) or
        the reference date and the tense (news)."""
        if not self.news:
            anchor = self.previous("Y") or self.reference
            return anchor.year if anchor else None
        ref = self.reference
        if ref is None:
            return None
        if f.get("year_from_context") or "month" not in f and "season" not in f:
            return ref.year
        month = f["month"] if "month" in f else SEASON_MONTHS[f["season"]][0]
        if month == ref.month:
            return ref.year
        tense = self.tense(cand)
        if tense > 0 and month < ref.month:
            return ref.year + 1
        if tense < 0 and month > ref.month:
            return ref.year - 1
        return ref.year

    def _decade(self, cand, f):
        digits = f["decade"]
        n = int(digits)
        if f.get("bc"):
            return "DATE", When("DE", decade=-(n // 10)), None, False
        if len(digits) == 2:
            base = self.reference or self.previous("Y")
            year = base.year if base and base.year else 1999
            century = year // 100
            if century * 100 + n > year - 10:
                century -= 1
            n = century * 100 + n
        return "DATE", When("DE", n, decade=n // 10), None, False

    def _time(self, cand, f):
        clock = f.get("clock") or f"{f['hour']:02d}:{f['minute']:02d}"
        anchor = self.previous("D") if not self.news else (self.previous("D") or self.reference)
        if anchor is None or anchor.date() is None:
            return "TIME", None, f"XXXX-XX-XXT{clock}", False
        return "TIME", When("D", anchor.year, anchor.month, anchor.day, time=clock), None, False

    def _weekday(self, cand, f):
        weekday = f["weekday"]
        part = f.get("part")
        type_ = "TIME" if part else "DATE"
        rel = f.get("rel")
        if "relweek" in cand.groups and rel:
            anchor = self.anchor(rel[1], "D")
            if anchor is None or anchor.date() is None:
                return type_, None, f"XXXX-WXX-{weekday}", False
            base = anchor.date() + dt.timedelta(weeks=rel[0])
            monday = base - dt.timedelta(days=base.weekday())
            day = monday + dt.timedelta(days=weekday - 1)
            return type_, _from_date(day, "D", part), None, True
        anchor = None if self.news else self.previous("D")
        if anchor is None:  # news, or a narrative that has not named a day yet
            anchor = self.reference
            direction = rel[0] if rel else None
        else:  # a narrative moves forward from its last day
            direction = rel[0] if rel else 1
            if direction == 0:
                direction = 1
        if anchor is None or anchor.date() is None:
            return type_, None, f"XXXX-WXX-{weekday}" + (f"T{part}" if part else ""), False
        base = anchor.date()
        delta = weekday - base.isoweekday()
        if direction is None:
            if delta == 0:
                direction = 0
            else:
                direction = 1 if self.tense(cand) > 0 else -1
        if direction > 0:
            delta = delta % 7 or (7 if rel or self.news else 0)
        elif direction < 0:
            delta = -((-delta) % 7 or 7)
        day = base + dt.timedelta(days=delta)
        if f.get("night_before"):  # "in der Nacht zum Dienstag": Monday night
            day -= dt.timedelta(days=1)
        return type_, _from_date(day, "D", part), None, True

    def _weekend(self, cand, f):
        """ "am Wochenende": the last one or the next one, by tense."""
        anchor = self.reference if self.news else (self.previous("D") or self.reference)
        if anchor is None or anchor.date() is None:
            return "DATE", None, "XXXX-WXX-WE", False
        base = anchor.date()
        if base.isoweekday() < 6 and self.tense(cand) <= 0:
            base -= dt.timedelta(weeks=1)  # on a weekday, the past weekend unless future
        iso = base.isocalendar()
        return "DATE", None, f"{iso[0]:04d}-W{iso[1]:02d}-WE", False

    def _part(self, cand, f):
        part = f.get("part")
        if "day" in f:
            year = self._year(cand, f) if "month" in f else None
            if "month" not in f:
                anchor = self.previous("M")
                if anchor is None:
                    return "TIME", None, f"XXXX-XX-{f['day']:02d}T{part}", False
                year, month = anchor.year, anchor.month
            else:
                month = f["month"]
            when = When("D", year, month, f["day"], time=part)
            if f.get("night_before") and when.date():
                when = _from_date(when.date() - dt.timedelta(days=1), "D", part)
            return "TIME", when, None, True
        rel = f.get("rel") or (0, "previous")
        anchor = (
            self.anchor(rel[1], "D")
            if rel[1] == "reference"
            else (self.previous("D") or (self.reference if self.news else None))
        )
        if anchor is None or anchor.date() is None:
            return "TIME", None, f"XXXX-XX-XXT{part}", False
        day = anchor.date() + dt.timedelta(days=rel[0])
        return "TIME", _from_date(day, "D", part), None, False

    def _dayword(self, cand, f):
        offset = f["dayword"]
        part = f.get("part")
        type_ = "TIME" if part else "DATE"
        if offset == 0 and not part and not self.news:
            # in a history text "heute" is the present age ("Mukden (heute Shenyang)")
            return type_, None, "PRESENT_REF", False
        if self.reference is None:
            return (
                type_,
                None,
                "PRESENT_REF"
                if offset == 0 and not part
                else ("XXXX-XX-XX" + (f"T{part}" if part else "")),
                False,
            )
        day = self.reference_date + dt.timedelta(days=offset)
        return type_, _from_date(day, "D", part), None, self.news

    def _relative(self, cand, f):
        offset, anchor_kind = f.get("rel") or (0, "previous")
        unit = f.get("unit") or "Y"
        if f.get("plural") and offset:
            # "in den kommenden Wochen", "in den folgenden Monaten": a stretch of unknown length
            return "DURATION", None, _duration_value("X", unit), False
        if unit in ("H", "M_TIME", "S"):
            unit = "D"
        gran = {"WE": "W"}.get(unit, UNIT_GRANULARITY.get(unit, "Y"))
        anchor = self.anchor(anchor_kind, gran)
        if anchor is None:
            return "DATE", None, _unknown(gran), False
        if unit == "WE":
            when = _shift(anchor, offset, "W", "W")
            if when is not None:
                when = replace(when, sub=None)
                return "DATE", when, when.value() + "-WE", False
        when = _shift(anchor, offset, unit, gran) if offset else _coarsen(anchor, gran)
        if when is None:
            return "DATE", None, _unknown(gran), False
        if "part" in f:
            when = replace(when, time=f["part"])
            return "TIME", when, None, False
        # a look back ("im Vorjahr", "im vergangenen Jahr") leaves the story where it was
        return "DATE", when, None, offset >= 0

    def _offset(self, cand, f):
        """ "zwei Tage später", "ein Jahr zuvor", "nach drei Wochen": from the last date,
        in days when the last date is a day and the unit is days or weeks."""
        n = f.get("num", 1) or 1
        unit = f["unit"]
        sign = f.get("later", 1)
        gran = UNIT_GRANULARITY.get(unit, "Y")
        if gran == "W":
            gran = "D"
        anchor = self.previous(gran) or (self.reference if self.news else None)
        if anchor is None:
            anchor = self.previous("Y")
            if anchor is None:
                return "DATE", None, _unknown(gran), False
            gran = anchor.gran
        when = _shift(anchor, sign * n, unit, gran)
        if when is None:
            return "DATE", None, _unknown(gran), False
        return "DATE", when, None, sign > 0

    def _ordinal(self, cand, f):
        unit = f.get("unit") or "Y"
        gran = UNIT_GRANULARITY.get(unit, "Y")
        anchor = self.previous(gran)
        if anchor is None:
            return "DATE", None, _unknown(gran), False
        when = _shift(anchor, (f.get("ord") or 1) - 1, unit, gran)
        if when is None:
            return "DATE", None, _unknown(gran), False
        return "DATE", when, None, False

    def _ago(self, cand, f):
        n, unit = f["num"], f["unit"]
        gran = UNIT_GRANULARITY.get(unit, "Y")
        if f.get("precise"):
            gran = "D"
        anchor = self.reference if self.news else (self.previous(gran) or self.reference)
        if anchor is None:
            return "DATE", None, _unknown(gran), False
        when = _shift(anchor, -n, unit, gran)
        if when is None:
            return "DATE", None, _unknown(gran), False
        return "DATE", when, None, False

    def _in(self, cand, f):
        """ "in zwei Wochen" ahead of the reference date; "in acht Stunden (erledigt)",
        or in a narrative or the past tense, a duration."""
        n, unit = f["num"], f["unit"]
        short = unit in _TIME_UNIT_LETTERS
        if short or not self.news or self.tense(cand) < 0 or self.reference is None:
            start = cand.groups and self.text.find(cand.groups["num"], cand.start)
            cand.start = start if start >= 0 else cand.start
            return self._duration(cand, f)
        gran = UNIT_GRANULARITY.get(unit, "Y")
        when = _shift(self.reference, n, unit, gran)
        if when is None:
            return "DATE", None, _unknown(gran), False
        return "DATE", when, None, False

    def _duration(self, cand, f):
        unit = f.get("unit")
        if unit is None:
            return None, None, None, False
        if f.get("indefinite") or "num" not in f:
            return "DURATION", None, _duration_value("X", unit), False
        return "DURATION", None, _duration_value(f["num"], unit), False

    def _set(self, cand, f):
        if "set" in f:
            return "SET", None, f["set"], False
        if "weekday" in f:
            return "SET", None, f"XXXX-WXX-{f['weekday']}", False
        n = f.get("num", 1)
        return "SET", None, _duration_value(n, f["unit"]), False

    def _vague(self, cand, f):
        if "vague" in f:
            return "DATE", None, f["vague"], False
        # "vor Jahren", "Jahre zuvor"; "Wochen später"
        return "DATE", None, "FUTURE_REF" if f.get("later", -1) > 0 else "PAST_REF", False

    def appositions(self, candidates: list[Candidate], found: list[Found]) -> None:
        """A weekday next to a full date ("Dienstag (26.11.2024)", "Montag, 3. März")
        takes the date's value."""
        articles = "|".join(self.vocab.data["apposition_articles"])
        apposition = re.compile(rf"^\s*(?:[,(]\s*)?(?:(?:{articles})\s+)?$")
        for i in range(len(found) - 1):
            left, right = found[i], found[i + 1]
            if candidates[i].kind != "weekday" or candidates[i].fields.get("part"):
                continue
            if (
                right.value
                and re.match(r"^\d{4}-\d{2}-\d{2}$", right.value or "")
                and apposition.match(self.text[left.end : right.start])
            ):
                left.value = right.value


def _unit_of_compound(vocab: Vocabulary, word: str) -> str | None:
    """The unit a compound ends in ("Kriegsjahr": a year)."""
    lowered = word.lower()
    for unit in sorted(vocab.units, key=len, reverse=True):
        if lowered.endswith(unit):
            return vocab.units[unit]
    return None


def _coarsen(anchor: When, gran: str) -> When | None:
    if anchor.year is None:
        return None
    if gran == "W":
        d = anchor.date()
        if d is None:
            return anchor if anchor.gran == "W" else None
        return _from_date(d, "W")
    if gran == "D":
        return anchor if anchor.date() else None
    if gran == "M":
        return When("M", anchor.year, anchor.month) if anchor.month else None
    if gran == "Q":
        return (
            When("Q", anchor.year, sub=f"Q{(anchor.month - 1) // 3 + 1}") if anchor.month else None
        )
    if gran == "DE":
        return When("DE", anchor.year, decade=anchor.year // 10)
    if gran == "CE":
        return When("CE", anchor.year, century=anchor.year // 100)
    return When("Y", anchor.year)


def _unknown(gran: str) -> str:
    return {
        "D": "XXXX-XX-XX",
        "W": "XXXX-WXX",
        "M": "XXXX-XX",
        "Q": "XXXX-QX",
        "Y": "XXXX",
        "DE": "XXX",
        "CE": "XX",
    }.get(gran, "XXXX")


_DURATION_SCALE = {
    "Y": ("M", 12),
    "M": ("D", 30),
    "W": ("D", 7),
    "D": ("H", 24),
    "DE": ("Y", 10),
    "CE": ("Y", 100),
    "Q": ("M", 3),
    "H": ("M_TIME", 60),
}


_RANGE_BEFORE = re.compile(r"\d{2,4}\s*[/–-]\s*$")
_BARE_YEARS = frozenset({"year", "year_short", "year_era", "year_before_era_range"})

_TIME_UNIT_LETTERS = {"H": "H", "M_TIME": "M", "S": "S"}


def _duration_value(n, unit: str) -> str:
    """P3D, PT2H, P18M for anderthalb Jahre, PXY for an unknown amount."""
    if n != "X" and not float(n).is_integer():
        smaller, factor = _DURATION_SCALE.get(unit, (None, 1))
        if smaller and float(n * factor).is_integer():
            n, unit = n * factor, smaller
    amount = "X" if n == "X" else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    if unit == "Q":
        return f"P{amount}Q" if amount == "X" else f"P{int(n) * 3}M"
    if unit in _TIME_UNIT_LETTERS:
        return f"PT{amount}{_TIME_UNIT_LETTERS[unit]}"
    if unit == "WE":
        return f"P{amount}WE"
    return f"P{amount}{unit}"
