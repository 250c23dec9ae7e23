"""Sentences of a source text, as character offsets: the context shown around every quote.

A sentence ends after one of 。!?; (or the full-width ！？；) or at a line break: the rule the
sentence-coverage tool (dataset_tools/curate/sentences.py) states, so both cut the text at the same
places. Surrounding whitespace is trimmed, and empty sentences are dropped, so every (start, end) pair satisfies
`text[start:end] == text[start:end].strip()` and is non-empty. Offsets count code points, like
the packages' `char_start`/`char_end`.

    sentences(text)               -> [(start, end), ...] in text order, never overlapping
    context(text, start, end)     -> (start, end) of the sentence(s) holding the span
"""
from __future__ import annotations

import bisect
import re

TERMINATORS = "。!?;！？；"
LINE_BREAKS = "\n\r\u2028\u2029"
# one sentence: anything up to and including a terminator, up to a line break, or to the text's end
SENTENCE = re.compile(rf"[^{TERMINATORS}{LINE_BREAKS}]*(?:[{TERMINATORS}]|[{LINE_BREAKS}]|$)")


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


def context(text: str, start: int, end: int, bounds: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """(start, end) of the sentence holding text[start:end], or of the run of sentences it spans.

    A span that lies partly outside every sentence (whitespace between them) is widened only
    to the sentences it touches; a span touching none is returned unchanged. Pass `bounds`
    (the result of `sentences(text)`) when looking up many spans of the same text.
    """
    bounds = sentences(text) if bounds is None else bounds
    ends = [e for _, e in bounds]
    first = bisect.bisect_right(ends, start)           # first sentence ending after `start`
    touched = [b for b in bounds[first:] if b[0] < max(end, start + 1)]
    if not touched:
        return start, end
    return min(start, touched[0][0]), max(end, touched[-1][1])
