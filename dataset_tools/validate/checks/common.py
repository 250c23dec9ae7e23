"""Small helpers the checks share: reading numbers and spans from string cells, finding tables.

Cells stay strings in `Package`; a cell that is not a plain number here is left alone by the
content checks (the `table` check already reports its type error), so one mistake is reported
once, by the check whose rule it breaks.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from dataset_tools.model import Package, Row, Table, resolve_inside
from dataset_tools.validate.report import CheckSkipped

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
SPAN_COLUMNS = ("char_start", "char_end", "quote")
CLAUSE_BREAK = re.compile(r"[,，;；:：。\n]")   # where a clause ends (the `clause` rule, an action's clauses)


@lru_cache(maxsize=65536)
def cut_word(text: str, start: int, end: int, words: frozenset[str], lengths: tuple[int, ...]) -> str | None:
    """The first of `words` (whose lengths are `lengths`) that the text writes across the span's start or end: a
    quote's edge inside a cue word (率|先) or inside the name of the row it links to (兰州|市). One set look-up per
    length and offset; read once per distinct span and words (scaled copies repeat them)."""
    for edge in (start, end):
        for length in lengths:
            for before in range(max(1, edge - len(text) + length), min(length, edge + 1)):
                if text[edge - before:edge - before + length] in words:
                    return text[edge - before:edge - before + length]
    return None


@lru_cache(maxsize=1 << 16)   # offsets, years and values repeat across rows: each text is read once
def as_int(value: str | None) -> int | None:
    """An integer written in ASCII digits, else None."""
    return int(value) if value and _INTEGER.fullmatch(value) else None


@lru_cache(maxsize=1 << 16)
def as_number(value: str | None) -> float | None:
    """A finite number written in ASCII (17800, 2.47, 1e3), else None."""
    if not value or not _NUMBER.fullmatch(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def span_of(row: Row) -> tuple[int, int] | None:
    """(char_start, char_end) when both cells are integers, else None."""
    start, end = as_int(row.get("char_start")), as_int(row.get("char_end"))
    return None if start is None or end is None else (start, end)


def close(a: float, b: float) -> bool:
    """Equal within floating-point tolerance (relative 1e-9, absolute 1e-9)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def span_tables(package: Package, exclude: tuple[str, ...] = ("sources",)) -> list[Table]:
    """Readable tables carrying provenance spans (char_start, char_end, quote), minus `exclude`."""
    return [table for name, table in package.tables.items()
            if name not in exclude and all(column in table.header for column in SPAN_COLUMNS)]


def require(package: Package, name: str) -> Table | None:
    """The table `name`; None when the package has no such resource at all.

    Raises CheckSkipped when the resource exists but could not be read (already reported).
    """
    if name in package.skipped:
        raise CheckSkipped(f"resource {name!r} could not be read (see the files/descriptor problems)")
    return package.table(name)


def show(value: object, limit: int = 80) -> str:
    """A short, unambiguous rendering of a text for messages (newlines visible)."""
    text = str(value)
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return repr(text) if text != text.strip() or "\n" in text or not text else f"“{text}”"


def spans_by_source(package: Package, not_covering: set[str]) -> dict[str, list[tuple[int, int]]]:
    """source_id -> sorted spans of every row of the resources not in `not_covering` (equal spans stored once:
    rows of many resources, and sources sharing a text, repeat them)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    stored: dict[tuple[int, int], tuple[int, int]] = {}
    keep = stored.setdefault
    for name, table in package.tables.items():
        if name in not_covering or "char_start" not in table.columns:
            continue
        read = table.reader(("char_start", "char_end", "source_id"))
        for row in table.rows:
            start_text, end_text, source = read(row)
            start, end = as_int(start_text), as_int(end_text)   # as span_of
            if start is not None and end is not None:
                spans.setdefault(source or "", []).append(keep((start, end), (start, end)))
    for items in spans.values():
        items.sort()
    return spans


def read_curation_rows(package: Package, relative: str, reader: Callable[[Path], list[dict]]) -> list[dict]:
    """The rows of a curation file of the package (read by `reader`), each with its line number
    (header = 1) in `_line`; ValueError when the path is not a file inside the package."""
    path, why = resolve_inside(package.root, relative)
    if path is None:
        raise ValueError(why)
    rows = reader(path)
    for number, row in enumerate(rows, start=2):
        row["_line"] = number
    return rows
