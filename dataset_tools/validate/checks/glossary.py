"""The `glossary` check: one English rendering per Chinese term, as `resources/glossary.csv` gives it.

The fields it governs say so in their schema (`evidence: check:glossary`, see dataset_tools.terms):
names, titles, products and labels of codes. A measure word is rendered by what it counts, so
its term is (measure word, indicator code) (`glossaryContext`); a glossary row without a context
serves every context that has no row of its own (件 is 'items' wherever it is used). Labels of
indicator and programme rows are left to the `definitions` check (their English is their code's),
people's names to `pinyin-names`, an empty English cell to `translations`. A term the glossary
lacks is named on the glossary (the row to add), not on the data row.
"""
from __future__ import annotations

from dataset_tools.model import Package, Table
from dataset_tools.terms import glossary_fields
from dataset_tools.validate.checks.common import require, show
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "glossary"
CODES = declare({
    "glossary.duplicate-term": "a term and context appear twice in the glossary",
    "glossary.rendering-differs": "an English cell is not the glossary's rendering of its Chinese partner",
    "glossary.missing-term": "a Chinese term the data translates has no glossary row",
})


def glossary_problems(glossary: Table) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    """(term, context) -> English, and the glossary rows that render a term a second time."""
    renderings: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    read = glossary.reader(("term_zh", "context", "term_en"))   # None: a column the glossary lacks
    for row, (term, context, term_en) in zip(glossary.rows, map(read, glossary.rows), strict=True):
        key = (term or "", context or "")
        if key in renderings:
            problems.append(problem("glossary.duplicate-term", f"{show(key[0])} is already in the glossary",
                                    file=glossary.file, row=row, column="term_zh", found=term_en,
                                    expected=f"one row per term ({renderings[key]})"))
        else:
            renderings[key] = term_en or ""
    return renderings, problems


@check(NAME)
def glossary(package: Package) -> list[Problem]:
    """Every *_en cell the schemas give to the glossary (names, titles, products, code labels, measure words by
    indicator) is the glossary's one rendering of its *_zh cell (glossary.csv: term_zh, context, term_en)."""
    table = require(package, "glossary")
    if table is None:
        return []
    renderings, problems = glossary_problems(table)
    missing: dict[tuple[str, str], list[str]] = {}
    for other in (other for name, other in package.tables.items() if name != "glossary"):
        for zh, en, context in glossary_fields(other.schema):   # terms.pairs, read by position
            agreeing: set[tuple] = set()   # the cells of rows whose English is the glossary's (rows repeat them)
            for row, cells in zip(other.rows, other.cells((zh, en, context) if context else (zh, en)), strict=True):
                term_zh, term_en = cells[0], cells[1]
                if not term_zh or not term_en or cells in agreeing:
                    continue  # no English at all (the translations check names it), or agreeing cells
                key = (term_zh, cells[2] or "" if context else "")
                wanted = renderings.get(key, renderings.get((term_zh, "")))
                if wanted == term_en:
                    agreeing.add(cells)
                elif wanted is None:
                    missing.setdefault(key, []).append(f"{other.file} row {row.number}")
                elif wanted != term_en:
                    where = f" ({key[1]})" if key[1] else ""
                    problems.append(problem("glossary.rendering-differs", f"the glossary renders {show(term_zh)}"
                                            f"{where} otherwise", file=other.file, row=row, column=en, found=term_en,
                                            expected=wanted))
    for (term, context), places in missing.items():   # the glossary lacks a row: it is named, not the data row
        problems.append(problem("glossary.missing-term", f"the glossary has no rendering of {show(term)}"
                                f"{f' ({context})' if context else ''}, used in {', '.join(places[:3])}",
                                file=table.file, column="term_zh", row_id=term, found="(no row)",
                                expected=f"a glossary row for {term}"))
    return problems
