"""The package as the site shows it: every row with its span, sentence, speaker and links.

Read through the shared row model (`dataset_tools.model.load_package`, after preflight), so cells
are the strings of the CSV files. Nothing here is typed by hand: labels, sentences, speakers and
links all come from the rows, their schemas (titles, foreign keys) and the source text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as url_quote

from dataset_tools.model import Package, Row, Table, load_package
from dataset_tools.sentences import SentenceIndex, sentences
from dataset_tools.validate import preflight

# resources that are not facts: the document itself and its turns (shown as the transcript's frame)
FRAME = ("sources", "segments")
LABELS_EN = ("label_en", "name_en", "title_en", "program_en")
LABELS_ZH = ("label_zh", "name_zh", "title_zh", "program_zh")
SPAN_FIELDS = ("source_id", "char_start", "char_end", "quote", "quote_prefix")


class SiteError(RuntimeError):
    """The package cannot be shown as it stands; the message says why."""


def row_key(resource: str, row_id: str) -> str:
    """The HTML id of a row's span in the transcript: `row-<resource>-<id>`."""
    return f"row-{resource}-{row_id}"


def fragment(value: str) -> str:
    """A URL fragment naming an HTML id (percent-encoded where needed)."""
    return url_quote(value, safe="-_.~!$&'()*+,;=:@/?")


def permalink(resource: str, row_id: str) -> str:
    return f"transcript.html#{fragment(row_key(resource, row_id))}"


def row_page_link(resource: str, row_id: str) -> str:
    return f"{resource}.html#{fragment(row_id)}"


@dataclass
class Fact:
    """One row of a fact resource, with what the site derives from the text around it."""

    resource: str
    row: Row
    span: tuple[int, int] | None = None        # (char_start, char_end) when anchored
    sentence: tuple[int, int] | None = None    # the sentence(s) holding the span
    segment: Row | None = None                 # the turn holding the span
    speaker: Row | None = None                 # the speaker of that turn (or the row's speaker_id)

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def key(self) -> str:
        return row_key(self.resource, self.id)

    @property
    def status(self) -> str:
        return self.row.get("status", "")

    def first(self, columns: Iterable[str]) -> str:
        return next((self.row[c] for c in columns if self.row.get(c)), "")

    @property
    def label_en(self) -> str:
        return self.first(LABELS_EN) or self.id

    @property
    def label_zh(self) -> str:
        return self.first(LABELS_ZH)


@dataclass
class SiteData:
    package: Package
    text: str                                  # the source text the transcript shows
    source: Row
    sentences: list[tuple[int, int]]
    facts: dict[str, list[Fact]]               # resource name -> facts in file order
    segments: list[Row]
    titles: dict[str, dict[str, str]] = field(default_factory=dict)   # resource -> field -> title
    references: dict[str, dict[str, str]] = field(default_factory=dict)  # resource -> field -> resource

    @property
    def descriptor(self) -> dict:
        return self.package.descriptor

    def all_facts(self) -> list[Fact]:
        return [fact for facts in self.facts.values() for fact in facts]

    def anchored(self) -> list[Fact]:
        return [fact for fact in self.all_facts() if fact.span is not None]

    def find(self, resource: str, row_id: str) -> Fact | None:
        return next((f for f in self.facts.get(resource, []) if f.id == row_id), None)

    def lookup(self, resource: str, row_id: str) -> Row | None:
        table = self.package.table(resource)
        return next((r for r in table.rows if r.id == row_id), None) if table and row_id else None

    def entry(self, resource: str) -> dict:
        return next((e for e in self.package.resource_entries() if e.get("name") == resource), {})


def span_of(row: Row) -> tuple[int, int] | None:
    try:
        return int(row["char_start"]), int(row["char_end"])
    except (KeyError, ValueError):
        return None


def segment_holding(segments: list[Row], span: tuple[int, int]) -> Row | None:
    for segment in segments:
        bounds = span_of(segment)
        if bounds and bounds[0] <= span[0] and span[1] <= bounds[1]:
            return segment
    return None


def schema_maps(table: Table) -> tuple[dict[str, str], dict[str, str]]:
    """(field -> title, field -> referenced resource) from a table's schema."""
    named = [f for f in table.schema.get("fields", []) if isinstance(f, dict) and isinstance(f.get("name"), str)]
    titles: dict[str, str] = {f["name"]: f["title"] if "title" in f else f["name"] for f in named}
    references: dict[str, str] = {}
    for fk in table.schema.get("foreignKeys", []):
        fields = fk.get("fields")
        fields = [fields] if isinstance(fields, str) else fields
        if isinstance(fields, list) and len(fields) == 1:
            references[fields[0]] = fk.get("reference", {}).get("resource") or table.name
    return titles, references


def load(root: Path) -> SiteData:
    """Read the package under `root` and prepare every fact for the pages."""
    descriptor_path = Path(root) / "datapackage.json"
    pre = preflight.preflight(descriptor_path)
    if pre.fatal:
        raise SiteError("the package cannot be read: " + "; ".join(p.message for p in pre.problems))
    package = load_package(descriptor_path, pre)
    sources = package.table("sources")
    if sources is None or not sources.rows:
        raise SiteError("the package has no sources table")
    source = sources.rows[0]
    text = package.text(source.id)
    if text is None:
        raise SiteError(f"source {source.id!r} cannot be read")
    segments_table = package.table("segments")
    segments = [r for r in (segments_table.rows if segments_table else []) if r.get("source_id") == source.id]
    speakers_table = package.table("speakers")
    speakers = {r.id: r for r in (speakers_table.rows if speakers_table else [])}
    bounds = sentences(text)
    data = SiteData(package, text, source, bounds, {}, segments)
    index = SentenceIndex(bounds)
    for name, table in package.tables.items():
        data.titles[name], data.references[name] = schema_maps(table)
        if name in FRAME:
            continue
        facts = []
        for row in table.rows:
            fact = Fact(name, row)
            span = span_of(row)
            if span is not None and row.get("source_id") == source.id:
                fact.span = span
                fact.sentence = index.around(*span)
                fact.segment = segment_holding(segments, span)
            speaker_id = row.get("speaker_id") or (fact.segment.get("speaker_id", "") if fact.segment else "")
            fact.speaker = speakers.get(speaker_id)
            facts.append(fact)
        data.facts[name] = facts
    return data
