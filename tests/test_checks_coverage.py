"""The `coverage` check: every figure of the text is in the data or excluded with a reason."""
from __future__ import annotations

from tests.test_checks_support import problems_of, stand_in_package, validate_copy

from dataset_tools.curate import coverage as tool
from dataset_tools.validate.checks.coverage import spans_by_source, uncovered
from dataset_tools.csvio import read_rows, write_rows

EXCLUSIONS = "curation/coverage_exclusions.csv"


def exclusions(root):
    return read_rows(root / EXCLUSIONS)


def test_a_stale_exclusion_is_named(package_copy):
    header, rows = exclusions(package_copy)
    stale = dict(rows[0], char_start=str(int(rows[0]["char_start"]) + 1), char_end=str(int(rows[0]["char_end"]) + 1))
    write_rows(package_copy / EXCLUSIONS, header, rows + [stale])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["file"], p["row"], p["column"]) for p in problems_of(report)]
    assert code == 1 and found == [("coverage.stale-exclusion", EXCLUSIONS, len(rows) + 2, "char_start")]


def test_removing_an_exclusion_uncovers_its_expression(package_copy):
    header, rows = exclusions(package_copy)
    removed = rows[-1]
    write_rows(package_copy / EXCLUSIONS, header, rows[:-1])
    code, report = validate_copy(package_copy)
    source = read_rows(package_copy / "resources" / "sources.csv")[1][0]
    text = (package_copy / source["path"]).read_text(encoding="utf-8")
    line = text.count("\n", 0, int(removed["char_start"])) + 1
    found = [(p["code"], p["file"], p["line"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("coverage.uncovered", source["path"], line, removed["expression"])]


def test_an_exclusion_needs_a_known_reason_code_and_a_reason(package_copy):
    header, rows = exclusions(package_copy)
    rows[0]["reason_code"], rows[1]["reason"] = "no-such-reason", ""
    write_rows(package_copy / EXCLUSIONS, header, rows)
    code, report = validate_copy(package_copy, ["coverage"])
    found = [(p["code"], p["file"], p["row"], p["column"]) for p in problems_of(report)]
    assert code == 1 and found == [("coverage.unknown-reason-code", EXCLUSIONS, 2, "reason_code"),
                                   ("coverage.reason-missing", EXCLUSIONS, 3, "reason")]


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
