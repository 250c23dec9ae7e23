"""The statement resources: the queries of docs/statements.md run and answer what they promise, and
the rules of the `cues`, `claim-indicators` and `action-links` checks each fail alone when broken."""
from __future__ import annotations

import contextlib
import datetime
import io
import re

import duckdb
import pandas as pd
import pytest

from tests.conftest import PACKAGE_ROOT
from tests.test_checks_support import assert_only_rule, read, row_number, validate_copy, write

DOC = PACKAGE_ROOT / "docs" / "statements.md"


def blocks(language: str) -> list[str]:
    """The fenced ```language blocks of docs/statements.md, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def run_python(code: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Run a snippet from the package root as a user would; its variables."""
    monkeypatch.chdir(PACKAGE_ROOT)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        exec(compile(code, str(DOC), "exec"), namespace)
    assert printed.getvalue().strip(), "the snippet should show what it found"
    return namespace


def run_sql(query: str, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    monkeypatch.chdir(PACKAGE_ROOT)
    with duckdb.connect() as connection:
        cursor = connection.execute(query)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def test_the_doc_has_both_queries_in_both_languages():
    assert len(blocks("python")) == 2 and len(blocks("sql")) == 2


def test_first_in_the_country_claims(monkeypatch):
    found = run_python(blocks("python")[0], monkeypatch)["first_in_country"]
    assert isinstance(found, pd.DataFrame) and len(found) > 0
    assert set(found["claim_type"]) == {"precedence"} and set(found["scope_region_id"]) == {"china"}
    assert all(isinstance(cue, str) and cue in quote
               for cue, quote in zip(found["cue_zh"], found["quote"], strict=True))
    rows = run_sql(blocks("sql")[0], monkeypatch)
    assert rows and {row["claim_type"] for row in rows} == {"precedence"}
    assert {row["id"] for row in rows} == set(found["id"])


def test_actions_planned_for_2025(monkeypatch):
    found = run_python(blocks("python")[1], monkeypatch)["planned_2025"]
    assert isinstance(found, pd.DataFrame) and len(found) > 0
    assert set(found["action_status"]) == {"planned"}
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    assert all(isinstance(day, datetime.date) and day <= end for day in found["period_start"])
    assert all(isinstance(day, datetime.date) and day >= start for day in found["period_end"])
    rows = run_sql(blocks("sql")[1], monkeypatch)
    assert rows and {row["action_status"] for row in rows} == {"planned"}
    assert all(isinstance(row["period_start"], datetime.date) and row["period_start"] <= end for row in rows)
    assert {row["id"] for row in rows} == set(found["id"])
    parents = {row["parent_id"] for row in rows if row["parent_id"]}
    assert parents <= {row["id"] for row in rows}, "a plan item's parent is a plan of the same year"


def test_a_verb_not_in_the_quote_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    victim = rows[0]
    victim["verb_zh"] = victim["quote"] + "之外"
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "cues.not-in-quote", "resources/actions.csv", row=row_number(rows, victim),
                     column="verb_zh")


def test_a_claim_whose_code_is_not_its_indicator_rows_is_named(package_copy):
    _, indicators = read(package_copy, "indicators")
    header, rows = read(package_copy, "claims")
    victim = next(row for row in rows if row["indicator_id"])
    victim["indicator"] = next(row["indicator"] for row in indicators if row["indicator"] != victim["indicator"])
    write(package_copy, "claims", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "claim-indicators.code-mismatch", "resources/claims.csv",
                     row=row_number(rows, victim),
                     column="indicator")


def test_a_link_with_two_participants_is_named(package_copy):
    _, regions = read(package_copy, "regions")
    header, rows = read(package_copy, "action_links")
    victim = next(row for row in rows if row["organization_id"])
    victim["region_id"] = regions[0]["id"]
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    # the quote does not name the added place either
    hits = assert_only_rule(report, code, "action-links.participant-count", "resources/action_links.csv",
                            row=row_number(rows, victim), also=("evidence.link-not-named",))
    assert "region_id" in hits[0]["column"] and "organization_id" in hits[0]["column"]


def test_a_claim_linked_to_the_same_count_stated_in_another_sentence_is_named(package_copy):
    """首次突破万次 qualifies the figure of its own sentence: its indicator_id moved to a row of the same code that
    another sentence states (another speaker's 10257次) is named."""
    from dataset_tools.sentences import context

    text = next((package_copy / "sources").glob("*.txt")).read_text(encoding="utf-8")
    _, indicators = read(package_copy, "indicators")
    header, rows = read(package_copy, "claims")

    def outside(claim: dict, target: dict) -> bool:
        first, last = context(text, int(claim["char_start"]), int(claim["char_end"]))
        return not (first <= int(target["char_start"]) and int(target["char_end"]) <= last)

    victim, other = next((claim, target) for claim in rows if claim["status"] == "stated" and claim["indicator_id"]
                         and "indicator_id" not in claim["curated_cells"] for target in indicators
                         if target["indicator"] == claim["indicator"] and target["id"] != claim["indicator_id"]
                         and target["char_start"] and outside(claim, target))
    victim["indicator_id"] = other["id"]
    write(package_copy, "claims", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "claim-indicators.figure-elsewhere", "resources/claims.csv",
                     row=row_number(rows, victim), column="indicator_id")
