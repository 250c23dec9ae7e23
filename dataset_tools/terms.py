"""Chinese terms and their English renderings: the glossary's pairs, and people's names in pinyin.

Shared by the `glossary` and `pinyin-names` checks and by the curator's tool
(`python -m dataset_tools.curate.glossary`).

Glossary pairs: a schema field whose `evidence` is `check:glossary` is an English rendering; its
Chinese partner is the field of the same name ending `_zh` (`name_en` <- `name_zh`). A field may
add `glossaryContext`, the column that tells apart the senses of a term: a measure word (个) is
rendered by what it counts, so `indicators.unit_en` is keyed by (unit_zh, indicator).

People's names (GB/T 28039-2011): Hanyu Pinyin without tones, surname first, then the given name
as one word, each capitalised (王晓阳 -> Wang Xiaoyang; 欧阳修 -> Ouyang Xiu); ü is written yu
(吕 -> Lyu); an apostrophe separates a syllable starting with a, o or e from the one before
(西安 -> Xi'an). Readings come from pypinyin, except where the reviewed override table
(curation/pinyin_overrides.csv: character, position surname|given, pinyin, note) fixes one.
"""
from __future__ import annotations

import importlib.util
import json
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from dataset_tools.model import RowLike

GLOSSARY_RULE = "check:glossary"
PINYIN_OVERRIDES = "curation/pinyin_overrides.csv"
TONE_MARKS = {"\u0300", "\u0301", "\u0304", "\u030c"}   # grave, acute, macron, caron
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛", "尉迟", "公羊",
     "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文",
     "司徒", "鲜于", "司空", "令狐", "呼延", "轩辕"])
TableT = TypeVar("TableT")               # the validator's Table, or the resource name for the curator's tool
RowT = TypeVar("RowT", bound=RowLike)    # the validator's Row, or a plain dict


class Pair(NamedTuple, Generic[TableT, RowT]):
    """One rendering in one cell: the term, its context ('' when none), the English, and where."""

    term_zh: str
    context: str
    term_en: str
    table: TableT        # the Table (or the resource name, for the curator's tool)
    row: RowT
    column: str          # the English column


def glossary_fields(schema: dict) -> list[tuple[str, str, str]]:
    """(Chinese column, English column, context column or '') of the fields the glossary governs."""
    fields = [field for field in schema.get("fields", []) if isinstance(field, dict)]
    names = {field.get("name") for field in fields}
    return [(field["name"][:-3] + "_zh", field["name"], field.get("glossaryContext", ""))
            for field in fields if field.get("evidence") == GLOSSARY_RULE
            and str(field.get("name", "")).endswith("_en") and field["name"][:-3] + "_zh" in names]


def pairs(tables: Iterable[tuple[TableT, dict, Sequence[RowT]]]) -> Iterator[Pair[TableT, RowT]]:
    """Every filled (Chinese, English) cell pair of the governed fields: tables as (table, schema, rows)."""
    for table, schema, rows in tables:
        for zh, en, context in glossary_fields(schema):
            for row in rows:
                if row.get(zh, ""):
                    yield Pair(row[zh], row.get(context, "") if context else "", row.get(en, ""), table, row, en)


# --- people's names ---------------------------------------------------------------------------

def split_name(name_zh: str) -> tuple[str, str]:
    """(surname, given name): a compound surname when the name starts with one, else one character."""
    cut = 2 if name_zh[:2] in COMPOUND_SURNAMES and len(name_zh) > 2 else 1
    return name_zh[:cut], name_zh[cut:]


@lru_cache(maxsize=1)
def character_readings() -> dict[str, str]:
    """pypinyin's reading table (code point -> 'wáng,wàng,yù'), read without importing pypinyin.

    Importing the package loads its phrase dictionary (about half a second); a name needs only
    the readings of single characters, which pypinyin keeps in pinyin_dict.json."""
    spec = importlib.util.find_spec("pypinyin")
    path = Path(spec.origin).parent / "pinyin_dict.json" if spec and spec.origin else None
    if path is None or not path.is_file():   # another layout of pypinyin: ask its API instead
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def toneless(reading: str) -> str:
    """'lǚ' -> 'lv', 'wáng' -> 'wang': tone marks dropped, ü written v (as pypinyin's NORMAL style)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", reading) if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", bare).replace("ü", "v")


def readings(character: str) -> list[str]:
    """Every toneless reading pypinyin knows for one character (ü as v, turned into yu later)."""
    table = character_readings()
    if table:
        found = table.get(str(ord(character)), "")
        return list(dict.fromkeys(toneless(r) for r in found.split(",") if r)) or [character]
    from pypinyin import Style, pinyin
    return list(dict.fromkeys(pinyin(character, style=Style.NORMAL, heteronym=True)[0]))


def join_syllables(syllables: list[str]) -> str:
    """Syllables as one word: ü -> yu, an apostrophe before a syllable starting with a, o or e."""
    word = ""
    for syllable in syllables:
        syllable = (syllable.replace("v", "yu").replace("ü", "yu") if syllable[:1] in "ln"
                    else syllable.replace("v", "u"))
        word += ("'" if word and syllable[:1] in "aoe" else "") + syllable
    return word


def syllables_of(part: str, position: str, overrides: dict[tuple[str, str], str]) -> tuple[list[str], list[str]]:
    """(syllables, polyphonic characters without a reviewed override) of a surname or given name."""
    syllables, unreviewed = [], []
    for character in part:
        reviewed = overrides.get((character, position))
        options = readings(character)
        if reviewed is None and len(options) > 1:
            unreviewed.append(character)
        syllables.append(reviewed or options[0])
    return syllables, unreviewed


def gbt28039(name_zh: str, overrides: dict[tuple[str, str], str]) -> tuple[str, list[str]]:
    """(the GB/T 28039 rendering of a Chinese personal name, its unreviewed polyphonic characters)."""
    surname, given = split_name(name_zh)
    words, unreviewed = [], []
    for part, position in ((surname, "surname"), (given, "given")):
        if part:
            syllables, open_ = syllables_of(part, position, overrides)
            words.append(join_syllables(syllables).capitalize())
            unreviewed += open_
    return " ".join(words), unreviewed
