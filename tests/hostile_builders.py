"""Builders for broken packages: each function damages a throw-away package copy in one way.

They only ever touch the copy they are given (a folder under pytest's tmp_path).
"""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

SOURCE = "sources/gansu-ip-press-conference-2025-04-25.zh.txt"


def read_csv(root: Path, relative: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of one of the copy's CSV files."""
    with open(root / relative, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, row, strict=False)) for row in reader]


def write_csv(root: Path, relative: str, header: list[str], rows: list[dict[str, str]],
              encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> None:
    """Write rows back, optionally the way Excel would (another encoding, CRLF, BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([[row.get(name, "") for name in header] for row in rows])
    data = buffer.getvalue().encode(encoding)
    (root / relative).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def set_cell(root: Path, relative: str, row_index: int, column: str, value: str) -> int:
    """Set one cell (row_index counts data rows from 0); return its line number (header = 1)."""
    header, rows = read_csv(root, relative)
    rows[row_index][column] = value
    write_csv(root, relative, header, rows)
    return row_index + 2


def reencode(root: Path, relative: str, encoding: str) -> None:
    """Re-save a CSV in another encoding (what Excel on a Chinese system does: GB18030)."""
    text = (root / relative).read_text(encoding="utf-8")
    (root / relative).write_bytes(text.encode(encoding))


def replace_bytes(root: Path, relative: str, old: bytes, new: bytes, count: int = 1) -> None:
    """Replace the first `count` occurrences of `old` in a file's bytes (asserting it is there)."""
    data = (root / relative).read_bytes()
    assert old in data, f"{old!r} not in {relative}"
    (root / relative).write_bytes(data.replace(old, new, count))


def edit_descriptor(root: Path, change: Callable[[dict], object]) -> None:
    """Apply `change(descriptor_dict)` to the copy's datapackage.json."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    (root / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2),
                                           encoding="utf-8")


def resource_entry(descriptor: dict, name: str) -> dict:
    """The descriptor entry of one resource."""
    return next(item for item in descriptor["resources"] if item["name"] == name)


def sparse_file(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no disk space (to test size limits cheaply)."""
    with open(path, "wb") as handle:
        handle.truncate(size)


def random_file(path: Path, size: int, chunk: int = 2**20) -> None:
    """A file of `size` random bytes: one random chunk, written again and again (drawing 200 MB
    from the system's generator took longer than the rest of the test)."""
    block = os.urandom(chunk)
    with open(path, "wb") as handle:
        for start in range(0, size, chunk):
            handle.write(block[:size - start])
