"""The `definitions` check: rows agree with their code's definition; one wording names one code."""
from __future__ import annotations

from pathlib import Path

from tests.test_checks_support import assert_only_check_names, read, row_number, write

from dataset_tools.validate import cli
from dataset_tools.validate.report import CHECKS


def validate_in_process(root: Path) -> tuple[int, dict]:
    report = cli.validate(root / "datapackage.json", list(CHECKS))
    return report["exit_code"], report


def test_an_indicator_code_swapped_for_one_of_another_unit_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and not row["counts_program"])
    other = next(row for row in rows if row["unit"] != victim["unit"] and row["status"] == "stated")
    victim["indicator"] = other["indicator"]
    write(package_copy, "indicators", header, rows)
    code, report = validate_in_process(package_copy)
    hits = assert_only_check_names(report, code, "definitions", "resources/indicators.csv",
                                   row=row_number(rows, victim))
    assert {hit["column"] for hit in hits} >= {"unit", "label_en"}


def test_an_english_label_edited_on_one_row_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated")
    victim["label_en"] = victim["label_en"] + " (total)"
    write(package_copy, "indicators", header, rows)
    code, report = validate_in_process(package_copy)
    assert_only_check_names(report, code, "definitions", "resources/indicators.csv", row=row_number(rows, victim),
                            column="label_en")


def test_a_chinese_label_that_is_neither_the_codes_nor_the_quotes_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated")
    victim["label_zh"] = victim["label_zh"][:-1] + ("量" if victim["label_zh"][-1] != "量" else "数")
    write(package_copy, "indicators", header, rows)
    code, report = validate_in_process(package_copy)
    assert_only_check_names(report, code, "definitions", "resources/indicators.csv", row=row_number(rows, victim),
                            column="label_zh")


def test_a_programme_code_from_the_wrong_vocabulary_is_named(package_copy):
    _, definitions = read(package_copy, "definitions")
    indicator_code = next(row["id"] for row in definitions if row["vocabulary"] == "indicator")
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if row["status"] == "stated" and not row["batch"])
    victim["program"] = indicator_code
    write(package_copy, "designations", header, rows)
    code, report = validate_in_process(package_copy)
    assert_only_check_names(report, code, "definitions", "resources/designations.csv", row=row_number(rows, victim),
                            column="program")


def test_a_programme_label_edited_by_one_character_is_named(package_copy):
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if row["status"] == "stated")
    victim["program_zh"] = "省" + victim["program_zh"][1:] if victim["program_zh"][0] != "省" else "国" + victim["program_zh"][1:]
    write(package_copy, "designations", header, rows)
    code, report = validate_in_process(package_copy)
    assert_only_check_names(report, code, "definitions", "resources/designations.csv", row=row_number(rows, victim),
                            column="program_zh")
