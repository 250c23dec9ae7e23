"""The `regions` check: division codes nest and agree with the official GB/T 2260 list.

Levels step down one at a time: country > province > prefecture > county > township. A child's
code starts with its parent's significant digits: a prefecture with the province's first two, a
county with the prefecture's first four, a township's 12-digit code with its county's six. The
country is one: a region of level `country` is named 中国, 中华人民共和国 or 全国, and a grouping
of provinces (西北五省区) is a `macro_region`.
"""
from __future__ import annotations

from collections.abc import Mapping

from dataset_tools.model import Package, Row, RowLike, Table, read_csv, resolve_inside
from dataset_tools.validate.checks.common import require, show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "regions"
REFERENCE = "reference/gansu-admin-divisions.csv"
ORDER = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "township": 4}
ADMINISTRATIVE = ("province", "prefecture", "county", "township")
SHARED_DIGITS = {"prefecture": 2, "county": 4, "township": 6}   # digits a child shares with its parent
CODES = declare({
    "regions.reference-unreadable": "reference/gansu-admin-divisions.csv cannot be read",
    "regions.id-not-adcode": "an administrative division's id is not its adcode",
    "regions.grouping-has-parent": "a grouping (macro_region) or the country has a parent_id",
    "regions.grouping-has-adcode": "a grouping (macro_region) or the country has an adcode",
    "regions.parent-level": "a division's parent is not exactly one level up",
    "regions.code-not-nested": "a division's code does not start with its parent's significant digits",
    "regions.unknown-code": "an adcode is not in the reference list (GB/T 2260)",
    "regions.reference-mismatch": "name_zh, level or parent differ from the reference list for that code",
    "regions.quote-without-name": "a stated region's quote contains neither name_as_written nor name_zh",
    "regions.country-not-named": "a region of level country is not named as the country (中国, 中华人民共和国, 全国)",
})
COUNTRY_NAMES = ("中国", "中华人民共和国", "全国")   # the one country: a grouping of provinces is a macro_region
GROUPING = {"parent_id": "regions.grouping-has-parent", "adcode": "regions.grouping-has-adcode"}


def load_reference(package: Package) -> dict[str, Row]:
    """code -> row of the reference list; ValueError/OSError when it cannot be read."""
    path, why = resolve_inside(package.root, REFERENCE)
    if path is None:
        raise ValueError(why)
    _, rows = read_csv(path, 5 * 2**20)
    return {row.get("code", ""): row for row in rows}


def hierarchy_problems(table: Table, row: Row, by_id: dict[str, Row]) -> list[Problem]:
    """id == adcode for divisions; groupings have no parent; parent one level up with a nesting code."""
    level, parent_id = row.get("level", ""), row.get("parent_id", "")
    problems = []
    if level in ADMINISTRATIVE and row.get("adcode", "") != row.id:
        problems.append(problem("regions.id-not-adcode", "an administrative division's id is its code",
                                file=table.file, row=row, column="adcode", found=row.get("adcode") or "(empty)",
                                expected=row.id))
    if level not in ADMINISTRATIVE and (parent_id or row.get("adcode")):
        column = "parent_id" if parent_id else "adcode"
        problems.append(problem(GROUPING[column], f"a {level or 'grouping'} row takes no {column}", file=table.file,
                                row=row, column=column, found=row[column], expected="(empty)"))
    parent = by_id.get(parent_id)
    if parent is None or level not in ORDER:
        return problems
    if ORDER.get(parent.get("level", ""), -9) != ORDER[level] - 1:
        problems.append(problem("regions.parent-level", f"a {level}'s parent is one level up, not a "
                                f"{parent.get('level')}", file=table.file, row=row, column="parent_id",
                                found=f"{parent_id} ({parent.get('level')})",
                                expected=next((k for k, v in ORDER.items() if v == ORDER[level] - 1), "(none)")))
    elif level in SHARED_DIGITS and row.id[:SHARED_DIGITS[level]] != parent_id[:SHARED_DIGITS[level]]:
        digits = SHARED_DIGITS[level]
        problems.append(problem("regions.code-not-nested", f"a {level}'s code starts with the first {digits} "
                                f"digits of its parent {parent_id}", file=table.file, row=row, column="id",
                                found=row.id, expected=f"{parent_id[:digits]}…"))
    return problems


def reference_problems(table: Table, row: Row, reference: Mapping[str, RowLike]) -> list[Problem]:
    """Code, name, level and parent as in reference/gansu-admin-divisions.csv."""
    code = row.get("adcode", "")
    official = reference.get(code)
    if official is None:
        return [problem("regions.unknown-code", f"code {code} is not in {REFERENCE}", file=table.file, row=row,
                        column="adcode", found=code, expected="a GB/T 2260 code")]
    problems = []
    wanted_parent = official.get("parent_code", "")
    for column, wanted in (("name_zh", official.get("name_zh", "")), ("level", official.get("level", "")),
                           ("parent_id", wanted_parent)):
        actual = row.get(column, "")
        if column == "parent_id" and not wanted_parent and not actual.isdigit():
            continue  # a province: its parent may be the country row or empty
        if actual != wanted:
            problems.append(problem("regions.reference-mismatch", f"{REFERENCE} gives {code} {column} {show(wanted)}",
                                    file=table.file, row=row, column=column, found=actual or "(empty)",
                                    expected=wanted or "(empty)"))
    return problems


def quote_problems(table: Table, row: Row) -> list[Problem]:
    """A stated row's quote contains the name as written (or the official name)."""
    quote, written, name = row.get("quote", ""), row.get("name_as_written", ""), row.get("name_zh", "")
    if row.get("status") != "stated" or not quote or (written and written in quote) or (name and name in quote):
        return []
    return [problem("regions.quote-without-name", "the quote of a stated region does not contain its name",
                    file=table.file, row=row, column="name_as_written" if written else "name_zh",
                    found=written or name, expected=f"a name inside {show(quote)}")]


@check(NAME)
def regions(package: Package) -> list[Problem]:
    """Division codes nest and levels step down (country > province > prefecture > county > township; groupings
    are parentless), id == adcode for divisions, code/name/level/parent agree with
    reference/gansu-admin-divisions.csv, a stated row's quote contains its name, and the one region of level country
    is named as the country."""
    table = require(package, "regions")
    if table is None:
        return []
    try:
        reference = load_reference(package)
    except (OSError, ValueError) as error:
        return [problem("regions.reference-unreadable", f"{REFERENCE} cannot be read: {error}", file=REFERENCE)]
    by_id = {row.id: row for row in table.rows}
    problems = []
    for row in table.rows:
        problems.extend(hierarchy_problems(table, row, by_id))
        if row.get("adcode"):
            problems.extend(reference_problems(table, row, reference))
        problems.extend(quote_problems(table, row))
        if row.get("level") == "country" and row.get("name_zh") not in COUNTRY_NAMES:
            problems.append(problem("regions.country-not-named", "the country is one: a region of level country "
                                    "is named 中国 or 中华人民共和国", file=table.file, row=row, column="level",
                                    found="country",
                                    expected=f"macro_region (or a name_zh of {'/'.join(COUNTRY_NAMES)})"))
    return problems
