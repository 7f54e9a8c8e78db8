"""The readable summary of an Analysis (``--format text``): counts, then each non-empty
layer as a compact, aligned list."""

from __future__ import annotations

from .analysis import Analysis, Quantity

MAX_QUOTE = 90


def render_text(analysis: Analysis, location: str) -> str:
    doc = analysis.document
    published = doc.published or "no date"
    lines = [
        f"{location}  ({doc.language}, published {published}, {analysis.pipeline.name} "
        f"{analysis.pipeline.version})",
        "  " + " · ".join(_counts(analysis)),
    ]
    for title, rows in _layers(analysis):
        if rows:
            lines += ["", f"{title} ({len(rows)})", *_aligned(rows)]
    return "\n".join(lines) + "\n"


def _counts(analysis: Analysis) -> list[str]:
    return [
        f"{len(analysis.sentences)} sentences",
        f"{len(analysis.mentions)} mentions of {len(analysis.entities)} entities",
        f"{len(analysis.times)} times",
        f"{len(analysis.quantities)} quantities",
        f"{len(analysis.quotes)} quotes",
        f"{len(analysis.events)} events",
    ]


def _layers(analysis: Analysis) -> list[tuple[str, list[tuple[str, ...]]]]:
    mentions_of: dict[str, int] = {}
    for mention in analysis.mentions:
        if mention.entity and mention.kind != "part":  # a compound part is no mention of its own
            mentions_of[mention.entity] = mentions_of.get(mention.entity, 0) + 1
    names = {entity.id: entity.name for entity in analysis.entities}
    return [
        (
            "Entities",
            [
                (
                    e.type,
                    e.name,
                    f"×{mentions_of.get(e.id, 0)}",
                    _aliases(e.name, e.aliases),
                )
                for e in analysis.entities
            ],
        ),
        ("Times", [(t.type, t.value or "?", t.text) for t in analysis.times]),
        (
            "Quantities",
            [(q.kind, _amount(q), q.text) for q in analysis.quantities],
        ),
        (
            "Quotes",
            [
                (
                    q.kind,
                    names.get(q.speaker or "", q.speaker_text or "?"),
                    q.cue.text if q.cue else "",
                    _shorten(q.text),
                )
                for q in analysis.quotes
            ],
        ),
        (
            "Events",
            [
                (
                    e.type + (f" ({e.modality})" if e.modality else ""),
                    names.get(e.actor or "", e.actor_text or "?")
                    + " → "
                    + names.get(e.recipient or "", e.recipient_text or "–"),
                    e.time or "",
                    names.get(e.location or "", ""),
                    e.trigger.text,
                )
                for e in analysis.events
            ],
        ),
        (
            "Checks",
            [(c.kind, " / ".join(dict.fromkeys(s.text for s in c.spans))) for c in analysis.checks],
        ),
    ]


def _aliases(name: str, aliases: list[str]) -> str:
    others = [a for a in aliases if a != name]
    return "— " + ", ".join(others) if others else ""


BOUND_SIGNS = {"lower": "≥ ", "upper": "≤ "}


def _amount(quantity: Quantity) -> str:
    """'≥ 7 500 km', '≈ 20 Abkommen', '10–20 percent'."""
    sign = BOUND_SIGNS.get(quantity.bound or "", "≈ " if quantity.approx else "")
    amount = _number(quantity.value)
    if quantity.value_max is not None:
        amount += "–" + _number(quantity.value_max)
    return sign + amount + (f" {quantity.unit}" if quantity.unit else "")


def _number(value: float | int) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", " ")
    return f"{value:g}"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    """Every column but the last padded to its widest cell."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[-1]]).rstrip())
    return lines
