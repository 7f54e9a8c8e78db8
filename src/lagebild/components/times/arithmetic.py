"""Calendar arithmetic on ``When``: moving by a number of units, coarsening to a
granularity, counting years across the missing year 0."""

from __future__ import annotations

import datetime as dt

from .timex import _DURATION_SCALE, GRANULARITY, UNIT_GRANULARITY, When


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
