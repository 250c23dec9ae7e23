"""The `table` check: frictionless 5.21 validation of every readable resource, as our problems.

Frictionless gets a descriptor built from the allow-list (`allowlist.frictionless_resource`):
the package name and, per resource, its name, path, csv, utf-8 and its schema inlined (already
read by the loader) with only the allowed keys; `bytes`/`hash` are left to the `metadata` check,
and foreign keys to resources that could not be read are dropped (those resources are reported
once, by preflight). Nothing else the file says reaches frictionless. Every `constraints.pattern`
is first matched against its column here within PATTERN_SECONDS of CPU time in all; a pattern
that runs out of time (catastrophic backtracking) is reported and never given to frictionless.
Its error limit (1000 per resource by default) is raised to ERROR_LIMIT. When a referenced table
cannot be opened, frictionless repeats that table's error under every table that references it
and stops validating them: such copies are dropped and the referencing tables are validated
again without those foreign keys.
"""
from __future__ import annotations

import copy
import re
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from dataset_tools.model import Package
from dataset_tools.paths import name_problem
from dataset_tools.validate.allowlist import frictionless_resource, frictionless_schema
from dataset_tools.validate.limits import MAX_TABLE_ERRORS, PATTERN_SECONDS
from dataset_tools.validate.report import Problem, check, declare, problem

NAME = "table"
ERROR_LIMIT = MAX_TABLE_ERRORS
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


def foreign_targets(schema: dict, own_name: str) -> set[str]:
    """Names of the other resources a schema's foreign keys point at."""
    targets = set()
    for key in schema.get("foreignKeys") or []:
        reference = key.get("reference") if isinstance(key, dict) else None
        resource = reference.get("resource") if isinstance(reference, dict) else None
        if resource and resource != own_name:
            targets.add(resource)
    return targets


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
                    "table.slow-pattern",
                    f"{table.file} column {field['name']}: constraints.pattern {pattern!r:.80} was not "
                    f"matched against every cell within {budget:g} s of CPU time (all patterns together): "
                    "a pattern that backtracks catastrophically, e.g. nested repeats such as (a+)+, is refused",
                    file=table.file, column=field["name"], expected="a pattern that matches in linear time")
            spent += time.process_time() - started
    return slow


def frictionless_descriptor(package: Package, dropped: set[str], slow: dict | None = None) -> dict:
    """The descriptor frictionless validates, built from the allow-list: readable resources,
    inlined filtered schemas, no bytes/hash, no foreign keys towards `dropped` or unreadable
    resources, and no pattern that `slow_patterns` refused."""
    name = package.descriptor.get("name")
    resources: list[dict] = []
    descriptor = {"name": name if name_problem(name) is None else "package", "resources": resources}
    for entry in package.resource_entries():
        table = package.tables.get(entry.get("name", ""))
        if table is None:
            continue
        schema = frictionless_schema(copy.deepcopy(table.schema), set((slow or {}).get(table.name, {})))
        unwanted = dropped | set(package.skipped)
        schema["foreignKeys"] = [key for key in schema.get("foreignKeys") or []
                                 if not foreign_targets({"foreignKeys": [key]}, table.name) & unwanted]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        resources.append(frictionless_resource(entry, schema))
    return descriptor


def run_frictionless(package: Package, dropped: set[str], name: str | None = None,
                     slow: dict | None = None) -> Any:
    """Validate with frictionless; returns its Report (FrictionlessException turned into errors)."""
    from frictionless import FrictionlessException, Report
    from frictionless import Package as FrictionlessPackage

    try:
        target = FrictionlessPackage(frictionless_descriptor(package, dropped, slow), basepath=str(package.root))
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


def deduplicated_tasks(package: Package, slow: dict | None = None) -> tuple[list, list]:
    """(package-level errors, tasks) with referenced tables' errors reported once, by their owner."""
    report = run_frictionless(package, set(), slow=slow)
    tasks = {task.name: task for task in report.tasks}
    schemas = {name: table.schema for name, table in package.tables.items()}
    copies = {name: inherited_errors(task, tasks, schemas) for name, task in tasks.items()}
    broken = {name for name, task in tasks.items() if any(is_file_level(e) for e in task.errors)}
    for name in [name for name, errors in copies.items() if errors]:
        rerun = run_frictionless(package, broken, name, slow)
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
    """Every readable resource passes frictionless 5.21 validation: header, types, formats, constraints, primary and
    foreign keys.

    Resources preflight could not read are skipped (and foreign keys into them are not checked).
    """
    if not package.tables:
        return []
    slow = slow_patterns(package)
    package_errors, tasks = deduplicated_tasks(package, slow)
    problems = [refused for fields in slow.values() for refused in fields.values()]
    problems += [to_problem(package, None, error) for error in package_errors]
    for task in tasks:
        problems.extend(to_problem(package, task.name, error) for error in task.errors)
        if len(task.errors) >= ERROR_LIMIT:
            problems.append(problem("table.error-limit", f"frictionless stopped after {ERROR_LIMIT} errors",
                                    file=package.tables[task.name].file))
    return problems
