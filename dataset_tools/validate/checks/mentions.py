"""The `mentions` check: every title, quoted name and named body of a source is a row, or excluded.

The mentions and the rule that covers them are defined in dataset_tools/mentions.py. Exclusions
are rows of curation/mention_exclusions.csv (`source_id`, `kind`, `mention`, `char_start`,
`char_end`, `reason_code`, `reason`; the codes are listed in curation/README.md).
"""
from __future__ import annotations

from dataset_tools.mentions import NAMING, Coverage, chinese_of, find_mentions, text_columns
from dataset_tools.model import Package, Row, parse_csv, read_bounded, resolve_inside
from dataset_tools.validate.checks.common import as_int
from dataset_tools.validate.limits import MAX_FILE_BYTES
from dataset_tools.validate.report import CheckSkipped, Problem, check, declare, problem

NAME = "mentions"
CODES = declare({
    "mentions.uncovered": "a title, quoted name or body of the source is named by no row and not excluded",
    "mentions.stale-exclusion": "a mention exclusion matches no mention at its offsets",
    "mentions.exclusion-reason": "a mention exclusion has no known reason_code or no reason",
})
EXCLUSIONS = "curation/mention_exclusions.csv"
REASONS = frozenset({"slogan", "generic", "not_a_body", "phrase"})


def exclusions(package: Package) -> list[Row]:
    path, _ = resolve_inside(package.root, EXCLUSIONS)
    if path is None or not path.is_file():
        return []
    try:
        return parse_csv(read_bounded(path, MAX_FILE_BYTES))[1]
    except (OSError, ValueError) as error:
        raise CheckSkipped(f"{EXCLUSIONS} cannot be read: {error}") from error


@check(NAME)
def mentions(package: Package) -> list[Problem]:
    """Every 《title》, “quoted name” and named body of each source is covered by a row that names it, or held by an
    exclusion with a known reason; no exclusion is stale."""
    if package.skipped:
        raise CheckSkipped("a resource could not be read (see the files/descriptor problems)")
    titles: set[str] = set()
    body_names: set[str] = set()   # names are the package's, shared by every source; spans are each source's
    coverage = {source: Coverage(item.text, titles, body_names)
                for source, item in package.sources.items() if item.text is not None}
    names_only = Coverage("", titles, body_names)
    for table in package.tables.values():
        if table.name in ("sources", "segments"):
            continue
        read = table.reader(("source_id", "char_start", "char_end", *text_columns(tuple(table.header))))
        naming = table.name in NAMING
        for row in table.rows:
            source, start_text, end_text, *texts = read(row)
            if not naming and not chinese_of(tuple(texts)):
                continue   # no name and no Chinese text: the row covers nothing
            own = coverage.get(source or "")
            start, end = (as_int(start_text), as_int(end_text)) if own else (None, None)   # as span_of
            (own or names_only).add(table.name, texts, row, None if start is None or end is None else (start, end))
    excluded: dict[tuple, Row] = {}
    problems: list[Problem] = []
    for row in exclusions(package):
        key = (row.get("source_id"), row.get("kind"), row.get("char_start"), row.get("char_end"))
        excluded[key] = row
        if row.get("reason_code") not in REASONS or not row.get("reason"):
            problems.append(problem("mentions.exclusion-reason",
                                    f"exclusion needs a reason_code of {', '.join(sorted(REASONS))} and a reason",
                                    file=EXCLUSIONS, row=row.number, column="reason_code",
                                    found=row.get("reason_code") or "(empty)"))
    used = set()
    for source, cover in coverage.items():
        for mention in find_mentions(cover.text):
            key = (source, mention.kind, str(mention.start), str(mention.end))
            if key in excluded and excluded[key].get("mention") == mention.text:
                used.add(key)
            elif not cover.covered(mention):
                problems.append(problem("mentions.uncovered",
                                        f"{mention.kind} {mention.text!r} at [{mention.start}, {mention.end}) "
                                        "is named by no row and not excluded", file=package.sources[source].file,
                                        found=mention.text, expected=f"a row naming it, or a row of {EXCLUSIONS}"))
    for key, row in excluded.items():
        if key not in used:
            problems.append(problem("mentions.stale-exclusion", "stale exclusion: no such mention at these offsets",
                                    file=EXCLUSIONS, row=row.number, column="mention", found=row.get("mention")))
    return problems
