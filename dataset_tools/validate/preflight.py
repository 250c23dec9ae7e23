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
  (no name, path, schema, format or encoding; format not csv; encoding not utf-8; a path that is
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
from pathlib import Path

from dataset_tools.validate.csv_bytes import line_column, read_csv_file
from dataset_tools.validate.limits import DESCRIPTOR, MAX_CELL_CHARS, MAX_DESCRIPTOR_BYTES, MAX_FILE_BYTES, MAX_SCHEMA_BYTES
from dataset_tools.paths import read_bounded, regular_file_problem, resolve_inside
from dataset_tools.validate.report import Problem


@dataclass
class PreflightResult:
    fatal: bool                  # the package cannot be read at all -> the CLI exits 2
    problems: list[Problem]      # check names "descriptor" or "files"
    descriptor: dict | None      # the parsed descriptor when readable
    root: Path | None            # the package root (folder of datapackage.json)
    unreadable: set[str] = field(default_factory=set)  # resources later checks must not parse
    parsed: dict = field(default_factory=dict)   # name -> (header, rows) of every readable file:
    #                                              the one parse, handed to the loader



def encoding_problem(encoding: object) -> str | None:
    """The one encoding rule: a resource declares "utf-8" (IANA's name, any letter case), else why not."""
    if isinstance(encoding, str) and encoding.lower() == "utf-8":
        return None
    return f"encoding must be 'utf-8', found {encoding!r:.40}"



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

    def fatal(message: str, line: int | None = None):
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
        why = why or regular_file_problem(path, schema, MAX_SCHEMA_BYTES)
        if why:
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


def _entry_problems(root: Path, resource: dict) -> list[str]:
    """What is wrong with one resource entry of the descriptor (empty list when nothing)."""
    found = []
    if not isinstance(resource.get("name"), str) or not resource.get("name"):
        found.append("has no 'name'")
    for key in ("path", "schema", "format", "encoding"):
        if key not in resource:
            found.append(f"has no '{key}' (it must be declared)")
    if "format" in resource and resource["format"] != "csv":
        found.append(f"format must be 'csv', found {resource['format']!r:.40}")
    if "encoding" in resource and encoding_problem(resource["encoding"]):
        found.append(encoding_problem(resource["encoding"]))
    if "schema" in resource:
        why = _schema_problem(root, resource["schema"])
        if why:
            found.append(why)
    return found


def _resource_problems(root: Path, index: int, resource: object,
                       seen: set[str]) -> tuple[str, list[Problem], bool, tuple | None]:
    """(name, problems, unreadable, (header, rows) when readable) for one entry of `resources`."""
    label = f"resources[{index}]"
    if not isinstance(resource, dict):
        return label, [Problem(DESCRIPTOR, f"datapackage.json {label} must be an object, found "
                               f"{type(resource).__name__}.", file="datapackage.json")], True, None
    name = resource.get("name") if isinstance(resource.get("name"), str) and resource.get("name") else label
    found = _entry_problems(root, resource)
    if name in seen:
        found.append("has the same name as an earlier resource")
    seen.add(name)
    path, why = (None, None)
    if "path" in resource:
        path, why = resolve_inside(root, resource["path"])
        why = why or regular_file_problem(path, resource["path"], None)
        if why:
            found.append(f"path {why}")
    problems = [Problem(DESCRIPTOR, f"resource {name!r} in datapackage.json {item}.",
                        file="datapackage.json") for item in found]
    if path is not None and not why:
        more, broken, parsed = read_csv_file(resource["path"], path)
        unreadable = bool(found) or broken
        return name, problems + more, unreadable, None if unreadable else parsed
    return name, problems, True, None


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
        if not why and (path.exists() or path.is_symlink()):
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
    unreadable, seen, parsed = set(), set(), {}
    for index, resource in enumerate(descriptor["resources"]):
        name, found, broken, rows = _resource_problems(root, index, resource, seen)
        problems.extend(found)
        if broken:
            unreadable.add(name)
        elif rows is not None:
            parsed.setdefault(name, rows)
    problems.extend(_source_problems(root, descriptor))
    return PreflightResult(False, problems, descriptor, root, unreadable, parsed)


def preflight(descriptor_path: Path) -> PreflightResult:
    """Read the descriptor and every data file under fixed limits; never raises, never writes."""
    descriptor_path = Path(descriptor_path)
    try:
        return _preflight(descriptor_path)
    except (Exception, RecursionError, MemoryError) as error:  # the promise: no traceback
        problem = Problem(DESCRIPTOR, f"the package could not be read: {type(error).__name__}: "
                          f"{error}", file=descriptor_path.name)
        return PreflightResult(True, [problem], None, None, set())
