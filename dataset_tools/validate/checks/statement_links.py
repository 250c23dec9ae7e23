"""The `statement-links` check: links between statements follow from where the text states them.

Two links join statements rather than naming things, so no name in a quote can support them:

- `action_links.action_id`: a participant is stated in the sentence that states its action. The
  link row's span lies inside the sentence, or run of sentences, holding the action's span
  (`dataset_tools.sentences`: a sentence ends after 。!?; or at a line break). An object (what the
  action acts on) lies in the clauses of the action's span itself (a clause ends at , ; : 。 or
  a line break, as for evidence's `clause` rule), unless the link lists `action_id` in
  `curated_cells` and its note says why: a sentence may state several actions, each with its own
  objects.
- `actions.parent_id`: a part of a plan or programme is stated where the whole is. The child's
  span lies in the parent's paragraph (the line holding the parent's span), or the parent's
  paragraph is the lead-in of a run of paragraphs that open with an enumeration word (一是,
  二是 …, (一), 一、) and the child lies in one of them (the numbered items that follow a lead-in;
  an item is no part of a sibling item).

The whole is stated first: a child's span starts after its parent's, and a parent in the child's
own paragraph opens that paragraph (二是聚焦创新转化…, its items after it), so a sibling item is
never a parent. A numbered paragraph headed by an action (四是实施品牌战略…) is that action's: a part
in it names its heading, not the lead-in's action, as its parent. A part is never its own whole:
following `parent_id` from an action never comes back to it.

Both rules hold for every row with a span, stated or inferred: an inferred participant or part
is still read from its own words. Rows without a span, or whose target is missing or in another
source, are left to `spans` and `table`. Each lookup is a binary search over the sentence or line
starts of its source, computed once per distinct source text (scaled copies share one), and the
sentence around an action's span is found once per span.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from dataset_tools.model import Package
from dataset_tools.sentences import SentenceIndex, sentences
from dataset_tools.validate.checks.common import CLAUSE_BREAK, as_int, require
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "statement-links"
CODES = declare({
    "statement-links.outside-action-sentence": "an action_links row lies outside the sentence that states its action",
    "statement-links.outside-parent-paragraph": "a child action lies outside its parent's paragraph and the numbered "
                                                "paragraphs that follow it",
    "statement-links.object-outside-action-clause": "an object link lies outside the clauses of its action's span "
                                                    "and does not declare action_id",
    "statement-links.parent-cycle": "an action is its own parent, or following parent_id from it comes back to it",
    "statement-links.parent-skips-heading": "a child action in a numbered paragraph names the lead-in's action as its "
                                            "parent, though another action heads that paragraph",
    "statement-links.parent-not-a-heading": "a child action is stated before its parent, or its parent in its own "
                                            "paragraph does not open that paragraph",
})
NUMERALS = "一二三四五六七八九十"
DECLARED = "curated_cells"
READ = ("source_id", "char_start", "char_end")   # and the target's id: the cells target_span reads
ENUMERATED = re.compile(rf"[{NUMERALS}]+是|[(\uff08][{NUMERALS}]+[)\uff09]|[{NUMERALS}]+、")   # 一是 (一) 一、


class Layout:
    """The sentences and paragraphs (lines) of one source text, for binary search."""

    def __init__(self, text: str):
        self.sentences = SentenceIndex(sentences(text))
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.run_start: list[int] = []    # line -> the first line of its run of numbered lines (or itself)
        for index, start in enumerate(self.line_starts):
            numbered = ENUMERATED.match(text, start) is not None
            self.run_start.append(self.run_start[index - 1] if numbered and index else index)
        self.known: dict[tuple[int, int], tuple[int, int]] = {}   # span -> the sentence(s) around it
        self.breaks = [match.end() for match in CLAUSE_BREAK.finditer(text)]   # where each clause starts

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        if (start, end) not in self.known:
            self.known[(start, end)] = self.sentences.around(start, end)
        return self.known[(start, end)]

    def clauses_around(self, start: int, end: int) -> tuple[int, int]:
        """From the start of the clause holding `start` to the end of the clause holding the span's last
        character (CLAUSE_BREAK: a clause ends at , ; : 。 or a line break)."""
        before = bisect_right(self.breaks, start) - 1
        after = bisect_right(self.breaks, max(start, end - 1))
        return (self.breaks[before] if before >= 0 else 0,
                self.breaks[after] - 1 if after < len(self.breaks) else 1 << 62)

    def line_of(self, position: int) -> int:
        return bisect_right(self.line_starts, position) - 1


def target_span(cells: tuple, spans: dict[str, tuple[str, tuple[int, int]]]
                ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(row span, target span) when both rows have spans in the same source, else None; `cells`: the row's
    source_id, char_start, char_end and target id (READ)."""
    source, start, end, target_id = cells
    own_start, own_end, target = as_int(start), as_int(end), spans.get(target_id or "")
    if own_start is None or own_end is None or target is None or target[0] != (source or ""):
        return None
    return (own_start, own_end), target[1]


@check(NAME)
def statement_links(package: Package) -> list[Problem]:
    """Every action_links row lies in the sentence(s) holding its action's span, and every child action lies in its
    parent's paragraph or, when that paragraph is a lead-in, in a numbered paragraph (一是, (一), 一、) of the run
    that follows it, after its parent, which heads the paragraph they share (a numbered paragraph headed by an
    action is that action's); no action is its own parent, directly or through its parts."""
    actions = require(package, "actions")
    if actions is None:
        return []
    spans = {}   # action id -> (source id, span)
    for row_id, source, start_text, end_text in actions.cells(("id", *READ)):
        if (low := as_int(start_text)) is not None and (high := as_int(end_text)) is not None:   # as span_of
            spans[row_id or ""] = (source or "", (low, high))
    layouts: dict[str, Layout | None] = {}   # source id -> the layout of its text
    shared: dict[str, Layout] = {}           # text -> its layout, made once per distinct text

    def layout(source_id: str) -> Layout | None:
        if source_id not in layouts:
            text = package.text(source_id)
            if text is not None and text not in shared:
                shared[text] = Layout(text)
            layouts[source_id] = None if text is None else shared[text]
        return layouts[source_id]

    problems: list[Problem] = []
    links = require(package, "action_links")
    links_file = links.file if links is not None else ""
    quiet: set[tuple] = set()   # (layout, action span, row span, whether its clause is read) of rows found right
    for row, (source, start_text, end_text, action_id, role, curated) in zip(
            links.rows, links.cells((*READ, "action_id", "role", DECLARED)), strict=True) if links else []:
        target = spans.get(action_id or "")   # as target_span, without a call per row
        if target is None or target[0] != (source or ""):
            continue
        shape = layouts[source or ""] if source in layouts else layout(source or "")
        object_read = role == "object" and "action_id" not in (curated or "").split(";")
        if (asked := (shape, target[1], start_text, end_text, object_read)) in quiet:
            continue   # copies of a source share its layout and their rows' spans: judged once
        start, end = as_int(start_text), as_int(end_text)
        if start is None or end is None or shape is None:
            continue
        first, last = shape.sentence_around(*target[1])
        if not (first <= start and end <= last):
            problems.append(problem("statement-links.outside-action-sentence",
                                    f"the span [{start}, {end}) lies outside the sentence [{first}, {last}) that "
                                    f"states action {row.get('action_id')}", file=links_file,
                                    row=row, column="action_id", found=row.get("action_id"),
                                    expected="an action stated in the sentence of this row's quote"))
        elif object_read:
            first, last = shape.clauses_around(*target[1])
            if not (first <= start and end <= last):
                problems.append(problem("statement-links.object-outside-action-clause",
                                        f"the object [{start}, {end}) lies outside the clauses [{first}, {last}) of "
                                        f"action {action_id}", file=links_file, row=row, column="action_id",
                                        found=action_id, expected="the action whose clause names this object (or "
                                        "list action_id in curated_cells with the note saying why)"))
            else:
                quiet.add(asked)
        else:
            quiet.add(asked)
    heads = {(source, start): row_id for row_id, (source, (start, _)) in spans.items()}   # where each action starts
    for row, cells in zip(actions.rows, actions.cells((*READ, "parent_id")), strict=True):
        if not cells[3]:
            continue
        pair, shape = target_span(cells, spans), layout(cells[0] or "")
        if pair is None or shape is None:
            continue
        (start, _), (parent_start, _) = pair
        line, parent_line = shape.line_of(start), shape.line_of(parent_start)
        head = heads.get((cells[0] or "", shape.line_starts[line]), row.id)   # the action heading the row's line
        if parent_line == shape.run_start[line] != line and head not in (row.id, cells[3]):
            problems.append(problem("statement-links.parent-skips-heading", f"action {head} heads this numbered "
                                    "paragraph: its parts are its own, not the lead-in's", file=actions.file, row=row,
                                    column="parent_id", found=row.get("parent_id"), expected=head))
            continue
        if parent_line in (line, shape.run_start[line]):
            if row.id != cells[3] and (start < parent_start or (
                    parent_line == line and parent_start != shape.line_starts[line])):
                problems.append(problem("statement-links.parent-not-a-heading", "the parent is not stated first: "
                                        "before this action and, in its paragraph, at the paragraph's head",
                                        file=actions.file, row=row, column="parent_id", found=row.get("parent_id"),
                                        expected="the action that heads this paragraph, or the lead-in before it"))
            continue
        problems.append(problem("statement-links.outside-parent-paragraph",
                                f"line {line + 1} is not the parent's line {parent_line + 1} nor a numbered line of "
                                "the run that follows it", file=actions.file, row=row, column="parent_id",
                                found=row.get("parent_id"),
                                expected="an action stated in this row's paragraph or in the lead-in of its numbered "
                                         "paragraphs"))
    parents = {row.id: parent for row, parent in zip(actions.rows, actions.column("parent_id"), strict=True) if parent}
    looped = on_cycles(parents)
    problems += [problem("statement-links.parent-cycle", "following parent_id from this action comes back to it",
                         file=actions.file, row=row, column="parent_id", found=row.get("parent_id"),
                         expected="a whole that is not this action nor one of its parts")
                 for row in actions.rows if row.id in looped]
    return problems


def on_cycles(parents: dict[str, str]) -> set[str]:
    """The ids that following `parents` (child -> parent) comes back to: each id is walked once."""
    done: set[str] = set()
    looped: set[str] = set()
    for first in parents:
        path: dict[str, int] = {}   # the ids of this walk -> their place in it
        node = first
        while node in parents and node not in done and node not in path:
            path[node] = len(path)
            node = parents[node]
        if node in path:
            looped.update(list(path)[path[node]:])
        done.update(path)
    return looped
