"""The `table` check: frictionless 5.21 validation of every readable resource, as our problems.

Frictionless gets a copy of the descriptor, never the files' paths to write to: schemas are
inlined (already read by the loader), `bytes`/`hash` are left out (the `metadata` check owns
them) and foreign keys to resources that could not be read are dropped (those resources are
reported once, by preflight). Its error limit (1000 per resource by default) is raised to
ERROR_LIMIT. When a referenced table cannot be opened, frictionless repeats that table's error
under every table that references it and stops validating them: such copies are dropped and the
referencing tables are validated again without those foreign keys.
"""
from __future__ import annotations

import copy

from dataset_tools.model import Package
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "table"
ERROR_LIMIT = 10_000_000
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
})


def foreign_targets(schema: dict, own_name: str) -> set[str]:
    """Names of the other resources a schema's foreign keys point at."""
    targets = set()
    for key in schema.get("foreignKeys") or []:
        reference = key.get("reference") if isinstance(key, dict) else None
        resource = reference.get("resource") if isinstance(reference, dict) else None
        if resource and resource != own_name:
            targets.add(resource)
    return targets


def frictionless_descriptor(package: Package, dropped: set[str]) -> dict:
    """The descriptor frictionless validates: readable resources, inlined schemas, no bytes/hash,
    and no foreign keys towards `dropped` or unreadable resources."""
    descriptor = {key: copy.deepcopy(value) for key, value in package.descriptor.items() if key != "resources"}
    descriptor["resources"] = []
    for entry in package.resource_entries():
        table = package.tables.get(entry.get("name"))
        if table is None:
            continue
        resource = {key: copy.deepcopy(value) for key, value in entry.items() if key not in ("bytes", "hash")}
        schema = copy.deepcopy(table.schema)
        unwanted = dropped | set(package.skipped)
        schema["foreignKeys"] = [key for key in schema.get("foreignKeys") or []
                                 if not foreign_targets({"foreignKeys": [key]}, table.name) & unwanted]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        resource["schema"] = schema
        descriptor["resources"].append(resource)
    return descriptor


def run_frictionless(package: Package, dropped: set[str], name: str | None = None):
    """Validate with frictionless; returns its Report (FrictionlessException turned into errors)."""
    from frictionless import FrictionlessException
    from frictionless import Package as FrictionlessPackage
    from frictionless import Report

    try:
        target = FrictionlessPackage(frictionless_descriptor(package, dropped), basepath=str(package.root))
        return target.validate(name=name, limit_errors=ERROR_LIMIT)
    except FrictionlessException as exception:
        return Report.from_validation(errors=exception.to_errors())


def is_file_level(error) -> bool:
    """An error about the whole file (it could not be opened), not about a row or the header."""
    return getattr(error, "row_number", None) is None and getattr(error, "row_numbers", None) is None \
        and getattr(error, "label", None) is None


def inherited_errors(task, tasks: dict, schemas: dict) -> list:
    """Errors of `task` that are copies of a file-level error of a table it references."""
    theirs = set()
    for target in foreign_targets(schemas.get(task.name, {}), task.name):
        other = tasks.get(target)
        theirs |= {(e.type, e.note) for e in (other.errors if other else []) if is_file_level(e)}
    return [error for error in task.errors if is_file_level(error) and (error.type, error.note) in theirs]


def deduplicated_tasks(package: Package) -> tuple[list, list]:
    """(package-level errors, tasks) with referenced tables' errors reported once, by their owner."""
    report = run_frictionless(package, set())
    tasks = {task.name: task for task in report.tasks}
    schemas = {name: table.schema for name, table in package.tables.items()}
    copies = {name: inherited_errors(task, tasks, schemas) for name, task in tasks.items()}
    broken = {name for name, task in tasks.items() if any(is_file_level(e) for e in task.errors)}
    for name in [name for name, errors in copies.items() if errors]:
        rerun = run_frictionless(package, broken, name)
        if rerun.tasks:
            tasks[name] = rerun.tasks[0]
    return list(report.errors), list(tasks.values())


def to_problem(package: Package, task_name: str | None, error) -> Problem:
    """One frictionless error as a Problem naming file, row, column and row id."""
    table = package.tables.get(task_name) if task_name else None
    row_number = getattr(error, "row_number", None)
    row = table.rows[row_number - 2] if table and row_number and 2 <= row_number <= len(table.rows) + 1 else None
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    if getattr(error, "field_names", None):
        column = ", ".join(error.field_names)
    message = f"{error.title}: {error.note}" if getattr(error, "note", "") else error.message
    code = f"{NAME}.{error.type}"
    if code not in CODES:
        code, message = "table.other-error", f"{message} (frictionless {error.type})"
    found = getattr(error, "cell", None)
    expected = error.note if error.type in ("type-error", "constraint-error") else None
    file = table.file if table else (DESCRIPTOR if task_name is None else task_name)
    return problem(code, message, file=file, row=row if row is not None else row_number, column=column,
                   found=found, expected=expected)


@check(NAME)
def table_check(package: Package) -> list[Problem]:
    """Every readable resource passes frictionless 5.21 validation: header, types, formats, constraints, primary and foreign keys.

    Resources preflight could not read are skipped (and foreign keys into them are not checked).
    """
    if not package.tables:
        return []
    package_errors, tasks = deduplicated_tasks(package)
    problems = [to_problem(package, None, error) for error in package_errors]
    for task in tasks:
        problems.extend(to_problem(package, task.name, error) for error in task.errors)
        if len(task.errors) >= ERROR_LIMIT:
            problems.append(problem("table.error-limit", f"frictionless stopped after {ERROR_LIMIT} errors",
                                    file=package.tables[task.name].file))
    return problems
