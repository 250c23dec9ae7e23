"""The `coverage` check: every figure of the text is in the data or excluded with a reason."""
from __future__ import annotations

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import coverage as tool
from dataset_tools.validate.checks.coverage import spans_by_source, uncovered
from tests.test_checks_support import group, stand_in_package, validate_json

EXCLUSIONS = "curation/coverage_exclusions.csv"


def exclusions(root):
    return read_rows(root / EXCLUSIONS)


def test_a_stale_exclusion_is_named(package_copy):
    header, rows = exclusions(package_copy)
    stale = dict(rows[0], char_start=str(int(rows[0]["char_start"]) + 1), char_end=str(int(rows[0]["char_end"]) + 1))
    write_rows(package_copy / EXCLUSIONS, header, [*rows, stale])
    code, report = validate_json(package_copy)
    assert code == 1
    hits = [p for p in group(report, "coverage")["problems"] if p["file"] == EXCLUSIONS and p["row"] == len(rows) + 2]
    assert hits and "stale" in hits[0]["message"]
    others = [p for entry in report["checks"] if entry["name"] != "coverage" for p in entry["problems"]
              if p["file"] == EXCLUSIONS]
    assert not others


def test_removing_an_exclusion_uncovers_its_expression(package_copy):
    header, rows = exclusions(package_copy)
    removed = rows[-1]
    write_rows(package_copy / EXCLUSIONS, header, rows[:-1])
    code, report = validate_json(package_copy)
    assert code == 1
    hits = [p for p in group(report, "coverage")["problems"]
            if p["found"] == removed["expression"]
            and f"[{removed['char_start']}, {removed['char_end']})" in p["message"]]
    assert hits and hits[0]["file"].startswith("sources/") and hits[0]["line"] >= 1


def test_uncovered_agrees_with_the_coverage_tool_on_the_real_text():
    """The fast interval test gives the same verdicts as the tool's assess() on the package itself."""
    from tests.conftest import PACKAGE_ROOT
    text = next((PACKAGE_ROOT / "sources").glob("*.txt")).read_text(encoding="utf-8")
    spans = tool.collect_spans(PACKAGE_ROOT)
    slow = {a.expression for a in tool.assess(text, spans, []) if a.status == "uncovered"}
    fast = set(uncovered(tool.numeric_expressions(text), sorted((start, end) for _, start, end in spans)))
    assert fast == slow


def test_segments_do_not_cover():
    text = "截至2024年底,全省有效发明专利达1.78万件"
    package = stand_in_package({
        "segments": [{"id": "seg", "source_id": "s", "char_start": "0", "char_end": str(len(text))}],
        "indicators": [{"id": "ind", "source_id": "s", "char_start": "8", "char_end": str(len(text))}]},
        {"s": text})
    spans = spans_by_source(package, set(tool.NON_COVERING_RESOURCES))
    assert spans == {"s": [(8, len(text))]}
    assert [e.text for e in uncovered(tool.numeric_expressions(text), spans["s"])] == ["2024年底"]
