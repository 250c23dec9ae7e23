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

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from dataset_tools import model

SUPPORTED_TYPES = tuple(model.READERS)
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


def read_resource(root: Path, entry: dict) -> Resource:
    """Read one resource's schema (a path or inline) and CSV through the row model, and type every cell.

    The CSV header must list exactly the schema's fields, in order.
    """
    table, why = model.load_table(root, entry)
    if table is None:
        raise ExportError(f"resource {entry.get('name')!r}: {why}")
    if not table.schema:
        raise ExportError(f"resource {entry.get('name')!r}: its schema cannot be read")
    resource = Resource(entry["name"], entry, table.schema)
    if table.header != resource.field_names:
        raise ExportError(f"{entry['path']}: header {table.header} differs from the schema's fields {resource.field_names}")
    missing = table.schema.get("missingValues", [""])
    try:
        readers = [(spec["name"], model.cell_reader(spec, missing)) for spec in resource.fields]
    except KeyError as error:
        raise ExportError(f"{entry['path']}: {error.args[0]}; not supported by the exports") from None
    for row in table.rows:
        try:
            resource.rows.append({name: read(row[name]) for name, read in readers})
        except model.CellError as error:
            raise ExportError(f"{entry['path']}:{row.number}: {error}") from error
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
