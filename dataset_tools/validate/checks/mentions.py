"""The `mentions` check: every title, quoted name, named body and designation phrase of a source is a row, or excluded.

The mentions and the rule that covers them are defined in dataset_tools/mentions.py. Exclusions
are rows of curation/mention_exclusions.csv (`source_id`, `kind`, `mention`, `char_start`,
`char_end`, `reason_code`, `reason`; the codes are listed in curation/README.md).
"""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from dataset_tools.mentions import (
    DESIGNATIONS,
    NAME_CELLS,
    NAMING,
    PROGRAMME,
    Coverage,
    Mention,
    designations_within,
    find_mentions,
    text_columns,
)
from dataset_tools.model import Package, Row, Table, parse_csv, read_bounded, resolve_inside
from dataset_tools.validate.checks.common import as_int
from dataset_tools.validate.limits import MAX_FILE_BYTES
from dataset_tools.validate.report import CheckSkipped, Problem, check, declare, problem

NAME = "mentions"
CODES = declare({
    "mentions.uncovered": "a title, quoted name, body or designation phrase (国家级…, 省级…) of the source is named by "
                          "no row and not excluded",
    "mentions.stale-exclusion": "a mention exclusion matches no mention at its offsets",
    "mentions.exclusion-reason": "a mention exclusion has no known reason_code or no reason",
})
EXCLUSIONS = "curation/mention_exclusions.csv"
REASONS = frozenset({"slogan", "generic", "not_a_body", "phrase"})
NAME_READ = ("resource", *NAME_CELLS, "aliases", PROGRAMME)   # the cells Coverage.add reads a row's names from


EXCLUDING = ("source_id", "kind", "char_start", "char_end", "mention", "reason_code", "reason")


def exclusions(package: Package) -> list[tuple[Row, tuple[str | None, ...]]]:
    """Each row of the exclusions with its cells in EXCLUDING (None: a column the file lacks)."""
    path, _ = resolve_inside(package.root, EXCLUSIONS)
    if path is None or not path.is_file():
        return []
    try:
        header, rows = parse_csv(read_bounded(path, MAX_FILE_BYTES))
        return list(zip(rows, Table(EXCLUSIONS, EXCLUSIONS, path, header, rows).cells(EXCLUDING), strict=True))
    except (OSError, ValueError) as error:
        raise CheckSkipped(f"{EXCLUSIONS} cannot be read: {error}") from error


Quoted = tuple[list[int], list[tuple[int, Mention]]]   # a text's quoted names: their starts, (position, mention)


def quoted_names(text: str) -> Quoted:
    """The quoted names of the text in order, with their positions among its find_mentions."""
    found = [(position, mention) for position, mention in enumerate(find_mentions(text)) if mention.kind == "quoted"]
    return [mention.start for _, mention in found], found


def quotes_covered(text: str, cells: tuple[str | None, ...], quoted: Quoted | None = None) -> frozenset[int]:
    """The quoted names of the text (positions among its find_mentions) that one row covers, given its char_start,
    char_end and text cells (and the text's quoted_names, when the caller keeps them). A span covers only the names
    it overlaps, so only those are looked at."""
    start, end = as_int(cells[0]), as_int(cells[1])   # as span_of
    if start is None or end is None:
        return frozenset()
    one = Coverage(text)
    one.add_span((start, end), cells[2:])
    if not one.spans:   # no Chinese text cell: it covers nothing
        return frozenset()
    starts, names = quoted if quoted is not None else quoted_names(text)
    return frozenset(position for position, mention in names[:bisect_left(starts, end)]
                     if mention.end > start and one.covered(mention))


def quotes_covered_by_source(package: Package, texts: dict[str, str], names: Coverage) -> dict[str, set[int]]:
    """source -> the quoted names of its text (positions among its find_mentions) that rows with that source_id
    cover, and the designation phrases that the spans of its designations rows hold; the names of rows of the naming
    resources go to `names`. A row's span and text cells are judged once per distinct text: sources share the text
    of their copies, whose rows repeat spans and cells."""
    quoted: dict[str, set[int]] = {source: set() for source in texts}
    judged: dict[tuple, frozenset[int]] = {}
    names_of: dict[str, Quoted] = {}   # a text's quoted names, found once per distinct text
    for table in package.tables.values():
        if table.name in ("sources", "segments"):
            continue
        if table.name in NAMING:   # copies repeat names: each distinct set of name cells is read once
            for cells in dict.fromkeys(table.cells(NAME_READ)):
                present = {column: cell for column, cell in zip(NAME_READ, cells, strict=True) if cell is not None}
                names.add(table.name, (), present, None)
        columns = text_columns(tuple(table.header))
        if table.name != DESIGNATIONS and all("".join(table.column(column)).isascii() for column in columns):
            continue   # only a Chinese text cell can hold a quoted name (links, by their role alone, hold none)
        sources = table.column("source_id") if "source_id" in table.columns else [None] * len(table.rows)
        for source, cells in zip(sources, table.cells(("char_start", "char_end", *columns)), strict=True):
            text = texts.get(source or "")
            if text is None:
                continue
            covers = judged.get((table.name == DESIGNATIONS, text, cells))
            if covers is None:
                if text not in names_of:
                    names_of[text] = quoted_names(text)
                covers = quotes_covered(text, cells, names_of[text])
                start, end = as_int(cells[0]), as_int(cells[1])
                if table.name == DESIGNATIONS and start is not None and end is not None:
                    covers |= designations_within(text, start, end)
                judged[(table.name == DESIGNATIONS, text, cells)] = covers
            if covers:
                quoted[source or ""] |= covers
    return quoted


@lru_cache(maxsize=16)
def mentions_at(text: str) -> dict[tuple[str, str, str], Mention]:
    """(kind, char_start, char_end as written in an exclusion) -> the mention of the text there."""
    return {(mention.kind, str(mention.start), str(mention.end)): mention for mention in find_mentions(text)}


def uncovered(text: str, quoted: frozenset[int], names: Coverage) -> list[Mention]:
    """The mentions of the text that no row covers: a quoted name not in `quoted`, a title or body not among
    `names`, a designation phrase neither in `quoted` (held by a designation's span) nor in a programme's name."""
    cover = Coverage(text, names.titles, names.body_names, names.programmes)
    return [mention for position, mention in enumerate(find_mentions(text))
            if not (position in quoted if mention.kind == "quoted"
                    else (mention.kind == "designation" and position in quoted) or cover.covered(mention))]


@check(NAME)
def mentions(package: Package) -> list[Problem]:
    """Every 《title》, “quoted name”, named body and designation phrase (国家级…, 省级…) of each source is covered by
    a row that names it, or held by an exclusion with a known reason; no exclusion is stale."""
    if package.skipped:
        raise CheckSkipped("a resource could not be read (see the files/descriptor problems)")
    names = Coverage("")   # names are the package's, shared by every source; spans are each source's
    texts = {source: item.text for source, item in package.sources.items() if item.text is not None}
    quoted = quotes_covered_by_source(package, texts, names)
    excluded: dict[tuple, tuple[Row, str | None]] = {}   # (source_id, kind, char_start, char_end) -> row, mention
    problems: list[Problem] = []
    for row, (source, kind, start, end, written, reason_code, reason) in exclusions(package):
        excluded[(source, kind, start, end)] = (row, written)
        if reason_code not in REASONS or not reason:
            problems.append(problem("mentions.exclusion-reason",
                                    f"exclusion needs a reason_code of {', '.join(sorted(REASONS))} and a reason",
                                    file=EXCLUSIONS, row=row.number, column="reason_code",
                                    found=reason_code or "(empty)"))
    used = set()
    for (source, kind, start, end), (_, written) in excluded.items():
        mention = mentions_at(texts[source]).get((kind, start, end)) if source in texts else None
        if mention is not None and written == mention.text:
            used.add((source, kind, start, end))
    verdicts: dict[tuple[str, frozenset[int]], list[Mention]] = {}   # once per text and quoted names covered
    for source, text in texts.items():
        asked = (text, frozenset(quoted[source]))
        if asked not in verdicts:
            verdicts[asked] = uncovered(text, asked[1], names)
        for mention in verdicts[asked]:
            if (source, mention.kind, str(mention.start), str(mention.end)) not in used:
                problems.append(problem("mentions.uncovered",
                                        f"{mention.kind} {mention.text!r} at [{mention.start}, {mention.end}) "
                                        "is named by no row and not excluded", file=package.sources[source].file,
                                        found=mention.text, expected=f"a row naming it, or a row of {EXCLUSIONS}"))
    for key, (row, written) in excluded.items():
        if key not in used:
            problems.append(problem("mentions.stale-exclusion", "stale exclusion: no such mention at these offsets",
                                    file=EXCLUSIONS, row=row.number, column="mention", found=written))
    return problems
