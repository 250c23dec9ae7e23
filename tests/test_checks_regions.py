"""The `regions` check: codes nest, levels step down, and the official list agrees."""
from __future__ import annotations

from dataset_tools.validate.checks.regions import hierarchy_problems, quote_problems, reference_problems
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write


def test_a_county_moved_under_another_prefecture_is_named(package_copy):
    header, rows = read(package_copy, "regions")
    prefectures = [row["id"] for row in rows if row["level"] == "prefecture"]
    victim = next(row for row in rows if row["level"] == "county" and row["parent_id"] in prefectures)
    victim["parent_id"] = next(p for p in prefectures if p != victim["parent_id"])
    write(package_copy, "regions", header, rows)
    code, report = validate_copy(package_copy)
    row = row_number(rows, victim)
    assert_only_rule(report, code, "regions.code-not-nested", "resources/regions.csv", row=row, column="id",
                     also=("regions.reference-mismatch",))
    assert_only_rule(report, code, "regions.reference-mismatch", "resources/regions.csv", row=row, column="parent_id",
                     also=("regions.code-not-nested",))


def test_a_misspelt_official_name_is_named(package_copy):
    header, rows = read(package_copy, "regions")
    victim = next(row for row in rows if row["adcode"] and row["name_as_written"])
    victim["name_zh"] = victim["name_zh"] + "区"
    write(package_copy, "regions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "regions.reference-mismatch", "resources/regions.csv", row=row_number(rows, victim),
                     column="name_zh")


def region(id_, level, parent="", adcode=None, **cells):
    return dict({"id": id_, "adcode": id_ if adcode is None else adcode, "level": level, "parent_id": parent,
                 "name_zh": "", "name_as_written": "", "quote": "", "status": "external"}, **cells)


def problems_of(rows):
    package = stand_in_package({"regions": rows})
    table = package.tables["regions"]
    by_id = {row.id: row for row in table.rows}
    return {(p.row_id, p.code, p.column) for row in table.rows for p in hierarchy_problems(table, row, by_id)}


def test_levels_step_down_one_at_a_time_and_codes_nest():
    rows = [region("china", "country", adcode=""), region("620000", "province", "china"),
            region("620100", "prefecture", "620000"), region("620102", "county", "620100"),
            region("620300", "prefecture", "620000"), region("620402", "county", "620300"),
            region("620111", "county", "620000"),
            region("620982105000", "township", "620102"),
            region("hexi", "macro_region", "620000", adcode="")]
    assert problems_of(rows) == {("620402", "regions.code-not-nested", "id"),
                                 ("620111", "regions.parent-level", "parent_id"),
                                 ("620982105000", "regions.code-not-nested", "id"),
                                 ("hexi", "regions.grouping-has-parent", "parent_id")}


def test_ids_are_codes_and_groupings_have_none():
    rows = [region("lanzhou", "prefecture", adcode="620100"), region("hexi", "macro_region", adcode="620000")]
    assert problems_of(rows) == {("lanzhou", "regions.id-not-adcode", "adcode"),
                                 ("hexi", "regions.grouping-has-adcode", "adcode")}


def test_codes_names_and_levels_follow_the_reference_list():
    reference = {"620100": {"code": "620100", "name_zh": "兰州市", "level": "prefecture", "parent_code": "620000"}}
    rows = [region("620100", "prefecture", "620000", name_zh="兰州"), region("629999", "county", "620100")]
    table = stand_in_package({"regions": rows}).tables["regions"]
    found = {(p.row_id, p.code, p.column) for row in table.rows for p in reference_problems(table, row, reference)}
    assert found == {("620100", "regions.reference-mismatch", "name_zh"), ("629999", "regions.unknown-code", "adcode")}


def test_a_stated_quote_must_contain_the_name():
    rows = [region("620722", "county", quote="民乐县、民勤县", status="stated", name_zh="民乐县"),
            region("620621", "county", quote="兰州市城关区", status="stated", name_zh="民勤县")]
    table = stand_in_package({"regions": rows}).tables["regions"]
    assert [(p.row_id, p.code) for row in table.rows for p in quote_problems(table, row)] == \
        [("620621", "regions.quote-without-name")]


def test_a_grouping_given_the_level_of_the_country_is_named(package_copy):
    header, rows = read(package_copy, "regions")
    victim = next(row for row in rows if row["level"] == "macro_region")
    victim["level"] = "country"
    write(package_copy, "regions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "regions.country-not-named", "resources/regions.csv",
                     row=row_number(rows, victim), column="level")
