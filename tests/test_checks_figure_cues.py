"""The `figure-cues` check: a stated figure is identified in its quote, keeps its qualifier, its comparison has a cue.

Each test breaks a copy of the package in one way, runs every check in process, and asserts that
the `figure-cues` check alone names the row and column. Rows are picked by their properties.
"""
from __future__ import annotations

from pathlib import Path

from dataset_tools.numerals import PREFIXES
from dataset_tools.validate.checks.figure_cues import CUES
from dataset_tools.validate.checks.figure_cues import cues as cues_check
from tests.test_checks_support import (
    assert_only_rule,
    formula_references,
    read,
    row_number,
    stand_in_package,
    validate_copy,
    write,
)


def figure_of(row: dict) -> int:
    return int(row["char_start"]) + row["quote"].find(row["value_text"])


def test_value_text_pointed_at_another_figure_of_the_quote_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    inputs, codes = formula_references(rows), [row["indicator"] for row in rows]
    stated = [row for row in rows if row["status"] == "stated" and row["value_text"]]
    victim, other = next((row, other) for row in stated for other in stated
                         if other is not row and other["unit"] == row["unit"] and row["id"] not in inputs
                         and codes.count(row["indicator"]) == 1 and row["quote"].count(other["value_text"]) == 1
                         and int(row["char_start"]) + row["quote"].find(other["value_text"]) == figure_of(other))
    for column in ("value_text", "value", "qualifier", "lower_bound", "upper_bound"):
        victim[column] = other[column]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    # the moved figure also leaves its comparison's cue behind when the clause differs
    assert_only_rule(report, code, "figure-cues.figure-taken-twice", "resources/indicators.csv",
                     row=row_number(rows, victim), column="value_text", also=("figure-cues.comparison-without-cue",))


def test_a_qualifier_dropped_from_value_text_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["qualifier"] == "more_than"
                  and not row["upper_bound"] and row["value_text"].startswith(tuple(PREFIXES))
                  and row["value_text"][:1] not in "首")
    prefix = next(word for word in sorted(PREFIXES, key=len, reverse=True) if victim["value_text"].startswith(word))
    victim["value_text"] = victim["value_text"][len(prefix):]
    victim["qualifier"], victim["lower_bound"] = "exact", ""
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.qualifier-left-out", "resources/indicators.csv",
                     row=row_number(rows, victim), column="value_text")


def test_a_comparison_without_its_cue_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["comparison"] == "yoy_growth")
    victim["comparison"] = "share"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.comparison-without-cue", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison")


def test_a_rank_without_its_comparison_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["unit"] == "rank")
    victim["comparison"] = ""
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.unit-comparison", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison")


def test_a_percentage_without_its_comparison_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["unit"] == "percent")
    victim["comparison"] = ""
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.unit-comparison", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison")


def test_a_share_of_a_figure_not_in_percent_is_named(package_copy):
    """A derived row has no quote to hold a cue: the unit alone says a share is wrong for it."""
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and not row["comparison"]
                  and row["unit"] not in ("percent", "rank", "rank_places", "times"))
    victim["comparison"] = "share"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.unit-comparison", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison",
                     also=("derived.comparison-mismatch",))   # nor is it the comparison of the figure it restates


def test_a_comparison_emptied_where_its_cue_occurs_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["comparison"] == "cumulative"
                  and "comparison" not in row["curated_cells"])
    victim["comparison"] = ""
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.empty-with-cue", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison")


def test_a_comparison_declared_empty_and_filled_in_is_named(package_copy):
    """The curators' reading that a cue word is no comparison (累计 of one evaluation's total) is given by the
    note: filling the cell in contradicts it."""
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and not row["comparison"]
                  and "comparison" in row["curated_cells"].split(";") and "累计" in row["quote"]
                  and row["unit"] not in ("percent", "rank", "rank_places", "times"))
    victim["comparison"] = "cumulative"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison")


def test_a_figure_written_twice_in_the_quote_is_named():
    row = {"id": "i", "status": "stated", "value_text": "5个", "quote": "5个县和5个区", "char_start": "0",
           "unit": "count", "comparison": "", "source_id": "s"}
    problems = cues_check(stand_in_package({"indicators": [row]}, {"s": "5个县和5个区"}))
    assert [(p.row, p.column) for p in problems] == [(2, "value_text")]


def test_every_comparison_code_has_cues():
    import json
    schema = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "indicators.json").read_text())
    codes = next(f for f in schema["fields"] if f["name"] == "comparison")["constraints"]["enum"]
    assert set(codes) == set(CUES)


def test_a_rank_change_on_a_count_is_named_on_a_derived_row_too(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "derived" and row["unit"] == "count")
    victim["comparison"] = "rank_change"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.unit-comparison", "resources/indicators.csv",
                     row=row_number(rows, victim), column="comparison",
                     also=("derived.comparison-mismatch",))   # nor is it the comparison of the figure it restates


def test_a_quote_trimmed_into_its_label_is_named(package_copy):
    text = (package_copy / "sources" / "gansu-ip-press-conference-2025-04-25.zh.txt").read_text(encoding="utf-8")
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["value_text"] and not row["quote_prefix"]
                  and row["quote"].startswith(row["label_zh"]) and row["value_text"] not in row["label_zh"]
                  and text.count(row["quote"][1:]) == 1)
    victim["quote"] = victim["quote"][1:]
    victim["char_start"] = str(int(victim["char_start"]) + 1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "figure-cues.label-cut-off", "resources/indicators.csv",
                     row=row_number(rows, victim), column="quote")
