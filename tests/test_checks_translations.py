"""The `translations` check: every Chinese text has its English partner."""
from __future__ import annotations

import json

from dataset_tools.validate.checks.translations import translations as translations_check
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write


def optional_english_cell(root):
    """(resource, *_en column, row) where *_zh has content and the schema does not require *_en."""
    for name in ("brands", "indicators", "organizations", "designations", "policies", "regions", "sources"):
        schema = json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
        optional = {f["name"] for f in schema["fields"] if not f.get("constraints", {}).get("required")}
        header, rows = read(root, name)
        for column in [c for c in header if c.endswith("_en") and c in optional and c[:-3] + "_zh" in header]:
            row = next((r for r in rows if r[column[:-3] + "_zh"] and r[column]), None)
            if row:
                return name, column, header, rows, row
    raise AssertionError("no optional *_en cell with content")


def test_a_removed_english_partner_is_named(package_copy):
    name, column, header, rows, victim = optional_english_cell(package_copy)
    victim[column] = ""
    write(package_copy, name, header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "translations.english-missing", f"resources/{name}.csv",
                     row=row_number(rows, victim),
                     column=column)


def test_a_missing_english_column_is_named():
    package = stand_in_package({"brands": [{"id": "b", "product_zh": "苹果"}]})
    problems = translations_check(package)
    assert [(p.code, p.row, p.column, p.expected) for p in problems] == \
        [("translations.column-missing", None, "product_zh", "product_en")]
