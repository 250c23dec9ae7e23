"""The `speakers` check: segments tile the text, and every fact names the segment and speaker it sits in."""
from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import require, show, span_of
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "speakers"
CODES = declare({
    "speakers.gap": "text (not only whitespace) between segments, or before the first or after the last, "
                    "belongs to no segment",
    "speakers.overlap": "a segment starts before the previous one ends",
    "speakers.speaker-missing": "an answer or opening_statement segment has no speaker_id",
    "speakers.speaker-unexpected": "a segment of another kind names a speaker_id",
    "speakers.outlet-missing": "a question segment has no organization_id (the outlet)",
    "speakers.no-span": "a row without a span names a segment_id or speaker_id",
    "speakers.segment-count": "a row's span does not lie inside exactly one segment",
    "speakers.segment-mismatch": "segment_id is not the segment the row's span lies in",
    "speakers.speaker-mismatch": "speaker_id is not the speaker of the segment the row's span lies in",
    "speakers.answer-without-question": "an answer segment does not follow a question (the last question, answer or "
                                        "opening statement before it is not a question)",
    "speakers.opening-after-question": "an opening_statement segment comes after a question of its source",
})
MISMATCH = {"segment_id": "speakers.segment-mismatch", "speaker_id": "speakers.speaker-mismatch"}
WITH_SPEAKER = {"answer", "opening_statement"}
WITH_OUTLET = {"question"}


def segments_by_source(segments: Table) -> dict[str, list[tuple[int, int, Row]]]:
    """source_id -> [(start, end, segment row)] sorted by start, for segments with integer offsets."""
    found = defaultdict(list)
    for row in segments.rows:
        span = span_of(row)
        if span:
            found[row.get("source_id", "")].append((span[0], span[1], row))
    for items in found.values():
        items.sort(key=lambda item: (item[0], item[1]))
    return found


def tiling_problems(package: Package, segments: Table, index: dict) -> list[Problem]:
    """Sorted by start, segments begin at 0, each starts where the previous ended, the last ends the text.

    Gaps holding only whitespace are allowed; gaps with text and overlaps are not.
    """
    problems = []
    for source_id in package.sources:
        items, text = index.get(source_id, []), package.text(source_id)
        if text is None:
            continue
        previous_end, previous = 0, None
        ends: list[tuple[int, int, Row | None]] = [*items, (len(text), len(text), None)]
        for start, end, row in ends:
            if start > previous_end and text[previous_end:start].strip():
                problems.append(problem("speakers.gap", f"text [{previous_end}, {start}) belongs to no segment",
                                        file=segments.file, row=row or previous,
                                        column="char_start" if row else "char_end",
                                        found=show(text[previous_end:start]), expected="segments that tile the text"))
            # an overlap needs an earlier segment (a negative first start is the spans check's to report)
            elif start < previous_end and row is not None and previous is not None:
                problems.append(problem("speakers.overlap", f"segment overlaps {previous.id} by "
                                        f"{previous_end - start} characters", file=segments.file, row=row,
                                        column="char_start", found=start, expected=previous_end))
            if row is not None and end >= previous_end:
                previous_end, previous = end, row
    return problems


def kind_problems(segments: Table) -> list[Problem]:
    """Answers and the opening statement have a speaker; questions have none but an outlet; others neither."""
    problems = []
    for row in segments.rows:
        kind, speaker = row.get("kind", ""), row.get("speaker_id", "")
        if kind in WITH_SPEAKER and not speaker:
            problems.append(problem("speakers.speaker-missing", f"a {kind} segment needs its speaker",
                                    file=segments.file, row=row, column="speaker_id", found="(empty)",
                                    expected="a speakers.id"))
        elif kind not in WITH_SPEAKER and speaker:
            problems.append(problem("speakers.speaker-unexpected", f"a {kind} segment has no official speaking",
                                    file=segments.file, row=row, column="speaker_id", found=speaker,
                                    expected="(empty)"))
        if kind in WITH_OUTLET and not row.get("organization_id", ""):
            problems.append(problem("speakers.outlet-missing", "a question segment names the outlet whose "
                                    "journalist asks", file=segments.file, row=row, column="organization_id",
                                    found="(empty)", expected="an organizations.id"))
    return problems


def order_problems(segments: Table, index: dict) -> list[Problem]:
    """In each source, an answer follows the question it answers (the last question, answer or opening statement
    before it is a question), and an opening statement comes before every question: a press conference opens with
    its statements, then takes questions."""
    problems = []
    for items in index.values():
        last, asked = "", False   # the kind of the last question, answer or opening statement; a question seen
        for _, _, row in items:
            kind = row.get("kind", "")
            if kind == "answer" and last != "question":
                problems.append(problem("speakers.answer-without-question", "an answer follows no question",
                                        file=segments.file, row=row, column="kind", found=kind,
                                        expected=f"a question segment before it (the last is {last or 'none'})"))
            elif kind == "opening_statement" and asked:
                problems.append(problem("speakers.opening-after-question", "an opening statement comes after a "
                                        "question", file=segments.file, row=row, column="kind", found=kind,
                                        expected="answer (statements open the conference, before its questions)"))
            if kind in ("question", "answer", "opening_statement"):
                last, asked = kind, asked or kind == "question"
    return problems


def containing(index: dict, source_id: str, start: int, end: int) -> list[Row]:
    """The segments of that source whose span contains [start, end) (the two starting last before it:
    enough when segments tile the text; overlaps are reported by the tiling rule)."""
    items = index.get(source_id, [])
    position = bisect_right(items, start, key=lambda item: item[0])
    return [row for s, e, row in items[max(0, position - 2):position] if s <= start and end <= e]


def member_problems(table: Table, index: dict) -> list[Problem]:
    """Each row's span lies in exactly one segment; segment_id names it; speaker_id is its speaker."""
    problems = []
    for row in table.rows:
        span = span_of(row)
        if span is None:
            for column in ("segment_id", "speaker_id"):
                if row.get(column, ""):
                    problems.append(problem("speakers.no-span", f"{column} is given but the row has no span to "
                                            "place it in a segment", file=table.file, row=row, column=column,
                                            found=row[column], expected="(empty)"))
            continue
        inside = containing(index, row.get("source_id", ""), *span)
        if len(inside) != 1:
            problems.append(problem("speakers.segment-count", f"span [{span[0]}, {span[1]}) lies in "
                                    f"{len(inside)} segments", file=table.file, row=row, column="char_start",
                                    found=len(inside), expected="exactly one segment"))
            continue
        segment = inside[0]
        for column, wanted in (("segment_id", segment.id), ("speaker_id", segment.get("speaker_id", ""))):
            if column in table.columns and row.get(column, "") != wanted:
                problems.append(problem(MISMATCH[column], f"the span lies in segment {segment.id}"
                                        + (f", spoken by {wanted or 'no official'}" if column == "speaker_id" else ""),
                                        file=table.file, row=row, column=column, found=row.get(column) or "(empty)",
                                        expected=wanted or "(empty)"))
    return problems


@check(NAME)
def speakers(package: Package) -> list[Problem]:
    """Segments tile each source text (no text outside a segment, no overlap) and agree with their kind (an answer
    follows a question, opening statements precede every question); every row of a resource with
    speaker_id/segment_id lies inside exactly one segment, names it, and names its speaker (empty when it has
    none)."""
    segments = require(package, "segments")
    if segments is None:
        return []
    index = segments_by_source(segments)
    problems = tiling_problems(package, segments, index) + kind_problems(segments) + order_problems(segments, index)
    for name, table in package.tables.items():
        if name != "segments" and ("segment_id" in table.header or "speaker_id" in table.header) \
                and "char_start" in table.header:
            problems.extend(member_problems(table, index))
    return problems
