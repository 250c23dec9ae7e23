"""The `coverage` check: every figure of the text is in the data or excluded with a reason."""
from __future__ import annotations

import re
from pathlib import Path

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import coverage as tool
from dataset_tools.validate.checks.coverage import rows_by_source
from tests.test_checks_support import problems_of, read, row_number, stand_in_package, validate_copy, write

EXCLUSIONS = "curation/coverage_exclusions.csv"


def exclusions(root):
    return read_rows(root / EXCLUSIONS)


def test_a_stale_exclusion_is_named(package_copy):
    header, rows = exclusions(package_copy)
    stale = dict(rows[0], char_start=str(int(rows[0]["char_start"]) + 1), char_end=str(int(rows[0]["char_end"]) + 1))
    write_rows(package_copy / EXCLUSIONS, header, [*rows, stale])
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


def only_carrier_in(root: Path, columns: tuple[str, ...]) -> tuple[tool.Expression, str, str, str]:
    """(expression, resource, row id, column): an expression of the copy's text that exactly one row
    carries, in one of `columns` (a cell no other check reads)."""
    text = next((root / "sources").glob("*.txt")).read_text(encoding="utf-8")
    rows = tool.collect_rows(root)
    for expression in tool.numeric_expressions(text):
        carriers = [(row, tool.carrier(expression.text, row.cells)) for row in rows
                    if row.start <= expression.start and expression.end <= row.end]
        carriers = [(row, column) for row, column in carriers if column]
        if len(carriers) == 1 and carriers[0][1] in columns:
            resource, row_id = carriers[0][0].label.split(":", 1)
            return expression, resource, row_id, carriers[0][1]
    raise AssertionError(f"no expression is carried by exactly one row in {columns}")


def test_an_expression_only_a_note_mentions_is_reported(package_copy):
    """Move the typed cell that carries an expression into the row's note: the span still holds the
    expression and the note states it, but the check reports it, with its text and offsets."""
    expression, resource, row_id, column = only_carrier_in(package_copy, ("batch", "year"))
    header, rows = read(package_copy, resource)
    row = next(row for row in rows if row["id"] == row_id)
    row["note"] = (row["note"] + " " if row["note"] else "") + f"{column}: {expression.text}"
    row[column] = ""
    write(package_copy, resource, header, rows)
    code, report = validate_copy(package_copy)
    assert code == 1
    hits = [p for p in problems_of(report) if p["code"] == "coverage.uncovered" and p["found"] == expression.text
            and f"[{expression.start}, {expression.end})" in p["message"]]
    assert hits and f"{resource}:{row_id}" in hits[0]["message"]  # the row whose span holds it is named
    # the evidence check reads batch and year from the quote too, so it names the emptied cell as well
    others = [p for p in problems_of(report) if p["check"] not in ("coverage", "evidence")
              if p["file"] == f"resources/{resource}.csv" and p["row"] == row_number(rows, row)]
    assert not others, others


def test_a_note_does_not_cover_but_value_text_does():
    text = "截至2024年底,全省有效发明专利达1.78万件"
    noted = {"id": "ind-noted", "source_id": "s", "char_start": "0", "char_end": str(len(text)),
             "value_text": "1.78万件", "note": "截至2024年底 (as of the end of 2024)"}
    package = stand_in_package({"indicators": [noted]}, {"s": text})
    rows = rows_by_source(package, set(tool.NON_COVERING_RESOURCES), tool)["s"]
    covers = tool.cover(tool.numeric_expressions(text), rows)
    assert {e.text: (c.by, c.inside) for e, c in covers.items()} == {
        "2024年底": ("", "indicators:ind-noted"),
        "1.78万件": ("indicators:ind-noted (value_text)", "indicators:ind-noted")}


def test_segments_do_not_cover():
    text = "截至2024年底,全省有效发明专利达1.78万件"
    package = stand_in_package({
        "segments": [{"id": "seg", "source_id": "s", "char_start": "0", "char_end": str(len(text)),
                      "value_text": text, "period_end": "2024-12-31"}],
        "indicators": [{"id": "ind", "source_id": "s", "char_start": "8", "char_end": str(len(text)),
                        "value_text": "1.78万件", "period_end": "2024-12-31"}]},
        {"s": text})
    rows = rows_by_source(package, set(tool.NON_COVERING_RESOURCES), tool)
    assert [row.label for row in rows["s"]] == ["indicators:ind"]
    covers = tool.cover(tool.numeric_expressions(text), rows["s"])
    assert [e.text for e, c in covers.items() if not c.by] == ["2024年底"]


def test_a_deleted_indicator_whose_figure_an_action_label_repeats_leaves_it_uncovered(package_copy):
    _, actions = read(package_copy, "actions")
    _, claims = read(package_copy, "claims")
    header, rows = read(package_copy, "indicators")
    cited = {ref for row in rows for ref in re.findall(r"\{([^{}]*)\}", row["formula"])} | {
        row["indicator_id"] for row in claims}

    def repeated(row: dict) -> bool:
        return any(row["value_text"] in action["label_zh"] and action["char_start"]
                   and int(action["char_start"]) <= int(row["char_start"])
                   and int(row["char_end"]) <= int(action["char_end"]) for action in actions)

    victim = next(row for row in rows if row["status"] == "stated" and row["value_text"]
                  and row["id"] not in cited and repeated(row))
    write(package_copy, "indicators", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("coverage.uncovered", victim["value_text"])]


def test_a_deleted_rank_indicator_whose_word_a_claim_uses_as_its_cue_leaves_it_uncovered(package_copy):
    _, claims = read(package_copy, "claims")
    header, rows = read(package_copy, "indicators")
    cited = {ref for row in rows for ref in re.findall(r"\{([^{}]*)\}", row["formula"])} | {
        row["indicator_id"] for row in claims}

    def cue_of_a_claim(row: dict) -> bool:
        return any(claim["cue_zh"] == row["value_text"] and claim["char_start"]
                   and int(claim["char_start"]) <= int(row["char_start"])
                   and int(row["char_end"]) <= int(claim["char_end"]) for claim in claims)

    victim = next(row for row in rows if row["status"] == "stated" and row["unit"] == "rank"
                  and row["id"] not in cited and cue_of_a_claim(row))
    write(package_copy, "indicators", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("coverage.uncovered", victim["value_text"])]
