"""The `definitions` check: rows agree with their code's definition; one wording names one code."""
from __future__ import annotations

from tests.test_checks_support import assert_only_rule, problems_of, read, row_number, validate_copy, write


def test_an_indicator_code_swapped_for_one_of_another_unit_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and not row["counts_program"])
    other = next(row for row in rows if row["unit"] != victim["unit"] and row["status"] == "stated")
    victim["indicator"] = other["indicator"]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "definitions.unit", "resources/indicators.csv", row=row_number(rows, victim),
                     column="unit", also=("definitions.label-en", "definitions.label-zh"))
    assert any(p["code"] == "definitions.label-en" and p["row"] == row_number(rows, victim)
               for p in problems_of(report))


def test_an_english_label_edited_on_one_row_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated")
    victim["label_en"] = victim["label_en"] + " (total)"
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "definitions.label-en", "resources/indicators.csv", row=row_number(rows, victim),
                            column="label_en")


def test_a_chinese_label_that_is_neither_the_codes_nor_the_quotes_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated")
    victim["label_zh"] = victim["label_zh"][:-1] + ("量" if victim["label_zh"][-1] != "量" else "数")
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "definitions.label-zh", "resources/indicators.csv", row=row_number(rows, victim),
                            column="label_zh")


def test_a_programme_code_from_the_wrong_vocabulary_is_named(package_copy):
    _, definitions = read(package_copy, "definitions")
    indicator_code = next(row["id"] for row in definitions if row["vocabulary"] == "indicator")
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if row["status"] == "stated" and not row["batch"])
    victim["program"] = indicator_code
    write(package_copy, "designations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "definitions.wrong-vocabulary", "resources/designations.csv",
                     row=row_number(rows, victim),
                            column="program")


def test_a_programme_label_edited_by_one_character_is_named(package_copy):
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if row["status"] == "stated")
    first = "省" if victim["program_zh"][0] != "省" else "国"
    victim["program_zh"] = first + victim["program_zh"][1:]
    write(package_copy, "designations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "definitions.label-zh", "resources/designations.csv", row=row_number(rows, victim),
                            column="program_zh")
