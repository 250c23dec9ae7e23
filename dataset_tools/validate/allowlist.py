"""What datapackage.json and the Table Schemas may say: an allow-list, not a deny-list.

frictionless acts on many keys: `extrapaths`, `dialect`, `profile`, `scheme`, `compression`,
`innerpath`, inline `data`, `$schema` ... make it open other files, fetch URLs or read the CSV
differently (comment rows, header rows, another delimiter). This package uses none of them, so
every key outside the lists below is refused with its name, and the `table` check builds the
descriptor frictionless sees from these lists alone (`frictionless_resource`, `frictionless_schema`).

Names that become file, table or sheet names must be safe (`paths.SAFE_NAME`), field types are
those the exports can store, and text in the descriptor and schemas holds no control character
but a line break or tab and fits an Excel cell. docs/security.md states the same rules.
"""
from __future__ import annotations

import re
from collections.abc import Set
from typing import Any

from dataset_tools.paths import name_problem
from dataset_tools.validate.limits import MAX_CUE_CHARS, MAX_FIELDS, MAX_RESOURCES

PACKAGE_KEYS = ("$schema", "profile", "name", "id", "title", "description", "version", "created", "homepage",
                "keywords", "languages", "licenses", "sources", "contributors", "bibliographicCitation", "resources")
RESOURCE_KEYS = ("name", "path", "type", "title", "description", "profile", "format", "mediatype", "encoding",
                 "schema", "bytes", "hash", "dialect")
SCHEMA_KEYS = ("$schema", "fields", "primaryKey", "foreignKeys", "missingValues", "title", "description")
FIELD_KEYS = ("name", "title", "description", "type", "format", "constraints", "example", "categories",
              "evidence", "evidenceDefault", "evidenceTarget", "glossaryContext", "cues")
"""`categories` documents the codes of an enum (Data Package v2); `evidence*` name the rule of the
`evidence` check, and `cues` the cue words per code of its `cue`, `first-line`, `clause` and `heading`
rules. frictionless is never given them (`frictionless_schema` keeps name, type, format and constraints only)."""
CONSTRAINT_KEYS = ("required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength")
NESTED_KEYS = {"licenses": ("name", "path", "title"),
               "sources": ("title", "path", "sha256", "email", "version", "publisher", "description"),
               "contributors": ("title", "role", "roles", "email", "path", "organization")}
FIXED_VALUES = {"profile": ("data-package", "tabular-data-package"),
                "$schema": ("https://datapackage.org/profiles/2.0/datapackage.json",),
                "schema.$schema": ("https://datapackage.org/profiles/2.0/tableschema.json",),
                "resources[].profile": ("tabular-data-resource",), "resources[].type": ("table",),
                "resources[].format": ("csv",), "resources[].mediatype": ("text/csv",),
                "fields[].format": ("default", "uri")}
"""`$schema` names the profile; it is a name to compare, never a URL to fetch."""
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True, "headerRows": [1],
               "lineTerminator": "\n", "skipInitialSpace": False}
"""The package's one CSV dialect (RFC 4180 with LF): a `dialect` may only restate these values."""
FIELD_TYPES = ("string", "integer", "number", "boolean", "date")
RESERVED_NAMES = ("package_info", "indicator_facts", "designation_members", "program_counts", "quotes", "readme")
"""Tables, views and sheets the exports add beside the resources (names starting `sqlite` too)."""
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?")
HTTP_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")
MAX_TEXT_CHARS = 32_767   # one Excel cell
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _unknown(where: str, value: dict, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(f"{where}.{key}".lstrip("."), "is not used by this package and is refused (frictionless could "
             f"act on it); allowed here: {', '.join(allowed)}")
            for key in value if key not in allowed]


def text_problems(value: object, where: str) -> list[tuple[str, str]]:
    """Strings anywhere in `value` with a control character (but LF and tab) or over an Excel cell."""
    found: list[tuple[str, str]] = []
    stack = [(value, where)]
    while stack and len(found) < 20:
        item, path = stack.pop()
        if isinstance(item, str):
            bad = CONTROL.search(item)
            if bad:
                found.append((path, f"holds the control character {bad.group()!r}: text may break lines "
                              "(\\n) but hold no other control character"))
            elif len(item) > MAX_TEXT_CHARS:
                found.append((path, f"is {len(item):,} characters long, over the {MAX_TEXT_CHARS:,} of an "
                              "Excel cell"))
        elif isinstance(item, dict):
            stack.extend((child, f"{path}.{key}".lstrip(".")) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(item))
    return found


def package_problems(descriptor: dict) -> list[tuple[str, str]]:
    """(key, what is wrong) for the package level of datapackage.json (resources apart)."""
    found = _unknown("", descriptor, PACKAGE_KEYS)
    for key in ("profile", "$schema"):
        if key in descriptor and descriptor[key] not in FIXED_VALUES[key]:
            found.append((key, f"must be one of {', '.join(FIXED_VALUES[key])} (a URL or another "
                          f"profile is never fetched), found {descriptor[key]!r:.80}"))
    why = name_problem(descriptor.get("name"), "the package name")
    found += [("name", why)] if why else []
    version = descriptor.get("version")
    if not (isinstance(version, str) and VERSION.fullmatch(version)):
        found.append(("version", f"must be a version such as 1.2.3 (it becomes a file name), found {version!r:.80}"))
    homepage = descriptor.get("homepage")
    if homepage is not None and not (isinstance(homepage, str) and HTTP_URL.fullmatch(homepage)):
        found.append(("homepage", f"must be an http:// or https:// link, found {homepage!r:.80}"))
    for key, allowed in NESTED_KEYS.items():
        items = descriptor.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            found.append((key, "must be a list of objects"))
            continue
        for index, item in enumerate(items):
            found += _unknown(f"{key}[{index}]", item, allowed)
            link = item.get("path")
            if key != "sources" and link is not None and not (isinstance(link, str) and HTTP_URL.fullmatch(link)):
                found.append((f"{key}[{index}].path", f"must be an http:// or https:// link (it is shown as a "
                              f"link), found {link!r:.80}"))
    resources = descriptor.get("resources")
    if isinstance(resources, list) and len(resources) > MAX_RESOURCES:
        found.append(("resources", f"lists {len(resources):,} resources, over the limit of {MAX_RESOURCES}"))
    return found + text_problems({k: v for k, v in descriptor.items() if k != "resources"}, "")


def resource_problems(index: int, entry: dict) -> list[tuple[str, str]]:
    """(key, what is wrong) for one resource entry: unknown keys, fixed values, its name, its dialect."""
    where = f"resources[{index}]"
    found = _unknown(where, entry, RESOURCE_KEYS)
    for key in ("profile", "type", "format", "mediatype"):
        allowed = FIXED_VALUES[f"resources[].{key}"]
        if key in entry and entry[key] not in allowed:
            found.append((f"{where}.{key}", f"must be {' or '.join(allowed)}, found {entry[key]!r:.80}"))
    name = entry.get("name")
    why = name_problem(name, "the resource name")
    if not why and isinstance(name, str) and (name in RESERVED_NAMES or name.startswith("sqlite") or len(name) > 31):
        why = (f"the resource name {name!r} is reserved or too long for the exports (reserved: "
               f"{', '.join(RESERVED_NAMES)}, sqlite*; at most 31 characters, an Excel sheet name)")
    found += [(f"{where}.name", why)] if why else []
    dialect = entry.get("dialect")
    if "dialect" in entry and not isinstance(dialect, dict):
        found.append((f"{where}.dialect", f"must be an object restating the package's CSV dialect, found "
                      f"{dialect!r:.80} (a dialect file or URL is never read)"))
    for key, value in (dialect.items() if isinstance(dialect, dict) else ()):
        if CSV_DIALECT.get(key, object()) != value:
            found.append((f"{where}.dialect.{key}", f"{value!r:.40} would change how the CSV file is read; "
                          f"the package has one CSV dialect: {CSV_DIALECT}"))
    return found + text_problems({k: entry.get(k) for k in ("title", "description") if k in entry}, where)


def schema_problems(schema: dict, resource_names: set[str]) -> list[tuple[str, str]]:
    """(key, what is wrong) for one Table Schema: unknown keys, field names and types, constraints,
    missing values and single-column foreign keys into resources of this package."""
    found = _unknown("", schema, SCHEMA_KEYS)
    if "$schema" in schema and schema["$schema"] not in FIXED_VALUES["schema.$schema"]:
        found.append(("$schema", f"must be {FIXED_VALUES['schema.$schema'][0]} (never fetched), found "
                      f"{schema['$schema']!r:.80}"))
    fields: list = schema["fields"] if isinstance(schema.get("fields"), list) else []
    if len(fields) > MAX_FIELDS:
        return [*found, ("fields", f"has {len(fields):,} fields, over the limit of {MAX_FIELDS}")]
    names = [field.get("name") for field in fields if isinstance(field, dict)]
    for index, field in enumerate(fields):
        where = f"fields[{index}]"
        if not isinstance(field, dict):
            found.append((where, "must be an object"))
            continue
        found += _unknown(where, field, FIELD_KEYS)
        name = field.get("name")
        if not (isinstance(name, str) and FIELD_NAME.fullmatch(name)) or names.count(name) > 1:
            found.append((f"{where}.name", f"{name!r:.80} must be unique and 1-64 lower-case letters, digits "
                          "or '_', starting with a letter (it becomes a column name in SQLite and Parquet)"))
        if field.get("type", "string") not in FIELD_TYPES:
            found.append((f"{where}.type", f"{field.get('type')!r:.40} is not one of {', '.join(FIELD_TYPES)}"))
        if "format" in field and field["format"] not in FIXED_VALUES["fields[].format"]:
            found.append((f"{where}.format", f"{field['format']!r:.40} would change how cells are read; only "
                          f"{' or '.join(repr(v) for v in FIXED_VALUES['fields[].format'])} is used"))
        found += _constraint_problems(where, field.get("constraints", {}))
        if "cues" in field:
            found += _cue_problems(where, field)
    missing = schema.get("missingValues", [""])
    if not (isinstance(missing, list) and all(isinstance(item, str) for item in missing)):
        found.append(("missingValues", "must be a list of strings"))
    for index, key in enumerate(schema.get("foreignKeys") or []):
        found += _foreign_key_problems(f"foreignKeys[{index}]", key, names, resource_names)
    return found + text_problems(schema, "")


def _cue_problems(where: str, field: dict) -> list[tuple[str, str]]:
    """`cues` maps every code of the field's enum, and nothing else, to a list of words."""
    cues, enum = field["cues"], field.get("constraints", {}).get("enum")
    if not (isinstance(cues, dict) and all(isinstance(words, list) and all(isinstance(word, str) and word
                                                                           for word in words)
                                           for words in cues.values())):
        return [(f"{where}.cues", "must be an object of code -> list of non-empty words")]
    if not isinstance(enum, list) or set(cues) != set(enum):
        return [(f"{where}.cues", "must name exactly the codes of constraints.enum")]
    long = next((word for words in cues.values() for word in words if len(word) > MAX_CUE_CHARS), None)
    if long is not None:
        return [(f"{where}.cues", f"holds a word of {len(long):,} characters, over the limit of {MAX_CUE_CHARS} (a cue "
                 "is a word, and every quote's edges are read for each length of cue)")]
    return []


def _constraint_problems(where: str, constraints: object) -> list[tuple[str, str]]:
    if not isinstance(constraints, dict):
        return [(f"{where}.constraints", "must be an object")]
    found = _unknown(f"{where}.constraints", constraints, CONSTRAINT_KEYS)
    enum = constraints.get("enum", [])
    if not (isinstance(enum, list) and all(isinstance(item, str) for item in enum)):
        found.append((f"{where}.constraints.enum", "must be a list of strings"))
    pattern = constraints.get("pattern", "")
    try:
        re.compile(pattern)
    except (re.error, TypeError, RecursionError, OverflowError) as error:
        found.append((f"{where}.constraints.pattern", f"is not a regular expression: {error}"))
    return found


def _foreign_key_problems(where: str, key: object, names: list, resource_names: set[str]) -> list[tuple[str, str]]:
    if not isinstance(key, dict) or not isinstance(key.get("reference"), dict):
        return [(where, "must be an object with 'fields' and a 'reference' object")]
    found = _unknown(where, key, ("fields", "reference")) + _unknown(f"{where}.reference", key["reference"],
                                                                     ("resource", "fields"))
    columns: Any = key.get("fields")
    target = key["reference"].get("resource")
    others = key["reference"].get("fields")
    if not all(isinstance(item, str) or (isinstance(item, list) and len(item) == 1 and isinstance(item[0], str))
               for item in (columns, others)):
        found.append((f"{where}.fields", "a foreign key must be one column pointing at one column "
                      "(compound keys are not supported by the exports)"))
    elif (columns if isinstance(columns, str) else columns[0]) not in names:
        found.append((f"{where}.fields", f"{columns!r:.60} is not a field of this schema"))
    if target not in resource_names | {""}:
        found.append((f"{where}.reference.resource", f"{target!r:.60} is not a resource of this package"))
    return found


def frictionless_schema(schema: dict, drop_patterns: Set[str] = frozenset()) -> dict:
    """A copy of `schema` with only allow-listed keys (and no pattern on the `drop_patterns` fields)."""
    copy = {key: schema[key] for key in ("primaryKey", "foreignKeys", "missingValues") if key in schema}
    copy["foreignKeys"] = [{"fields": key.get("fields"), "reference": {k: v for k, v in key["reference"].items()
                                                                       if k in ("resource", "fields")}}
                           for key in copy.get("foreignKeys") or []
                           if isinstance(key, dict) and isinstance(key.get("reference"), dict)]
    copy["fields"] = []
    for field in schema.get("fields", []):
        kept = {key: field[key] for key in ("name", "type", "format") if key in field}
        constraints = {key: value for key, value in (field.get("constraints") or {}).items()
                       if key in CONSTRAINT_KEYS and not (key == "pattern" and field.get("name") in drop_patterns)}
        copy["fields"].append(dict(kept, constraints=constraints) if constraints else kept)
    if not copy["foreignKeys"]:
        del copy["foreignKeys"]
    return copy


def frictionless_resource(entry: dict, schema: dict) -> dict:
    """The resource as frictionless sees it: name, path, csv, utf-8 and the given (filtered) schema."""
    return {"name": entry.get("name"), "path": entry.get("path"), "format": "csv", "encoding": "utf-8",
            "schema": schema}
