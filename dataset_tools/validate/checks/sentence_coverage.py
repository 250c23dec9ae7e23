"""The `sentence-coverage` check: every sentence of the source is accounted for, by a row or a reviewed exclusion.

Sentences come from `dataset_tools.curate.sentences.split` (a sentence ends after 。 ! ? ; ！ ？ ； or at
a line break; surrounding whitespace is not part of it). A sentence is covered when the span of a
row of any resource but `sources` and `segments` overlaps it; otherwise a row of
`curation/sentence_exclusions.csv` must hold it whole, with a reason from
`dataset_tools.curate.sentences.REASONS`. Both tests use spans sorted by start and a running maximum of
their ends, so the check stays O((sentences + spans) log spans).
"""
from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from dataset_tools.model import Package, SourceText
from dataset_tools.validate.checks.common import as_int, read_curation_rows, show, spans_by_source
from dataset_tools.validate.report import CheckSkipped, Problem, check, declare, problem

if TYPE_CHECKING:
    from dataset_tools.curate.sentences import Sentence

NAME = "sentence-coverage"
EXCLUSIONS = "curation/sentence_exclusions.csv"
CODES = declare({
    "sentence-coverage.exclusions-unreadable": "curation/sentence_exclusions.csv cannot be read",
    "sentence-coverage.uncovered": "a sentence of a source overlaps no row's span and no exclusion holds it",
    "sentence-coverage.unknown-reason": "an exclusion's reason is not a known one",
    "sentence-coverage.unknown-source": "an exclusion's source_id names no source",
    "sentence-coverage.not-a-span": "an exclusion's char_start/char_end are not a span of the text",
    "sentence-coverage.quote-mismatch": "the text at an exclusion's offsets is not its quote",
    "sentence-coverage.not-whole-sentence": "an exclusion's span holds no whole sentence",
})


def read_exclusion_rows(package: Package, tool: ModuleType) -> list[dict]:
    """The exclusion rows with their line numbers (header = 1) in `_line`."""
    return read_curation_rows(package, EXCLUSIONS, tool.read_exclusions)


def exclusion_problems(package: Package, rows: list[dict], tool: ModuleType,
                       sentences: dict) -> tuple[list[Problem], dict]:
    """Each exclusion names a source, quotes the text at its offsets, holds a whole sentence and gives a
    known reason. Returns the problems and, per source, the spans of the exclusions that quote their text."""
    problems: list[Problem] = []
    held: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        where = dict(file=EXCLUSIONS, row=row["_line"])
        if row.get("reason") not in tool.REASONS:
            problems.append(problem("sentence-coverage.unknown-reason", "unknown reason", column="reason",
                                    found=row.get("reason") or "(empty)",
                                    expected=" | ".join(sorted(tool.REASONS)), **where))
        if row.get("source_id", "") not in package.sources:
            problems.append(problem("sentence-coverage.unknown-source", "source_id names no source", column="source_id",
                                    found=row.get("source_id") or "(empty)", expected="a sources.id", **where))
            continue
        text = package.text(row["source_id"])
        if text is None:
            continue  # an unreadable source text: the source-integrity check reports it
        start, end = as_int(row.get("char_start")), as_int(row.get("char_end"))
        if start is None or end is None or not 0 <= start < end <= len(text):
            problems.append(problem("sentence-coverage.not-a-span",
                                    "char_start/char_end are not a span of the text (run python -m "
                                    f"dataset_tools.curate.anchor fill {EXCLUSIONS})", column="char_start",
                                    found=f"[{row.get('char_start')}, {row.get('char_end')})",
                                    expected=f"0 <= start < end <= {len(text)}", **where))
            continue
        if text[start:end] != row.get("quote", ""):
            problems.append(problem("sentence-coverage.quote-mismatch",
                                    f"the text at [{start}, {end}) is not the quote", column="quote",
                                    found=show(row.get("quote", "")), expected=show(text[start:end]), **where))
            continue
        if not tool.whole_sentence_in(sentences[row["source_id"]], start, end):
            problems.append(problem("sentence-coverage.not-whole-sentence",
                                    f"[{start}, {end}) holds no whole sentence (python -m "
                                    "dataset_tools.curate.sentences lists them)", column="char_start",
                                    found=show(text[start:end]), expected="the span of one or more whole sentences",
                                    **where))
        held.setdefault(row["source_id"], []).append((start, end))
    return problems, held


@check(NAME)
def sentence_coverage(package: Package) -> list[Problem]:
    """Every sentence of each source overlaps the span of some row (sources and segments do not count) or lies whole
    inside an exclusion of curation/sentence_exclusions.csv; every exclusion quotes the text at its offsets, holds a
    whole sentence and gives a known reason."""
    from dataset_tools.curate import sentences as tool

    try:
        exclusions = read_exclusion_rows(package, tool)
    except (OSError, ValueError) as error:
        return [problem("sentence-coverage.exclusions-unreadable", f"{EXCLUSIONS} cannot be read: {error}",
                        file=EXCLUSIONS)]
    not_covering = set(tool.NON_COVERING_RESOURCES)
    if package.skipped - not_covering:
        raise CheckSkipped(f"cannot judge sentence coverage while {', '.join(sorted(package.skipped - not_covering))} "
                           "could not be read")
    if not package.sources:
        raise CheckSkipped("no source text could be read (see sources.csv)")
    split: dict[str, list[Sentence]] = {}   # sources may share a text (the scaled copies do): split it once
    sentences = {source_id: split[source.text] if source.text in split else split.setdefault(source.text,
                                                                                            tool.split(source.text))
                 for source_id, source in package.sources.items() if source.text is not None}
    problems, held = exclusion_problems(package, exclusions, tool, sentences)
    spans = spans_by_source(package, not_covering)
    for source_id, found in sentences.items():
        covered = tool.overlapping(found, spans.get(source_id, []))
        excluded = tool.held_whole(found, held.get(source_id, []))
        problems += [uncovered_problem(package.sources[source_id], sentence)
                     for sentence, by_row, by_exclusion in zip(found, covered, excluded, strict=True)
                     if not (by_row or by_exclusion)]
    return problems


def uncovered_problem(source: SourceText, sentence: Sentence) -> Problem:
    """A sentence no row overlaps and no exclusion holds, with its offsets and its line in the text."""
    assert source.text is not None   # only sources with a text are split into sentences
    line = source.text.count("\n", 0, sentence.start) + 1
    return problem("sentence-coverage.uncovered", f"the sentence at [{sentence.start}, {sentence.end}) overlaps no row "
                   f"and no exclusion holds it: {show(sentence.text)}", file=source.file, found=show(sentence.text),
                   expected=f"a row whose span overlaps it, or an exclusion in {EXCLUSIONS} with a reason", line=line)
