"""The `profile` check: the descriptor and its Table Schemas follow the official Data Package v2
profiles (vendored in profiles/2.0/), including what frictionless 5.21 lets through."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.test_checks_support import group, problems_of, validate_copy

DESCRIPTOR = "datapackage.json"


def edit_json(path: Path, change: Callable[[dict], object]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def only_profile_names(report: dict, exit_code: int, rule: str, file: str, column: str) -> list[dict]:
    """Exit 1; rule `rule` is the only one broken, and every problem names that file and key."""
    assert exit_code == 1, report["summary"]
    found = problems_of(report)
    assert {p["code"] for p in found} == {rule}, [(p["code"], p["file"], p["column"]) for p in found]
    assert all(p["file"] == file and p["column"] == column for p in found), found
    return found


def frictionless_accepts(root: Path) -> bool:
    """Whether frictionless 5.21 finds the package valid, as `frictionless validate datapackage.json`
    does (its command line is tested in tests/test_schemas.py; here it runs in this process)."""
    from frictionless import validate

    return validate(str(root / DESCRIPTOR)).valid


def test_the_package_passes_the_v2_profiles(package_copy):
    code, report = validate_copy(package_copy, ["profile"])
    assert code == 0 and group(report, "profile")["status"] == "passed", group(report, "profile")


def test_roles_given_as_a_string_is_named_though_frictionless_accepts_it(package_copy):
    edit_json(package_copy / DESCRIPTOR, lambda d: d["contributors"][0].update(roles="creator"))
    assert frictionless_accepts(package_copy)  # the reason this check exists
    code, report = validate_copy(package_copy)
    hits = only_profile_names(report, code, "profile.datapackage-invalid", DESCRIPTOR, "contributors[0].roles")
    assert hits[0]["found"] == '"creator"' and "array" in hits[0]["expected"]


def test_a_v1_profile_is_named(package_copy):
    def to_v1(descriptor):
        descriptor.pop("$schema")
        descriptor["profile"] = "data-package"
    edit_json(package_copy / DESCRIPTOR, to_v1)
    code, report = validate_copy(package_copy)
    hits = only_profile_names(report, code, "profile.not-declared", DESCRIPTOR, "$schema")
    assert hits[0]["expected"] == "https://datapackage.org/profiles/2.0/datapackage.json"


def test_categories_that_are_not_a_list_are_named_with_the_field(package_copy):
    descriptor = json.loads((package_copy / DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        fields = json.loads((package_copy / resource["schema"]).read_text(encoding="utf-8"))["fields"]
        index = next((i for i, f in enumerate(fields) if "categories" in f), None)
        if index is not None:
            break
    assert index is not None, "no schema has a coded field"
    edit_json(package_copy / resource["schema"],
              lambda s: s["fields"][index].update(categories=s["fields"][index]["categories"][0]))
    assert frictionless_accepts(package_copy)
    code, report = validate_copy(package_copy)
    hits = only_profile_names(report, code, "profile.tableschema-invalid", resource["schema"],
                              f"fields[{index}].categories")
    assert hits[0]["row_id"] == fields[index]["name"]


def test_a_numeric_field_example_is_named(package_copy):
    """v2 wants `example` as a string, even for an integer field (v1 readers take a number)."""
    descriptor = json.loads((package_copy / DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        fields = json.loads((package_copy / resource["schema"]).read_text(encoding="utf-8"))["fields"]
        index = next((i for i, f in enumerate(fields) if f["type"] == "integer" and "example" in f), None)
        if index is not None:
            break
    assert index is not None, "no integer field has an example"
    edit_json(package_copy / resource["schema"],
              lambda s: s["fields"][index].update(example=int(s["fields"][index]["example"])))
    code, report = validate_copy(package_copy)
    only_profile_names(report, code, "profile.tableschema-invalid", resource["schema"], f"fields[{index}].example")


def test_remembered_results_follow_the_content(package_copy):
    """What jsonschema found is remembered by the document's content: after the clean copy, an
    edited schema file is judged afresh, and a document equal but for 1 where "1" was is not
    confused with it."""
    from dataset_tools.validate.checks import profile

    assert validate_copy(package_copy, ["profile"])[0] == 0
    schema_file = next((package_copy / "schemas").glob("*.json"))
    edit_json(schema_file, lambda d: d["fields"][0].update(example=1))
    code, report = validate_copy(package_copy, ["profile"])
    found = problems_of(report)
    assert code == 1 and {(p["code"], p["file"], p["column"]) for p in found} == {
        ("profile.tableschema-invalid", f"schemas/{schema_file.name}", "fields[0].example")}, found
    assert profile.profile_problems("tableschema", {"fields": [], "missingValues": [1]}, "x") != \
        profile.profile_problems("tableschema", {"fields": [], "missingValues": ["1"]}, "x")
    assert len(profile._remembered) <= profile.MEMORY
