"""The `list-references` check: foreign keys frictionless cannot express (a list in one cell)."""
from __future__ import annotations

from dataset_tools.model import Package
from dataset_tools.validate.checks.common import require
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "list-references"
CODES = declare({
    "list-references.unknown-issuer": "an id in policies.issuer_ids is not an organizations.id",
})


@check(NAME)
def list_references(package: Package) -> list[Problem]:
    """Every id in policies.issuer_ids (separated by ;) exists in organizations.id."""
    policies = require(package, "policies")
    if policies is None or "issuer_ids" not in policies.header:
        return []
    organizations = require(package, "organizations")
    known = {row.id for row in organizations.rows} if organizations else set()
    problems = []
    for row in policies.rows:
        for issuer in [part for part in row.get("issuer_ids", "").split(";") if part]:
            if issuer not in known:
                problems.append(problem("list-references.unknown-issuer", f"issuer {issuer!r} is not an "
                                        "organizations.id", file=policies.file, row=row, column="issuer_ids",
                                        found=issuer, expected="an existing organizations.id"))
    return problems
