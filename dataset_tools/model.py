"""The one row model: the descriptor, every readable table and the source texts, for the checks,
the curator tools and the exports alike.

`load_package(descriptor_path, preflight_result)` (validate.py: the rows preflight parsed) and
`read_package(root)` (tools and exports) read, never write. A row is a tuple of the strings the
file holds ('' when empty) with one column index shared by its table, equal cells stored once.
Typing is one rule for everyone, `cell_reader`: what frictionless reads as the field's type in
the spelling `canonical-values` accepts. Rows are numbered as the report counts them and as
frictionless and spreadsheets do: the header is row 1 and each record is one row, even when a
quoted cell spans several lines (`Row.line` keeps the physical line where the record starts).

Resources that preflight marked unreadable are not parsed (`Package.skipped`); anything else
that cannot be read here becomes a problem of the `files` group and the resource is skipped too.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, KeysView
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, repeat
from operator import add, attrgetter, itemgetter, methodcaller
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Protocol, TypeVar, overload

from dataset_tools import jsonio
from dataset_tools.paths import read_bounded, resolve_inside
from dataset_tools.validate.limits import MAX_DESCRIPTOR_BYTES, MAX_FILE_BYTES, MAX_SCHEMA_BYTES
from dataset_tools.validate.report import Problem, declare, problem

if TYPE_CHECKING:
    from dataset_tools.validate.preflight import PreflightResult

CODES = declare({
    "files.load-failed": "a data file that preflight accepted could not be loaded as CSV; it is not checked",
})
MAX_SOURCE_BYTES = 4 * MAX_FILE_BYTES   # all source texts together (each file is read once)


class CellError(ValueError):
    """A cell's text is not a value of its field's type, as validation reads it."""


# The one typing rule (validate: `table` via frictionless + `canonical-values`; exports; curator
# tools). A cell is a value of its Table Schema type when frictionless 5.21 reads it as one AND it
# is written in the canonical spelling: frictionless alone also reads " 2 ", "+2", "1_000", "NaN",
# "True" and "1", which the `canonical-values` check refuses. Missing values (the schema's
# `missingValues`, default [""]) are None. The spellings below are the ones `canonical-values` uses.
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_PATTERN = "%Y-%m-%d"                 # frictionless's default date format


def boolean_spellings(field: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(true texts, false texts) of a boolean field: its trueValues/falseValues, else true/false.

    Frictionless's defaults also read True, TRUE, 1 (and False, FALSE, 0); `canonical-values`
    refuses those, so validation accepts only the lower-case words unless the schema says more.
    """
    return tuple(field.get("trueValues", ["true"])), tuple(field.get("falseValues", ["false"]))


def read_string(text: str, field: dict) -> str:
    return text


def read_integer(text: str, field: dict) -> int:
    if INTEGER.fullmatch(text) is None:
        raise CellError(f"{text!r} is not an integer")
    return int(text)


def read_number(text: str, field: dict) -> float:
    if NUMBER.fullmatch(text) is None:
        raise CellError(f"{text!r} is not a number")
    return float(text)


def read_boolean(text: str, field: dict) -> bool:
    true, false = boolean_spellings(field)
    if text in true:
        return True
    if text in false:
        return False
    raise CellError(f"{text!r} is not a boolean ({' | '.join(true + false)})")


def read_date(text: str, field: dict) -> date:
    fmt = field.get("format", "default")
    try:
        if DATE.fullmatch(text) is None:
            raise ValueError
        return datetime.strptime(text, DATE_PATTERN if fmt == "default" else fmt).date()
    except ValueError:
        raise CellError(f"{text!r} is not a date (YYYY-MM-DD)") from None


STRING_FORMATS = ("default", "uri", "email", "uuid")   # a string in any of them is its text (frictionless
#                                                        checks the format; the value stays a string)
READERS: dict[str, Callable[[str, dict], object]] = {
    "string": read_string, "integer": read_integer, "number": read_number,
    "boolean": read_boolean, "date": read_date}


def cell_reader(field: dict, missing: Iterable[str] = ("",)) -> Callable[[str], object]:
    """text -> typed value (None for a missing value) under one field of a Table Schema.

    Raises CellError for a cell validation refuses, KeyError for a type no reader handles.
    """
    kind = field.get("type", "string")
    if kind not in READERS or (kind == "string" and field.get("format", "default") not in STRING_FORMATS):
        raise KeyError(f"field {field.get('name')!r}: type {kind!r} (format {field.get('format', 'default')!r}) "
                       f"has no reader (supported: {', '.join(READERS)}, in their default format; "
                       "strings also as uri, email or uuid)")
    read, missing = READERS[kind], frozenset(missing)
    return lambda text: None if text in missing else read(text, field)


T = TypeVar("T")


class RowLike(Protocol):
    """What a Row and a plain {column: cell} dict share, for code that takes either."""

    def __getitem__(self, column: str, /) -> str: ...

    def __contains__(self, column: object, /) -> bool: ...

    @overload
    def get(self, column: str, /) -> str | None: ...
    @overload
    def get(self, column: str, default: str, /) -> str: ...


class Row:
    """One data row: its cells as parsed (a tuple, shared column index), row number and first line.

    Reads like a read-only mapping of column -> string: `row["id"]`, `row.get("unit", "")`.
    A column of the header that the record does not reach reads as '' (a short record);
    frictionless sees the record as it is (`cells`) and reports the missing cells.
    """

    __slots__ = ("cells", "index", "line", "number")

    def __init__(self, cells: tuple, number: int, line: int, index: dict[str, int]):
        self.cells, self.number, self.line, self.index = cells, number, line, index
        # number: header = 1, first data row = 2 (records, as frictionless counts);
        # line: the physical line where the record starts

    @classmethod
    def make(cls, cells: dict[str, str] | Iterable[tuple[str, str]], number: int, line: int) -> Row:
        """A row from (column, value) pairs or a dict (tests and stand-in packages)."""
        pairs = list(cells.items()) if isinstance(cells, dict) else list(cells)
        return cls(tuple(value for _, value in pairs), number, line,
                   {name: position for position, (name, _) in enumerate(pairs)})

    @overload
    def get(self, column: str, default: None = None, /) -> str | None: ...
    @overload
    def get(self, column: str, default: str, /) -> str: ...
    @overload
    def get(self, column: str, default: T, /) -> str | T: ...

    def get(self, column: str, default: object = None, /) -> object:
        position = self.index.get(column)
        if position is None:
            return default
        try:   # the checks call this millions of times at scale: a short record is the rare case
            return self.cells[position]
        except IndexError:
            return ""

    def __getitem__(self, column: str) -> str:
        try:
            return self.cells[self.index[column]]
        except IndexError:
            return ""

    def __contains__(self, column: object) -> bool:
        return column in self.index

    def keys(self) -> KeysView[str]:
        return self.index.keys()

    def values(self) -> list[str]:
        return [self[column] for column in self.index]

    def items(self) -> list[tuple[str, str]]:
        return [(column, self[column]) for column in self.index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def as_dict(self) -> dict[str, str]:
        """The row as {column: cell} (a copy, e.g. for a curator tool to edit and write back)."""
        return {column: self[column] for column in self.index}

    def __repr__(self) -> str:
        return f"Row({self.number}, {self.as_dict()!r})"

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
    index: dict = field(init=False, repr=False)          # column -> position (rows share one)

    def __post_init__(self):
        self.columns = frozenset(self.header)
        self.index = self.rows[0].index if self.rows else column_index(self.header)

    def column(self, name: str) -> list[str]:
        """Every row's cell of a column of the header, in row order ('' where a short record ends before it)."""
        pick = itemgetter(self.index[name])
        try:
            return list(map(pick, map(attrgetter("cells"), self.rows)))
        except IndexError:   # a short record
            return [row[name] for row in self.rows]

    def reader(self, columns: Iterable[str]) -> Callable[[Row], tuple[str | None, ...]]:
        """row -> its cells in `columns`, read by position ('' for a short record's missing cells; None for a
        column the header lacks, as Row.get): for checks that read the same columns of every row."""
        columns, width = tuple(columns), len(self.header)
        positions = [self.index.get(column, width) for column in columns]   # width: the None appended below
        pick = itemgetter(*positions) if len(positions) > 1 else lambda cells: (cells[positions[0]],)
        padded = width in positions

        def read(row: Row) -> tuple:
            cells = row.cells
            if len(cells) != width:   # a short (or long) record
                return tuple(row.get(column) for column in columns)
            return pick((*cells, None)) if padded else pick(cells)
        return read if columns else lambda row: ()

    def cells(self, columns: Iterable[str]) -> Iterator[tuple[str | None, ...]]:
        """Every row's cells in `columns`, in row order, as reader(columns) reads them: in one pass over the rows
        (no Python call per row) when every record has the header's width (a column the header lacks: None)."""
        columns, width = tuple(columns), len(self.header)
        positions = [self.index.get(column, width) for column in columns]
        if not columns or set(map(len, map(attrgetter("cells"), self.rows))) - {width}:
            return map(self.reader(columns), self.rows)
        pick = itemgetter(*positions)
        records = map(attrgetter("cells"), self.rows)
        if width in positions:   # the None appended, as reader does
            records = map(add, records, repeat((None,)))
        return map(pick, records) if len(positions) > 1 else zip(map(pick, records))

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


def column_index(header: list[str]) -> dict[str, int]:
    """Column name -> position, shared by every row of a table (a repeated name: its last position)."""
    return {name: position for position, name in enumerate(header)}


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"   # str.splitlines breaks at these too; a CSV file does not


def csv_lines(text: str) -> Iterator[str]:
    """The lines of a text as a file opened with newline="" gives them to csv.reader (ends kept: \\r\\n, \\r or
    \\n), a chunk of about a million characters at a time: io.StringIO would first copy the whole text at 4
    bytes per character. A chunk ends after a \\n, so no \\r\\n is cut in two."""
    if any(mark in text for mark in OTHER_BREAKS):   # rare: a pattern that breaks only at CR and LF
        return map(methodcaller("group"), _LINE.finditer(text))
    return chain.from_iterable(chunk.splitlines(keepends=True) for chunk in chunks(text, 1 << 20))


def chunks(text: str, size: int) -> Iterator[str]:
    """`text` in pieces of at least `size` characters (the last may be shorter), each ending after a \\n."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end == -1 else end + 1
        yield text[start:end]
        start = end


def parse_csv(text: str | bytes) -> tuple[list[str], list[Row]]:
    """Header and rows of a CSV text (bytes: strict UTF-8). Equal cells are stored once (tables
    repeat quotes, ids of sources and regions, statuses), rows are tuples: a large table costs a
    fraction of dicts."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    reader = csv.reader(csv_lines(text))
    header = next(reader, [])
    stored: dict[str, str] = {}
    index, keep, rows, start = column_index(header), stored.setdefault, [], reader.line_num + 1
    for number, record in enumerate(reader, start=2):
        rows.append(Row(tuple(map(keep, record, record)), number, number if start == number else start, index))
        start = reader.line_num + 1
    return header, rows


def read_csv(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[list[str], list[Row]]:
    """Header and rows of a CSV file of the package (strict UTF-8, at most `limit` bytes)."""
    return parse_csv(read_bounded(Path(path), limit).decode("utf-8"))


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


def load_table(root: Path, entry: dict, parsed: tuple[list[str], list[Row]] | None = None
               ) -> tuple[Table | None, str | None]:
    """One resource's table, or (None, why it cannot be read).

    `parsed` is (header, rows) when the file was already parsed (validate.py's preflight reads
    every file once and hands its rows over); otherwise the file is read here.
    """
    name, relative = entry.get("name"), entry.get("path")
    path, why = resolve_inside(root, relative)
    if path is None:
        return None, why
    try:
        header, rows = parsed or read_csv(path)
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
    same: dict[bytes, tuple[bytes | None, str | None, str | None]] = {}   # equal files kept once
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
            found = read_source(path, MAX_SOURCE_BYTES - total)
            read[path] = same.setdefault(found[0], found) if found[0] is not None else found
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


def read_package(root: Path) -> Package:
    """The package under `root` for the curator tools and the exports: the same tables and source
    texts validate.py loads, without its byte-level pass (what cannot be read is in `problems`)."""
    descriptor_path = Path(root) / "datapackage.json"
    descriptor = jsonio.loads(read_bounded(descriptor_path, MAX_DESCRIPTOR_BYTES).decode("utf-8"))
    if not isinstance(descriptor, dict):
        raise ValueError(f"{descriptor_path} is not a JSON object")
    return load_package(descriptor_path, SimpleNamespace(descriptor=descriptor, root=Path(root), unreadable=()))


def load_package(descriptor_path: Path, preflight_result: PreflightResult | SimpleNamespace) -> Package:
    """Read the package that preflight accepted: tables (minus the unreadable ones) and texts."""
    descriptor = preflight_result.descriptor or {}
    root = Path(preflight_result.root or Path(descriptor_path).parent)
    skipped = set(preflight_result.unreadable or ())
    parsed = getattr(preflight_result, "parsed", None) or {}
    package = Package(root, Path(descriptor_path), descriptor, {}, {}, skipped)
    for entry in package.resource_entries():
        name = entry.get("name")
        if not isinstance(name, str) or name in skipped or name in package.tables:
            continue
        table, why = load_table(root, entry, parsed.pop(name, None))
        if table is None:
            skipped.add(name)
            package.problems.append(problem("files.load-failed", f"resource {name!r}: {why}; it is not checked",
                                            file=str(entry.get("path"))))
        else:
            package.tables[name] = table
    package.sources = load_sources(root, package.tables.get("sources"))
    return package
