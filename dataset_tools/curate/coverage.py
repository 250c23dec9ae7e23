"""Completeness is measured: every numeric expression of the source is covered, excluded or listed.

An *expression* is a candidate figure found by pattern (generous on purpose): Arabic numbers with
decimals, multipliers, 多/余, prefixes such as 超/破/近/约/第 and a unit (1.78万件, 600多亿元,
超2000万元, 第20位, 5个位次, 100%); dates (4月25日, 2024年底, 2020-2024年); Chinese numerals with
what they attach to (第五, 四大, 两个, 二十大, 第三批, 一是, 近三年, 首次破万); enumerators in
brackets ((一)); and first/top words (首位, 首批, 首个, 首次, 最高, 领跑, 率先). A few fixed words
in which a numeral character carries no number (进一步, 一下, 一些 …: `LEXICAL_WORDS`) are skipped.

An expression is *covered* when it lies entirely inside the span of some row of a resource
(segments and sources do not count: segments tile the whole text), *excluded* when a row of
`curation/coverage_exclusions.csv` names it exactly (same start, end and text) with a reason, and
*uncovered* otherwise.

    python -m dataset_tools.curate.coverage               # every expression, its status and what covers it
    python -m dataset_tools.curate.coverage --uncovered   # only the uncovered ones
    python -m dataset_tools.curate.coverage --propose     # CSV rows for the exclusions file (reason to fill)
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from dataset_tools.model import Package, read_csv, read_package

from dataset_tools import PACKAGE_ROOT  # noqa: E402
EXCLUSIONS_PATH = Path("curation") / "coverage_exclusions.csv"
EXCLUSION_COLUMNS = ["expression", "char_start", "char_end", "context", "reason_code", "reason"]
REASON_CODES = {
    "enumerator": "list numbering (一是, (一), 一、), not a quantity",
    "date_carried": "a date already carried as a period or event_date of the rows it dates",
    "name": "part of a proper name or title (二十大, 十大著作权人, 二级巡视员, 民三庭)",
    "title_part": "part of a document title",
    "slogan": "part of a slogan or catch-phrase (一站式, 一窗通办)",
    "not_data": "a numeral word that states no figure (一批 'a number of', 首次 'for the first time')",
}
NON_COVERING_RESOURCES = {"segments", "sources"}
LEXICAL_WORDS = ("进一步", "下一步", "一下", "一些", "一提", "一起", "一直", "一致", "一定", "一般",
                 "一样", "一切", "一旦", "一律", "统一", "唯一", "同一", "逐一", "十分", "千方百计")

_CN = "〇零一二两三四五六七八九十百千万亿"
_MEASURE = "件家次个项起份元倍位名批期年届大是中级种类条所座台户"
_PREFIX = "超过|超|逾|突破|破|近|约|不足|不到|第"
_FIRST = r"\d(" + _CN + "首最领率" + "".join(sorted({prefix[0] for prefix in _PREFIX.split("|")}))
# The lookahead names every character an expression can start with: the same matches, found
# five times faster (the alternation is not tried at the other positions).
EXPRESSION = re.compile(f"(?=[{_FIRST}])(?:" + "|".join([
    r"\d{1,2}月\d{1,2}日",                                        # 4月25日
    r"\d{4}(?:-\d{4})?年(?:底|末|初)?",                            # 2024年底, 2020-2024年
    rf"\([{_CN}]+\)",                                              # (一)
    rf"(?:{_PREFIX})?\d+(?:\.\d+)?[多余]?[十百千万亿]*[多余]?"       # 600多亿元, 第20位
    rf"(?:个位次|位次|%|％|[{_MEASURE}])?",
    rf"(?:首次)?(?:{_PREFIX})?[{_CN}]+[多余]?(?:个位次|位次|[{_MEASURE}]|、)?",  # 首次破万, 第五
    r"首[位批个次家届]|最高|领跑|率先",                             # first / top words
]) + ")")


@dataclass(frozen=True, slots=True)
class Expression:
    start: int
    end: int
    text: str            # span in code points: text[start:end]


@dataclass(frozen=True, slots=True)
class Assessment:
    expression: Expression
    status: str          # covered | excluded | uncovered
    by: str              # "resource:row_id" when covered, the reason code when excluded, "" otherwise


def numeric_expressions(text: str) -> list[Expression]:
    """Every candidate numeric expression of `text`, left to right, skipping LEXICAL_WORDS."""
    lexical = sorted((m.start(), m.end()) for word in LEXICAL_WORDS for m in re.finditer(re.escape(word), text))
    starts, longest = [start for start, _ in lexical], max(map(len, LEXICAL_WORDS))
    found = []
    for match in EXPRESSION.finditer(text):
        first = bisect_left(starts, match.start() - longest + 1)   # only these can reach into it
        last = bisect_left(starts, match.end())
        if any(end > match.start() for _, end in lexical[first:last]):
            continue
        found.append(Expression(match.start(), match.end(), match.group()))
    return found


def read_exclusions(path) -> list[dict]:
    """Rows of the exclusions CSV (all cells strings); an absent file means no exclusions.

    An optional `source_id` column restricts a row to one source; without it a row applies to
    every source whose text has that expression at those offsets.
    """
    path = Path(path)
    if not path.exists():
        return []
    header, rows = read_csv(path)
    missing = [name for name in EXCLUSION_COLUMNS if name not in header]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return [row.as_dict() for row in rows]


def exclusion_key(row: dict) -> tuple[str, str, str]:
    """(start, end, text) as an exclusion row names an expression."""
    return str(row.get("char_start")), str(row.get("char_end")), str(row.get("expression"))


def expression_key(expression: Expression) -> tuple[str, str, str]:
    return str(expression.start), str(expression.end), expression.text


class Spans:
    """The spans of one source, sorted by start with the running maximum of their ends: whether
    some span contains an expression is one binary search."""

    def __init__(self, spans: list[tuple[str, int, int]]):
        self.spans = sorted(spans, key=lambda item: (item[1], item[2]))
        self.starts, self.reach, furthest = [start for _, start, _ in self.spans], [], -1
        for _, _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def covers(self, expression: Expression) -> bool:
        position = bisect_right(self.starts, expression.start) - 1
        return position >= 0 and self.reach[position] >= expression.end

    def narrowest(self, expression: Expression) -> str:
        """The label of the narrowest span containing the expression (for the tool's listing)."""
        position = bisect_right(self.starts, expression.start)
        return min((end - start, label) for label, start, end in self.spans[:position]
                   if end >= expression.end)[1]


def assess(text: str, spans: list[tuple[str, int, int]], exclusions: list[dict],
           expressions: list[Expression] | None = None, labels: bool = True) -> list[Assessment]:
    """Status of every expression of one text: covered (by the narrowest enclosing span, when
    `labels`), excluded (by an exclusion row naming it exactly: its reason code), or uncovered.

    The one coverage rule, used by the tool and by validate.py's `coverage` check.
    """
    index, excluded = Spans(spans), {exclusion_key(row): row for row in exclusions}
    results = []
    for expression in numeric_expressions(text) if expressions is None else expressions:
        if index.covers(expression):
            results.append(Assessment(expression, "covered", index.narrowest(expression) if labels else ""))
        elif expression_key(expression) in excluded:
            results.append(Assessment(expression, "excluded",
                                      excluded[expression_key(expression)].get("reason_code", "")))
        else:
            results.append(Assessment(expression, "uncovered", ""))
    return results


def spans_by_source(package: Package, not_covering=NON_COVERING_RESOURCES,
                    labels: bool = True) -> dict[str, list[tuple[str, int, int]]]:
    """source_id -> ("resource:row_id", char_start, char_end) of every row with integer offsets
    of the resources that cover (all but `not_covering`: segments tile the text); the label is
    "" unless `labels`."""
    spans: dict[str, list] = defaultdict(list)
    for name, table in package.tables.items():
        if name in not_covering or "char_start" not in table.columns or "char_end" not in table.columns:
            continue
        for row in table.rows:
            start, end = row["char_start"], row["char_end"]
            if start.isdigit() and end.isdigit() and start.isascii() and end.isascii():
                label = f"{name}:{row.id}" if labels else ""
                spans[row.get("source_id", "")].append((label, int(start), int(end)))
    return spans


def assess_package(package: Package, exclusions: list[dict], labels: bool = False,
                   keep: tuple[str, ...] = ("covered", "excluded", "uncovered")
                   ) -> tuple[dict[str, list[Assessment]], list[dict]]:
    """({source_id: assessments with a status in `keep`} for every readable source, exclusion rows
    naming no expression).

    Linear in the corpus: exclusions are grouped by source once, and a text shared by several
    sources is scanned once.
    """
    spans, scanned = spans_by_source(package, labels=labels), {}
    shared, own = [], defaultdict(list)
    for row in exclusions:
        (own[row["source_id"]] if row.get("source_id") else shared).append(row)
    shared_keys, used_shared, used_own, assessed = {exclusion_key(row) for row in shared}, set(), set(), {}
    for source_id, source in package.sources.items():
        if source.text is None:
            continue
        if source.text not in scanned:
            if len(scanned) > 16:   # texts shared by several sources are scanned once; distinct
                scanned.clear()     # texts are not all kept
            scanned[source.text] = numeric_expressions(source.text)
        expressions = scanned[source.text]
        keys = {expression_key(e) for e in expressions}
        used_shared |= shared_keys & keys
        used_own |= {(source_id, exclusion_key(row)) for row in own.get(source_id, []) if exclusion_key(row) in keys}
        assessed[source_id] = [item for item in assess(source.text, spans.get(source_id, []),
                                                       own.get(source_id, []) + shared, expressions, labels)
                               if item.status in keep]
    stale = [row for row in exclusions if (row.get("source_id") and (row["source_id"], exclusion_key(row)) not in used_own)
             or (not row.get("source_id") and exclusion_key(row) not in used_shared)]
    return assessed, stale


def collect_spans(root: Path = PACKAGE_ROOT) -> list[tuple[str, int, int]]:
    """(\"resource:row_id\", char_start, char_end) of every covering row of every source."""
    return [span for spans in spans_by_source(read_package(root)).values() for span in spans]


def exclusion_problems(text: str, exclusions: list[dict]) -> list[str]:
    """Exclusion rows that name no expression of the text, use an unknown reason code, or give no reason."""
    keys = {expression_key(expression) for expression in numeric_expressions(text)}
    return [problem for line, row in enumerate(exclusions, start=2)
            for problem in row_problems(line, row, exclusion_key(row) in keys)]


def row_problems(line: int, row: dict, names_an_expression: bool) -> list[str]:
    """What is wrong with one exclusion row (line counted with the header as 1)."""
    where, problems = f"line {line} ({row.get('expression')!r} at {row.get('char_start')})", []
    if not names_an_expression:
        problems.append(f"{where}: names no expression of the text (offsets or text stale)")
    if row.get("reason_code") not in REASON_CODES:
        problems.append(f"{where}: reason_code {row.get('reason_code')!r} not one of {sorted(REASON_CODES)}")
    if not (row.get("reason") or "").strip():
        problems.append(f"{where}: no reason given")
    return problems


def context_of(text: str, expression: Expression, width: int = 12) -> str:
    """The expression with up to `width` characters either side, newlines shown as ⏎."""
    snippet = text[max(0, expression.start - width):expression.end + width]
    return snippet.replace("\n", "⏎")


def propose(text: str, assessments: list[Assessment], source_id: str | None = None, header: bool = True) -> str:
    """CSV (header + one row per uncovered expression) for a curator to complete with a reason;
    with `source_id`, the rows carry it in a first `source_id` column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    lead = [] if source_id is None else [source_id]
    if header:
        writer.writerow(([] if source_id is None else ["source_id"]) + EXCLUSION_COLUMNS)
    for item in assessments:
        if item.status == "uncovered":
            e = item.expression
            writer.writerow(lead + [e.text, e.start, e.end, context_of(text, e), "", ""])
    return buffer.getvalue()


def totals(assessments: list[Assessment]) -> dict[str, int]:
    """Count of expressions per status."""
    counts = {"covered": 0, "excluded": 0, "uncovered": 0}
    for item in assessments:
        counts[item.status] += 1
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.coverage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uncovered", action="store_true", help="list only uncovered expressions")
    parser.add_argument("--propose", action="store_true", help="print exclusion CSV rows for uncovered ones")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any expression is uncovered")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    package = read_package(args.root)
    if not package.sources:
        print(f"no source text could be read from {args.root / 'resources' / 'sources.csv'}", file=sys.stderr)
        return 2
    exclusions = read_exclusions(args.root / EXCLUSIONS_PATH)
    assessed, stale = assess_package(package, exclusions, labels=True)
    several = len(assessed) > 1   # with several sources, every line and proposal names its source
    if args.propose:
        for number, (source_id, assessments) in enumerate(assessed.items()):
            sys.stdout.write(propose(package.text(source_id), assessments, source_id if several else None,
                                     header=number == 0))
        return 0
    for source_id, assessments in assessed.items():
        text = package.text(source_id)
        for item in assessments:
            if args.uncovered and item.status != "uncovered":
                continue
            e = item.expression
            print((f"{source_id}\t" if several else "")
                  + f"{e.start}-{e.end}\t{e.text}\t{item.status}\t{item.by}\t{context_of(text, e)}")
    everything = [item for assessments in assessed.values() for item in assessments]
    counts = totals(everything)
    print(f"{len(everything)} expressions" + (f" in {len(assessed)} sources" if several else "")
          + f": {counts['covered']} covered, {counts['excluded']} excluded, {counts['uncovered']} uncovered")
    stale_ids = {id(row) for row in stale}
    problems = [problem for line, row in enumerate(exclusions, start=2)
                for problem in row_problems(line, row, id(row) not in stale_ids)]
    for problem in problems:
        print(f"exclusions: {problem}", file=sys.stderr)
    if problems:
        return 1
    return 1 if args.strict and counts["uncovered"] else 0


if __name__ == "__main__":
    sys.exit(main())
