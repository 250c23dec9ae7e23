"""Mentions: the titles, quoted names and named bodies of a source text, and what accounts for each.

Used by the `mentions` check and by `python -m dataset_tools.curate.mentions` (`make mentions`).
A *mention* is one occurrence of:

- `title`: a 《title》 (the span is the text inside the brackets);
- `quoted`: a “quoted name” (the text inside the quotation marks);
- `body`: a word ending a body's name: 委员会, 办公室, 工作站, 研究所, 研究院, 公司, 大学, 集团,
  中心, 联盟, 平台, 法庭, 法院, 局, 厅, 院 or 社 (the span is that ending). Not when it is part of a
  post (局长, 院长), of 院所, 社会, 局面, 格局, 大局, 全局, or of 局省/局市 (the national
  administration and the province or city, as in 局省会商);
- `designation`: a phrase of a national or provincial designation, 国家级… or 省级… (河西国家级玉米
  育种基地的保护 holds 国家级玉米育种基地): from 国家级 or 省级 through the Chinese characters that
  follow, up to the first 的, 和, 与 or 及 or the first character that is not Chinese (punctuation,
  a digit, a line break); the span is the phrase.

A mention is *covered* when a row of any resource but `sources` and `segments` has a span that
overlaps it and a typed text cell (not an id, English, span or note column, and not a `label_zh`: a
label describes a statement or a measure in the quote's words, and one that repeats a name does not
record it) an occurrence of which holds the mention (a quoted name); a title only when a row of
`policies` or `works` has it as its name, title or alias (its `aliases` cell or a row of
`aliases`), and a body only when a name, written form or alias of an `organizations` row ends
exactly where the mention ends: a title is a document or a work, a body an organization, and a
designation or an action that repeats the name does not record it. A designation phrase is
covered only by a `designations` row of the same source whose span holds it, or one whose
`program_zh` holds it: an action that protects the base does not record its designation. Otherwise a row of
curation/mention_exclusions.csv must hold it, with a reason. So a deleted row leaves its mentions
uncovered, as a deleted figure leaves its numeric expression uncovered.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dataset_tools.model import RowLike

TITLE = re.compile(r"《[^《》\n]+》")
QUOTED = re.compile(r"“[^“”\n]+”")
BODY = re.compile(r"(?<![格大全])"
                  r"(?:委员会|办公室|工作站|研究所|研究院|公司|大学|集团|中心|联盟|平台|法庭|法院|局|厅|院|社)"
                  r"(?![长所会面省市])")
DESIGNATION = re.compile(r"(?:国家级|省级)(?:(?![的和与及])[\u4e00-\u9fff])+")
NOT_TEXT = frozenset({"id", "source_id", "char_start", "char_end", "quote", "quote_prefix", "status", "note",
                      "formula", "reference", "curated_cells",
                      "label_zh"})   # a label repeats names in the quote's words: it records none
TITLED = ("policies", "works")
NAME_CELLS = ("name_zh", "name_as_written", "title_zh", "alias")
DESIGNATIONS = "designations"   # the resource whose rows cover designation phrases (program_zh, or span)
PROGRAMME = "program_zh"
NAMING = frozenset({*TITLED, "organizations", "aliases", DESIGNATIONS})
#        the resources whose names cover titles, bodies and designation phrases


@dataclass(frozen=True)
class Mention:
    kind: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=16)   # sources may share a text (the scaled copies do): found once per distinct text
def find_mentions(text: str) -> tuple[Mention, ...]:
    """Every mention of the text, in order of position."""
    found = [Mention(kind, match.start() + inner, match.end() - inner, text[match.start() + inner:match.end() - inner])
             for kind, pattern, inner in (("title", TITLE, 1), ("quoted", QUOTED, 1), ("body", BODY, 0),
                                          ("designation", DESIGNATION, 0))
             for match in pattern.finditer(text)]
    return tuple(sorted(found, key=lambda mention: (mention.start, mention.end, mention.kind)))


@lru_cache(maxsize=16)
def designation_phrases(text: str) -> tuple[tuple[int, Mention], ...]:
    """The designation phrases of the text, each with its position among find_mentions."""
    return tuple((position, mention) for position, mention in enumerate(find_mentions(text))
                 if mention.kind == "designation")


def designations_within(text: str, start: int, end: int) -> frozenset[int]:
    """The designation phrases (positions among find_mentions) that a designations row spanning [start, end)
    holds."""
    return frozenset(position for position, mention in designation_phrases(text)
                     if start <= mention.start and mention.end <= end)


@lru_cache(maxsize=64)
def text_columns(header: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of a header that may hold typed Chinese text (not ids, English, spans or notes)."""
    return tuple(column for column in header
                 if column not in NOT_TEXT and not column.endswith(("_id", "_ids", "_en")))


def text_cells(header: Iterable[str], row: RowLike) -> list[str]:
    """The typed Chinese text cells of a row that may carry a mention."""
    return chinese_cells(row.get(column) for column in text_columns(tuple(header)))


def chinese_cells(cells: Iterable[str | None]) -> list[str]:
    """The non-empty, non-ASCII cells among a row's text cells."""
    return [cell for cell in cells if cell and not cell.isascii()]


@lru_cache(maxsize=1 << 14)   # rows, and scaled copies, repeat their text cells: each tuple is read once
def chinese_of(cells: tuple[str | None, ...]) -> tuple[str, ...]:
    """chinese_cells of a tuple of cells."""
    return tuple(chinese_cells(cells))


class Coverage:
    """What covers the mentions of one source text: spans with their text cells, and known names."""

    def __init__(self, text: str, titles: set[str] | None = None, body_names: set[str] | None = None,
                 programmes: set[str] | None = None):
        self.text = text
        self.spans: dict[int, list[tuple[int, int, tuple[str, ...]]]] = {}   # bucket -> (start, end, cells)
        self.titles: set[str] = set() if titles is None else titles            # may be shared by sources
        self.body_names: set[str] = set() if body_names is None else body_names
        self.programmes: set[str] = set() if programmes is None else programmes   # designations' program_zh
        self.bucket = 64
        self.lengths: tuple[int, set[int]] = (0, set())   # (names seen, their lengths): see name_lengths

    def add_row(self, resource: str, header: Iterable[str], row: RowLike, span: tuple[int, int] | None) -> None:
        self.add(resource, [row.get(column) for column in text_columns(tuple(header))], row, span)

    def add(self, resource: str, texts: Iterable[str | None], row: RowLike, span: tuple[int, int] | None) -> None:
        """add_row with the row's cells in its header's text_columns already read (a table reads them by
        position)."""
        if span is not None:
            self.add_span(span, texts)
        if resource in TITLED or (resource == "aliases" and row.get("resource") in TITLED):
            self.titles.update(row[column] for column in NAME_CELLS if row.get(column))
            self.titles.update(part for part in row.get("aliases", "").split(";") if part)
        if resource == "organizations" or (resource == "aliases" and row.get("resource") == "organizations"):
            self.body_names.update(row[column] for column in NAME_CELLS if row.get(column))
        if resource == DESIGNATIONS and row.get(PROGRAMME):
            self.programmes.add(row[PROGRAMME])

    def add_span(self, span: tuple[int, int], texts: Iterable[str | None]) -> None:
        """A row's span with its text cells (only its Chinese ones can hold a quoted name)."""
        cells = chinese_of(tuple(texts))
        if cells:
            for bucket in range(span[0] // self.bucket, (span[1] - 1) // self.bucket + 1):
                self.spans.setdefault(bucket, []).append((span[0], span[1], cells))

    def covered(self, mention: Mention) -> bool:
        if mention.kind == "title":
            return mention.text in self.titles
        if mention.kind == "body":
            return any(self.text[mention.end - length:mention.end] in self.body_names for length in self.name_lengths())
        if mention.kind == "designation":   # by a programme's name here; by a designation's span: designations_within
            return any(mention.text in programme for programme in self.programmes)
        for bucket in {mention.start // self.bucket, (mention.end - 1) // self.bucket}:
            for start, end, cells in self.spans.get(bucket, ()):
                if start < mention.end and mention.start < end and any(self.holds(cell, mention) for cell in cells):
                    return True
        return False

    def name_lengths(self) -> set[int]:
        """The lengths of the body names (a name ends at a mention's end when the text's last that many
        characters are one); kept while no name is added (names are only ever added)."""
        if self.lengths[0] != len(self.body_names):
            self.lengths = (len(self.body_names), {len(name) for name in self.body_names})
        return self.lengths[1]

    def holds(self, cell: str, mention: Mention) -> bool:
        """Whether an occurrence of `cell` in the text contains the mention."""
        low = max(0, mention.end - len(cell))
        position = self.text.find(cell, low, mention.start + len(cell))
        while position != -1 and position <= mention.start:
            if position + len(cell) >= mention.end:
                return True
            position = self.text.find(cell, position + 1, mention.start + len(cell))
        return False
