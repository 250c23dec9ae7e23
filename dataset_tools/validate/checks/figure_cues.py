"""The `figure-cues` check: a stated indicator's quote carries the words its figure and comparison rest on.

What `values` already proves: value_text occurs in the quote and its words give the value, unit,
qualifier (多, 余, 超, 破, 约, 近 ... inside value_text) and bounds, and a rank's word (第五, 首位,
最高). What this check adds, for stated rows with a value_text:

1. *The figure is identified:* value_text occurs exactly once in the quote, and no other row
   takes the same figure (the same characters of the same source) as its value_text: each figure
   once. A row pointed at another figure of its quote collides with that figure's own row.
2. *No qualifier is left out:* the source text right before value_text is not a qualifier prefix
   (超, 超过, 逾, 破, 突破, 约, 近, 不足, 不到, 不超过, 至少, 不少于) and right after it not a
   qualifier suffix (多, 余, 以上, 以下, 左右), so 超2000万元 cannot be recorded as an exact 2000万元.
3. *The comparison has its cue:* the figure's clause (from the last , ; 、 : or line break before
   value_text to its end) holds a cue word of the row's `comparison` (CUES below); a figure with
   no comparison holds none, unless `comparison` is listed in its `curated_cells` and the note
   gives the reading (累计 of a dated stock, 率先 a claim's first, not a rate).
4. *The comparison agrees with the unit,* for every row, derived ones too: a figure in unit rank,
   rank_places or times is exactly a rank, rank_change or multiple_of_previous_year, and a figure
   in percent is a share or a yoy_growth (a percentage is always of something: never empty), and
   a share or a yoy_growth is a figure in percent.
5. *The label is not cut off:* when the row's label_zh stands in the source within the clauses
   that hold the quote (from the last clause break or sentence end before the span to the first
   after it), the quote holds it whole: 专利转让次数首次破万 cannot be quoted as 让次数首次破万.
   A label the text does not write as one run of words (most are shortened or combined) is not read.
"""
from __future__ import annotations

import re

from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import as_int, require, show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "figure-cues"
CODES = declare({
    "figure-cues.qualifier-left-out": "value_text leaves out a qualifier word the text puts beside the figure",
    "figure-cues.unit-comparison": "the unit class and the comparison code do not go together",
    "figure-cues.comparison-without-cue": "the figure's clause has no cue word of its comparison code",
    "figure-cues.empty-with-cue": "a stated figure has no comparison, though its clause holds a cue word of one, and "
                                  "does not declare it",
    "figure-cues.figure-not-once": "value_text does not occur exactly once in its quote",
    "figure-cues.figure-taken-twice": "two rows take the same figure of the source",
    "figure-cues.label-cut-off": "the quote cuts off the row's label_zh, which the text writes in the quote's clauses",
})
PREFIXES = ("超过", "不超过", "不少于", "突破", "不足", "不到", "至少", "超", "逾", "破", "约", "近")
SUFFIXES = ("以上", "以下", "左右", "多", "余")
CUES = {
    "yoy_growth": ("同比",),
    "multiple_of_previous_year": ("年的", "上年", "去年"),
    "rank": ("第", "首位", "最高", "领跑", "位居", "位列", "排名", "居"),
    "rank_change": ("位次", "跃升", "上升", "提升", "下降"),
    "share": ("比例", "率", "进度", "占比"),
    "cumulative": ("累计", "已"),
}
UNIT_COMPARISON = {"rank": "rank", "rank_places": "rank_change", "times": "multiple_of_previous_year"}
UNIT_COMPARISONS = {"percent": ("share", "yoy_growth")}   # a unit whose figure is one of these comparisons
PERCENT_COMPARISONS = UNIT_COMPARISONS["percent"]          # ... and these comparisons are figures in percent only
_CLAUSE_BREAK = re.compile(r"[,，;；、:：\n]")
_LABEL_BREAK = re.compile(r"[,，;；、:：\n。!！?？]")


def clause_before(quote: str, index: int, value_text: str) -> str:
    """The clause of the figure at quote[index:]: from the last clause break before it to its end."""
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(quote, 0, index)]
    return quote[(breaks[-1] if breaks else 0):index + len(value_text)]


def qualifier_problem(table: Table, row: Row, text: str | None, position: int) -> Problem | None:
    """A qualifier word the source puts right before or after the figure but value_text leaves out."""
    if text is None:
        return None
    value_text = row["value_text"]
    end = position + len(value_text)
    before = next((word for word in PREFIXES if text.endswith(word, 0, position)), None)
    after = next((word for word in SUFFIXES if text.startswith(word, end)), None)
    word = before or after
    if word is None:
        return None
    wanted = word + value_text if before else value_text + word
    return problem("figure-cues.qualifier-left-out", f"the text writes {show(wanted)}: value_text leaves out "
                   f"the qualifier {word}", file=table.file, row=row, column="value_text", found=value_text,
                   expected=wanted)


def label_problem(table: Table, row: Row, text: str | None, start: int) -> Problem | None:
    """The text writes label_zh in the clauses holding the quote, but the quote does not hold it."""
    label, quote = row.get("label_zh", ""), row.get("quote", "")
    if text is None or not label or label in quote:
        return None
    end = start + len(quote)
    if label not in text[max(0, start - 200):end + 200]:   # most labels are not words of the text at all
        return None
    breaks = [match.end() for match in _LABEL_BREAK.finditer(text, max(0, start - 200), start)]
    after = _LABEL_BREAK.search(text, end, end + 200)
    if label not in text[(breaks[-1] if breaks else max(0, start - 200)):(after.start() if after else end + 200)]:
        return None
    return problem("figure-cues.label-cut-off", f"the text writes {show(label)} in the quote's clauses, but the quote "
                   "does not hold it", file=table.file, row=row, column="quote", found=quote,
                   expected=f"a quote holding {label}")


def unit_problem(table: Table, row: Row) -> Problem | None:
    """A rank, rank change or multiple is exactly a figure in rank, rank_places or times, and a percentage is
    exactly a share or a year-on-year growth (any status)."""
    comparison, unit = row.get("comparison", ""), row.get("unit", "")
    if unit in UNIT_COMPARISONS and comparison not in UNIT_COMPARISONS[unit]:
        return problem("figure-cues.unit-comparison", f"a figure in {unit} is {' or '.join(UNIT_COMPARISONS[unit])}",
                       file=table.file, row=row, column="comparison", found=comparison or "(empty)",
                       expected=" or ".join(UNIT_COMPARISONS[unit]))
    if comparison in PERCENT_COMPARISONS and unit != "percent":
        return problem("figure-cues.unit-comparison", f"a {comparison} is a figure in percent", file=table.file,
                       row=row, column="comparison", found=comparison,
                       expected=f"a comparison other than {comparison} (the unit is {unit})")
    implied = UNIT_COMPARISON.get(unit, "")
    if implied == comparison or (not implied and comparison not in UNIT_COMPARISON.values()):
        return None
    wanted = implied or f"a comparison other than {comparison} (the unit is {unit})"
    return problem("figure-cues.unit-comparison", f"a figure in {unit} is {implied or f'not a {comparison}'}",
                   file=table.file, row=row, column="comparison", found=comparison or "(empty)", expected=wanted)


def comparison_problem(table: Table, row: Row, clause: str) -> Problem | None:
    """The row's comparison has no cue word in the figure's clause; or it is empty, though the clause holds a cue
    word of a comparison, and not declared in curated_cells (率先 is a claim's first, not a rate)."""
    comparison = row.get("comparison", "")
    if not comparison and "comparison" not in row.get("curated_cells", "").split(";"):
        cued = next(((word, code) for code, words in CUES.items() for word in words if word in clause), None)
        return None if cued is None else problem(
            "figure-cues.empty-with-cue", f"the figure's clause {show(clause)} holds {cued[0]}, a cue of {cued[1]}",
            file=table.file, row=row, column="comparison", found="(empty)",
            expected=f"{cued[1]} (or list comparison in curated_cells with the note saying why it is empty)")
    if comparison in CUES and not any(cue in clause for cue in CUES[comparison]):
        return problem("figure-cues.comparison-without-cue", f"the figure's clause {show(clause)} has no cue of "
                       f"{comparison}", file=table.file, row=row, column="comparison", found=comparison,
                       expected=" or ".join(CUES[comparison]) + " in the clause, or another comparison")
    return None


@check(NAME)
def cues(package: Package) -> list[Problem]:
    """A stated indicator's value_text occurs once in its quote and is no other row's figure, takes in the
    qualifier word the text puts beside it (超, 约, 近, 多, 余 ...), and its comparison has a cue word in the
    figure's clause (同比, 累计, 比例, 第 ...); its quote holds the label_zh the text writes in the quote's
    clauses; on every row, the units rank, rank_places and times go with exactly the comparisons rank,
    rank_change and multiple_of_previous_year, and a percent exactly a share or a yoy_growth."""
    table = require(package, "indicators")
    if table is None:
        return []
    problems: list[Problem] = []
    taken: dict[tuple[str, int], str] = {}   # (source, offset of the figure) -> id of the row that takes it
    quiet: set[tuple] = set()   # (text, offset, value_text, quote, comparison) with no qualifier left out and a cue
    fitting: set[tuple] = set()   # (unit, comparison) cells that unit_problem finds fitting (rows repeat them)
    for row, (value_text, quote, start_text, status, *units) in zip(table.rows, table.cells(
            ("value_text", "quote", "char_start", "status", "unit", "comparison")), strict=True):
        value_text, quote, start = value_text or "", quote or "", as_int(start_text)
        unit_issue = unit_problem(table, row) if tuple(units) not in fitting else None
        if unit_issue is not None:
            problems.append(unit_issue)
        else:
            fitting.add(tuple(units))
        if status != "stated" or not value_text or value_text not in quote:
            continue  # not stated, or derived, or value_text outside the quote (the values check)
        index = quote.find(value_text)
        if quote.count(value_text) > 1:
            problems.append(problem("figure-cues.figure-not-once", f"{show(value_text)} occurs "
                                    f"{quote.count(value_text)} times in the quote: which figure is meant",
                                    file=table.file, row=row, column="value_text", found=value_text,
                                    expected="a quote in which the figure occurs once"))
        if start is not None:
            figure = (row.get("source_id", ""), start + index)
            if figure in taken:
                problems.append(problem("figure-cues.figure-taken-twice", f"{show(value_text)} at offset {figure[1]} "
                                        f"is already the figure of {taken[figure]}", file=table.file, row=row,
                                        column="value_text", found=value_text,
                                        expected="a figure of the quote that no other row takes"))
            taken.setdefault(figure, row.id)
        text = package.text(row.get("source_id", ""))
        key = (text, start, index, value_text, quote, row.get("comparison", ""), row.get("label_zh", ""),
               row.get("curated_cells", ""))
        if key in quiet:
            continue   # scaled copies repeat a figure at the same offset of the same text
        left_out = None if start is None else qualifier_problem(table, row, text, start + index)
        if left_out is not None:
            problems.append(left_out)
        cut = None if start is None else label_problem(table, row, text, start)
        if cut is not None:
            problems.append(cut)
        no_cue = comparison_problem(table, row, clause_before(quote, index, value_text))
        if no_cue is not None and unit_issue is None:
            problems.append(no_cue)
        if left_out is None and cut is None and no_cue is None:
            quiet.add(key)
    return problems
