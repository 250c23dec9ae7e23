"""The `note-figures` check: every number in a note is accounted for.

A *figure* of a note is an Arabic number as the note writes it (`2024`, `1.78万`, `13.3%`,
`150,000`, `70 billion`, a date `2025-04-25`); numbers inside row ids, codes and `{…}`, and the
number of a standard (GB/T 2260), are not figures. Each figure must be one of:

1. *arithmetic the note shows:* a number of an equation `A op B … = R` (op one of + - * / × ÷; a
   percentage p% counts as p/100) that holds: the left side, recomputed, rounds to R at the
   decimals R is written with. It accounts for its result R where it writes it: the same number
   written elsewhere in the note needs an account of its own there, so a note's 52.17% changed to
   the 52.16% of its own 892/1710 = 52.16% is named; and the numbers it computes from (A, B) need
   one too, so 325 / 2.845 = 114.2 changed to 325 / 2.846 = 114.2, which still holds, is named
   (an equation that does not hold is named);
2. *tied to the rows the note cites:* the row itself, the rows its `formula` uses and rows whose id
   the note names. Their `value`, `lower_bound`, `upper_bound`, `year`, `batch`, the dates of
   `period_start`/`period_end` and their years, and the event date of their source where the note
   speaks of the event (conference, 发布会, event_date: "2025, the year of the conference"), with its
   year, and its day and month only where the note writes them as a date, 25 April or April 25, so
   a note's 1 changed to 4 does not pass as April, and a note's 2024 changed to 2025 does not pass
   as the conference's year. A percentage also ties as p/100 and as the growth factor 1
   + p/100. A figure with a scale word (万, 亿, thousand, million, billion) stands at that scale; one
   without may stand at any of them (in "60 and under 70 billion", 60 and 70 billion tie to
   600多亿元's bounds), but a year (`year`, a date's year) ties only as written: 2.024 is no 2024;
3. *words of the source:* it is inside a run of Chinese the note quotes that occurs in the
   paragraph (line) of the source holding the span of the row or of a row it cites, or anywhere in
   the source for a row without a span and citing none with one (是2023年的3倍), or its value occurs
   among the numbers of the source sentence (or run of sentences) that holds the span of the row or
   of a row it cites (Arabic with 万/亿, or Chinese numerals before a measure word: 第七期 gives 7,
   三倍 3, but 一带一路 no 1). A sentence, not the whole line: a paragraph holds many figures, and a
   note's number changed to another of them would pass.
   A quoted run with a figure (我省5个单位, 2020-2024年) that the source does not write at all, with
   its numbers whole (2.85倍 does not write 5倍), is named, whatever else the figure ties to;
   A figure the note writes after a word of "more" (over, more than, above, at least, exceeding)
   that ties to the cells only as an `upper_bound`, or after a word of "less" (under, less than,
   below, fewer than, up to, at most) only as a `lower_bound`, is named: "over 160,000" for
   15万余 (at least 150,000 and under 160,000) reads the bounds the wrong way round;
A figure written with a leading zero (0025) is no number a text or a note writes; it is named. A
figure the note gives as a rank or a change of rank (rank 1, ranked 3, 5 places) is the value of
the row, or of a row it cites, in unit rank or rank_places: "rank 5 among the five" does not pass
on the 五 of 西北五省区, nor "rising 3 places" on the 3倍 of the same sentence. Words a note says the row's
sentence opens with ("the sentence opens 2024年") are the words the full sentence holding the row opens with (a full
sentence ends at 。!? or a line break, so 截至2024年底,…;… is one): 2023年, written later in it, does not pass.

4. *declared:* listed for that row and column in curation/note_figures.csv exactly as written,
   with the reason it is the curators' own figure (a rounding interval, a precision), once for each
   time the note writes it: a declared 2 written again in place of another figure is named. A
   declaration whose figure no longer occurs in that cell is named too (it would hide a change).

A year range the note writes itself (2020-2023, not inside a quoted run) is the period of the row or of a row it
cites, each such period accounting for one writing; one whose first year is declared is the curators' own. A year
that only the source accounts for (rule 3: 2023 of 分别是2023年的3倍, no cell's) is written outside the note's quoted
runs no more often than the source sentences holding the spans write it, plus the note's runs from elsewhere in the
paragraph that write it: the row's "2024 count" changed to a second "2023 count" is named. A year the note gives as
the row's period ("Period 2024: …") is a year of the row's period_start to period_end, and a rank it gives in a year
("25th in 2023") is one an indicator of the package records (unit rank, its period in that year).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import compress

from dataset_tools.csvio import MAX_CSV_BYTES
from dataset_tools.model import Package, Row, Table, read_csv, resolve_inside
from dataset_tools.numerals import chinese_numeral_reader
from dataset_tools.sentences import SentenceIndex, full_sentence_start, sentences
from dataset_tools.validate.checks.common import as_int, as_number, require, show
from dataset_tools.validate.checks.derived import REFERENCE, evaluate, parse_formula
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "note-figures"
CODES = declare({
    "note-figures.declarations-unreadable": "curation/note_figures.csv cannot be read",
    "note-figures.bad-declaration": "a declaration row lacks resource, row_id, column, figure or reason",
    "note-figures.arithmetic-fails": "arithmetic a note shows does not hold",
    "note-figures.figure-unsupported": "a number in a note is neither in the source near the row, nor a cell of the "
                                       "rows it cites, nor declared",
    "note-figures.declared-not-in-note": "a declared figure is not in the note, or is declared more often than the "
                                         "note writes it",
    "note-figures.bound-reversed": "a note's figure after over/under ties to the row only as the opposite bound",
    "note-figures.quoted-run-not-in-source": "a note quotes a run of Chinese words with a figure that the source "
                                             "does not write",
    "note-figures.declaration-unused": "a declaration names an empty or missing cell",
    "note-figures.rank-not-a-rank": "a note's figure given as a rank or a change of rank (rank 1, ranked 3, 5 places) "
                                    "is no rank of the row or of a row it cites",
    "note-figures.rank-not-recorded": "a note's rank in a year (20th in 2024) is no rank an indicator of the package "
                                      "records for that year",
    "note-figures.period-not-the-rows": "a note gives the row's period (Period 2024: …) as a year outside the row's "
                                        "period_start to period_end",
    "note-figures.year-written-again": "a year that only the source accounts for is written by a note, outside its "
                                       "quoted runs, more often than the source sentences holding the row and the "
                                       "rows it cites write it (and the note's runs from elsewhere in the paragraph)",
    "note-figures.range-not-a-period": "a year range a note writes (2020-2023) is not the period of the row or of a "
                                       "row it cites, or is written more often than those rows have it",
    "note-figures.opening-not-written": "a note says the sentence holding the row opens with words it does not open "
                                        "with (the sentence opens 2024年)",
})
DECLARED = "curation/note_figures.csv"
REMEMBERED = 4096   # answers one Note keeps (per text and spans; per declarations, text, facts and spans)
Declared = frozenset[tuple[str, int]]   # a cell's declared figures, each with the number of its declarations
COLUMNS = ("note", "event_date_note")
SCALES = {"万": 1e4, "亿": 1e8, "thousand": 1e3, "million": 1e6, "billion": 1e9}
ANY_SCALE = (1, 1e3, 1e4, 1e6, 1e8, 1e9)
CN_DIGITS = "〇零一二两三四五六七八九十百千"

_MASK = re.compile(r"\{[^{}]*\}|\b[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*[-_][0-9][A-Za-z0-9]*\b"
                   r"|\b[a-z0-9]+(?:[-_][a-z0-9]+)*[-_][a-z][a-z0-9]*\b|GB(?:/T)?\s*[0-9.]+")
_FIGURE = re.compile(r"(?<![0-9.,])(?:(?P<date>\d{4}-\d{2}-\d{2})"
                     r"|(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"(?P<scale>%|万|亿|\s?thousand\b|\s?million\b|\s?billion\b)?)(?![0-9])")
_DIGIT = re.compile(r"[0-9]")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_AFTER = re.compile(rf"\s?(?:{_MONTHS})\b")            # 25 April
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s?\n?")        # April 25 (read where it ends: ends_of)
_MORE = re.compile(r"\b(?:over|more than|above|at least|exceeding)\s+", re.IGNORECASE)
_LESS = re.compile(r"\b(?:under|less than|below|fewer than|up to|at most)\s+", re.IGNORECASE)
_ROW_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
_EVENT = re.compile(r"conference|event_date|发布会", re.IGNORECASE)   # a note that speaks of the event
_LEADING_ZERO = re.compile(r"0[0-9]")
_RANK = re.compile(r"\b(?:rank(?:ed)?|placed)\s+", re.IGNORECASE)   # a figure the note gives as a rank
_PLACES = re.compile(r"\s+places?\b", re.IGNORECASE)                  # ... or as a change of rank
_OPENS = re.compile(r"\bsentence opens\s+(?:with\s+)?", re.IGNORECASE)   # the words it opens with follow
_OPERAND = r"\d+(?:\.\d+)?%?"
_CHAIN = rf"(?<!\d){_OPERAND}(?:\s*[-+*/×÷]\s*(?:\(\s*)?{_OPERAND}(?:\s*\))?)+"   # one way to read each space
_CHAINS = re.compile(_CHAIN)
_RESULT = re.compile(rf"\s*=\s*(?P<right>{_OPERAND})")
_EQUATION = re.compile(rf"(?P<left>{_CHAIN}){_RESULT.pattern}")
_RANGE = re.compile(r"(?<![0-9.,])((?:19|20)\d\d)[-–]((?:19|20)\d\d)(?![0-9])")   # 2020-2023, not 2048 - 2023
_YEAR = re.compile(r"(?:19|20)\d\d")   # a figure that may be a year
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th) in ((?:19|20)\d\d)\b")   # "20th in 2024": a rank in a year
_PERIOD = re.compile(r"\bPeriod ((?:19|20)\d\d)\b")   # the note gives the row's period: "Period 2024: …"
_QUOTED = re.compile(r"[0-9.%\u4e00-\u9fff《》“”、-]+")
MEASURE_WORDS = "个件家项批期位名次种类届条款部座所户人年倍成大"   # a Chinese numeral counts before one (5个, 第七期)
_SOURCE_NUMBER = re.compile(rf"(\d+(?:\.\d+)?)([万亿]?)"
                            rf"|(?<![{CN_DIGITS}])([{CN_DIGITS}]+)([万亿]?)(?=[{MEASURE_WORDS}])")


def masked(cell: str) -> str:
    """The note with ids, codes, {…} and standard numbers blanked out, at the same offsets."""
    return _MASK.sub(lambda match: " " * len(match.group()), cell)


def figures(cell: str) -> list[re.Match]:
    """The figures of a note (ids, codes, {…} and standard numbers masked out)."""
    return list(_FIGURE.finditer(masked(cell)))


def figure_values(match: re.Match) -> set[float]:
    """The values a figure may stand for: at its own scale word, or at any scale when it has none."""
    if match["date"]:
        return set()
    number = float(match["number"].replace(",", ""))
    scale = (match["scale"] or "").strip()
    if scale == "%":
        return {number}
    if scale in SCALES:
        return {number * SCALES[scale]}
    return {number * factor for factor in ANY_SCALE}


def as_written(match: re.Match) -> set[float]:
    """The figure's value as written, with its own 万/亿 (for comparison with numbers of the source)."""
    if match["date"]:
        return set()
    number = float(match["number"].replace(",", ""))
    return {number * SCALES.get((match["scale"] or "").strip(), 1)}


_SPLIT = re.compile(r"(?<=\.)\d+(?=\.\d)")   # the 2 of 1.2.5, where a chain read from it reads 2.5


def equation_matches(cell: str) -> Iterator[re.Match]:
    """The equations of a note, left to right, as a search of _EQUATION from each position finds them, in linear
    time: each longest chain of operations is read once and an equation is looked for only at its end (a chain
    read from inside it ends there too), where that search would read a long chain again from each number. The one
    exception, a number written with two points (1.2.5, read 2.5 from its 2), is read again from there."""
    splits = [match.start() for match in _SPLIT.finditer(cell)]
    at = 0
    while (chain := _CHAINS.search(cell, at)) is not None:
        result = _RESULT.match(cell, chain.end())
        if result is None:
            inside = bisect_right(splits, chain.start())
            at = splits[inside] if inside < len(splits) and splits[inside] < chain.end() else chain.end()
            continue
        match = _EQUATION.match(cell, chain.start())
        if match is not None:
            yield match
        at = result.end()


def equations(cell: str) -> list[tuple[re.Match, float, float, int]]:
    """(match, recomputed left side, right side as written, its decimals) of each equation the note shows.

    A percentage result (… = 52.19%) is compared in percent: the left side is multiplied by 100."""
    found = []
    for match in equation_matches(cell):
        expression = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)", match["left"]).replace("×", "*").replace("÷", "/")
        try:
            left = evaluate(parse_formula(expression)[0], {})   # the derived check's evaluator: no eval
        except (ValueError, ZeroDivisionError):
            continue
        right = match["right"]
        scale = 100 if right.endswith("%") else 1
        found.append((match, float(left) * scale, float(right.rstrip("%")), len(right.rstrip("%").partition(".")[2])))
    return found


def holds(left: float, right: float, decimals: int) -> bool:
    """The recomputed left side rounds to the right side at its written decimals."""
    return abs(left - right) <= 0.5 * 10 ** -decimals + 1e-9


@lru_cache(maxsize=4096)
def source_writings(text: str) -> tuple[tuple[float, float | None], ...]:
    """Each number a stretch of the source writes, in order, as (value as a key, the value at its 万/亿 as a key or
    None): Arabic and Chinese numerals (二〇二三 is 2023, 第七期 gives 7)."""
    read = chinese_numeral_reader()   # cn2an's converter alone: `import cn2an` costs more than this check
    found = []
    for match in _SOURCE_NUMBER.finditer(text):
        digits, scale = (match[1], match[2]) if match[1] else (match[3], match[4])
        try:
            value = float(digits) if match[1] else float(read(digits, "normal"))
        except (ValueError, KeyError, IndexError):
            continue
        found.append((key(value), key(value * SCALES[scale]) if scale else None))
    return tuple(found)


@lru_cache(maxsize=4096)
def source_numbers(text: str) -> frozenset[float]:
    """Every number a stretch of the source writes (as keys): Arabic (with 万/亿, and bare) and Chinese numerals."""
    return frozenset(number for pair in source_writings(text) for number in pair if number is not None)


@lru_cache(maxsize=4096)
def source_counts(text: str) -> Counter[float]:
    """How often a stretch of the source writes each number (as keys), each writing counted once at the value it is
    written with."""
    return Counter(value for value, _ in source_writings(text))


@lru_cache(maxsize=1 << 16)   # copies of a row repeat its note
def has_digit(cell: str) -> bool:
    return _DIGIT.search(cell) is not None


@lru_cache(maxsize=1 << 14)
def says_opening(cell: str) -> bool:
    """Whether a note says what the row's sentence opens with (read once per distinct note)."""
    return _OPENS.search(cell) is not None


def quoted_runs(cell: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of each run of Chinese words and digits the note quotes (是2023年的3倍)."""
    runs = []
    for run in _QUOTED.finditer(cell):
        words = run.group().strip(".")
        if re.search(r"[\u4e00-\u9fff]", words):
            runs.append((run.start(), run.end(), words))
    return runs


READ = ("value", "lower_bound", "upper_bound", "year", "batch", "unit", "period_start", "period_end", "source_id",
        "formula", "char_start", "char_end")   # the cells of a row this check reads (Table.reader)
NUMBERS = READ[:5]
OWN = tuple(column for column in READ if column != "source_id")   # with a note, its source's text and event date,
#                                                                 these decide what cell_problems finds (see below)


@lru_cache(maxsize=65536)
def tied_values(rows: tuple[tuple[tuple, str], ...]) -> tuple[frozenset[float], frozenset[str], frozenset[float],
                                                              dict[str, frozenset[float]], frozenset[float]]:
    """(quantities, dates, days and months, {bound: the quantities without that bound's cells}, years; numbers as
    keys) the note may use: cells of the row and of the rows it cites (rule 2), each row given as its cells in
    NUMBERS, unit, period_start, period_end (None where its table lacks the column) with the event date of its
    source. A day or month ties only where the note writes it as a date (25 April); a year (the `year` cell, a
    date's year) only as written, never at a scale (2.024 thousand is no year 2024). Read once per distinct set of
    cells: scaled copies and rows citing the same rows repeat."""
    dates: set[str] = set()
    parts: set[float] = set()
    for cells, event_date in rows:
        for date in (cells[6] or "", cells[7] or "", event_date):
            if date[:4].isdigit():
                dates.add(date)
                if date[5:7].isdigit() and date[8:10].isdigit():   # "25 April 2025": its day and month
                    parts |= {float(date[5:7]), float(date[8:10])}
    years = {float(year) for cells, event_date in rows for year in (
        cells[3] or "", *(date[:4] for date in (cells[6] or "", cells[7] or "", event_date))) if year.isdigit()}
    return (cell_numbers(rows), frozenset(dates), frozenset(keys(parts)),
            {bound: cell_numbers(rows, bound) for bound in ("lower_bound", "upper_bound")}, frozenset(keys(years)))


def cell_numbers(rows: tuple[tuple[tuple, str], ...], without: str = "") -> frozenset[float]:
    """The quantities (as keys) the cells of `rows` tie (see tied_values), but those of the column `without`: not
    years, which tie only as written (tied_values)."""
    numbers: set[float] = set()
    for cells, _ in rows:
        for column, cell in zip(NUMBERS, cells[:len(NUMBERS)], strict=True):
            number = as_number(cell) if column not in (without, "year") else None
            if number is not None:
                numbers.add(number)
                if column == "value" and cells[5] == "percent":
                    numbers |= {number / 100, 1 + number / 100}
    return frozenset(keys(numbers))


def rank_values(facts: tuple[tuple[tuple, str], ...]) -> frozenset[float]:
    """The values (as keys) of the rows among `facts` whose unit is a rank or a change of rank."""
    return frozenset(keys(number for cells, _ in facts if cells[5] in ("rank", "rank_places")
                          and (number := as_number(cells[0])) is not None))


@lru_cache(maxsize=65536)
def key(number: float) -> float:
    """A number rounded to 9 significant digits: equal keys mean equal within floating-point noise."""
    return float(f"{number:.9g}")


def keys(numbers: Iterable[float]) -> set[float]:
    return {key(number) for number in numbers}


def read_declared(package: Package) -> tuple[dict[tuple[str, str, str], Declared], list[Problem]]:
    """(resource, row id, column) -> declared figures with the number of declarations of each (one declaration
    covers one writing of its figure), and the malformed declarations."""
    path, why = resolve_inside(package.root, DECLARED)
    if path is None or not path.is_file():
        return {}, [problem("note-figures.declarations-unreadable", f"{DECLARED} cannot be read: {why or 'missing'}",
                            file=DECLARED)]
    declared: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    problems: list[Problem] = []
    header, rows = read_csv(path, MAX_CSV_BYTES)
    read = Table(DECLARED, DECLARED, path, header, rows).cells(("resource", "row_id", "column", "figure", "reason"))
    for number, (resource, row_id, column, figure, reason) in enumerate(read, start=2):
        if resource and row_id and column and figure and reason:   # None: a column the file lacks
            declared[(resource, row_id, column)][figure] += 1
        else:
            problems.append(problem("note-figures.bad-declaration", "a declaration names resource, row_id, column, "
                                    "figure and reason", file=DECLARED, row=number, row_id=row_id or None))
    return {where: frozenset(figures.items()) for where, figures in declared.items()}, problems


def span_cells(ends: tuple[str | None, ...]) -> tuple[int, int] | None:
    """(char_start, char_end) of a row's char_start, char_end cells when both are integers, else None."""
    start, end = as_int(ends[0]), as_int(ends[1])
    return None if start is None or end is None else (start, end)


@lru_cache(maxsize=65536)
def writes(text: str, run: str) -> bool:
    """Whether the text writes the run with its numbers whole: 5倍 is not written by 2.85倍, nor 5个 by 15个."""
    if run not in text:
        return False
    return re.search(rf"(?<![\d.]){re.escape(run)}" if run[0].isdigit() else re.escape(run), text) is not None


def paragraph(text: str, start: int, end: int) -> str:
    """The line(s) of the text holding text[start:end]."""
    stop = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1:len(text) if stop < 0 else stop]


def ends_of(pattern: re.Pattern, cell: str) -> set[int]:
    """Where the matches of a word-and-spaces pattern end: a figure starting there follows the word (over 160,000,
    rank 1). One pass over the note, not one search of its whole beginning per figure (quadratic in a long note)."""
    return {match.end() for match in pattern.finditer(cell)}


def holder(spans: list[tuple[int, int]], start: int, end: int) -> int | None:
    """The index of the span of `spans` (sorted, not overlapping) that holds start to end, or None: one binary
    search, so a note's figures are placed in its runs and equations in linear-logarithmic time."""
    index = bisect_right(spans, (start, float("inf"))) - 1
    return index if index >= 0 and spans[index][0] <= start and end <= spans[index][1] else None


class Note:
    """What a note's text gives alone, read once per distinct text (scaled copies and cited rows repeat notes):
    its figures as (written, date, values at any scale, value as written, start, end), where the results
    of the equations that hold start, the equations that do not, its quoted runs and the row ids it names."""

    def __init__(self, cell: str):
        self.figures = [(match.group().strip(), match["date"], keys(figure_values(match)), keys(as_written(match)),
                         match.start(), match.end()) for match in figures(cell)]
        found = equations(cell)
        shown = [match.span() for match, *_ in found]   # where the note shows arithmetic (2048-2023 = 25)
        results = [match.span("right") for match, left, right, decimals in found if holds(left, right, decimals)]
        self.results = {start for *_, start, end in self.figures   # the results of the equations that hold
                        if holder(results, start, end) is not None}
        self.failing = [equation for equation in found if not holds(*equation[1:])]
        self.runs = quoted_runs(cell)
        self.run_spans = [(start, end) for start, end, _ in self.runs]
        self.held = [holder(self.run_spans, start, end) for *_, start, end in self.figures]   # the run holding each
        self.ranges = [(match.start(), (match[1], match[2])) for match in _RANGE.finditer(masked(cell))
                       if holder(self.run_spans, match.start(), match.start() + 1) is None   # not in 2020-2024年
                       and holder(shown, match.start(), match.start() + 1) is None]          # nor arithmetic
        self.ids = set(_ROW_ID.findall(cell))
        months, more, less, rank = (ends_of(pattern, cell) for pattern in (_MONTH_BEFORE, _MORE, _LESS, _RANK))
        self.in_dates = {start for *_, start, end in self.figures if _MONTH_AFTER.match(cell, end) or start in months}
        self.written = {figure for figure, *_ in self.figures}
        self.times = Counter(figure for figure, *_ in self.figures)   # how often the note writes each figure
        self.names_event = bool(_EVENT.search(cell))
        self.ranks = {start for *_, start, end in self.figures   # "rank 1", "5 places"
                      if start in rank or _PLACES.match(cell, end)}
        self.sides = {start: "upper_bound" if start in more else "lower_bound"   # the bound it is not
                      for *_, start, _ in self.figures if start in more or start in less}   # after over/under
        opened = {match.end() for match in _OPENS.finditer(cell)}   # where words said to open a sentence begin
        self.openings = [words.strip("“”") for start, _, words in self.runs if start in opened]
        self.periods = _PERIOD.findall(cell)   # years the note gives as the row's period
        self.ordinals = _ORDINAL.findall(cell)   # (rank, year) of each "20th in 2024"
        self.near: dict[tuple[str, tuple[tuple[int, int], ...]], set[float]] = {}   # written_here's answers
        self.verdicts: dict[tuple, list[tuple[str, str, str | None]]] = {}   # unaccounted's answers

    def written_here(self, text: str, spans: tuple[tuple[int, int], ...], index: SentenceIndex) -> set[float]:
        """Rule 3: figures inside a run of words quoted
        from the paragraphs holding the spans (from the whole text when there are none), numbers of the source
        sentences holding the spans (`index`: the text's sentences). Worked out once per text and spans (copies of
        a source hold the note at the same offsets)."""
        if (text, spans) not in self.near:
            if len(self.near) >= REMEMBERED:   # a note kept across packages (read_note) keeps at most this many
                self.near.clear()
            self.near[(text, spans)] = self.read_here(text, spans, index)
        return self.near[(text, spans)]

    def unaccounted(self, declared: Declared, text: str, facts: tuple, ends: tuple, context: dict) -> list:
        """(figure, rule code, quoted run, bound or None) of each figure nothing accounts for (rules 1 to 4; a run:
        one the text does not write) or that ties only as the bound opposite its over/under word, given its
        declared figures, the source text, the facts of the row and of the rows it cites (as tied_values reads them)
        and their char_start, char_end cells. Judged once per distinct answer to all of
        these: the copies of a row, and rows repeating a note in the same place, share it."""
        verdict = self.verdicts.get(asked := (declared, text, facts, ends))
        if verdict is None:
            if len(self.verdicts) >= REMEMBERED:
                self.verdicts.clear()
            verdict = self.verdicts[asked] = self.judge(declared, text, facts, ends, context)
        return verdict

    def judge(self, declared: Declared, text: str, facts: tuple, ends: tuple, context: dict) -> list:
        """unaccounted, worked out. Each declaration makes one writing of its figure the curators' own, the first
        writings first: a declared 2 does not cover a second 2 the note writes in place of another figure."""
        left = dict(declared)   # declarations not yet used by a writing
        tied, dates, parts, besides, years = tied_values(facts)
        found: list[tuple[str, str, str | None]] = []
        written_here: set[float] | None = None
        from_source: list[tuple[int, str]] = []   # (index, figure) of each year only the source accounts for
        for index, (figure, date, values, written, start, _end) in enumerate(self.figures):
            own = left.get(figure, 0) > 0
            if own:
                left[figure] -= 1
            if not date and _LEADING_ZERO.match(figure) and not own:
                found.append((figure, "note-figures.figure-unsupported", None))
                continue
            held = self.held[index] if not date else None
            run = self.runs[held][2] if held is not None else None
            if run is not None and not own and not writes(text, run):
                found.append((figure, "note-figures.quoted-run-not-in-source", run))
                continue
            if start in self.ranks and not own and not values & rank_values(facts):
                found.append((figure, "note-figures.rank-not-a-rank", None))
                continue
            side = self.sides.get(start) if not own and not date else None
            if side is not None and values & tied and not values & besides[side]:
                found.append((figure, "note-figures.bound-reversed", side))
                continue
            if own or (date and date in dates) or (not date and (values & tied or written & years)):
                continue
            if not date and start in self.in_dates and values & parts:
                continue
            if not date and start in self.results:
                continue
            if not date:
                if written_here is None:   # computed only when a figure needs it
                    spans = tuple(span for span in map(span_cells, ends) if span)
                    written_here = self.written_here(text, spans, context["sentences"](text))
                if written & written_here:
                    if run is None and _YEAR.fullmatch(figure):
                        from_source.append((index, figure))
                    continue
            found.append((figure, "note-figures.figure-unsupported", None))
        return (found + self.years_written_again(from_source, text, ends, context) + self.other_periods(facts)
                + self.unmatched_ranges(facts, declared) + self.misread_openings(text, ends))

    def other_periods(self, facts: tuple) -> list[tuple[str, str, str | None]]:
        """(year, rule code, None) for each year the note gives as the row's period ("Period 2024: the figure is
        compared with 2023 …") that is not a year of the row's period: "Period 2023" on a row of 2024 is named,
        though the sentence writes 2023."""
        cells: tuple = facts[0][0]   # the row's own cells (READ[:8])
        if not self.periods or cells[6] is None:   # (a table without periods: its notes' "Period" is not read)
            return []
        first, last = as_int((cells[6] or "")[:4]), as_int((cells[7] or "")[:4])
        return [(year, "note-figures.period-not-the-rows", None) for year in self.periods
                if first is None or last is None or not first <= int(year) <= last]

    def years_written_again(self, from_source: list[tuple[int, str]], text: str, ends: tuple,
                            context: dict) -> list[tuple[str, str, str | None]]:
        """(year, rule code, None) for each year that only the source accounts for (no cell of the row or of a row
        it cites) and that the note writes, outside its quoted runs, more often than the source sentence(s)
        holding the spans (the whole text for a row without one) write it, plus the note's quoted runs from
        elsewhere in the paragraph that write it (《2024年中国专利调查报告》, rendered "the 2024 … Report").
        "the 2024 count as a multiple of the 2023 count" changed to "the 2023 count as …" is named, though 2023 is
        the sentence's (分别是2023年的3倍)."""
        if not from_source:
            return []
        spans = [span for span in map(span_cells, ends) if span]
        index = context["sentences"](text)
        stretches = [text[slice(*stretch)] for stretch in {index.around(*span) for span in spans}] or [text]
        lines = [paragraph(text, *span) for span in spans]
        times = Counter(figure for _, figure in from_source)
        runs: dict[str, set[int]] = defaultdict(set)   # year -> the note's runs that write it, in one pass
        for (written, *_), held in zip(self.figures, self.held, strict=True):
            if held is not None and written in times:
                runs[written].add(held)
        found: list[tuple[str, str, str | None]] = []
        for figure, count in times.items():
            elsewhere = sum(any(writes(line, self.runs[held][2]) for line in lines)   # of the paragraph, not the
                            and not any(writes(stretch, self.runs[held][2]) for stretch in stretches)   # sentence
                            for held in runs[figure])
            if count > elsewhere + sum(source_counts(stretch)[key(float(figure))] for stretch in stretches):
                found.append((figure, "note-figures.year-written-again", None))
        return found

    def unmatched_ranges(self, facts: tuple, declared: Declared) -> list[tuple[str, str, str | None]]:
        """(range, rule code, None) for each year range the note writes (2020-2023, not inside a quoted run of the
        source) that is not the period of the row or of a row it cites, each period accounting for one writing:
        "the 2020-2024 total less the 2024 count" cannot also call the row's own 2020-2023 "2020-2024". A range
        whose first year is declared is the curators' own (one possible reading of 近三年), one range for each
        declaration. A range inside arithmetic the note shows (2048-2023 = 25) is a subtraction."""
        if not self.ranges:
            return []
        periods = Counter((cells[6][:4], cells[7][:4]) for cells, _ in facts if cells[6] and cells[7])
        own = Counter(dict(declared))   # each declaration of a first year makes one range the curators' own
        found: list[tuple[str, str, str | None]] = []
        for _, (first, last) in self.ranges:
            if own[first] > 0:
                own[first] -= 1
                continue
            if periods[(first, last)] > 0:
                periods[(first, last)] -= 1
                continue
            found.append((f"{first}-{last}", "note-figures.range-not-a-period", None))
        return found

    def misread_openings(self, text: str, ends: tuple) -> list[tuple[str, str, str | None]]:
        """(words, rule code, words) for each run the note says the row's sentence opens with ("the sentence opens
        2024年") that the full sentence holding the row's span does not open with (for a row without a span: that
        no sentence holding a row it cites opens with). A full sentence ends at 。!? or a line break; notes read
        截至2024年底,…;…;… as one."""
        own = span_cells(ends[0]) if ends else None
        spans = [own] if own else [span for span in map(span_cells, ends[1:]) if span]
        if not self.openings or not spans or not text:
            return []
        openings = [full_sentence_start(text, start) for start, _ in spans]
        return [(words, "note-figures.opening-not-written", words) for words in self.openings
                if not any(text.startswith(words, opening) for opening in openings)]

    def read_here(self, text: str, spans: tuple[tuple[int, int], ...], index: SentenceIndex) -> set[float]:
        lines = [paragraph(text, start, end) for start, end in spans]
        runs = [(start, end) for start, end, words in self.runs
                if (any(writes(line, words) for line in lines) if lines else writes(text, words))]
        quoted = [written for _, _, _, written, start, end in self.figures if holder(runs, start, end) is not None]
        nearby = [source_numbers(text[slice(*index.around(*span))]) for span in spans] if text else []
        return set().union(*quoted, *nearby)


@lru_cache(maxsize=1 << 14)
def read_note(cell: str) -> Note:
    """The Note of a note's text, read once per distinct text for the last 16,384 texts: rows, scaled copies and
    packages validated one after another in a process (tests, scripts/mutation_study.py) repeat notes. A Note's
    remembered answers are keyed by everything else they depend on, so sharing it is sharing its answers."""
    return Note(cell)


WORDING: dict[str, Callable[[str, str | None], tuple[str, str]]] = {   # code -> (message, expected) of a figure
    "note-figures.quoted-run-not-in-source": lambda figure, run: (
        f"the note quotes {show(run)}, which the source does not write",
        "words of the source, as the source writes them"),
    "note-figures.rank-not-a-rank": lambda figure, _: (
        f"the note gives {show(figure)} as a rank, but it is the rank of neither the row nor a row the note cites",
        "the value of a row in unit rank or rank_places"),
    "note-figures.opening-not-written": lambda figure, words: (
        f"the note says the row's sentence opens {show(words)}, but it opens otherwise",
        "the words the sentence holding the row opens with"),
    "note-figures.period-not-the-rows": lambda figure, _: (
        f"the note gives the row's period as {show(figure)}, which is not a year of its period_start to period_end",
        "a year of the row's period"),
    "note-figures.year-written-again": lambda figure, _: (
        f"the note writes the year {show(figure)} more often than the source sentences holding the row and the rows "
        "it cites write it, and it is no cell of the row or of a row the note cites",
        "each writing of a year the source alone accounts for matched by a writing of those sentences, or by a "
        "quoted run from their paragraphs"),
    "note-figures.range-not-a-period": lambda figure, _: (
        f"the note writes the years {show(figure)}, but neither the row nor a row the note cites has that period to "
        "account for this writing",
        "the period of the row or of a cited row, one writing each"),
    "note-figures.bound-reversed": lambda figure, side: (
        f"the figure {show(figure)} follows a word of {'more' if side == 'upper_bound' else 'less'} but ties to "
        f"the row only as its {side}",
        f"a figure of the other bound or the value, or no {'over' if side == 'upper_bound' else 'under'} word"),
}


def cell_problems(table: Table, row: Row, column: str, cell: str, declared: Declared,
                  context: dict) -> list[Problem]:
    """The figures of one note cell that nothing accounts for (`declared`: its declared figures), and equations
    that do not hold."""
    note = read_note(cell)
    cells = context["read"][table.name](row)
    source = row.id if table.name == "sources" else cells[8] or ""   # a source's note: the source itself
    problems = [problem("note-figures.arithmetic-fails", f"the note's arithmetic {show(match.group())} does not "
                        f"hold: the left side is {left:.{decimals + 2}f}", file=table.file, row=row, column=column,
                        found=match.group(), expected=f"{left:.{decimals}f}")
                for match, left, right, decimals in note.failing] if note.failing else []
    cited = [context["read"]["indicators"](context["rows"][ref])
             for ref in sorted(note.ids.union(REFERENCE.findall(cells[9])) if cells[9] else note.ids)
             if ref in context["rows"]]
    event_dates = context["event_dates"] if note.names_event else {}   # the event's date, where the note speaks of it
    facts = ((cells[:8], event_dates.get(source, "")), *((other[:8], event_dates.get(other[8] or "", ""))
                                                         for other in cited))
    ends = (cells[10:], *(other[10:] for other in cited))
    for figure, code, detail in note.unaccounted(declared, context["texts"].get(source, ""), facts, ends, context):
        if code in WORDING:
            message, expected = WORDING[code](figure, detail)
            problems.append(problem(code, message, file=table.file, row=row, column=column, found=figure,
                                    expected=expected))
        else:
            declared_less = any(figure == name for name, _ in declared)   # declared for fewer writings than it has
            problems.append(problem("note-figures.figure-unsupported", f"the figure {show(figure)} is not in the "
                                    "source near the row, not a cell of a row the note cites, not shown arithmetic "
                                    + (f"and written more often than {DECLARED} declares it (one declaration covers "
                                       "one writing)" if declared_less else f"and not declared in {DECLARED}"),
                                    file=table.file, row=row, column=column, found=figure,
                                    expected="a figure of the text, of a cited row, or a declared one"))
    problems += [problem("note-figures.rank-not-recorded", f"the note gives rank {rank} in {year}, but no indicator "
                         f"of the package is of rank {rank} in {year}", file=table.file, row=row, column=column,
                         found=f"{rank} in {year}",
                         expected="a rank and year an indicator row records (unit rank, its period in that year)")
                 for rank, year in note.ordinals if (key(float(rank)), year) not in context["ranks"]]
    problems += [problem("note-figures.declared-not-in-note", f"{DECLARED} declares {show(figure)}, which the note "
                         "does not write" if not note.times[figure] else f"{DECLARED} declares {show(figure)} {times} "
                         f"times, but the note writes it {note.times[figure]} times (one declaration covers one "
                         "writing)", file=table.file, row=row, column=column, found=figure,
                         expected="a figure of the note, declared once for each time the note writes it")
                 for figure, times in sorted(declared) if times > note.times[figure]]
    return problems


def ranks_by_year(indicators: Table | None) -> frozenset[tuple[float, str]]:
    """(rank as a key, year) of each indicator row in unit rank whose period lies in one year: the ranks "20th in
    2024" may name."""
    if indicators is None:
        return frozenset()
    read = indicators.reader(("value", "unit", "period_start", "period_end"))
    return frozenset((key(number), (start or "")[:4]) for value, unit, start, end in map(read, indicators.rows)
                     if unit == "rank" and (number := as_number(value)) is not None and start and end
                     and start[:4] == end[:4])


@check(NAME)
def note_figures(package: Package) -> list[Problem]:
    """Every number in a note is shown arithmetic that holds (A / B = R), a cell of the row or of a row it cites
    (value, bound, year, batch, period; the event date where the note speaks of the event), a number of the source
    sentence that holds the row (inside a quoted run of Chinese, only that run as the source writes it), or
    declared with a reason in curation/note_figures.csv (one declaration for each writing); none is written with a
    leading zero; words the note says the row's sentence opens with are the words it opens with; a year range it
    writes is the period of the row or of a cited row, one writing each; a year only the source gives is written no
    more often than the source sentence writes it; "Period 2024" names a year of the row's period, and "25th in
    2023" a rank an indicator records."""
    declared, problems = read_declared(package)
    indicators = require(package, "indicators")
    sources = package.table("sources")
    indexes: dict[str, SentenceIndex] = {}   # source text -> its sentences, split once per distinct text

    def sentences_of(text: str) -> SentenceIndex:
        if text not in indexes:
            indexes[text] = SentenceIndex(sentences(text))
        return indexes[text]
    texts = {source: item.text or "" for source, item in package.sources.items()}
    event_dates = {row.id: row.get("event_date", "") for row in (sources.rows if sources else [])}
    context = {"texts": texts,
               "sentences": sentences_of,
               "read": {table.name: table.reader(READ) for table in package.tables.values()},
               "rows": dict(zip(indicators.column("id"), indicators.rows, strict=True)) if indicators else {},
               "event_dates": event_dates,
               "ranks": ranks_by_year(indicators)}
    seen, none = set(), Declared()
    listed: dict[tuple[str, str], set[str]] = defaultdict(set)   # (resource, column) -> the ids declarations name
    for resource, row_id, column in declared:
        listed[(resource, column)].add(row_id)
    places = {source: (texts.get(source, ""), event_dates.get(source, "")) for source in {*texts, *event_dates}}
    for table in package.tables.values():
        if table.columns.isdisjoint(COLUMNS):
            continue
        ids = table.column("id") if "id" in table.columns else [""] * len(table.rows)
        sources_of = table.column("source_id") if "source_id" in table.columns else [""] * len(table.rows)
        read = table.reader(OWN)
        for column in [column for column in COLUMNS if column in table.columns]:
            named = listed.get((table.name, column), set())
            cells = table.column(column)
            quiet: set[tuple] = set()   # (note, its source's text and event date, the row's cells in OWN, its
            #                             declared figures) of rows where nothing is unaccounted: a row with the
            #                             same ones is judged the same
            for row, row_id, cell, source in compress(zip(table.rows, ids, cells, sources_of, strict=True), cells):
                own = none
                if row_id in named:   # (cells not empty only)
                    seen.add(where := (table.name, row_id, column))
                    own = declared[where]
                elif not has_digit(cell) and not says_opening(cell):   # no figure, and no opening words
                    continue
                asked = (cell, places.get(source, ("", "")), read(row), own) if table.name != "sources" else None
                if asked in quiet:   # (a source's note is judged against the source itself: each its own)
                    continue
                found = cell_problems(table, row, column, cell, own, context)
                if found:
                    problems += found
                elif asked is not None:
                    quiet.add(asked)
    problems += [problem("note-figures.declaration-unused", f"{DECLARED} declares figures for a {column} that is "
                         "empty or does not exist", file=DECLARED, row_id=row_id, column=column)
                 for (resource, row_id, column) in declared if (resource, row_id, column) not in seen]
    return problems
