"""The `pinyin-names` check: speakers' English names are the GB/T 28039 pinyin of their Chinese names.

dataset_tools.terms.gbt28039 writes the name (surname first, given name joined, each capitalised:
王晓阳 -> Wang Xiaoyang) from pypinyin's readings. A character pypinyin reads in more than one way
needs a reviewed reading in curation/pinyin_overrides.csv (character, position, pinyin, note), so
no name rests on an unreviewed guess. Names exchanged between rows are caught here.
"""
from __future__ import annotations

from dataset_tools.csvio import read_rows
from dataset_tools.model import Package, resolve_inside
from dataset_tools.terms import PINYIN_OVERRIDES, gbt28039
from dataset_tools.validate.checks.common import require
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "pinyin-names"
CODES = declare({
    "pinyin-names.overrides-unreadable": "curation/pinyin_overrides.csv cannot be read",
    "pinyin-names.bad-override": "an override row is not one character with one toneless reading",
    "pinyin-names.unreviewed-reading": "a speaker's name has a character of several readings with no reviewed override",
    "pinyin-names.not-pinyin": "a speaker's name_en is not the GB/T 28039 pinyin of name_zh",
})
POSITIONS = ("surname", "given")


def read_overrides(package: Package) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    """(character, position) -> reviewed pinyin, and the override rows that are malformed."""
    path, why = resolve_inside(package.root, PINYIN_OVERRIDES)
    if path is None or not path.is_file():
        return {}, [problem("pinyin-names.overrides-unreadable", f"{PINYIN_OVERRIDES} cannot be read: "
                            f"{why or 'missing'}", file=PINYIN_OVERRIDES)]
    _, rows = read_rows(path)
    overrides, problems = {}, []
    for number, row in enumerate(rows, start=2):
        key = (row.get("character", ""), row.get("position", ""))
        if (len(key[0]) != 1 or key[1] not in POSITIONS or not row.get("pinyin", "").isalpha()
                or not row.get("note")):
            problems.append(problem("pinyin-names.bad-override", "an override is one character, surname or given, a "
                                    "toneless reading in lower case, and a note", file=PINYIN_OVERRIDES, row=number,
                                    row_id=key[0] or None, found=",".join(row.values())))
        else:
            overrides[key] = row["pinyin"]
    return overrides, problems


@check(NAME)
def pinyin_names(package: Package) -> list[Problem]:
    """Each speaker's name_en is the GB/T 28039 pinyin of name_zh (surname first, given name joined, capitalised),
    with every polyphonic character's reading reviewed in curation/pinyin_overrides.csv."""
    table = require(package, "speakers")
    if table is None:
        return []
    overrides, problems = read_overrides(package)
    for row in table.rows:
        if not row.get("name_zh"):
            continue
        wanted, unreviewed = gbt28039(row["name_zh"], overrides)
        if unreviewed:
            problems.append(problem("pinyin-names.unreviewed-reading", f"{'、'.join(unreviewed)} has several readings "
                                    f"and none is reviewed in {PINYIN_OVERRIDES}", file=table.file, row=row,
                                    column="name_en", found=row.get("name_en"),
                                    expected="a reviewed reading for each polyphonic character"))
        elif row.get("name_en", "") != wanted:
            problems.append(problem("pinyin-names.not-pinyin", f"the GB/T 28039 pinyin of {row['name_zh']} "
                                    f"is {wanted}", file=table.file, row=row, column="name_en",
                                    found=row.get("name_en"), expected=wanted))
    return problems
