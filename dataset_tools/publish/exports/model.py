"""The package as the exporters see it: descriptor, schemas and rows typed by their Table Schema.

Every exporter works from the same `PackageData`, so a value means the same thing in SQLite,
Parquet and Excel. Typing follows the Table Schema rules the package uses: a cell listed in the
schema's `missingValues` (default `[""]`) is null; `integer` → int, `number` → float,
`boolean` → bool (the Table Schema default true/false words), `date` → `datetime.date`
(ISO `YYYY-MM-DD`), `string` → str unchanged. Any other field type is refused, so a new type in
a schema cannot slip through an export silently.
"""
from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dataset_tools import jsonio
from dataset_tools.paths import name_problem, read_inside
from dataset_tools.validate.allowlist import FIELD_TYPES as SUPPORTED_TYPES
from dataset_tools.validate.allowlist import RESERVED_NAMES, VERSION
from dataset_tools.validate.limits import MAX_DESCRIPTOR_BYTES, MAX_FILE_BYTES, MAX_SCHEMA_BYTES

TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")


class ExportError(RuntimeError):
    """The package cannot be exported as it stands; the message says why."""


@dataclass
class Resource:
    """One tabular resource: its descriptor entry, its schema and its typed rows (in file order)."""

    name: str
    descriptor: dict
    schema: dict
    rows: list[dict] = field(default_factory=list)

    @property
    def fields(self) -> list[dict]:
        return self.schema.get("fields", [])

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        key = self.schema.get("primaryKey") or []
        return [key] if isinstance(key, str) else list(key)

    def foreign_keys(self) -> list[tuple[str, str, str]]:
        """(column, referenced resource, referenced column) for every single-column foreign key.

        A reference with an empty `resource` points at the resource itself (Table Schema rule).
        """
        keys = []
        for fk in self.schema.get("foreignKeys", []):
            columns, ref = fk["fields"], fk["reference"]
            other = ref.get("resource") or self.name
            other_columns = ref["fields"]
            columns = [columns] if isinstance(columns, str) else columns
            other_columns = [other_columns] if isinstance(other_columns, str) else other_columns
            if len(columns) != 1 or len(other_columns) != 1:
                raise ExportError(f"{self.name}: compound foreign keys are not supported by the exports")
            keys.append((columns[0], other, other_columns[0]))
        return keys


@dataclass
class PackageData:
    """The descriptor and every resource, typed; `root` is the folder of datapackage.json."""

    root: Path
    descriptor: dict
    resources: list[Resource]

    @property
    def name(self) -> str:
        return self.descriptor["name"]

    @property
    def version(self) -> str:
        return self.descriptor["version"]

    @property
    def stem(self) -> str:
        """File-name stem of the exports: `<name>-<version>`."""
        return f"{self.name}-{self.version}"

    def resource(self, name: str) -> Resource:
        for resource in self.resources:
            if resource.name == name:
                return resource
        raise KeyError(name)


def typed_value(text: str, spec: dict, missing: list[str]) -> str | int | float | date | bool | None:
    """The Python value of one CSV cell under its field spec (None when the cell is missing)."""
    if text in missing:
        return None
    kind = spec.get("type", "string")
    if kind == "string":
        return text
    if kind == "integer":
        value = int(text)
        if not -2**63 <= value < 2**63:
            raise ValueError(f"{text[:30]!r} is outside the 64-bit integer range")
        return value
    if kind == "number":
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"{text[:30]!r} is not a finite 64-bit float")
        return number
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "boolean":
        if text in spec.get("trueValues", TRUE_VALUES):
            return True
        if text in spec.get("falseValues", FALSE_VALUES):
            return False
        raise ValueError(f"{text!r} is not a boolean")
    raise ExportError(f"field {spec.get('name')!r}: type {kind!r} is not supported by the exports "
                      f"(supported: {', '.join(SUPPORTED_TYPES)})")


def read_json(root: Path, relative: str, limit: int) -> Any:
    """A JSON file inside the package, read strictly (regular file, no link out, no repeated key)."""
    try:
        return jsonio.loads(read_inside(root, relative, limit).decode("utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"{relative}: {error}") from error


def read_csv(root: Path, relative: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows (strings) of a CSV file inside the package."""
    try:
        text = read_inside(root, relative, MAX_FILE_BYTES).decode("utf-8")
    except (OSError, ValueError) as error:
        raise ExportError(f"{relative}: {error}") from error
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    return header, [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in reader]


def read_resource(root: Path, entry: dict) -> Resource:
    """Read one resource's schema (a path or inline) and CSV, and type every cell.

    The CSV header must list exactly the schema's fields, in order.
    """
    name = entry.get("name")
    why = name_problem(name, "resource name")
    if why or not isinstance(name, str) or name in RESERVED_NAMES or name.startswith("sqlite"):
        raise ExportError(f"datapackage.json: {why or f'resource name {name!r} is reserved'}")
    given = entry.get("schema")
    schema = given if isinstance(given, dict) else read_json(root, str(given), MAX_SCHEMA_BYTES)
    resource = Resource(name, entry, schema)
    header, rows = read_csv(root, str(entry.get("path")))
    if header != resource.field_names:
        raise ExportError(f"{entry['path']}: header {header} differs from the schema's fields {resource.field_names}")
    missing = schema.get("missingValues", [""])
    specs = resource.fields
    for line, row in enumerate(rows, start=2):
        try:
            resource.rows.append({s["name"]: typed_value(row[s["name"]], s, missing) for s in specs})
        except ValueError as error:
            raise ExportError(f"{entry['path']}:{line}: {error}") from error
    return resource


def load_package(root: Path) -> PackageData:
    """Read datapackage.json under `root` and every tabular resource it lists.

    The package name and version and every resource name become file, table and sheet names:
    they must be safe names (`paths.SAFE_NAME`, a version such as 1.2.3), as validate.py requires.
    """
    root = Path(root).resolve()
    descriptor = read_json(root, "datapackage.json", MAX_DESCRIPTOR_BYTES)
    if not isinstance(descriptor, dict):
        raise ExportError("datapackage.json: not a JSON object")
    why = name_problem(descriptor.get("name"), "package name")
    if why:
        raise ExportError(f"datapackage.json: {why}")
    if not (isinstance(descriptor.get("version"), str) and VERSION.fullmatch(descriptor["version"])):
        raise ExportError(f"datapackage.json: `version` {descriptor.get('version')!r:.80} cannot name export files")
    resources = [read_resource(root, entry) for entry in descriptor.get("resources", [])]
    return PackageData(root, descriptor, resources)
