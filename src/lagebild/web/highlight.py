"""An article's text with every layer of its Analysis marked up, as safe HTML.

The layers overlap freely (a quote holds mentions and times, a quote may run over two
sentences), but HTML elements must nest. So the text is cut at every span boundary and
the open elements form a stack: where a span ends under another that goes on, the other
is closed and reopened (a *continuation*, marked ``data-cont``), so the markup is always
well-formed. Every piece of article text and every attribute value goes through
``markupsafe.escape``; the article can never inject markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote as url_quote

from markupsafe import Markup, escape

# Outer layers first: when two spans start together, the longer opens first; on a tie
# the lower rank does (a sentence holds a quote holds a mention).
RANK = {"sentence": 0, "quote": 1, "cue": 2, "event": 3, "mention": 4, "time": 4, "quantity": 4}


@dataclass
class Span:
    start: int
    end: int
    layer: str
    tag: str = "span"
    attrs: dict[str, str] = field(default_factory=dict)
    # shown after the span's last piece: a time's value, a quantity's normal form
    label: str | None = None


def entity_href(kb_id: str | None) -> str | None:
    return f"/entities/{url_quote(kb_id, safe='')}" if kb_id else None


def quantity_label(q: dict) -> str:
    """A quantity in normal form: ``≈ 26000000000 USD``, ``10–20 %``, ``≥ 3 km``."""
    unit = q.get("unit") or ""
    unit = {"percent": "%", "pp": "pp"}.get(unit, unit)
    value = _number(q["value"])
    if q.get("value_max") is not None:
        value = f"{value}–{_number(q['value_max'])}"
    prefix = {"lower": "≥ ", "upper": "≤ "}.get(q.get("bound") or "", "")
    if q.get("approx"):
        prefix = "≈ " + prefix
    return f"{prefix}{value} {unit}".strip()


def _number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else f"{value:g}"


def time_label(t: dict) -> str:
    value = t.get("value") or "?"
    return f"{t['mod']} {value}" if t.get("mod") else value


def layer_spans(analysis: dict, href: Callable[[str | None], str | None] = entity_href) -> list:
    """Every highlightable span of an Analysis dict, each with its tag and attributes."""
    entities = {e["id"]: e for e in analysis.get("entities", [])}

    def name_of(entity_id: str | None, fallback: str | None = None) -> str:
        entity = entities.get(entity_id or "")
        return entity["name"] if entity else (fallback or "?")

    spans = [
        Span(s["start"], s["end"], "sentence", attrs={"class": "s", "id": f"s{i}"})
        for i, s in enumerate(analysis.get("sentences", []))
    ]
    for m in analysis.get("mentions", []):
        entity = entities.get(m.get("entity") or "")
        link = href(entity.get("kb_id")) if entity else None
        kind = m.get("kind") or "name"
        title = f"{m['type']} · {entity['name']}" if entity else m["type"]
        attrs = {"class": f"ent ent-{m['type']} kind-{kind}", "title": title}
        if link:
            attrs["href"] = link
        spans.append(Span(m["start"], m["end"], "mention", "a" if link else "span", attrs))
    for t in analysis.get("times", []):
        label = time_label(t)
        attrs = {"class": f"time time-{t['type']}", "title": f"{t['type']} {label}"}
        spans.append(Span(t["start"], t["end"], "time", attrs=attrs, label=label))
    for q in analysis.get("quantities", []):
        label = quantity_label(q)
        attrs = {"class": f"qty qty-{q['kind']}", "title": f"{q['kind']} {label}"}
        spans.append(Span(q["start"], q["end"], "quantity", attrs=attrs, label=label))
    for i, q in enumerate(analysis.get("quotes", [])):
        speaker = name_of(q.get("speaker"), q.get("speaker_text"))
        cue = (q.get("cue") or {}).get("text")
        title = f"{speaker} · {cue}" if cue else speaker
        attrs = {"class": f"quote quote-{q['kind']}", "id": f"q{i}", "title": title}
        spans.append(Span(q["start"], q["end"], "quote", attrs=attrs, label=f"— {speaker}"))
        if q.get("cue"):
            spans.extend(_cue_spans(analysis["document"]["text"], q["cue"]))
    for i, e in enumerate(analysis.get("events", [])):
        actor = name_of(e.get("actor"), e.get("actor_text"))
        recipient = name_of(e.get("recipient"), e.get("recipient_text"))
        label = f"{e['type']}: {actor} → {recipient}"
        attrs = {"class": "event", "id": e.get("id") or f"v{i}", "title": label}
        trigger = e["trigger"]
        spans.append(Span(trigger["start"], trigger["end"], "event", "mark", attrs, label))
    return spans


def _cue_spans(text: str, cue: dict) -> list[Span]:
    """A separated cue ("teilte ... mit") is marked part by part, not the words between."""
    spans, pos = [], cue["start"]
    for part in cue["text"].split(" ... "):
        found = text.find(part, pos, cue["end"])
        if not part or found < 0:
            continue
        spans.append(Span(found, found + len(part), "cue", attrs={"class": "cue"}))
        pos = found + len(part)
    return spans


def highlight(analysis: dict, href: Callable[[str | None], str | None] = entity_href) -> Markup:
    """The document text of ``analysis`` as HTML with every layer marked up."""
    return render(analysis["document"]["text"], layer_spans(analysis, href))


def render(text: str, spans: list[Span]) -> Markup:
    # stored spans are data, not trusted: drop empty or out-of-range ones
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starting: dict[int, list[Span]] = {}
    for s in sorted(spans, key=lambda s: (s.start, -s.end, RANK.get(s.layer, 9))):
        starting.setdefault(s.start, []).append(s)
    bounds = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for point in bounds:
        out.append(escape(text[pos:point]))
        pos = point
        _close_ending(point, stack, out)
        for s in starting.get(point, []):
            out.append(_open(s, stack, continued=False))
            stack.append(s)
    return Markup("".join(out))


def _close_ending(point: int, stack: list[Span], out: list[str]) -> None:
    """Close the spans that end at ``point``; reopen those above them that go on."""
    if not any(s.end == point for s in stack):
        return
    reopen = []
    while any(s.end == point for s in stack):
        s = stack.pop()
        out.append(f"</{_tag(s, stack)}>")
        if s.end == point:
            if s.label:
                out.append(f'<span class="val val-{s.layer}">{escape(s.label)}</span>')
        else:
            reopen.append(s)
    for s in reversed(reopen):
        out.append(_open(s, stack, continued=True))
        stack.append(s)


def _tag(span: Span, below: list[Span]) -> str:
    # a link inside a link is not valid HTML: the inner one becomes a plain span
    if span.tag == "a" and any(s.tag == "a" for s in below):
        return "span"
    return span.tag


def _open(span: Span, stack: list[Span], continued: bool) -> str:
    attrs = dict(span.attrs)
    if continued:
        attrs.pop("id", None)  # an id names the first piece only
        attrs["data-cont"] = "1"
    tag = _tag(span, stack)
    if tag != "a":
        attrs.pop("href", None)
    rendered = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    return f"<{tag}{rendered}>"
