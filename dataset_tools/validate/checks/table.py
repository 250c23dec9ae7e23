"""The `table` check: frictionless 5.21 validation of every readable resource, as our problems.

Frictionless is given the rows already loaded, from memory, not the files: each file is parsed
once (by preflight), and frictionless types the cells and checks the header, types, formats,
constraints and primary keys of those rows. Schemas are inlined (already read by the loader) and
`bytes`/`hash` are left out (the `metadata` check owns them). Its error limit (1000 per resource
by default) is raised to ERROR_LIMIT.

Foreign keys are left out of the schemas frictionless sees: frictionless would re-read every
referenced table once per key (organizations.csv six times). They are checked here instead, once,
on the loaded rows, with frictionless's semantics (`foreign_key_problems`). The schema files keep
their foreignKeys: `frictionless validate datapackage.json` still checks them as before.
"""
from __future__ import annotations

from dataset_tools.model import CellError, Package, Table, cell_reader
from dataset_tools.validate.report import Problem, check

NAME = "table"
ERROR_LIMIT = 10_000_000
DESCRIPTOR = "datapackage.json"
FILE_KEYS = ("path", "bytes", "hash", "format", "encoding", "mediatype", "compression", "scheme", "innerpath")


class InlineRows(list):
    """A table's rows as frictionless reads inline data. Frictionless deep-copies descriptors
    (it would copy every cell, twice); the rows are tuples of strings, never changed, so a copy
    is the same object."""

    def __deepcopy__(self, memo: dict) -> "InlineRows":
        return self


def without_foreign_keys(schema: dict) -> dict:
    """A shallow copy of a Table Schema with no foreignKeys (frictionless would read other tables)."""
    return {key: value for key, value in schema.items() if key != "foreignKeys"}


def frictionless_descriptor(package: Package) -> dict:
    """The descriptor frictionless validates: the readable resources with their rows as inline
    data (header first), their schemas inlined without foreign keys, and no file properties."""
    descriptor = {key: value for key, value in package.descriptor.items() if key != "resources"}
    descriptor["resources"] = []
    for entry in package.resource_entries():
        table = package.tables.get(entry.get("name"))
        if table is None:
            continue
        resource = {key: value for key, value in entry.items() if key not in FILE_KEYS}
        resource["schema"] = without_foreign_keys(table.schema)
        resource["data"] = InlineRows([table.header] + [row.cells for row in table.rows])
        descriptor["resources"].append(resource)
    return descriptor


def run_frictionless(package: Package):
    """Validate with frictionless; returns its Report (FrictionlessException turned into errors)."""
    from frictionless import FrictionlessException
    from frictionless import Package as FrictionlessPackage
    from frictionless import Report

    try:
        target = FrictionlessPackage(frictionless_descriptor(package), basepath=str(package.root))
        return target.validate(limit_errors=ERROR_LIMIT)
    except FrictionlessException as exception:
        return Report.from_validation(errors=exception.to_errors())


def to_problem(package: Package, task_name: str | None, error) -> Problem:
    """One frictionless error as a Problem naming file, row, column and row id."""
    table = package.tables.get(task_name) if task_name else None
    row_number = getattr(error, "row_number", None)
    row = table.rows[row_number - 2] if table and row_number and 2 <= row_number <= len(table.rows) + 1 else None
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    if getattr(error, "field_names", None):
        column = ", ".join(error.field_names)
    message = f"{error.title}: {error.note}" if getattr(error, "note", "") else error.message
    found = getattr(error, "cell", None)
    expected = error.note if error.type in ("type-error", "constraint-error") else None
    if table is None:
        return Problem(NAME, message, file=DESCRIPTOR if task_name is None else task_name,
                       row=row_number, column=column, found=found, expected=expected)
    problem = table.problem(NAME, row, column, message, found, expected)
    return problem if row else Problem(NAME, message, file=table.file, row=row_number, column=column,
                                       found=found, expected=expected)


def names(value) -> list[str]:
    """A Table Schema key, written as one name or a list of names."""
    return [value] if isinstance(value, str) else list(value or [])


def schema_positions(table: Table) -> dict[str, int]:
    """Field name -> position of its cell, as frictionless reads rows: by the schema's field order
    (a header that differs is reported as such; the cells are still read by position)."""
    fields = [f.get("name") for f in table.schema.get("fields") or [] if isinstance(f, dict)]
    return {name: position for position, name in enumerate(fields)} if fields else dict(table.index)


def typed_keys(table: Table, columns: list[str]) -> list[tuple | None]:
    """The key of every row as frictionless compares it: the cells of `columns` typed by the schema
    (None for a missing value, a missing cell or a cell that is not of its type), or None for a
    row whose key cells are all None."""
    fields = {f.get("name"): f for f in table.schema.get("fields") or [] if isinstance(f, dict)}
    missing, positions = table.schema.get("missingValues", [""]), schema_positions(table)
    spec = fields.get(columns[0], {}) if len(columns) == 1 else {}
    if spec.get("type", "string") == "string" and spec.get("format", "default") == "default" and len(columns) == 1:
        position, empty = positions[columns[0]], frozenset(missing)   # the common case, kept fast:
        cells = [row.cells[position] if position < len(row.cells) else None for row in table.rows]
        return [None if cell is None or cell in empty else (cell,) for cell in cells]
    readers = []
    for column in columns:
        spec = fields.get(column, {"name": column})
        if spec.get("type", "string") == "string" and spec.get("format", "default") == "default":
            readers.append(None)   # text is its own value: only missing values become None
            continue
        try:
            readers.append(cell_reader(spec, missing))
        except KeyError:   # a type the model does not read: compared as text
            readers.append(None)
    empty, wanted = frozenset(missing), [(positions[column], read) for column, read in zip(columns, readers)]

    def typed(cells: tuple, position: int, read) -> object:
        text = cells[position] if position < len(cells) else None
        if text is None or text in empty:
            return None
        try:
            return read(text) if read else text
        except CellError:
            return None
    keys = [tuple(typed(row.cells, position, read) for position, read in wanted) for row in table.rows]
    return [key if any(cell is not None for cell in key) else None for key in keys]


def foreign_key_problems(package: Package, table: Table, key: dict, lookups: dict) -> list[Problem]:
    """Rows of `table` whose foreign key `key` names no row of the referenced table.

    frictionless 5.21's rule: a key whose cells are all missing is not checked; the referenced
    rows' keys are typed by their schema, keys all missing are not looked up; a key of several
    columns must match as a whole; a reference with no resource (or its own name) is the table
    itself; a reference to a resource the descriptor does not have is an error of the table.
    """
    columns, reference = names(key.get("fields")), key.get("reference") or {}
    target_name, target_columns = reference.get("resource") or "", names(reference.get("fields"))
    if not columns or not all(column in schema_positions(table) for column in columns):
        return []   # a key on no field: the schema is wrong (frictionless checks no such key either)
    target = table if target_name in ("", table.name) else package.tables.get(target_name)
    if target is None:
        if target_name in package.skipped:
            return []   # unreadable: preflight has said so; its keys cannot be judged
        return [Problem(NAME, f'Resource Error: failed to handle a foreign key for resource "{table.name}" as '
                        f'resource "{target_name}" does not exist', file=table.file)]
    lookup_key = (target.name, tuple(target_columns))
    if not all(column in schema_positions(target) for column in target_columns):
        lookups[lookup_key] = set()   # frictionless reads None for a field its schema lacks
    if lookup_key not in lookups:
        lookups[lookup_key] = set(typed_keys(target, target_columns))
        lookups[lookup_key].discard(None)
    known, problems = lookups[lookup_key], []
    for row, cells in zip(table.rows, typed_keys(table, columns)):
        if cells is not None and cells not in known:
            note = (f'for "{", ".join(columns)}": values "{", ".join(map(str, cells))}" not found in the '
                    f'lookup table "{target_name}" as "{", ".join(target_columns)}"')
            problems.append(table.problem(NAME, row, ", ".join(columns), f"ForeignKey Error: {note}"))
    return problems


@check(NAME)
def table_check(package: Package) -> list[Problem]:
    """Every readable resource passes frictionless 5.21 validation: header, types, formats, constraints, primary and foreign keys.

    Resources preflight could not read are skipped (and foreign keys into them are not checked).
    """
    if not package.tables:
        return []
    report = run_frictionless(package)
    problems = [to_problem(package, None, error) for error in report.errors]
    for task in report.tasks:
        problems.extend(to_problem(package, task.name, error) for error in task.errors)
        if len(task.errors) >= ERROR_LIMIT:
            problems.append(Problem(NAME, f"frictionless stopped after {ERROR_LIMIT} errors",
                                    file=package.tables[task.name].file))
    lookups: dict = {}
    for table in package.tables.values():
        for key in table.schema.get("foreignKeys") or []:
            if isinstance(key, dict):
                problems.extend(foreign_key_problems(package, table, key, lookups))
    return problems
