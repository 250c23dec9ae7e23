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
  (for periods, with the documented context rule);
- `cue`: an enum code follows from a cue word the field documents for it (its `cues` property,
  code -> words): a cue word of the code occurs in the row's quote or names (name_zh, title_zh,
  name_as_written). A code documented with no cue words is the field's default (`other`, `once`):
  it is supported when no cue word of another code occurs. An empty cell is not checked. Inferred
  rows are checked too: their code must follow from the words they record;
- `clause` (a participant's role): the words before the row's span in its clause (from the last
  , ; : 。 or line break, within CLAUSE_REACH characters) hold a cue word of the code; the default
  code (the actor, the clause's subject) has no cue word of another code there, or is a co-actor:
  listed after 联合 with 共同 later in the clause. A link to a document, brand, campaign, work or
  event (ACTED_ON) is an object whatever the words;
- `first-line`: as `cue`, in the first line of the quote only (a segment's kind is named by its
  opening line: 摘要, 主持人, …记者现场提问, 来源); several codes may be defaults;
- `heading`: the code is that of the last cue word (a heading such as 主持人, 发布人) before the
  row's span in the source text.

The other rules (`check:<name>`, `exempt`) are kept by other checks or need no evidence.
A cell listed in the row's `curated_cells` is the curators' reading: it is not checked here, and
the row's note must say why. An `inferred` row's reading is in its note, so only its `quote` cells
(the words the inference rests on, such as `name_as_written`) are checked; derived and external
rows are not checked.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
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
    "evidence.role-against-clause": "a participant's role disagrees with the words before it in its clause (与, 会同, "
                                    "联合 for a partner; the action's verb for an object; none for the actor) or a "
                                    "document, brand, campaign, work or event is not an object",
    "evidence.heading-mismatch": "a code differs from that of the last heading before the row's span (主持人, 发布人)",
    "evidence.code-without-cue": "an enum code has no cue word of that code in the row's quote or names (a default "
                                 "code: a cue word of another code occurs there)",
})
ENFORCED = ("quote", "name", "link", "period", "batch", "year", "cue", "first-line", "clause", "heading")
CHECKED_WHEN_INFERRED = ("quote", "cue", "first-line", "clause", "heading")
CLAUSE_BREAK = re.compile(r"[,，;；:：。\n]")
CLAUSE_REACH = 200
CO_ACTOR = "共同"
ACTED_ON = ("policy_id", "brand_id", "campaign_id", "work_id", "event_id")
RULES = (*ENFORCED, "exempt")           # plus check:<name>
NAME_COLUMNS = ("name_zh", "name_as_written", "title_zh")
STATEMENTS = ("indicators", "actions", "claims")
DECLARED = "curated_cells"


def declared(row: Row) -> set[str]:
    """The columns the row declares as the curators' reading."""
    return {part for part in row.get(DECLARED, "").split(";") if part}


def statement_spans(package: Package) -> dict[tuple[str, str], tuple[str, int, int]]:
    """(resource, id) -> (source_id, start, end) of every statement row with a span."""
    spans = {}
    for name in STATEMENTS:
        table = package.table(name)
        for row in table.rows if table else []:
            start, end = as_int(row.get("char_start")), as_int(row.get("char_end"))
            if start is not None and end is not None:
                spans[(name, row.id)] = (row.get("source_id", ""), start, end)
    return spans


def names_index(package: Package) -> dict[tuple[str, str], set[str]]:
    """(resource, id) -> every name a quote may use for that row: names, written forms, aliases."""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for table in package.tables.values():
        for row in table.rows:
            names[(table.name, row.id)]   # every row is known, named or not
            for column in NAME_COLUMNS:
                if row.get(column):
                    names[(table.name, row.id)].add(row[column])
            for alias in row.get("aliases", "").split(";") if table.name == "policies" else ():
                if alias:
                    names[(table.name, row.id)].add(alias)
    aliases = package.table("aliases")
    for row in aliases.rows if aliases else []:
        if row.get("alias"):
            names[(row.get("resource", ""), row.get("target_id", ""))].add(row["alias"])
    return names


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


def cell_problem(table: Table, row: Row, field: dict, rule: str, names: dict[tuple[str, str], set[str]],
                 targets: dict[str, str], text: str | None, event_year: int | None,
                 spans: dict[tuple[str, str], tuple[str, int, int]]) -> Problem | None:
    """The problem with one cell under its rule, or None when the quote supports it."""
    column, cell, quote = field["name"], row.get(field["name"], ""), row.get("quote", "")
    if rule in ("quote", "name"):
        if not cell or cell in quote or (rule == "name" and row.get("name_as_written")):
            return None
        return problem("evidence.not-in-quote", f"{column} does not occur in the quote", file=table.file, row=row,
                       column=column, found=cell,
                       expected=f"a part of the quote {show(quote)} (or list {column} in {DECLARED})")
    if rule == "link":
        target = table.name if targets.get(column) == "" else targets.get(column, "")
        missing = [item for item in cell.split(";") if item and item != field.get("evidenceDefault")
                   and (target, item) in names   # a dangling key is the table check's (one mistake, one report)
                   and not any(name in quote for name in names.get((target, item), ()))
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
        read = read_period(text, start, end, event_year)
        end_column = column[: -len("_start")] + "_end"
        if (read.start or "", read.end or "") == (cell, row.get(end_column, "")):
            return None
        wanted = f"{read.start} to {read.end}" if read.start else "no period"
        return problem("evidence.period-mismatch", f"the time cue {read.cue or '(none)'} gives {wanted}",
                       file=table.file, row=row, column=column,
                       found=f"{cell or '(empty)'} to {row.get(end_column) or '(empty)'}", expected=wanted)
    if rule == "cue":
        return cue_problem(table, row, field, cue_words(row))
    if rule == "first-line":
        return cue_problem(table, row, field, quote.split("\n", 1)[0])
    if rule == "clause":
        return clause_problem(table, row, field, text)
    if rule == "heading":
        return heading_problem(table, row, field, text)
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


def cue_words(row: Row) -> str:
    """The words a code may follow from: the row's quote and its names."""
    return "\n".join(filter(None, (row.get(column, "") for column in ("quote", *NAME_COLUMNS))))


def cue_problem(table: Table, row: Row, field: dict, words: str) -> Problem | None:
    """A code is supported by one of its cue words in the words; a default code (no cue words of its own) by the
    absence of every other code's cue words. One lookup per cue word of the field: linear in rows."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    if not code or code not in cues:
        return None
    own = cues[code]
    if own:
        if any(word in words for word in own):
            return None
        return problem("evidence.code-without-cue", f"no cue word of {code} in {show(words)}", file=table.file,
                       row=row, column=column, found=code,
                       expected=f"one of {', '.join(own)} (or list {column} in {DECLARED})")
    other = next(((word, name) for name, listed in cues.items() if name != code for word in listed if word in words),
                 None)
    if other is None:
        return None
    return problem("evidence.code-without-cue", f"{code} is the default, but the words hold {other[0]}, a cue of "
                   f"{other[1]}", file=table.file, row=row, column=column, found=code,
                   expected=f"{other[1]} (or list {column} in {DECLARED})")


def clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before the span in its clause, and after it to the clause's end (each within CLAUSE_REACH)."""
    before = text[max(0, start - CLAUSE_REACH):start]
    breaks = [match.end() for match in CLAUSE_BREAK.finditer(before)]
    after = text[end:end + CLAUSE_REACH]
    stop = CLAUSE_BREAK.search(after)
    return before[(breaks[-1] if breaks else 0):], after[:stop.start() if stop else len(after)]


def clause_problem(table: Table, row: Row, field: dict, text: str | None) -> Problem | None:
    """A participant's role follows from the words before it in its clause; what is acted on is an object."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    start, end = as_int(row.get("char_start")), as_int(row.get("char_end"))
    if not code or code not in cues or text is None or start is None or end is None:
        return None
    acted_on = next((name for name in ACTED_ON if row.get(name)), None)
    if acted_on is not None:
        if code == "object":
            return None
        return problem("evidence.role-against-clause", f"{acted_on} is acted on: a {acted_on[:-3]} does not act",
                       file=table.file, row=row, column=column, found=code, expected="object")
    before, after = clause_around(text, start, end)
    held = {name: word for name, words in cues.items() for word in words if word in before}
    if cues[code]:
        if code in held:
            return None
        return problem("evidence.role-against-clause", f"no cue word of {code} before the participant in its "
                       f"clause {show(before + row.get('quote', ''))}", file=table.file, row=row, column=column,
                       found=code,
                       expected=f"one of {', '.join(cues[code])} before it (or list {column} in {DECLARED})")
    other = next(iter(held.items()), None)
    if other is None or CO_ACTOR in after:
        return None
    return problem("evidence.role-against-clause", f"{other[1]} before the participant is a cue of {other[0]}",
                   file=table.file, row=row, column=column, found=code,
                   expected=f"{other[0]}, or {CO_ACTOR} later in the clause for a co-actor "
                            f"(or list {column} in {DECLARED})")


@lru_cache(maxsize=64)
def headings(text: str, cues: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[list[int], list[tuple[str, str]]]:
    """Every heading of the source text: the end offsets of the cue words, and (code, word) of each, in order."""
    found = sorted((match.end(), code, word) for code, words in cues for word in words
                   for match in re.finditer(re.escape(word), text))
    return [end for end, _, _ in found], [(code, word) for _, code, word in found]


def heading_problem(table: Table, row: Row, field: dict, text: str | None) -> Problem | None:
    """The code is that of the last heading before the row's span."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    start = as_int(row.get("char_start"))
    if not code or text is None or start is None:
        return None
    ends, marks = headings(text, tuple((name, tuple(words)) for name, words in cues.items()))
    index = bisect_left(ends, start + 1) - 1   # the last heading that ends at or before the span starts
    heading = marks[index] if index >= 0 else None
    if heading is not None and heading[0] == code:
        return None
    said = f"{heading[1]} ({heading[0]})" if heading else "(none)"
    return problem("evidence.heading-mismatch", f"the last heading before the row is {said}", file=table.file,
                   row=row, column=column, found=code, expected=heading[0] if heading else "a heading before it")


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
    link, period, batch, year; for codes cue, first-line, clause, heading), or listed in the row's curated_cells
    with a note saying why; an inferred row's quote holds the words its `quote` cells give, and its codes their
    cue words."""
    names, years, spans = names_index(package), event_years(package), statement_spans(package)
    problems: list[Problem] = alias_problems(package)
    for table in list(package.tables.values()):
        if require(package, table.name) is None or "status" not in table.columns:
            continue
        fields = [field for field in table.schema.get("fields", [])
                  if isinstance(field, dict) and field.get("evidence") in ENFORCED]
        targets = link_targets(table.schema)
        for row in table.rows:
            status = row.get("status")
            if status not in ("stated", "inferred"):
                continue
            own = declared(row)
            if own and not row.get("note"):
                problems.append(problem("evidence.reading-without-note", f"{DECLARED} lists {', '.join(sorted(own))} "
                                              "but the note does not say why", file=table.file, row=row, column="note",
                                        found="(empty)", expected="a note"))
            for field in fields:
                if field["name"] in own or (status == "inferred" and field["evidence"] not in CHECKED_WHEN_INFERRED):
                    continue   # an inferred row's reading is in its note; the words it rests on are in its quote
                found = cell_problem(table, row, field, field["evidence"], names, targets,
                                       package.text(row.get("source_id", "")),
                                       years.get(row.get("source_id", "")), spans)
                if found is not None:
                    problems.append(found)
    return problems
