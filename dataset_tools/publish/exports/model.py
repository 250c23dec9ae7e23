"""The package as the exporters see it: descriptor, schemas and rows typed by their Table Schema.

Every exporter works from the same `PackageData`, so a value means the same thing in SQLite,
Parquet and Excel. Typing follows the Table Schema rules the package uses: a cell listed in the
schema's `missingValues` (default `[""]`) is null; `integer` → int, `number` → float,
`boolean` → bool (the Table Schema default true/false words), `date` → `datetime.date`
(ISO `YYYY-MM-DD`), `string` → str unchanged. Any other field type is refused, so a new type in
a schema cannot slip through an export silently.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dataset_tools.csvio import read_rows

SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date")
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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


def typed_value(text: str, spec: dict, missing: list[str]) -> object:
    """The Python value of one CSV cell under its field spec (None when the cell is missing)."""
    if text in missing:
        return None
    kind = spec.get("type", "string")
    if kind == "string":
        return text
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
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


def read_resource(root: Path, entry: dict) -> Resource:
    """Read one resource's schema (a path or inline) and CSV, and type every cell.

    The CSV header must list exactly the schema's fields, in order.
    """
    given = entry.get("schema")
    schema = given if isinstance(given, dict) else json.loads((root / str(given)).read_text(encoding="utf-8"))
    resource = Resource(entry["name"], entry, schema)
    header, rows = read_rows(root / entry["path"])
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
    """Read datapackage.json under `root` and every tabular resource it lists."""
    root = Path(root).resolve()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("name", "version"):
        if not SAFE_NAME.match(str(descriptor.get(key, ""))):
            raise ExportError(f"datapackage.json: `{key}` {descriptor.get(key)!r} cannot name export files")
    resources = [read_resource(root, entry) for entry in descriptor.get("resources", [])]
    return PackageData(root, descriptor, resources)
