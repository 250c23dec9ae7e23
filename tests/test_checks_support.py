"""Helpers for the check tests: edit a package copy in one way, validate it in process, read the report.

Rows are picked by their properties (status, columns, relations), never by data values, so the
tests keep working as the data grows. Every edit of a CSV refreshes the copy's descriptor
(bytes/hash) unless the test is about the metadata check itself. Problems are matched by their
rule code, file, row and column, never by the words of their message.
"""
from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import descriptor
from tests.conftest import validate_in_process

if TYPE_CHECKING:
    from dataset_tools.model import Package


def read(root: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of resources/<name>.csv in the copy."""
    return read_rows(root / "resources" / f"{name}.csv")


def write(root: Path, name: str, header: list[str], rows: list[dict[str, str]], refresh: bool = True) -> None:
    """Write resources/<name>.csv back (package dialect) and refresh bytes/hash of the descriptor."""
    write_rows(root / "resources" / f"{name}.csv", header, rows)
    if refresh:
        refresh_descriptor(root)


def refresh_descriptor(root: Path) -> None:
    """Recompute bytes/hash (and source sha256) in the copy's datapackage.json, quietly."""
    with contextlib.redirect_stdout(io.StringIO()):
        assert descriptor.main(["--root", str(root)]) == 0


def first_row_anywhere(root: Path, names: tuple[str, ...],
                       wanted: Callable[[dict], object]) -> tuple[str, list[str], list[dict], dict]:
    """(resource, header, rows, row): the first row of the first listed resource for which wanted(row) holds."""
    for name in names:
        header, rows = read(root, name)
        row = next((row for row in rows if wanted(row)), None)
        if row is not None:
            return name, header, rows, row
    raise AssertionError(f"no row of {', '.join(names)} fits the test")


def row_number(rows: list[dict], row: dict) -> int:
    """The report's row number of a data row (header = 1)."""
    return rows.index(row) + 2


def validate_copy(root: Path, checks: list[str] | None = None) -> tuple[int, dict]:
    """Validate the copy in process with every check (or only `checks`); (exit code, report),
    the report being what validate.py --json prints."""
    report = validate_in_process(root, checks)
    return report["exit_code"], report


def group(report: dict, name: str) -> dict:
    """The report entry of one check."""
    return next(entry for entry in report["checks"] if entry["name"] == name)


def names_row(problem: dict, file: str, row: int | None = None, row_id: str | None = None) -> bool:
    """Whether a problem points at that file and row (by number or id)."""
    return problem["file"] == file and ((row is not None and problem["row"] == row)
                                        or (row_id is not None and problem["row_id"] == row_id))


def problems_of(report: dict) -> list[dict]:
    """Every problem of the report, all groups together."""
    return [p for entry in report["checks"] for p in entry["problems"]]


def assert_only_rule(report: dict, exit_code: int, code: str, file: str, row: int | None = None,
                     row_id: str | None = None, column: str | None = None, also: tuple[str, ...] = ()) -> list[dict]:
    """Exit 1; rule `code` names that row (and that column); no other rule (but those in `also`,
    which the same edit breaks by definition) names that row. Returns the problems of `code` there."""
    assert exit_code == 1, (exit_code, report["summary"])
    here = [p for p in problems_of(report) if names_row(p, file, row, row_id)]
    hits = [p for p in here if p["code"] == code]
    assert hits, (code, file, row, row_id, here[:5] or [p for p in problems_of(report)][:5])
    if column is not None:
        assert any(p["column"] == column for p in hits), hits
    others = [p for p in here if p["code"] != code and p["code"] not in also]
    assert not others, others
    return hits


def formula_references(rows: list[dict]) -> set[str]:
    """Ids of indicator rows that some formula uses."""
    import re
    return {ref for row in rows for ref in re.findall(r"\{([^{}]*)\}", row.get("formula", ""))}


def change_first_digit(value: str) -> str:
    """'17800' -> '27800', '9.5' -> '8.5': the same shape, another number."""
    for index, char in enumerate(value):
        if char.isdigit() and (char != "0" or index + 1 == len(value) or value[index + 1] == "."):
            new = "8" if char == "9" else str(int(char) + 1)
            return value[:index] + new + value[index + 1:]
    raise AssertionError(f"no digit to change in {value!r}")


def test_change_first_digit_keeps_the_shape():
    assert change_first_digit("17800") == "27800"
    assert change_first_digit("9.5") == "8.5"
    assert change_first_digit("0.25") == "1.25"


def stand_in_package(tables: dict[str, list[dict[str, str]]], texts: dict[str, str] | None = None) -> Package:
    """An in-memory Package for unit tests: tables from row dicts, sources from texts."""
    from dataset_tools.model import Package, Row, SourceText, Table

    built = {}
    for name, rows in tables.items():
        header = list(dict.fromkeys(key for row in rows for key in row))
        built[name] = Table(name, f"resources/{name}.csv", Path(f"resources/{name}.csv"), header,
                            [Row.make({k: row.get(k, "") for k in header}, number, number)
                             for number, row in enumerate(rows, start=2)])
    sources = {source_id: SourceText(source_id, f"sources/{source_id}.txt", None, text.encode(), text)
               for source_id, text in (texts or {}).items()}
    return Package(Path("."), Path("datapackage.json"), {"resources": []}, built, sources, set())
