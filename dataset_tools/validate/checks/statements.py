"""Checks of the statement resources (claims, actions, action_links) that Table Schema cannot express."""
from __future__ import annotations

from dataset_tools.model import Package
from dataset_tools.validate.checks.common import require
from dataset_tools.validate.report import Problem, check, declare, problem

CUE_COLUMNS = {"claims": "cue_zh", "actions": "verb_zh"}
PARTICIPANT_COLUMNS = ("organization_id", "region_id", "policy_id", "brand_id", "campaign_id", "work_id", "event_id")
CODES = declare({
    "cues.not-in-quote": "a claim's cue_zh or an action's verb_zh does not occur in the row's quote",
    "claim-indicators.unknown-code": "a claim's indicator is not an indicators.indicator code",
    "claim-indicators.code-mismatch": "a claim's indicator is not the code of the indicator row its indicator_id names",
    "action-links.participant-count": "an action_links row fills no participant column, or more than one",
})


@check("cues")
def cues(package: Package) -> list[Problem]:
    """Every claim's cue_zh and every action's verb_zh occurs in the row's quote (the words that make the statement
    are typed as they stand)."""
    problems = []
    for name, column in CUE_COLUMNS.items():
        table = require(package, name)
        if table is None or column not in table.columns:
            continue
        problems += [problem("cues.not-in-quote", f"{column} does not occur in the quote", file=table.file, row=row,
                             column=column, found=row.get(column),
                             expected=f"words of the quote {row.get('quote', '')!r}")
                     for row in table.rows if row.get(column) and row.get(column, "") not in row.get("quote", "")]
    return problems


@check("claim-indicators")
def claim_indicators(package: Package) -> list[Problem]:
    """Every claims.indicator is an indicators.indicator code, and the code of the claim's indicator_id row when that
    is given."""
    claims, indicators = require(package, "claims"), require(package, "indicators")
    if claims is None or indicators is None or "indicator" not in claims.columns:
        return []
    code_of = {row.id: row.get("indicator", "") for row in indicators.rows}
    known = set(code_of.values())
    problems = []
    for row in claims.rows:
        code, row_id = row.get("indicator", ""), row.get("indicator_id", "")
        if code and code not in known:
            problems.append(problem("claim-indicators.unknown-code", "not an indicators.indicator code",
                                    file=claims.file,
                                    row=row, column="indicator", found=code, expected="an existing indicator code"))
        elif row_id in code_of and code != code_of[row_id]:
            problems.append(problem("claim-indicators.code-mismatch",
                                    f"indicator_id {row_id} has code {code_of[row_id]}",
                                    file=claims.file, row=row, column="indicator", found=code or "(empty)",
                                    expected=code_of[row_id]))
    return problems


@check("action-links")
def action_links(package: Package) -> list[Problem]:
    """Every action_links row names exactly one participant: one of organization_id, region_id, policy_id, brand_id,
    campaign_id, work_id, event_id."""
    table = require(package, "action_links")
    if table is None:
        return []
    columns = [column for column in PARTICIPANT_COLUMNS if column in table.columns]
    problems = []
    for row in table.rows:
        filled = [column for column in columns if row.get(column, "")]
        if len(filled) != 1:
            problems.append(problem("action-links.participant-count", f"{len(filled)} participant columns are filled",
                                    file=table.file, row=row,
                                    column=", ".join(filled) or columns[0] if columns else None,
                                    found=", ".join(filled) or "(none)",
                                    expected="exactly one of " + ", ".join(columns)))
    return problems
