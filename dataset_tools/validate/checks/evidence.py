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
  name_as_written), somewhere other than inside a longer cue word of another field (实施 inside
  《…实施意见》 is the document's kind, not its status). A code documented with no cue words is the
  field's default (`other`, `once`):
  it is supported when no cue word of another code occurs; so is an empty cell of a stated or inferred row
  (the text gives no code) when no cue word of any code occurs. Inferred rows are checked too:
  their code must follow from the words they record;
- `clause` (a participant's role): the words before the row's span in its clause (from the last
  , ; : 。 or line break, within CLAUSE_REACH characters) hold a cue word of the code; the default
  code (the actor, the clause's subject) has no cue word of another code there, or is a co-actor:
  listed after 联合 with 共同 later in the clause; a participant with 共同 later in its clause is
  such a co-actor, never a partner. A link to a document, brand, campaign, work or
  event (ACTED_ON) is an object whatever the words;
- `first-line`: as `cue`, in the first line of the quote only (a segment's kind is named by its
  opening line: 摘要, 主持人, …记者现场提问, 来源); several codes may be defaults; a line holding
  cue words of several codes names the one whose cue ends last, the head of its phrase
  (…记者现场提问 is a question, though 现场 alone makes a caption: head_problem);
- `heading`: the code is that of the last cue word (a heading such as 主持人, 发布人) before the
  row's span in the source text.
- `title-end`: as `cue`, and the code's cue word ends the row's title (title_end_problem);
- `name-head`: as `cue`, and the code's cue word ends last in the body's name (name_head_problem);
- `programme`: the cell occurs in the quote once its batch words (首批, 第N批) are taken out;
- `paraphrase`: the cell is made of pieces of the sentence holding the quote and holds the cue
  (paraphrase_problem).

A document with issuers has the level of its parties, whatever its cue words: `joint` when its
issuers (and a counterparty place) stand at different levels (parties_problems).

The other rules (`check:<name>`, `exempt`) are kept by other checks or need no evidence.
A cell listed in the row's `curated_cells` is the curators' reading: it is not checked here, and
the row's note must say why, naming what the cell holds (declared_problems); an item of a declared
`;` list is named by the note or by the quote. An `inferred` row's reading is in its note, but what it still reads
from its own words is checked (INFERRED_RULES): its `quote` cells (the words the inference rests
on, such as `name_as_written`), its names and titles (`name`), its programme, its `batch` and `year`, and its
links, named by its quote or its own names (inferred_link_words); derived and external rows are
not checked.

The rules but `link` are applied once per distinct content: a row whose cells these rules read
(its fields but links, READS, a period's end, and whether it has an ACTED_ON link) equal those
of a row they found supported, in the same source text and event year, is supported too (scaled
copies repeat rows); its links, and what it declares, are still judged. When each link of such a
supported row is empty, the field's default or one row its words name, a row with that content
whose links are the same default or rows with the same names is supported too, links included.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

from dataset_tools.curate.anchor import occurrences
from dataset_tools.model import Package, Row, Table
from dataset_tools.readers import FLOW_WORDS, read_batch, read_period, read_year, without_batches
from dataset_tools.sentences import SentenceIndex, sentences
from dataset_tools.validate.checks.common import CLAUSE_BREAK, as_int, cut_word, require, show, span_of
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "evidence"
CODES = declare({
    "evidence.not-in-quote": "a name, title or text cell of a stated row (or a quote cell of an inferred row) "
                             "does not occur in its quote",
    "evidence.link-not-named": "a stated row links to a row its quote does not name (by name, written form or alias)",
    "evidence.quote-cuts-link-name": "a stated row's quote ends inside a name of a row it links to, which the text "
                                     "writes across the quote's edge (兰州 of 兰州市)",
    "evidence.link-not-the-named-place": "a row whose own name names a place (武都花椒) links to another place, which "
                                         "its quote names too",
    "evidence.period-mismatch": "period_start/period_end differ from what the temporal reader reads from the quote",
    "evidence.reader-mismatch": "a batch or year differs from what the quote states",
    "evidence.reading-without-note": "curated_cells lists cells but the note does not say why",
    "evidence.alias-unknown-target": "an alias names a row that does not exist",
    "evidence.alias-not-in-text": "an alias does not occur in its source text",
    "evidence.role-against-clause": "a participant's role disagrees with the words before it in its clause (与, 会同, "
                                    "联合 for a partner; the action's verb for an object; none for the actor) or a "
                                    "document, brand, campaign, work or event is not an object",
    "evidence.heading-mismatch": "a code differs from that of the last heading before the row's span (主持人, 发布人)",
    "evidence.empty-with-cue": "a stated or inferred row leaves a coded cell empty though its quote or names hold a "
                               "cue word of one of the field's codes",
    "evidence.first-line-head": "a first line holding cue words of several codes does not end on a cue of the row's "
                                "code (the head of the phrase)",
    "evidence.code-without-cue": "an enum code has no cue word of that code in the row's quote or names (a default "
                                 "code: a cue word of another code occurs there)",
    "evidence.declared-not-in-note": "a cell listed in curated_cells is not in its note: a link's target unnamed, a "
                                     "period's or year's year not written, a code (or empty) not given as the "
                                     "curators' reading of its column",
    "evidence.declared-item-unnamed": "an item of a declared ; list (policies.issuer_ids) is named neither by the "
                                      "row's quote nor by its note",
    "evidence.period-shape": "a declared or inferred period is a day where the quote words a flow, or a span where "
                             "it words a stock",
    "evidence.code-not-the-title-end": "a document's code is not the one whose cue word ends its title (…条例 is a "
                                       "regulation)",
    "evidence.code-not-the-name-head": "a body's code is not the one whose cue word ends last in the text's form of "
                                       "its name (…报 is media, though …出版… is a publisher's word)",
    "evidence.level-against-parties": "a document with issuers has a level other than its parties': joint when its "
                                      "issuers (and a counterparty place) stand at different levels",
    "evidence.not-a-paraphrase": "a paraphrase cell (claims.label_zh) has words that are not the sentence's, or lacks "
                                 "the row's cue",
    "evidence.quote-cuts-label": "the text writes a claim's label_zh as one run across its quote's edge: the quote "
                                 "holds only part of the claim",
})
ENFORCED = ("quote", "name", "link", "period", "batch", "year", "paraphrase", "programme",
            "cue", "first-line", "clause", "heading", "title-end", "name-head")
CODE_RULES = ("cue", "first-line", "clause", "heading", "title-end", "name-head")   # coded cells' rules (`cues`)
INFERRED_RULES = ("quote", "name", "link", "batch", "year", "programme",   # what an inferred row's own words
                  "cue", "first-line", "clause", "heading", "title-end", "name-head")   # still support
CLAUSE_REACH = 200
CO_ACTOR = "共同"
ACTED_ON = ("policy_id", "brand_id", "campaign_id", "work_id", "event_id")
RULES = (*ENFORCED, "exempt")           # plus check:<name>
NAME_COLUMNS = ("name_zh", "name_as_written", "title_zh")
STATEMENTS = ("indicators", "actions", "claims")
DECLARED = "curated_cells"
READS = ("status", DECLARED, "quote", "char_start", "char_end", *NAME_COLUMNS, "cue_zh", "program", "period_start",
         "period_end")
#         what the rules but `link` read of a row besides its fields (and a period's end, and whether it acts on)
CHINESE_RUN = re.compile(r"[\u4e00-\u9fff0-9]*[\u4e00-\u9fff][\u4e00-\u9fff0-9]*")   # with its digits (2025年)


NO_NAMES: frozenset[str] = frozenset()
period_of = lru_cache(maxsize=8192)(read_period)   # scaled copies and sources that share a text read the same span


@lru_cache(maxsize=1024)
def declared(cell: str | None) -> frozenset[str]:
    """The columns a row's curated_cells cell declares as the curators' reading."""
    return frozenset(part for part in cell.split(";") if part) if cell else NO_NAMES


class StatementSpans:
    """(resource, id) -> (source_id, start, end) of the statement row with that id and a span (of the last such
    row, when an id repeats), or None. A resource's rows are indexed when a link to it is first asked about (only a
    link that no name supports is), and a row's span is read when asked for."""

    def __init__(self, package: Package):
        self.package = package
        self.rows: dict[str, dict[str, Row]] = {}   # resource -> id -> its row

    def get(self, key: tuple[str, str]) -> tuple[str, int, int] | None:
        name, row_id = key
        if name not in self.rows:
            table = self.package.table(name) if name in STATEMENTS else None
            rows = table.rows if table is not None else []
            ids = table.column("id") if table is not None and "id" in table.columns else [""] * len(rows)
            self.rows[name] = dict(zip(ids, rows, strict=True)) if len(set(ids)) == len(ids) \
                else {each: row for each, row in zip(ids, rows, strict=True) if span_of(row) is not None}
        row = self.rows[name].get(row_id)
        span = span_of(row) if row is not None else None
        return None if row is None or span is None else (row.get("source_id") or "", *span)


Names = dict[str, dict[str, frozenset[str]]]   # resource -> id -> the names a quote may use for that row


def names_index(package: Package, resources: set[str]) -> Names:
    """resource -> id -> every name a quote may use for that row (names, written forms, aliases), for the
    resources that links point at; every row of them is known, named or not (an unnamed one shares NO_NAMES)."""
    names: Names = {name: {} for name in resources}
    shared: dict[frozenset[str], frozenset[str]] = {NO_NAMES: NO_NAMES}   # equal name sets stored once

    def add(resource: str, row_id: str, found: frozenset[str] | set[str]) -> None:
        rows = names[resource]
        merged = frozenset(rows[row_id] | found if row_id in rows else found)
        rows[row_id] = shared.setdefault(merged, merged)

    for table in package.tables.values():
        if table.name not in resources:
            continue
        read: dict[tuple, frozenset[str]] = {}   # the names of rows with these cells (scaled copies repeat them)
        listed = "aliases" in table.columns and table.name == "policies"
        columns = [column for column in ("aliases", *NAME_COLUMNS) if column in table.columns
                   and (listed or column != "aliases")]
        every = list(table.cells(columns)) if columns else [()] * len(table.rows)
        for cells in dict.fromkeys(every):
            extra = (cells[0] or "").split(";") if listed else ()
            written = cells[1:] if listed else cells
            found = frozenset(cell for cell in (*written, *extra) if cell)
            read[cells] = shared.setdefault(found, found)
        ids = table.column("id") if "id" in table.columns else [""] * len(table.rows)
        if len(set(ids)) == len(ids):   # each id once (the table check names a repeated one): no names to merge
            names[table.name] = dict(zip(ids, map(read.__getitem__, every), strict=True))
            continue
        for row_id, cells in zip(ids, every, strict=True):
            add(table.name, row_id, read[cells])
    aliases = package.table("aliases")
    for row in aliases.rows if aliases else []:
        if row.get("alias") and row.get("resource", "") in resources:
            add(row.get("resource", ""), row.get("target_id", ""), {row["alias"]})
    return names


looked_up: Callable[[dict, object, object], object] = dict.get   # (index, key, what a key not in it gives)


@lru_cache(maxsize=65536)
def named(names: frozenset[str], words: str) -> bool:
    """Whether the words hold one of the names (once per distinct pair: scaled copies share both)."""
    return any(name in words for name in names)


def cut_name_problem(table: Table, row: Row, column: str, forms: frozenset[str], text: str | None) -> Problem | None:
    """A stated row's quote holds the names of the rows it links to whole: an edge inside 兰州市 leaves 兰州, an
    alias that still names the city, but the quote no longer holds what the text writes."""
    span = span_of(row)
    name = cut_word(text, *span, forms, tuple(sorted({len(form) for form in forms}))) \
        if text is not None and span is not None and forms else None
    if name is None:
        return None
    return problem("evidence.quote-cuts-link-name", f"the quote's edge falls inside {show(name)}, the name of "
                   f"{row.get(column)}, which the text writes across it", file=table.file, row=row, column="quote",
                   found=row.get("quote", ""), expected=f"a quote holding {show(name)} whole")


def innermost(places: list[str], parents: dict[str, str]) -> list[str]:
    """The places of the list that hold none of the others (regions.parent_id; a cycle is the regions check's). A
    walk up stops at a place already found above another, whose own holders are found already: each region is
    walked past once, whatever the list."""
    above: set[str] = set()
    for place in places:
        while (place := parents.get(place, "")) and place not in above:
            above.add(place)
    return [place for place in places if place not in above]


def region_parents(package: Package) -> dict[str, str]:
    """Region id -> its parent_id, as the regions table gives them (none without it)."""
    regions = package.table("regions")
    if regions is None or "parent_id" not in regions.columns:
        return {}
    return {row.id: row.get("parent_id") or "" for row in regions.rows}


def place_problem(table: Table, row: Row, column: str, target: str, cell: str,
                  known: dict[str, frozenset[str]], parents: dict[str, str]) -> Problem | None:
    """A row whose own name names places (武都花椒, 天水市秦州区人民法院) links to the innermost of them: a quote
    naming two brands names both their places, and only the names tell which place is whose; 中国共产党甘肃省委员会
    names the country and the province, and the body is the province's."""
    own = "\n".join(filter(None, (row.get(name, "") for name in ("name_zh", "title_zh"))))
    if target != "regions" or not own or not cell or ";" in cell:
        return None
    places = innermost([item for item, forms in known.items() if named(forms, own)], parents)
    if not places or cell in places:
        return None
    return problem("evidence.link-not-the-named-place", f"the row's name {show(own)} names {', '.join(places)}, "
                   f"not {cell}", file=table.file, row=row, column=column, found=cell,
                   expected=f"{' or '.join(places)} (or list {column} in {DECLARED})")


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


def cell_problem(table: Table, row: Row, field: dict, rule: str, known: Known,
                 targets: dict[str, str], text: str | None, event_year: int | None,
                 cell: str, quote: str) -> Problem | None:
    """The problem with one cell (`cell`, of the row with that quote) under its rule, or None when the quote
    supports it."""
    column = field["name"]
    if rule == "paraphrase":
        return paraphrase_problem(table, row, column, text)
    if rule == "link" and row.get("status") == "inferred":
        quote = inferred_link_words(row)
    if rule in ("quote", "name"):
        if not cell or cell in quote or (rule == "name" and row.get("name_as_written")):
            return None
        return problem("evidence.not-in-quote", f"{column} does not occur in the quote", file=table.file, row=row,
                       column=column, found=cell,
                       expected=f"a part of the quote {show(quote)} (or list {column} in {DECLARED})")
    if rule == "link":
        target = link_target(table, column, targets)
        forms = known.names.get(target, {})
        missing = [item for item in cell.split(";") if item and item != field.get("evidenceDefault")
                   and item in forms   # a dangling key is the table check's (one mistake, one report)
                   and not named(forms[item], quote)
                   and not (target in STATEMENTS and overlaps(row, known.spans.get((target, item))))]
        if not missing:
            return place_problem(table, row, column, target, cell, forms, known.parents)
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
    if rule == "cue":
        return cue_problem(table, row, field, cue_words(row))
    if rule == "first-line":
        line = quote.split("\n", 1)[0]
        return cue_problem(table, row, field, line) or head_problem(table, row, field, line)
    if rule == "clause":
        return clause_problem(table, row, field, text)
    if rule == "heading":
        return heading_problem(table, row, field, text)
    if rule == "title-end":
        return cue_problem(table, row, field, cue_words(row)) or title_end_problem(table, row, field)
    if rule == "name-head":
        return cue_problem(table, row, field, cue_words(row)) or name_head_problem(table, row, field)
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


def head_problem(table: Table, row: Row, field: dict, line: str) -> Problem | None:
    """A first line holding cue words of several codes names the code whose cue word ends last: the head of its
    phrase (…记者现场提问 is a question, not the caption its 现场 would make it; 新闻发布会现场 is a caption)."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    ends = {name: max((line.rfind(word) + len(word) for word in words if word in line), default=-1)
            for name, words in cues.items()}
    head = max(ends, key=lambda name: ends[name], default=None)
    if not code or head is None or ends[head] < 0 or ends.get(code, -1) == ends[head]:
        return None
    return problem("evidence.first-line-head", f"the first line {show(line)} ends on a cue of {head}",
                   file=table.file, row=row, column=column, found=code, expected=head)


def without_closing_note(title: str) -> str:
    """The title without a parenthetical that closes it ((试行), in ASCII or full-width marks) and the spaces
    around it: one backwards search, so a title of any length is read in linear time (a pattern would backtrack
    over a run of spaces)."""
    title = title.rstrip()
    if not title.endswith((")", "\uff09")):   # ) or the full-width ）
        return title
    opening = max(title.rfind("("), title.rfind("\uff08"))
    inner = title[opening + 1:-1]
    if opening < 0 or any(mark in inner for mark in "()\uff08\uff09"):
        return title
    return title[:opening].rstrip()


def head_code(words: str, cues: dict, at_end: bool = False) -> tuple[str | None, bool]:
    """(the code whose cue word ends last in the words, or ends them when `at_end`, the longest such word deciding;
    whether one did). Where none does: the code listed with no cue words (other). One `rfind` per cue word."""
    endings = [(at + len(word), len(word), name) for name, listed in cues.items() for word in listed
               if word and (at := words.rfind(word)) >= 0 and (not at_end or at + len(word) == len(words))]
    if endings:
        return max(endings)[2], True
    return next((name for name, listed in cues.items() if not listed), None), False


def title_end_problem(table: Table, row: Row, field: dict) -> Problem | None:
    """A document's code is the one whose cue word ends its title (`title_zh`, after a closing parenthetical such as
    (试行)), the longest such word deciding (立法计划 over 计划); a title that ends in no cue word is of the code
    listed with none (other). 《甘肃省知识产权保护和促进条例》 is a regulation, though its quote also writes
    列入2025年立法计划."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    title = without_closing_note(row.get("title_zh", ""))
    if code not in cues or not title:   # empty, or not a code: the table check names it (one mistake, one report)
        return None
    head, cued = head_code(title, cues, at_end=True)
    if head is None or head == code:
        return None
    return problem("evidence.code-not-the-title-end", f"the title {show(row.get('title_zh', ''))} ends "
                   + (f"on a cue of {head}" if cued else "on no cue word"), file=table.file, row=row,
                   column=column, found=code, expected=head)


def name_head_problem(table: Table, row: Row, field: dict) -> Problem | None:
    """A body's code is the head of its name: the code whose cue word ends last in the text's own form of the name
    (`name_as_written`; the full `name_zh` when that form holds no cue word, as 中新社), the longest such word
    deciding; a name holding no cue word is of the code listed with none (other). 中国新闻出版广电报 is media, though
    its name also writes 出版; 省委 is a Party organ, though its full name ends on 委员会."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    if code not in cues:   # empty, or not a code: the table check names it (one mistake, one report)
        return None
    for form in (row.get("name_as_written", ""), row.get("name_zh", "")):
        head, cued = head_code(form, cues)
        if cued:
            break
    if head is None or head == code:
        return None
    return problem("evidence.code-not-the-name-head", f"the name {show(form)} ends "
                   + (f"last on a cue of {head}" if cued else "on no cue word"), file=table.file, row=row,
                   column=column, found=code, expected=f"{head} (or list {column} in {DECLARED})")


def cue_words(row: Row) -> str:
    """The words a code may follow from: the row's quote and its names."""
    return "\n".join(filter(None, (row.get(column, "") for column in ("quote", *NAME_COLUMNS))))


_LONGER: dict[int, tuple[dict, dict[str, dict[str, tuple[str, ...]]]]] = {}   # id(schema) -> (schema, its map)


def longer_cues(table: Table) -> dict[str, dict[str, tuple[str, ...]]]:
    """field name -> cue word -> the longer cue words of the table's other fields that hold it (实施 -> 实施方案,
    实施意见 for `document_status`, from `kind`): worked out once per schema."""
    schema = table.schema
    kept = _LONGER.get(id(schema))
    if kept is not None and kept[0] is schema:
        return kept[1]
    fields = [field for field in schema.get("fields", []) if isinstance(field, dict)
              and isinstance(field.get("cues"), dict)]
    words = {field.get("name", ""): {word for listed in field["cues"].values() if isinstance(listed, list)
                                     for word in listed if isinstance(word, str) and word} for field in fields}
    found = {name: {word: tuple(other for rest, listed in words.items() if rest != name for other in listed
                                if len(other) > len(word) and word in other) for word in own}
             for name, own in words.items()}
    if len(_LONGER) > 256:
        _LONGER.clear()
    _LONGER[id(schema)] = (schema, found)
    return found


def stands_alone(word: str, words: str, longer: tuple[str, ...]) -> bool:
    """Whether `word` occurs in `words` somewhere that is not inside a longer cue word of another field (实施 inside
    《…实施意见》 names the document's kind, not its status)."""
    if not longer:
        return word in words
    covered = [(match.start(), match.start() + len(other)) for other in longer
               for match in re.finditer(re.escape(other), words)]
    return any(not any(start <= at and at + len(word) <= end for start, end in covered)
               for at in (match.start() for match in re.finditer(re.escape(word), words)))


def cue_problem(table: Table, row: Row, field: dict, words: str) -> Problem | None:
    """A code is supported by one of its cue words in the words; a default code (no cue words of its own), and an
    empty cell of a stated or inferred row, by the absence of every other code's cue words. One lookup per cue word
    of the field: linear in rows."""
    column, code, cues = field["name"], row.get(field["name"], ""), field.get("cues", {})
    if not code and row.get("status") in ("stated", "inferred"):   # empty: the text says nothing, no code's cue occurs
        cued = next(((word, name) for name, listed in cues.items() for word in listed if word in words), None)
        return None if cued is None else problem(
            "evidence.empty-with-cue", f"{column} is empty, but the words hold {cued[0]}, a cue of {cued[1]}",
            file=table.file, row=row, column=column, found="(empty)", expected=f"{cued[1]} (or list {column} in "
            f"{DECLARED} with the note saying why it is empty)")
    if not code or code not in cues:
        return None
    own = cues[code]
    if own:
        longer = longer_cues(table).get(column, {})
        if any(word in words and stands_alone(word, words, longer.get(word, ())) for word in own):
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
    """A participant's role follows from the words before it in its clause, the cue nearest before it deciding where
    several roles' cues occur; what is acted on is an object."""
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
        if code == "partner" and CO_ACTOR in after:
            return problem("evidence.role-against-clause", f"{CO_ACTOR} later in the clause makes the participant a "
                           "co-actor", file=table.file, row=row, column=column, found=code,
                           expected=f"actor (a co-actor, listed before {CO_ACTOR})")
        if code in held:
            ends = {name: max((before.rfind(word) + len(word), word) for word in words if word in before)
                    for name, words in cues.items() if name in held}   # role -> (end, word) of its nearest cue
            nearest = max(ends, key=lambda name: ends[name][0])
            if ends[code][0] == ends[nearest][0]:
                return None   # the cue nearest before it is its role's (…与B结对挂牌成立C: B partner, C object)
            return problem("evidence.role-against-clause", f"the cue word nearest before the participant, "
                           f"{ends[nearest][1]}, is a cue of {nearest}", file=table.file, row=row, column=column,
                           found=code, expected=f"{nearest} (or list {column} in {DECLARED})")
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


def declared_problems(table: Table, row: Row, own: frozenset[str], fields: list[dict], names: Names,
                      targets: dict[str, str],
                      text: str | None) -> list[Problem]:
    """A declared cell is still tied to words: the note that says why names what the cell holds.

    A declared link's target is named in the note (by a name, written form or alias, or its id; a single target in
    the note's reading of its column, where it gives one, so a parent moved to another body the note names is);
    each item of a declared `;` list (policies.issuer_ids: a lead issuer inferred, the others
    named) is named by the note or, as an undeclared link, by the row's words (its quote; an
    inferred row's names too), so an item is never left to the declaration alone;
    a declared period's years, and a declared year or batch, are written in the note (in its reading of the column,
    where it gives one: "2024 follows from …" changed to "2023 follows from …" is named), and a declared period's
    reading says it is empty exactly when it is (declared_period_problems); a declared
    code (any field with an enum, `comparison` too), or its emptiness, is given as the reading of
    its column (declared_code_problems); a
    declared name or text cell (an action's label that adds the actor named outside its quote) is
    made of pieces of the paragraph holding the quote, read as a paraphrase. Any other empty
    declared cell needs nothing. So a declared cell cannot be changed without its reason.
    """
    if not own:
        return []
    note, problems = row.get("note", ""), []
    for field in fields if note else ():
        column, rule = field["name"], field["evidence"]
        if (rule in CODE_RULES or "enum" in field.get("constraints", {})) and column in own:   # a code, or empty
            problems += declared_code_problems(table, row, column, note)
            continue
        if rule == "period" and column in own:   # the reading says “empty” exactly when the period is
            problems += declared_period_problems(table, row, column, note)
        cell = row.get(column, "") if column in own else ""
        if not cell:
            continue
        if rule == "link":
            target = link_target(table, column, targets)
            known = names.get(target, {})
            items = [item for item in cell.split(";") if item]
            said, where = said_for(note, column) if len(items) == 1 else (note, "the note")   # one: its reading
            missing = [item for item in items if item not in said
                       and item in known   # a dangling key is the table check's
                       and not named(known[item], said)]
            wanted = f"a name of {target} {', '.join(missing)} in {where}"
            if len(items) > 1:   # a list: the note gives the curators' reading, the quote names the rest
                words = row.get("quote", "") if row.get("status") == "stated" else inferred_link_words(row)
                unnamed = [item for item in missing if not named(known[item], words)]
                if unnamed:
                    problems.append(problem("evidence.declared-item-unnamed", f"{column} is declared, but neither "
                                            f"the quote nor the note names {target} {', '.join(unnamed)}",
                                            file=table.file, row=row, column=column, found=cell,
                                            expected=f"a name of {', '.join(unnamed)} in the quote "
                                                     f"{show(row.get('quote', ''))} or in the note"))
                continue
        elif rule in ("period", "year", "batch"):
            said, where = said_for(note, column)
            missing = [cell] if (cell[:4] if rule == "period" else cell) not in said else []
            wanted = f"the {'year ' + cell[:4] if rule == 'period' else column + ' ' + cell} in {where}"
        elif rule in ("quote", "name") and text is not None and (span := span_of(row)) is not None:
            line = text[text.rfind("\n", 0, span[0]) + 1:(text.find("\n", span[1]) + 1 or len(text) + 1) - 1]
            strays = strays_in(cell, line)
            if strays:
                problems.append(problem("evidence.not-a-paraphrase", f"{column} is declared, but {'、'.join(strays)} "
                                        "is not in the paragraph", file=table.file, row=row, column=column,
                                        found=cell, expected=f"words of {show(line)}"))
            continue
        else:
            continue
        if missing:
            problems.append(problem("evidence.declared-not-in-note", f"{column} is declared in {DECLARED} but the "
                                    "note does not say what it holds", file=table.file, row=row, column=column,
                                    found=cell, expected=wanted))
    return problems


READING = re.compile(r"Curators' readings? \(([a-z_;, ]+)\):((?:[^.]|\.(?=\d))*)")   # to its stop (17.9 goes on)
READ_CODE = re.compile(r"\s*([A-Za-z_]+)")                             # the code a reading opens with
EMPTY = re.compile(r"\bempty\b")


@lru_cache(maxsize=4096)
def readings(note: str, column: str) -> tuple[str, ...]:
    """The words of each reading the note gives for `column` (“Curators' reading (level): provincial, because …”);
    read once per distinct note and column (copies of a row repeat both)."""
    return tuple(words for columns, words in READING.findall(note) if column in re.split(r"[;, ]+", columns))


def said_for(note: str, column: str) -> tuple[str, str]:
    """(the words that must say what a declared cell holds, where they are): the note's readings of the column
    where it gives any (“Curators' reading (parent_id): …”), else the whole note."""
    given = readings(note, column)
    return (" ".join(given), f"the note's reading “Curators' reading ({column}): …”") if given else (note, "the note")


def declared_period_problems(table: Table, row: Row, column: str, note: str) -> list[Problem]:
    """A declared period's reading in the note (“Curators' reading (period_start, period_end): …”) says it is empty
    exactly when it is: an empty period is read as “… so it is left empty”, and a period filled in beside a reading
    that says so (截至2024年 dates the certificates, not the output, so it is left empty) is named."""
    said_empty = any(EMPTY.search(words) for words in readings(note, column))
    cell = row.get(column, "")
    if bool(cell) != said_empty:
        return []
    return [problem("evidence.declared-not-in-note", f"{column} is declared in {DECLARED}, but the note's reading "
                    f"{'says it is empty' if cell else 'does not say it is left empty'}", file=table.file, row=row,
                    column=column, found=cell or "(empty)",
                    expected=f"“Curators' reading ({column}): …” saying {'what it holds' if cell else 'it is empty'}")]


def declared_code_problems(table: Table, row: Row, column: str, note: str) -> list[Problem]:
    """A declared code is given by the note as the reading of its column: “Curators' reading (level): provincial,
    because …”, or “…: empty” for a cell left empty; a code word elsewhere in the note (a joint implementation)
    does not give it."""
    wanted = row.get(column, "") or "empty"
    given = [code[1] for words in readings(note, column) if (code := READ_CODE.match(words))]
    if wanted in given:
        return []
    return [problem("evidence.declared-not-in-note", f"{column} is declared in {DECLARED} but the note does not give "
                    "it as the curators' reading", file=table.file, row=row, column=column,
                    found=row.get(column, "") or "(empty)",
                    expected=f"“Curators' reading ({column}): {wanted}” in the note")]


STOCK_WORDS = ("累计", "总数", "有效")


def period_shape_problems(table: Table, row: Row) -> list[Problem]:
    """A period the quote does not date (declared, or inferred) still has the shape the quote words.

    A flow (新增, 新建, a count in 次: readers.FLOW_WORDS) runs over a span of days; a stock (累计,
    总数, 有效…) is a single day. A quote that words neither, or both, leaves the shape open.
    """
    start, end, quote = row.get("period_start", ""), row.get("period_end", ""), row.get("quote", "")
    flow, stock = any(word in quote for word in FLOW_WORDS), any(word in quote for word in STOCK_WORDS)
    if not start or not end or flow == stock or (start != end) == flow:
        return []
    wanted = "a flow: a span of days" if flow else "a stock: one day"
    return [problem("evidence.period-shape", f"the quote words {wanted}", file=table.file, row=row,
                    column="period_start", found=f"{start} to {end}", expected=wanted)]


def inferred_link_words(row: Row) -> str:
    """The words that may name an inferred row's link target: its quote and its own names.

    An inferred row's reading is in its note, but what it links to must still follow from its
    words: 国务院办公厅, written in full 中华人民共和国国务院办公厅, is a body of China. A link
    that only the curators' knowledge gives is listed in curated_cells with the note saying why.
    """
    return "\n".join(row.get(column, "") for column in ("quote", *NAME_COLUMNS))


JOINERS = "的之与和及"   # single characters that join the pieces of a paraphrase


@lru_cache(maxsize=1024)
def sentence_index(text: str) -> SentenceIndex:
    """The sentences of a source text, split once per text however many rows it holds."""
    return SentenceIndex(sentences(text))


def paraphrase_problem(table: Table, row: Row, column: str, text: str | None) -> Problem | None:
    """A paraphrase (claims.label_zh) is made of the words of the sentence(s) holding the quote and holds the cue.

    Each run of Chinese characters of the cell is read left to right as the longest pieces that
    occur in that sentence context; every piece has at least two characters, and only a joining
    character (的 之 与 和 及) may stand alone. The cell holds the row's cue_zh. A changed
    character breaks a piece; a label moved from another statement brings words of another
    sentence, or another cue. Where the text writes the cell as one run, the quote does not cut
    it: a quote shifted off the claim's last words would otherwise still hold its cue.
    """
    cell, span = row.get(column, ""), span_of(row)
    if not cell or text is None or span is None:
        return None
    first, last = sentence_index(text).around(*span)
    sentence = text[first:last]
    cut = next((at for at in occurrences(sentence, cell)
                if first + at < span[1] and span[0] < first + at + len(cell)
                and not (span[0] <= first + at and first + at + len(cell) <= span[1])), None)
    if cut is not None:   # the text writes the cell as one run across the quote's edge
        return problem("evidence.quote-cuts-label", f"the text writes {show(cell)} across the quote's edge",
                       file=table.file, row=row, column="quote", found=row.get("quote", ""),
                       expected=f"a quote holding {cell} whole, as the text writes it")
    strays = strays_in(cell, sentence)
    cue = row.get("cue_zh", "")
    if not strays and cue in cell:
        return None
    why = f"{'、'.join(strays)} not in the sentence" if strays else f"the cue {cue} is missing"
    return problem("evidence.not-a-paraphrase", f"{column} is not a paraphrase of its sentence: {why}",
                   file=table.file, row=row, column=column, found=cell,
                   expected=f"words of {show(sentence)} and the cue {cue} (or list {column} in {DECLARED})")


@lru_cache(maxsize=4096)
def strays_in(cell: str, sentence: str) -> tuple[str, ...]:
    """paraphrase_strays, once per distinct cell and sentence (scaled copies repeat both)."""
    return tuple(paraphrase_strays(cell, sentence))


def paraphrase_strays(cell: str, sentence: str) -> list[str]:
    """Where `cell` leaves `sentence`: each character (with the next) that no piece of two or more characters of
    the sentence covers and that is not a joining character."""
    strays = []
    for run in CHINESE_RUN.findall(cell):
        at = 0
        while at < len(run):
            reach = at
            while reach < len(run) and run[at:reach + 1] in sentence:
                reach += 1
            if reach - at >= 2:
                at = reach
            elif run[at] in JOINERS:
                at += 1
            else:
                strays.append(run[at:at + 2])
                at += 1
    return strays


def code_labels(package: Package) -> dict[str, str]:
    """definitions id -> its Chinese label."""
    definitions = package.table("definitions")
    return {row.id: row.get("label_zh", "") for row in (definitions.rows if definitions else [])}


def programme_problem(table: Table, row: Row, column: str, labels: dict[str, str]) -> Problem | None:
    """A programme's name (designations.program_zh) occurs in the quote once its batch words are taken out.

    The text puts the batch inside the name (全国第二批地理标志助力乡村振兴典型案例 is batch 2 of
    全国地理标志助力乡村振兴典型案例); the `batch` rule reads it, and the name must still be there.
    A name that is not its code's label is the `definitions` check's (one mistake, one report).
    """
    cell, quote = row.get(column, ""), row.get("quote", "")
    if not cell or cell in quote or cell in without_batches(quote) or labels.get(row.get("program", "")) != cell:
        return None
    return problem("evidence.not-in-quote", f"{column} does not occur in the quote (batch words taken out)",
                   file=table.file, row=row, column=column, found=cell,
                   expected=f"a part of {show(without_batches(quote))} (or list {column} in {DECLARED})")


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
    occurs = lru_cache(maxsize=None)(str.__contains__)   # (text, alias): scaled copies repeat both
    for row in aliases.rows:
        target = package.table(row.get("resource", ""))
        text = package.text(row.get("source_id", ""))
        if target is not None and target.name not in ids:
            ids[target.name] = set(target.column("id")) if "id" in target.columns else {""} if target.rows else set()
        if target is not None and row.get("target_id") not in ids[target.name]:
            problems.append(problem("evidence.alias-unknown-target", f"no {row.get('resource')} row has this id",
                                    file=aliases.file, row=row, column="target_id", found=row.get("target_id"),
                                    expected=f"an id of {row.get('resource')}"))
        elif text is not None and row.get("alias") and not occurs(text, row["alias"]):
            problems.append(problem("evidence.alias-not-in-text", "the alias does not occur in the source text",
                                    file=aliases.file, row=row, column="alias", found=row["alias"],
                                    expected="words of the source text"))
    return problems


PARTY_LEVELS = {"country": "national", "province": "provincial", "prefecture": "prefecture", "county": "county"}
#               regions.level -> the level of a document whose party is a body or place of that region
PARTIES = ("counterparty_region_id", "issuer_ids", "level")


def parties_problems(package: Package, table: Table) -> list[Problem]:
    """A document with issuers has the level of its parties (policies.level).

    Its parties are its issuers and, for an agreement whose other party the text names only by its
    place (counterparty_region_id: 分别与兰州市、武威市签署…合作协议), that place: its level is
    `joint` when the issuers' regions (organizations.region_id) and the place stand at different
    levels (regions.level: the province's administration and a city), else their one level. Cue
    words cannot tell: the quote names the city (市, a cue of prefecture) and the joint building
    (共建); 联合 (jointly) joins 省市场监管局 and 省教育厅, which stand at one level. A row whose
    issuers are not given, whose parties' levels are not known, or whose level is empty (the cue
    rules judge an empty code) is left alone.
    One pass over the rows, with the regions and bodies read once.
    """
    if not set(PARTIES) <= set(table.columns):
        return []
    regions, organizations = package.table("regions"), package.table("organizations")
    if regions is None or organizations is None or "level" not in regions.columns \
            or "region_id" not in organizations.columns:
        return []
    level_of = {row.id: PARTY_LEVELS.get(row.get("level", "")) for row in regions.rows}
    body_level = {row.id: level_of.get(row.get("region_id", "")) for row in organizations.rows}
    problems = []
    for row, (place, issuers, level) in zip(table.rows, table.cells(PARTIES), strict=True):
        bodies = [issuer for issuer in (issuers or "").split(";") if issuer]
        if not bodies or not level:   # an empty level is the cue rules' (evidence.empty-with-cue)
            continue
        levels = {*([level_of.get(place)] if place else []), *(body_level.get(body) for body in bodies)}
        if None in levels:
            continue
        wanted = "joint" if len(levels) > 1 else next(iter(levels))
        if level != wanted:
            stand = ", ".join(sorted(level for level in levels if level))
            parties = f"issuer_ids and counterparty_region_id {place}" if place else "issuer_ids"
            problems.append(problem("evidence.level-against-parties", f"the parties ({parties}) stand at {stand}",
                                    file=table.file, row=row, column="level", found=level or "(empty)",
                                    expected=wanted))
    return problems


class Known(NamedTuple):
    """What the rules look up beyond a row, gathered once per package."""
    names: Names
    years: dict[str, int]                                   # source id -> its event year
    spans: StatementSpans
    labels: dict[str, str]                                  # code_labels
    texts: dict[str, str | None]                            # source id -> its text
    places: dict[str, tuple[str | None, int | None]]        # source id -> its text and event year
    plain: set[str]                                         # resources whose every id is a single id: not '', no ;
    parents: dict[str, str]                                 # region id -> its parent_id


def judged_fields(table: Table) -> list[dict]:
    """The fields of the table whose rule this check enforces (a period is read at its *_start field)."""
    return [field for field in table.schema.get("fields", [])
            if isinstance(field, dict) and field.get("evidence") in ENFORCED
            and not (field["evidence"] == "period" and not field["name"].endswith("_start"))]


def content_of(table: Table, fields: list[dict]) -> tuple[tuple[str, ...], list[str]]:
    """The columns of a row's content for the rules but `link` (READS, its fields but links, a period's end; those
    the table has: one it lacks is always None), and those whose emptiness the clause rule reads (ACTED_ON)."""
    content = (*READS, *(field["name"] for field in fields if field["evidence"] != "link"),
               *(field["name"][:-len("_start")] + "_end" for field in fields if field["evidence"] == "period"))
    acts_on = [column for column in ACTED_ON if column in table.columns] \
        if any(field["evidence"] == "clause" for field in fields) else []
    return tuple(column for column in content if column in table.columns), acts_on


def table_problems(table: Table, known: Known) -> list[Problem]:
    """The evidence problems of one table's stated and inferred rows (see the module's docstring)."""
    fields = judged_fields(table)
    coded = [field for field in table.schema.get("fields", [])   # a declared code another check supports (comparison)
             if isinstance(field, dict) and field not in fields and isinstance(field.get("constraints"), dict)
             and "enum" in field["constraints"]]
    targets = link_targets(table.schema)
    specs = [(position, field["name"], field["evidence"], field) for position, field in enumerate(fields)]
    links = [spec for spec in specs if spec[2] == "link"]   # all a settled row still needs judged
    linked = {column: known.names.get(link_target(table, column, targets), {}) for _, column, _, _ in links}
    read = table.reader(("status", DECLARED, "note", "quote", "source_id", *(field["name"] for field in fields)))
    content, acts_on = content_of(table, fields)
    named_by: list[dict] = [   # a link cell -> the names of its target (a default: a mark of its own)
        linked[column] if field.get("evidenceDefault") is None
        else {**linked[column], field["evidenceDefault"]: ("default",)} for _, column, _, field in links]
    plain = all(link_target(table, column, targets) in known.plain for _, column, _, _ in links)
    supported: set[tuple] = set()   # the content (READS) of rows whose every cell but links the quote supports
    whole: set[tuple] = set()       # that content with the names of each link's target, all named by the words
    quiet: set[tuple] = set()       # those of `whole` whose rows declare nothing: such a row needs nothing more
    chosen: dict[frozenset[str], list[dict]] = {}   # what curated_cells declares -> those fields, in order
    problems: list[Problem] = []
    count = len(table.rows)

    lists: dict[str, list[str] | list[None]] = {}   # a column's cells, read once (links are what a row acts on)

    def column_of(name: str) -> list[str] | list[None]:   # None: a column the table lacks, as Table.cells reads it
        if name not in lists:
            lists[name] = table.column(name) if name in table.columns else [None] * count
        return lists[name]
    sources = table.column("source_id") if "source_id" in table.columns else [""] * count
    acted = zip(*(map(bool, column_of(column)) for column in acts_on), strict=True) if acts_on \
        else repeat((), count)
    keys = zip(map(known.places.get, sources, repeat((None, None))), table.cells(content), acted,   # made without
               strict=True)                                                                       # a call per row
    link_names = zip(*(map(index.get, cells, cells) for index, cells in   # a link cell -> its target's names
                       zip(named_by, (column_of(column) for _, column, _, _ in links), strict=True)), strict=True) \
        if plain and links else repeat(() if plain else None, count)
    for row, full in zip(table.rows, zip(keys, link_names, strict=True), strict=True):
        if full in quiet:
            continue   # as below: nothing declared, and this content with these links' names was found supported
        key = full[0]
        status, curated, note = row.get("status"), row.get(DECLARED), row.get("note")
        if status not in ("stated", "inferred"):
            continue
        own = declared(curated) if curated else NO_NAMES
        if own and not note:
            problems.append(problem("evidence.reading-without-note", f"{DECLARED} lists {', '.join(sorted(own))} "
                                    "but the note does not say why", file=table.file, row=row, column="note",
                                    found="(empty)", expected="a note"))
        text = key[0][0]
        if own:
            if own not in chosen:
                chosen[own] = [field for field in fields + coded if field["name"] in own]
            problems += declared_problems(table, row, own, chosen[own], known.names, targets, text)
        if plain and full in whole:
            continue   # a row with this content, whose links' targets have these names, was found supported
        settled = key in supported   # a row with this content in this text was found supported
        found, clean, resolved = row_problems(table, row, read, settled, own, links if settled else specs, linked,
                                              known, targets, text)
        if clean:
            supported.add(key)
            if resolved and plain:
                whole.add(full)
                if not own:
                    quiet.add(full)
        problems += found
    return problems


def row_problems(table: Table, row: Row, read: Callable[[Row], tuple], settled: bool, own: frozenset[str],
                 judged: list, linked: dict[str, dict[str, frozenset[str]]], known: Known, targets: dict[str, str],
                 text: str | None) -> tuple[list[Problem], bool, bool]:
    """The problems of one row's `judged` specs (its links alone when a row of its content was `settled`); whether
    all but links are supported (clean), and whether its every judged link is named by a name of its target."""
    status, _, _, quote, source, *cells = read(row)
    quote, source = quote or "", source or ""
    found = period_shape_problems(table, row) if not settled and (status == "inferred" or "period_start" in own) \
        else []
    clean, resolved = not found, True
    for position, column, rule, field in judged:
        cell = cells[position]
        if column in own or (status == "inferred" and rule not in INFERRED_RULES):
            continue   # an inferred row's reading is in its note; the words it rests on are in its quote
        if rule == "link" and cell:
            words = quote if status == "stated" else inferred_link_words(row)
            if cell == field.get("evidenceDefault") or (";" not in cell and cell in linked[column]
                                                         and named(linked[column][cell], words)):
                target = link_target(table, column, targets)   # the common cases, as cell_problem tests them first:
                forms = known.names.get(target, {})
                wrong = place_problem(table, row, column, target, cell, forms, known.parents) \
                    if target == "regions" and cell != field.get("evidenceDefault") else None
                if wrong is None and status == "stated" and cell != field.get("evidenceDefault"):
                    wrong = cut_name_problem(table, row, column, forms.get(cell, NO_NAMES), text)
                if wrong is not None:   # ... a default or named link, which may still not be the place named, or
                    found.append(wrong)   # be named by a quote that cuts its name
                continue
            resolved = False
        if (rule == "link" and not cell) or (rule in ("quote", "name") and (cell or "") in quote):
            continue   # the common cases, as cell_problem tests them first: no link, or in the quote
        one = programme_problem(table, row, column, known.labels) if rule == "programme" \
            else cell_problem(table, row, field, rule, known, targets, text, known.years.get(source), cell or "", quote)
        if one is not None:
            found.append(one)
            clean = clean and rule == "link"
    return found, clean, resolved


@check(NAME)
def evidence(package: Package) -> list[Problem]:
    """Every typed cell of a stated row is supported by its quote under its field's `evidence` rule (quote, name,
    link, period, batch, year, programme, paraphrase; for codes cue, first-line, clause, heading), or listed in
    the row's curated_cells with a note saying why; an inferred row's quote holds the words its `quote` cells
    give, its names, its programme, its batch and year, and its codes their cue words, and its words name its
    links; a document with a counterparty place has its parties' level (joint when they stand at different
    levels)."""
    linked = {link_target(table, field["name"], link_targets(table.schema)) for table in package.tables.values()
              for field in table.schema.get("fields", [])
              if isinstance(field, dict) and field.get("evidence") == "link"}
    names, years, spans = names_index(package, linked), event_years(package), StatementSpans(package)
    texts = {source: item.text for source, item in package.sources.items()}
    known = Known(names, years, spans, code_labels(package), texts,
                  {source: (texts.get(source), years.get(source)) for source in {*texts, *years}},
                  {resource for resource, ids in names.items() if "" not in ids and ";" not in "".join(ids)},
                  region_parents(package))
    problems: list[Problem] = alias_problems(package)
    for table in list(package.tables.values()):
        if require(package, table.name) is not None and "status" in table.columns:
            problems += table_problems(table, known)
            problems += parties_problems(package, table)
    return problems
