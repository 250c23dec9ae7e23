"""Regenerate the generated parts of README.md from their single sources of truth.

- the data dictionary, from `schemas/*.json` (in the order of `datapackage.json`);
- the row counts per resource, from `resources/*.csv`;
- the coverage figures, from `dataset_tools.curate.coverage` over the source text;
- the checks of validate.py and their rules, from the check docstrings;
- the citation, from `datapackage.json` `bibliographicCitation`.

    python -m dataset_tools.curate.readme          # rewrite the generated blocks of README.md
    python -m dataset_tools.curate.readme --check  # exit 1 when README.md is stale (used by the tests)

Each block sits between `<!-- BEGIN NAME -->` and `<!-- END NAME -->` markers; text outside the
markers is never touched.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dataset_tools.curate import coverage
from dataset_tools.csvio import read_rows
from dataset_tools.model import read_package

from dataset_tools import PACKAGE_ROOT  # noqa: E402


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
        counts = [str(status.count(s)) if "status" in rows[0] else "" for s in ("stated", "inferred", "derived", "external")] if rows else [""] * 4
        lines.append(f"| `{resource['name']}` | {len(rows)} | " + " | ".join(counts) + " |")
    return "\n".join(lines) + "\n"


def coverage_figures(root: Path) -> str:
    """Markdown summary of numeric-expression coverage of the source text."""
    assessed, _ = coverage.assess_package(read_package(root), coverage.read_exclusions(root / coverage.EXCLUSIONS_PATH))
    assessments = [item for items in assessed.values() for item in items]
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


BLOCKS = {"DATA DICTIONARY": data_dictionary, "ROW COUNTS": row_counts, "COVERAGE": coverage_figures,
          "CHECKS": check_table, "CITATION": citation}


def render(readme: str, root: Path) -> str:
    """README text with every generated block replaced by its fresh content."""
    for name, build in BLOCKS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README.md has no '<!-- BEGIN {name} -->' ... '<!-- END {name} -->' block")
        content = build(root)
        readme = pattern.sub(lambda m: m.group(1) + content + m.group(2), readme)
    return readme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.readme", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is stale; write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    path = args.root / "README.md"
    current = path.read_text(encoding="utf-8")
    fresh = render(current, args.root)
    if args.check:
        if fresh != current:
            print("README.md is stale: run `make dictionary` (python -m dataset_tools.curate.readme)")
            return 1
        print("README.md is up to date")
        return 0
    if fresh != current:
        path.write_text(fresh, encoding="utf-8")
        print("README.md: generated blocks updated")
    else:
        print("README.md: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
