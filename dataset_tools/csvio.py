"""Reading and writing the package's CSV files: UTF-8, no BOM, LF line endings, minimal quoting."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from dataset_tools.paths import read_bounded

MAX_CSV_BYTES = 50 * 2**20   # as validate.py's limit on a data file


def read_rows(path: Path, limit: int = MAX_CSV_BYTES) -> tuple[list[str], list[dict[str, str]]]:
    """Return (header, rows) of a UTF-8 CSV file; every cell is a string ('' when empty).

    Only a regular file of at most `limit` bytes is read (never a pipe or device: ValueError).
    """
    reader = csv.reader(io.StringIO(read_bounded(Path(path), limit).decode("utf-8"), newline=""))
    header = next(reader, [])
    rows = [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in reader]
    return header, rows


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
