"""Datasette metadata (`metadata.json`) for the SQLite export, taken from the package and its schemas.

Instance level: title, description and citation (shown once), licence (its link only when it is
http or https), source, the settings of the `readable` plugin (datasette_plugins/readable.py) and
a stylesheet that puts column descriptions below the rows. Text is given to Datasette as text (it
escapes it); the one HTML field, `description_html`, is built here with every value escaped.
Database and table level:
titles and descriptions of resources and views; per column, "Title: description" from the Table
Schema (allowed values and foreign keys spelled out). `label_column` is set for every table that
has a name column, so a foreign key is shown with the name of the row it points at. Tables with
a span are sorted in text order (`char_start`). Units: an indicator's unit varies by row, so it
is a column (`unit`, described there) rather than a Datasette per-column unit.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import quote

from dataset_tools.publish.exports.citation import citation_text, licence_text
from dataset_tools.publish.exports.context import DESCRIPTIONS, has_span
from dataset_tools.publish.exports.model import PackageData, Resource
from dataset_tools.publish.exports.views import LABEL_COLUMNS, VIEW_DESCRIPTIONS, view_column_description
from dataset_tools.validate.allowlist import HTTP_URL

# Column descriptions stay (they are also in each column's menu) but move below the rows, so the
# first screen of a table is data: a stylesheet in a data: URL, which needs no file or plugin.
COLUMN_NOTES_LAST = "data:text/css," + quote(
    "body.table section.content{display:flex;flex-direction:column}"
    "body.table section.content>*{min-width:0}"
    "body.table dl.column-descriptions{order:99;margin-top:2em}"
    "body.table dl.column-descriptions::before{content:'Columns';font-weight:bold;font-size:1.2em}")
FACETS = {"indicators": ["unit", "status", "speaker_id"], "designations": ["program", "level"],
          "organizations": ["kind"], "regions": ["level"], "brands": ["kind"], "policies": ["kind"]}


def column_description(resource: Resource, spec: dict) -> str:
    """'Title: description', plus allowed values and the foreign key a column follows."""
    text = f"{spec.get('title', spec['name'])}: {spec.get('description', '')}".strip()
    allowed = spec.get("constraints", {}).get("enum")
    if allowed:
        text += f" Allowed values: {', '.join(allowed)}."
    for column, other, other_column in resource.foreign_keys():
        if column == spec["name"]:
            text += f" Links to {other}.{other_column}."
    return text


def table_metadata(resource: Resource) -> dict:
    """Datasette metadata of one resource table."""
    meta = {"title": resource.descriptor.get("title", resource.name),
            "description": resource.descriptor.get("description") or resource.schema.get("description", ""),
            "columns": {f["name"]: column_description(resource, f) for f in resource.fields}}
    label = next((c for c in LABEL_COLUMNS if c in resource.field_names), None)
    if label:
        meta["label_column"] = label
    if has_span(resource):
        meta["sort"] = "reading_order"   # text order, rows not in the text (derived) last
        meta["columns"].update(DESCRIPTIONS)
    facets = [c for c in FACETS.get(resource.name, []) if c in resource.field_names]
    if facets:
        meta["facets"] = facets
    return meta


def view_metadata(name: str, columns: list[str], package: PackageData) -> dict:
    """Datasette metadata of one view; a column named like a table column reuses its description.

    Where several tables share a column name, the first resource of the package that has it
    (and, for views over one table, that table) describes it.
    """
    main = {"indicator_facts": "indicators", "designation_members": "designations",
            "program_counts": "designations"}.get(name)
    known: dict = {}
    for resource in sorted(package.resources, key=lambda r: r.name != main):
        for spec in resource.fields:
            known.setdefault(spec["name"], column_description(resource, spec))
    described = {c: view_column_description(c) or known.get(c) for c in columns}
    title, description = VIEW_DESCRIPTIONS[name]
    return {"title": title, "description": description,
            "columns": {c: text for c, text in described.items() if text}}


def description_html(package: PackageData) -> str:
    """The package description (one paragraph per blank-line block), version and citation as HTML."""
    d = package.descriptor
    paragraphs = [p for p in str(d.get("description", "")).split("\n\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (body + f"<p><strong>Version:</strong> {html.escape(package.version)}</p>"
            + f"<p><strong>Cite as:</strong> {html.escape(citation_text(package.root, d))}</p>")


def build_metadata(package: PackageData, databases: list[str], view_columns: dict[str, list[str]]) -> dict:
    """The whole metadata.json, describing the database under each of the names `databases`.

    Datasette names a database after its file stem: `<name>` when served by `make browse`,
    `<name>-<version>` when a user serves the export file directly. `view_columns` maps each
    view of the database to its column names (read from the file).
    """
    d = package.descriptor
    licences = d.get("licenses", [])
    tables = {r.name: table_metadata(r) for r in package.resources}
    tables.update({name: view_metadata(name, columns, package) for name, columns in view_columns.items()})
    tables["package_info"] = {"title": "Package information",
                              "description": "Name, version, licence and citation of the package this file was "
                                             "built from."}
    meta = {"title": d.get("title", package.name), "description_html": description_html(package),
            "license": licence_text(d) if len(licences) != 1 else licences[0].get("name", ""),
            "source": "; ".join(s.get("title", s.get("path", "")) for s in d.get("sources", [])),
            "extra_css_urls": [COLUMN_NOTES_LAST],
            "plugins": {"readable": {"aliases": {package.stem: package.name}}},
            "databases": {name: {"title": f"{d.get('title', package.name)} (version {package.version})",
                                 "tables": tables} for name in databases}}
    if len(licences) == 1 and isinstance(licences[0].get("path"), str) and HTTP_URL.fullmatch(licences[0]["path"]):
        meta["license_url"] = licences[0]["path"]   # only http(s): a javascript: link is never written
    return meta


def write_metadata(package: PackageData, path: Path, databases: list[str], view_columns: dict[str, list[str]]) -> Path:
    """Write metadata.json (UTF-8, Chinese kept as characters)."""
    meta = build_metadata(package, databases, view_columns)
    Path(path).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
    return Path(path)
