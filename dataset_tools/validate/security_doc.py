"""The limits and allow-list tables of docs/security.md, generated from the code that enforces them.

    python -m dataset_tools.validate.security_doc            # rewrite the block (make dictionary)
    python -m dataset_tools.validate.security_doc --check    # exit 1 when the block is stale

The block sits between `<!-- BEGIN LIMITS -->` and `<!-- END LIMITS -->`; the test suite fails
when it differs from what this module renders, so the document cannot drift from the code.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.model import MAX_SOURCE_BYTES
from dataset_tools.validate import allowlist, limits
from dataset_tools.validate.allowlist import MAX_TEXT_CHARS

DOC = Path("docs") / "security.md"
BLOCK = re.compile(r"(<!-- BEGIN LIMITS -->\n).*?(<!-- END LIMITS -->)", re.S)
ALLOW_BLOCK = re.compile(r"(<!-- BEGIN ALLOW-LIST -->\n).*?(<!-- END ALLOW-LIST -->)", re.S)


def _keys(keys: tuple[str, ...], fixed_prefix: str, nested: dict | None = None) -> str:
    """`key` (fixed values) for each key, with the keys of nested objects in parentheses."""
    shown = []
    for key in keys:
        text = f"`{key}`"
        fixed = allowlist.FIXED_VALUES.get(f"{fixed_prefix}{key}")
        if fixed:
            text += " (" + " or ".join(f"`{value}`" for value in fixed) + ")"
        if nested and key in nested:
            text += " (" + ", ".join(f"`{item}`" for item in nested[key]) + ")"
        shown.append(text)
    return ", ".join(shown)


def allowlist_table() -> str:
    """The markdown table of the keys preflight allows, from dataset_tools/validate/allowlist.py."""
    dialect = ", ".join(f"`{key}` {value!r}" for key, value in allowlist.CSV_DIALECT.items())
    rows = [("package", _keys(allowlist.PACKAGE_KEYS, "", allowlist.NESTED_KEYS)),
            ("resource", _keys(allowlist.RESOURCE_KEYS, "resources[].") + f"; a `dialect` may only restate {dialect}"),
            ("schema", _keys(allowlist.SCHEMA_KEYS, "schema.") + "; foreign keys are one column to one column, "
             "into a resource of the package"),
            ("field", _keys(allowlist.FIELD_KEYS, "fields[].") + "; `type` one of "
             + ", ".join(f"`{t}`" for t in allowlist.FIELD_TYPES)),
            ("constraints", _keys(allowlist.CONSTRAINT_KEYS, "constraints."))]
    return "\n".join(["| where | keys |", "|---|---|"] + [f"| {where} | {keys} |" for where, keys in rows]) + "\n"



def _size(count: int) -> str:
    return f"{count // 2**20} MiB" if count >= 2**20 else f"{count // 2**10} KiB"


def limits_table() -> str:
    """The markdown table of every limit, with its value from the code and what happens past it."""
    rows = [
        ("size of `datapackage.json`", _size(limits.MAX_DESCRIPTOR_BYTES),
         "read from the file system first; over it, exit 2"),
        ("resources in `datapackage.json`", f"{limits.MAX_RESOURCES:,}", "over it, exit 2, nothing checked"),
        ("size of a schema file", _size(limits.MAX_SCHEMA_BYTES), "over it, the resource is not read (exit 1)"),
        ("fields of one schema", f"{limits.MAX_FIELDS:,}", "over it, the resource is not read (exit 1)"),
        ("one cue word of a schema's `cues`", f"{limits.MAX_CUE_CHARS} characters",
         "over it, the resource is not read (exit 1)"),
        ("size of a data file", _size(limits.MAX_FILE_BYTES), "refused unread (exit 1)"),
        ("rows of one data file", f"{limits.MAX_ROWS:,}",
         "counted in one strict pass; past it the file is not read (exit 1)"),
        ("rows of all data files", f"{limits.MAX_TOTAL_ROWS:,}", "files past it are not read (exit 1)"),
        ("one CSV cell", f"{limits.MAX_CELL_CHARS:,} characters",
         "the csv module's field limit; the file is not read further (exit 1)"),
        ("one text value (cell or descriptor text)", f"{MAX_TEXT_CHARS:,} characters",
         "one Excel cell; longer text is refused (exit 1)"),
        ("source texts, together", _size(MAX_SOURCE_BYTES),
         "a text counts once per row of sources.csv naming it; past it, not read (exit 1)"),
        ("frictionless errors per resource", f"{limits.MAX_TABLE_ERRORS:,}",
         "then frictionless stops and the report says so (exit 1)"),
        ("matching every `constraints.pattern`", f"{limits.PATTERN_SECONDS} s of CPU in all",
         "the pattern being matched (and any not yet matched) is refused (exit 1)"),
        ("memory of validate.py", _size(limits.MEMORY_LIMIT_BYTES),
         "one line `validate.py stopped: the memory limit …`, exit 2"),
        ("CPU time of validate.py", f"{limits.CPU_LIMIT_SECONDS} s",
         "one line `validate.py stopped: the CPU time limit …`, exit 2"),
        ("real time of validate.py, the exports, the release", f"{limits.WALL_CLOCK_SECONDS} s",
         "one line `… stopped: the time limit of … (wall clock) was reached`, exit 2; also ends blocked I/O"),
    ]
    lines = ["| limit | value | past it |", "|---|---:|---|"]
    return "\n".join(lines + [f"| {what} | {value} | {effect} |" for what, value, effect in rows]) + "\n"


def render(text: str) -> str:
    """`text` with its LIMITS block replaced by the current table."""
    for block, name in ((BLOCK, "LIMITS"), (ALLOW_BLOCK, "ALLOW-LIST")):
        if not block.search(text):
            raise SystemExit(f"{DOC} has no '<!-- BEGIN {name} -->' ... '<!-- END {name} -->' block")
    text = BLOCK.sub(lambda match: match.group(1) + limits_table() + match.group(2), text)
    return ALLOW_BLOCK.sub(lambda match: match.group(1) + allowlist_table() + match.group(2), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.validate.security_doc", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when the block is stale; write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    path = args.root / DOC
    current = path.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        print(f"{DOC} is {'up to date' if fresh == current else 'stale: run `make dictionary`'}")
        return 0 if fresh == current else 1
    if fresh != current:
        path.write_text(fresh, encoding="utf-8")
    print(f"{DOC}: limits {'updated' if fresh != current else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
