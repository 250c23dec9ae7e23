"""The `designation-members` check: every selection the text reports is recorded, member by member.

A roster sentence (兰州市、白银市获批国家知识产权强市建设试点城市) names its members, and a deleted
member row leaves nothing else uncovered: the other members' rows still span the sentence. So:

1. *Members are complete.* The designation rows that share a quote form its roster (one
   programme, or two selections one sentence reports). Every row of the members' resource (the
   filled one of region_id, organization_id, brand_id, policy_id) that the quote names, by a
   name, written form or alias, outside the words of the programmes themselves (国家 in
   国家知识产权强市… is no member), is a member of the roster. A name inside a longer name that
   is also named does not count (兰州市 in 兰州市城关区), and a name two rows share needs one of
   them (a duplicated row is the duplicates check's). A roster with a member its quote does
   not name is left to `evidence` (one mistake, one report).
2. *Selections are recorded.* Every selection word of a source (入选, 获批, 获评, 入围) lies in
   the span of a designations row, or of an indicator or claim that counts or judges the
   selections (入选数量居全国第二).

Names are looked up at each character of a quote, one dictionary lookup per distinct name length,
and selection words by one bisection over the spans sorted by start, so the check
is linear in rows and text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache

from dataset_tools.curate.sentences import reaches
from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import as_int, require
from dataset_tools.validate.checks.evidence import names_index
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "designation-members"
CODES = declare({
    "designation-members.named-not-member": "a designation's quote names a row of its members' resource that is no "
                                            "member of that programme's roster",
    "designation-members.selection-not-recorded": "a selection word of the source (入选, 获批, 获评, 入围) lies in no "
                                                  "designation, indicator or claim",
})
MEMBER_COLUMNS = {"region_id": "regions", "organization_id": "organizations", "brand_id": "brands",
                  "policy_id": "policies"}
SELECTION = re.compile("入选|获批|获评|入围")
RECORDING = ("designations", "indicators", "claims")
BATCH_WORDS = r"(?:首批|第[0-9一二三四五六七八九十]+批)?"


@lru_cache(maxsize=256)
def programme_pattern(programme: str) -> re.Pattern:
    """The programme's name as the text may write it, with batch words between its characters."""
    return re.compile(BATCH_WORDS.join(map(re.escape, programme)))


def named_rows(quote: str, programmes: set[str], lookup: dict[str, set[str]]) -> list[set[str]]:
    """For each place of `quote` that names rows (outside the programmes' words, longest names only), the ids
    of the rows named there (two when two rows share a name). `lookup`: name -> ids of the rows it names."""
    words = [match.span() for match in (programme_pattern(name).search(quote) for name in programmes if name)
             if match]
    lengths = sorted({len(name) for name in lookup})
    found = {(start, start + length): lookup[quote[start:start + length]] for start in range(len(quote))
             for length in lengths if quote[start:start + length] in lookup}
    return [targets for (start, end), targets in found.items()
            if not any(first <= start and end <= last for first, last in words)   # the programme's own words
            and not any(first <= start and end <= last and last - first > end - start   # part of a longer name
                        for first, last in found)]


def roster_problems(table: Table, package: Package) -> list[Problem]:
    """Rule 1: every row a roster's quote names is a member of it."""
    names = names_index(package, set(MEMBER_COLUMNS.values()))
    lookups: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for resource, named in names.items():
        holders: dict[frozenset[str], list[str]] = defaultdict(list)   # copies share their names: each distinct
        for row_id, written in named.items():                            # set of names is gone through once
            holders[written].append(row_id)
        for written, row_ids in holders.items():
            for name in written:
                lookups[resource][name].update(row_ids)
    rosters: dict[tuple, list[tuple[Row, tuple]]] = defaultdict(list)   # (source, span) -> rows, their cells
    for row, read_cells in zip(table.rows, table.cells(("source_id", "char_start", "char_end", "quote", "program_zh",
                                                        *MEMBER_COLUMNS)), strict=True):
        if read_cells[3]:
            rosters[read_cells[:3]].append((row, read_cells[3:]))
    problems = []
    read: dict[tuple[str, frozenset[str], str], list[set[str]]] = {}   # each distinct quote is read once
    for members_of in rosters.values():
        rows, cells = [row for row, _ in members_of], [cells for _, cells in members_of]   # quote, program_zh, …
        for position, (column, resource) in enumerate(MEMBER_COLUMNS.items(), start=2):
            members = {row[position] for row in cells} - {"", None}   # None: a column the table lacks
            if not members:
                continue
            first = rows[0]
            key = (cells[0][0] or "", frozenset(row[1] or "" for row in cells), resource)
            if key not in read:
                read[key] = named_rows(key[0], set(key[1]), lookups[resource])
            places = read[key]
            if any(not any(member in targets for targets in places) for member in members):
                continue   # a member the quote does not name is the evidence check's (one mistake, one report)
            missing = sorted({min(targets) for targets in places if not targets & members})
            problems += [problem("designation-members.named-not-member",
                                 f"the quote names {resource} {target}, which no designation with this quote has "
                                 "as its member", file=table.file, row=first, column=column,
                                 found=target, expected=f"a designation of {target} with this quote")
                         for target in missing]
    return problems


def unrecorded(text: str, spans: tuple[tuple[int, int], ...]) -> list[re.Match]:
    """The selection words of the text that lie in none of the spans."""
    starts, reach = reaches(list(spans))
    return [match for match in SELECTION.finditer(text)
            if (position := bisect_right(starts, match.start()) - 1) < 0   # last span starting at or before it
            or reach[position] < match.end()]


def selection_problems(package: Package) -> list[Problem]:
    """Rule 2: every selection word lies in the span of a designation, indicator or claim."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name in RECORDING:
        table = require(package, name)
        for source_id, start, end in table.cells(("source_id", "char_start", "char_end")) if table else []:
            if (first := as_int(start)) is not None and (last := as_int(end)) is not None:   # as span_of
                spans[source_id or ""].append((first, last))
    problems = []
    unheld: dict[tuple[str, tuple[tuple[int, int], ...]], list[re.Match]] = {}   # once per text and spans
    for source_id, source in package.sources.items():
        if source.text is None:
            continue
        asked = (source.text, tuple(spans.get(source_id, [])))   # copies of a source share both
        if asked not in unheld:
            unheld[asked] = unrecorded(*asked)
        for match in unheld[asked]:
            line = source.text.count("\n", 0, match.start()) + 1
            context = source.text[max(0, match.start() - 20):match.end() + 20].replace("\n", " ")
            problems.append(problem("designation-members.selection-not-recorded",
                                    f"{match.group()} at [{match.start()}, {match.end()}) lies in no designation, "
                                    f"indicator or claim: …{context}…", file=source.file, found=match.group(),
                                    expected="a designations row (or the indicator that counts the selections)",
                                    line=line))
    return problems


@check(NAME)
def designation_members(package: Package) -> list[Problem]:
    """Every row a designation's quote names (outside its programme's words) is a member of that programme's roster,
    and every selection word of the source (入选, 获批, 获评, 入围) lies in a designation, indicator or claim."""
    table = require(package, "designations")
    if table is None:
        return []
    return roster_problems(table, package) + selection_problems(package)
