"""SQLite export: one STRICT table per resource, keys declared and enforced, views for common questions.

Types: `integer` → INTEGER, `number` → REAL, `boolean` → INTEGER (0/1), `date` → TEXT (ISO
8601), `string` → TEXT; missing cells are NULL. Tables of rows with a span end with two generated
columns, `sentence` and `reading_order` (see context.py). Primary keys, NOT NULL (required fields),
UNIQUE (unique fields) and every foreign key of the schemas, self references included, are
declared; rows are inserted in file order with `PRAGMA foreign_keys = ON` (OFF only while
filling a self-referencing table, whose rows may name a parent further down), and the finished
file must pass `PRAGMA foreign_key_check` and `PRAGMA integrity_check`. Tables are created
with sqlite-utils.
"""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import sqlite_utils

from dataset_tools.publish.exports.citation import citation_text, licence_text
from dataset_tools.publish.exports.context import has_span, reading_order, sentence_values, source_texts
from dataset_tools.publish.exports.model import ExportError, PackageData, Resource
from dataset_tools.publish.exports.views import view_definitions

SQL_TYPES = {"string": str, "integer": int, "number": float, "boolean": int, "date": str}


def creation_order(package: PackageData) -> list[Resource]:
    """Resources ordered so that every referenced table is created before the tables citing it."""
    done: dict[str, Resource] = {}

    def visit(resource: Resource, path: tuple[str, ...]) -> None:
        if resource.name in done:
            return
        if resource.name in path:
            raise ExportError(f"foreign keys form a cycle: {' -> '.join((*path, resource.name))}")
        for _column, other, _ in resource.foreign_keys():
            if other != resource.name:
                visit(package.resource(other), (*path, resource.name))
        done[resource.name] = resource

    for resource in package.resources:
        visit(resource, ())
    return list(done.values())


def sql_value(value):
    """A typed value as SQLite stores it (dates as ISO text, booleans as 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def generated_columns(package: PackageData, resource: Resource, texts: dict[str, str]) -> dict[str, tuple[type, list]]:
    """name -> (type, values) of the columns added after the resource's fields (see context.py)."""
    if not has_span(resource):
        return {}
    return {"sentence": (str, sentence_values(package, resource, texts)),
            "reading_order": (int, reading_order(resource))}


def create_table(db: sqlite_utils.Database, resource: Resource,
                 generated: dict[str, tuple[type, list]] | None = None) -> None:
    """Create the STRICT table of one resource with its keys and constraints, and fill it."""
    fields = resource.fields
    generated = generated or {}
    required = [f["name"] for f in fields
                if f.get("constraints", {}).get("required") or f["name"] in resource.primary_key]
    required += [name for name in generated if name == "reading_order"]
    key = resource.primary_key
    columns = {f["name"]: SQL_TYPES[f.get("type", "string")] for f in fields}
    columns.update({name: kind for name, (kind, _) in generated.items()})
    db.create_table(resource.name, columns,
                    pk=key[0] if len(key) == 1 else (tuple(key) or None),
                    foreign_keys=resource.foreign_keys(), not_null=required, strict=True)
    for f in fields:
        if f.get("constraints", {}).get("unique") and [f["name"]] != resource.primary_key:
            db.table(resource.name).create_index([f["name"]], unique=True)
    rows = [{k: sql_value(v) for k, v in row.items()} for row in resource.rows]
    for name, (_, values) in generated.items():
        for row, value in zip(rows, values, strict=True):
            row[name] = value
    self_referencing = any(other == resource.name for _, other, _ in resource.foreign_keys())
    if rows:
        # A row may name a parent that comes later in the file: keep the file's order and let
        # the final foreign_key_check prove the self references instead of checking row by row.
        db.execute(f"PRAGMA foreign_keys = {'OFF' if self_referencing else 'ON'}")
        try:
            db.table(resource.name).insert_all(rows)
        except sqlite3.IntegrityError as error:
            raise ExportError(f"{resource.name}: {error} while inserting its rows") from error
        db.execute("PRAGMA foreign_keys = ON")


def add_package_info(db: sqlite_utils.Database, package: PackageData) -> None:
    """A small key/value table saying which package and version the file holds, and how to cite it."""
    d = package.descriptor
    info = {"name": package.name, "version": package.version, "title": d.get("title", ""),
            "licence": licence_text(d), "citation": citation_text(package.root, d),
            "created": str(d.get("created", ""))}
    db.create_table("package_info", {"key": str, "value": str}, pk="key", not_null=["value"], strict=True)
    db.table("package_info").insert_all([{"key": k, "value": v} for k, v in info.items()])


def assert_consistent(db: sqlite_utils.Database) -> None:
    """Refuse a file whose foreign keys or pages are not clean."""
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise ExportError(f"SQLite foreign_key_check failed: {broken[:5]}")
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        raise ExportError(f"SQLite integrity_check failed: {integrity}")


def write_sqlite(package: PackageData, path: Path) -> Path:
    """Write the whole package to a new SQLite file at `path` (replacing any file there)."""
    path = Path(path)
    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        texts = source_texts(package)
        for resource in creation_order(package):
            create_table(db, resource, generated_columns(package, resource, texts))
        add_package_info(db, package)
        for name, sql in view_definitions(package):
            db.create_view(name, sql)
        assert_consistent(db)
        db.conn.commit()
        db.execute("VACUUM")
    finally:
        db.close()
    return path


def view_columns(path: Path) -> dict[str, list[str]]:
    """Column names of every view in the SQLite file at `path` (for the Datasette metadata)."""
    db = sqlite_utils.Database(path)
    try:
        return {view.name: [c.name for c in view.columns] for view in db.views}
    finally:
        db.close()
