"""What a match says, before any anchoring: the named groups of a candidate read into
fields (year, month, unit, offset...), and ranges that borrow what they lack."""

from __future__ import annotations

import re

from ...numbers import parse_number
from .matching import Candidate, _number
from .vocabulary import Vocabulary, _norm


def read_fields(vocab: Vocabulary, cand: Candidate) -> dict:
    """What a match says, before any anchoring: its named groups read through the vocabulary."""
    v, g = vocab, cand.groups
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
        f["decade"] = str(int(parse_number(word, vocab=v.numbers) or 0))
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
        f["num"] = _number(v, g["num"])
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


def borrow(vocab: Vocabulary, text: str, candidates: list[Candidate]) -> None:
    """Ranges and coordinations: "3. bis 5. Mai", "Mai/Juni 1940", "264–241 v. Chr."
    take the parts they lack from the next expression."""
    connector = re.compile(
        r"^\s*(?:"
        + "|".join(
            re.escape(c).replace("\\ ", r"\s+")
            for c in sorted(vocab.data["connectors"], key=len, reverse=True)
        )
        + r")\s*(?:(?:"
        + "|".join(vocab.data["apposition_articles"])
        + r")\s+)?$"
    )
    for left, right in zip(candidates, candidates[1:], strict=False):
        if left.kind not in ("date", "part") or right.kind not in ("date", "part"):
            continue
        between = text[left.end : right.start]
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


def _unit_of_compound(vocab: Vocabulary, word: str) -> str | None:
    """The unit a compound ends in ("Kriegsjahr": a year)."""
    lowered = word.lower()
    for unit in sorted(vocab.units, key=len, reverse=True):
        if lowered.endswith(unit):
            return vocab.units[unit]
    return None
