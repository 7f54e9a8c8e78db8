"""Resolving values: each candidate, in text order, turned into a TIMEX3 type and value
against its anchor; the dates found become the anchors of what follows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Doc

from .anchoring import _BARE_YEARS, Anchoring, _headings, _same_heading
from .arithmetic import _bc_add, _coarsen, _from_date, _shift
from .fields import borrow, read_fields
from .matching import Candidate, match_candidates
from .timex import _TIME_UNIT_LETTERS, UNIT_GRANULARITY, Found, When, _duration_value, _unknown
from .vocabulary import Vocabulary

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


class Resolver(Anchoring):
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
            cand.fields = read_fields(self.vocab, cand)
        borrow(self.vocab, self.text, candidates)
        if self.anchoring == "auto":
            self.news = self._looks_like_news(candidates)
        else:
            self.news = self.anchoring == "news"
        found = []
        headings = iter(_headings(self.text, self.vocab.language.opening_quote_marks))
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
