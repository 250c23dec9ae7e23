"""Sentences of a source text, and which of them the data accounts for.

A sentence ends after 。 ! ? ; (and their full-width forms ！ ？ ；) or at a line break;
whitespace around it is not part of it, and a piece that is only whitespace is no sentence.
Spans are half-open `[start, end)` in code points over the text exactly as stored, the same
offsets as every row's `char_start`/`char_end`.

A sentence is *covered* when the span of a row of any resource but `sources` and `segments`
overlaps it (segments tile the whole text), *excluded* when a row of
`curation/sentence_exclusions.csv` holds it whole with a reason, and *uncovered* otherwise.

    python -m dataset_tools.curate.sentences               # every sentence, its status and what accounts for it
    python -m dataset_tools.curate.sentences --uncovered   # only the uncovered ones
    python -m dataset_tools.curate.sentences --propose     # CSV rows for the exclusions file (reason to fill)
"""
from __future__ import annotations

import argparse
import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import format_rows, read_rows
from dataset_tools.curate.coverage import totals
from dataset_tools.sentences import sentences as sentence_bounds

EXCLUSIONS_PATH = Path("curation") / "sentence_exclusions.csv"
EXCLUSION_COLUMNS = ["source_id", "char_start", "char_end", "quote", "quote_prefix", "reason", "note"]
NON_COVERING_RESOURCES = {"segments", "sources"}
REASONS = {
    "heading": "a heading or caption that states nothing: 一、主要工作举措, 记者问答, 新闻发布会现场",
    "greeting": "a welcome, thanks or sign-off: 欢迎大家参加…, 对参加发布会的各位媒体朋友表示热烈欢迎!",
    "question": "a journalist's question (its facts, if any, are rows; the asking is not)",
    "rhetoric": "a general, evaluative or programmatic statement with no checkable fact: "
                "甘肃版权资源丰富,敦煌文化举世闻名…",
    "transition": "a sentence that only announces what follows: 下面,我简要通报…",
    "duplicate_summary": "a sentence the text repeats word for word elsewhere, where rows cover it "
                         "(the summary repeats the lead)",
    "speaker_label": "a speaker's name line or role heading of the roster: 王晓阳:, 主持人, 发布人",
    "assessment": "an evaluation with no checkable fact of its own, whose facts are rows of the sentences around it: "
                  "专利产业化示范带动作用明显发挥。",
    "appeal": "an appeal to the public that states no fact: 也借此机会,我们向全社会发出倡议:从你我做起…",
}


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str            # text[start:end]


def split(text: str) -> list[Sentence]:
    """Every sentence of `text`, left to right (terminator included, surrounding whitespace not).

    The cutting rule is dataset_tools.sentences (one splitter for coverage, exports and the site).
    """
    return [Sentence(start, end, text[start:end]) for start, end in sentence_bounds(text)]


def reaches(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts of the spans sorted by start, and for each the furthest end of it and every
    span before it: a span holding or overlapping a place is found with one bisection."""
    spans = sorted(spans)
    starts, reach, furthest = [a for a, _ in spans], [], -1
    for _, end in spans:
        furthest = max(furthest, end)
        reach.append(furthest)
    return starts, reach


def overlapping(sentences: list[Sentence], spans: list[tuple[int, int]]) -> list[bool]:
    """For each sentence, whether some span [a, b) overlaps it (a < sentence.end and sentence.start < b).

    Spans sorted by start; a running maximum of their ends answers each sentence with one bisection.
    """
    starts, reach = reaches(spans)
    result = []
    for sentence in sentences:
        position = bisect_left(starts, sentence.end) - 1   # last span starting before the sentence ends
        result.append(position >= 0 and reach[position] > sentence.start)
    return result


def held_whole(sentences: list[Sentence], spans: list[tuple[int, int]]) -> list[bool]:
    """For each sentence, whether some span [a, b) contains it whole (a <= sentence.start and sentence.end <= b)."""
    starts, reach = reaches(spans)
    result = []
    for sentence in sentences:
        position = bisect_right(starts, sentence.start) - 1   # last span starting at or before the sentence
        result.append(position >= 0 and reach[position] >= sentence.end)
    return result


def whole_sentence_in(sentences: list[Sentence], start: int, end: int) -> bool:
    """Whether [start, end) contains at least one whole sentence (sentences sorted, not overlapping)."""
    position = bisect_left(sentences, start, key=attrgetter("start"))   # a bisection, not a list per call
    return position < len(sentences) and sentences[position].end <= end


def read_exclusions(path: Path) -> list[dict]:
    """Rows of the sentence exclusions CSV (all cells strings); an absent file means no exclusions."""
    path = Path(path)
    if not path.exists():
        return []
    header, rows = read_rows(path)
    missing = [name for name in ("source_id", "char_start", "char_end", "quote", "reason") if name not in header]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return rows


def holds(exclusion: dict, sentence: Sentence) -> bool:
    """True when an exclusion's span contains the whole sentence."""
    start, end = exclusion.get("char_start", ""), exclusion.get("char_end", "")
    return start.isdigit() and end.isdigit() and int(start) <= sentence.start and sentence.end <= int(end)


@dataclass(frozen=True)
class Assessment:
    sentence: Sentence
    status: str          # covered | excluded | uncovered
    by: str              # "resource:row_id" when covered, the reason when excluded, "" otherwise


def assess(text: str, spans: list[tuple[str, int, int]], exclusions: list[dict]) -> list[Assessment]:
    """Status of every sentence of one text, given the spans and exclusions of that text: covered
    (the first overlapping row is named), excluded (the first exclusion holding it), or uncovered."""
    results = []
    for sentence in split(text):
        row = next((label for label, a, b in spans if a < sentence.end and sentence.start < b), None)
        if row is not None:
            results.append(Assessment(sentence, "covered", row))
            continue
        reason = next((row.get("reason", "") for row in exclusions if holds(row, sentence)), None)
        results.append(Assessment(sentence, "excluded", reason) if reason is not None
                       else Assessment(sentence, "uncovered", ""))
    return results


def collect_spans(root: Path = PACKAGE_ROOT) -> dict[str, list[tuple[str, int, int]]]:
    """source_id -> ("resource:row_id", char_start, char_end) of every row with a span in resources/*.csv,
    except the resources that do not cover (segments tile the text; sources has no spans)."""
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for path in sorted((Path(root) / "resources").glob("*.csv")):
        if path.stem in NON_COVERING_RESOURCES:
            continue
        header, rows = read_rows(path)
        if "char_start" not in header or "char_end" not in header:
            continue
        for row in rows:
            start, end = row.get("char_start", ""), row.get("char_end", "")
            if start.isdigit() and end.isdigit():
                span = (f"{path.stem}:{row.get('id', '')}", int(start), int(end))
                spans.setdefault(row.get("source_id", ""), []).append(span)
    return spans


def propose(source_id: str, assessments: list[Assessment]) -> str:
    """CSV (header + one row per uncovered sentence) for a curator to complete with a reason."""
    return format_rows(EXCLUSION_COLUMNS, [
        {"source_id": source_id, "char_start": str(item.sentence.start), "char_end": str(item.sentence.end),
         "quote": item.sentence.text} for item in assessments if item.status == "uncovered"])


def source_texts(root: Path) -> list[tuple[str, str]]:
    """(source id, text) of every row of resources/sources.csv."""
    _, rows = read_rows(Path(root) / "resources" / "sources.csv")
    return [(row["id"], (Path(root) / row["path"]).read_text(encoding="utf-8")) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.sentences", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uncovered", action="store_true", help="list only uncovered sentences")
    parser.add_argument("--propose", action="store_true", help="print exclusion CSV rows for uncovered ones")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any sentence is uncovered")
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT)
    args = parser.parse_args(argv)
    exclusions = read_exclusions(args.root / EXCLUSIONS_PATH)
    spans = collect_spans(args.root)
    counts = {"covered": 0, "excluded": 0, "uncovered": 0}
    for source_id, text in source_texts(args.root):
        mine = [row for row in exclusions if row.get("source_id") == source_id]
        assessments = assess(text, spans.get(source_id, []), mine)
        if args.propose:
            sys.stdout.write(propose(source_id, assessments))
            continue
        for item in assessments:
            if args.uncovered and item.status != "uncovered":
                continue
            s = item.sentence
            print(f"{s.start}-{s.end}\t{item.status}\t{item.by}\t{s.text}")
        for status, number in totals(assessments).items():
            counts[status] += number
    if args.propose:
        return 0
    print(f"{sum(counts.values())} sentences: {counts['covered']} covered, "
          f"{counts['excluded']} excluded, {counts['uncovered']} uncovered")
    return 1 if args.strict and counts["uncovered"] else 0


if __name__ == "__main__":
    sys.exit(main())
