"""The `table` check: frictionless 5.21 validation of every readable resource, as our problems.

Frictionless gets a descriptor built from the allow-list (`allowlist.frictionless_resource`,
`allowlist.frictionless_schema`): the package name and, per readable resource, its name and its
schema (already read by the loader) with only the allowed keys; nothing else the file says reaches
frictionless. Every `constraints.pattern` is first matched against its column here within
PATTERN_SECONDS of CPU time in all; a pattern that runs out of time (catastrophic backtracking) is
reported and never given to frictionless. Its error limit (1000 per resource by default) is raised
to ERROR_LIMIT.

Frictionless is given the rows already loaded, from memory, not the files: each file is parsed
once (by preflight, under its limits), and frictionless types the cells and checks the header,
types, formats, constraints and primary keys of those rows. `bytes`/`hash` are left to the
`metadata` check.

A cell's type and constraint errors depend only on its field and its text, and at scale most
columns repeat a few values. So a table whose header is its schema's field names and whose rows
all have the header's length (`plain_rows`) is given to frictionless with its header alone
(frictionless checks the metadata and the header), and frictionless's own cell reader of each
field (`Field.create_cell_reader`: type, format, missing values, constraints) reads each distinct
text of the column once; its errors go to every row holding that text. Primary keys, `unique`
fields, blank rows and the error limit are then applied to the values frictionless typed exactly
as its row stream applies them (`validate_distinct`: same errors, same order, same rows read).
Any other table, or one whose metadata or header frictionless questions, is validated row by row.

Foreign keys are left out of the schemas frictionless sees: frictionless would re-read every
referenced table once per key (organizations.csv six times). They are checked here instead, once,
on the loaded rows, with frictionless's semantics (`foreign_key_problems`), as `table.foreign-key`
problems; keys into resources that preflight could not read are not checked (preflight reports
those resources once). The schema files keep their foreignKeys: `frictionless validate
datapackage.json` still checks them as before.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dataset_tools.model import CellError, Package, Table, cell_reader
from dataset_tools.paths import name_problem
from dataset_tools.validate.allowlist import frictionless_resource, frictionless_schema
from dataset_tools.validate.distinct_rows import DistinctColumns
from dataset_tools.validate.limits import MAX_TABLE_ERRORS, PATTERN_SECONDS
from dataset_tools.validate.report import Problem, check, declare, problem

if TYPE_CHECKING:
    from frictionless import Error, Report

NAME = "table"
ERROR_LIMIT = MAX_TABLE_ERRORS
MEMORY = 64
"""How many resource reports frictionless made are remembered (see `validate_remembering`)."""
MEMORY_ROWS = 20_000
"""Packages with more data rows than this are not remembered (the real one has under 1,000)."""
MEMORY_ERRORS = 1000
"""A report with more errors than this is not remembered, so the memory stays small."""
_remembered: dict[tuple, Report] = {}
_heads: dict[str, tuple[Any, Report]] = {}
"""A plain table's frictionless resource (header alone) and its report, by the package name and the
resource's entry without rows (see `validate_entries`); the last MEMORY are kept."""
DESCRIPTOR = "datapackage.json"
# One code per frictionless error type (`table.<type>`, meanings as frictionless describes them);
# any other type is `table.other-error`, its type named in the message.
CODES = declare({
    "table.blank-header": "the header row is empty",
    "table.blank-label": "a label of the header row is empty",
    "table.duplicate-label": "two columns of the header have the same name",
    "table.extra-label": "the header has a column the schema does not define",
    "table.missing-label": "the header lacks a column the schema defines",
    "table.incorrect-label": "a header label is not the field name the schema gives at that position",
    "table.blank-row": "a row is empty",
    "table.extra-cell": "a row has more cells than the header",
    "table.missing-cell": "a row has fewer cells than the header",
    "table.type-error": "a cell is not of its field's type and format",
    "table.constraint-error": "a cell breaks a constraint of its field (required, enum, pattern, minimum, ...)",
    "table.unique-error": "a cell of a unique field repeats a value of another row",
    "table.primary-key": "a primary key value repeats",
    "table.foreign-key": "a foreign key value names no row of the referenced resource",
    "table.row-constraint": "a row breaks a row constraint of the schema",
    "table.encoding-error": "frictionless cannot decode the file",
    "table.format-error": "frictionless cannot read the file in its declared format",
    "table.scheme-error": "frictionless cannot open the file's location",
    "table.source-error": "frictionless finds the file's contents unsupported or inconsistent",
    "table.resource-error": "a resource of the descriptor is not valid for frictionless",
    "table.schema-error": "a schema is not a valid Table Schema",
    "table.field-error": "a field of a schema is not valid",
    "table.package-error": "the descriptor is not a valid data package for frictionless",
    "table.dialect-error": "a resource's CSV dialect is not valid",
    "table.other-error": "any other frictionless error; the message names its type",
    "table.error-limit": "frictionless stopped after the error limit; later errors of that file are not listed",
    "table.slow-pattern": "a field's constraints.pattern was not matched against every cell within the CPU-time "
                          "budget (a pattern that backtracks catastrophically); it is not applied",
})


class InlineRows(list):
    """A table's rows as frictionless reads inline data. Frictionless deep-copies descriptors
    (it would copy every cell, twice); the rows are tuples of strings, never changed, so a copy
    is the same object."""

    def __deepcopy__(self, memo: dict) -> InlineRows:
        return self


class PatternTimeout(Exception):
    """The CPU time for matching patterns ran out."""


def _expire(*_: object) -> None:
    raise PatternTimeout


@contextmanager
def cpu_time_limit(seconds: float) -> Iterator[None]:
    """Raise PatternTimeout inside the block after `seconds` of CPU time (main thread, Unix);
    without a virtual timer the block runs unlimited (the process's own limits still apply)."""
    if seconds <= 0:
        raise PatternTimeout
    try:
        previous = signal.signal(signal.SIGVTALRM, _expire)
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    except (AttributeError, ValueError):  # no timer here, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def slow_patterns(package: Package, budget: float | None = None) -> dict[str, dict[str, Problem]]:
    """{resource: {field: problem}} for every pattern not matched against its whole column in time.

    Patterns are matched as frictionless does (`^PATTERN$`, `re.match`) on every non-missing cell.
    When the budget runs out, the field being matched and every field not yet matched are named.
    """
    budget = PATTERN_SECONDS if budget is None else budget
    slow: dict[str, dict[str, Problem]] = {}
    spent = 0.0
    for table in package.tables.values():
        missing = set(table.schema.get("missingValues", [""]))
        for field in table.schema.get("fields", []):
            pattern = (field.get("constraints") or {}).get("pattern")
            if not isinstance(pattern, str) or field.get("name") not in table.columns:
                continue
            started = time.process_time()
            try:
                with cpu_time_limit(budget - spent):
                    match = re.compile(f"^{pattern}$").match
                    for row in table.rows:
                        value = row[field["name"]]
                        if value not in missing:
                            match(value)
            except re.error:  # not a regular expression: preflight refuses the schema
                continue
            except PatternTimeout:
                slow.setdefault(table.name, {})[field["name"]] = problem(
                    "table.slow-pattern", f"{table.file} column {field['name']}: constraints.pattern {pattern!r:.80} "
                    f"was not matched against every cell within {budget:g} s of CPU time (all patterns together): "
                    "a pattern that backtracks catastrophically, e.g. nested repeats such as (a+)+, is refused",
                    file=table.file, column=field["name"], expected="a pattern that matches in linear time")
            spent += time.process_time() - started
    return slow


def frictionless_descriptor(package: Package, slow: dict | None = None) -> dict:
    """The descriptor frictionless validates, built from the allow-list: the readable resources
    with their rows as inline data (header first), their filtered schemas inlined without foreign
    keys and without the patterns `slow_patterns` refused, and no file properties."""
    name = package.descriptor.get("name")
    descriptor: dict[str, Any] = {"name": name if name_problem(name) is None else "package", "resources": []}
    for entry in package.resource_entries():
        resource_name = entry.get("name")
        table = package.tables.get(resource_name) if isinstance(resource_name, str) else None
        if table is None:
            continue
        schema = copy.deepcopy(frictionless_schema(table.schema, set((slow or {}).get(table.name, {}))))
        schema.pop("foreignKeys", None)
        resource = {key: value for key, value in frictionless_resource(entry, schema).items()
                    if key not in ("path", "format", "encoding")}
        resource["data"] = InlineRows([table.header] + [row.cells for row in table.rows])
        descriptor["resources"].append(resource)
    return descriptor


def run_frictionless(package: Package, slow: dict | None = None) -> Report:
    """Validate with frictionless; returns its Report (FrictionlessException turned into errors).

    A package whose frictionless descriptor (names, filtered schemas, rows) was validated before
    in this process gets that report again; see `validate_remembering` for the parts. A package of
    more than MEMORY_ROWS rows is validated as it is: the digest of its rows would cost time and
    memory that one run never gets back."""
    from frictionless import FrictionlessException, Report

    try:
        descriptor = frictionless_descriptor(package, slow)
        if sum(len(table.rows) for table in package.tables.values()) > MEMORY_ROWS:   # one run: nothing to reuse
            return validate_whole(descriptor, str(package.root))
        keys = [resource_key(entry) for entry in descriptor["resources"]]
        whole = (ERROR_LIMIT, json.dumps(descriptor["name"]), tuple(keys))
        report = _remembered.pop(whole, None)
        return remember(whole, validate_remembering(descriptor, keys, str(package.root)) if report is None else report)
    except FrictionlessException as exception:
        return Report.from_validation(errors=exception.to_errors())


def remember(key: tuple, report: Report) -> Report:
    """Keep `report` under `key` as the most recently used (unless it holds more than MEMORY_ERRORS
    errors); forget the oldest beyond MEMORY."""
    if len(report.errors) + sum(len(task.errors) for task in report.tasks) > MEMORY_ERRORS:
        return report
    _remembered[key] = report
    while len(_remembered) > MEMORY:
        del _remembered[next(iter(_remembered))]
    return report


def validate_remembering(descriptor: dict, keys: list[tuple], basepath: str) -> Report:
    """`Package(descriptor).validate(limit_errors=ERROR_LIMIT)` as frictionless 5.21 runs it (the
    descriptor's metadata, then each resource in turn), with the parts remembered by content.

    The metadata verdict depends on the package name and each resource's name and filtered
    schema (the rows are always an inline array), so a verdict of "valid" is remembered under
    them. Without foreign keys, a resource's report depends on nothing but its name, its filtered
    schema and its inline rows (no path: the base path is never read), so these are its key
    (`resource_key`): a copy of the package changed in one file validates only that file again,
    in a frictionless package holding the resources not remembered. The last MEMORY results are
    kept; they are only read, never changed.
    """
    from frictionless import Report

    metadata = ("metadata", json.dumps(descriptor["name"]), tuple(key[1] for key in keys))
    ready = None   # the resources frictionless made while it judged the metadata, one per entry
    if _remembered.pop(metadata, None) is None:
        judged = judge_metadata(descriptor, basepath)
        if not isinstance(judged, list):
            return judged
        ready = judged
    remember(metadata, Report.from_validation())   # the metadata is valid
    known = {key: report for key in keys if (report := _remembered.pop(key, None)) is not None}
    fresh = [index for index, key in enumerate(keys) if key not in known]
    if fresh:
        entries = [descriptor["resources"][index] for index in fresh]
        made = [ready[index] for index in fresh] if ready is not None else None
        for entry, report in zip(entries, validate_entries(descriptor, entries, basepath, made), strict=True):
            known[resource_key(entry)] = report
    return Report.from_validation_reports(time=0, reports=[remember(key, known[key]) for key in keys])


def validate_whole(descriptor: dict, basepath: str) -> Report:
    """`Package(descriptor).validate(limit_errors=ERROR_LIMIT)` as frictionless 5.21 runs it: the
    descriptor's metadata, then each resource in turn (`validate_entries`), nothing remembered."""
    from frictionless import Report

    judged = judge_metadata(descriptor, basepath)
    if not isinstance(judged, list):
        return judged
    return Report.from_validation_reports(time=0, reports=validate_entries(descriptor, descriptor["resources"],
                                                                           basepath, judged))


def judge_metadata(descriptor: dict, basepath: str) -> list | Report:
    """Frictionless's verdict on the descriptor's metadata (the package of `lean_entries`: the rows
    are inline either way): the resources it made, one per entry, or the report to give instead
    (its metadata errors, or its whole run when it did not make one resource per entry)."""
    from frictionless import FrictionlessException, Report
    from frictionless import Package as FrictionlessPackage

    target = FrictionlessPackage(dict(descriptor, resources=lean_entries(descriptor["resources"])), basepath=basepath)
    try:
        target.to_descriptor(validate=True)
    except FrictionlessException as exception:
        return Report.from_validation(errors=exception.to_errors())
    if len(target.resources) != len(descriptor["resources"]):   # not one resource per entry: no key to trust
        return FrictionlessPackage(descriptor, basepath=basepath).validate(limit_errors=ERROR_LIMIT)
    return list(target.resources)


def lean_entries(entries: list[dict]) -> list[dict]:
    """The entries as frictionless is given them: a table of plain rows (`plain_rows`) with its
    header alone, any other with its rows."""
    return [entry if plain_rows(entry) is None else dict(entry, data=InlineRows(entry["data"][:1]))
            for entry in entries]


def validate_entries(descriptor: dict, entries: list[dict], basepath: str, ready: list | None = None) -> list[Report]:
    """`resource.validate(limit_errors=ERROR_LIMIT)` for each entry, its resource in a frictionless
    package of the descriptor's name and these entries (or `ready`, those resources already made
    from `lean_entries`); a table of plain rows (`plain_rows`) is given to frictionless with its
    header alone and its rows validated by distinct values (`validate_distinct`), the others (and
    any whose header frictionless questions) row by row."""
    from frictionless import Package as FrictionlessPackage

    plain = [plain_rows(entry) for entry in entries]
    lean = lean_entries(entries)
    heads = [None if rows is None else json.dumps([descriptor.get("name"), ERROR_LIMIT, entry], ensure_ascii=False)
             for entry, rows in zip(lean, plain, strict=True)]
    fresh = [head is None or head not in _heads for head in heads]   # a header's verdict, once per entry
    known = {head: _heads[head] for head, new in zip(heads, fresh, strict=True) if head is not None and not new}
    wanted = [entry for entry, new in zip(lean, fresh, strict=True) if new]
    made = iter([resource for resource, new in zip(ready, fresh, strict=True) if new] if ready is not None else
                FrictionlessPackage(dict(descriptor, resources=wanted), basepath=basepath).resources if wanted else [])
    reports: list[Report | None] = []
    for head, rows, new in zip(heads, plain, fresh, strict=True):
        resource = next(made) if new else None
        if head is None or rows is None:
            reports.append(resource.validate(limit_errors=ERROR_LIMIT) if resource is not None else None)
            continue
        if resource is not None:
            known[head] = (resource, resource.validate(limit_errors=ERROR_LIMIT))
        reports.append(validate_distinct(*known[head], rows))
    for head in heads:   # the most recently used last; the oldest beyond MEMORY forgotten
        if head is not None:
            _heads[head] = _heads.pop(head, known[head])
    again = [entry for entry, report in zip(entries, reports, strict=True) if report is None]
    whole = iter(FrictionlessPackage(dict(descriptor, resources=again), basepath=basepath).resources if again else [])
    return [report if report is not None else next(whole).validate(limit_errors=ERROR_LIMIT) for report in reports]


DISTINCT_TYPES = frozenset({"any", "string", "integer", "number", "boolean", "date"})
"""Field types whose typed cells are hashable scalars: tables of these are validated by distinct values."""


def plain_rows(entry: dict) -> list | None:
    """The data rows of a resource entry if frictionless reads them one cell per schema field, in
    order: no dialect or other key than name, schema and data; a schema of fields (types of
    DISTINCT_TYPES), primaryKey and missingValues only; the header the field names, each once;
    every row as long as the header. None otherwise (such a table is validated row by row)."""
    schema, data = entry.get("schema"), entry.get("data")
    if set(entry) != {"name", "schema", "data"} or not isinstance(schema, dict) or not isinstance(data, list):
        return None
    fields = schema.get("fields")
    if not data or not set(schema) <= {"fields", "primaryKey", "missingValues"} or not isinstance(fields, list) \
            or not fields:
        return None
    if not all(isinstance(field, dict) and field.get("type", "any") in DISTINCT_TYPES for field in fields):
        return None
    header, width = list(data[0]), len(fields)
    if header != [field.get("name") for field in fields] or len(set(header)) != width:
        return None
    rows = data[1:]
    return rows if all(len(row) == width for row in rows) else None


def validate_distinct(resource: Any, head: Report, rows: list) -> Report | None:
    """What `resource.validate(limit_errors=ERROR_LIMIT)` reports for `resource` with `rows` under its
    header, from frictionless reading each distinct cell of a column once (`DistinctColumns`);
    `resource` holds the header alone (see `plain_rows`), and `head` is what frictionless reported
    of it (metadata and header). None if that has errors or warnings (the caller then validates the
    rows themselves). The errors stop at ERROR_LIMIT after the row that reaches it, as
    frictionless's do."""
    from frictionless import Report

    started = time.perf_counter()
    if not head.valid or head.warnings or len(head.tasks) != 1 or head.tasks[0].warnings:
        return None
    table = DistinctColumns.of(resource.schema.fields, resource.schema.primary_key, rows)
    errors, warnings, count = list(head.tasks[0].errors), [], len(rows)
    for index in table.rows_with_errors():
        errors.extend(table.row_errors(index))
        if len(errors) >= ERROR_LIMIT:
            errors, count = errors[:ERROR_LIMIT], index + 1
            warnings.append(f"reached error limit: {ERROR_LIMIT}")
            break
    resource.stats.rows = count
    return Report.from_validation_task(resource, time=time.perf_counter() - started,
                                       labels=head.tasks[0].labels, errors=errors, warnings=warnings)


def resource_key(entry: dict) -> tuple[int, str, bytes]:
    """What a resource's report depends on: the error limit, its descriptor but the rows (as
    JSON text, keys in order) and the digest of its rows (header first)."""
    rest = {key: value for key, value in entry.items() if key != "data"}
    rows = hashlib.sha256(json.dumps(entry["data"], ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return ERROR_LIMIT, json.dumps(rest), rows.digest()


def to_problem(package: Package, task_name: str | None, error: Error) -> Problem:
    """One frictionless error as a Problem naming file, row, column and row id."""
    table = package.tables.get(task_name) if task_name else None
    row_number = getattr(error, "row_number", None)
    row = table.rows[row_number - 2] if table and row_number and 2 <= row_number <= len(table.rows) + 1 else None
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    field_names = getattr(error, "field_names", None)   # the errors of keys name several fields
    if field_names:
        column = ", ".join(field_names)
    message = f"{error.title}: {error.note}" if getattr(error, "note", "") else error.message
    code = f"{NAME}.{error.type}"
    if code not in CODES:
        code, message = "table.other-error", f"{message} (frictionless {error.type})"
    found = getattr(error, "cell", None)
    expected = error.note if error.type in ("type-error", "constraint-error") else None
    file = table.file if table else (DESCRIPTOR if task_name is None else task_name)
    return problem(code, message, file=file, row=row if row is not None else row_number, column=column,
                   found=found, expected=expected)


def names(value: str | list[str] | None) -> list[str]:
    """A Table Schema key, written as one name or a list of names."""
    return [value] if isinstance(value, str) else list(value or [])


def schema_positions(table: Table) -> dict[str, int]:
    """Field name -> position of its cell, as frictionless reads rows: by the schema's field order
    (a header that differs is reported as such; the cells are still read by position)."""
    fields = [f.get("name") for f in table.schema.get("fields") or [] if isinstance(f, dict)]
    return ({name: position for position, name in enumerate(fields) if isinstance(name, str)} if fields
            else dict(table.index))


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
    readers: list[Callable[[str], object] | None] = []
    for column in columns:
        spec = fields.get(column, {"name": column})
        if spec.get("type", "string") == "string" and spec.get("format", "default") == "default":
            readers.append(None)   # text is its own value: only missing values become None
            continue
        try:
            readers.append(cell_reader(spec, missing))
        except KeyError:   # a type the model does not read: compared as text
            readers.append(None)
    empty = frozenset(missing)
    wanted = [(positions[column], read) for column, read in zip(columns, readers, strict=True)]

    def typed(cells: tuple, position: int, read: Callable[[str], object] | None) -> object:
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
        return [problem("table.resource-error", f'Resource Error: failed to handle a foreign key for resource '
                        f'"{table.name}" as resource "{target_name}" does not exist', file=table.file)]
    lookup_key = (target.name, tuple(target_columns))
    if not all(column in schema_positions(target) for column in target_columns):
        lookups[lookup_key] = set()   # frictionless reads None for a field its schema lacks
    if lookup_key not in lookups:
        lookups[lookup_key] = set(typed_keys(target, target_columns))
        lookups[lookup_key].discard(None)
    known, problems = lookups[lookup_key], []
    for row, cells in zip(table.rows, typed_keys(table, columns), strict=True):
        if cells is not None and cells not in known:
            note = (f'for "{", ".join(columns)}": values "{", ".join(map(str, cells))}" not found in the '
                    f'lookup table "{target_name}" as "{", ".join(target_columns)}"')
            problems.append(problem("table.foreign-key", f"ForeignKey Error: {note}", file=table.file, row=row,
                                    column=", ".join(columns)))
    return problems


@check(NAME)
def table_check(package: Package) -> list[Problem]:
    """Every readable resource passes frictionless 5.21 validation: header, types, formats, constraints, primary and
    foreign keys.

    Resources preflight could not read are skipped (and foreign keys into them are not checked).
    """
    if not package.tables:
        return []
    slow = slow_patterns(package)
    report = run_frictionless(package, slow)
    problems = [refused for fields in slow.values() for refused in fields.values()]
    problems += [to_problem(package, None, error) for error in report.errors]
    for task in report.tasks:
        problems.extend(to_problem(package, task.name, error) for error in task.errors)
        if len(task.errors) >= ERROR_LIMIT:
            problems.append(problem("table.error-limit", f"frictionless stopped after {ERROR_LIMIT} errors",
                                    file=package.tables[task.name].file))
    lookups: dict = {}
    for table in package.tables.values():
        for key in frictionless_schema(table.schema).get("foreignKeys") or []:   # as the allow-list keeps them
            if isinstance(key, dict):
                problems.extend(foreign_key_problems(package, table, key, lookups))
    return problems
