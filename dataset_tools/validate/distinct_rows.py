"""Frictionless 5.21's row validation of a plain table, worked out from each distinct cell once.

A cell's type and constraint errors depend only on its field and its text (frictionless reads a
cell with `Field.create_cell_reader`: type, format, missing values, every constraint but
`unique`), and at scale most columns repeat a few texts. `DistinctColumns` has frictionless read
each distinct text of a column once, then does the rest of a row's validation as `TableResource`'s
row stream and `Row` do it, on the values frictionless typed: per row, the cells of the unique
fields (each with its unique-error), then those of the primary key (with its primary-key error),
then the other cells, in field order; a row whose cells are all missing values is one blank-row
error instead. The `table` check (`validate_distinct`) applies the error limit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL_MISSING = 'cells composing the primary keys are all "None"'


def key_notes(values: list) -> dict[int, str]:
    """{row index: note} for the rows whose key (None: no key) repeats an earlier row's, as
    frictionless notes them ("the same as in the row at position N", N the last such row)."""
    seen: dict = {}
    notes = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        if value in seen:
            notes[index] = f"the same as in the row at position {seen[value]}"
        seen[value] = index + 2
    return notes


@dataclass
class DistinctColumns:
    """The rows of a plain table, each distinct text of a column read once by frictionless."""

    rows: list
    names: list[str]
    read: list[dict]                  # per column: text -> (typed value, notes) from frictionless's reader
    blank: list[set]                  # per column: the texts frictionless reads as a missing value
    key: list[int]                    # positions of the primary key's fields
    unique: dict[int, dict[int, str]] = field(default_factory=dict)   # unique field -> {row index: note}
    primary: dict[int, str] = field(default_factory=dict)             # row index -> primary-key note

    @classmethod
    def of(cls, fields: list[Any], primary_key: list[str], rows: list) -> DistinctColumns:
        """Read the distinct texts of every column with the field's frictionless cell reader, and
        note the rows whose unique cells or primary key repeat an earlier row's."""
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in fields]
        read = [{text: reader(text) for text in set(column)}
                for column, reader in zip(columns, [f.create_cell_reader() for f in fields], strict=True)]
        blank = [{text for text, (value, notes) in cells.items() if value is None and not (notes or {}).get("type")}
                 for cells in read]
        names = [f.name for f in fields]
        key = [names.index(name) for name in primary_key] if primary_key and set(primary_key) <= set(names) else []
        table = cls(rows, names, read, blank, key)
        typed = {position: [read[position][text][0] for text in columns[position]]
                 for position in {*key, *(p for p, f in enumerate(fields) if f.constraints.get("unique"))}}
        table.unique = {position: key_notes(typed[position]) for position, f in enumerate(fields)
                        if f.constraints.get("unique")}
        keys, nothing = list(zip(*(typed[position] for position in key), strict=True)), (None,) * len(key)
        table.primary = {index: ALL_MISSING for index, cells in enumerate(keys) if cells == nothing}
        table.primary.update(key_notes([None if cells == nothing else cells for cells in keys]))
        return table

    def is_blank(self, row: tuple) -> bool:
        """Whether every cell of the row is a missing value."""
        return all(text in texts for text, texts in zip(row, self.blank, strict=True))

    def rows_with_errors(self) -> list[int]:
        """The indexes of the rows with at least one error, in order."""
        marked = set(self.primary) | {index for notes in self.unique.values() for index in notes}
        for position, cells in enumerate(self.read):
            bad = {text for text, (_, notes) in cells.items() if notes}
            if bad:
                marked.update(index for index, row in enumerate(self.rows) if row[position] in bad)
        if all(self.blank):
            marked.update(index for index, row in enumerate(self.rows) if self.is_blank(row))
        return sorted(marked)

    def row_errors(self, index: int) -> list[Any]:
        """The errors of one row, in frictionless's order (see the module's docstring)."""
        from frictionless import errors as found

        row, number, done = self.rows[index], index + 2, set()
        errors: list[Any] = []
        shown = ["" if text is None else str(text) for text in row]   # as frictionless shows cells

        def cell(position: int) -> None:   # `Row` reads one cell the first time it is asked for it
            if position not in done:
                done.add(position)
                notes = dict(self.read[position][row[position]][1] or {})
                kinds = [(found.TypeError, notes.pop("type"))] if "type" in notes else []
                for kind, note in kinds + [(found.ConstraintError, note) for note in notes.values()]:
                    errors.append(kind(note=note, cells=list(shown), row_number=number, cell=str(row[position]),
                                       field_name=self.names[position], field_number=position + 1))

        def whole() -> None:   # `Row.errors` reads the cells not read yet; a blank row is one error
            if -1 not in done:
                done.add(-1)
                for position in range(len(self.names)):
                    cell(position)
                if self.is_blank(row):
                    errors[:] = [found.BlankRowError(note="", cells=list(shown), row_number=number)]
        for position, notes in self.unique.items():
            cell(position)
            if index in notes:
                whole()
                errors.append(found.UniqueError(note=notes[index], cells=list(shown), row_number=number,
                                                cell=str(self.read[position][row[position]][0]),
                                                field_name=self.names[position], field_number=position + 1))
        for position in self.key:
            cell(position)
        if index in self.primary:
            whole()
            errors.append(found.PrimaryKeyError(note=self.primary[index], cells=list(shown), row_number=number))
        whole()
        return errors
