"""Preflight: the first thing validate.py runs. It refuses broken, hostile or edited input calmly.

Before any parser (frictionless, the csv module, the other checks) sees the package, preflight
reads the descriptor and the bytes of every data file under fixed limits and reports, in plain
words, what cannot be read safely. It never writes and never raises.

Three outcomes (docs/when-validation-fails.md says the same for users):

* fatal (`PreflightResult.fatal`, validate.py exits 2): the package cannot be read at all. The
  descriptor is missing, not a regular file, larger than MAX_DESCRIPTOR_BYTES, empty, not UTF-8,
  not valid JSON (or JSON with a repeated key, NaN/Infinity, a number too large for a float or a
  lone surrogate), not a JSON object, has no non-empty `resources` list, or more than
  MAX_RESOURCES resources.
* one resource unreadable (exit 1): named in `PreflightResult.unreadable`; later checks must not
  parse its file, the other resources are still checked. Any problem of its descriptor entry
  (no name, path, schema, format or encoding; format not csv; encoding not utf-8; a path that is
  missing, not a regular file, a URL, absolute, with `..`, or that leaves the package through a
  symbolic link; a schema that is not a JSON object with `fields`), and any file problem that
  stops a parser from reading it as the package does: larger than MAX_FILE_BYTES, empty, not
  UTF-8, a byte-order mark, NUL bytes, a blank first line, an unclosed quote, text after a
  closing quote, a cell longer than MAX_CELL_CHARS, more than MAX_ROWS rows, or more than
  MAX_TOTAL_ROWS rows in all data files together. Any key or value the allow-list
  (`allowlist.py`) refuses in its entry or its schema, by name.
* reported for the package (exit 1): a key or value the allow-list refuses at the package level,
  and foreign keys that form a cycle between resources (the exports cannot order the tables).
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
import re
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from dataset_tools import jsonio
from dataset_tools.model import Row
from dataset_tools.paths import Refusal, read_bounded, regular_file_problem, resolve_inside
from dataset_tools.validate import allowlist
from dataset_tools.validate.csv_bytes import line_column, read_csv_file
from dataset_tools.validate.limits import (
    MAX_CELL_CHARS,
    MAX_DESCRIPTOR_BYTES,
    MAX_FILE_BYTES,
    MAX_RESOURCES,
    MAX_SCHEMA_BYTES,
    MAX_TOTAL_ROWS,
)
from dataset_tools.validate.report import Problem, declare, problem

CODES = declare({
    "descriptor.missing": "there is no datapackage.json where validate.py was pointed (fatal)",
    "descriptor.unreadable": "datapackage.json cannot be opened (permissions, I/O error) (fatal)",
    "descriptor.not-regular-file": "datapackage.json is a folder, device or pipe (fatal)",
    "descriptor.too-large": "datapackage.json is over the size limit, so it is not read (fatal)",
    "descriptor.empty": "datapackage.json is empty (fatal)",
    "descriptor.bom": "datapackage.json starts with a byte-order mark (fatal)",
    "descriptor.not-utf8": "datapackage.json is not UTF-8 (fatal)",
    "descriptor.invalid-json": "datapackage.json is not valid JSON, or nests too deeply to read (fatal)",
    "descriptor.not-object": "datapackage.json is not a JSON object (fatal)",
    "descriptor.no-resources": "datapackage.json has no non-empty `resources` list (fatal)",
    "descriptor.too-many-resources": "datapackage.json lists more resources than the limit; nothing is checked (fatal)",
    "descriptor.read-error": "reading the package failed unexpectedly; the message names the error (fatal)",
    "descriptor.entry-not-object": "an entry of `resources` is not a JSON object",
    "descriptor.name-missing": "a resource entry has no `name`",
    "descriptor.key-missing": "a resource entry does not declare `path`, `schema`, `format` or `encoding`",
    "descriptor.format-not-csv": "a resource's `format` is not `csv`",
    "descriptor.encoding-not-utf8": "a resource's `encoding` is not `utf-8`",
    "descriptor.duplicate-name": "two resource entries have the same name",
    "descriptor.path-outside": "a resource's `path` is a URL, absolute, uses `..` or a backslash, or leads outside "
                               "the package through a symbolic link",
    "descriptor.path-missing": "the data file a resource names does not exist",
    "descriptor.path-unreadable": "the data file a resource names cannot be opened",
    "descriptor.path-not-regular-file": "the data file a resource names is a folder, device or pipe",
    "descriptor.schema-outside": "a resource's `schema` path leaves the package (URL, absolute, `..`, symbolic link)",
    "descriptor.schema-missing": "the schema file a resource names does not exist",
    "descriptor.schema-unreadable": "the schema file a resource names cannot be opened",
    "descriptor.schema-not-regular-file": "the schema file a resource names is a folder, device or pipe",
    "descriptor.schema-too-large": "the schema file is over the size limit, so it is not read",
    "descriptor.schema-empty": "the schema file is empty",
    "descriptor.schema-bom": "the schema file starts with a byte-order mark",
    "descriptor.schema-not-utf8": "the schema file is not UTF-8",
    "descriptor.schema-invalid-json": "the schema file is not valid JSON, or nests too deeply to read",
    "descriptor.schema-not-object": "a resource's `schema` is neither a path nor a JSON object",
    "descriptor.schema-no-fields": "the schema has no non-empty `fields` list of objects with a `name`",
    "descriptor.source-path-outside": "a `sources[].path` of the descriptor leaves the package (absolute, `..`, "
                                      "symbolic link; URLs are allowed and never fetched)",
    "descriptor.source-path-unreadable": "a `sources[].path` file cannot be opened",
    "descriptor.source-path-not-regular-file": "a `sources[].path` is a folder, device or pipe",
    "descriptor.source-path-too-large": "a `sources[].path` file is over the size limit, so it is not read",
    "descriptor.package-not-allowed": "a key or value of datapackage.json that the allow-list refuses (an unknown "
                                      "key, a fixed value changed, an unsafe name, version or link, a control "
                                      "character); the message names the key",
    "descriptor.resource-not-allowed": "a key or value of a resource entry that the allow-list refuses (an unknown "
                                       "key, a fixed value changed, a dialect that reads the CSV differently); the "
                                       "resource is not read",
    "descriptor.schema-not-allowed": "a key or value of a Table Schema that the allow-list refuses (an unknown key, "
                                     "an unsafe field name or type, a bad constraint or foreign key); the resource "
                                     "is not read",
    "descriptor.foreign-key-cycle": "foreign keys between resources form a cycle, so the exports cannot order the "
                                    "tables",
})
# The code of each kind of refusal (paths.Refusal.kind, parse_json_bytes), per file the descriptor names.
DESCRIPTOR_FILE = {"missing": "descriptor.missing", "unreadable": "descriptor.unreadable",
                   "not-regular-file": "descriptor.not-regular-file", "too-large": "descriptor.too-large",
                   "empty": "descriptor.empty", "bom": "descriptor.bom", "not-utf8": "descriptor.not-utf8",
                   "invalid-json": "descriptor.invalid-json"}
SCHEMA_FILE = {"outside": "descriptor.schema-outside", "missing": "descriptor.schema-missing",
               "unreadable": "descriptor.schema-unreadable", "not-regular-file": "descriptor.schema-not-regular-file",
               "too-large": "descriptor.schema-too-large", "empty": "descriptor.schema-empty",
               "bom": "descriptor.schema-bom", "not-utf8": "descriptor.schema-not-utf8",
               "invalid-json": "descriptor.schema-invalid-json"}
DATA_PATH = {"outside": "descriptor.path-outside", "missing": "descriptor.path-missing",
             "unreadable": "descriptor.path-unreadable", "not-regular-file": "descriptor.path-not-regular-file"}
SOURCE_PATH = {"outside": "descriptor.source-path-outside", "unreadable": "descriptor.source-path-unreadable",
               "missing": "descriptor.source-path-unreadable",  # gone between two looks: a missing
               #                                                  file is otherwise source-integrity's
               "not-regular-file": "descriptor.source-path-not-regular-file",
               "too-large": "descriptor.source-path-too-large"}


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



def parse_json_bytes(name: str, data: bytes) -> tuple[object, Refusal | None, int | None]:
    """(value, None, None) for a JSON document, else (None, what is wrong, line or None).

    Kinds of refusal: empty, bom, not-utf8, invalid-json."""
    if not data.strip():
        return None, Refusal(f"{name} is empty", "empty"), None
    if data.startswith(b"\xef\xbb\xbf"):
        return None, Refusal(f"{name} starts with a byte-order mark (EF BB BF): save it as UTF-8 without BOM",
                             "bom"), 1
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_column(data, error.start)
        return None, Refusal(f"{name} is not UTF-8 (first bad byte at line {line}, column {column})",
                             "not-utf8"), line
    try:
        return jsonio.loads(text), None, None
    except jsonio.json.JSONDecodeError as error:
        return None, Refusal(f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                             f"column {error.colno}", "invalid-json"), error.lineno
    except RecursionError:
        return None, Refusal(f"{name} is not usable JSON: it nests too deeply", "invalid-json"), None
    except ValueError as error:  # a repeated key, NaN, 1e400, a lone surrogate, a 5,000-digit integer
        return None, Refusal(f"{name} is not usable JSON: {error}", "invalid-json"), None


def read_descriptor(path: Path) -> tuple[dict | None, list[Problem]]:
    """The parsed descriptor, or None and the one fatal problem that stops everything."""
    name = path.name or str(path)
    where = path.absolute().parent

    def fatal(code: str, message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [problem(code, message, file=name, line=line)]

    if not path.exists() and not path.is_symlink():
        return fatal("descriptor.missing", f"no package descriptor: {name} does not exist in {where}. Run "
                     "validate.py in the package folder, or give it the package folder or its datapackage.json.")
    why = regular_file_problem(path, name, MAX_DESCRIPTOR_BYTES)
    if why:
        return fatal(DESCRIPTOR_FILE[why.kind], f"the package descriptor {why}.")
    value, why, line = parse_json_bytes(name, read_bounded(path, MAX_DESCRIPTOR_BYTES))
    if why:
        return fatal(DESCRIPTOR_FILE[why.kind], why + ".", line=line)
    if not isinstance(value, dict):
        return fatal("descriptor.not-object", f"{name} must be a JSON object ({{...}}), found {type(value).__name__}.")
    resources = value.get("resources")
    if not isinstance(resources, list) or not resources:
        return fatal("descriptor.no-resources", f"{name} has no resources: it needs a non-empty 'resources' "
                     f"list, found {resources!r:.60}.")
    if len(resources) > MAX_RESOURCES:
        return fatal("descriptor.too-many-resources", f"{name} key 'resources' lists {len(resources):,} resources, "
                     f"over the limit of {MAX_RESOURCES}; nothing is checked.")
    return value, []


def _schema_problem(root: Path, schema: object) -> tuple[dict | None, tuple[str, str] | None]:
    """(schema, None), or (None, (code, why)) a resource's schema cannot be used: unsafe path,
    missing, bad JSON, no fields."""
    if isinstance(schema, str):
        path, why = resolve_inside(root, schema)   # a path, or why not
        if path is not None:
            why = regular_file_problem(path, schema, MAX_SCHEMA_BYTES)
        if path is not None and not why:
            try:
                schema, why, _ = parse_json_bytes(schema, read_bounded(path, MAX_SCHEMA_BYTES))
            except (OSError, ValueError) as error:
                schema, why = None, Refusal(f"{schema!r} cannot be read: {error}", "unreadable")
        if why:
            return None, (SCHEMA_FILE[why.kind], f"schema {why}")
    if not isinstance(schema, dict):
        return None, ("descriptor.schema-not-object",
                      f"schema must be a path to a Table Schema file, found {schema!r:.60}")
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) for item in fields):
        return None, ("descriptor.schema-no-fields",
                      "schema must have a non-empty 'fields' list of objects with a 'name'")
    return schema, None


def _allowlist_problems(resource: dict, index: int, name: str, schema: dict | None,
                        names: set[str]) -> list[Problem]:
    """Keys and values of the entry and of its schema that the allow-list refuses, by key."""
    problems = [problem("descriptor.resource-not-allowed", f"resource {name!r} in datapackage.json: key {key!r}: "
                        f"{why}; the resource is not read.", file="datapackage.json", column=key, row_id=name)
                for key, why in allowlist.resource_problems(index, resource)]
    where = resource.get("schema") if isinstance(resource.get("schema"), str) else "datapackage.json"
    prefix = "" if where != "datapackage.json" else f"resources[{index}].schema."
    return problems + [problem("descriptor.schema-not-allowed", f"{where} (schema of resource {name!r}): key "
                               f"{prefix + key!r}: {why}; the resource is not read.", file=where,
                               column=f"{prefix}{key}", row_id=name)
                       for key, why in allowlist.schema_problems(schema or {}, names)]


def _entry_problems(root: Path, resource: dict) -> tuple[list[tuple[str, str]], dict | None]:
    """(code, what) is wrong with one resource entry of the descriptor (empty list when nothing), and its schema."""
    found = []
    if not isinstance(resource.get("name"), str) or not resource.get("name"):
        found.append(("descriptor.name-missing", "has no 'name'"))
    for key in ("path", "schema", "format", "encoding"):
        if key not in resource:
            found.append(("descriptor.key-missing", f"has no '{key}' (it must be declared)"))
    if "format" in resource and resource["format"] != "csv":
        found.append(("descriptor.format-not-csv", f"format must be 'csv', found {resource['format']!r:.40}"))
    wrong_encoding = encoding_problem(resource["encoding"]) if "encoding" in resource else None
    if wrong_encoding:
        found.append(("descriptor.encoding-not-utf8", wrong_encoding))
    schema = None
    if "schema" in resource:
        schema, why = _schema_problem(root, resource["schema"])
        if why:
            found.append(why)
    return found, schema


def _resource_problems(root: Path, index: int, resource: object, seen: set[str], names: set[str],
                       rows: list[int], schemas: dict) -> tuple[str, list[Problem], bool, tuple | None]:
    """(name, problems, unreadable, (header, rows) when readable) for one entry of `resources` and
    its data file; the file's data rows are added to `rows[0]`, and past MAX_TOTAL_ROWS the file
    is not read."""
    label = f"resources[{index}]"
    if not isinstance(resource, dict):
        return label, [problem("descriptor.entry-not-object", f"datapackage.json {label} must be an object, "
                               f"found {type(resource).__name__}.", file="datapackage.json")], True, None
    given = resource.get("name")
    name = given if isinstance(given, str) and given else label
    found, schema = _entry_problems(root, resource)
    schemas[name] = (resource.get("schema"), schema or {})
    allowed = _allowlist_problems(resource, index, name, schema, names)
    if name in seen:
        found.append(("descriptor.duplicate-name", "has the same name as an earlier resource"))
    seen.add(name)
    path, why = (None, None)
    if "path" in resource:
        path, why = resolve_inside(root, resource["path"])   # a path, or why not
        if path is not None:
            why = regular_file_problem(path, resource["path"], None)
        if why:
            found.append((DATA_PATH[why.kind], f"path {why}"))
    problems = [problem(code, f"resource {name!r} in datapackage.json {item}.", file="datapackage.json")
                for code, item in found] + allowed
    if path is not None and not why and not allowed:
        more, broken, count, parsed = read_csv_file(resource["path"], path)
        rows[0] += count
        if rows[0] > MAX_TOTAL_ROWS and not broken:
            broken, more = True, [*more, problem("files.too-many-total-rows", f"{resource['path']}: the data files "
                                                 f"together have more than {MAX_TOTAL_ROWS:,} rows (the limit); it "
                                                 "is not read.", file=resource["path"],
                                                 expected=f"at most {MAX_TOTAL_ROWS:,} rows in all data files")]
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
        path, why = resolve_inside(root, relative)   # a path, or why not
        if path is not None and (path.exists() or path.is_symlink()):
            why = regular_file_problem(path, relative, MAX_FILE_BYTES)
        if why:
            problems.append(problem(SOURCE_PATH[why.kind], f"datapackage.json sources[{index}] path {why}.",
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
    parsed: dict[str, tuple[list[str], list[Row]]] = {}
    problems = [problem("descriptor.package-not-allowed", f"datapackage.json key {key!r}: {why}.",
                        file="datapackage.json", column=key or None)
                for key, why in allowlist.package_problems(descriptor)]
    names: set[str] = {entry["name"] for entry in descriptor["resources"]
                       if isinstance(entry, dict) and isinstance(entry.get("name"), str)}
    rows = [0]
    schemas: dict[str, tuple[object, dict]] = {}
    for index, resource in enumerate(descriptor["resources"]):
        name, found, broken, table = _resource_problems(root, index, resource, seen, names, rows, schemas)
        problems.extend(found)
        if broken:
            unreadable.add(name)
        elif table is not None:
            parsed.setdefault(name, table)
    problems.extend(_source_problems(root, descriptor))
    problems.extend(_cycle_problems(schemas))
    return PreflightResult(False, problems, descriptor, root, unreadable, parsed)


def _cycle_problems(schemas: dict[str, tuple[object, dict]]) -> list[Problem]:
    """Foreign keys between resources (self references apart) form no cycle: the exports create
    each table after the tables it references. One problem per cycle found, on its first schema."""
    targets = {name: {key["reference"].get("resource") for key in schema.get("foreignKeys") or []
                      if isinstance(key, dict) and isinstance(key.get("reference"), dict)} - {name, "", None}
               for name, (_, schema) in schemas.items()}
    try:
        TopologicalSorter({name: {t for t in found if t in targets} for name, found in targets.items()}).prepare()
    except CycleError as error:
        cycle = list(reversed(error.args[1]))
        given = schemas[cycle[0]][0]
        where = given if isinstance(given, str) else "datapackage.json"
        return [problem("descriptor.foreign-key-cycle", f"{where} key 'foreignKeys': foreign keys form a cycle "
                        f"({' -> '.join(cycle)}); the exports create each table after those it references, so a "
                        "cycle cannot be exported.", file=where, column="foreignKeys", row_id=cycle[0])]
    return []


def preflight(descriptor_path: Path) -> PreflightResult:
    """Read the descriptor and every data file under fixed limits; never raises, never writes."""
    descriptor_path = Path(descriptor_path)
    try:
        return _preflight(descriptor_path)
    except (Exception, RecursionError, MemoryError) as error:  # the promise: no traceback
        failed = problem("descriptor.read-error", f"the package could not be read: {type(error).__name__}: "
                         f"{error}", file=descriptor_path.name)
        return PreflightResult(True, [failed], None, None, set())
