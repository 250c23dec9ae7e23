"""The `references` check: a `reference` cell agrees with the reference data it names.

A reference names the file of the package it relies on (`see reference/gansu-admin-divisions.csv`);
that file must exist and be listed among the descriptor's `sources`. Its *edition marks* (dates
YYYY-MM-DD, years, and standard numbers such as GB/T 2260) must all occur in that `sources`
entry's title and in the README.md beside the file, which state the edition the data is. So a
reference cannot cite an edition or a date the package's own reference data does not have.
"""
from __future__ import annotations

import re

from dataset_tools.model import Package, read_bounded, resolve_inside
from dataset_tools.validate.checks.common import show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "references"
CODES = declare({
    "references.no-file": "a reference names no reference file of the package",
    "references.file-not-a-source": "a referenced file is not among the descriptor's sources",
    "references.mark-not-found": "a date, year or standard number of a reference is not in its source entry or README",
})
_PATH = re.compile(r"\breference/[\w.\-/]+\.\w+")
_MARK = re.compile(r"GB(?:/T)?\s*\d+(?:\.\d+)?|(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])|(?<![\d-])(?:19|20)\d{2}(?![\d-])")
README_BYTES = 1 << 20


def readme_of(package: Package, path: str) -> str:
    """The README.md of the folder holding `path` ('' when there is none)."""
    folder = path.rsplit("/", 1)[0]
    readme, _ = resolve_inside(package.root, f"{folder}/README.md")
    if readme is None or not readme.is_file():
        return ""
    return read_bounded(readme, README_BYTES).decode("utf-8", errors="replace")


@check(NAME)
def references(package: Package) -> list[Problem]:
    """Each reference cell names a file of the package listed in the descriptor's sources, and every date, year and
    standard number it cites occurs in that source's title and in the README beside the file."""
    sources = {entry.get("path"): str(entry.get("title", "")) for entry in package.descriptor.get("sources", [])
               if isinstance(entry, dict)}
    problems = []
    for table in package.tables.values():
        if "reference" not in table.columns:
            continue
        for row in table.rows:
            cell = row.get("reference", "")
            if not cell:
                continue
            paths = _PATH.findall(cell)
            if not paths:
                problems.append(problem("references.no-file", "the reference names no reference file of "
                                        "the package", file=table.file, row=row, column="reference", found=cell,
                                        expected="… see reference/<file>"))
                continue
            for path in paths:
                if path not in sources:
                    problems.append(problem("references.file-not-a-source", f"{path} is not among the descriptor's "
                                            "sources", file=table.file, row=row, column="reference", found=cell,
                                            expected=f"a path of {sorted(p for p in sources if p)}"))
                    continue
                readme = readme_of(package, path)
                for mark in dict.fromkeys(match.group() for match in _MARK.finditer(cell)):
                    where = [name for name, words in (("the sources entry", sources[path]), ("README.md", readme))
                             if mark.replace(" ", "") not in words.replace(" ", "")]
                    if where:
                        problems.append(problem("references.mark-not-found", f"{show(mark)} is not in "
                                                f"{' or '.join(where)} of {path}", file=table.file, row=row,
                                                column="reference", found=mark,
                                                expected="the edition and date the reference data states"))
    return problems
