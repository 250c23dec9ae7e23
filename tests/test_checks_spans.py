"""The `spans` check: quotes are the source text at their offsets, unique or pinned by a prefix."""
from __future__ import annotations

import json

from dataset_tools.validate.checks.spans import spans as spans_check
from tests.test_checks_support import (
    assert_only_rule,
    first_row_anywhere,
    read,
    row_number,
    stand_in_package,
    validate_copy,
    write,
)


def test_a_span_shifted_by_one_character_is_named(package_copy):
    header, rows = read(package_copy, "organizations")
    victim = next(row for row in rows if row["char_start"] and not row["quote_prefix"])
    victim["char_start"] = str(int(victim["char_start"]) + 1)
    victim["char_end"] = str(int(victim["char_end"]) + 1)
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "spans.quote-mismatch", "resources/organizations.csv",
                            row=row_number(rows, victim), column="quote")
    assert hits[0]["found"] == victim["quote"]


def test_an_inferred_row_without_note_is_named(package_copy):
    name, header, rows, victim = first_row_anywhere(package_copy,
                                                    ("organizations", "regions", "designations", "indicators"),
                                                    lambda row: row["status"] == "inferred")
    victim["note"] = ""
    write(package_copy, name, header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "spans.note-missing", f"resources/{name}.csv", row=row_number(rows, victim),
                     column="note")


def test_a_repeated_quote_without_its_prefix_is_named(package_copy):
    name, header, rows, victim = first_row_anywhere(
        package_copy, ("organizations", "regions", "speakers", "indicators", "designations", "brands", "policies"),
        lambda row: bool(row.get("quote_prefix")))
    victim["quote_prefix"] = ""
    write(package_copy, name, header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "spans.prefix-needed", f"resources/{name}.csv", row=row_number(rows, victim),
                     column="quote_prefix")


def test_span_rules_on_a_stand_in():
    text = "甲乙丙甲乙"
    span = {"source_id": "s", "quote_prefix": "", "status": "stated"}
    rows = [
        dict(span, id="ok", char_start="2", char_end="3", quote="丙"),
        dict(span, id="pinned", char_start="3", char_end="5", quote="甲乙", quote_prefix="丙"),
        dict(span, id="ambiguous", char_start="0", char_end="2", quote="甲乙"),
        dict(span, id="outside", char_start="4", char_end="9", quote="乙"),
        dict(span, id="no-span", char_start="", char_end="", quote=""),
        dict(span, id="derived-no-formula", char_start="", char_end="", quote="", status="derived", formula=""),
        dict(span, id="no-offsets", char_start="", char_end="", quote="丙"),
        dict(span, id="half", char_start="2", char_end="", quote="丙"),
        dict(span, id="no-quote", char_start="2", char_end="3", quote=""),
        dict(span, id="moved", char_start="1", char_end="2", quote="丙"),
        dict(span, id="wrong-prefix", char_start="3", char_end="5", quote="甲乙", quote_prefix="乙"),
        dict(span, id="needless-prefix", char_start="2", char_end="3", quote="丙", quote_prefix="乙"),
        dict(span, id="inferred-no-note", char_start="2", char_end="3", quote="丙", status="inferred", note=""),
        dict(span, id="external-no-reference", char_start="", char_end="", quote="", status="external", reference=""),
    ]
    package = stand_in_package({"things": rows}, {"s": text})
    named = {(p.row_id, p.code, p.column) for p in spans_check(package)}
    assert named == {("ambiguous", "spans.prefix-needed", "quote_prefix"),
                     ("outside", "spans.outside-text", "char_end"),
                     ("no-span", "spans.span-missing", "quote"),
                     ("derived-no-formula", "spans.formula-missing", "formula"),
                     ("no-offsets", "spans.offsets-missing", "char_start"),
                     ("half", "spans.half-span", "char_end"),
                     ("no-quote", "spans.quote-missing", "quote"),
                     ("moved", "spans.quote-mismatch", "quote"),
                     ("wrong-prefix", "spans.prefix-mismatch", "quote_prefix"),
                     ("needless-prefix", "spans.prefix-needless", "quote_prefix"),
                     ("inferred-no-note", "spans.note-missing", "note"),
                     ("external-no-reference", "spans.reference-missing", "reference")}


def test_a_prefix_that_still_repeats_is_named():
    text = "乙甲乙甲乙"
    rows = [{"id": "still", "source_id": "s", "char_start": "1", "char_end": "2", "quote": "甲",
             "quote_prefix": "乙", "status": "stated"}]
    named = {(p.row_id, p.code) for p in spans_check(stand_in_package({"things": rows}, {"s": text}))}
    assert named == {("still", "spans.prefix-ambiguous")}


def test_a_quote_trimmed_into_a_quoted_name_is_named(package_copy):
    """The name inside the marks is still there, but the quote now opens a “ it does not close."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    names = {row["id"]: row["name_zh"] for row in read(package_copy, "campaigns")[1]}
    header, rows = read(package_copy, "action_links")
    victim = next(row for row in rows if row["quote"].endswith("”") and text.count(row["quote"][:-1]) == 1
                  and not row["quote_prefix"] and names.get(row["campaign_id"], "”") in row["quote"][:-1])
    victim["char_end"] = str(int(victim["char_end"]) - 1)
    victim["quote"] = victim["quote"][:-1]
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "spans.quote-cuts-marks", "resources/action_links.csv",
                     row=row_number(rows, victim), column="quote",
                     also=("evidence.quote-cuts-link-name",))   # the marks close the linked campaign's written name


def test_each_pair_of_marks_is_whole_or_absent():
    from dataset_tools.validate.checks.spans import cut_mark

    assert cut_mark("培育“丝序”品牌") is None
    assert cut_mark("(一)加强保护") is None
    assert cut_mark("开展“青少年版权保护季") == "“”"
    assert cut_mark("》等文件") == "《》"


def test_a_quote_trimmed_into_a_cue_word_is_named(package_copy):
    """The figure and its other cues are still quoted, but the quote now opens with half of a claim's cue word."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    fields = json.loads((package_copy / "schemas" / "claims.json").read_text(encoding="utf-8"))["fields"]
    cues = {word for field in fields for words in field.get("cues", {}).values() for word in words if len(word) > 1}
    header, rows = read(package_copy, "indicators")

    def trimmed(row: dict) -> str | None:   # the quote opened after the first character of a cue among its first words
        cue = next((cue for cue in sorted(cues) if cue in row["quote"][:8]), None)
        rest = row["quote"][row["quote"].index(cue) + 1:] if cue else ""
        return rest if rest and row["value_text"] in rest and text.count(rest) == 1 else None

    victim = next(row for row in rows if not row["quote_prefix"] and trimmed(row))
    rest = trimmed(victim) or ""
    cue = next(cue for cue in sorted(cues)
               if victim["quote"].endswith(cue[0] + rest) and cue[1:] == rest[:len(cue) - 1])
    victim["char_start"] = str(int(victim["char_start"]) + len(victim["quote"]) - len(rest))
    victim["quote"] = rest
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "spans.quote-cuts-cue", "resources/indicators.csv",
                            row=row_number(rows, victim), column="quote")
    assert hits[0]["expected"] == f"a quote holding “{cue}” whole, or none of it"


def test_a_cue_word_is_cut_at_either_edge_but_may_be_left_out_whole():
    from dataset_tools.validate.checks.common import cut_word

    text = "在全国率先完成盘点,累计达到5件以上"
    words = frozenset({"率先", "累计", "以上"})
    assert cut_word(text, 4, 9, words, (2,)) == "率先"                      # 先完成盘点
    assert cut_word(text, 3, 9, words, (2,)) is None                        # 率先完成盘点
    assert cut_word(text, 5, 9, words, (2,)) is None                        # 完成盘点
    assert cut_word(text, 12, len(text) - 1, words, (2,)) == "以上"         # ...5件以
    assert cut_word(text, 0, 11, words, (2,)) == "累计"                     # ...,累
    assert cut_word(text, 0, len(text), words, (2,)) is None
    title = "出台专项行动方案"   # longer words, of several lengths: the one the edge falls inside
    assert cut_word(title, 0, 6, frozenset({"行动方案", "专项行动"}), (4,)) == "行动方案"       # ...专项行动|方案
    assert cut_word(title, 0, 5, frozenset({"行动方案", "专项", "印发"}), (2, 4)) == "行动方案"   # ...专项行|动方案
