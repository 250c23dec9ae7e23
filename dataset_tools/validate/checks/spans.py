"""The `spans` check: every quote is, to the character, the source text at its offsets."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from dataset_tools.curate.anchor import occurrences as find_all
from dataset_tools.model import Package, Row, Table
from dataset_tools.validate.checks.common import as_int, cut_word, show, span_tables
from dataset_tools.validate.checks.figure_cues import CUES, PREFIXES, SUFFIXES
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "spans"
CODES = declare({
    "spans.note-missing": "an inferred row has no note",
    "spans.formula-missing": "a derived row has no formula",
    "spans.reference-missing": "an external row has no reference",
    "spans.span-missing": "a stated or inferred row has no span of the source (quote and offsets)",
    "spans.offsets-missing": "a row has a quote but no char_start/char_end",
    "spans.half-span": "a row has one of char_start and char_end but not the other",
    "spans.outside-text": "a span is not inside its source text (0 <= start < end <= length)",
    "spans.quote-missing": "a row has offsets but no quote",
    "spans.quote-mismatch": "the text at [char_start, char_end) is not the quote",
    "spans.prefix-mismatch": "the text right before the span is not the quote_prefix",
    "spans.prefix-needed": "the quote occurs more than once in the text and no quote_prefix pins this one",
    "spans.prefix-ambiguous": "quote_prefix + quote still occurs more than once",
    "spans.prefix-needless": "the quote is unique in the text but a quote_prefix is given",
    "spans.quote-cuts-marks": "a quote opens a “, 《 or ( it does not close, or closes one it does not open",
    "spans.quote-cuts-cue": "a quote's edge falls inside a cue word the text writes across it (率|先完成)",
})
MARKS = (("“", "”"), ("《", "》"), ("(", ")"), ("\uff08", "\uff09"))   # quotation, title and (fullwidth) brackets


@lru_cache(maxsize=65536)
def cut_mark(quote: str) -> str | None:
    """The first pair of marks the quote cuts (opens and does not close, or closes unopened), or None. Read once
    per distinct quote (scaled copies repeat them), and only for the marks it holds."""
    for opening, closing in MARKS:
        if opening not in quote and closing not in quote:
            continue
        depth = 0
        for char in quote:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                return opening + closing
        if depth:
            return opening + closing
    return None


def cue_vocabulary(package: Package) -> frozenset[str]:
    """Every cue word of two or more characters: the `cues` of every field of the package's schemas (at most
    MAX_CUE_CHARS long: preflight refuses a schema with a longer one), the comparison cues and the qualifier words
    of `figure-cues`."""
    words = {word for table in package.tables.values() for field in table.schema.get("fields", [])
             if isinstance(field, dict) and isinstance(field.get("cues"), dict)
             for listed in field["cues"].values() if isinstance(listed, list) for word in listed
             if isinstance(word, str)}
    words.update(*CUES.values(), PREFIXES, SUFFIXES)
    return frozenset(word for word in words if len(word) >= 2)


NEEDS = {"inferred": ("note", "spans.note-missing"), "derived": ("formula", "spans.formula-missing"),
         "external": ("reference", "spans.reference-missing")}
SHOWN = 5


class Cells(NamedTuple):
    """The cells of a row this check reads (None for a column its table lacks), read once by position."""

    status: str | None
    source_id: str | None
    char_start: str | None
    char_end: str | None
    quote: str | None
    quote_prefix: str | None


def occurrences(text: str, needle: str, cache: dict) -> list[int]:
    """Every start offset of `needle` in `text` (overlaps included), cached per text and needle."""
    key = (text, needle)
    if key not in cache:
        cache[key] = find_all(text, needle)
    return cache[key]


def status_problems(table: Table, row: Row, cells: Cells) -> list[Problem]:
    """inferred rows need a note, derived a formula, external a reference; stated/inferred a span."""
    status, problems = cells.status or "", []
    needed, code = NEEDS.get(status, ("", ""))
    if needed and needed in table.columns and not row.get(needed, "").strip():
        problems.append(problem(code, f"a {status} row needs a {needed}", file=table.file, row=row, column=needed,
                                found="(empty)", expected=f"the {needed} of this {status} row"))
    if status in ("stated", "inferred") and not cells.quote and not cells.char_start and not cells.char_end:
        problems.append(problem("spans.span-missing", f"a {status} row needs a span of the source (quote, then "
                                "python -m dataset_tools.curate.anchor fill)", file=table.file, row=row,
                                column="quote", found="(empty)", expected="a quote"))
    return problems


def offsets_problems(table: Table, row: Row, cells: Cells, text: str) -> tuple[list[Problem], tuple[int, int] | None]:
    """Both offsets or neither; integers inside the text with start < end. Returns the span if sound."""
    start_text, end_text, quote = cells.char_start or "", cells.char_end or "", cells.quote or ""
    if not start_text and not end_text:
        if quote:
            return [problem("spans.offsets-missing", "the quote has no offsets; run python -m "
                            f"dataset_tools.curate.anchor fill {table.file}", file=table.file, row=row,
                            column="char_start", found="(empty)", expected="offsets of the quote")], None
        return [], None
    if not start_text or not end_text:
        column = "char_start" if not start_text else "char_end"
        return [problem("spans.half-span", "a span needs both char_start and char_end", file=table.file, row=row,
                        column=column, found="(empty)", expected="an offset")], None
    start, end = as_int(start_text), as_int(end_text)
    if start is None or end is None:
        return [], None  # not integers: the table check reports the type
    if not 0 <= start < end <= len(text):
        return [problem("spans.outside-text", f"span [{start}, {end}) is not inside the text "
                        f"(0 <= start < end <= {len(text)})", file=table.file, row=row,
                        column="char_end" if end > len(text) else "char_start", found=f"[{start}, {end})",
                        expected=f"0 <= start < end <= {len(text)}")], None
    if not quote:
        return [problem("spans.quote-missing", "the row has offsets but no quote", file=table.file, row=row,
                        column="quote", found="(empty)", expected=show(text[start:end]))], None
    return [], (start, end)


def text_problems(table: Table, row: Row, cells: Cells, text: str, span: tuple[int, int], cache: dict,
                  cues: tuple[frozenset[str], tuple[int, ...]]) -> list[Problem]:
    """The quote equals text[start:end] and cuts no pair of marks (“”, 《》, ()) and no cue word (`cues`: the words and
    their lengths); the prefix precedes it; a repeated quote is pinned."""
    (start, end), quote, prefix = span, cells.quote or "", cells.quote_prefix or ""
    hits = occurrences(text, quote, cache)
    if text[start:end] != quote:
        where = (f"; the quote occurs at {', '.join(map(str, hits[:SHOWN]))}" if hits
                 else "; the quote is not in the text")
        return [problem("spans.quote-mismatch", f"the text at [{start}, {end}) is not the quote{where} (run "
                        f"python -m dataset_tools.curate.anchor fill {table.file})", file=table.file, row=row,
                        column="quote", found=quote, expected=text[start:end])]
    problems = []
    cut = cut_mark(quote)
    if cut is not None:
        problems.append(problem("spans.quote-cuts-marks", f"the quote cuts a pair of {cut} marks: it holds part of a "
                                "quoted name, title or aside", file=table.file, row=row, column="quote", found=quote,
                                expected=f"a quote holding each {cut} pair whole, or none of it"))
    cue = cut_word(text, start, end, *cues)
    if cue is not None:
        problems.append(problem("spans.quote-cuts-cue", f"the quote's edge falls inside the cue word {show(cue)}, "
                                "which the text writes across it: the quote holds half of a word its row may rest on",
                                file=table.file, row=row, column="quote", found=quote,
                                expected=f"a quote holding {show(cue)} whole, or none of it"))
    if prefix and text[max(0, start - len(prefix)):start] != prefix:
        problems.append(problem("spans.prefix-mismatch", "the text right before the span is not the prefix",
                                file=table.file, row=row, column="quote_prefix", found=prefix,
                                expected=text[max(0, start - len(prefix)):start]))
    others = [hit for hit in hits if hit != start]
    if others and not prefix:
        problems.append(problem("spans.prefix-needed", f"the quote occurs {len(hits)} times (also at "
                                f"{', '.join(map(str, others[:SHOWN]))}); give a quote_prefix that pins this one",
                                file=table.file, row=row, column="quote_prefix", found="(empty)",
                                expected="the text right before the quote"))
    elif others and len(occurrences(text, prefix + quote, cache)) > 1:
        problems.append(problem("spans.prefix-ambiguous", "prefix + quote still occurs more than once; give a "
                                "longer prefix", file=table.file, row=row, column="quote_prefix", found=prefix,
                                expected="a prefix that pins one occurrence"))
    elif not others and prefix:
        problems.append(problem("spans.prefix-needless", "the quote is unique in the text: the prefix must be "
                                "empty", file=table.file, row=row, column="quote_prefix", found=prefix,
                                expected="(empty)"))
    return problems


@check(NAME)
def spans(package: Package) -> list[Problem]:
    """Every span lies inside its source text and equals its quote (and follows its quote_prefix), and cuts no pair
    of quotation, title or bracket marks and no cue word (率先, 累计, 以上); stated/inferred rows have a span; a quote
    that is not unique has a prefix that pins it; inferred rows have a note, derived a formula, external a
    reference."""
    problems: list[Problem] = []
    cache: dict[tuple[str, str], list[int]] = {}
    words = cue_vocabulary(package)
    cues = words, tuple(sorted({len(word) for word in words}))
    quiet: set[tuple] = set()   # (text, span, quote, prefix) found right: scaled copies repeat them, judged once
    for table in span_tables(package):
        read = table.reader(Cells._fields)
        for row in table.rows:
            cells = Cells(*read(row))
            problems.extend(status_problems(table, row, cells))
            text = package.text(cells.source_id or "")
            if text is None:
                continue  # unknown or unreadable source: the table or source-integrity check reports it
            found, span = offsets_problems(table, row, cells, text)
            problems.extend(found)
            if span and (asked := (text, span, cells.quote, cells.quote_prefix)) not in quiet:
                found = text_problems(table, row, cells, text, span, cache, cues)
                if found:
                    problems.extend(found)
                else:
                    quiet.add(asked)
    return problems
