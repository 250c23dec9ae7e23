"""The transcript page: the source text, turn by turn, every anchored row's span highlighted.

Spans nest (an organisation inside an indicator's quote) and a few cross. The text of each turn
is cut at every span and sentence boundary; each piece is wrapped in the elements of the
intervals covering it, outermost first:

    <span class="s" id="s-N">                     a sentence (N: its index in the text)
      <span class="row" id="row-R-ID" ...>        a row's span: the permalink target (:target)
        <a class="hl k-R" href="#row-R-ID" data-rows="row-R-ID ...">piece</a>

An interval that must close early because an outer one ends (crossing spans) is reopened as a
fragment without the id (`data-part-of` names it), so ids stay unique and the HTML nests. The
highlight links are real links: without JavaScript they go to the innermost row's permalink;
with it they also open the panel listing every row covering the piece. The text content of
each turn's `.text` element is exactly the source text of that turn.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import pairwise

from dataset_tools.model import Row
from dataset_tools.publish.site.facts import Fact, SiteData, fragment

esc = html.escape


@dataclass(eq=False)
class Interval:
    start: int
    end: int
    level: int        # 0 sentence, 1 row
    order: int        # file order, to break ties
    element_id: str
    classes: str
    fact: Fact | None = None

    def sort_key(self):
        return (self.level, self.start, -self.end, self.order)


def open_tag(interval: Interval, first: bool) -> str:
    if interval.level == 0:
        return f'<span class="s" id="{esc(interval.element_id)}">' if first else '<span class="s">'
    attributes = f'id="{esc(interval.element_id)}" ' if first else f'data-part-of="{esc(interval.element_id)}" '
    return f'<span {attributes}class="{interval.classes}">'


def piece_link(text: str, rows: list[Interval]) -> str:
    """The highlight of one piece covered by `rows` (outermost first)."""
    inner = rows[-1].fact
    assert inner is not None   # rows (level 1) carry their fact
    keys = " ".join(r.element_id for r in reversed(rows))
    more = f" and {len(rows) - 1} more" if len(rows) > 1 else ""
    title = f"{inner.resource}: {inner.label_en}{more}"
    return (f'<a class="hl k-{esc(inner.resource)}" href="#{esc(fragment(inner.key))}" '
            f'data-rows="{esc(keys)}" title="{esc(title)}">{esc(text)}</a>')


def render_range(text: str, start: int, end: int, intervals: list[Interval]) -> str:
    """HTML of text[start:end] with the intervals (clipped to the range) as nested elements."""
    inside = [i for i in intervals if i.start < end and i.end > start]
    points = sorted({start, end} | {max(start, min(end, p)) for i in inside for p in (i.start, i.end)})
    out: list[str] = []
    stack: list[Interval] = []
    opened: set[int] = set()
    for left, right in pairwise(points):
        covering = sorted((i for i in inside if i.start <= left and i.end >= right), key=Interval.sort_key)
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] is covering[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        stack = stack[:keep]
        for interval in covering[keep:]:
            out.append(open_tag(interval, first=id(interval) not in opened and interval.start >= start))
            opened.add(id(interval))
            stack.append(interval)
        rows = [i for i in covering if i.level == 1]
        piece = text[left:right]
        out.append(piece_link(piece, rows) if rows else esc(piece))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def intervals_of(data: SiteData) -> list[Interval]:
    found = [Interval(s, e, 0, n, f"s-{n}", "s") for n, (s, e) in enumerate(data.sentences)]
    for order, fact in enumerate(data.anchored()):
        assert fact.span is not None   # anchored facts have a span
        start, end = fact.span
        if end > start:
            found.append(Interval(start, end, 1, order, fact.key, f"row k-{fact.resource}", fact))
    return found


def turn_heading(data: SiteData, segment: Row) -> str:
    speaker = data.lookup("speakers", segment.get("speaker_id", ""))
    kind = segment.get("kind", "").replace("_", " ")
    who = (f'{esc(speaker.get("name_en", ""))} <span lang="zh-Hans">{esc(speaker.get("name_zh", ""))}</span> · '
           if speaker else "")
    return f'<h3 class="turn-head">{who}{esc(kind)}</h3>'


def transcript_body(data: SiteData) -> str:
    """Every turn (segment) of the source with its highlighted text."""
    intervals = intervals_of(data)
    text = data.text
    turns: list[tuple[int, int, Row | None]] = [(int(s["char_start"]), int(s["char_end"]), s) for s in data.segments
             if s.get("char_start", "").isdigit() and s.get("char_end", "").isdigit()]
    turns.sort(key=lambda t: t[0])
    if not turns:
        turns = [(0, len(text), None)]
    parts, position = [], 0
    for start, end, segment in turns:
        if start > position:  # whitespace between turns
            parts.append(f'<div class="text gap" lang="zh-Hans">{render_range(text, position, start, intervals)}</div>')
        head = turn_heading(data, segment) if segment is not None else ""
        ident = f' id="seg-{esc(segment.id)}"' if segment is not None else ""
        kind = f' turn-{esc(segment.get("kind", ""))}' if segment is not None else ""
        parts.append(f'<section class="turn{kind}"{ident}>{head}'
                     f'<div class="text" lang="zh-Hans">{render_range(text, start, end, intervals)}</div></section>')
        position = max(position, end)
    if position < len(text):
        parts.append(f'<div class="text gap" lang="zh-Hans">{render_range(text, position, len(text), intervals)}</div>')
    return "\n".join(parts)
