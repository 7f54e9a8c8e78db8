"""Small charts drawn on the server as SVG: no script, readable without JavaScript.

A bar chart of counts over time (an entity's mentions by month, events by day) needs no
library; every label is escaped like any other text.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def series(rows: list[dict], label: str, value: str) -> list[tuple[str, int]]:
    return [(str(r[label]), int(r[value] or 0)) for r in rows]


def bars(
    series: list[tuple[str, int]],
    title: str,
    width: int = 640,
    height: int = 140,
    hrefs: list[str | None] | None = None,
) -> Markup:
    """Vertical bars, one per (label, count), labelled at the ends and on hover."""
    if not series:
        return Markup("")
    top = max(count for _, count in series) or 1
    pad_left, pad_bottom, pad_top = 28, 22, 8
    inner_w, inner_h = width - pad_left - 4, height - pad_bottom - pad_top
    step = inner_w / len(series)
    bar_w = max(1.0, step * 0.8)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text class="axis" x="{pad_left - 4}" y="{pad_top + 8}" text-anchor="end">{top}</text>',
        f'<text class="axis" x="{pad_left - 4}" y="{pad_top + inner_h}" text-anchor="end">0</text>',
        f'<line class="axis" x1="{pad_left}" y1="{pad_top + inner_h}" x2="{width - 4}" '
        f'y2="{pad_top + inner_h}"/>',
    ]
    for i, (label, count) in enumerate(series):
        h = inner_h * count / top
        x, y = pad_left + i * step, pad_top + inner_h - h
        bar = (
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(label)}: {count}</title></rect>"
        )
        href = hrefs[i] if hrefs else None
        parts.append(f'<a href="{escape(href)}">{bar}</a>' if href else bar)
    baseline = pad_top + inner_h + 15
    parts.append(f'<text class="axis" x="{pad_left}" y="{baseline}">{escape(series[0][0])}</text>')
    if len(series) > 1:
        parts.append(
            f'<text class="axis" x="{width - 4}" y="{baseline}" text-anchor="end">'
            f"{escape(series[-1][0])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
