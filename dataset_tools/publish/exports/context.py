"""Columns the exports add after a resource's own fields, generated from the rows and the source.

- `sentence` (SQLite, Excel): the sentence of the source text holding the row's span (the run of
  sentences when the span crosses one), found by `dataset_tools.sentences`; empty for rows
  without a span (derived figures). The CSV files do not have it: it is never typed by hand.
- `reading_order` (SQLite only, for Datasette's default sort): 1, 2, ... over the rows in the
  order of the text (char_start, then char_end, then file order), rows without a span last.

Resources that are the text's frame (`sources`, `segments`) get neither.
"""
from __future__ import annotations

from dataset_tools.publish.exports.model import PackageData, Resource
from dataset_tools.sentences import SentenceIndex, sentences

FRAME = ("sources", "segments")
DESCRIPTIONS = {
    "sentence": "Sentence: the sentence of the source text that holds this row's quote (generated from "
                "char_start/char_end; not in the CSV). Empty for rows without a span.",
    "reading_order": "Reading order: 1, 2, ... in the order of the text; rows not in the text (derived) come "
                     "last (generated; not in the CSV).",
}


def has_span(resource: Resource) -> bool:
    return resource.name not in FRAME and {"char_start", "char_end", "source_id"} <= set(resource.field_names)


def source_texts(package: PackageData) -> dict[str, str]:
    return {row["id"]: (package.root / row["path"]).read_text(encoding="utf-8")
            for row in package.resource("sources").rows}


def sentence_values(package: PackageData, resource: Resource, texts: dict[str, str] | None = None) -> list[str | None]:
    """The `sentence` cell of every row of `resource` (None where the row has no span)."""
    texts = source_texts(package) if texts is None else texts
    indexes = {source: SentenceIndex(sentences(text)) for source, text in texts.items()}
    values: list[str | None] = []
    for row in resource.rows:
        text = texts.get(row.get("source_id", ""))
        if text is None or row.get("char_start") is None or row.get("char_end") is None:
            values.append(None)
            continue
        start, end = indexes[row["source_id"]].around(row["char_start"], row["char_end"])
        values.append(text[start:end])
    return values


def reading_order(resource: Resource) -> list[int]:
    """The `reading_order` cell of every row of `resource`."""
    keys = [(row.get("char_start") is None, row.get("char_start") or 0, row.get("char_end") or 0, index)
            for index, row in enumerate(resource.rows)]
    ranks = {key[3]: rank for rank, key in enumerate(sorted(keys), start=1)}
    return [ranks[index] for index in range(len(resource.rows))]
