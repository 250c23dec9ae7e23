"""The `list-references` check: each issuer in policies.issuer_ids is an organisation."""
from __future__ import annotations

from tests.test_checks_support import assert_only_rule, read, row_number, validate_copy, write


def test_an_unknown_issuer_is_named(package_copy):
    header, rows = read(package_copy, "policies")
    victim = next(row for row in rows if row["issuer_ids"])
    victim["issuer_ids"] = victim["issuer_ids"] + ";no-such-organization"
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "list-references.unknown-issuer", "resources/policies.csv",
                            row=row_number(rows, victim), column="issuer_ids")
    assert [p["found"] for p in hits] == ["no-such-organization"]
