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
from typing import Any

from dataset_tools.model import Package
from dataset_tools.validate.report import Problem, check

NAME = "table"
ERROR_LIMIT = 10_000_000
DESCRIPTOR = "datapackage.json"


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
        table = package.tables.get(str(entry.get("name")))
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


def run_frictionless(package: Package, dropped: set[str], name: str | None = None) -> Any:
    """Validate with frictionless; returns its Report (FrictionlessException turned into errors)."""
    from frictionless import FrictionlessException, Report
    from frictionless import Package as FrictionlessPackage

    try:
        target = FrictionlessPackage(frictionless_descriptor(package, dropped), basepath=str(package.root))
        return target.validate(name=name, limit_errors=ERROR_LIMIT)
    except FrictionlessException as exception:
        return Report.from_validation(errors=exception.to_errors())


def is_file_level(error: Any) -> bool:
    """An error about the whole file (it could not be opened), not about a row or the header."""
    return getattr(error, "row_number", None) is None and getattr(error, "row_numbers", None) is None \
        and getattr(error, "label", None) is None


def inherited_errors(task: Any, tasks: dict, schemas: dict) -> list:
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


def to_problem(package: Package, task_name: str | None, error: Any) -> Problem:
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


@check(NAME)
def table_check(package: Package) -> list[Problem]:
    """Every readable resource passes frictionless 5.21 validation: header, types, formats, constraints, primary and
    foreign keys.

    Resources preflight could not read are skipped (and foreign keys into them are not checked).
    """
    if not package.tables:
        return []
    package_errors, tasks = deduplicated_tasks(package)
    problems = [to_problem(package, None, error) for error in package_errors]
    for task in tasks:
        problems.extend(to_problem(package, task.name, error) for error in task.errors)
        if len(task.errors) >= ERROR_LIMIT:
            problems.append(Problem(NAME, f"frictionless stopped after {ERROR_LIMIT} errors",
                                    file=package.tables[task.name].file))
    return problems
