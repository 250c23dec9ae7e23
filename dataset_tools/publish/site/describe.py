"""What the site says about one row, in English and Chinese: value, period, status, speaker, links.

Used by the resource pages (as HTML) and by the transcript's panel (as JSON read by the script,
which writes it with textContent only). Every string comes from the row or its schema.
"""
from __future__ import annotations

import re

from dataset_tools.model import RowLike
from dataset_tools.publish.site.facts import LABELS_EN, LABELS_ZH, SPAN_FIELDS, Fact, SiteData, permalink, row_page_link

STATUS_TEXT = {
    "stated": "Stated in the text",
    "inferred": "Inferred from the text (see note)",
    "derived": "Derived: computed from stated figures, not in the text",
    "external": "From an external reference, not in the text",
}
FORMULA_REFERENCE = re.compile(r"\{([^{}]+)\}")


def number(value: str) -> str:
    """17800 -> '17,800'; 2.47 -> '2.47'; text that is not a plain number is returned as is."""
    try:
        parsed = float(value)
    except ValueError:
        return value
    if parsed.is_integer() and "e" not in value.lower():
        return f"{int(parsed):,}"
    whole, _, decimals = value.partition(".")
    return f"{int(whole):,}.{decimals}" if whole.lstrip("-").isdigit() and decimals.isdigit() else value


def value_en(row: RowLike) -> str:
    """'17,800 items', with the qualifier ('more than 10,000 ...') and bounds when given."""
    if not row.get("value"):
        return ""
    qualifier = {"more_than": "more than ", "at_least": "at least ", "approximately": "about ",
                 "less_than": "less than ", "at_most": "at most "}.get(row.get("qualifier", ""), "")
    unit = row.get("unit_en") or row.get("unit", "")
    if row.get("unit") == "percent":
        shown = f"{number(row['value'])}%"
    elif row.get("unit") == "CNY":
        shown = f"CNY {number(row['value'])}"
    else:
        shown = f"{number(row['value'])} {unit}".strip()
    return qualifier + shown


def period(row: RowLike) -> str:
    start, end = row.get("period_start", ""), row.get("period_end", "")
    if start and end:
        if start == end:
            return f"as of {end}"
        if start[5:] == "01-01" and end[5:] == "12-31":
            return start[:4] if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}"
        return f"{start} to {end}"
    return end or start or (row.get("year", "") and f"year {row['year']}")


def period_label(row: RowLike) -> str:
    """A short label for a chart axis: '2024', 'end 2024', '2020–2024'."""
    text = period(row)
    return f"end {text[6:10]}" if text.startswith("as of ") and text.endswith("-12-31") else text


def speaker_names(fact: Fact) -> tuple[str, str]:
    if fact.speaker is None:
        return "", ""
    return fact.speaker.get("name_en", ""), fact.speaker.get("name_zh", "")


def linked_fields(data: SiteData, fact: Fact) -> list[tuple[str, str, str | None]]:
    """(title, shown value, link or None) for every other non-empty cell of the row."""
    skip = set(SPAN_FIELDS) | set(LABELS_EN) | set(LABELS_ZH) | {"id", "status"}
    titles, references = data.titles.get(fact.resource, {}), data.references.get(fact.resource, {})
    shown = []
    for name, value in fact.row.items():
        if name in skip or not value:
            continue
        link, text = None, value
        other = references.get(name)
        if other == "segments":
            link = f"transcript.html#seg-{value}"
        elif other and other in data.facts:
            target = data.lookup(other, value)
            link = row_page_link(other, value)
            if target is not None:
                label = next((target[c] for c in LABELS_EN if target.get(c)), "")
                text = f"{label} ({value})" if label else value
        elif name == "value":
            text = f"{number(value)}"
        shown.append((titles.get(name, name), text, link))
    return shown


def formula_inputs(data: SiteData, fact: Fact) -> list[Fact]:
    """The rows a derived row's formula names ({id} references), found among the indicators."""
    found = []
    for row_id in FORMULA_REFERENCE.findall(fact.row.get("formula", "")):
        for resource in data.facts:
            other = data.find(resource, row_id)
            if other is not None:
                found.append(other)
                break
    return found


def panel_entry(data: SiteData, fact: Fact) -> dict:
    """The JSON the transcript's panel shows for one row."""
    speaker_en, speaker_zh = speaker_names(fact)
    row = fact.row
    lines = []
    if row.get("value"):
        lines.append(["Value", value_en(row)])
        if row.get("value_text"):
            lines.append(["原文数值", row["value_text"] + (f" ({row['unit_zh']})" if row.get("unit_zh") and
                                                           row["unit_zh"] not in row["value_text"] else "")])
    if period(row):
        lines.append(["Period", period(row)])
    if speaker_en or speaker_zh:
        lines.append(["Speaker · 发布人", f"{speaker_en} {speaker_zh}".strip()])
    start, end = fact.sentence or fact.span or (0, 0)
    return {
        "resource": fact.resource, "id": fact.id, "en": fact.label_en, "zh": fact.label_zh,
        "status": fact.status, "statusText": STATUS_TEXT.get(fact.status, fact.status),
        "lines": lines, "quote": row.get("quote", ""),
        "sentence": data.text[start:end],
        "permalink": permalink(fact.resource, fact.id), "page": row_page_link(fact.resource, fact.id),
    }
