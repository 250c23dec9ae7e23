"""Regenerate every generated block of the documentation from its single source of truth.

- README.md: the data dictionary (`schemas/*.json`), the row counts (`resources/*.csv`), the
  coverage figures (`dataset_tools.curate.coverage`), the checks and their rules (the check
  docstrings), their number, the citation (`datapackage.json`) and the short failure examples;
- docs/when-validation-fails.md: the limits (`dataset_tools.validate.limits`) and the full
  failure examples, made by breaking a copy of the package and running validate.py on it;
- docs/validation.md: the number of checks and of problems shown per check;
- curation/README.md: the exclusion reason codes the coverage tool accepts.

    python -m dataset_tools.curate.docs          # rewrite the stale blocks (make docs)
    python -m dataset_tools.curate.docs --check  # exit 1 when a block is stale (used by the tests)

A block sits between `<!-- BEGIN NAME -->` and `<!-- END NAME -->`. When a line break follows the
BEGIN marker the block is whole lines; otherwise it is inline text within a sentence. Text
outside the markers is never touched.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import coverage


def _cell(value: object) -> str:
    """Markdown-table-safe text."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _constraints(field: dict) -> str:
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "required" and value:
            parts.append("required")
        elif key == "unique" and value:
            parts.append("unique")
        elif key == "enum":
            parts.append("one of " + ", ".join(f"`{v}`" for v in value))
        elif key == "pattern":
            parts.append(f"pattern `{value}`")
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)


def data_dictionary(root: Path) -> str:
    """Markdown: one table per resource with every field's name, type, constraints, description."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    out = []
    for resource in descriptor["resources"]:
        schema = json.loads((root / resource["schema"]).read_text(encoding="utf-8"))
        keys = [f"primary key `{', '.join(schema['primaryKey'])}`"]
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            keys.append(f"`{fk['fields']}` → `{ref['resource'] or resource['name']}.{ref['fields']}`")
        out.append(f"### `{resource['name']}` — {resource.get('title', '')}\n")
        out.append(f"{resource.get('description', '')}\n")
        out.append(f"File `{resource['path']}`, schema `{resource['schema']}`. Keys: {'; '.join(keys)}.\n")
        out.append("| field | title | type | constraints | description | example |")
        out.append("|---|---|---|---|---|---|")
        for field in schema["fields"]:
            example = field.get("example", "")
            out.append("| " + " | ".join(_cell(x) for x in (
                f"`{field['name']}`", field.get("title", ""), field["type"], _constraints(field),
                field.get("description", ""), f"`{example}`" if example != "" else "")) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def row_counts(root: Path) -> str:
    """Markdown table of rows per resource (and provenance status counts)."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    lines = ["| resource | rows | stated | inferred | derived | external |", "|---|---:|---:|---:|---:|---:|"]
    for resource in descriptor["resources"]:
        _, rows = read_rows(root / resource["path"])
        status = [row.get("status", "") for row in rows]
        kinds = ("stated", "inferred", "derived", "external")
        counts = [str(status.count(s)) if "status" in rows[0] else "" for s in kinds] if rows else [""] * 4
        lines.append(f"| `{resource['name']}` | {len(rows)} | " + " | ".join(counts) + " |")
    return "\n".join(lines) + "\n"


def coverage_figures(root: Path) -> str:
    """Markdown summary of numeric-expression coverage of the source text."""
    _, sources = read_rows(root / "resources" / "sources.csv")
    text = (root / sources[0]["path"]).read_text(encoding="utf-8")
    exclusions = coverage.read_exclusions(root / coverage.EXCLUSIONS_PATH)
    assessments = coverage.assess(text, coverage.collect_spans(root), exclusions)
    total = len(assessments)
    by_status = {s: sum(1 for a in assessments if a.status == s) for s in ("covered", "excluded", "uncovered")}
    reasons: dict[str, int] = {}
    for a in assessments:
        if a.status == "excluded":
            reasons[a.by] = reasons.get(a.by, 0) + 1
    lines = [f"Numeric expressions found in the source text: **{total}**.", "",
             "| status | expressions |", "|---|---:|"]
    lines += [f"| {s} | {n} |" for s, n in by_status.items()]
    if reasons:
        lines += ["", "Exclusions by reason: " + ", ".join(f"`{k}` {v}" for k, v in sorted(reasons.items())) + "."]
    return "\n".join(lines) + "\n"


def citation(root: Path) -> str:
    """The descriptor's bibliographicCitation as a quotation (the `metadata` check ties it to the version)."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return f"> {descriptor['bibliographicCitation']}\n"


def check_table(root: Path) -> str:
    """Markdown rows: every check of validate.py and the rule it enforces (its docstring)."""
    from dataset_tools.validate import checks  # noqa: F401  (importing registers every check)
    from dataset_tools.validate.report import CHECKS, rule_of
    return "".join(f"| `{name}` | {_cell(rule_of(function))} |\n" for name, function in CHECKS.items())


@cache
def valid_summary(root: Path) -> str:
    """The last line validate.py prints for the package itself, which must be valid (inline)."""
    done = subprocess.run([sys.executable, str(PACKAGE_ROOT / "validate.py"), str(root)], capture_output=True,
                          text=True, encoding="utf-8", timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"the package is not valid (validate.py exited {done.returncode}): fix it first")
    return f"`{done.stdout.strip().splitlines()[-1]}`"


def shown_per_check(root: Path) -> str:
    """How many problems of one check the text report prints (inline)."""
    from dataset_tools.validate.render import SHOWN_PER_CHECK
    return str(SHOWN_PER_CHECK)


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 and n % 2**20 == 0 else f"{n // 2**10} KiB"


def descriptor_limit(root: Path) -> str:
    """The largest datapackage.json validate.py reads (inline)."""
    from dataset_tools.validate.limits import MAX_DESCRIPTOR_BYTES
    return _size(MAX_DESCRIPTOR_BYTES)


def limits_table(root: Path) -> str:
    """Markdown: every fixed limit of validate.py, its value and how it is enforced."""
    from dataset_tools.validate import limits as x
    memory, cpu = x.MEMORY_LIMIT_BYTES // 2**20, x.CPU_LIMIT_SECONDS
    rows = [
        ("size of `datapackage.json`", _size(x.MAX_DESCRIPTOR_BYTES),
         "its size is read from the file system before it is opened; over it, exit 2"),
        ("size of a schema file", _size(x.MAX_SCHEMA_BYTES), "the same; over it, the resource is not read"),
        ("size of a data file", _size(x.MAX_FILE_BYTES),
         "the same: a larger file is refused without reading a byte of it (a 200 MB file of random bytes named "
         "`.csv` is refused at once)"),
        ("rows in a data file", f"{x.MAX_ROWS:,}",
         "counted while the file is read once, strictly, before any other check; past the limit the file is not "
         "read further"),
        ("size of one cell", f"{x.MAX_CELL_CHARS:,} characters",
         "the csv module's field limit (`csv.field_size_limit`), set before any file is read; frictionless uses "
         "the same module, so the same bound"),
        ("memory", f"{_size(x.MEMORY_LIMIT_BYTES).replace('1024 MiB', '1 GiB')} of address space",
         "`resource.setrlimit(RLIMIT_AS)`, set by `validate.py` when it starts; reaching it stops validation with "
         f"one line, never a traceback (`validate.py stopped: the memory limit of {memory} MiB was reached; …`) "
         "and exit 2"),
        ("CPU time", f"{cpu} s",
         f"`resource.setrlimit(RLIMIT_CPU)`; at {cpu} s validation stops with a one-line message (`validate.py "
         f"stopped: the CPU time limit of {cpu} s was reached`) and exit 2; the hard limit at {cpu + 10} s ends "
         "the process in any case"),
        ("encoding guess", f"first {_size(x.SAMPLE_BYTES)}",
         "only this sample of a non-UTF-8 file is given to charset-normalizer to name the likely encoding"),
    ]
    lines = ["| limit | value | how it is enforced |", "|---|---|---|"]
    return "\n".join(lines + [f"| {a} | {b} | {c} |" for a, b, c in rows]) + "\n"


def reason_codes(root: Path) -> str:
    """Markdown: the exclusion reason codes the coverage tool accepts, with what each is for."""
    lines = ["| code | use for |", "|---|---|"]
    return "\n".join(lines + [f"| `{code}` | {_cell(use)} |" for code, use in coverage.REASON_CODES.items()]) + "\n"


# --- failure examples: a copy of the package broken in one way, validated as a user does ---

PACKAGE_PARTS = ("datapackage.json", "CHANGELOG.md", "CITATION.cff", "resources", "schemas", "sources",
                 "reference", "curation")


def _excel_gb18030(copy: Path) -> None:
    """speakers.csv saved by Excel on a Chinese system: the same text in GB18030."""
    path = copy / "resources" / "speakers.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))


def _shifted_span(copy: Path) -> None:
    """The first indicator's char_start and char_end typed one character too far."""
    path = copy / "resources" / "indicators.csv"
    header, rows = read_rows(path)
    rows[0]["char_start"] = str(int(rows[0]["char_start"]) + 1)
    rows[0]["char_end"] = str(int(rows[0]["char_end"]) + 1)
    write_rows(path, header, rows)


def _broken_key(copy: Path) -> None:
    """A typo in a speaker's organization_id: gansu-samr for gansu-amr."""
    path = copy / "resources" / "speakers.csv"
    header, rows = read_rows(path)
    row = next(row for row in rows if row["organization_id"] == "gansu-amr")
    row["organization_id"] = "gansu-samr"
    write_rows(path, header, rows)


# name -> (how the copy is broken, the check whose lines the README quotes)
EXAMPLES: dict[str, tuple[Callable[[Path], None], str]] = {
    "EXCEL": (_excel_gb18030, "files"), "SPAN": (_shifted_span, "spans"), "KEY": (_broken_key, "table")}


@cache
def failure_output(root: Path, name: str) -> str:
    """What `python validate.py .` prints in a copy of the package at `root` broken as EXAMPLES[name] says."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "package"
        for part in PACKAGE_PARTS:
            source = root / part
            if source.is_dir():
                shutil.copytree(source, copy / part)
            elif source.exists():
                copy.mkdir(exist_ok=True)
                shutil.copyfile(source, copy / part)
        EXAMPLES[name][0](copy)
        done = subprocess.run([sys.executable, str(PACKAGE_ROOT / "validate.py"), "."], cwd=copy,
                              capture_output=True, text=True, encoding="utf-8", timeout=600)
    if done.returncode != 1:
        raise SystemExit(f"failure example {name}: validate.py exited {done.returncode}, not 1: {done.stderr}")
    return done.stdout


def full_example(name: str) -> Callable[[Path], str]:
    """A block builder: the whole report of one failure example, as a shell session."""
    def build(root: Path) -> str:
        return f"```text\n$ python validate.py .\n{failure_output(root, name)}```\n"
    return build


def short_example(name: str) -> Callable[[Path], str]:
    """A block builder: the heading and problem lines of the example's own check only."""
    def build(root: Path) -> str:
        lines, keep = [], False
        for line in failure_output(root, name).splitlines():
            if line.startswith(("FAILED ", "SKIPPED ", "passed: ")) or not line.strip():
                keep = line.startswith(f"FAILED {EXAMPLES[name][1]} ")
                if keep:
                    lines.append(line)
            elif keep and line.startswith("  - "):
                lines.append(line)
        return "```text\n" + "\n".join(lines) + "\n```\n"
    return build


DOCUMENTS: dict[str, dict[str, Callable[[Path], str]]] = {
    "README.md": {"DATA DICTIONARY": data_dictionary, "ROW COUNTS": row_counts, "COVERAGE": coverage_figures,
                  "CHECKS": check_table, "VALID SUMMARY": valid_summary, "CITATION": citation,
                  **{f"EXAMPLE {name}": short_example(name) for name in EXAMPLES}},
    "docs/when-validation-fails.md": {"SHOWN PER CHECK": shown_per_check, "DESCRIPTOR LIMIT": descriptor_limit,
                                      "LIMITS": limits_table,
                                      **{f"EXAMPLE {name}": full_example(name) for name in EXAMPLES}},
    "docs/validation.md": {"VALID SUMMARY": valid_summary},
    "curation/README.md": {"REASON CODES": reason_codes},
}


def render(document: str, text: str, root: Path) -> str:
    """`text` (the content of `document`) with every generated block replaced by its fresh content."""
    for name, build in DOCUMENTS[document].items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->)(\n?)(.*?)(<!-- END {name} -->)", re.S)
        blocks = list(pattern.finditer(text))
        if not blocks:
            raise SystemExit(f"{document} has no '<!-- BEGIN {name} -->' ... '<!-- END {name} -->' block")
        content = build(root)
        for found in reversed(blocks):
            fresh = content if found.group(2) else content.strip()
            text = text[:found.start(3)] + fresh + text[found.end(3):]
    return text


def stale_documents(root: Path, write: bool) -> list[str]:
    """The documents whose generated blocks differ from what the sources give now (rewritten when `write`)."""
    stale = []
    for document in DOCUMENTS:
        path = root / document
        current = path.read_text(encoding="utf-8")
        fresh = render(document, current, root)
        if fresh != current:
            stale.append(document)
            if write:
                path.write_text(fresh, encoding="utf-8", newline="")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.docs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated block is stale; write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    stale = stale_documents(args.root, write=not args.check)
    if args.check:
        for document in stale:
            print(f"{document} is stale: run `make docs` (python -m dataset_tools.curate.docs)")
        if not stale:
            print("every generated block is up to date")
        return 1 if stale else 0
    print("updated: " + ", ".join(stale) if stale else "every generated block was already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
