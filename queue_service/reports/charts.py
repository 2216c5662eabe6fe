"""Charts drawn on the server as inline SVG (no script): horizontal bars, grouped or stacked, each labelled with its
value, so the chart reads the same on screen, on paper and to a screen reader (title and desc)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

LABEL_W, BAR_W, VALUE_W = 250, 400, 230
ROW_H, BAR_H, GAP, TOP = 30, 22, 10, 34
FONT = "font-family=\"DejaVu Sans, Noto Sans, Arial, sans-serif\""


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    values: tuple[float | None, ...]  # one per series
    texts: tuple[str, ...]  # what is written at the end of each bar (grouped) or of the whole bar (stacked: one text)
    colour: str | None = None  # this bar's own colour instead of its series' (a rating level's)


def chart(title: str, series: list[Series], bars: list[Bar], *, stacked: bool = False, scale: float | None = None) -> Markup:
    """Grouped: one bar per series under each label. Stacked: the series side by side in one bar (shares of 1)."""
    per_label = 1 if stacked else len(series)
    group_h = per_label * ROW_H + GAP
    legend_h = 26 if len(series) > 1 else 0
    height = TOP + legend_h + max(1, len(bars)) * group_h
    width = LABEL_W + BAR_W + VALUE_W
    top = max([scale or 0] + [v for bar in bars for v in bar.values if v is not None]) or 1
    if stacked:
        top = scale or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}" class="chart" {FONT}>',
             f"<title>{escape(title)}</title>",
             f'<text x="0" y="22" font-size="19" font-weight="bold" fill="#1b2733">{escape(title)}</text>']
    if legend_h:
        x = LABEL_W
        for s in series:
            parts.append(f'<rect x="{x}" y="{TOP}" width="16" height="16" fill="{s.colour}"/>'
                         f'<text x="{x + 22}" y="{TOP + 14}" font-size="15" fill="#1b2733">{escape(s.name)}</text>')
            x += 30 + 9 * len(s.name)
    y0 = TOP + legend_h
    if not bars:
        parts.append(f'<text x="{LABEL_W}" y="{y0 + 20}" font-size="16" fill="#546e7a">—</text>')
    for index, bar in enumerate(bars):
        y = y0 + index * group_h
        parts.append(f'<text x="{LABEL_W - 10}" y="{y + ROW_H / 2 + 6}" font-size="16" text-anchor="end" '
                     f'fill="#1b2733">{escape(_fit(bar.label))}</text>')
        if stacked:
            x = float(LABEL_W)
            for value, s in zip(bar.values, series):
                w = BAR_W * (value or 0) / top
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{BAR_H}" fill="{s.colour}"/>')
                x += w
            parts.append(_value_text(LABEL_W + BAR_W + 8, y + ROW_H / 2 + 6, bar.texts[0]))
            continue
        for row, (value, s, text) in enumerate(zip(bar.values, series, bar.texts)):
            w = BAR_W * (value or 0) / top
            yy = y + row * ROW_H
            parts.append(f'<rect x="{LABEL_W}" y="{yy + 4}" width="{w:.1f}" height="{BAR_H}" fill="{bar.colour or s.colour}"/>')
            parts.append(_value_text(LABEL_W + w + 8, yy + ROW_H / 2 + 6, text))
    parts.append("</svg>")
    return Markup("".join(parts))


def _value_text(x: float, y: float, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="15" fill="#1b2733">{escape(text)}</text>'


def _fit(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
