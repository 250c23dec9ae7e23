"""Curator's tool: find the character span of a quote in the source text.

Offsets are never typed by hand. Give a quote (and, when it occurs more than once, the text
immediately before it as a prefix) and this module finds the unique span, or says why it cannot.

    python -m dataset_tools.curate.anchor find "1.78万件" --prefix "累计达到"
    python -m dataset_tools.curate.anchor find "1.78万件" --source SOURCE_ID   # with several sources
    python -m dataset_tools.curate.anchor fill resources/indicators.csv   # recompute char_start/char_end
    python -m dataset_tools.curate.anchor fill --dry-run resources/*.csv    # report, write nothing

The texts are the sources `resources/sources.csv` lists; a row is anchored in the text of its
`source_id` (a table without that column: in the only source).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.model import read_package


class AnchorError(ValueError):
    """The quote cannot be anchored to exactly one span."""


def occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of `needle` in `text`, overlapping ones included."""
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def locate(text: str, quote: str, prefix: str = "") -> tuple[int, int]:
    """Return the half-open span [start, end) of `quote` in `text`, in code points.

    With a prefix, the span is the quote where it directly follows the prefix. Raises
    AnchorError when the quote is empty, absent, or occurs more than once.
    """
    if not quote:
        raise AnchorError("the quote is empty")
    hits = [start + len(prefix) for start in occurrences(text, prefix + quote)]
    where = f"{quote!r}" + (f" after prefix {prefix!r}" if prefix else "")
    if not hits:
        raise AnchorError(f"{where} does not occur in the source text")
    if len(hits) > 1:
        raise AnchorError(f"{where} occurs {len(hits)} times (at {', '.join(map(str, hits))}); "
                          "give a longer prefix to pick one")
    return hits[0], hits[0] + len(quote)


def source_texts(root: Path = PACKAGE_ROOT) -> dict[str, str]:
    """source_id -> text of every readable source the package lists."""
    return {source_id: source.text for source_id, source in read_package(root).sources.items()
            if source.text is not None}


def text_of(texts: dict[str, str] | str, source_id: str | None) -> str:
    """The text a row is anchored in: its source's, or the only one when it names none."""
    if isinstance(texts, str):
        return texts
    if source_id:
        if source_id not in texts:
            raise AnchorError(f"source {source_id!r} is not a readable source of the package")
        return texts[source_id]
    if len(texts) != 1:
        raise AnchorError(f"no source_id, and the package has {len(texts)} sources: name one")
    return next(iter(texts.values()))


def fill(path: Path, texts: dict[str, str] | str, dry_run: bool = False) -> list[str]:
    """Recompute char_start/char_end of every row of a CSV that has a quote; return problems.

    `texts` is {source_id: text} (each row is anchored in its source's text) or one text.
    """
    header, rows = read_rows(path)
    if "quote" not in header:
        return []
    problems, changed = [], 0
    for line, row in enumerate(rows, start=2):
        if not row.get("quote"):
            if row.get("char_start") or row.get("char_end"):
                problems.append(f"{path.name}:{line}: {row.get('id')}: offsets without a quote")
            continue
        try:
            start, end = locate(text_of(texts, row.get("source_id")), row["quote"], row.get("quote_prefix", ""))
        except AnchorError as error:
            problems.append(f"{path.name}:{line}: {row.get('id')}: {error}")
            continue
        if (row.get("char_start"), row.get("char_end")) != (str(start), str(end)):
            row["char_start"], row["char_end"] = str(start), str(end)
            changed += 1
    if changed and not dry_run and not problems:
        write_rows(path, header, rows)
    verb = "would update" if dry_run or problems else "updated"
    print(f"{path}: {verb} {changed} span(s); {len(problems)} problem(s)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.curate.anchor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    find = sub.add_parser("find", help="print the span of one quote")
    find.add_argument("quote")
    find.add_argument("--prefix", default="")
    find.add_argument("--source", help="the source_id whose text to search (needed with several sources)")
    fill_cmd = sub.add_parser("fill", help="recompute char_start/char_end in CSV files from their quotes")
    fill_cmd.add_argument("paths", nargs="+", type=Path)
    fill_cmd.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    texts = source_texts()
    if args.command == "find":
        try:
            start, end = locate(text_of(texts, args.source), args.quote, args.prefix)
        except AnchorError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"{start}\t{end}")
        return 0
    problems = [p for path in args.paths for p in fill(path, texts, args.dry_run)]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
