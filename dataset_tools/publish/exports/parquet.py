"""Parquet export: one file per resource, typed by its Table Schema.

`integer` → int64 (nullable: a missing cell is null, the column stays int64), `number` →
float64, `boolean` → bool, `date` → date32, `string` → string; empty cells are null. Each field
carries its title and description as Parquet field metadata, and each file carries the package
name, version and the resource's Table Schema (JSON) as file metadata.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dataset_tools.publish.exports.model import PackageData, Resource

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
               "boolean": pa.bool_(), "date": pa.date32()}


def arrow_schema(package: PackageData, resource: Resource) -> pa.Schema:
    """The Arrow schema of a resource, with field and file metadata."""
    fields = [pa.field(f["name"], ARROW_TYPES[f.get("type", "string")],
                       nullable=not f.get("constraints", {}).get("required", False),
                       metadata={"title": f.get("title", ""), "description": f.get("description", "")})
              for f in resource.fields]
    metadata = {"package": package.name, "version": package.version, "resource": resource.name,
                "table_schema": json.dumps(resource.schema, ensure_ascii=False)}
    return pa.schema(fields, metadata=metadata)


def arrow_table(package: PackageData, resource: Resource) -> pa.Table:
    """The typed rows of a resource as an Arrow table."""
    schema = arrow_schema(package, resource)
    columns = [pa.array([row[f.name] for row in resource.rows], type=f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def write_parquet(package: PackageData, folder: Path) -> list[Path]:
    """Write `<folder>/<resource>.parquet` for every resource; return the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for resource in package.resources:
        path = folder / f"{resource.name}.parquet"
        pq.write_table(arrow_table(package, resource), path)  # snappy: readable everywhere
        written.append(path)
    return written
