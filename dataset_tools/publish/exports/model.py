"""The package as the exporters see it: descriptor, schemas and rows typed by their Table Schema.

Every exporter works from the same `PackageData`, so a value means the same thing in SQLite,
Parquet and Excel. The rows are read by the row model validate.py uses (`dataset_tools.model`)
and typed by its one typing rule (`model.cell_reader`): a cell listed in the schema's
`missingValues` (default `[""]`) is null; `integer` → int, `number` → float, `boolean` → bool
(true/false, or the schema's trueValues/falseValues), `date` → `datetime.date` (YYYY-MM-DD),
`string` → str unchanged. So the exports refuse nothing that validation accepts and accept
nothing it refuses. Any other field type is refused, so a new type in a schema cannot slip
through an export silently.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dataset_tools import jsonio, model
from dataset_tools.paths import name_problem, read_inside
from dataset_tools.validate.allowlist import RESERVED_NAMES, VERSION
from dataset_tools.validate.limits import MAX_DESCRIPTOR_BYTES, MAX_FILE_BYTES, MAX_SCHEMA_BYTES


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


def in_range(value: object, text: str) -> object:
    """The typed value, refused when SQLite and the other formats cannot hold it exactly."""
    if isinstance(value, int) and not isinstance(value, bool) and not -2**63 <= value < 2**63:
        raise model.CellError(f"{text[:30]!r} is outside the 64-bit integer range")
    if isinstance(value, float) and not math.isfinite(value):
        raise model.CellError(f"{text[:30]!r} is not a finite 64-bit float")
    return value


def read_json(root: Path, relative: str, limit: int) -> Any:
    """A JSON file inside the package, read strictly (regular file, no link out, no repeated key)."""
    try:
        return jsonio.loads(read_inside(root, relative, limit).decode("utf-8"))
    except (OSError, ValueError) as error:
        raise ExportError(f"{relative}: {error}") from error


def read_csv(root: Path, relative: str) -> tuple[list[str], list[model.Row]]:
    """Header and rows of a CSV file inside the package, parsed as the row model parses it."""
    try:
        return model.parse_csv(read_inside(root, relative, MAX_FILE_BYTES).decode("utf-8"))
    except (OSError, ValueError, csv.Error) as error:
        raise ExportError(f"{relative}: {error}") from error


def read_resource(root: Path, entry: dict) -> Resource:
    """Read one resource's schema (a path or inline) and CSV through the row model, and type every cell.

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
    try:
        readers = [(spec["name"], model.cell_reader(spec, missing)) for spec in resource.fields]
    except KeyError as error:
        raise ExportError(f"{entry['path']}: {error.args[0]}; not supported by the exports") from None
    for row in rows:
        try:
            resource.rows.append({name: in_range(read(row[name]), row[name]) for name, read in readers})
        except model.CellError as error:
            raise ExportError(f"{entry['path']}:{row.number}: {error}") from error
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
