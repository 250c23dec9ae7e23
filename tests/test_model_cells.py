"""Table.cells reads the same cells as Table.reader, in one pass when every record is whole."""
from __future__ import annotations

from pathlib import Path

from dataset_tools.model import Row, Table


def table(records: list[tuple[str, ...]]) -> Table:
    header = ["id", "name", "note"]
    index = {column: position for position, column in enumerate(header)}
    rows = [Row(record, number, number, index) for number, record in enumerate(records, start=2)]
    return Table("things", "resources/things.csv", Path("things.csv"), header, rows)


def test_cells_are_the_reader_cells_for_whole_records_short_ones_and_absent_columns():
    whole = table([("a", "甲", ""), ("b", "乙", "n")])
    short = table([("a", "甲", ""), ("b",)])
    for subject in (whole, short):
        for columns in (("id",), ("name", "id"), ("note", "absent", "id"), ("absent",), ()):
            expected = list(map(subject.reader(columns), subject.rows))
            assert list(subject.cells(columns)) == expected, (subject.rows, columns)
    assert list(whole.cells(("name", "id"))) == [("甲", "a"), ("乙", "b")]
    assert list(short.cells(("note",))) == [("",), ("",)]
