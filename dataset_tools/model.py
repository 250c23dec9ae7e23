"""Loading a package for the checks: the descriptor, every readable table and the source texts.

`load_package(descriptor_path, preflight_result)` reads, never writes. Cells are kept as the
strings the file holds ('' when empty); typing them is the `table` check's job (frictionless).
Rows are numbered as the report counts them and as frictionless and spreadsheets do: the header
is row 1 and each record is one row, even when a quoted cell spans several lines (`Row.line`
keeps the physical line where the record starts).

Resources that preflight marked unreadable are not parsed (`Package.skipped`); anything else
that cannot be read here becomes a problem of the `files` group and the resource is skipped too.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dataset_tools import jsonio
from dataset_tools.paths import read_bounded, resolve_inside  # read_bounded is used by checks too
from dataset_tools.validate.limits import MAX_FILE_BYTES, MAX_SCHEMA_BYTES
from dataset_tools.validate.report import Problem, declare, problem

if TYPE_CHECKING:
    from dataset_tools.validate.preflight import PreflightResult

CODES = declare({
    "files.load-failed": "a data file that preflight accepted could not be loaded as CSV; it is not checked",
})
MAX_SOURCE_BYTES = 4 * MAX_FILE_BYTES   # all source texts together (each file is read once)


class Row(dict):
    """One data row: cells by column name (strings) plus its row number and first line."""

    __slots__ = ("line", "number")   # number: header = 1, first data row = 2 (records, as
    #                                  frictionless counts); line: physical line where it starts
    number: int
    line: int

    @classmethod
    def make(cls, cells: Iterable[tuple[str, str]] | Mapping[str, str], number: int, line: int) -> Row:
        """A row from (column, value) pairs or a dict."""
        row = cls(cells)
        row.number, row.line = number, line
        return row

    @property
    def id(self) -> str:
        return self.get("id", "")


@dataclass
class Table:
    """A CSV resource: header and rows as strings, with its schema and where it lives."""

    name: str
    file: str               # path relative to the package root, as the descriptor gives it
    path: Path              # absolute path
    header: list[str]
    rows: list[Row]
    schema: dict = field(default_factory=dict)
    columns: frozenset = field(init=False, repr=False)   # the header as a set, for fast lookups

    def __post_init__(self):
        self.columns = frozenset(self.header)

    def line_of(self, index: int) -> int:
        """Row number (header = 1) of data row `index` (0-based), as every report counts rows."""
        return self.rows[index].number


@dataclass
class SourceText:
    """A source document named by `sources.csv`: its bytes and decoded text, or why not."""

    id: str
    file: str
    path: Path | None
    data: bytes | None = None
    text: str | None = None
    error: str | None = None


@dataclass
class Package:
    root: Path
    descriptor_path: Path
    descriptor: dict
    tables: dict[str, Table]
    sources: dict[str, SourceText]
    skipped: set[str]
    problems: list[Problem] = field(default_factory=list)

    def table(self, name: str) -> Table | None:
        """The readable table of that resource name, or None."""
        return self.tables.get(name)

    def text(self, source_id: str) -> str | None:
        """The decoded text of a source id, or None when unknown or unreadable."""
        source = self.sources.get(source_id)
        return source.text if source else None

    def resource_entries(self) -> list[dict]:
        """The descriptor's resource entries that are objects."""
        resources = self.descriptor.get("resources")
        return [entry for entry in resources if isinstance(entry, dict)] if isinstance(resources, list) else []


def parse_csv(data: bytes) -> tuple[list[str], list[Row]]:
    """Header and rows of CSV bytes (strict UTF-8); short records are padded with ''."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader, [])
    rows, start, width, make = [], reader.line_num + 1, len(header), Row.make
    for number, record in enumerate(reader, start=2):
        if len(record) < width:
            record += [""] * (width - len(record))
        rows.append(make(zip(header, record, strict=False), number, start))
        start = reader.line_num + 1
    return header, rows


def load_schema(root: Path, entry: dict) -> tuple[dict, str | None]:
    """The resource's Table Schema as a dict (inline or from its file), or ({}, why not)."""
    schema = entry.get("schema")
    if isinstance(schema, dict):
        return schema, None
    path, why = resolve_inside(root, schema)
    if path is None:
        return {}, f"schema {why}"
    try:
        loaded = jsonio.loads(read_bounded(path, MAX_SCHEMA_BYTES).decode("utf-8"))
    except (OSError, ValueError) as error:
        return {}, f"schema {schema!r} cannot be read: {error}"
    return (loaded, None) if isinstance(loaded, dict) else ({}, f"schema {schema!r} is not a JSON object")


def load_table(root: Path, entry: dict) -> tuple[Table | None, str | None]:
    """One resource's table, or (None, why it cannot be read)."""
    name, relative = entry.get("name"), entry.get("path")
    path, why = resolve_inside(root, relative)
    if path is None:
        return None, why
    try:
        header, rows = parse_csv(read_bounded(path, MAX_FILE_BYTES))
    except UnicodeDecodeError as error:
        return None, f"{relative} is not UTF-8 (byte {error.start})"
    except (OSError, ValueError, csv.Error) as error:
        return None, f"{relative} cannot be read: {error}"
    schema, _ = load_schema(root, entry)
    return Table(str(name), str(relative), path, header, rows, schema), None


def load_sources(root: Path, table: Table | None) -> dict[str, SourceText]:
    """Every source named by the `sources` table, with its bytes and text (or the error).

    Each file is read once, however many rows name it, and all of them together at most
    MAX_SOURCE_BYTES, a file counting once per row that names it (the checks work per source:
    a guard against a table naming one huge file thousands of times).
    """
    sources: dict[str, SourceText] = {}
    read: dict[Path, tuple[bytes | None, str | None, str | None]] = {}
    total = 0
    for row in table.rows if table else []:
        if row.id in sources:
            continue  # a repeated id: the table check reports the primary key
        relative = row.get("path", "")
        path, why = resolve_inside(root, relative)
        source = sources[row.id] = SourceText(row.id, relative, path, error=why)
        if path is None:
            continue
        if path not in read:
            read[path] = read_source(path, MAX_SOURCE_BYTES - total)
        elif total + len(read[path][0] or b"") > MAX_SOURCE_BYTES:  # each naming counts: checks run per source
            read[path] = (None, None, f"the source texts together are over {MAX_SOURCE_BYTES:,} bytes")
        total += len(read[path][0] or b"")
        source.data, source.text, error = read[path]
        source.error = error or source.error
    return sources


def read_source(path: Path, budget: int) -> tuple[bytes | None, str | None, str | None]:
    """(bytes, text, None) of a source file, or what could be read and why not."""
    try:
        data = read_bounded(path, min(MAX_FILE_BYTES, max(budget, 0)))
    except (OSError, ValueError) as error:
        return None, None, str(error)
    try:
        return data, data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return data, None, f"is not valid UTF-8 (first bad byte at offset {error.start})"


def load_package(descriptor_path: Path, preflight_result: PreflightResult) -> Package:
    """Read the package that preflight accepted: tables (minus the unreadable ones) and texts."""
    descriptor = preflight_result.descriptor or {}
    root = Path(preflight_result.root or Path(descriptor_path).parent)
    skipped = set(preflight_result.unreadable or ())
    package = Package(root, Path(descriptor_path), descriptor, {}, {}, skipped)
    for entry in package.resource_entries():
        name = entry.get("name")
        if not isinstance(name, str) or name in skipped or name in package.tables:
            continue
        table, why = load_table(root, entry)
        if table is None:
            skipped.add(name)
            package.problems.append(problem("files.load-failed", f"resource {name!r}: {why}; it is not checked",
                                            file=str(entry.get("path"))))
        else:
            package.tables[name] = table
    package.sources = load_sources(root, package.tables.get("sources"))
    return package
