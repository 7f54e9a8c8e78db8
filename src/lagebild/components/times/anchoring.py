"""Anchoring: the dates a relative expression is read from (the reference date, the last
date the text mentioned, a heading's date), whether a text reads as news, and tense."""

from __future__ import annotations

import re

from .matching import _PREV_WORD, Candidate, _sentence_start_after
from .timex import GRANULARITY, When

_HEADING = re.compile(r"^[^\S\n]*(\S[^\n]{0,78}?)[^\S\n]*$", re.M)

_END_PUNCTUATION = tuple('.!?:;,"“”«»')


def _headings(text: str, quote_marks: tuple[str, ...]) -> list[tuple[int, int]]:
    """Lines that look like headings: short, standing alone, without final punctuation,
    not opening a quotation (``quote_marks``)."""
    found = []
    for m in _HEADING.finditer(text):
        line = m.group(1)
        start, end = m.span(1)
        alone = (start < 2 or text[start - 2 : start].count("\n") >= 1) and "\n" in text[
            end : end + 2
        ]
        if alone and not line.endswith(_END_PUNCTUATION) and not line.startswith(quote_marks):
            found.append((start, end))
    return found


def _same_heading(when: When, heading) -> bool:
    return when.heading == heading


_RANGE_BEFORE = re.compile(r"\d{2,4}\s*[/–-]\s*$")

_BARE_YEARS = frozenset({"year", "year_short", "year_era", "year_before_era_range"})


class Anchoring:
    """The anchors of a ``Resolver``: its ``history`` of dates, its ``reference`` date and
    whether the text reads as ``news``."""

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
            self.vocab.language.marks_noun(previous)
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
                    and self.vocab.language.marks_non_noun(doc[i - 1].text)
                    and doc[i - 1].lower_.endswith(self.vocab.participle_endings)
                ):
                    continue  # "zurückerobert werden": the passive
                cue = 1
            elif word in self.vocab.tense_past:
                cue = -1
            elif (
                self.vocab.language.marks_non_noun(token.text)
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
