"""Completeness is measured: every numeric expression of the source is carried, excluded or listed.

An *expression* is a candidate figure found by pattern (generous on purpose): Arabic numbers with
decimals, multipliers, 多/余, prefixes such as 超/破/近/约/第 and a unit (1.78万件, 600多亿元,
超2000万元, 第20位, 5个位次, 100%); dates (4月25日, 2024年底, 2020-2024年); Chinese numerals with
what they attach to (第五, 四大, 两个, 二十大, 第三批, 一是, 近三年, 首次破万); enumerators in
brackets ((一)); and claim words (首位, 首批, 首个, 首次, 最高, 领跑, 率先). A few fixed words
in which a numeral character carries no number (进一步, 一下, 一些 …: `LEXICAL_WORDS`) are skipped.

An expression is *covered* when a row of a resource (segments and sources do not count: segments
tile the whole text) both holds it inside its span (`char_start` <= start, end <= `char_end`)
and *carries* it in a typed column (`carrier`):

* **as text**: the expression occurs in one of the row's carrying cells. Every column carries
  except identifiers and keys (`id`, `*_id`, `*_ids`), English renderings (`*_en`) and the
  provenance and annotation columns (`NON_CARRYING_COLUMNS`: `source_id`, `char_start`,
  `char_end`, `quote`, `quote_prefix`, `status`, `note`, `formula`, `reference`), and the labels
  of statements (`label_zh` of actions and claims, `PARAPHRASE_COLUMNS`), which restate their
  quote: a figure an action's label repeats is carried by the indicator that records it. So
  `value_text`, `label_zh`, `name_zh`, `name_as_written`, `title_zh`, `program_zh`, `aliases`
  and cue columns carry; a note never does. A claim's cue (`cue_zh`, `FIGURE_BLIND_COLUMNS`) does
  not carry a word the values reader reads as a figure (首位, 最高, 领跑, 第五: a rank): a rank
  is a figure, carried by the indicator that records it, so deleting that indicator leaves the
  word uncovered although the claim still uses it as its cue.
* **as a value read from it**: a year (2024年) equals a `year` cell or the year of a date cell
  (`YYYY-MM-DD`); 2024年底/年末 equals a date cell YYYY-12-31 and 2024年初 one in January; a
  range (2020-2024年) needs both years; a day (4月25日) equals the month and day of a date cell;
  a batch (第三批, 首批) equals a `batch` cell.

*Excluded* means a row of `curation/coverage_exclusions.csv` names it exactly (same start, end and
text) with a reason; *uncovered* means neither.

    python -m dataset_tools.curate.coverage               # every expression, its status and what covers it
    python -m dataset_tools.curate.coverage --uncovered   # only the uncovered ones
    python -m dataset_tools.curate.coverage --propose     # CSV rows for the exclusions file (reason to fill)
"""
from __future__ import annotations

import argparse
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import format_rows, read_rows
from dataset_tools.numerals import parse_value_text
from dataset_tools.readers import batch_of

if TYPE_CHECKING:
    from dataset_tools.curate.sentences import Assessment as SentenceAssessment
    from dataset_tools.model import RowLike

EXCLUSIONS_PATH = Path("curation") / "coverage_exclusions.csv"
EXCLUSION_COLUMNS = ["expression", "char_start", "char_end", "context", "reason_code", "reason"]
REASON_CODES = {
    "enumerator": "list numbering (一是, (一), 一、), not a quantity",
    "date_carried": "a date already carried as a period or event_date of the rows it dates",
    "name": "part of a proper name or title (二十大, 十大著作权人, 二级巡视员, 民三庭)",
    "title_part": "part of a document title",
    "slogan": "part of a slogan or catch-phrase (一站式, 一窗通办)",
    "not_data": "a numeral word that states no figure (一批 'a number of', 一项 'a')",
}
NON_COVERING_RESOURCES = {"segments", "sources"}
NON_CARRYING_COLUMNS = frozenset({"source_id", "char_start", "char_end", "quote", "quote_prefix", "status",
                                  "note", "formula", "reference"})
# A statement's label restates its quote, figures and all: a figure it repeats is carried by the row that
# records that figure, so deleting that row leaves the figure uncovered.
PARAPHRASE_COLUMNS = {"actions": frozenset({"label_zh"}), "claims": frozenset({"label_zh"})}
FIGURE_BLIND_COLUMNS = frozenset({"cue_zh"})   # a claim's cue word carries no figure (a rank word)
LEXICAL_WORDS = ("进一步", "下一步", "一下", "一些", "一提", "一起", "一直", "一致", "一定", "一般",
                 "一样", "一切", "一旦", "一律", "统一", "唯一", "同一", "逐一", "十分", "千方百计")

_CN = "〇零一二两三四五六七八九十百千万亿"
_MEASURE = "件家次个项起份元倍位名批期年届大是中级种类条所座台户"
_PREFIX = "超过|超|逾|突破|破|近|约|不足|不到|第"
EXPRESSION = re.compile("|".join([
    r"\d{1,2}月\d{1,2}日",                                        # 4月25日
    r"\d{4}(?:-\d{4})?年(?:底|末|初)?",                            # 2024年底, 2020-2024年
    rf"\([{_CN}]+\)",                                              # (一)
    rf"(?:{_PREFIX})?\d+(?:\.\d+)?[多余]?[十百千万亿]*[多余]?"       # 600多亿元, 第20位
    rf"(?:个位次|位次|%|％|[{_MEASURE}])?",
    rf"(?:首次)?(?:{_PREFIX})?[{_CN}]+[多余]?(?:个位次|位次|[{_MEASURE}]|、)?",  # 首次破万, 第五
    r"首[位批个次家届]|最高|领跑|率先",                             # first / top words
]))


@dataclass(frozen=True)
class Expression:
    start: int
    end: int
    text: str            # span in code points: text[start:end]


@dataclass(frozen=True)
class Assessment:
    expression: Expression
    status: str          # covered | excluded | uncovered
    by: str              # "resource:row_id (column)" when covered, the reason code when excluded;
    #                      for an uncovered one, the row whose span holds it without carrying it, if any


def numeric_expressions(text: str) -> list[Expression]:
    """Every candidate numeric expression of `text`, left to right, skipping LEXICAL_WORDS.

    Linear in the text: the lexical words' spans are sorted by start with a running maximum of
    their ends, so whether a match overlaps one is a binary search, not a scan of them all.
    """
    lexical = sorted((m.start(), m.end()) for word in LEXICAL_WORDS for m in re.finditer(re.escape(word), text))
    starts, reach, furthest = [start for start, _ in lexical], [], -1
    for _, end in lexical:
        furthest = max(furthest, end)
        reach.append(furthest)
    found = []
    for match in EXPRESSION.finditer(text):
        before = bisect_left(starts, match.end()) - 1   # the last lexical span starting before the match ends
        if before >= 0 and reach[before] > match.start():
            continue
        found.append(Expression(match.start(), match.end(), match.group()))
    return found


def read_exclusions(path: Path) -> list[dict]:
    """Rows of the exclusions CSV (all cells strings); an absent file means no exclusions."""
    path = Path(path)
    if not path.exists():
        return []
    header, rows = read_rows(path)
    missing = [name for name in EXCLUSION_COLUMNS if name not in header]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return rows


def _matches(exclusion: dict, expression: Expression) -> bool:
    """True when an exclusion row names exactly this expression (start, end and text)."""
    return (str(exclusion.get("char_start")) == str(expression.start)
            and str(exclusion.get("char_end")) == str(expression.end)
            and exclusion.get("expression") == expression.text)


def carrying_columns(header: list[str], resource: str = "") -> list[str]:
    """The columns of a resource that can carry an expression: all but ids and keys (`id`, `*_id`,
    `*_ids`), English renderings (`*_en`), NON_CARRYING_COLUMNS (provenance and notes) and the
    resource's PARAPHRASE_COLUMNS (a statement's label restates its quote)."""
    return [column for column in header
            if column != "id" and column not in NON_CARRYING_COLUMNS
            and column not in PARAPHRASE_COLUMNS.get(resource, ())
            and not column.endswith(("_id", "_ids", "_en"))]


class CoveringRow(NamedTuple):   # a tuple: one is made per row with a span, and a large package has many
    label: str                            # "resource:row_id"
    start: int
    end: int
    cells: tuple[tuple[str, str], ...]    # (column, cell) of its carrying columns, non-empty cells only


def covering_row(resource: str, row: RowLike, columns: list[str]) -> CoveringRow | None:
    """The row as a CoveringRow (`columns` from carrying_columns), or None when it has no span."""
    return covering_cells(resource, row.get("id", ""), row.get("char_start"), row.get("char_end"),
                          zip(columns, (row.get(column) for column in columns), strict=True))


def covering_cells(resource: str, row_id: str, char_start: str | None, char_end: str | None,
                   cells: Iterable[tuple[str, str | None]]) -> CoveringRow | None:
    """covering_row from the cells already read: the id, the offsets and (column, cell) of the carrying columns."""
    span = row_span(char_start, char_end)
    if span is None:
        return None
    kept = tuple((column, cell) for column, cell in cells if cell)
    return CoveringRow(f"{resource}:{row_id}", span[0], span[1], kept)


def row_span(char_start: str | None, char_end: str | None) -> tuple[int, int] | None:
    """(start, end) of a row whose offsets are both written in digits, else None (the row covers nothing)."""
    start, end = str(char_start or ""), str(char_end or "")
    return (int(start), int(end)) if start.isdigit() and end.isdigit() else None


def holds_any(expressions: list[Expression], starts: list[int], span: tuple[int, int]) -> bool:
    """Whether the span holds an expression (`starts`: theirs; sorted, not overlapping, as numeric_expressions
    gives them, so the first one starting inside decides). A row that holds none plays no part in `cover`."""
    index = bisect_left(starts, span[0])
    return index < len(expressions) and expressions[index].start < span[1] and expressions[index].end <= span[1]


_YEAR = re.compile(r"(\d{4})(?:-(\d{4}))?年(底|末|初)?")
_DAY = re.compile(r"(\d{1,2})月(\d{1,2})日")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=4096)
def is_figure(text: str) -> bool:
    """Whether the values reader reads the expression as a figure (首位 -> rank 1; 首个, 率先 are no figures)."""
    try:
        parse_value_text(text)
    except ValueError:
        return False
    return True


def carrier(text: str, cells: tuple[tuple[str, str], ...]) -> str | None:
    """The column whose cell carries the expression `text` (see the module docstring), or None."""
    for column, cell in cells:
        if text in cell and not (column in FIGURE_BLIND_COLUMNS and is_figure(text)):
            return column
    dates = [(column, cell) for column, cell in cells if _DATE.fullmatch(cell)]
    years = [(column, cell) for column, cell in cells
             if (column == "year" or column.endswith("_year")) and cell.isdigit()]
    year = _YEAR.fullmatch(text)
    if year:
        first, last, part = year.groups()
        if last:
            found = ([c for c, cell in dates if cell[:4] in (first, last)]
                     + [c for c, cell in years if cell in (first, last)])
            held = {cell[:4] for _, cell in dates} | {cell for _, cell in years}
            return found[0] if {first, last} <= held else None
        if part in ("底", "末"):
            return next((c for c, cell in dates if cell == f"{first}-12-31"), None)
        if part == "初":
            return next((c for c, cell in dates if cell.startswith(f"{first}-01-")), None)
        return next((c for c, cell in dates if cell[:4] == first), None) or \
            next((c for c, cell in years if cell == first), None)
    day = _DAY.fullmatch(text)
    if day:
        month_day = f"-{int(day.group(1)):02d}-{int(day.group(2)):02d}"
        return next((c for c, cell in dates if cell.endswith(month_day)), None)
    batch = batch_of(text)
    if batch is not None:
        return next((c for c, cell in cells if c == "batch" and cell == str(batch)), None)
    return None


@dataclass(frozen=True)
class Cover:
    by: str          # "resource:row_id (column)" of the narrowest row carrying it; "" when none
    inside: str      # "resource:row_id" of the narrowest row whose span holds it; "" when none


def cover(expressions: list[Expression], rows: list[CoveringRow]) -> dict[Expression, Cover]:
    """For every expression (sorted by start, not overlapping, as numeric_expressions gives them):
    the narrowest row that holds and carries it, and the narrowest row that holds it at all.
    Each row looks only at the expressions inside its span (binary search), so the cost grows
    with rows times expressions per span, not rows times expressions."""
    starts = [expression.start for expression in expressions]
    best: dict[int, tuple[int, str]] = {}     # by the expression's position in `expressions`
    holder: dict[int, tuple[int, str]] = {}
    for row in rows:
        width = row.end - row.start
        index = bisect_left(starts, row.start)
        while index < len(expressions) and expressions[index].start < row.end:
            expression, at = expressions[index], index
            index += 1
            if expression.end > row.end:
                continue
            if at not in holder or width < holder[at][0]:
                holder[at] = (width, row.label)
            if at in best and best[at][0] <= width:
                continue
            column = carrier(expression.text, row.cells)
            if column is not None:
                best[at] = (width, f"{row.label} ({column})")
    return {expression: Cover(best.get(at, (0, ""))[1], holder.get(at, (0, ""))[1])
            for at, expression in enumerate(expressions)}


def assess(text: str, rows: list[CoveringRow], exclusions: list[dict]) -> list[Assessment]:
    """Status of every expression: covered (by the narrowest row that holds and carries it),
    excluded, or uncovered."""
    expressions = numeric_expressions(text)
    covers = cover(expressions, rows)
    results = []
    for expression in expressions:
        if covers[expression].by:
            results.append(Assessment(expression, "covered", covers[expression].by))
            continue
        reason = next((row.get("reason_code", "") for row in exclusions if _matches(row, expression)), None)
        if reason is not None:
            results.append(Assessment(expression, "excluded", reason))
        else:
            results.append(Assessment(expression, "uncovered", covers[expression].inside and
                                      f"inside {covers[expression].inside}, carried by no typed column"))
    return results


def collect_rows(root: Path = PACKAGE_ROOT) -> list[CoveringRow]:
    """Every row with a span in resources/*.csv as a CoveringRow, except the resources that do not
    cover (segments tile the text; sources has no spans)."""
    rows = []
    for path in sorted((Path(root) / "resources").glob("*.csv")):
        if path.stem in NON_COVERING_RESOURCES:
            continue
        header, records = read_rows(path)
        if "char_start" not in header or "char_end" not in header:
            continue
        columns = carrying_columns(header, path.stem)
        rows += [item for item in (covering_row(path.stem, record, columns) for record in records) if item]
    return rows


def exclusion_problems(text: str, exclusions: list[dict]) -> list[str]:
    """Exclusion rows that name no current expression, use an unknown reason code, or give no reason."""
    expressions = numeric_expressions(text)
    problems = []
    for line, row in enumerate(exclusions, start=2):
        where = f"line {line} ({row.get('expression')!r} at {row.get('char_start')})"
        if not any(_matches(row, expression) for expression in expressions):
            problems.append(f"{where}: names no expression of the text (offsets or text stale)")
        if row.get("reason_code") not in REASON_CODES:
            problems.append(f"{where}: reason_code {row.get('reason_code')!r} not one of {sorted(REASON_CODES)}")
        if not row.get("reason", "").strip():
            problems.append(f"{where}: no reason given")
    return problems


def context_of(text: str, expression: Expression, width: int = 12) -> str:
    """The expression with up to `width` characters either side, newlines shown as ⏎."""
    snippet = text[max(0, expression.start - width):expression.end + width]
    return snippet.replace("\n", "⏎")


def propose(text: str, assessments: list[Assessment]) -> str:
    """CSV (header + one row per uncovered expression) for a curator to complete with a reason."""
    return format_rows(EXCLUSION_COLUMNS, [
        {"expression": item.expression.text, "char_start": str(item.expression.start),
         "char_end": str(item.expression.end), "context": context_of(text, item.expression)}
        for item in assessments if item.status == "uncovered"])


def totals(assessments: Iterable[Assessment | SentenceAssessment]) -> dict[str, int]:
    """Count of assessed places (expressions here, sentences in curate.sentences) per status."""
    counts = {"covered": 0, "excluded": 0, "uncovered": 0}
    for item in assessments:
        counts[item.status] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.coverage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uncovered", action="store_true", help="list only uncovered expressions")
    parser.add_argument("--propose", action="store_true", help="print exclusion CSV rows for uncovered ones")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any expression is uncovered")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    sources = sorted((args.root / "sources").glob("*.txt"))
    if len(sources) != 1:
        print(f"expected one .txt file in {args.root / 'sources'}, found {len(sources)}", file=sys.stderr)
        return 2
    text = sources[0].read_text(encoding="utf-8")
    exclusions = read_exclusions(args.root / EXCLUSIONS_PATH)
    assessments = assess(text, collect_rows(args.root), exclusions)
    if args.propose:
        sys.stdout.write(propose(text, assessments))
        return 0
    for item in assessments:
        if args.uncovered and item.status != "uncovered":
            continue
        e = item.expression
        print(f"{e.start}-{e.end}\t{e.text}\t{item.status}\t{item.by}\t{context_of(text, e)}")
    counts = totals(assessments)
    print(f"{len(assessments)} expressions: {counts['covered']} covered, "
          f"{counts['excluded']} excluded, {counts['uncovered']} uncovered")
    problems = exclusion_problems(text, exclusions)
    for problem in problems:
        print(f"exclusions: {problem}", file=sys.stderr)
    if problems:
        return 1
    return 1 if args.strict and counts["uncovered"] else 0


if __name__ == "__main__":
    sys.exit(main())
