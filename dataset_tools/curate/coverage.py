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
from dataclasses import dataclass
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import read_rows

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
    by: str              # "resource:row_id" when covered, the reason code when excluded, "" otherwise


def numeric_expressions(text: str) -> list[Expression]:
    """Every candidate numeric expression of `text`, left to right, skipping LEXICAL_WORDS."""
    lexical = [(m.start(), m.end()) for word in LEXICAL_WORDS for m in re.finditer(re.escape(word), text)]
    found = []
    for match in EXPRESSION.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in lexical):
            continue
        found.append(Expression(match.start(), match.end(), match.group()))
    return found


def read_exclusions(path: str | Path) -> list[dict]:
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


def assess(text: str, spans: list[tuple[str, int, int]], exclusions: list[dict]) -> list[Assessment]:
    """Status of every expression: covered (narrowest enclosing span wins), excluded, or uncovered."""
    results = []
    for expression in numeric_expressions(text):
        enclosing = [(end - start, label) for label, start, end in spans
                     if start <= expression.start and expression.end <= end]
        if enclosing:
            results.append(Assessment(expression, "covered", min(enclosing)[1]))
            continue
        reason = next((row.get("reason_code", "") for row in exclusions if _matches(row, expression)), None)
        if reason is not None:
            results.append(Assessment(expression, "excluded", reason))
        else:
            results.append(Assessment(expression, "uncovered", ""))
    return results


def collect_spans(root: Path = PACKAGE_ROOT) -> list[tuple[str, int, int]]:
    """(\"resource:row_id\", char_start, char_end) of every row with a span in resources/*.csv,
    except the resources that do not cover (segments tile the text; sources has no spans)."""
    spans = []
    for path in sorted((Path(root) / "resources").glob("*.csv")):
        if path.stem in NON_COVERING_RESOURCES:
            continue
        header, rows = read_rows(path)
        if "char_start" not in header or "char_end" not in header:
            continue
        for row in rows:
            start, end = row.get("char_start", ""), row.get("char_end", "")
            if start.isdigit() and end.isdigit():
                spans.append((f"{path.stem}:{row.get('id', '')}", int(start), int(end)))
    return spans


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXCLUSION_COLUMNS)
    for item in assessments:
        if item.status == "uncovered":
            e = item.expression
            writer.writerow([e.text, e.start, e.end, context_of(text, e), "", ""])
    return buffer.getvalue()


def totals(assessments: list[Assessment]) -> dict[str, int]:
    """Count of expressions per status."""
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
    assessments = assess(text, collect_spans(args.root), exclusions)
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
