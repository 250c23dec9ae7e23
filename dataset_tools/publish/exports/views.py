"""SQL views answering the common questions, shared by the SQLite export and its Datasette metadata.

- `indicator_facts`: every figure with its region, comparison field and speaker by name, and the
  quote that states it.
- `designation_members`: every member of a selection with its subject (region, organisation,
  brand or case) by name.
- `program_counts`: per selection (named in designations or counted by an indicator), how many
  members the text names next to the count it states.
- `quotes`: every anchored row of every resource, with the segment and speaker whose turn holds
  the span — "who said this, and where".
"""
from __future__ import annotations

from dataset_tools.publish.exports.model import PackageData

INDICATOR_FACTS = """
SELECT i.id, i.indicator, i.label_en, i.label_zh, i.value, i.unit, i.unit_en, i.value_text,
       i.qualifier, i.lower_bound, i.upper_bound, i.period_start, i.period_end,
       i.region_id, r.name_en AS region_name_en, r.name_zh AS region_name_zh,
       i.scope_region_id, sr.name_en AS scope_region_name_en, sr.name_zh AS scope_region_name_zh,
       i.comparison, i.counts_program, i.list_complete,
       i.speaker_id, s.name_en AS speaker_name_en, s.name_zh AS speaker_name_zh,
       i.segment_id, i.status, i.quote, i.char_start, i.char_end, i.formula, i.note
FROM indicators AS i
LEFT JOIN regions AS r ON r.id = i.region_id
LEFT JOIN regions AS sr ON sr.id = i.scope_region_id
LEFT JOIN speakers AS s ON s.id = i.speaker_id
"""

DESIGNATION_MEMBERS = """
SELECT d.id, d.program, d.program_en, d.program_zh, d.level, d.year, d.batch,
       CASE WHEN d.region_id IS NOT NULL THEN 'region'
            WHEN d.organization_id IS NOT NULL THEN 'organization'
            WHEN d.brand_id IS NOT NULL THEN 'brand'
            WHEN d.policy_id IS NOT NULL THEN 'policy' END AS subject_kind,
       COALESCE(d.region_id, d.organization_id, d.brand_id, d.policy_id) AS subject_id,
       COALESCE(r.name_en, o.name_en, b.name_en, p.title_en) AS subject_name_en,
       COALESCE(r.name_zh, o.name_zh, b.name_zh, p.title_zh) AS subject_name_zh,
       d.speaker_id, s.name_en AS speaker_name_en, d.segment_id, d.status, d.quote,
       d.char_start, d.char_end, d.note
FROM designations AS d
LEFT JOIN regions AS r ON r.id = d.region_id
LEFT JOIN organizations AS o ON o.id = d.organization_id
LEFT JOIN brands AS b ON b.id = d.brand_id
LEFT JOIN policies AS p ON p.id = d.policy_id
LEFT JOIN speakers AS s ON s.id = d.speaker_id
"""

PROGRAM_COUNTS = """
SELECT p.program, m.program_en, m.program_zh, COALESCE(m.members_named, 0) AS members_named,
       i.id AS indicator_id, i.label_en AS indicator_label_en, i.value AS count_stated,
       i.list_complete, i.speaker_id
FROM (SELECT program FROM designations
      UNION SELECT counts_program FROM indicators WHERE counts_program IS NOT NULL) AS p
LEFT JOIN (SELECT program, MIN(program_en) AS program_en, MIN(program_zh) AS program_zh,
                  COUNT(DISTINCT COALESCE(region_id, organization_id, brand_id, policy_id)) AS members_named
           FROM designations GROUP BY program) AS m ON m.program = p.program
LEFT JOIN indicators AS i ON i.counts_program = p.program
"""

LABEL_COLUMNS = ("name_en", "title_en", "label_en", "program_en")


def sql_name(identifier: str) -> str:
    """An SQL identifier, quoted ("...", inner quotes doubled) whatever it holds."""
    return '"' + identifier.replace('"', '""') + '"'


def sql_text(value: str) -> str:
    """An SQL string literal ('...', inner quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def quotes_view(package: PackageData) -> str:
    """Union of the anchored rows of every resource except sources and segments, with speaker."""
    parts = []
    for resource in package.resources:
        names = resource.field_names
        if resource.name in ("sources", "segments") or "quote" not in names:
            continue
        label = next((c for c in LABEL_COLUMNS if c in names), "id")
        parts.append(f"SELECT {sql_text(resource.name)} AS resource, id, {sql_name(label)} AS label_en, status, "
                     f"source_id, char_start, char_end, quote FROM {sql_name(resource.name)}")
    union = "\n  UNION ALL ".join(parts)
    return f"""
SELECT q.resource, q.id, q.label_en, q.status, q.source_id, q.char_start, q.char_end, q.quote,
       g.id AS segment_id, g.kind AS segment_kind, g.speaker_id, s.name_en AS speaker_name_en,
       s.name_zh AS speaker_name_zh
FROM ({union}) AS q
LEFT JOIN segments AS g ON g.source_id = q.source_id
     AND q.char_start >= g.char_start AND q.char_end <= g.char_end
LEFT JOIN speakers AS s ON s.id = g.speaker_id
WHERE q.quote IS NOT NULL
"""


def view_definitions(package: PackageData) -> list[tuple[str, str]]:
    """(view name, SELECT statement) for every view of the SQLite export."""
    return [("indicator_facts", INDICATOR_FACTS), ("designation_members", DESIGNATION_MEMBERS),
            ("program_counts", PROGRAM_COUNTS), ("quotes", quotes_view(package))]


VIEW_DESCRIPTIONS = {
    "indicator_facts": ("Indicators with names",
                        "Every figure with its region, comparison field and speaker by name, and the quote that "
                        "states it."),
    "designation_members": ("Designation members with names",
                            "Every member of a selection, pilot, award or listing, with its subject by name."),
    "program_counts": ("Members named vs count stated",
                       "Per selection: how many members the text names, next to the count it states "
                       "(list_complete says whether it names them all)."),
    "quotes": ("Every quote, with its speaker",
               "Every anchored row of every resource with the segment and speaker whose turn contains its span."),
}

VIEW_COLUMNS = {
    "subject_kind": "What the member is: region, organization, brand or policy (which *_id is filled).",
    "subject_id": "Identifier of the member in the table named by subject_kind.",
    "members_named": "Number of distinct members of the selection that the text names (rows of designations).",
    "indicator_id": "Identifier of the indicator row stating how many members the selection has.",
    "indicator_label_en": "English label of that indicator.",
    "count_stated": "The count the text states (indicators.value).",
    "resource": "The table the row comes from.",
    "label_en": "English name, title or label of the row.",
    "segment_kind": "Kind of the segment whose span contains the quote.",
}


def view_column_description(column: str) -> str | None:
    """Description of a column a view adds (a name looked up through a foreign key, a count)."""
    for suffix, language in (("_name_en", "English"), ("_name_zh", "Chinese")):
        if column.endswith(suffix):
            return f"Name ({language}) of the row `{column[:-len(suffix)]}_id` points at."
    return VIEW_COLUMNS.get(column)
