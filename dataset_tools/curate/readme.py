"""Regenerate the generated parts of README.md and docs/ from their single sources of truth.

Blocks between `<!-- BEGIN NAME -->` and `<!-- END NAME -->` markers (text outside them is never
touched), per file:

- README.md: the picture, the release file name, the headline figures (from
  `resources/indicators.csv`, rows listed in HEADLINE), the typed DuckDB snippet (from the
  Table Schema), the row counts per resource and the citation (`bibliographicCitation`);
- docs/data-dictionary.md: the data dictionary, from `schemas/*.json` (in the order of
  `datapackage.json`);
- docs/validation.md: the checks of validate.py and their rules (the check docstrings), the
  coverage figures (`dataset_tools.curate.coverage` for numeric expressions and
  `dataset_tools.curate.sentences` for sentences, over the source text) and the rule codes of
  validate.py with their meaning (from the `CODES` each check module, preflight, csv_bytes and
  the row model declare);
- docs/loading.md: the typed DuckDB join, from the Table Schemas.

Whole generated files: `docs/img/headline-figures.svg`, a chart of the stated 2024 figures
beside the 2023 levels derived from them.

    python -m dataset_tools.curate.readme          # rewrite whatever is stale
    python -m dataset_tools.curate.readme --check  # exit 1 when anything is stale (used by the tests)
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import read_rows
from dataset_tools.curate import coverage, sentences


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


def _cues(field: dict) -> str:
    """The cue words per code of a field's `cues` (the evidence check's `cue`, `clause` and `heading` rules)."""
    cues = field.get("cues")
    if not isinstance(cues, dict):
        return ""
    parts = [f"`{code}` {', '.join(words)}" if words else f"`{code}` (the default: no cue word of another code)"
             for code, words in cues.items()]
    return f" Cue words (`{field.get('evidence')}` rule): " + "; ".join(parts) + "."


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
                field.get("description", "") + _cues(field), f"`{example}`" if example != "" else "")) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def row_counts(root: Path) -> str:
    """Markdown table of rows per resource (and provenance status counts)."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    lines = ["| resource | rows | stated | inferred | derived | external |", "|---|---:|---:|---:|---:|---:|"]
    for resource in descriptor["resources"]:
        _, rows = read_rows(root / resource["path"])
        status = [row.get("status", "") for row in rows]
        counts = ([str(status.count(s)) if "status" in rows[0] else ""
                   for s in ("stated", "inferred", "derived", "external")] if rows else [""] * 4)
        lines.append(f"| `{resource['name']}` | {len(rows)} | " + " | ".join(counts) + " |")
    return "\n".join(lines) + "\n"


def coverage_figures(root: Path) -> str:
    """Markdown summary of numeric-expression coverage of the source text."""
    _, sources = read_rows(root / "resources" / "sources.csv")
    text = (root / sources[0]["path"]).read_text(encoding="utf-8")
    assessments = coverage.assess(text, coverage.collect_rows(root),
                                  coverage.read_exclusions(root / coverage.EXCLUSIONS_PATH))
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
    return "\n".join(lines) + "\n\n" + sentence_figures(root)


def sentence_figures(root: Path) -> str:
    """Markdown summary of sentence coverage of every source text."""
    spans = sentences.collect_spans(root)
    exclusions = sentences.read_exclusions(root / sentences.EXCLUSIONS_PATH)
    assessments = [item for source_id, text in sentences.source_texts(root)
                   for item in sentences.assess(text, spans.get(source_id, []),
                                                [row for row in exclusions if row.get("source_id") == source_id])]
    counts = sentences.totals(assessments)
    reasons: dict[str, int] = {}
    for item in assessments:
        if item.status == "excluded":
            reasons[item.by] = reasons.get(item.by, 0) + 1
    lines = [f"Sentences of the source text: **{len(assessments)}**.", "", "| status | sentences |", "|---|---:|"]
    lines += [f"| {status} | {number} |" for status, number in counts.items()]
    if reasons:
        lines += ["", "Exclusions by reason: " + ", ".join(f"`{k}` {v}" for k, v in sorted(reasons.items())) + "."]
    return "\n".join(lines) + "\n"


def descriptor_of(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def citation(root: Path) -> str:
    """The descriptor's bibliographicCitation as a quotation, with the version it cites (the
    `metadata` check ties the two)."""
    descriptor = descriptor_of(root)
    return (f"Version **{descriptor['version']}**:\n\n> {descriptor['bibliographicCitation']}\n")


def check_table(root: Path) -> str:
    """Markdown rows: every check of validate.py and the rule it enforces (its docstring)."""
    from dataset_tools.validate import checks  # noqa: F401  (importing registers every check)
    from dataset_tools.validate.report import CHECKS, rule_of
    return "".join(f"| `{name}` | {_cell(rule_of(function))} |\n" for name, function in CHECKS.items())


def release_name(root: Path) -> str:
    """The files `make release` writes for the current version."""
    descriptor = descriptor_of(root)
    stem = f"{descriptor['name']}-{descriptor['version']}"
    return (f"- `dist/{stem}.zip`: the bundle, described below;\n"
            f"- `dist/{stem}.sqlite`, `dist/{stem}.xlsx`, `dist/parquet/*.parquet`: the exports on their own;\n"
            "- `dist/SHA256SUMS`: the checksum of every file above.\n")


# --- headline figures -------------------------------------------------------------------------

# The indicator rows the README shows, in this order: an editorial choice of the figures a reader
# looks for first, with the 2023 levels derived from them. Ids only; every value comes from the CSV.
HEADLINE = (
    "ind-valid-invention-patents-2024-wang",
    "ind-high-value-invention-patents-2024-he",
    "ind-high-value-invention-patents-per-10k-2024-wang",
    "ind-high-value-invention-patents-per-10k-2023-derived",
    "ind-valid-trademark-registrations-2024-wang",
    "ind-valid-trademark-registrations-2023-derived",
    "ind-new-trademark-registrations-2024-wang",
    "ind-gi-trademarks-2024-wang",
    "ind-patent-transfers-2024-wang",
    "ind-patent-transfers-2023-derived",
    "ind-patent-licences-2024-wang",
    "ind-patent-pledge-amount-2024-wang",
    "ind-china-brand-evaluation-brand-value-2024-wang",
    "ind-copyright-registrations-2024-wei",
)
QUALIFIER = {"exact": "", "more_than": "more than ", "at_least": "at least ", "approximately": "about ",
             "less_than": "less than ", "at_most": "at most "}


def indicators(root: Path) -> list[dict]:
    return read_rows(root / "resources" / "indicators.csv")[1]


def number(text: str) -> str:
    """A CSV number in English notation, with the decimals it is written with: 17800 → 17,800."""
    decimals = len(text.partition(".")[2])
    return f"{float(text):,.{decimals}f}"


def english_value(row: dict) -> str:
    """The row's value in English words and base units, with its qualifier: 'more than CNY 60 billion'."""
    value, unit = float(row["value"]), row["unit"]
    if unit == "CNY":
        scale, word = (1e9, "billion") if value >= 1e9 else (1e6, "million") if value >= 1e6 else (1, "")
        digits = max(0, 3 - len(str(int(value // scale))))
        text = f"CNY {value / scale:,.{digits}f}".rstrip("0").rstrip(".") + f" {word}"
    elif unit == "count":
        text = f"{number(row['value'])} {row['unit_en']}"
    elif unit == "percent":
        text = f"{number(row['value'])} %"
    elif unit == "per_10k_population":
        text = f"{number(row['value'])} per 10,000 population"
    elif unit == "times":
        text = f"{number(row['value'])} times"
    elif unit == "rank":
        text = f"rank {number(row['value'])}"
    else:
        text = f"{number(row['value'])} {unit.replace('_', ' ')}"
    return QUALIFIER.get(row.get("qualifier", ""), "") + text.strip()


def period(row: dict) -> str:
    """The row's period in words: 'end of 2024', '2024', '2020–2024', or 'not stated'."""
    start, end = row.get("period_start", ""), row.get("period_end", "")
    if not end:
        return "not stated"
    if start == end:
        return f"end of {end[:4]}" if end.endswith("-12-31") else end
    if start.endswith("-01-01") and end.endswith("-12-31"):
        return end[:4] if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}"
    return f"{start or '…'} – {end}"


def headline_rows(root: Path) -> list[dict]:
    """The HEADLINE rows, in order; a listed id missing from the CSV is an error."""
    by_id = {row["id"]: row for row in indicators(root)}
    missing = [row_id for row_id in HEADLINE if row_id not in by_id]
    if missing:
        raise SystemExit(f"README headline figures name rows that resources/indicators.csv lacks: {', '.join(missing)}")
    return [by_id[row_id] for row_id in HEADLINE]


def headline_figures(root: Path) -> str:
    """Markdown table of the headline figures, each with its row id; derived rows marked as such."""
    lines = ["| figure | value | period | provenance | row id |", "|---|---:|---|---|---|"]
    for row in headline_rows(root):
        status = "**derived** (computed, not in the text)" if row["status"] == "derived" else row["status"]
        lines.append("| " + " | ".join(_cell(x) for x in (
            row["label_en"], english_value(row), period(row), status, f"`{row['id']}`")) + " |")
    return "\n".join(lines) + "\n"


# --- the chart --------------------------------------------------------------------------------

def chart_pairs(root: Path) -> list[tuple[dict, dict]]:
    """(derived row, stated row) pairs: each dated derived figure beside the stated figure its
    formula computes it from (the `{row-id}` of the same indicator, unit, region and comparison).
    Ranks are left out."""
    rows = indicators(root)
    by_id = {row["id"]: row for row in rows}
    pairs = []
    for derived in rows:
        if derived["status"] != "derived" or not derived["period_end"] or derived["unit"].startswith("rank"):
            continue
        sources = [by_id[ref] for ref in re.findall(r"\{([^{}]+)\}", derived["formula"]) if ref in by_id]
        stated = [row for row in sources if row["status"] == "stated"
                  and all(row[k] == derived[k] for k in ("indicator", "unit", "region_id", "comparison"))]
        if stated:
            pairs.append((derived, stated[0]))
    return pairs


def chart_svg(root: Path) -> str:
    """An SVG bar chart: per indicator, the derived earlier level beside the stated figure (each pair
    on its own scale), row ids in the tooltips."""
    pairs = chart_pairs(root)
    width, left, bar_max, bar_h, group_h, top = 760, 16, 340, 18, 78, 64
    height = top + group_h * len(pairs) + 44
    font = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           f'role="img" aria-labelledby="chart-title chart-desc" {font} font-size="13">',
           '<title id="chart-title">Gansu IP figures: stated, and the earlier levels derived from them</title>',
           '<desc id="chart-desc">Generated from resources/indicators.csv by python -m dataset_tools.curate.readme. '
           + escape("; ".join(f"{d['label_en']}: {english_value(d)} ({period(d)}, derived) and {english_value(s)} "
                              f"({period(s)}, stated)" for d, s in pairs)) + '</desc>',
           '<defs><pattern id="derived" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)">'
           '<rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="#9db8d9"/></pattern></defs>',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="{left}" y="26" font-size="16" font-weight="bold" fill="#1a1a1a">Stated figures and the earlier '
           'levels derived from them</text>',
           f'<text x="{left}" y="46" fill="#444444">Solid: stated in the transcript. Hatched: computed from stated '
           'figures (status derived), not in the text.</text>']
    for index, (derived, stated) in enumerate(pairs):
        y = top + index * group_h
        scale = bar_max / max(float(derived["value"]), float(stated["value"]))
        out.append(f'<text x="{left}" y="{y + 12}" font-weight="bold" fill="#1a1a1a">'
                   f'{escape(stated["label_en"])}</text>')
        for offset, row in ((18, derived), (18 + bar_h + 6, stated)):
            is_derived = row["status"] == "derived"
            bar_w = max(1.0, float(row["value"]) * scale)
            label = f"{period(row)}{' (derived)' if is_derived else ''}"
            out.append(f'<g><title>{escape(row["id"])}: {escape(english_value(row))}, {escape(period(row))}, '
                       f'{row["status"]}</title>'
                       f'<text x="{left}" y="{y + offset + 13}" fill="#333333">{escape(label)}</text>'
                       f'<rect x="{left + 150}" y="{y + offset}" width="{bar_w:.1f}" height="{bar_h}" '
                       f'fill="{"url(#derived)" if is_derived else "#1f5fa8"}" stroke="#1f5fa8" stroke-width="1"/>'
                       f'<text x="{left + 156 + bar_w:.1f}" y="{y + offset + 13}" fill="#1a1a1a">'
                       f'{escape(english_value(row))}</text></g>')
    out.append(f'<text x="{left}" y="{height - 16}" fill="#555555" font-size="12">Each pair has its own scale. '
               'Source: resources/indicators.csv; hover a bar for its row id.</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def picture(root: Path) -> str:
    """The README's picture: the evidence site's screenshot once it exists, else the generated chart."""
    if (root / "docs" / "img" / "site.png").is_file():
        return "![The evidence site: the transcript with every anchored figure highlighted](docs/img/site.png)\n"
    return ("![Stated figures and the earlier levels derived from them (bar chart; values in the table below)]"
            "(docs/img/headline-figures.svg)\n")


# --- DuckDB, typed from the Table Schemas -----------------------------------------------------

DUCKDB_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def duckdb_columns(root: Path, name: str) -> str:
    """`{\n    'id': 'VARCHAR', ...}` for resources/<name>.csv: every field, typed from its schema."""
    fields = json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))["fields"]
    items = [f"'{f['name']}': '{DUCKDB_TYPES[f['type']]}'" for f in fields]
    lines, line = [], "   "
    for item in items:
        if len(line) + len(item) + 2 > 100:
            lines.append(line)
            line = "   "
        line += f" {item},"
    lines.append(line.rstrip(","))
    return "{\n" + "\n".join(lines) + "}"


def duckdb_readme(root: Path) -> str:
    """The README's DuckDB query, every column typed from schemas/indicators.json."""
    return ("```sql\nSELECT unit, count(*) AS figures, max(value) AS largest\n"
            "FROM read_csv('resources/indicators.csv', header = true, "
            f"columns = {duckdb_columns(root, 'indicators')})\n"
            "WHERE status = 'stated'\nGROUP BY unit\nORDER BY figures DESC;\n```\n")


def duckdb_join(root: Path) -> str:
    """docs/loading.md's DuckDB join of indicators and regions, both typed from their schemas."""
    return ("```sql\nSELECT i.id, i.value, i.unit, r.name_en AS region, i.quote\n"
            "FROM read_csv('resources/indicators.csv', header = true, "
            f"columns = {duckdb_columns(root, 'indicators')}) AS i\n"
            "LEFT JOIN read_csv('resources/regions.csv', header = true, "
            f"columns = {duckdb_columns(root, 'regions')}) AS r\n"
            "       ON r.id = i.region_id\nORDER BY i.char_start;\n```\n")


# --- rule codes -------------------------------------------------------------------------------

def rule_codes(root: Path) -> str:
    """Markdown rows: every rule code validate.py reports and what it means, in report order."""
    from dataset_tools.validate.report import catalogue
    return "".join(f"| `{code}` | {_cell(meaning)} |\n" for code, meaning in catalogue().items())


# --- files and blocks -------------------------------------------------------------------------

BLOCKS = {
    "README.md": {"PICTURE": picture, "RELEASE NAME": release_name, "HEADLINE FIGURES": headline_figures,
                  "DUCKDB": duckdb_readme, "ROW COUNTS": row_counts, "CITATION": citation},
    "docs/data-dictionary.md": {"DATA DICTIONARY": data_dictionary},
    "docs/validation.md": {"CHECKS": check_table, "COVERAGE": coverage_figures, "RULE CODES": rule_codes},
    "docs/loading.md": {"DUCKDB JOIN": duckdb_join},
}
WHOLE_FILES = {"docs/img/headline-figures.svg": chart_svg}


def _between(match: re.Match[str], content: str) -> str:
    """The block's BEGIN line, `content`, its END line (a replacement taken literally, unlike a template)."""
    return match.group(1) + content + match.group(2)


def render(text: str, root: Path, blocks: dict | None = None) -> str:
    """`text` with every generated block replaced by its fresh content (README.md's blocks by default)."""
    for name, build in (BLOCKS["README.md"] if blocks is None else blocks).items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"no '<!-- BEGIN {name} -->' ... '<!-- END {name} -->' block where it belongs")
        text = pattern.sub(partial(_between, content=build(root)), text)
    return text


def generated(root: Path) -> dict[str, tuple[str | None, str]]:
    """Relative path -> (current text or None, fresh text) for every generated file."""
    out: dict[str, tuple[str | None, str]] = {}
    for relative, blocks in BLOCKS.items():
        current = (root / relative).read_text(encoding="utf-8")
        out[relative] = (current, render(current, root, blocks))
    for relative, build in WHOLE_FILES.items():
        path = root / relative
        out[relative] = (path.read_text(encoding="utf-8") if path.is_file() else None, build(root))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.readme", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated part is stale; write nothing")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    stale = [(relative, fresh) for relative, (current, fresh) in generated(args.root).items() if current != fresh]
    if args.check:
        for relative, _ in stale:
            print(f"{relative} is stale: run `make dictionary` (python -m dataset_tools.curate.readme)")
        if not stale:
            print("README.md and docs/ are up to date")
        return 1 if stale else 0
    for relative, fresh in stale:
        path = args.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fresh, encoding="utf-8")
        print(f"{relative}: regenerated")
    if not stale:
        print("README.md and docs/: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
