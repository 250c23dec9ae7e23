"""One typing rule: the model's cell readers (used by the exports) accept exactly what validation
accepts, i.e. what frictionless reads as the field's type and `canonical-values` finds canonical."""
from __future__ import annotations

import pytest

from dataset_tools.model import CellError, cell_reader
from dataset_tools.validate.checks.canonical import canonical_values
from dataset_tools.validate.checks.table import table_check
from tests.test_checks_support import stand_in_package

SPELLINGS = {
    "boolean": ["true", "false", "True", "TRUE", "False", "1", "0", "yes", "t", " true", "true ", ""],
    "integer": ["0", "7", "-3", "-0", "+3", " 3", "3 ", "03", "1_000", "1,000", "3.0", "1e3",
                "３", "٣", "99999999999999999999", "x", ""],  # noqa: RUF001  (full-width and Arabic-Indic digits meant)
    "number": ["0", "2.47", "-1.5", "+1", "1e3", "NaN", "inf", ".5", "5.", "1,5", "1_0", "01.5", ""],
    "date": ["2024-12-31", "2024-1-5", "2024-02-30", "20241231", "2024/12/31", " 2024-12-31", ""],
}
DECLARED = {"name": "v", "type": "boolean", "trueValues": ["yes", "Y"], "falseValues": ["no"]}


def validation_accepts(field: dict, text: str) -> bool:
    """Whether validate.py's checks on cells (frictionless via `table`, and `canonical-values`)
    accept `text` in a field of that definition."""
    package = stand_in_package({"t": [{"id": "r", "v": text}]})
    package.tables["t"].schema = {"fields": [{"name": "id"}, field], "missingValues": [""]}
    package.descriptor = {"resources": [{"name": "t", "path": "resources/t.csv"}]}
    problems = table_check(package) + canonical_values(package)
    return not [p for p in problems if p.column == "v"]


def export_accepts(field: dict, text: str) -> bool:
    try:
        cell_reader(field, [""])(text)
    except CellError:
        return False
    return True


# Declared trueValues/falseValues (DECLARED) are refused by the allow-list before any cell is read
# (preflight: descriptor.schema-not-allowed), so validation and the exports only meet the defaults.
@pytest.mark.parametrize("field", [{"name": "v", "type": kind} for kind in SPELLINGS],
                         ids=list(SPELLINGS))
def test_the_exports_accept_exactly_what_validation_accepts(field):
    spellings = SPELLINGS[field["type"]] + (["yes", "Y", "no", "true", "false"] if "trueValues" in field else [])
    verdicts = {text: (validation_accepts(field, text), export_accepts(field, text)) for text in spellings}
    disagree = {text: pair for text, pair in verdicts.items() if pair[0] != pair[1]}
    assert not disagree, disagree
    assert {True, False} <= {accepted for accepted, _ in verdicts.values()}   # both outcomes occur


def test_booleans_written_1_or_True_are_refused_and_the_declared_words_are_read():
    boolean = {"name": "v", "type": "boolean"}
    for text in ("1", "True", "0", "FALSE"):
        with pytest.raises(CellError):
            cell_reader(boolean)(text)
    assert [cell_reader(boolean)(text) for text in ("true", "false", "")] == [True, False, None]
    assert [cell_reader(DECLARED)(text) for text in ("yes", "no")] == [True, False]
