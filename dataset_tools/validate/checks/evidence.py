"""The `evidence` check: every typed cell of a stated row is supported by its quote, declared, or exempt.

Each field of each Table Schema names the rule that supports it in its `evidence` property
(docs/validation.md lists the vocabulary). This check enforces the rules that read the quote:

- `quote`: the cell occurs in the quote;
- `name`: the cell occurs in the quote, or the row's `name_as_written` (the text's own form,
  itself checked by `quote`) says that the name is the curators' expansion of it;
- `link`: the target row is named in the quote, by its name, its `name_as_written`, its title, or
  an alias recorded for it (`aliases.csv`, or the `aliases` column of policies); a target that is
  itself a statement (an indicator, action or claim) has no name, and is supported when its span
  overlaps the row's span in the same source; a field may
  document a default target (`evidenceDefault`) that needs no naming, e.g. the province for an
  indicator's region; a `;` list needs every item named;
- `period`, `batch`, `year`: the cells equal what dataset_tools.readers reads from the quote
  (for periods, with the documented context rule).

The other rules (`check:<name>`, `exempt`) are kept by other checks or need no evidence.
A cell listed in the row's `curated_cells` is the curators' reading: it is not checked here, and
the row's note must say why. An `inferred` row's reading is in its note, so only its `quote` cells
(the words the inference rests on, such as `name_as_written`) are checked; derived and external
rows are not checked.
"""
from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import lru_cache

from dataset_tools.model import Package, Row, Table
from dataset_tools.readers import read_batch, read_period, read_year
from dataset_tools.validate.checks.common import as_int, require, show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "evidence"
CODES = declare({
    "evidence.not-in-quote": "a name, title or text cell of a stated row (or a quote cell of an inferred row) "
                             "does not occur in its quote",
    "evidence.link-not-named": "a stated row links to a row its quote does not name (by name, written form or alias)",
    "evidence.period-mismatch": "period_start/period_end differ from what the temporal reader reads from the quote",
    "evidence.reader-mismatch": "a batch or year differs from what the quote states",
    "evidence.reading-without-note": "curated_cells lists cells but the note does not say why",
    "evidence.alias-unknown-target": "an alias names a row that does not exist",
    "evidence.alias-not-in-text": "an alias does not occur in its source text",
})
ENFORCED = ("quote", "name", "link", "period", "batch", "year")
RULES = (*ENFORCED, "exempt")           # plus check:<name>
NAME_COLUMNS = ("name_zh", "name_as_written", "title_zh")
STATEMENTS = ("indicators", "actions", "claims")
DECLARED = "curated_cells"


period_of = lru_cache(maxsize=8192)(read_period)   # scaled copies and sources that share a text read the same span


def declared(cell: str | None) -> set[str]:
    """The columns a row's curated_cells cell declares as the curators' reading."""
    return {part for part in cell.split(";") if part} if cell else set()


def statement_spans(package: Package) -> dict[tuple[str, str], tuple[str, int, int]]:
    """(resource, id) -> (source_id, start, end) of every statement row with a span."""
    spans = {}
    for name in STATEMENTS:
        table = package.table(name)
        read = table.reader(("id", "source_id", "char_start", "char_end")) if table else None
        for cells in map(read, table.rows) if read and table else []:
            start, end = as_int(cells[2]), as_int(cells[3])
            if start is not None and end is not None:
                spans[(name, cells[0] or "")] = (cells[1] or "", start, end)
    return spans


NO_NAMES: frozenset[str] = frozenset()
Names = dict[str, dict[str, AbstractSet[str]]]   # resource -> id -> the names a quote may use for that row


def names_index(package: Package, resources: set[str]) -> Names:
    """resource -> id -> every name a quote may use for that row (names, written forms, aliases), for the
    resources that links point at; every row of them is known, named or not (an unnamed one shares NO_NAMES)."""
    names: Names = {name: {} for name in resources}

    def add(resource: str, row_id: str, found: set[str]) -> None:
        rows = names[resource]
        rows[row_id] = (rows[row_id] | found) if row_id in rows else (found or NO_NAMES)

    for table in package.tables.values():
        if table.name not in resources:
            continue
        columns = [column for column in NAME_COLUMNS if column in table.columns]
        for row in table.rows:
            found = {row[column] for column in columns if row[column]}
            if table.name == "policies":
                found.update(alias for alias in row.get("aliases", "").split(";") if alias)
            add(table.name, row.id, found)
    aliases = package.table("aliases")
    for row in aliases.rows if aliases else []:
        if row.get("alias") and row.get("resource", "") in resources:
            add(row.get("resource", ""), row.get("target_id", ""), {row["alias"]})
    return names


def link_target(table: Table, column: str, targets: dict[str, str]) -> str:
    """The resource a link column of the table points at ('' in a foreign key: the table itself)."""
    return table.name if targets.get(column) == "" else targets.get(column, "")


def link_targets(schema: dict) -> dict[str, str]:
    """field -> the resource its foreign key points at (policies.issuer_ids: organizations)."""
    targets = {key["fields"]: key["reference"]["resource"] or ""
               for key in schema.get("foreignKeys", []) if isinstance(key.get("fields"), str)}
    for field in schema.get("fields", []):
        if field.get("evidenceTarget"):
            targets[field["name"]] = field["evidenceTarget"]
    return targets


def overlaps(row: Row, target: tuple[str, int, int] | None) -> bool:
    """Whether the target statement's span overlaps the row's span in the same source."""
    start, end = as_int(row.get("char_start")), as_int(row.get("char_end"))
    return (target is not None and start is not None and end is not None and target[0] == row.get("source_id", "")
            and target[1] < end and start < target[2])


def cell_problem(table: Table, row: Row, field: dict, rule: str, names: Names,
                 targets: dict[str, str], text: str | None, event_year: int | None,
                 spans: dict[tuple[str, str], tuple[str, int, int]], cell: str, quote: str) -> Problem | None:
    """The problem with one cell (`cell`, of the row with that quote) under its rule, or None when the quote
    supports it."""
    column = field["name"]
    if rule in ("quote", "name"):
        if not cell or cell in quote or (rule == "name" and row.get("name_as_written")):
            return None
        return problem("evidence.not-in-quote", f"{column} does not occur in the quote", file=table.file, row=row,
                       column=column, found=cell,
                       expected=f"a part of the quote {show(quote)} (or list {column} in {DECLARED})")
    if rule == "link":
        target = link_target(table, column, targets)
        known = names.get(target, {})
        missing = [item for item in cell.split(";") if item and item != field.get("evidenceDefault")
                   and item in known   # a dangling key is the table check's (one mistake, one report)
                   and not any(name in quote for name in known[item])
                   and not (target in STATEMENTS and overlaps(row, spans.get((target, item))))]
        if not missing:
            return None
        return problem("evidence.link-not-named", f"the quote does not name {target} {', '.join(missing)}",
                       file=table.file, row=row, column=column, found=cell,
                       expected=f"a name or alias of it in {show(quote)} (or list {column} in {DECLARED})")
    if rule == "period":
        start, end = as_int(row.get("char_start")), as_int(row.get("char_end"))
        if text is None or start is None or end is None or not column.endswith("_start"):
            return None
        read = period_of(text, start, end, event_year)
        end_column = column[: -len("_start")] + "_end"
        if (read.start or "", read.end or "") == (cell, row.get(end_column, "")):
            return None
        wanted = f"{read.start} to {read.end}" if read.start else "no period"
        return problem("evidence.period-mismatch", f"the time cue {read.cue or '(none)'} gives {wanted}",
                       file=table.file, row=row, column=column,
                       found=f"{cell or '(empty)'} to {row.get(end_column) or '(empty)'}", expected=wanted)
    reader = {"batch": read_batch, "year": read_year}.get(rule)
    if reader is not None:
        stated = reader(quote)
        if as_int(cell) == stated and (cell == "" or stated is not None):
            return None
        return problem("evidence.reader-mismatch",
                       f"the quote states {rule} {stated if stated is not None else '(none)'}",
                       file=table.file, row=row, column=column, found=cell or "(empty)",
                       expected="(empty)" if stated is None else str(stated))
    return None


def event_years(package: Package) -> dict[str, int]:
    """source id -> the year of its event date (for 今年)."""
    sources = package.table("sources")
    return {row.id: int(row["event_date"][:4]) for row in (sources.rows if sources else [])
            if row.get("event_date", "")[:4].isdigit()}


def alias_problems(package: Package) -> list[Problem]:
    """Each alias names an existing row and occurs in its source text."""
    aliases = package.table("aliases")
    if aliases is None:
        return []
    problems = []
    ids: dict[str, set[str]] = {}   # resource -> its ids, built once per resource (linear in rows)
    for row in aliases.rows:
        target = package.table(row.get("resource", ""))
        text = package.text(row.get("source_id", ""))
        if target is not None and target.name not in ids:
            ids[target.name] = {other.id for other in target.rows}
        if target is not None and row.get("target_id") not in ids[target.name]:
            problems.append(problem("evidence.alias-unknown-target", f"no {row.get('resource')} row has this id",
                                    file=aliases.file, row=row, column="target_id", found=row.get("target_id"),
                                    expected=f"an id of {row.get('resource')}"))
        elif text is not None and row.get("alias") and row["alias"] not in text:
            problems.append(problem("evidence.alias-not-in-text", "the alias does not occur in the source text",
                                    file=aliases.file, row=row, column="alias", found=row["alias"],
                                    expected="words of the source text"))
    return problems


@check(NAME)
def evidence(package: Package) -> list[Problem]:
    """Every typed cell of a stated row is supported by its quote under its field's `evidence` rule (quote, name,
    link, period, batch, year), or listed in the row's curated_cells with a note saying why; an inferred row's
    quote holds the words its `quote` cells give."""
    linked = {link_target(table, field["name"], link_targets(table.schema)) for table in package.tables.values()
              for field in table.schema.get("fields", [])
              if isinstance(field, dict) and field.get("evidence") == "link"}
    names, years, spans = names_index(package, linked), event_years(package), statement_spans(package)
    problems: list[Problem] = alias_problems(package)
    for table in list(package.tables.values()):
        if require(package, table.name) is None or "status" not in table.columns:
            continue
        fields = [field for field in table.schema.get("fields", [])   # a period is read at its *_start field
                  if isinstance(field, dict) and field.get("evidence") in ENFORCED
                  and not (field["evidence"] == "period" and not field["name"].endswith("_start"))]
        targets = link_targets(table.schema)
        specs = [(field["name"], field["evidence"], field) for field in fields]
        read = table.reader(("status", DECLARED, "note", "quote", "source_id", *(field["name"] for field in fields)))
        for row in table.rows:
            status, curated, note, quote, source, *cells = read(row)   # None: a column the table lacks
            if status not in ("stated", "inferred"):
                continue
            own = declared(curated)
            if own and not note:
                problems.append(problem("evidence.reading-without-note", f"{DECLARED} lists {', '.join(sorted(own))} "
                                              "but the note does not say why", file=table.file, row=row, column="note",
                                        found="(empty)", expected="a note"))
            quote, source = quote or "", source or ""
            for (column, rule, field), cell in zip(specs, cells, strict=True):
                if column in own or (status == "inferred" and rule != "quote"):
                    continue   # an inferred row's reading is in its note; the words it rests on are in its quote
                if (rule == "link" and not cell) or (rule in ("quote", "name") and (cell or "") in quote):
                    continue   # the common cases, as cell_problem tests them first: no link, or in the quote
                found = cell_problem(table, row, field, rule, names, targets, package.text(source),
                                     years.get(source), spans, cell or "", quote)
                if found is not None:
                    problems.append(found)
    return problems
