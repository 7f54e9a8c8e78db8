"""TIMEX3 values: a point on the calendar (``When``), a found expression (``Found``) and
the strings TIMEX3 writes for them (dates, unknown digits, durations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def _two(n: int | None) -> str:
    return "XX" if n is None else f"{n:02d}"


def _bc(n: int, width: int) -> str:
    return f"BC{-n:0{width}d}" if n < 0 else f"{n:0{width}d}"


def _year_text(year: int | None) -> str:
    if year is None:
        return "XXXX"
    return _bc(year, 4)


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
