"""Preflight: the first thing validate.py runs. It refuses broken, hostile or edited input calmly.

Before any parser (frictionless, the csv module, the other checks) sees the package, preflight
reads the descriptor and the bytes of every data file under fixed limits and reports, in plain
words, what cannot be read safely. It never writes and never raises.

Three outcomes (docs/when-validation-fails.md says the same for users):

* fatal (`PreflightResult.fatal`, validate.py exits 2): the package cannot be read at all. The
  descriptor is missing, not a regular file, larger than MAX_DESCRIPTOR_BYTES, empty, not UTF-8,
  not valid JSON, not a JSON object, or has no non-empty `resources` list.
* one resource unreadable (exit 1): named in `PreflightResult.unreadable`; later checks must not
  parse its file, the other resources are still checked. Any problem of its descriptor entry
  (no name, path, schema, format or encoding; format not csv; encoding not utf-8: the JSON
  Schema RESOURCE_ENTRY, checked with jsonschema; a path that is
  missing, not a regular file, a URL, absolute, with `..`, or that leaves the package through a
  symbolic link; a schema that is not a JSON object with `fields`), and any file problem that
  stops a parser from reading it as the package does: larger than MAX_FILE_BYTES, empty, not
  UTF-8, a byte-order mark, NUL bytes, a blank first line, an unclosed quote, text after a
  closing quote, a cell longer than MAX_CELL_CHARS, more than MAX_ROWS rows.
* reported, still readable (exit 1): CRLF line endings, blank lines after the header, a header
  without data rows. The csv module reads the same records, so the other checks still run.

Why here and not in the `table` check: frictionless 5.21 misreports these inputs. With utf-8
declared, one bad byte is an `encoding-error` without row or column and the rest of the file is
never checked (upstream frictionless-py #929, #1376); a quote that is never closed swallows the
rest of the file into one cell and is reported, if at all, as type errors in one row (#1048); a
byte-order mark, CRLF and NUL bytes are accepted silently (#1755 for the BOM). Ragged rows and
duplicated or renamed columns are left to the `table` check, which frictionless reports well
(file, row, field: extra-cell, missing-cell, duplicate-label, incorrect-label).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dataset_tools.paths import read_bounded, regular_file_problem, resolve_inside
from dataset_tools.validate.csv_bytes import csv_file_problems, line_column
from dataset_tools.validate.limits import (
    DESCRIPTOR,
    MAX_CELL_CHARS,
    MAX_DESCRIPTOR_BYTES,
    MAX_FILE_BYTES,
    MAX_SCHEMA_BYTES,
)
from dataset_tools.validate.report import Problem


@dataclass
class PreflightResult:
    fatal: bool                  # the package cannot be read at all -> the CLI exits 2
    problems: list[Problem]      # check names "descriptor" or "files"
    descriptor: dict | None      # the parsed descriptor when readable
    root: Path | None            # the package root (folder of datapackage.json)
    unreadable: set[str] = field(default_factory=set)  # resources later checks must not parse



def parse_json_bytes(name: str, data: bytes) -> tuple[object, str | None, int | None]:
    """(value, None, None) for a JSON document, else (None, what is wrong, line or None)."""
    if not data.strip():
        return None, f"{name} is empty", None
    if data.startswith(b"\xef\xbb\xbf"):
        return None, f"{name} starts with a byte-order mark (EF BB BF): save it as UTF-8 without BOM", 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_column(data, error.start)
        return None, f"{name} is not UTF-8 (first bad byte at line {line}, column {column})", line
    try:
        return json.loads(text), None, None
    except json.JSONDecodeError as error:
        return None, (f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                      f"column {error.colno}"), error.lineno
    except RecursionError:
        return None, f"{name} is not usable JSON: it nests too deeply", None
    except ValueError as error:  # e.g. an integer with more digits than Python converts
        return None, f"{name} is not usable JSON: {error}", None


def read_descriptor(path: Path) -> tuple[dict | None, list[Problem]]:
    """The parsed descriptor, or None and the one fatal problem that stops everything."""
    name = path.name or str(path)
    where = path.absolute().parent

    def fatal(message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(DESCRIPTOR, message, file=name, line=line)]

    if not path.exists() and not path.is_symlink():
        return fatal(f"no package descriptor: {name} does not exist in {where}. Run validate.py "
                     "in the package folder, or give it the package folder or its datapackage.json.")
    why = regular_file_problem(path, name, MAX_DESCRIPTOR_BYTES)
    if why:
        return fatal(f"the package descriptor {why}.")
    value, why, line = parse_json_bytes(name, read_bounded(path, MAX_DESCRIPTOR_BYTES))
    if why:
        return fatal(why + ".", line=line)
    if not isinstance(value, dict):
        return fatal(f"{name} must be a JSON object ({{...}}), found {type(value).__name__}.")
    resources = value.get("resources")
    if not isinstance(resources, list) or not resources:
        return fatal(f"{name} has no resources: it needs a non-empty 'resources' list, "
                     f"found {resources!r:.60}.")
    return value, []


def _schema_problem(root: Path, schema: object) -> str | None:
    """Why a resource's schema cannot be used (unsafe path, missing, bad JSON, no fields), or None."""
    if isinstance(schema, str):
        path, why = resolve_inside(root, schema)
        why = why or (regular_file_problem(path, schema, MAX_SCHEMA_BYTES) if path else None)
        if why or path is None:
            return f"schema {why}"
        schema, why, _ = parse_json_bytes(schema, read_bounded(path, MAX_SCHEMA_BYTES))
        if why:
            return f"schema {why}"
    if not isinstance(schema, dict):
        return f"schema must be a path to a Table Schema file, found {schema!r:.60}"
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) for item in fields):
        return "schema must have a non-empty 'fields' list of objects with a 'name'"
    return None


ENTRY_KEYS = ["name", "path", "schema", "format", "encoding"]  # the order problems are reported in
RESOURCE_ENTRY_WANTED = {"format": "csv", "encoding": "utf-8"}  # said when a value is wrong

# What every resource entry of datapackage.json must declare, as JSON Schema (checked with jsonschema).
RESOURCE_ENTRY = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ENTRY_KEYS,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "format": {"const": "csv"},
        "encoding": {"type": "string", "pattern": "^[Uu][Tt][Ff][-_]?8$"},   # utf-8, UTF8, utf_8, ...
    },
}


@cache
def _entry_validator() -> Any:
    from jsonschema import Draft202012Validator
    return Draft202012Validator(RESOURCE_ENTRY)


def _entry_problems(root: Path, resource: dict) -> list[str]:
    """What is wrong with one resource entry of the descriptor (empty list when nothing)."""
    found: dict[tuple[int, int], str] = {}  # (missing 0 / wrong value 1, key order) -> what
    for error in _entry_validator().iter_errors(resource):
        if error.validator == "required":
            for key in [key for key in error.validator_value if key not in resource]:
                found[(0, ENTRY_KEYS.index(key))] = (
                    "has no 'name'" if key == "name" else f"has no '{key}' (it must be declared)")
        elif error.path:
            key = str(error.path[0])
            found[(1, ENTRY_KEYS.index(key))] = "has no 'name'" if key == "name" else (
                f"{key} must be {RESOURCE_ENTRY_WANTED[key]!r}, found {resource[key]!r:.40}")
    problems = [found[rank] for rank in sorted(found, key=lambda rank: (rank[1] != 0, rank))]
    if "schema" in resource:
        why = _schema_problem(root, resource["schema"])
        if why:
            problems.append(why)
    return problems


def _resource_problems(root: Path, index: int, resource: object,
                       seen: set[str]) -> tuple[str, list[Problem], bool]:
    """(name, problems, unreadable) for one entry of `resources` and its data file."""
    label = f"resources[{index}]"
    if not isinstance(resource, dict):
        return label, [Problem(DESCRIPTOR, f"datapackage.json {label} must be an object, found "
                               f"{type(resource).__name__}.", file="datapackage.json")], True
    given = resource.get("name")
    name = given if isinstance(given, str) and given else label
    found = _entry_problems(root, resource)
    if name in seen:
        found.append("has the same name as an earlier resource")
    seen.add(name)
    path, why = (None, None)
    if "path" in resource:
        path, why = resolve_inside(root, resource["path"])
        why = why or (regular_file_problem(path, resource["path"], None) if path else None)
        if why:
            found.append(f"path {why}")
    problems = [Problem(DESCRIPTOR, f"resource {name!r} in datapackage.json {item}.",
                        file="datapackage.json") for item in found]
    if path is not None and not why:
        more, broken = csv_file_problems(resource["path"], path)
        return name, problems + more, bool(found) or broken
    return name, problems, True


def _source_problems(root: Path, descriptor: dict) -> list[Problem]:
    """Local `sources[].path` entries must stay inside the package and be regular files.

    URLs are allowed (never fetched); a missing file is left to the source-integrity check.
    """
    problems, sources = [], descriptor.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        relative = source.get("path") if isinstance(source, dict) else None
        if not isinstance(relative, str) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", relative):
            continue
        path, why = resolve_inside(root, relative)
        if path is not None and not why and (path.exists() or path.is_symlink()):
            why = regular_file_problem(path, relative, MAX_FILE_BYTES)
        if why:
            problems.append(Problem(DESCRIPTOR, f"datapackage.json sources[{index}] path {why}.",
                                    file="datapackage.json"))
    return problems


def _preflight(descriptor_path: Path) -> PreflightResult:
    """The work of `preflight`, which only adds the guarantee that nothing escapes."""
    csv.field_size_limit(MAX_CELL_CHARS)
    root = descriptor_path.absolute().parent
    descriptor, problems = read_descriptor(descriptor_path)
    if descriptor is None:
        return PreflightResult(True, problems, None, root if root.is_dir() else None, set())
    unreadable: set[str] = set()
    seen: set[str] = set()
    for index, resource in enumerate(descriptor["resources"]):
        name, found, broken = _resource_problems(root, index, resource, seen)
        problems.extend(found)
        if broken:
            unreadable.add(name)
    problems.extend(_source_problems(root, descriptor))
    return PreflightResult(False, problems, descriptor, root, unreadable)


def preflight(descriptor_path: Path) -> PreflightResult:
    """Read the descriptor and every data file under fixed limits; never raises, never writes."""
    descriptor_path = Path(descriptor_path)
    try:
        return _preflight(descriptor_path)
    except (Exception, RecursionError, MemoryError) as error:  # the promise: no traceback
        problem = Problem(DESCRIPTOR, f"the package could not be read: {type(error).__name__}: "
                          f"{error}", file=descriptor_path.name)
        return PreflightResult(True, [problem], None, None, set())
