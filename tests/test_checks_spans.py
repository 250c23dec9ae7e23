"""The `spans` check: quotes are the source text at their offsets, unique or pinned by a prefix."""
from __future__ import annotations

from dataset_tools.validate.checks.spans import spans as spans_check
from tests.test_checks_support import (
    assert_only_check_names,
    first_row_anywhere,
    read,
    row_number,
    stand_in_package,
    validate_json,
    write,
)


def test_a_span_shifted_by_one_character_is_named(package_copy):
    header, rows = read(package_copy, "organizations")
    victim = next(row for row in rows if row["char_start"] and not row["quote_prefix"])
    victim["char_start"] = str(int(victim["char_start"]) + 1)
    victim["char_end"] = str(int(victim["char_end"]) + 1)
    write(package_copy, "organizations", header, rows)
    code, report = validate_json(package_copy)
    hits = assert_only_check_names(report, code, "spans", "resources/organizations.csv",
                                   row=row_number(rows, victim), column="quote")
    assert hits[0]["found"] == victim["quote"]


def test_an_inferred_row_without_note_is_named(package_copy):
    name, header, rows, victim = first_row_anywhere(
        package_copy, ("organizations", "regions", "designations", "indicators"),
        lambda row: row["status"] == "inferred")
    victim["note"] = ""
    write(package_copy, name, header, rows)
    code, report = validate_json(package_copy)
    assert_only_check_names(report, code, "spans", f"resources/{name}.csv", row=row_number(rows, victim),
                            column="note")


def test_a_repeated_quote_without_its_prefix_is_named(package_copy):
    name, header, rows, victim = first_row_anywhere(
        package_copy, ("organizations", "regions", "speakers", "indicators", "designations", "brands", "policies"),
        lambda row: bool(row.get("quote_prefix")))
    victim["quote_prefix"] = ""
    write(package_copy, name, header, rows)
    code, report = validate_json(package_copy)
    hits = assert_only_check_names(report, code, "spans", f"resources/{name}.csv", row=row_number(rows, victim),
                                   column="quote_prefix")
    assert "also at" in hits[0]["message"]


def test_span_rules_on_a_stand_in():
    text = "甲乙丙甲乙"
    rows = [
        {"id": "ok", "source_id": "s", "char_start": "2", "char_end": "3", "quote": "丙", "quote_prefix": "",
         "status": "stated"},
        {"id": "pinned", "source_id": "s", "char_start": "3", "char_end": "5", "quote": "甲乙", "quote_prefix": "丙",
         "status": "stated"},
        {"id": "ambiguous", "source_id": "s", "char_start": "0", "char_end": "2", "quote": "甲乙", "quote_prefix": "",
         "status": "stated"},
        {"id": "outside", "source_id": "s", "char_start": "4", "char_end": "9", "quote": "乙", "quote_prefix": "",
         "status": "stated"},
        {"id": "no-span", "source_id": "s", "char_start": "", "char_end": "", "quote": "", "quote_prefix": "",
         "status": "stated"},
        {"id": "derived-no-formula", "source_id": "s", "char_start": "", "char_end": "", "quote": "",
         "quote_prefix": "", "status": "derived", "formula": ""},
    ]
    package = stand_in_package({"things": rows}, {"s": text})
    named = {p.row_id for p in spans_check(package)}
    assert named == {"ambiguous", "outside", "no-span", "derived-no-formula"}
