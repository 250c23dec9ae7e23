"""Sentences of a source text, as character offsets: the context shown around every quote.

A sentence ends after one of 。!?; (or the full-width ！？；) or at a line break: the rule the
sentence-coverage tool (dataset_tools/curate/sentences.py) states, so both cut the text at the same
places. Surrounding whitespace is trimmed, and empty sentences are dropped, so every (start, end) pair satisfies
`text[start:end] == text[start:end].strip()` and is non-empty. Offsets count code points, like
the packages' `char_start`/`char_end`.

    sentences(text)               -> [(start, end), ...] in text order, never overlapping
    context(text, start, end)     -> (start, end) of the sentence(s) holding the span
    SentenceIndex(sentences(text)).around(start, end)   -> the same, for many spans of one text
    full_sentence_start(text, position)   -> where the full sentence (to 。!? or a line break) holding it opens
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

TERMINATORS = "。!?;！？；"
LINE_BREAKS = "\n\r\u2028\u2029"
# one sentence: anything up to and including a terminator, up to a line break, or to the text's end
SENTENCE = re.compile(rf"[^{TERMINATORS}{LINE_BREAKS}]*(?:[{TERMINATORS}]|[{LINE_BREAKS}]|$)")
FULL_STOPS = "。!?！？" + LINE_BREAKS   # a full sentence runs on past a ; (截至2024年底,…;…;… is one)
CLOSING_MARKS = "”’）)》」"               # may stand between a full stop and the next sentence


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, trimmed of surrounding whitespace."""
    found = []
    for match in SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append((start, end))
    return found


class SentenceIndex:
    """The sentences of one text (`sentences(text)`), for finding the sentence(s) around many spans:
    each lookup is two binary searches."""

    def __init__(self, bounds: list[tuple[int, int]]):
        self.starts = [start for start, _ in bounds]
        self.ends = [end for _, end in bounds]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """(start, end) of the sentence holding [start, end), or of the run of sentences it spans;
        a span touching no sentence is returned unchanged."""
        first = bisect.bisect_right(self.ends, start)                   # first sentence ending after `start`
        last = bisect.bisect_left(self.starts, max(end, start + 1)) - 1  # last sentence starting before `end`
        if first >= len(self.starts) or last < first:
            return start, end
        return min(start, self.starts[first]), max(end, self.ends[last])


def context(text: str, start: int, end: int, bounds: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """(start, end) of the sentence holding text[start:end], or of the run of sentences it spans.

    A span that lies partly outside every sentence (whitespace between them) is widened only
    to the sentences it touches; a span touching none is returned unchanged. Looking up many
    spans of one text, use a SentenceIndex.
    """
    return SentenceIndex(sentences(text) if bounds is None else bounds).around(start, end)


@lru_cache(maxsize=64)
def full_stops(text: str) -> list[int]:
    """The offsets of the text's full stops (FULL_STOPS), in order: found once per distinct text."""
    return [index for index, character in enumerate(text) if character in FULL_STOPS]


def full_sentence_start(text: str, position: int) -> int:
    """Where the full sentence holding text[position] opens: after the last full stop before it, its spaces and
    the closing marks of a quotation or aside that ended with it (”’）)》」)."""
    stops = full_stops(text)
    index = bisect.bisect_left(stops, position)
    opening = stops[index - 1] + 1 if index else 0
    while opening < position and (text[opening].isspace() or text[opening] in CLOSING_MARKS):
        opening += 1
    return opening
