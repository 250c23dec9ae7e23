"""Table.cells_of reads every row's cells exactly as Table.reader reads them, one row at a time."""
from __future__ import annotations

from pathlib import Path

import pytest

from dataset_tools.model import Table, parse_csv


def table_of(text: str) -> Table:
    header, rows = parse_csv(text)
    return Table("t", "t.csv", Path("t.csv"), header, rows)


@pytest.mark.parametrize("text", ["id,a,b\n1,x,y\n2,x,z\n",          # every record has the header's length
                                  "id,a,b\n1,x,y\n2,x\n",            # a short record
                                  "id,a,b\n1,x,y,extra\n2,x,z\n",    # a long one
                                  "id,a,b\n"])                       # no rows
@pytest.mark.parametrize("columns", [("a", "b"), ("b", "id", "a"), ("a",), ("a", "missing"), ()])
def test_cells_of_is_the_reader_over_every_row(text, columns):
    table = table_of(text)
    assert table.cells_of(columns) == [table.reader(columns)(row) for row in table.rows]


def test_cells_of_picks_by_position():
    assert table_of("id,a,b\n1,x,y\n2,x,z\n").cells_of(["b", "a"]) == [("y", "x"), ("z", "x")]
