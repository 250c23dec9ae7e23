"""Documented readers: what a quote (and, for time, its sentence) says about a row's typed cells.

Each reader takes words of the source and returns what they state, or None when they state
nothing. The checks compare the result with the row's cells; docs/validation.md quotes the rules.

Time (`read_period`):

1. The *time cue* is the last cue inside the quote; when the quote has none, the last cue of the
   same sentence before the quote (a sentence opening 截至2024年底 governs its clauses; a sentence
   ends at 。!? or a line break, not at ; or ,). Years inside 《…》 (titles), years followed by 的
   (a comparison base: 是2023年的3倍) and deadlines (2023年底前) are not cues.
2. The cue gives the period:
   - `YYYY-YYYY年` (a range): 1 January of the first year to 31 December of the last;
   - `截至YYYY年底` or `截至YYYY年` (as of): a stock at 31 December of that year, unless the quote
     words a flow (新增, 新建, or a count of events in 次), then that calendar year;
   - `YYYY年` or `仅YYYY年`: that calendar year (a flow);
   - `今年`: the calendar year of the event (the source's event date);
   - `近N年` (the last N years): no period, because the text gives no dates.
3. No cue: no period.

Batches (`read_batch`): 首批 is 1, 第N批 is N (Chinese or Arabic numerals); otherwise none.
Years (`read_year`): the one year written YYYY年 in the quote (a title's own year included);
otherwise none.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from dataset_tools.numerals import CN_DIGITS, whole_number

SENTENCE_END = "。!?！？\n"
FLOW_WORDS = ("新增", "新建", "次")

_CUE = re.compile(
    r"(?P<range>(?P<first>\d{4})\s*[-—–~至]\s*(?P<last>\d{4})年)"
    r"|(?P<asof>截至(?P<asof_year>\d{4})年底?)"
    r"|(?P<year>(?P<year_value>\d{4})年)(?!底前|的)"
    r"|(?P<recent>近[一二两三四五六七八九十0-9]+年)"
    r"|(?P<this>今年)")
_TITLE = re.compile(r"《[^《》]*》")
_BATCH = re.compile(rf"首批|第([0-9{CN_DIGITS}]+)批")
_YEAR = re.compile(r"(\d{4})年")


class Period(NamedTuple):
    """What the time cue says: (start, end) as ISO dates, both None for 'no period'; and the cue."""

    start: str | None
    end: str | None
    cue: str | None


NO_PERIOD = Period(None, None, None)


def _blank_titles(text: str) -> str:
    """The text with every 《title》 replaced by spaces (same length, so offsets still hold)."""
    return _TITLE.sub(lambda match: " " * len(match.group()), text)


def _last_cue(text: str) -> re.Match | None:
    matches = list(_CUE.finditer(_blank_titles(text)))
    return matches[-1] if matches else None


def sentence_start(text: str, position: int) -> int:
    """Offset where the sentence holding `position` begins (after the last 。!? or line break)."""
    return max(text.rfind(mark, 0, position) for mark in SENTENCE_END) + 1


def read_period(text: str, start: int, end: int, event_year: int | None = None) -> Period:
    """The period the words at text[start:end] state, under the rule in this module's docstring."""
    quote = text[start:end]
    cue = _last_cue(quote) or _last_cue(text[sentence_start(text, start):start])
    if cue is None:
        return NO_PERIOD
    words = cue.group()
    if cue.group("range"):
        return Period(f"{cue.group('first')}-01-01", f"{cue.group('last')}-12-31", words)
    if cue.group("recent"):
        return Period(None, None, words)
    if cue.group("this"):
        return NO_PERIOD if event_year is None else Period(f"{event_year}-01-01", f"{event_year}-12-31", words)
    if cue.group("asof"):
        year = cue.group("asof_year")
        if any(word in quote for word in FLOW_WORDS):
            return Period(f"{year}-01-01", f"{year}-12-31", words)
        return Period(f"{year}-12-31", f"{year}-12-31", words)
    year = cue.group("year_value")
    return Period(f"{year}-01-01", f"{year}-12-31", words)


def batch_of(words: str) -> int | None:
    """The number of a batch expression (首批 1, 第三批 3, 第12批 12), or None when `words` is none."""
    match = _BATCH.fullmatch(words)
    if match is None:
        return None
    return 1 if match.group(1) is None else whole_number(match.group(1))


def read_batch(quote: str) -> int | None:
    """The batch number the quote states (首批 1, 第三批 3, 第2批 2), or None."""
    match = _BATCH.search(quote)
    return None if match is None else batch_of(match.group())


def read_year(quote: str) -> int | None:
    """The one year the quote writes as YYYY年, or None (none, or several)."""
    years = {int(year) for year in _YEAR.findall(quote)}
    return years.pop() if len(years) == 1 else None


def without_batches(words: str) -> str:
    """`words` with every batch expression (首批, 第三批) taken out: 全国第二批地理标志…典型案例 names the
    programme 全国地理标志…典型案例."""
    return _BATCH.sub("", words)
