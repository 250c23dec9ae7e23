"""The `duplicates` check: no row of a resource says again what another says at the same place.

Two rows of one resource have the same *typed content* when every cell but the id, the span
(`char_start`, `char_end`, `quote`, `quote_prefix`) and the free text (`note`, `formula`,
`reference`, `curated_cells`) is equal. With overlapping spans they are one statement recorded
twice. A restatement (the same figure said again elsewhere, by the same or another speaker) has
its own span that does not overlap, and is not a duplicate. A row without a span (a derived row,
computed by its `formula`) is the same derivation recorded twice when another spanless row has
the same typed content and the same formula. Rows are grouped by content (a hash) and each group
is swept by span start, so the check is linear in rows (plus sorting); only rows whose content
another row repeats are read further.
"""
from __future__ import annotations

from collections import Counter

from dataset_tools.model import Package, Row
from dataset_tools.validate.checks.common import as_int, span_tables
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "duplicates"
CODES = declare({
    "duplicates.same-statement": "two rows of one resource with the same typed content and overlapping spans",
    "duplicates.same-derivation": "two rows of one resource without a span with the same typed content and formula",
})
NOT_CONTENT = frozenset({"id", "char_start", "char_end", "quote", "quote_prefix", "note", "formula", "reference",
                         "curated_cells"})


@check(NAME)
def duplicates(package: Package) -> list[Problem]:
    """No two rows of one resource have the same typed content (every cell but id, span and notes) and overlapping
    spans, or, without spans (derived rows), the same typed content and formula."""
    problems: list[Problem] = []
    for table in span_tables(package, exclude=("sources", "segments")):
        columns = [column for column in table.header if column not in NOT_CONTENT]   # holds source_id
        hashes = list(map(hash, table.cells(columns)))   # equal contents hash equal; no content is kept
        if len(set(hashes)) == len(hashes):   # no two rows share their content: nothing to compare
            continue
        contents = list(table.cells(columns))
        repeated = {content for content, count in Counter(contents).items() if count > 1}
        firsts: dict[tuple, tuple[int, int, Row]] = {}   # content -> its first row with a span
        groups: dict[tuple, list[tuple[int, int, Row]]] = {}   # content -> its rows, when more than one
        derivations: dict[tuple, Row] = {}
        for row, key, (start_text, end_text, formula) in zip(table.rows, contents,
                                                             table.cells(("char_start", "char_end", "formula")),
                                                             strict=True):
            if key not in repeated:
                continue
            start, end = as_int(start_text), as_int(end_text)
            if start is not None and end is not None:
                if (member := firsts.setdefault(key, (start, end, row)))[2] is not row:
                    groups.setdefault(key, [member]).append((start, end, row))
            elif formula and (first := derivations.setdefault((formula, *key), row)) is not row:
                problems.append(problem("duplicates.same-derivation", f"the same content and formula as {first.id}: "
                                        "one derivation recorded twice", file=table.file, row=row, column="id",
                                        found=row.id, expected=f"one row (keep {first.id})"))
        for members in groups.values():
            members.sort(key=lambda member: (member[0], member[1]))
            reach, first = members[0][1], members[0][2]
            for start, end, row in members[1:]:
                if start < reach:
                    problems.append(problem("duplicates.same-statement", f"the same content as {first.id} at an "
                                                  "overlapping span: one statement recorded twice", file=table.file,
                                            row=row, column="id", found=row.id, expected=f"one row (keep {first.id})"))
                if end > reach:
                    reach, first = end, row
    return problems
