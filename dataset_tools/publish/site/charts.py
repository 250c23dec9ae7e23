"""Inline SVG charts, drawn in Python: no script, no library, readable without JavaScript.

- `series_chart`: small multiples, one panel per indicator given for several periods; each bar
  is a link to its evidence, and derived bars are hatched and labelled "derived".
- `kinds_chart`: how many rows of each kind the transcript anchors, linked to their pages.

Every chart has a title and a description for screen readers, and the figures are also in the
tables beside it.
"""
from __future__ import annotations

import html

from dataset_tools.publish.site.describe import number, period_label
from dataset_tools.publish.site.facts import Fact, permalink, row_page_link

esc = html.escape
INK, MUTED, STATED, DERIVED = "#1a1a1a", "#4a4a4a", "#1f5fa8", "#1f5fa8"


def evidence_href(fact: Fact) -> str:
    return permalink(fact.resource, fact.id) if fact.span else row_page_link(fact.resource, fact.id)


def series_chart(groups: list[list[Fact]], columns: int = 3) -> str:
    """One SVG holding a panel per group: bars per period on the group's own scale."""
    if not groups:
        return ""
    panel_w, panel_h, top, bottom = 250, 200, 56, 40
    rows = (len(groups) + columns - 1) // columns
    width, height = panel_w * min(columns, len(groups)), panel_h * rows + 10
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-labelledby="series-title series-desc" xmlns="http://www.w3.org/2000/svg">',
             '<title id="series-title">Figures the text gives for more than one period</title>',
             '<desc id="series-desc">One panel per indicator, each on its own scale. Solid bars are stated '
             'in the transcript; hatched bars are derived from stated figures.</desc>',
             '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
             f'<line x1="0" y1="0" x2="0" y2="6" stroke="{DERIVED}" stroke-width="3"/></pattern></defs>']
    for index, group in enumerate(groups):
        x0, y0 = (index % columns) * panel_w, (index // columns) * panel_h
        top_value = max(float(f.row["value"]) for f in group) or 1.0
        title = group[-1].label_en
        unit = group[-1].row.get("unit_en") or group[-1].row.get("unit", "")
        if group[-1].row.get("unit") == "percent":
            unit = "%"
        parts.append(f'<g transform="translate({x0},{y0})">')
        for line, words in enumerate(wrap(title, 30, 2)):
            parts.append(f'<text x="10" y="{16 + 15 * line}" font-size="13" font-weight="bold" fill="{INK}">'
                         f'{esc(words)}</text>')
        parts.append(f'<text x="10" y="{16 + 15 * len(wrap(title, 30, 2))}" font-size="11" fill="{MUTED}">'
                     f'{esc(clip(unit, 36))}</text>')
        plot_h = panel_h - top - bottom
        bar_w = min(56, (panel_w - 40) / len(group) - 14)
        for position, fact in enumerate(group):
            value = float(fact.row["value"])
            h = max(1.0, plot_h * value / top_value)
            x = 20 + position * (bar_w + 14)
            y = top + plot_h - h + 12
            derived = fact.status == "derived"
            fill = "url(#hatch)" if derived else STATED
            label = f"{period_label(fact.row)}: {number(fact.row['value'])}" + (" (derived)" if derived else "")
            parts.append(f'<a href="{esc(evidence_href(fact))}" aria-label="{esc(title + ", " + label)}">'
                         f'<title>{esc(label)}</title>'
                         f'<rect class="bar{" derived" if derived else ""}" x="{x:.1f}" y="{y:.1f}" '
                         f'width="{bar_w:.1f}" '
                         f'height="{h:.1f}" fill="{fill}" stroke="{DERIVED}" stroke-width="1.5"/>'
                         f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle" '
                         f'fill="{INK}">{esc(number(fact.row["value"]))}</text></a>')
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 26:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="{INK}">{esc(period_label(fact.row))}</text>')
            if derived:
                parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 39:.1f}" font-size="10" '
                             f'text-anchor="middle" font-style="italic" fill="{MUTED}">derived</text>')
        parts.append(f'<line x1="14" x2="{panel_w - 14}" y1="{top + plot_h + 12}" y2="{top + plot_h + 12}" '
                     f'stroke="{MUTED}" stroke-width="1"/></g>')
    parts.append("</svg>")
    return "".join(parts)


def kinds_chart(counts: list[tuple[str, str, int]]) -> str:
    """Horizontal bars: (resource, title, anchored rows), each bar linking to the resource page."""
    if not counts:
        return ""
    bar_h, gap, left, width = 22, 8, 170, 640
    top_value = max(c for _, _, c in counts) or 1
    height = len(counts) * (bar_h + gap) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-labelledby="kinds-title" xmlns="http://www.w3.org/2000/svg">',
             '<title id="kinds-title">Rows anchored in the transcript, by kind</title>']
    for index, (resource, title, count) in enumerate(counts):
        y = 5 + index * (bar_h + gap)
        w = (width - left - 60) * count / top_value
        parts.append(f'<a href="{esc(resource)}.html" aria-label="{esc(title)}: {count} rows">'
                     f'<text x="{left - 10}" y="{y + 16}" font-size="13" text-anchor="end" fill="{INK}">'
                     f'{esc(title)}</text>'
                     f'<rect class="kind-bar k-{esc(resource)}" x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}"/>'
                     f'<text x="{left + w + 6:.1f}" y="{y + 16}" font-size="13" fill="{INK}">{count}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Words of `text` in at most `lines` lines of about `width` characters (the last clipped)."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return [*out[:lines - 1], clip(" ".join(out[lines - 1:]), width)] if len(out) > lines else out


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
