"""Excel export (openpyxl): a README sheet, then one sheet per resource.

The README sheet holds the package title, description, version, licence, citation and sources,
the list of sheets, and the data dictionary (every field of every schema: type, required, key,
foreign key, allowed values, title and description). Data sheets keep types: integers and
numbers are numbers, dates are Excel dates shown as YYYY-MM-DD, booleans are TRUE/FALSE, empty
cells are empty; sheets of rows with a span end with a generated `sentence` column; text is
stored as text even when it starts with "=" (never a formula), so identifiers such as region
codes stay text. Document properties carry fixed times, so the same package always gives the
same file.
"""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.xml.functions import tostring

from dataset_tools.publish.exports.citation import citation_text, licence_text
from dataset_tools.publish.exports.context import DESCRIPTIONS, has_span, sentence_values, source_texts
from dataset_tools.publish.exports.model import ExportError, PackageData, Resource
from dataset_tools.publish.exports.reproducible import normalise_zip

BOLD = Font(bold=True)
EXCEL_MAX_TEXT = 32767
DICTIONARY_HEADER = ["Resource", "Field", "Title", "Type", "Required", "Primary key", "Foreign key",
                     "Allowed values", "Description"]


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one cell; strings are always text (a leading '=' does not make a formula).

    Text Excel cannot hold (over 32,767 characters, or control characters) is refused with the
    cell's place rather than cut or altered.
    """
    where = f"sheet {sheet.title!r}, cell {get_column_letter(column)}{row}"
    if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
        raise ExportError(f"{where}: {len(value)} characters, more than an Excel cell holds ({EXCEL_MAX_TEXT})")
    try:
        cell = sheet.cell(row=row, column=column, value=value)
    except IllegalCharacterError as error:
        raise ExportError(f"{where}: text with a control character Excel cannot store: {value!r}") from error
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    elif hasattr(value, "isoformat") and not isinstance(value, str):
        cell.number_format = "yyyy-mm-dd"
    return cell


def dictionary_rows(package: PackageData) -> list[list]:
    """One data-dictionary line per field of every resource."""
    lines = []
    for resource in package.resources:
        references = {column: f"{other}.{oc}" for column, other, oc in resource.foreign_keys()}
        for f in resource.fields:
            constraints = f.get("constraints", {})
            lines.append([resource.name, f["name"], f.get("title", ""), f.get("type", "string"),
                          "yes" if constraints.get("required") else "",
                          "yes" if f["name"] in resource.primary_key else "",
                          references.get(f["name"], ""), ", ".join(constraints.get("enum", [])),
                          f.get("description", "")])
    return lines


def readme_sheet(sheet: Any, package: PackageData) -> None:
    """Fill the README sheet: about the package, the sheets, then the data dictionary."""
    d = package.descriptor
    put(sheet, 1, 1, d.get("title", package.name)).font = Font(bold=True, size=14)
    about = [("Name", package.name), ("Version", package.version), ("Description", d.get("description", "")),
             ("Licence", licence_text(d)), ("Cite as", citation_text(package.root, d)),
             ("Sources", "; ".join(s.get("title", s.get("path", "")) for s in d.get("sources", []))),
             ("Generated column", DESCRIPTIONS["sentence"] + " It is the last column of every sheet of rows "
                                  "with a span, and is not part of the data dictionary below."),
             ("Created", str(d.get("created", "")))]
    row = 3
    for key, value in about:
        put(sheet, row, 1, key).font = BOLD
        put(sheet, row, 2, value).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    put(sheet, row, 1, "Sheets").font = BOLD
    for resource in package.resources:
        row += 1
        for column, value in enumerate([resource.name, resource.descriptor.get("title", ""),
                                        f"{len(resource.rows)} row" + ("" if len(resource.rows) == 1 else "s"),
                                        resource.descriptor.get("description", "")], 1):
            put(sheet, row, column, value)
    row += 2
    put(sheet, row, 1, "Data dictionary").font = BOLD
    for line in [DICTIONARY_HEADER, *dictionary_rows(package)]:
        row += 1
        for column, value in enumerate(line, 1):
            cell = put(sheet, row, column, value)
            if line is DICTIONARY_HEADER:
                cell.font = BOLD
    for letter, width in zip("ABCDEFGHI", (16, 20, 24, 10, 10, 12, 22, 30, 100), strict=True):
        sheet.column_dimensions[letter].width = width


def data_sheet(sheet: Any, resource: Resource, sentences: list[str | None] | None = None) -> None:
    """One resource as a sheet: bold frozen header with filters, then the typed rows.

    With `sentences`, a last column `sentence` holds each row's sentence (generated).
    """
    names = resource.field_names + (["sentence"] if sentences is not None else [])
    rows = [dict(row, sentence=sentence) for row, sentence in zip(resource.rows, sentences, strict=True)] \
        if sentences is not None else resource.rows
    for column, name in enumerate(names, 1):
        put(sheet, 1, column, name).font = BOLD
    for row_number, row in enumerate(rows, 2):
        for column, name in enumerate(names, 1):
            put(sheet, row_number, column, row[name])
    sheet.freeze_panes = "A2"
    if names:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(len(resource.rows) + 1, 1)}"
    for column, name in enumerate(names, 1):
        longest = max([len(name)] + [len(str(row[name])) for row in rows if row[name] is not None])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(longest, 8) + 2, 60)


def write_excel(package: PackageData, path: Path) -> Path:
    """Write the workbook to `path`, with fixed document properties so rebuilds are identical."""
    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    readme_sheet(readme, package)
    texts = source_texts(package)
    for resource in package.resources:
        sentences = sentence_values(package, resource, texts) if has_span(resource) else None
        data_sheet(workbook.create_sheet(resource.name[:31]), resource, sentences)
    props, d = workbook.properties, package.descriptor
    props.title, props.identifier, props.version = d.get("title"), package.name, package.version
    creators = "; ".join(c.get("title", "") for c in d.get("contributors", []))
    props.creator = props.lastModifiedBy = creators or package.name
    stamp = datetime.fromisoformat(str(d.get("created", "1980-01-01T00:00:00Z")).replace("Z", "+00:00"))
    stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    workbook.save(path)  # stamps `modified` with the current time ...
    props.created = props.modified = stamp  # ... so the properties are written again with fixed times
    normalise_zip(Path(path), {"docProps/core.xml": tostring(props.to_tree())})
    return Path(path)
