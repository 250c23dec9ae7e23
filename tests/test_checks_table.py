"""The `table` check: frictionless validation, as problems with file, row, column and id."""
from __future__ import annotations

import json
from pathlib import Path

from dataset_tools.model import Package
from dataset_tools.validate.checks import table as table_check
from tests.test_checks_support import assert_only_rule, group, read, row_number, stand_in_package, validate_copy, write


def enum_field(root: Path, name: str) -> str:
    """`kind`, an enum-constrained field of schemas/<name>.json that no content check reads."""
    schema = json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "kind")
    assert field["constraints"]["enum"]
    return field["name"]


def test_an_enum_violation_names_file_row_and_column(package_copy):
    header, rows = read(package_copy, "organizations")
    column = enum_field(package_copy, "organizations")
    victim = rows[len(rows) // 2]
    victim[column] = "spaceship"
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "table.constraint-error", "resources/organizations.csv",
                            row=row_number(rows, victim), column=column)
    assert hits[0]["row_id"] == victim["id"]
    assert hits[0]["found"] == "spaceship"


def test_a_dangling_foreign_key_is_reported_once_under_the_referencing_table(package_copy):
    header, rows = read(package_copy, "brands")
    victim = next(row for row in rows if row["region_id"])
    victim["region_id"] = "629999"
    write(package_copy, "brands", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "table.foreign-key", "resources/brands.csv", row=row_number(rows, victim),
                            column="region_id")
    assert len(hits) == 1


def test_more_than_a_thousand_errors_are_all_reported(package_copy):
    header, rows = read(package_copy, "organizations")
    column = enum_field(package_copy, "organizations")
    template = rows[0]
    extra = [dict(template, id=f"extra-org-{n}", **{column: "spaceship"}) for n in range(1200)]
    write(package_copy, "organizations", header, rows + extra)
    code, report = validate_copy(package_copy, ["table"])
    enum_errors = [p for p in group(report, "table")["problems"]
                   if p["code"] == "table.constraint-error" and p["column"] == column and p["found"] == "spaceship"]
    assert code == 1 and len(enum_errors) == 1200


def keyed_package():
    """A stand-in package with single, composite and self-referencing foreign keys."""
    package = stand_in_package({
        "places": [{"id": "p1", "code": "1", "kind": "a"}, {"id": "p2", "code": "2", "kind": "b"},
                   {"id": "", "code": "", "kind": ""}],
        "things": [{"id": "t1", "place_id": "p1", "code": "1", "kind": "a", "parent_id": ""},
                   {"id": "t2", "place_id": "nowhere", "code": "2", "kind": "a", "parent_id": "t1"},
                   {"id": "t3", "place_id": "", "code": "", "kind": "", "parent_id": "t9"},
                   {"id": "t4", "place_id": "p2", "code": "2", "kind": "", "parent_id": "t3"}],
    })
    package.tables["places"].schema = {"fields": [{"name": "id"}, {"name": "code", "type": "integer"},
                                                  {"name": "kind"}]}
    package.tables["things"].schema = {
        "fields": [{"name": "id"}, {"name": "place_id"}, {"name": "code", "type": "integer"}, {"name": "kind"},
                   {"name": "parent_id"}],
        "foreignKeys": [{"fields": "place_id", "reference": {"resource": "places", "fields": "id"}},
                        {"fields": ["code", "kind"], "reference": {"resource": "places", "fields": ["code", "kind"]}},
                        {"fields": "parent_id", "reference": {"resource": "", "fields": "id"}}]}
    package.descriptor = {"resources": [{"name": name, "path": f"resources/{name}.csv"} for name in package.tables]}
    return package


def ours(package: Package) -> set[tuple[int | None, str | None]]:
    return {(p.row, p.column) for p in table_check.table_check(package) if "ForeignKey" in p.message}


def test_foreign_keys_are_checked_on_the_loaded_rows_with_frictionless_semantics():
    """Dangling single keys, composite keys matched as a whole (one cell missing is still checked),
    a self reference; keys whose cells are all missing are not checked."""
    assert ours(keyed_package()) == {(3, "place_id"), (3, "code, kind"), (4, "parent_id"), (5, "code, kind")}


def test_foreign_key_problems_equal_frictionless_on_the_same_rows():
    """The same rows validated by frictionless itself, foreign keys included, give the same errors."""
    from frictionless import Package as FrictionlessPackage

    package = keyed_package()
    resources = [{"name": name, "data": [table.header] + [list(row.cells) for row in table.rows],
                  "schema": table.schema} for name, table in package.tables.items()]
    report = FrictionlessPackage({"resources": resources}).validate()
    theirs = {(error.row_number, ", ".join(error.field_names)) for task in report.tasks for error in task.errors
              if error.type == "foreign-key"}
    assert theirs and ours(package) == theirs


def test_frictionless_is_given_the_loaded_rows_and_no_foreign_keys():
    """Frictionless never re-reads files: rows come inline, the schema has no foreignKeys."""
    package = keyed_package()
    package.descriptor["resources"][1].update(bytes=1, hash="sha256:00", encoding="utf-8", format="csv")
    resource = table_check.frictionless_descriptor(package)["resources"][1]
    assert "foreignKeys" not in resource["schema"] and "foreignKeys" in package.tables["things"].schema
    assert not {"path", "bytes", "hash", "encoding", "format"} & set(resource)
    assert list(resource["data"][1]) == ["t1", "p1", "1", "a", ""]


def test_a_foreign_key_to_a_resource_that_does_not_exist_is_reported_and_one_that_is_unreadable_is_not():
    package = keyed_package()
    package.tables["things"].schema["foreignKeys"][0]["reference"]["resource"] = "nothere"
    problems = [p for p in table_check.table_check(package) if "does not exist" in p.message]
    assert [(p.file, p.row) for p in problems] == [("resources/things.csv", None)]
    package.skipped.add("nothere")
    assert not [p for p in table_check.table_check(package) if "nothere" in p.message]


def without_timings(report: dict) -> dict:
    """The report but the seconds each stage took."""
    return {**{k: v for k, v in report.items() if k != "timings"},
            "checks": [{k: v for k, v in g.items() if k != "seconds"} for g in report["checks"]]}


def test_remembered_reports_change_nothing_and_follow_the_content(package_copy, monkeypatch):
    """What frictionless found in a resource is remembered by content: a copy whose cell changed
    is validated afresh (the first, clean copy's report is not reused for it), and the report
    from memory equals the report with memory emptied, problem for problem."""
    clean = validate_copy(package_copy, ["table"])
    assert clean[0] == 0, clean[1]["summary"]
    header, rows = read(package_copy, "organizations")
    column = enum_field(package_copy, "organizations")
    victim = rows[-1]
    victim[column] = "spaceship"
    write(package_copy, "organizations", header, rows)
    warm = validate_copy(package_copy, ["table"])
    assert_only_rule(warm[1], warm[0], "table.constraint-error", "resources/organizations.csv",
                     row=row_number(rows, victim), column=column)
    monkeypatch.setattr(table_check, "_remembered", {})
    cold = validate_copy(package_copy, ["table"])
    assert without_timings(warm[1]) == without_timings(cold[1])
    assert 0 < len(table_check._remembered) <= table_check.MEMORY


def test_remembering_gives_what_frictionless_gives_on_the_whole_package(package_copy):
    """After the clean copy filled the memory, a copy with a broken cell gets from `run_frictionless`
    the very errors (resource, type, row, field, note) of frictionless validating the whole package."""
    from frictionless import Package as FrictionlessPackage
    from frictionless import Report

    from dataset_tools.model import load_package
    from dataset_tools.validate.preflight import preflight

    def loaded() -> Package:
        path = package_copy / "datapackage.json"
        return load_package(path, preflight(path))

    def errors(report: Report) -> list[tuple]:
        return [(task.name, e.type, getattr(e, "row_number", None), getattr(e, "field_name", None), e.note)
                for task in report.tasks for e in task.errors] + [(e.type, e.note) for e in report.errors]

    table_check.run_frictionless(loaded())
    header, rows = read(package_copy, "organizations")
    column = enum_field(package_copy, "organizations")
    rows[0][column] = "spaceship"
    write(package_copy, "organizations", header, rows)
    package = loaded()
    expected = FrictionlessPackage(table_check.frictionless_descriptor(package), basepath=str(package_copy)).validate(
        limit_errors=table_check.ERROR_LIMIT)
    found = errors(table_check.run_frictionless(package))
    assert found == errors(expected) and [e[1] for e in found] == ["constraint-error"]


def test_the_memory_is_keyed_by_name_schema_rows_and_error_limit():
    """Two resources that differ only in name, in one schema key or in one cell have different keys."""
    base = {"name": "a", "schema": {"fields": [{"name": "x", "type": "integer"}]}, "data": [["x"], ["1"]]}
    variants = [dict(base, name="b"), dict(base, schema={"fields": [{"name": "x", "type": "number"}]}),
                dict(base, data=[["x"], ["1.0"]]), dict(base, data=[["x"], ["1"], ["1"]])]
    keys = {table_check.resource_key(entry) for entry in [base, *variants]}
    assert len(keys) == 1 + len(variants)
    assert table_check.resource_key(dict(base)) == table_check.resource_key(base)


def test_a_large_package_is_validated_as_it_is_with_the_same_report(package_copy, monkeypatch):
    """Above MEMORY_ROWS rows nothing is remembered (no digest of every row for one run), and the
    report of a broken copy is the one the remembering path gives."""
    header, rows = read(package_copy, "organizations")
    column = enum_field(package_copy, "organizations")
    rows[0][column] = "spaceship"
    write(package_copy, "organizations", header, rows)
    remembering = validate_copy(package_copy, ["table"])
    monkeypatch.setattr(table_check, "_remembered", {})
    monkeypatch.setattr(table_check, "MEMORY_ROWS", 0)
    direct = validate_copy(package_copy, ["table"])
    assert table_check._remembered == {}
    assert without_timings(direct[1]) == without_timings(remembering[1])
    assert_only_rule(direct[1], direct[0], "table.constraint-error", "resources/organizations.csv",
                     row=row_number(rows, rows[0]), column=column)
