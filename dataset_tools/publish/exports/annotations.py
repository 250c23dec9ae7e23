"""W3C Web Annotation export: one annotation per anchored row, aimed at its span of the source.

`dist/<name>-<version>.annotations.jsonld` is an AnnotationCollection (JSON-LD, context
http://www.w3.org/ns/anno.jsonld) with one AnnotationPage holding, in resource then file order,
an Annotation for every row with a span (all resources but `sources` and `segments`):

- `target`: the source text (`../sources/<file>`, relative to dist/ where the file lies, and to
  `exports/` in the release zip) with two selectors for the same characters:
  a TextQuoteSelector (`exact` = the quote, `prefix`/`suffix` = up to 32 characters either
  side) and a TextPositionSelector (`start`/`end` = char_start/char_end, in code points; the
  `text-form` check guarantees no character outside the BMP, so JavaScript's UTF-16 offsets
  are the same numbers);
- `body`: the row's permalink on the evidence site (`site/transcript.html#row-<resource>-<id>`),
  the row in its CSV file (RFC 7111 `#row=N`, header = row 1), and a short English description;
- `id`: `#row-<resource>-<id>`, relative to the file.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from dataset_tools.publish.exports.model import ExportError, PackageData

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32   # characters of prefix and suffix
SKIPPED = ("sources", "segments")
LABELS = ("label_en", "name_en", "title_en", "program_en")


def source_texts(package: PackageData) -> dict[str, tuple[str, str]]:
    """source id -> (path relative to the package, text)."""
    texts = {}
    for row in package.resource("sources").rows:
        path = package.root / row["path"]
        texts[row["id"]] = (row["path"], path.read_text(encoding="utf-8"))
    return texts


def selectors(text: str, start: int, end: int) -> list[dict]:
    return [{"type": "TextQuoteSelector", "exact": text[start:end],
             "prefix": text[max(0, start - AFFIX):start], "suffix": text[end:end + AFFIX]},
            {"type": "TextPositionSelector", "start": start, "end": end}]


def description(resource: str, row: dict) -> str:
    label = next((row[c] for c in LABELS if row.get(c)), row["id"])
    value = (f" = {row['value']:g} {row.get('unit') or ''}".rstrip()
             if isinstance(row.get("value"), (int, float)) else "")
    return f"{resource} {row['id']}: {label}{value} ({row.get('status')})"


def annotation(resource: str, entry: dict, number: int, row: dict, source: tuple[str, str]) -> dict:
    path, text = source
    start, end = row["char_start"], row["char_end"]
    if text[start:end] != row["quote"]:
        raise ExportError(f"{resource} {row['id']}: the span {start}-{end} is not its quote")
    key = f"row-{resource}-{row['id']}"
    return {
        "id": f"#{quote(key)}",
        "type": "Annotation",
        "motivation": "identifying",
        "body": [
            {"id": f"site/transcript.html#{quote(key)}", "type": "Text", "format": "text/html", "language": "en"},
            {"id": f"../{entry['path']}#row={number}", "type": "Dataset", "format": "text/csv"},
            {"type": "TextualBody", "value": description(resource, row), "format": "text/plain", "language": "en",
             "purpose": "describing"},
        ],
        "target": {"source": f"../{path}", "type": "Text", "format": "text/plain", "language": "zh-Hans",
                   "selector": selectors(text, start, end)},
    }


def build_annotations(package: PackageData) -> dict:
    texts = source_texts(package)
    items = []
    for resource in package.resources:
        if resource.name in SKIPPED or "char_start" not in resource.field_names:
            continue
        for number, row in enumerate(resource.rows, start=2):
            if row.get("char_start") is None or row.get("source_id") not in texts:
                continue
            items.append(annotation(resource.name, resource.descriptor, number, row, texts[row["source_id"]]))
    name = f"{package.stem}.annotations.jsonld"
    return {"@context": CONTEXT, "id": name, "type": "AnnotationCollection",
            "label": f"{package.descriptor.get('title', package.name)} (version {package.version}): "
                     "every anchored row, aimed at its span of the source text",
            "total": len(items),
            "first": {"id": f"{name}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items}}


def write_annotations(package: PackageData, path: Path) -> Path:
    Path(path).write_text(json.dumps(build_annotations(package), ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8", newline="\n")
    return Path(path)
