"""Issue 2 contract: each Table Schema rejects a broken row, and frictionless itself is clean."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import frictionless
import pytest

from dataset_tools.csvio import read_rows, write_rows
from tests.conftest import PACKAGE_ROOT, copy_package

DESCRIPTOR = json.loads((PACKAGE_ROOT / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]


def schema_of(name: str) -> dict:
    return json.loads((PACKAGE_ROOT / "schemas" / f"{name}.json").read_text(encoding="utf-8"))


def frictionless_errors(root: Path) -> list[tuple[str, str, int | None, str | None]]:
    """(resource, error type, row number, field name) of every error frictionless finds validating
    the package (the foreign keys of each resource read the resources they reference)."""
    report = frictionless.Package(str(root / "datapackage.json")).validate()
    return [(task.name, error.type, getattr(error, "row_number", None), getattr(error, "field_name", None))
            for task in report.tasks for error in task.errors] + [
        ("package", e.type, None, None) for e in report.errors]


def break_cell(root: Path, resource: str, choose_field: Callable[[dict, dict], tuple[str, str]],
               index: int) -> tuple[int, str]:
    """Edit one cell of row `index` of `resource` (its last row when it has fewer); return (row number as
    frictionless counts, field)."""
    path = root / "resources" / f"{resource}.csv"
    header, rows = read_rows(path)
    index = min(index, len(rows) - 1)
    field, value = choose_field(schema_of(resource), rows[index])
    rows[index][field] = value
    write_rows(path, header, rows)
    return index + 2, field


def wrong_type(schema: dict, row: dict) -> tuple[str, str]:
    for field in schema["fields"]:
        if field["type"] in ("integer", "number", "date", "boolean"):
            return field["name"], "not-a-" + field["type"]
    raise AssertionError("schema has no typed field")


def missing_required(schema: dict, row: dict) -> tuple[str, str]:
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required") and f["name"] != "id"]
    return required[0], ""


def broken_key(schema: dict, row: dict) -> tuple[str, str]:
    return schema["foreignKeys"][0]["fields"], "no-such-row-anywhere"


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_field_is_documented(resource):
    """Every field has a title, a description, a type and constraints; keys are declared."""
    schema = schema_of(resource)
    assert schema["primaryKey"] == ["id"]
    assert schema["missingValues"] == [""]
    for field in schema["fields"]:
        assert field.get("title") and field.get("description") and field.get("type"), field["name"]
        assert "constraints" in field, field["name"]
    for fk in schema.get("foreignKeys", []):
        described = next(f for f in schema["fields"] if f["name"] == fk["fields"])
        assert f"Foreign key to `{fk['reference']['resource']}.id`" in described["description"]


TYPED = [name for name in RESOURCES
         if any(f["type"] in ("integer", "number", "date", "boolean") for f in schema_of(name)["fields"])]


FOREIGN_KEYED = [r for r in RESOURCES if schema_of(r).get("foreignKeys")]


BREAKERS = {wrong_type: TYPED, missing_required: RESOURCES, broken_key: FOREIGN_KEYED}


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Callable], tuple[dict, list]]:
    """breaker -> ({resource: (row number, field)}, frictionless's errors): one copy of the package in which
    each breaker has broken one cell of every resource it applies to, each in its own row (the first, second
    and third; a resource with fewer rows gives its last row to the later breakers, never the same cell twice),
    validated by frictionless once. A resource's errors are its own rows' errors: no broken cell is an id,
    so no key another resource references changes, and each cell is judged as if it were the only one broken."""
    root = copy_package(tmp_path_factory.mktemp("broken") / "package")
    broken = {breaker: {name: break_cell(root, name, breaker, index) for name in names}
              for index, (breaker, names) in enumerate(BREAKERS.items())}
    cells = [(name, *cell) for by_resource in broken.values() for name, cell in by_resource.items()]
    assert len(set(cells)) == len(cells), "two breakers chose the same cell"
    errors = frictionless_errors(root)
    return lambda breaker: (broken[breaker], errors)


@pytest.mark.parametrize("resource, breaker, error_type",
                         [(name, wrong_type, "type-error") for name in TYPED]
                         + [(name, missing_required, "constraint-error") for name in RESOURCES])
def test_schema_rejects_broken_row(broken_copy, resource, breaker, error_type):
    broken, errors = broken_copy(breaker)
    row_number, field = broken[resource]
    assert (resource, error_type, row_number, field) in errors, [e for e in errors if e[0] == resource]


@pytest.mark.parametrize("resource", FOREIGN_KEYED)
def test_schema_rejects_broken_foreign_key(broken_copy, resource):
    broken, errors = broken_copy(broken_key)
    row_number, _ = broken[resource]
    assert (resource, "foreign-key", row_number, None) in errors, [e for e in errors if e[0] == resource]


def test_sources_has_no_foreign_keys_to_break():
    """`sources` is the root of provenance: it references nothing (so it has no FK test above)."""
    assert "foreignKeys" not in schema_of("sources")


@pytest.mark.parametrize("cwd", [PACKAGE_ROOT, Path("/")])
def test_frictionless_cli_reports_no_error_and_no_warning(cwd):
    """`frictionless validate datapackage.json` on the pinned version: valid, no warnings."""
    cli = Path(sys.executable).parent / "frictionless"
    result = subprocess.run([str(cli), "validate", "--json", str(PACKAGE_ROOT / "datapackage.json")],
                            capture_output=True, text=True, cwd=cwd, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout[:3000]
    assert report.get("warnings", []) == []
    assert all(not task.get("warnings") for task in report["tasks"])
    assert result.returncode == 0


@pytest.mark.parametrize("resource", RESOURCES)
def test_coded_fields_carry_their_enum_as_v2_categories(resource):
    """A field with `constraints.enum` has `categories` equal to it (Table Schema v2); no other field has any."""
    for field in schema_of(resource)["fields"]:
        assert field.get("categories") == field.get("constraints", {}).get("enum"), field["name"]


def test_categories_are_regenerated_from_the_enum(package_copy):
    """Adding a code to an enum makes the categories stale (the test can fail), and the tool follows it."""
    from dataset_tools.curate import categories
    assert categories.main(["--check", "--root", str(package_copy)]) == 0
    resource = next(r for r in RESOURCES if any("categories" in f for f in schema_of(r)["fields"]))
    path = package_copy / "schemas" / f"{resource}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if "categories" in f)
    field["constraints"]["enum"].append("new_code")
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert categories.main(["--check", "--root", str(package_copy)]) == 1
    assert categories.main(["--root", str(package_copy)]) == 0
    fresh = next(f for f in json.loads(path.read_text(encoding="utf-8"))["fields"] if f["name"] == field["name"])
    assert fresh["categories"][-1] == "new_code" and fresh["categories"] == fresh["constraints"]["enum"]
