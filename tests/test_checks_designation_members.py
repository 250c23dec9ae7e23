"""The `designation-members` check: a roster's members are all recorded, and every selection word is.

Each package test deletes one designation row of a copy, runs every check in process, and asserts
that this check alone reports it. Rows are picked by their properties (rosters, counted programmes).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from dataset_tools.validate.checks.designation_members import named_rows
from tests.test_checks_support import assert_only_rule, problems_of, read, row_number, validate_copy, write


def rosters(root: Path) -> tuple[list[str], list[dict], list[list[dict]]]:
    """Header, rows, and the rosters (rows of one programme sharing a quote) of programmes no indicator counts."""
    _, indicators = read(root, "indicators")
    counted = {row["counts_program"] for row in indicators}
    header, rows = read(root, "designations")
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["status"] == "stated" and row["program"] not in counted:
            groups[(row["program"], row["char_start"], row["char_end"])].append(row)
    return header, rows, list(groups.values())


def test_a_deleted_member_of_a_roster_is_named(package_copy):
    header, rows, groups = rosters(package_copy)
    roster = next(group for group in groups if len(group) >= 2)
    victim, kept = roster[-1], roster[0]
    column = next(column for column in ("region_id", "organization_id", "brand_id") if kept[column])
    remaining = [row for row in rows if row is not victim]
    write(package_copy, "designations", header, remaining)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "designation-members.named-not-member", "resources/designations.csv",
                            row=row_number(remaining, kept), column=column)
    assert hits[0]["found"] == victim[column]


def test_a_deleted_designation_alone_in_its_sentence_leaves_its_selection_word_unrecorded(package_copy):
    header, rows, groups = rosters(package_copy)
    starts: dict[str, int] = defaultdict(int)
    for row in rows:
        starts[row["char_start"]] += 1
    victim = next(group[0] for group in groups if len(group) == 1 and starts[group[0]["char_start"]] == 1
                  and not group[0]["batch"] and not group[0]["year"]   # no figure that coverage would miss
                  and any(word in group[0]["quote"] for word in ("入选", "获批", "获评")))
    write(package_copy, "designations", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["file"]) for p in problems_of(report)]
    assert code == 1 and len(found) == 1, found
    assert found[0][0] == "designation-members.selection-not-recorded"


def test_names_count_outside_the_programme_and_only_whole():
    lookup = {"兰州市": {"620100"}, "兰州市城关区": {"620102"}, "白银市": {"620400", "620400-dup"}, "国家": {"china"}}
    assert named_rows("兰州市、白银市获批国家知识产权强市建设试点城市", {"国家知识产权强市建设试点城市"},
                      lookup) == [{"620100"}, {"620400", "620400-dup"}]   # 国家 is the programme's; one place, two rows
    assert named_rows("兰州市城关区入选国家知识产权强县建设试点县", {"国家知识产权强县建设试点县"},
                      lookup) == [{"620102"}]                               # 兰州市 is part of a longer name
    assert named_rows("兰州市入选国家第二批强县", {"国家强县"}, lookup) == [{"620100"}]   # batch words inside the name
