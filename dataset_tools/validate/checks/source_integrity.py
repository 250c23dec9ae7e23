"""The `source-integrity` check: the source texts are the exact files `sources.csv` describes."""
from __future__ import annotations

import hashlib
import re

from dataset_tools.model import Package, Row, SourceText, Table
from dataset_tools.validate.checks.common import as_int, require
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "source-integrity"
DESCRIPTOR = "datapackage.json"
BOM = b"\xef\xbb\xbf"
SHA256 = re.compile(r"[0-9a-f]{64}")
CODES = declare({
    "source-integrity.unreadable": "a source file named in sources.csv is missing or cannot be read",
    "source-integrity.sha256-mismatch": "the sha256 of a source file is not the one sources.csv records",
    "source-integrity.byte-count-mismatch": "the size of a source file is not sources.csv's byte_count",
    "source-integrity.char-count-mismatch": "the characters of a source text are not sources.csv's char_count",
    "source-integrity.line-count-mismatch": "the LF count of a source text is not sources.csv's line_count",
    "source-integrity.bom": "a source file starts with a UTF-8 byte-order mark",
    "source-integrity.not-utf8": "a source file is not UTF-8",
    "source-integrity.not-declared": "datapackage.json `sources` has no entry with the file's path and a sha256",
    "source-integrity.declared-sha256-mismatch": "datapackage.json `sources[].sha256` is not the file's sha256",
})
MISMATCH = {"sha256": "source-integrity.sha256-mismatch", "byte_count": "source-integrity.byte-count-mismatch",
            "char_count": "source-integrity.char-count-mismatch", "line_count": "source-integrity.line-count-mismatch"}


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
    problems = []
    data, text = source.data, source.text
    assert data is not None   # the check skips sources it could not read
    facts = {"sha256": hashlib.sha256(data).hexdigest(), "byte_count": len(data)}
    if text is not None:
        facts.update(char_count=len(text), line_count=text.count("\n"))
    for column, actual in facts.items():
        recorded = row.get(column, "")
        if recorded and recorded != str(actual) and well_formed(column, recorded):  # else: the table check
            problems.append(problem(MISMATCH[column], f"{source.file}: {column} of the file is {actual}, "
                                    f"sources.csv says {recorded}", file=table.file, row=row, column=column,
                                    found=recorded, expected=actual))
    if data.startswith(BOM):
        problems.append(problem("source-integrity.bom", f"{source.file} starts with a UTF-8 byte-order mark "
                                "(offsets would count it); remove it", file=table.file, row=row, column="path",
                                found="BOM", expected="no BOM"))
    if text is None:
        problems.append(problem("source-integrity.not-utf8", f"{source.file} {source.error}", file=table.file,
                                row=row, column="path", expected="UTF-8 text"))
    return problems  # line ends, NFC and the BMP are the text-form check's


def descriptor_problem(declared_by_path: dict, table: Table, row: Row, source: SourceText) -> list[Problem]:
    """The descriptor's `sources[].sha256` for this path matches the file."""
    declared = declared_by_path.get(source.file)
    assert source.data is not None   # the check skips sources it could not read
    actual = hashlib.sha256(source.data).hexdigest()
    if declared is None:
        return [problem("source-integrity.not-declared", f"datapackage.json `sources` has no entry with path "
                        f"{source.file!r} and a sha256", file=table.file, row=row, column="path",
                        expected=f"sha256 {actual}")]
    index, sha = declared
    if sha != actual:
        return [problem("source-integrity.declared-sha256-mismatch", f"sources[{index}].sha256 does not match "
                        f"{source.file}", file=DESCRIPTOR, column=f"sources[{index}].sha256", row_id=source.file,
                        found=sha, expected=actual)]
    return []


@check(NAME)
def source_integrity(package: Package) -> list[Problem]:
    """Each source file exists, is UTF-8 without BOM, and its sha256, bytes, characters and lines match sources.csv
    and datapackage.json `sources[].sha256`."""
    table = require(package, "sources")
    if table is None:
        return []
    problems, declared = [], declared_hashes(package)
    for row in table.rows:
        source = package.sources.get(row.id)
        if source is None or source.file != row.get("path", ""):
            continue  # a duplicated id: the table check reports the primary key
        if source.data is None:
            problems.append(problem("source-integrity.unreadable", f"source file {source.file!r}: {source.error}",
                                    file=table.file, row=row, column="path", found=source.file,
                                    expected="a readable file inside the package"))
            continue
        problems.extend(measured(table, row, source))
        problems.extend(descriptor_problem(declared, table, row, source))
    return problems
