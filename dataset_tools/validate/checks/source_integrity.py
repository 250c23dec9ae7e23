"""The `source-integrity` check: the source texts are the exact files `sources.csv` describes."""
from __future__ import annotations

import hashlib
import re

from dataset_tools.model import Package, Row, SourceText, Table
from dataset_tools.validate.checks.common import as_int, require
from dataset_tools.validate.report import Problem, check

NAME = "source-integrity"
DESCRIPTOR = "datapackage.json"
BOM = b"\xef\xbb\xbf"
SHA256 = re.compile(r"[0-9a-f]{64}")


def declared_hashes(package: Package) -> dict[str, tuple[int, object]]:
    """path -> (index, sha256) of the descriptor's `sources` entries that carry a sha256."""
    entries = package.descriptor.get("sources")
    declared: dict[str, tuple[int, object]] = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and "sha256" in entry and isinstance(entry.get("path"), str):
            declared.setdefault(entry["path"], (index, entry["sha256"]))
    return declared


def well_formed(column: str, recorded: str) -> bool:
    """Whether a cell has the form its schema requires (a malformed one is the table check's)."""
    return bool(SHA256.fullmatch(recorded)) if column == "sha256" else as_int(recorded) is not None


def measured(table: Table, row: Row, source: SourceText) -> list[Problem]:
    """Checksum, size, characters and lines of one readable source file against its row."""
    problems: list[Problem] = []
    data, text = source.data, source.text
    if data is None:  # the caller reports an unreadable file
        return problems
    facts = {"sha256": hashlib.sha256(data).hexdigest(), "byte_count": len(data)}
    if text is not None:
        facts.update(char_count=len(text), line_count=text.count("\n"))
    for column, actual in facts.items():
        recorded = row.get(column, "")
        if recorded and recorded != str(actual) and well_formed(column, recorded):  # else: the table check
            problems.append(table.problem(NAME, row, column, f"{source.file}: {column} of the file is {actual}, "
                                          f"sources.csv says {recorded}", recorded, actual))
    if data.startswith(BOM):
        problems.append(table.problem(NAME, row, "path", f"{source.file} starts with a UTF-8 byte-order mark "
                                      "(offsets would count it); remove it", "BOM", "no BOM"))
    if text is None:
        problems.append(table.problem(NAME, row, "path", f"{source.file} {source.error}", None, "UTF-8 text"))
    elif "\r" in text:
        problems.append(table.problem(NAME, row, "path", f"{source.file} has CR characters at line "
                                      f"{text.count(chr(10), 0, text.index(chr(13))) + 1}: line ends must be LF only",
                                      "CR", "LF"))
    return problems


def descriptor_problem(declared_by_path: dict, table: Table, row: Row, source: SourceText) -> list[Problem]:
    """The descriptor's `sources[].sha256` for this path matches the file."""
    declared = declared_by_path.get(source.file)
    if source.data is None:  # the caller reports an unreadable file
        return []
    actual = hashlib.sha256(source.data).hexdigest()
    if declared is None:
        return [table.problem(NAME, row, "path", f"datapackage.json `sources` has no entry with path "
                              f"{source.file!r} and a sha256", None, f"sha256 {actual}")]
    index, sha = declared
    if sha != actual:
        return [Problem(NAME, f"sources[{index}].sha256 does not match {source.file}", file=DESCRIPTOR,
                        column=f"sources[{index}].sha256", row_id=source.file, found=str(sha), expected=actual)]
    return []


@check(NAME)
def source_integrity(package: Package) -> list[Problem]:
    """Each source file exists, is UTF-8 without BOM (LF line ends), and its sha256, bytes, characters and lines match
    sources.csv and datapackage.json `sources[].sha256`."""
    table = require(package, "sources")
    problems: list[Problem] = []
    declared = declared_hashes(package)
    if table is None:
        return problems
    for row in table.rows:
        source = package.sources.get(row.id)
        if source is None or source.file != row.get("path", ""):
            continue  # a duplicated id: the table check reports the primary key
        if source.data is None:
            problems.append(table.problem(NAME, row, "path", f"source file {source.file!r}: {source.error}",
                                          source.file, "a readable file inside the package"))
            continue
        problems.extend(measured(table, row, source))
        problems.extend(descriptor_problem(declared, table, row, source))
    return problems
