"""The `table` check: frictionless validation, as problems with file, row, column and id."""
from __future__ import annotations

import json
from pathlib import Path

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


class FakeError:
    def __init__(self, type_, note, row_number=None):
        self.type, self.note, self.row_number = type_, note, row_number
        self.row_numbers = self.label = None


class FakeTask:
    def __init__(self, name, errors):
        self.name, self.errors = name, errors


def test_an_error_of_a_referenced_table_is_not_repeated_under_its_referencers():
    broken = FakeError("encoding-error", "cannot decode byte 0xff")
    tasks = {"organizations": FakeTask("organizations", [broken]),
             "brands": FakeTask("brands", [FakeError("encoding-error", "cannot decode byte 0xff"),
                                           FakeError("type-error", "bad", row_number=3)])}
    schemas = {"brands": {"foreignKeys": [{"fields": "organization_id",
                                           "reference": {"resource": "organizations", "fields": "id"}}]}}
    inherited = table_check.inherited_errors(tasks["brands"], tasks, schemas)
    assert [e.type for e in inherited] == ["encoding-error"]
    assert table_check.inherited_errors(tasks["organizations"], tasks, schemas) == []


def test_foreign_keys_into_unreadable_resources_are_dropped():
    package = stand_in_package({"brands": [{"id": "a", "organization_id": "x"}]})
    package.tables["brands"].schema = {"fields": [{"name": "id"}, {"name": "organization_id"}],
                                       "foreignKeys": [{"fields": "organization_id",
                                                        "reference": {"resource": "organizations", "fields": "id"}}]}
    package.descriptor = {"resources": [{"name": "brands", "path": "resources/brands.csv", "bytes": 1,
                                         "hash": "sha256:00"}]}
    package.skipped.add("organizations")
    resource = table_check.frictionless_descriptor(package, set())["resources"][0]
    assert "foreignKeys" not in resource["schema"]
    assert "bytes" not in resource and "hash" not in resource
