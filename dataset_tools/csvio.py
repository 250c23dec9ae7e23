"""Reading and writing the package's CSV files: UTF-8, no BOM, LF line endings, minimal quoting.

Reading goes through the row model (`dataset_tools.model.read_csv`, the parser validate.py's
checks see); the rows come back as dicts for a curator tool to edit and write back.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from dataset_tools.model import read_csv

MAX_CSV_BYTES = 50 * 2**20   # as validate.py's limit on a data file


def read_rows(path: Path, limit: int = MAX_CSV_BYTES) -> tuple[list[str], list[dict[str, str]]]:
    """Return (header, rows) of a UTF-8 CSV file; every cell is a string ('' when empty).

    Only a regular file of at most `limit` bytes is read (never a pipe or device: ValueError).
    """
    header, rows = read_csv(Path(path), limit)
    return header, [row.as_dict() for row in rows]


def format_rows(header: list[str], rows: list[dict[str, str]]) -> str:
    """Serialise rows the way the package stores them (LF endings, quote only when needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else str(row.get(name)) for name in header])
    return buffer.getvalue()


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows to `path` in the package's CSV dialect."""
    Path(path).write_text(format_rows(header, rows), encoding="utf-8", newline="")
