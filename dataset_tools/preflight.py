"""Preflight: the first thing validate.py runs. It refuses broken, hostile or edited input calmly.

Before any parser (frictionless, the csv module, the other checks) sees the package, preflight
reads the descriptor and the bytes of every data file under fixed limits and reports, in plain
words, what cannot be read safely. It never writes and never raises.

Three outcomes (docs/when-validation-fails.md says the same for users):

* fatal (`PreflightResult.fatal`, validate.py exits 2): the package cannot be read at all. The
  descriptor is missing, not a regular file, larger than MAX_DESCRIPTOR_BYTES, empty, not UTF-8,
  not valid JSON, not a JSON object, or has no non-empty `resources` list.
* one resource unreadable (exit 1): named in `PreflightResult.unreadable`; later checks must not
  parse its file, the other resources are still checked. Any problem of its descriptor entry
  (no name, path, schema, format or encoding; format not csv; encoding not utf-8; a path that is
  missing, not a regular file, a URL, absolute, with `..`, or that leaves the package through a
  symbolic link; a schema that is not a JSON object with `fields`), and any file problem that
  stops a parser from reading it as the package does: larger than MAX_FILE_BYTES, empty, not
  UTF-8, a byte-order mark, NUL bytes, a blank first line, an unclosed quote, text after a
  closing quote, a cell longer than MAX_CELL_CHARS, more than MAX_ROWS rows.
* reported, still readable (exit 1): CRLF line endings, blank lines after the header, a header
  without data rows. The csv module reads the same records, so the other checks still run.

Why here and not in the `table` check: frictionless 5.21 misreports these inputs. With utf-8
declared, one bad byte is an `encoding-error` without row or column and the rest of the file is
never checked (upstream frictionless-py #929, #1376); a quote that is never closed swallows the
rest of the file into one cell and is reported, if at all, as type errors in one row (#1048); a
byte-order mark, CRLF and NUL bytes are accepted silently (#1755 for the BOM). Ragged rows and
duplicated or renamed columns are left to the `table` check, which frictionless reports well
(file, row, field: extra-cell, missing-cell, duplicate-label, incorrect-label).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .report import Problem

MAX_DESCRIPTOR_BYTES = 5 * 2**20      # datapackage.json: 5 MiB (the real one is ~12 KB)
MAX_SCHEMA_BYTES = 1 * 2**20          # each schemas/*.json: 1 MiB
MAX_FILE_BYTES = 50 * 2**20           # each data file: 50 MiB, refused from its size, unread
MAX_CELL_CHARS = 2**20                # one CSV cell: 1,048,576 characters (csv.field_size_limit)
MAX_ROWS = 300_000                    # data rows of one CSV file: the ×1000 benchmark's largest
                                      # table has ~75,000; the real package fewer than 100 per file
MEMORY_LIMIT_BYTES = 2**30            # address space of the validate.py process: 1 GiB
CPU_LIMIT_SECONDS = 120               # CPU time of the validate.py process
SAMPLE_BYTES = 64 * 2**10             # bytes given to charset-normalizer to name an encoding
SHOWN = 5                             # line numbers listed in one problem before "and N more"

DESCRIPTOR, FILES = "descriptor", "files"
GUIDE = "docs/when-validation-fails.md"


@dataclass
class PreflightResult:
    fatal: bool                  # the package cannot be read at all -> the CLI exits 2
    problems: list[Problem]      # check names "descriptor" or "files"
    descriptor: dict | None      # the parsed descriptor when readable
    root: Path | None            # the package root (folder of datapackage.json)
    unreadable: set[str] = field(default_factory=set)  # resources later checks must not parse


# --------------------------------------------------------------------------- process limits

def _stop(message: str) -> None:
    """Print a one-line reason on stderr and end the process with exit code 2, no traceback."""
    try:
        sys.stdout.flush()
        sys.stderr.write(f"validate.py stopped: {message} (see {GUIDE})\n")
        sys.stderr.flush()
    finally:
        os._exit(2)


def _memory_hook(previous):
    """An excepthook that turns an uncaught MemoryError into a calm message and exit 2."""
    def hook(kind, value, traceback):
        if issubclass(kind, MemoryError):
            _stop(f"the memory limit of {MEMORY_LIMIT_BYTES // 2**20} MiB was reached")
        previous(kind, value, traceback)
    return hook


def _lower_limit(kind: int, soft: int, hard: int) -> None:
    """Set a resource limit to (soft, hard) unless the current one is already lower."""
    import resource
    current_soft, current_hard = resource.getrlimit(kind)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    if current_soft != resource.RLIM_INFINITY and current_soft <= soft:
        return
    resource.setrlimit(kind, (soft, hard))


def apply_resource_limits() -> None:
    """Cap the process: 1 GiB of address space, 120 s of CPU, cells of 1,048,576 characters.

    Where the OS has no `resource` module (Windows) or refuses a limit, that limit is skipped.
    Reaching the CPU limit (SIGXCPU) or the memory limit (an uncaught MemoryError) prints one
    line on stderr and exits 2; the hard CPU limit 10 s later kills the process regardless.
    """
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        import resource
    except ImportError:
        return
    for kind, soft, hard in ((resource.RLIMIT_AS, MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES),
                             (resource.RLIMIT_CPU, CPU_LIMIT_SECONDS, CPU_LIMIT_SECONDS + 10)):
        try:
            _lower_limit(kind, soft, hard)
        except (ValueError, OSError):
            continue
    if hasattr(signal, "SIGXCPU"):
        signal.signal(signal.SIGXCPU,
                      lambda *_: _stop(f"the CPU time limit of {CPU_LIMIT_SECONDS} s was reached"))
    sys.excepthook = _memory_hook(sys.excepthook)


# --------------------------------------------------------------------------- paths

def resolve_inside(root: Path, relative: object) -> tuple[Path | None, str | None]:
    """(path, None) when `relative` names something inside the package, else (None, why not).

    Refused: anything but a non-empty string, URLs, absolute paths, Windows drive letters and
    backslashes, `..`, and paths that leave the package through a symbolic link (the file itself
    or any folder on the way). Nothing is opened; existence is not checked here.
    """
    if not isinstance(relative, str) or not relative.strip():
        return None, f"must be a relative path inside the package, found {relative!r}"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", relative) or relative.startswith(("data:", "file:")):
        return None, f"{relative!r} is a URL: only files inside the package are read"
    if relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None, f"{relative!r} is an absolute path: write it relative to the package folder"
    if "\\" in relative or "\x00" in relative:
        return None, f"{relative!r} contains a backslash or NUL: use / between folders"
    if ".." in PurePosixPath(relative).parts:
        return None, f"{relative!r} goes up out of the package ('..')"
    candidate = root / relative
    real_root, real = os.path.realpath(root), os.path.realpath(candidate)
    if os.path.commonpath([real_root, real]) != real_root:
        return None, (f"{relative!r} leads outside the package through a symbolic link "
                      "(the file or a folder on its way); it is not read")
    return candidate, None


def _regular_file(path: Path, relative: str, limit: int | None) -> str | None:
    """Why `path` cannot be read (missing, not a regular file, over `limit` bytes), or None."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return f"{relative!r} does not exist"
    except OSError as error:
        return f"{relative!r} cannot be read: {error.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return f"{relative!r} is not a regular file (a folder, device or pipe); it is not read"
    if limit is not None and info.st_size > limit:
        return (f"{relative!r} is {info.st_size:,} bytes, over the limit of {limit:,} bytes "
                f"({limit // 2**20} MiB); it is not read")
    return None


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a file (the size was checked; this guards against growth)."""
    with open(path, "rb") as handle:
        return handle.read(limit)


# --------------------------------------------------------------------------- bytes and text

def _line_column(data: bytes, position: int) -> tuple[int, int]:
    """1-based line and character column of byte `position` (the bytes before it are UTF-8)."""
    line_start = data.rfind(b"\n", 0, position) + 1
    column = len(data[line_start:position].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, position) + 1, column


def _text_line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of character `position` of a decoded text."""
    return text.count("\n", 0, position) + 1, position - (text.rfind("\n", 0, position) + 1) + 1


def column_at(text_before: str) -> str | None:
    """The header name of the CSV column where the character right after `text_before` sits.

    A lenient re-read of the text before it (only the first and last record are kept); None
    while still in the header line.
    """
    if "\n" not in text_before:
        return None
    header, last = None, []
    try:
        for record in csv.reader(io.StringIO(text_before, newline="")):
            header = record if header is None else header
            last = record
    except csv.Error:  # a cell over the size limit before it: the line is enough
        return None
    index = 0 if text_before.endswith("\n") or last is header else len(last) - 1
    name = header[index] if 0 <= index < len(header or []) else f"cell {index + 1}"
    return name if name.isprintable() else None


def guess_encoding(data: bytes) -> str | None:
    """The likely encoding of non-UTF-8 bytes, as iconv spells it, from a bounded sample.

    charset-normalizer reads at most SAMPLE_BYTES; the GBK family is named GB18030 (its
    superset, and what Excel on a Chinese system writes). None when nothing fits.
    """
    sample = data[:SAMPLE_BYTES]
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(sample).best()
        name = best.encoding if best else None
    except Exception:  # a guess is only advice: never let it break the report
        name = None
    if name is None:
        try:
            sample.decode("gb18030")
            name = "gb18030"
        except UnicodeDecodeError:
            return None
    name = name.lower().replace("_", "-")
    if name in {"gb2312", "gbk", "gb18030", "hz"}:
        return "GB18030"
    return {"cp1252": "WINDOWS-1252", "cp1250": "WINDOWS-1250", "big5": "BIG5",
            "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(name, name.upper())


def _damaged_count(data: bytes) -> tuple[int, int]:
    """(undecodable sequences, other non-ASCII characters) when a file is UTF-8 but for a few
    damaged characters; (-1, 0) as soon as the first MiB shows it is not (bounded cost)."""
    window = data[:2**20].decode("utf-8", errors="replace")
    if window.count("\ufffd") > 3:
        return -1, 0
    replaced = data.decode("utf-8", errors="replace")
    damaged = replaced.count("\ufffd")
    return damaged, len(replaced) - len(replaced.encode("ascii", errors="ignore")) - damaged


def _utf8_problem(relative: str, data: bytes, error: UnicodeDecodeError) -> Problem:
    """Where the first non-UTF-8 byte is, what the file probably is, and how to re-save it."""
    line, column = _line_column(data, error.start)
    found = " ".join(f"0x{byte:02X}" for byte in data[error.start:error.start + 4])
    damaged, other = _damaged_count(data)
    cell = column_at(data[:error.start].decode("utf-8"))
    head = (f"{relative} line {line}, character {column}" + (f" (column {cell})" if cell else "")
            + f": the file is not UTF-8 (byte 0x{data[error.start]:02X} here). ")
    if 0 < damaged <= 3 and other >= 20 * damaged:
        advice = (f"The rest is UTF-8: {damaged} character(s) are damaged; retype the one at this "
                  "place in a UTF-8 editor.")
    else:
        encoding = guess_encoding(data)
        looks = (f"It looks like {encoding}" + (" (what Excel on a Chinese system writes)"
                                                 if encoding == "GB18030" else "") + ". "
                 if encoding else "Its encoding could not be recognised (it may not be text). ")
        advice = (looks + f"Re-save it as UTF-8: iconv -f {encoding or 'ENCODING'} -t UTF-8 "
                  f"{relative} > converted.csv, then replace the file with converted.csv; or in "
                  "Excel, File > Save As > 'CSV UTF-8 (Comma delimited)', then remove the "
                  f"byte-order mark and CRLF line endings Excel adds (see {GUIDE}).")
    return Problem(FILES, head + advice, file=relative, line=line, column=cell, found=found,
                   expected="UTF-8 text")


def _problem(relative: str, message: str, line: int | None = None, column: str | None = None,
             found: str | None = None, expected: str | None = None) -> Problem:
    """A problem of the `files` check about one data file; `line` is the physical line (the
    file could not be parsed into rows, so no row number is given)."""
    return Problem(FILES, message, file=relative, line=line, column=column, found=found,
                   expected=expected)


def _marks_problems(relative: str, text: str) -> tuple[list[Problem], bool]:
    """Byte-order mark and NUL characters (both unreadable), CR/CRLF line endings (readable)."""
    problems, unreadable = [], False
    if text.startswith("\ufeff"):
        unreadable = True
        problems.append(_problem(
            relative, f"{relative} starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF), "
            "which Excel's 'CSV UTF-8' adds; the package is UTF-8 without BOM. Remove it: "
            f"sed -i '1s/^\\xEF\\xBB\\xBF//' {relative} (or in your editor save as 'UTF-8', "
            "not 'UTF-8 with BOM').", line=1, found="EF BB BF", expected="no byte-order mark"))
    nul = text.find("\x00")
    if nul != -1:
        unreadable = True
        line, column = _text_line_column(text, nul)
        count, cell = text.count("\x00"), column_at(text[:nul])
        problems.append(_problem(
            relative, f"{relative} line {line}, character {column}"
            + (f" (column {cell})" if cell else "") + f": NUL byte(s) ({count} in the "
            "file); a CSV file is text. Many NUL bytes usually mean the file was saved as "
            "UTF-16 ('Unicode Text'): re-save it as UTF-8.", line=line, column=cell, found="0x00",
            expected="no NUL bytes"))
    crlf = text.find("\r")
    if crlf != -1:
        line, _ = _text_line_column(text, crlf)
        count = text.count("\r")
        problems.append(_problem(
            relative, f"{relative} line {line}: Windows line endings (CRLF; {count} line(s) "
            f"end in a carriage return); the package uses LF only. Fix: sed -i 's/\\r$//' "
            f"{relative} (or dos2unix, or choose 'LF' line endings in your editor).",
            line=line, found="CRLF", expected="LF"))
    return problems, unreadable


def _record_start_column(text: str, start_line: int, header: list[str]) -> str | None:
    """The column whose quote opens at `start_line` and is never closed (lenient re-read)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    begin = 1
    try:
        for row in reader:
            if begin == start_line:
                index = len(row) - 1
                return header[index] if 0 <= index < len(header) else f"column {index + 1}"
            begin = reader.line_num + 1
    except csv.Error:  # the swallowed cell is over the size limit: the line is enough
        return None
    return None


def _csv_error_problem(relative: str, text: str, error: csv.Error, start: int, end: int,
                       header: list[str]) -> Problem:
    """Say in plain words what the csv module stopped at, and where."""
    message = str(error)
    if "unexpected end of data" in message:
        column = _record_start_column(text, start, header)
        return _problem(relative, f"{relative} line {start}: the row starting here has a "
                        "quoted cell" + (f" (column {column})" if column else "") + " that is "
                        f"never closed, so everything to the end of the file (line {end}) would "
                        "be read as one cell. Close the quote, and double any quote inside a "
                        "cell (\"\").",
                        line=start, column=column, found='unclosed "', expected='closing "')
    if "expected after" in message:
        return _problem(relative, f"{relative} line {end}: text follows a closing quote inside "
                        "a cell. A quote inside a quoted cell must be doubled (\"\").",
                        line=end, found='"..."text', expected='"" inside quoted cells')
    if "field larger than field limit" in message:
        return _problem(relative, f"{relative} line {start}: the row starting here has a cell "
                        f"longer than the limit of {MAX_CELL_CHARS:,} characters (often a quote "
                        "that is never closed); the file is not read further.",
                        line=start, expected=f"cells of at most {MAX_CELL_CHARS:,} characters")
    return _problem(relative, f"{relative} line {end}: cannot be read as CSV ({message}).",
                    line=end)


@dataclass
class _Scan:
    """What one strict pass over a CSV text saw (bounded: only the first blank lines are kept)."""

    header: list[str] | None = None
    rows: int = 0
    blank: list[int] = field(default_factory=list)
    blank_count: int = 0
    error: Problem | None = None


def _scan(relative: str, text: str) -> _Scan:
    """Read the CSV text strictly once, stopping at the first error or past MAX_ROWS rows."""
    scan, reader, start = _Scan(), csv.reader(io.StringIO(text, newline=""), strict=True), 1
    try:
        for record in reader:
            if not record:
                scan.blank_count += 1
                scan.blank += [reader.line_num] if len(scan.blank) < SHOWN else []
            elif scan.header is None:
                scan.header = record
            elif scan.rows == MAX_ROWS:
                scan.error = _problem(relative, f"{relative} has more than {MAX_ROWS:,} rows (the "
                                      "limit); it is not read.", line=reader.line_num,
                                      expected=f"at most {MAX_ROWS:,} rows")
                break
            else:
                scan.rows += 1
            start = reader.line_num + 1
    except csv.Error as error:
        scan.error = _csv_error_problem(relative, text, error, start, reader.line_num, scan.header or [])
    return scan


def _structure_problems(relative: str, text: str) -> tuple[list[Problem], bool]:
    """Unclosed quotes, oversized cells, too many rows, a blank line 1 (unreadable); blank lines
    further down and a header without data rows (reported, the file stays readable)."""
    scan = _scan(relative, text)
    if scan.error:
        return [scan.error], True
    if scan.blank and scan.blank[0] == 1:
        return [_problem(relative, f"{relative} line 1 is blank: the header must be the first "
                         "line.", line=1, found="blank line", expected="header")], True
    problems = []
    if scan.blank:
        more = scan.blank_count - len(scan.blank)
        lines = ", ".join(map(str, scan.blank)) + (f" and {more:,} more" if more else "")
        problems.append(_problem(relative, f"{relative}: blank line(s) at line {lines}; delete "
                                 "them (a blank line is not a row).", line=scan.blank[0],
                                 found="blank line", expected="a row or nothing"))
    if scan.header is not None and scan.rows == 0:
        problems.append(_problem(relative, f"{relative} has a header but no data rows: was it "
                                 "truncated, or saved from an empty sheet?",
                                 found="header only", expected="at least one data row"))
    return problems, False


def csv_file_problems(relative: str, path: Path) -> tuple[list[Problem], bool]:
    """Every byte-level problem of one data file, and whether later checks must skip it.

    Reads at most MAX_FILE_BYTES (the size is checked first, so a huge file is refused unread).
    """
    why = _regular_file(path, relative, MAX_FILE_BYTES)
    if why:
        return [_problem(relative, f"data file {why}.")], True
    data = _read_bounded(path, MAX_FILE_BYTES)
    if not data:
        return [_problem(relative, f"{relative} is empty (0 bytes): a table needs at least its "
                         "header line.", found="0 bytes", expected="a header line")], True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [_utf8_problem(relative, data, error)], True
    problems, unreadable = _marks_problems(relative, text)
    more, broken = _structure_problems(relative, text.removeprefix("\ufeff"))
    return problems + more, unreadable or broken


# --------------------------------------------------------------------------- descriptor

def parse_json_bytes(name: str, data: bytes) -> tuple[object, str | None, int | None]:
    """(value, None, None) for a JSON document, else (None, what is wrong, line or None)."""
    if not data.strip():
        return None, f"{name} is empty", None
    if data.startswith(b"\xef\xbb\xbf"):
        return None, f"{name} starts with a byte-order mark (EF BB BF): save it as UTF-8 without BOM", 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        return None, f"{name} is not UTF-8 (first bad byte at line {line}, column {column})", line
    try:
        return json.loads(text), None, None
    except json.JSONDecodeError as error:
        return None, (f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                      f"column {error.colno}"), error.lineno
    except RecursionError:
        return None, f"{name} is not usable JSON: it nests too deeply", None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        return None, f"{name} is not usable JSON: {error}", None


def read_descriptor(path: Path) -> tuple[dict | None, list[Problem]]:
    """The parsed descriptor, or None and the one fatal problem that stops everything."""
    name = path.name or str(path)
    where = path.absolute().parent

    def fatal(message: str, line: int | None = None):
        return None, [Problem(DESCRIPTOR, message, file=name, line=line)]

    if not path.exists() and not path.is_symlink():
        return fatal(f"no package descriptor: {name} does not exist in {where}. Run validate.py "
                     "in the package folder, or give it the package folder or its datapackage.json.")
    why = _regular_file(path, name, MAX_DESCRIPTOR_BYTES)
    if why:
        return fatal(f"the package descriptor {why}.")
    value, why, line = parse_json_bytes(name, _read_bounded(path, MAX_DESCRIPTOR_BYTES))
    if why:
        return fatal(why + ".", line=line)
    if not isinstance(value, dict):
        return fatal(f"{name} must be a JSON object ({{...}}), found {type(value).__name__}.")
    resources = value.get("resources")
    if not isinstance(resources, list) or not resources:
        return fatal(f"{name} has no resources: it needs a non-empty 'resources' list, "
                     f"found {resources!r:.60}.")
    return value, []


def _schema_problem(root: Path, schema: object) -> str | None:
    """Why a resource's schema cannot be used (unsafe path, missing, bad JSON, no fields), or None."""
    if isinstance(schema, str):
        path, why = resolve_inside(root, schema)
        why = why or _regular_file(path, schema, MAX_SCHEMA_BYTES)
        if why:
            return f"schema {why}"
        schema, why, _ = parse_json_bytes(schema, _read_bounded(path, MAX_SCHEMA_BYTES))
        if why:
            return f"schema {why}"
    if not isinstance(schema, dict):
        return f"schema must be a path to a Table Schema file, found {schema!r:.60}"
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) for item in fields):
        return "schema must have a non-empty 'fields' list of objects with a 'name'"
    return None


def _entry_problems(root: Path, resource: dict) -> list[str]:
    """What is wrong with one resource entry of the descriptor (empty list when nothing)."""
    found = []
    if not isinstance(resource.get("name"), str) or not resource.get("name"):
        found.append("has no 'name'")
    for key in ("path", "schema", "format", "encoding"):
        if key not in resource:
            found.append(f"has no '{key}' (it must be declared)")
    if "format" in resource and resource["format"] != "csv":
        found.append(f"format must be 'csv', found {resource['format']!r:.40}")
    encoding = resource.get("encoding")
    if "encoding" in resource and (not isinstance(encoding, str)
                                   or encoding.lower().replace("_", "-") not in ("utf-8", "utf8")):
        found.append(f"encoding must be 'utf-8', found {encoding!r:.40}")
    if "schema" in resource:
        why = _schema_problem(root, resource["schema"])
        if why:
            found.append(why)
    return found


def _resource_problems(root: Path, index: int, resource: object,
                       seen: set[str]) -> tuple[str, list[Problem], bool]:
    """(name, problems, unreadable) for one entry of `resources` and its data file."""
    label = f"resources[{index}]"
    if not isinstance(resource, dict):
        return label, [Problem(DESCRIPTOR, f"datapackage.json {label} must be an object, found "
                               f"{type(resource).__name__}.", file="datapackage.json")], True
    name = resource.get("name") if isinstance(resource.get("name"), str) and resource.get("name") else label
    found = _entry_problems(root, resource)
    if name in seen:
        found.append("has the same name as an earlier resource")
    seen.add(name)
    path, why = (None, None)
    if "path" in resource:
        path, why = resolve_inside(root, resource["path"])
        why = why or _regular_file(path, resource["path"], None)
        if why:
            found.append(f"path {why}")
    problems = [Problem(DESCRIPTOR, f"resource {name!r} in datapackage.json {item}.",
                        file="datapackage.json") for item in found]
    if path is not None and not why:
        more, broken = csv_file_problems(resource["path"], path)
        return name, problems + more, bool(found) or broken
    return name, problems, True


def _source_problems(root: Path, descriptor: dict) -> list[Problem]:
    """Local `sources[].path` entries must stay inside the package and be regular files.

    URLs are allowed (never fetched); a missing file is left to the source-integrity check.
    """
    problems, sources = [], descriptor.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        relative = source.get("path") if isinstance(source, dict) else None
        if not isinstance(relative, str) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", relative):
            continue
        path, why = resolve_inside(root, relative)
        if not why and (path.exists() or path.is_symlink()):
            why = _regular_file(path, relative, MAX_FILE_BYTES)
        if why:
            problems.append(Problem(DESCRIPTOR, f"datapackage.json sources[{index}] path {why}.",
                                    file="datapackage.json"))
    return problems


def _preflight(descriptor_path: Path) -> PreflightResult:
    """The work of `preflight`, which only adds the guarantee that nothing escapes."""
    csv.field_size_limit(MAX_CELL_CHARS)
    root = descriptor_path.absolute().parent
    descriptor, problems = read_descriptor(descriptor_path)
    if descriptor is None:
        return PreflightResult(True, problems, None, root if root.is_dir() else None, set())
    unreadable, seen = set(), set()
    for index, resource in enumerate(descriptor["resources"]):
        name, found, broken = _resource_problems(root, index, resource, seen)
        problems.extend(found)
        if broken:
            unreadable.add(name)
    problems.extend(_source_problems(root, descriptor))
    return PreflightResult(False, problems, descriptor, root, unreadable)


def preflight(descriptor_path: Path) -> PreflightResult:
    """Read the descriptor and every data file under fixed limits; never raises, never writes."""
    descriptor_path = Path(descriptor_path)
    try:
        return _preflight(descriptor_path)
    except (Exception, RecursionError, MemoryError) as error:  # the promise: no traceback
        problem = Problem(DESCRIPTOR, f"the package could not be read: {type(error).__name__}: "
                          f"{error}", file=descriptor_path.name)
        return PreflightResult(True, [problem], None, None, set())
