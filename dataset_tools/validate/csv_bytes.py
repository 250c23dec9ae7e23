"""The byte-level pass over one CSV file, before any parser sees it.

Strict UTF-8 (with the line and column of the first bad byte and the likely encoding), no
byte-order mark, no NUL, LF line endings, no blank lines, balanced quotes, cells and rows within
the limits of `limits.py`. Problems belong to the `files` group of the report and give physical
lines: the file could not be parsed into rows yet.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from dataset_tools.model import Row, column_index, csv_lines
from dataset_tools.paths import read_bounded, regular_file_problem
from dataset_tools.validate.limits import GUIDE, MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, SAMPLE_BYTES, SHOWN
from dataset_tools.validate.report import Problem, declare, problem

CODES = declare({
    "files.too-large": "a data file is over the per-file size limit; it is not read",
    "files.unreadable": "a data file cannot be opened (it changed or vanished while being read); it is not read",
    "files.empty": "a data file is empty (0 bytes)",
    "files.not-utf8": "a data file is not UTF-8 (the message names the line, character and likely encoding)",
    "files.bom": "a data file starts with a byte-order mark",
    "files.nul": "a data file holds NUL bytes",
    "files.crlf": "a data file has Windows (CRLF) or CR line endings (the file is still checked)",
    "files.unclosed-quote": "a quoted cell is never closed, so the rest of the file would be one cell",
    "files.text-after-quote": "text follows a closing quote inside a cell",
    "files.cell-too-large": "a cell is over the per-cell size limit",
    "files.not-csv": "the csv module cannot read the file for another reason (named in the message)",
    "files.too-many-rows": "a data file has more rows than the limit; it is not read",
    "files.too-many-total-rows": "the data files together have more rows than the limit; the file past it is not read",
    "files.blank-first-line": "the first line of a data file is blank instead of the header",
    "files.blank-lines": "blank lines after the header (the file is still checked)",
    "files.no-rows": "a data file has a header but no data rows (the file is still checked)",
})

def line_column(data: bytes, position: int) -> tuple[int, int]:
    """1-based line and character column of byte `position` (the bytes before it are UTF-8)."""
    line_start = data.rfind(b"\n", 0, position) + 1
    column = len(data[line_start:position].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, position) + 1, column


def _textline_column(text: str, position: int) -> tuple[int, int]:
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
    name = header[index] if header is not None and 0 <= index < len(header) else f"cell {index + 1}"
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
    line, column = line_column(data, error.start)
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
    return problem("files.not-utf8", head + advice, file=relative, line=line, column=cell, found=found,
                   expected="UTF-8 text")


def _marks_problems(relative: str, text: str) -> tuple[list[Problem], bool]:
    """Byte-order mark and NUL characters (both unreadable), CR/CRLF line endings (readable)."""
    problems, unreadable = [], False
    if text.startswith("\ufeff"):
        unreadable = True
        problems.append(problem(
            "files.bom", f"{relative} starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF), "
            "which Excel's 'CSV UTF-8' adds; the package is UTF-8 without BOM. Remove it: "
            f"sed -i '1s/^\\xEF\\xBB\\xBF//' {relative} (or in your editor save as 'UTF-8', "
            "not 'UTF-8 with BOM').", file=relative, line=1, found="EF BB BF", expected="no byte-order mark"))
    nul = text.find("\x00")
    if nul != -1:
        unreadable = True
        line, column = _textline_column(text, nul)
        count, cell = text.count("\x00"), column_at(text[:nul])
        problems.append(problem(
            "files.nul", f"{relative} line {line}, character {column}"
            + (f" (column {cell})" if cell else "") + f": NUL byte(s) ({count} in the "
            "file); a CSV file is text. Many NUL bytes usually mean the file was saved as "
            "UTF-16 ('Unicode Text'): re-save it as UTF-8.", file=relative, line=line, column=cell, found="0x00",
            expected="no NUL bytes"))
    crlf = text.find("\r")
    if crlf != -1:
        line, _ = _textline_column(text, crlf)
        count = text.count("\r")
        problems.append(problem(
            "files.crlf", f"{relative} line {line}: Windows line endings (CRLF; {count} line(s) "
            f"end in a carriage return); the package uses LF only. Fix: sed -i 's/\\r$//' "
            f"{relative} (or dos2unix, or choose 'LF' line endings in your editor).",
            file=relative, line=line, found="CRLF", expected="LF"))
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
        return problem("files.unclosed-quote", f"{relative} line {start}: the row starting here has a "
                       "quoted cell" + (f" (column {column})" if column else "") + " that is "
                       f"never closed, so everything to the end of the file (line {end}) would "
                       "be read as one cell. Close the quote, and double any quote inside a "
                       "cell (\"\").",
                       file=relative, line=start, column=column, found='unclosed "', expected='closing "')
    if "expected after" in message:
        return problem("files.text-after-quote", f"{relative} line {end}: text follows a closing quote inside "
                       "a cell. A quote inside a quoted cell must be doubled (\"\").",
                       file=relative, line=end, found='"..."text', expected='"" inside quoted cells')
    if "field larger than field limit" in message:
        return problem("files.cell-too-large", f"{relative} line {start}: the row starting here has a cell "
                       f"longer than the limit of {MAX_CELL_CHARS:,} characters (often a quote "
                       "that is never closed); the file is not read further.",
                       file=relative, line=start, expected=f"cells of at most {MAX_CELL_CHARS:,} characters")
    return problem("files.not-csv", f"{relative} line {end}: cannot be read as CSV ({message}).",
                   file=relative, line=end)


@dataclass
class _Scan:
    """What one strict pass over a CSV text saw (bounded: only the first blank lines are kept).

    The pass is also the one parse of the file: `data_rows` are the model's rows (blank records
    included, numbered as frictionless counts them), handed to the loader when the file is readable.
    """

    header: list[str] | None = None
    rows: int = 0
    blank: list[int] = field(default_factory=list)
    blank_count: int = 0
    error: Problem | None = None
    data_rows: list[Row] = field(default_factory=list)


def _scan(relative: str, text: str) -> _Scan:
    """Read the CSV text strictly once, stopping at the first error or past MAX_ROWS rows."""
    scan, reader, start = _Scan(), csv.reader(csv_lines(text), strict=True), 1
    stored: dict[str, str] = {}
    index: dict[str, int] = {}
    keep, kept = stored.setdefault, scan.data_rows
    append = kept.append
    try:
        for record in reader:
            if record and index:   # a data record (the most frequent case first)
                if scan.rows == MAX_ROWS:
                    scan.error = problem("files.too-many-rows", f"{relative} has more than {MAX_ROWS:,} rows (the "
                                         "limit); it is not read.", file=relative, line=reader.line_num,
                                         expected=f"at most {MAX_ROWS:,} rows")
                    break
                scan.rows += 1
                number = len(kept) + 2
                append(Row(tuple(map(keep, record, record)), number, number if start == number else start, index))
            elif not record:
                scan.blank_count += 1
                scan.blank += [reader.line_num] if len(scan.blank) < SHOWN else []
                if scan.header is not None:
                    number = len(kept) + 2
                    append(Row((), number, number if start == number else start, index))
            else:
                scan.header, index = record, column_index(record)
            start = reader.line_num + 1
    except csv.Error as error:
        scan.error = _csv_error_problem(relative, text, error, start, reader.line_num, scan.header or [])
    return scan


def _structure_problems(relative: str, text: str) -> tuple[list[Problem], bool, _Scan]:
    """Unclosed quotes, oversized cells, too many rows, a blank line 1 (unreadable); blank lines
    further down and a header without data rows (reported, the file stays readable); and the
    scan itself (its data rows are the file's one parse)."""
    scan = _scan(relative, text)
    if scan.error:
        return [scan.error], True, scan
    if scan.blank and scan.blank[0] == 1:
        return [problem("files.blank-first-line", f"{relative} line 1 is blank: the header must be the first "
                        "line.", file=relative, line=1, found="blank line", expected="header")], True, scan
    problems = []
    if scan.blank:
        more = scan.blank_count - len(scan.blank)
        lines = ", ".join(map(str, scan.blank)) + (f" and {more:,} more" if more else "")
        problems.append(problem("files.blank-lines", f"{relative}: blank line(s) at line {lines}; delete "
                                "them (a blank line is not a row).", file=relative, line=scan.blank[0],
                                found="blank line", expected="a row or nothing"))
    if scan.header is not None and scan.rows == 0:
        problems.append(problem("files.no-rows", f"{relative} has a header but no data rows: was it "
                                "truncated, or saved from an empty sheet?",
                                file=relative, found="header only", expected="at least one data row"))
    return problems, False, scan


def csv_file_problems(relative: str, path: Path) -> tuple[list[Problem], bool, int]:
    """Every byte-level problem of one data file, whether later checks must skip it, and its
    number of data rows."""
    problems, broken, count, _ = read_csv_file(relative, path)
    return problems, broken, count


def read_csv_file(relative: str, path: Path
                  ) -> tuple[list[Problem], bool, int, tuple[list[str], list[Row]] | None]:
    """(problems, unreadable, data rows, (header, rows) when readable): the byte-level pass and
    the one parse of the file, which the row model takes over.

    Reads at most MAX_FILE_BYTES (the size is checked first, so a huge file is refused unread).
    """
    why = regular_file_problem(path, relative, MAX_FILE_BYTES)
    if why:
        return [problem("files.too-large" if why.kind == "too-large" else "files.unreadable",
                        f"data file {why}.", file=relative)], True, 0, None
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except (OSError, ValueError) as error:
        return [problem("files.unreadable", f"data file {relative!r} {error}.", file=relative)], True, 0, None
    if not data:
        return [problem("files.empty", f"{relative} is empty (0 bytes): a table needs at least its "
                        "header line.", file=relative, found="0 bytes", expected="a header line")], True, 0, None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [_utf8_problem(relative, data, error)], True, 0, None
    del data
    problems, unreadable = _marks_problems(relative, text)
    more, broken, scan = _structure_problems(relative, text.removeprefix("\ufeff"))
    if unreadable or broken:
        return problems + more, True, scan.rows, None
    return problems + more, False, scan.rows, (scan.header or [], scan.data_rows)
