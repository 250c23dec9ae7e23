"""The `coverage` check: every figure of the text is in the data or excluded with a reason."""
from __future__ import annotations

from tests.test_checks_support import group, stand_in_package, validate_json

from dataset_tools.curate import coverage as tool
from dataset_tools.curate.coverage import assess_package, spans_by_source
from dataset_tools.csvio import read_rows, write_rows

EXCLUSIONS = "curation/coverage_exclusions.csv"


def exclusions(root):
    return read_rows(root / EXCLUSIONS)


def test_a_stale_exclusion_is_named(package_copy):
    header, rows = exclusions(package_copy)
    stale = dict(rows[0], char_start=str(int(rows[0]["char_start"]) + 1), char_end=str(int(rows[0]["char_end"]) + 1))
    write_rows(package_copy / EXCLUSIONS, header, rows + [stale])
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
            if p["found"] == removed["expression"] and f"[{removed['char_start']}, {removed['char_end']})" in p["message"]]
    assert hits and hits[0]["file"].startswith("sources/") and hits[0]["line"] >= 1


def test_segments_do_not_cover():
    text = "截至2024年底,全省有效发明专利达1.78万件"
    package = stand_in_package({
        "segments": [{"id": "seg", "source_id": "s", "char_start": "0", "char_end": str(len(text))}],
        "indicators": [{"id": "ind", "source_id": "s", "char_start": "8", "char_end": str(len(text))}]},
        {"s": text})
    assert spans_by_source(package) == {"s": [("indicators:ind", 8, len(text))]}
    assessed, _ = assess_package(package, [])
    assert [a.expression.text for a in assessed["s"] if a.status == "uncovered"] == ["2024年底"]


def test_an_exclusion_with_a_source_id_applies_to_that_source_only():
    """Two sources with the same text: a per-source exclusion excludes in its source, not in the
    other; one naming a source whose text lacks the expression is stale; one without source_id
    applies to both."""
    text = "共有8件,另有一批。"
    package = stand_in_package({"indicators": [{"id": "i", "source_id": "a", "char_start": "0", "char_end": "0"}]},
                               {"a": text, "b": text})
    row = {"expression": "8件", "char_start": "2", "char_end": "4", "reason_code": "not_data", "reason": "x"}
    shared = {"expression": "一批", "char_start": "7", "char_end": "9", "reason_code": "not_data", "reason": "x"}
    lost = dict(row, source_id="nowhere")
    assessed, stale = assess_package(package, [dict(row, source_id="a"), shared, lost])
    status = {source: [(a.expression.text, a.status) for a in items] for source, items in assessed.items()}
    assert status == {"a": [("8件", "excluded"), ("一批", "excluded")], "b": [("8件", "uncovered"), ("一批", "excluded")]}
    assert stale == [lost]
