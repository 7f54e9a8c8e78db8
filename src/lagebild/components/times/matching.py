"""Finding expressions: every pattern tried where a seed word makes a match possible, the
longest of overlapping matches kept, and the checks a regex cannot make."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ...numbers import parse_number
from .vocabulary import Vocabulary, _norm


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
    if "num" in g and _number(vocab, g["num"]) is None:
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
            and vocab.language.marks_noun(after.group(1))
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
            and vocab.language.marks_noun(before.group(1))
            and vocab.language.marks_noun(after.group(1))
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
    if cand.kind == "duration" and "unitig" in g and _number(vocab, g["num"]) is None:
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


def _number(vocab: Vocabulary, text: str) -> float | None:
    return parse_number(text, vocab=vocab.numbers)
