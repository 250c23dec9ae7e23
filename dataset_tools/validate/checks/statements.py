"""Checks of the statement resources (claims, actions, action_links) that Table Schema cannot express."""
from __future__ import annotations

from dataset_tools.model import Package, Row
from dataset_tools.sentences import SentenceIndex, sentences
from dataset_tools.validate.checks.common import require, span_of
from dataset_tools.validate.report import Problem, check, declare, problem

CUE_COLUMNS = {"claims": "cue_zh", "actions": "verb_zh"}
PARTICIPANT_COLUMNS = ("organization_id", "region_id", "policy_id", "brand_id", "campaign_id", "work_id", "event_id")
CODES = declare({
    "cues.not-in-quote": "a claim's cue_zh or an action's verb_zh does not occur in the row's quote",
    "claim-indicators.unknown-code": "a claim's indicator is not an indicators.indicator code",
    "claim-indicators.code-mismatch": "a claim's indicator is not the code of the indicator row its indicator_id names",
    "claim-indicators.figure-elsewhere": "a stated claim's indicator_id names a figure stated outside the sentence of "
                                         "the claim",
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
    is given; a stated claim's indicator_id row states its figure in the sentence(s) holding the claim (unless
    indicator_id is in curated_cells): 首次突破万次 qualifies the figure of its own sentence, not the same count
    another speaker gives elsewhere."""
    claims, indicators = require(package, "claims"), require(package, "indicators")
    if claims is None or indicators is None or "indicator" not in claims.columns:
        return []
    code_of = {row.id: row.get("indicator", "") for row in indicators.rows}
    span_of_row = {row.id: (row.get("source_id", ""), span) for row in indicators.rows if (span := span_of(row))}
    indexes: dict[str, SentenceIndex] = {}   # a source text -> its sentences, split once per distinct text
    known = set(code_of.values())
    problems = []
    for row in claims.rows:
        code, row_id = row.get("indicator", ""), row.get("indicator_id", "")
        elsewhere = figure_elsewhere(package, row, span_of_row.get(row_id), indexes) \
            if row.get("status") == "stated" and "indicator_id" not in row.get("curated_cells", "").split(";") \
            else None
        if elsewhere is not None:
            problems.append(problem("claim-indicators.figure-elsewhere", f"indicator {row_id} states its figure "
                                    f"at {elsewhere}, outside the claim's sentence", file=claims.file, row=row,
                                    column="indicator_id", found=row_id,
                                    expected="the indicator row whose figure the claim's sentence states"))
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


def figure_elsewhere(package: Package, row: Row, target: tuple[str, tuple[int, int]] | None,
                     indexes: dict[str, SentenceIndex]) -> str | None:
    """[start, end) of the target indicator's span when it lies outside the sentence(s) holding the claim's span in
    the same source, else None (no target, no span or no text: nothing to compare)."""
    own, text = span_of(row), package.text(row.get("source_id", ""))
    if target is None or own is None or text is None:
        return None
    if target[0] != row.get("source_id", ""):
        return f"[{target[1][0]}, {target[1][1]}) of {target[0]}"
    if text not in indexes:
        indexes[text] = SentenceIndex(sentences(text))
    first, last = indexes[text].around(*own)
    start, end = target[1]
    return None if first <= start and end <= last else f"[{start}, {end})"


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
