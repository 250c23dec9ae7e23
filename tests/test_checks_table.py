"""The `table` check: frictionless validation, as problems with file, row, column and id."""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dataset_tools.model import Package, Table
from dataset_tools.validate.checks import table as table_check
from tests.test_checks_support import assert_only_rule, group, read, row_number, stand_in_package, validate_copy, write

if TYPE_CHECKING:
    from frictionless import Report


def enum_field(root: Path, name: str) -> str:
    """`kind`, an enum-constrained field of schemas/<name>.json: the evidence check reads its codes (title-end,
    name-head) and leaves a value that is no code to this check."""
    schema = json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == "kind")
    assert field["constraints"]["enum"]
    return field["name"]


@pytest.mark.parametrize("name", ["organizations", "policies"])
def test_an_enum_violation_names_file_row_and_column(package_copy, name):
    header, rows = read(package_copy, name)
    column = enum_field(package_copy, name)
    victim = rows[len(rows) // 2]
    victim[column] = "spaceship"
    write(package_copy, name, header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "table.constraint-error", f"resources/{name}.csv",
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
    monkeypatch.setattr(table_check, "_heads", {})
    cold = validate_copy(package_copy, ["table"])
    assert without_timings(warm[1]) == without_timings(cold[1])
    assert 0 < len(table_check._remembered) <= table_check.MEMORY


def test_remembering_gives_what_frictionless_gives_on_the_whole_package(package_copy):
    """After the clean copy filled the memory, a copy with a broken cell gets from `run_frictionless`
    the very errors (resource, type, row, field, note) of frictionless validating the whole package."""
    from frictionless import Package as FrictionlessPackage

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
    monkeypatch.setattr(table_check, "_heads", {})
    monkeypatch.setattr(table_check, "MEMORY_ROWS", 0)
    direct = validate_copy(package_copy, ["table"])
    assert table_check._remembered == {}
    assert without_timings(direct[1]) == without_timings(remembering[1])
    assert_only_rule(direct[1], direct[0], "table.constraint-error", "resources/organizations.csv",
                     row=row_number(rows, rows[0]), column=column)


def old_way(package: Package, slow: dict | None = None) -> Report:
    """Frictionless 5.21 validating every row of every resource itself (inline, whole rows)."""
    from frictionless import Package as FrictionlessPackage

    return FrictionlessPackage(table_check.frictionless_descriptor(package, slow), basepath=str(package.root)).validate(
        limit_errors=table_check.ERROR_LIMIT)


def frictionless_errors(report: Report) -> list[tuple]:
    """Every error of a frictionless report, in order (resource, type, row, field(s), note, cell),
    and each resource's warnings and count of rows read."""
    return [(task.name, e.type, getattr(e, "row_number", None), getattr(e, "field_name", None),
             getattr(e, "field_names", None), e.note, getattr(e, "cell", None))
            for task in report.tasks for e in task.errors] + [(e.type, e.note) for e in report.errors] + [
        (task.name, task.warnings, task.stats.get("rows")) for task in report.tasks]


def assert_as_frictionless_on_whole_rows(package: Package, monkeypatch: pytest.MonkeyPatch) -> list:
    """The check's problems (code, file, row, column, found, message, row id) and the frictionless
    errors under them equal those of frictionless validating the whole rows: on the remembering
    path (memory empty, then full) and on the large-package path. Returns the problems."""
    run, reports = table_check.run_frictionless, []

    def problems(patch: pytest.MonkeyPatch, validate: Callable[..., Report]) -> list[tuple]:
        def keeping(*args: Any) -> Report:
            reports.append(validate(*args))
            return reports[-1]
        patch.setattr(table_check, "run_frictionless", keeping)
        return [(p.code, p.file, p.row, p.column, p.found, p.message, p.row_id)
                for p in table_check.table_check(package)]

    with monkeypatch.context() as patch:
        theirs = problems(patch, old_way)
        patch.setattr(table_check, "_remembered", {})
        patch.setattr(table_check, "_heads", {})
        assert problems(patch, run) == theirs and problems(patch, run) == theirs   # memory empty, then full
        patch.setattr(table_check, "MEMORY_ROWS", 0)
        assert problems(patch, run) == theirs
    assert len(reports) == 4 and all(frictionless_errors(report) == frictionless_errors(reports[0])
                                      for report in reports)
    return theirs


def set_cells(table: Table, index: int, **cells: str) -> None:
    """Row `index` of a loaded table with `cells` changed."""
    row = table.rows[index]
    row.cells = tuple(cells.get(name, cell) for name, cell in zip(table.header, row.cells, strict=False))


def renumber(table: Table) -> None:
    for number, row in enumerate(table.rows, start=2):
        row.number = row.line = number


def fields_where(package: Package, test: Callable[[dict], Any]) -> list[tuple[Table, dict]]:
    """(table, field) for every field of a loaded table with rows that passes `test`."""
    return [(table, field) for table in package.tables.values() for field in table.schema["fields"]
            if len(table.rows) >= 3 and test(field)]


def break_wrong_type(package: Package) -> None:
    table, field = fields_where(package, lambda f: f.get("type") in ("integer", "date", "number"))[0]
    set_cells(table, 1, **{field["name"]: "not-a-value"})


def break_enum(package: Package) -> None:
    table, field = fields_where(package, lambda f: "enum" in f.get("constraints", {}))[-1]
    set_cells(table, 0, **{field["name"]: "spaceship"})


def break_pattern(package: Package) -> None:
    table, field = fields_where(package, lambda f: "pattern" in f.get("constraints", {}))[1]
    assert not re.fullmatch(field["constraints"]["pattern"], "\u2603")
    set_cells(table, 2, **{field["name"]: "\u2603"})


def break_required(package: Package) -> None:
    table, field = fields_where(package, lambda f: f.get("constraints", {}).get("required") and f["name"] != "id")[2]
    set_cells(table, 1, **{field["name"]: ""})


def break_primary_key_in_a_row_with_more_errors(package: Package) -> None:
    """Row 2 repeats row 1's id (unique and primary key) and has a bad number after it: the
    order of a row's errors (unique fields, key, then the others) is frictionless's."""
    table, field = fields_where(package, lambda f: f.get("type") == "integer" and f["name"] != "id")[0]
    set_cells(table, 1, id=table.rows[0]["id"], **{field["name"]: "x"})


def break_unique(package: Package) -> None:
    """A unique integer field repeats a value written differently (01 and 1 are one integer)."""
    table, field = fields_where(package, lambda f: f.get("constraints", {}).get("unique") and f["name"] != "id"
                                and f.get("type") == "integer")[0]
    set_cells(table, 2, **{field["name"]: "0" + table.rows[0][field["name"]]})


def break_blank_row(package: Package) -> None:
    table = package.tables[fields_where(package, lambda f: True)[0][0].name]
    table.rows.insert(1, type(table.rows[0])(("",) * len(table.header), 0, 0, table.index))
    renumber(table)


def break_many_rows_with_one_bad_value(package: Package) -> None:
    table, field = fields_where(package, lambda f: "enum" in f.get("constraints", {}))[0]
    for index in range(0, len(table.rows), 2):
        set_cells(table, index, **{field["name"]: "spaceship"})


def break_beyond_the_error_limit(package: Package) -> None:
    table, field = max(fields_where(package, lambda f: f.get("type") == "integer"), key=lambda tf: len(tf[0].rows))
    assert len(table.rows) > 2 * table_check.ERROR_LIMIT
    for index in range(len(table.rows)):
        set_cells(table, index, **{field["name"]: "-x"})


def break_header(package: Package) -> None:
    table = fields_where(package, lambda f: True)[-1][0]
    table.header[1] = "not_a_field"


def break_row_length(package: Package) -> None:
    table = fields_where(package, lambda f: True)[1][0]
    table.rows[0].cells = table.rows[0].cells[:-1]
    table.rows[2].cells = (*table.rows[2].cells, "extra")


BREAKS = [break_wrong_type, break_enum, break_pattern, break_required, break_primary_key_in_a_row_with_more_errors,
          break_unique, break_blank_row, break_many_rows_with_one_bad_value, break_beyond_the_error_limit,
          break_header, break_row_length]


def loaded_package() -> Package:
    from dataset_tools.model import load_package
    from dataset_tools.validate.preflight import preflight

    path = Path(__file__).resolve().parent.parent / "datapackage.json"
    return load_package(path, preflight(path))


def only_broken_tables(package: Package, pristine: Package) -> None:
    """Keep only the tables the breaks changed (header or cells), in the package and its descriptor:
    the unchanged ones would be validated the same way by both paths, at a cost."""
    changed = {name for name, table in package.tables.items()
               if table.header != pristine.tables[name].header
               or [row.cells for row in table.rows] != [row.cells for row in pristine.tables[name].rows]}
    assert changed
    package.tables = {name: table for name, table in package.tables.items() if name in changed}
    package.descriptor = dict(package.descriptor, resources=[
        entry for entry in package.resource_entries() if entry.get("name") in changed])


@pytest.mark.parametrize("breaks", [[b] for b in BREAKS] + [BREAKS], ids=[b.__name__ for b in BREAKS] + ["all"])
def test_distinct_values_give_what_frictionless_gives_on_whole_rows(breaks: list,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Frictionless reads each distinct cell of a plain table once; what the check reports of a
    package broken in each way (and in all at once) is what frictionless reports reading every
    row: codes, files, rows, columns, found values, messages, in the same order."""
    monkeypatch.setattr(table_check, "ERROR_LIMIT", 25)
    package, pristine = loaded_package(), loaded_package()
    for broken in breaks:
        broken(package)
    only_broken_tables(package, pristine)
    distinct, real = [], table_check.validate_distinct

    def counting(resource: Any, head: Report, rows: list) -> Report | None:
        distinct.append(resource.name)
        return real(resource, head, rows)
    monkeypatch.setattr(table_check, "validate_distinct", counting)
    found = assert_as_frictionless_on_whole_rows(package, monkeypatch)
    assert found   # something is reported; a table still plain after the breaks took the distinct path:
    assert bool(distinct) == (breaks not in ([break_header], [break_row_length]))
    if breaks == [break_beyond_the_error_limit]:
        assert [p[0] for p in found].count("table.error-limit") == 1


def test_distinct_values_follow_typed_keys_blank_rows_and_missing_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in table with a composite primary key, a unique boolean, missing values "" and
    "NA": keys compared as typed values (1 and 01), keys all missing, a blank row of required
    cells, a bad cell in a key field, and values invalid in many rows."""
    rows = [{"id": "1", "code": "a", "flag": "true", "n": "1.5", "kind": "x"},
            {"id": "01", "code": "a", "flag": "false", "n": "-1", "kind": "y"},
            {"id": "NA", "code": "", "flag": "", "n": "2", "kind": "x"},
            {"id": "", "code": "NA", "flag": "NA", "n": "", "kind": ""},
            {"id": "two", "code": "b", "flag": "yes", "n": "x", "kind": "z"},
            {"id": "3", "code": "c", "flag": "TRUE", "n": "0", "kind": "z"},
            *[{"id": str(n), "code": "d", "flag": "", "n": "-2", "kind": "z"} for n in range(4, 40)]]
    package = stand_in_package({"things": rows})
    package.tables["things"].schema = {
        "fields": [{"name": "id", "type": "integer"}, {"name": "code", "constraints": {"pattern": "[a-c]"}},
                   {"name": "flag", "type": "boolean", "constraints": {"unique": True}},
                   {"name": "n", "type": "number", "constraints": {"minimum": 0, "required": True}},
                   {"name": "kind", "constraints": {"enum": ["x", "y"], "required": True}}],
        "primaryKey": ["id", "code"], "missingValues": ["", "NA"]}
    package.descriptor = {"resources": [{"name": "things", "path": "resources/things.csv"}]}
    assert table_check.plain_rows(table_check.frictionless_descriptor(package)["resources"][0]) is not None
    found = assert_as_frictionless_on_whole_rows(package, monkeypatch)
    assert {"table.primary-key", "table.unique-error", "table.blank-row", "table.type-error"} <= {p[0] for p in found}
    for limit in (9, len(found)):   # frictionless stops at the limit, also when the last row reaches it exactly
        monkeypatch.setattr(table_check, "ERROR_LIMIT", limit)
        limited = assert_as_frictionless_on_whole_rows(package, monkeypatch)
        assert len(limited) == limit + 1 and limited[-1][0] == "table.error-limit"
