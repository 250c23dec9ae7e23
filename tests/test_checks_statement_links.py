"""The `statement-links` check: a participant is stated in its action's sentence, a part where its whole is.

Each package test breaks a copy in one way, runs every check in process, and asserts that this
check alone names the row and column. Rows are picked by their properties (spans, lines), never
by their values.
"""
from __future__ import annotations

from pathlib import Path

from dataset_tools.sentences import context, sentences
from dataset_tools.validate.checks.statement_links import ENUMERATED, statement_links
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write

ENUMERATED_HEADS = ("一是", "二是", "三是", "四是", "五是", "六是")   # a numbered paragraph opens with one

SOURCE = Path(__file__).resolve().parent.parent / "sources" / "gansu-ip-press-conference-2025-04-25.zh.txt"


def span(row: dict) -> tuple[int, int]:
    return int(row["char_start"]), int(row["char_end"])


def test_a_participant_moved_to_an_action_of_another_sentence_is_named(package_copy):
    text = SOURCE.read_text(encoding="utf-8")
    bounds = sentences(text)
    _, actions = read(package_copy, "actions")
    header, rows = read(package_copy, "action_links")
    victim = next(row for row in rows if row["char_start"])
    start, end = span(victim)

    def elsewhere(action: dict) -> bool:
        first, last = context(text, *span(action), bounds)
        return action["char_start"] != "" and not (first <= start and end <= last)

    victim["action_id"] = next(action["id"] for action in actions if elsewhere(action))
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "statement-links.outside-action-sentence", "resources/action_links.csv",
                     row=row_number(rows, victim), column="action_id")


def test_a_part_moved_under_an_action_of_another_paragraph_is_named(package_copy):
    text = SOURCE.read_text(encoding="utf-8")
    header, rows = read(package_copy, "actions")
    victim = next(row for row in rows if row["parent_id"] and row["char_start"])
    line = text.count("\n", 0, int(victim["char_start"]))
    # an action stated on an earlier line that is not the victim's, with a line between them that is not numbered
    victim["parent_id"] = next(row["id"] for row in rows if row["char_start"] and row["id"] != victim["id"]
                               and text.count("\n", 0, int(row["char_start"])) < line - 1
                               and not ENUMERATED.match(text.split("\n")[line - 1]))
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "statement-links.outside-parent-paragraph", "resources/actions.csv",
                     row=row_number(rows, victim), column="parent_id")


def stand_in(text: str, child_start: int, parent_start: int) -> list:
    """The problems of a stand-in package: one parent action and one child action at those offsets."""
    rows = [{"id": "parent", "parent_id": "", "source_id": "s", "char_start": str(parent_start),
             "char_end": str(parent_start + 2)},
            {"id": "child", "parent_id": "parent", "source_id": "s", "char_start": str(child_start),
             "char_end": str(child_start + 2)}]
    package = stand_in_package({"actions": rows}, {"s": text})
    return statement_links(package)


def test_numbered_paragraphs_belong_to_their_lead_in_and_no_further():
    text = "我们将聚焦两个方面:\n一是甲乙丙。\n二是丁戊己。\n另外庚辛壬。\n"
    lead, second, other = 0, text.index("二是"), text.index("另外")
    assert stand_in(text, second, lead) == []                    # a numbered paragraph under its lead-in
    assert stand_in(text, 3, lead) == []                         # the same paragraph
    assert len(stand_in(text, other, lead)) == 1                 # a paragraph after the numbered run
    assert len(stand_in(text, lead, second)) == 1                # a lead-in is no part of its items


def test_a_numbered_item_is_no_part_of_a_sibling_item():
    text = "我们将聚焦两个方面:\n一是甲乙丙。\n二是丁戊己。\n"
    assert len(stand_in(text, text.index("二是"), text.index("一是"))) == 1


def test_an_action_made_its_own_parent_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    victim = next(row for row in rows if row["parent_id"])
    victim["parent_id"] = victim["id"]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "statement-links.parent-cycle", "resources/actions.csv",
                     row=row_number(rows, victim), column="parent_id")


def test_parents_that_come_back_are_found_each_once():
    from dataset_tools.validate.checks.statement_links import on_cycles

    assert on_cycles({"a": "b", "b": "c"}) == set()                       # a chain
    assert on_cycles({"a": "a"}) == {"a"}                                  # its own parent
    assert on_cycles({"x": "a", "a": "b", "b": "a"}) == {"a", "b"}         # a loop, and a part hanging off it


def test_a_sibling_item_given_as_the_parent_is_named(package_copy):
    """The parts of 二是聚焦创新转化… share its paragraph; a part made the parent of its sibling does not head it."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "actions")

    def line(row: dict) -> int:
        return text.count("\n", 0, int(row["char_start"]))
    siblings = [(row, other) for row in rows for other in rows   # parts of one whole, in one paragraph
                if row["parent_id"] and other is not row and other["parent_id"] == row["parent_id"]
                and int(other["char_start"]) > int(row["char_start"]) and line(other) == line(row)]
    victim, sibling = siblings[0]
    victim["parent_id"] = sibling["id"]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "statement-links.parent-not-a-heading", "resources/actions.csv",
                     row=row_number(rows, victim), column="parent_id")


def test_an_object_moved_to_another_action_of_its_sentence_is_named(package_copy):
    """持续深化专利转化运用专项行动 and 推动创新成果从“实验室”走向“生产线” share a sentence; the campaign is the
    first action's object, in its clause, not the second's."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    _, actions = read(package_copy, "actions")
    header, rows = read(package_copy, "action_links")
    span = {row["id"]: (int(row["char_start"]), int(row["char_end"])) for row in actions if row["char_start"]}

    def sentence(start: int) -> tuple[int, int]:
        return max(text.rfind(mark, 0, start) for mark in "。\n"), min(
            (at for at in (text.find(mark, start) for mark in "。\n") if at >= 0), default=len(text))
    victim, other = next((row, action) for row in rows if row["role"] == "object"
                         and "action_id" not in row["curated_cells"] and row["action_id"] in span
                         for action, (start, end) in span.items()
                         if action != row["action_id"] and sentence(start) == sentence(int(row["char_start"]))
                         and "，" not in text[start:end] and "," not in text[start:end]
                         and not start <= int(row["char_start"]) <= end
                         and ("," in text[min(start, int(row["char_start"])):max(start, int(row["char_start"]))]))
    victim["action_id"] = other
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "statement-links.object-outside-action-clause", "resources/action_links.csv",
                     row=row_number(rows, victim), column="action_id")


def test_a_part_given_the_lead_in_as_its_parent_past_its_own_heading_is_named(package_copy):
    """The lead-in's action (我们将…) is the whole of the numbered items, and each item's heading (四是…) the whole of
    its own parts: a part that skips its heading for the lead-in is in a paragraph its parent may reach, but is not
    that paragraph's part."""
    header, rows = read(package_copy, "actions")
    by_id = {row["id"]: row for row in rows}
    victim = next(row for row in rows if row["parent_id"] in by_id and by_id[row["parent_id"]]["parent_id"]
                  and by_id[row["parent_id"]]["quote"].startswith(ENUMERATED_HEADS)
                  and "parent_id" not in row["curated_cells"])
    heading = victim["parent_id"]
    victim["parent_id"] = by_id[heading]["parent_id"]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "statement-links.parent-skips-heading", "resources/actions.csv",
                            row=row_number(rows, victim), column="parent_id")
    assert hits[0]["expected"] == heading
