"""The `evidence` check's rules for coded fields: `cue`, `clause` and `heading`.

Each test breaks a copy of the package in one way (one code changed) and asserts that the
`evidence` check alone names the row and column. Rows and codes are picked by their properties
and by the cue words the schema documents, never by data values.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataset_tools.validate.checks.evidence import ACTED_ON, NAME_COLUMNS, clause_around
from tests.test_checks_support import assert_only_rule, group, read, row_number, validate_copy, write


def field_of(root: Path, name: str, column: str) -> dict:
    schema = json.loads((root / "schemas" / f"{name}.json").read_text(encoding="utf-8"))
    return next(field for field in schema["fields"] if field["name"] == column)


def cue_words(row: dict[str, str]) -> str:
    """The words a code may follow from: the quote and the names."""
    return "\n".join(row.get(column, "") for column in ("quote", *NAME_COLUMNS))


def unsupported_code(cues: dict[str, list[str]], words: str) -> str | None:
    """A code with cue words of its own, none of which occur in the words."""
    return next((code for code, listed in cues.items() if listed and not any(w in words for w in listed)), None)


def break_one_code(root: Path, name: str, column: str, status: str) -> tuple[list[str], list[dict], dict]:
    """Change the code of the first fitting row to one its words give no cue for."""
    cues = field_of(root, name, column)["cues"]
    header, rows = read(root, name)
    victim = next(row for row in rows if row["status"] == status and row[column]
                  and column not in row.get("curated_cells", "") and unsupported_code(cues, cue_words(row)) is not None)
    new = unsupported_code(cues, cue_words(victim))
    assert new is not None
    victim[column] = new
    return header, rows, victim


def test_every_cue_field_takes_it_with_cue_words_per_code(package_copy):
    for path in sorted((package_copy / "schemas").glob("*.json")):
        for field in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            if field.get("evidence") in ("cue", "first-line", "clause", "heading", "title-end", "name-head"):
                assert set(field["cues"]) == set(field["constraints"]["enum"]), (path.name, field["name"])


@pytest.mark.parametrize(("resource", "column", "status"), [
    ("policies", "kind", "stated"),
    ("organizations", "kind", "inferred"),   # an inferred row's code follows from its names too
    ("designations", "level", "stated"),
])
def test_a_code_without_its_cue_word_is_named(package_copy, resource, column, status):
    header, rows, victim = break_one_code(package_copy, resource, column, status)
    write(package_copy, resource, header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-without-cue", f"resources/{resource}.csv",
                     row=row_number(rows, victim), column=column)


@pytest.mark.parametrize(("resource", "column", "status"), [("policies", "level", "stated"),
                                                         ("policies", "document_status", "stated"),
                                                         ("policies", "level", "inferred")])
def test_a_code_emptied_where_its_cue_occurs_is_named(package_copy, resource, column, status):
    """An empty coded cell says the text gives no code; a stated or inferred row whose words hold a
    cue word of the code it had cannot be left empty unless declared."""
    cues = field_of(package_copy, resource, column)["cues"]
    header, rows = read(package_copy, resource)
    victim = next(row for row in rows if row["status"] == status and row[column]
                  and column not in row.get("curated_cells", "")
                  and any(word in cue_words(row) for word in cues[row[column]]))
    victim[column] = ""
    write(package_copy, resource, header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.empty-with-cue", f"resources/{resource}.csv",
                     row=row_number(rows, victim), column=column)


def test_a_bill_submitted_for_a_plan_recorded_as_in_it_is_named(package_copy):
    """已提请…列入…立法计划 (a request to list the bill) holds 列入 but not 已列入: the bill is not
    stated to be in the plan."""
    header, rows = read(package_copy, "policies")
    victim = next(row for row in rows if row["document_status"] == "submitted_for_legislative_plan")
    victim["document_status"] = "in_legislative_plan"
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-without-cue", "resources/policies.csv",
                     row=row_number(rows, victim), column="document_status")


def test_a_default_code_where_another_codes_cue_occurs_is_named(package_copy):
    cues = field_of(package_copy, "organizations", "kind")["cues"]
    default = next(code for code, listed in cues.items() if not listed)
    header, rows = read(package_copy, "organizations")
    victim = next(row for row in rows if row["status"] == "stated" and row["kind"] != default
                  and "kind" not in row.get("curated_cells", ""))
    victim["kind"] = default
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-without-cue", "resources/organizations.csv",
                     row=row_number(rows, victim), column="kind")


def test_a_declared_code_is_the_curators_reading_and_passes(package_copy):
    header, rows, victim = break_one_code(package_copy, "policies", "kind", "stated")
    victim["curated_cells"] = ";".join(filter(None, [victim["curated_cells"], "kind"]))
    reading = f"Curators' reading (kind): {victim['kind']}, a test reading."   # the note names the code it declares
    victim["note"] = (victim["note"] + " " if victim["note"] else "") + reading
    write(package_copy, "policies", header, rows)
    _, report = validate_copy(package_copy)
    assert group(report, "evidence")["status"] == "passed", group(report, "evidence")["problems"][:3]


def test_a_document_as_partner_is_named(package_copy):
    header, rows = read(package_copy, "action_links")
    victim = next(row for row in rows if row["status"] == "stated" and any(row[c] for c in ACTED_ON)
                  and "role" not in row["curated_cells"])
    victim["role"] = "partner"
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.role-against-clause", "resources/action_links.csv",
                     row=row_number(rows, victim), column="role")


def test_a_partner_recorded_as_actor_is_named(package_copy):
    text = (package_copy / "sources" / "gansu-ip-press-conference-2025-04-25.zh.txt").read_text(encoding="utf-8")
    header, rows = read(package_copy, "action_links")
    victim = next(row for row in rows if row["status"] == "stated" and row["role"] == "partner"
                  and "共同" not in clause_around(text, int(row["char_start"]), int(row["char_end"]))[1])
    victim["role"] = "actor"
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.role-against-clause", "resources/action_links.csv",
                     row=row_number(rows, victim), column="role")


def test_a_co_actor_recorded_as_partner_is_named(package_copy):
    text = (package_copy / "sources" / "gansu-ip-press-conference-2025-04-25.zh.txt").read_text(encoding="utf-8")
    header, rows = read(package_copy, "action_links")
    partner_cues = field_of(package_copy, "action_links", "role")["cues"]["partner"]
    victim = next(row for row in rows if row["status"] == "stated" and row["role"] == "actor"
                  and "role" not in row["curated_cells"]
                  and any(word in clause_around(text, int(row["char_start"]), int(row["char_end"]))[0]
                          for word in partner_cues)
                  and "共同" in clause_around(text, int(row["char_start"]), int(row["char_end"]))[1])
    victim["role"] = "partner"
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.role-against-clause", "resources/action_links.csv",
                     row=row_number(rows, victim), column="role")


def test_a_body_acted_on_recorded_as_partner_is_named(package_copy):
    partner_cues = field_of(package_copy, "action_links", "role")["cues"]["partner"]
    text = (package_copy / "sources" / "gansu-ip-press-conference-2025-04-25.zh.txt").read_text(encoding="utf-8")
    header, rows = read(package_copy, "action_links")
    victim = next(row for row in rows if row["status"] == "stated" and row["role"] == "object"
                  and row["organization_id"] and not any(
                      w in clause_around(text, int(row["char_start"]), int(row["char_end"]))[0] for w in partner_cues))
    victim["role"] = "partner"
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.role-against-clause", "resources/action_links.csv",
                     row=row_number(rows, victim), column="role")


def test_an_object_after_a_partner_recorded_as_partner_is_named(package_copy):
    """A…与B…成立C: the clause before C holds 与, a partner's cue, but the cue nearest before C is 成立, the object's.
    Only which cue stands nearest tells B, the partner, from C, what was set up."""
    cues = field_of(package_copy, "action_links", "role")["cues"]
    text = (package_copy / "sources" / "gansu-ip-press-conference-2025-04-25.zh.txt").read_text(encoding="utf-8")
    header, rows = read(package_copy, "action_links")

    def nearest_role(row: dict) -> str | None:   # the role whose cue word ends last before the participant
        before = clause_around(text, int(row["char_start"]), int(row["char_end"]))[0]
        ends = {role: max(before.rfind(word) + len(word) for word in words if word in before)
                for role, words in cues.items() if any(word in before for word in words)}
        return max(ends, key=ends.__getitem__) if len(ends) > 1 else None

    victim = next(row for row in rows if row["status"] == "stated" and row["role"] == "object"
                  and not any(row.get(name) for name in ACTED_ON) and nearest_role(row) == "object"
                  and "role" not in row["curated_cells"])
    victim["role"] = "partner"
    write(package_copy, "action_links", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "evidence.role-against-clause", "resources/action_links.csv",
                            row=row_number(rows, victim), column="role")
    assert hits[0]["expected"].startswith("object")


def test_a_segment_kind_its_first_line_does_not_name_is_named(package_copy):
    cues = field_of(package_copy, "segments", "kind")["cues"]
    header, rows = read(package_copy, "segments")
    with_speaker_or_outlet = {"answer", "opening_statement", "question"}   # the speakers check's kinds
    victim = next(row for row in rows if row["status"] == "stated" and row["kind"] not in with_speaker_or_outlet)
    first_line = victim["quote"].split("\n", 1)[0]
    victim["kind"] = next(code for code, words in cues.items() if words and code not in with_speaker_or_outlet
                          and code != victim["kind"] and not any(word in first_line for word in words))
    write(package_copy, "segments", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-without-cue", "resources/segments.csv",
                     row=row_number(rows, victim), column="kind")


def test_a_presenter_recorded_as_host_is_named(package_copy):
    header, rows = read(package_copy, "speakers")
    victim = next(row for row in rows if row["status"] == "stated" and row["role"] == "presenter")
    victim["role"] = "host"
    write(package_copy, "speakers", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.heading-mismatch", "resources/speakers.csv",
                     row=row_number(rows, victim), column="role")


def test_the_clause_is_bounded_by_punctuation():
    text = "甲。乙与丙、丁共同签署,戊"
    start = text.index("丙")
    assert clause_around(text, start, start + 1) == ("乙与", "、丁共同签署")


def test_cues_that_miss_a_code_are_refused(package_copy):
    path = package_copy / "schemas" / "policies.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(field for field in schema["fields"] if field.get("evidence") == "cue")
    field["cues"].pop(next(iter(field["cues"])))
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    code, report = validate_copy(package_copy)
    hits = [p for entry in report["checks"] for p in entry["problems"] if p["code"] == "descriptor.schema-not-allowed"]
    assert code == 1 and hits and all("cues" in p["message"] for p in hits), hits[:3]


def test_a_cue_word_over_the_limit_is_refused_before_any_quote_is_read_for_it(package_copy):
    """Every quote's edges are read for each length of cue word (`spans`): a schema whose cue is a page of text, not
    a word, is refused by preflight, and the run ends with that resource unread, not after hours of reading."""
    from dataset_tools.validate.limits import MAX_CUE_CHARS

    path = package_copy / "schemas" / "policies.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(field for field in schema["fields"] if field.get("evidence") == "cue")
    field["cues"][next(iter(field["cues"]))].append("条" * (MAX_CUE_CHARS + 1))
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    code, report = validate_copy(package_copy)
    hits = [p for entry in report["checks"] for p in entry["problems"] if p["code"] == "descriptor.schema-not-allowed"]
    assert code == 1 and len(hits) == 1 and f"over the limit of {MAX_CUE_CHARS}" in hits[0]["message"], hits[:3]
    assert hits[0]["column"] == f"fields[{schema['fields'].index(field)}].cues"


def party_levels(root: Path) -> tuple[dict[str, str], dict[str, str | None]]:
    """(region id -> its level, body id -> the level of its region)."""
    _, regions = read(root, "regions")
    _, organizations = read(root, "organizations")
    region_level = {row["id"]: row["level"] for row in regions}
    return region_level, {row["id"]: region_level.get(row["region_id"]) for row in organizations}


def test_an_agreement_with_a_place_of_another_level_read_at_one_level_is_named(package_copy):
    """A document made between bodies of one level and a place of another (counterparty_region_id) is `joint`,
    though its quote also holds a cue word of another level (the place's 市): that code is named."""
    region_level, body_level = party_levels(package_copy)
    cues = field_of(package_copy, "policies", "level")["cues"]
    header, rows = read(package_copy, "policies")

    def cued_other(row: dict) -> str | None:   # another level whose cue word the row's words hold
        return next((code for code, words in cues.items() if code != row["level"]
                     and any(word in cue_words(row) for word in words)), None)

    victim = next(row for row in rows if row["counterparty_region_id"] and row["level"] == "joint"
                  and row["issuer_ids"] and "level" not in row["curated_cells"].split(";") and cued_other(row)
                  and {body_level.get(body) for body in row["issuer_ids"].split(";")}
                  != {region_level[row["counterparty_region_id"]]})
    victim["level"] = cued_other(victim) or ""
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.level-against-parties", "resources/policies.csv",
                     row_id=victim["id"], column="level")


def test_the_parties_level_is_joint_only_across_levels():
    from dataset_tools.validate.checks.evidence import parties_problems
    from tests.test_checks_support import stand_in_package
    package = stand_in_package({
        "regions": [{"id": "p", "level": "province"}, {"id": "c", "level": "prefecture"},
                    {"id": "d", "level": "prefecture"}],
        "organizations": [{"id": "body", "region_id": "p"}, {"id": "city-body", "region_id": "d"}],
        "policies": [{"id": "a", "level": "joint", "issuer_ids": "body", "counterparty_region_id": "c"},
                     {"id": "b", "level": "prefecture", "issuer_ids": "body", "counterparty_region_id": "c"},
                     {"id": "c", "level": "prefecture", "issuer_ids": "city-body", "counterparty_region_id": "c"},
                     {"id": "d", "level": "joint", "issuer_ids": "city-body", "counterparty_region_id": "c"},
                     {"id": "e", "level": "prefecture", "issuer_ids": "", "counterparty_region_id": "c"}]})
    found = [(p.row_id, p.expected) for p in parties_problems(package, package.tables["policies"])]
    assert found == [("b", "joint"), ("d", "prefecture")]


def test_a_first_line_read_by_a_cue_that_is_not_its_head_is_named(package_copy):
    """…记者现场提问 holds the caption's 现场 and the question's 提问: it is a question, the word it ends on."""
    cues = field_of(package_copy, "segments", "kind")["cues"]
    header, rows = read(package_copy, "segments")

    def other_cued(row: dict) -> str | None:
        line = row["quote"].split("\n", 1)[0]
        return next((code for code, words in cues.items() if code != row["kind"]
                     and any(word in line for word in words)), None)
    victim = next(row for row in rows if row["status"] == "stated" and other_cued(row))
    victim["kind"] = other_cued(victim) or ""
    write(package_copy, "segments", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.first-line-head", "resources/segments.csv",
                     row=row_number(rows, victim), column="kind")


def test_a_status_read_from_a_cue_word_inside_the_documents_kind_is_named(package_copy):
    """实施 (in force) inside 《…实施意见》 is part of the document's kind (实施意见), not a word of its status."""
    from dataset_tools.validate.checks.evidence import stands_alone

    status, kind = field_of(package_copy, "policies", "document_status"), field_of(package_copy, "policies", "kind")
    kind_words = [word for words in kind["cues"].values() for word in words]
    header, rows = read(package_copy, "policies")

    def only_inside_a_kind(row: dict) -> str | None:   # another status whose cue word stands only inside a kind's
        words = cue_words(row)
        return next((code for code, listed in status["cues"].items() if code != row["document_status"]
                     for word in listed if word in words and not stands_alone(
                         word, words, tuple(longer for longer in kind_words if word in longer and longer != word))),
                    None)

    victim = next(row for row in rows if row["document_status"] and "document_status" not in row["curated_cells"]
                  and only_inside_a_kind(row))
    victim["document_status"] = only_inside_a_kind(victim) or ""
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-without-cue", "resources/policies.csv",
                     row=row_number(rows, victim), column="document_status")


def test_a_cue_word_stands_alone_only_outside_longer_cue_words_of_other_fields():
    from dataset_tools.validate.checks.evidence import stands_alone

    assert not stands_alone("实施", "出台《关于…的实施意见》", ("实施意见", "实施方案"))
    assert stands_alone("实施", "全面实施《…实施意见》", ("实施意见",))
    assert stands_alone("实施", "全面实施", ())
    assert not stands_alone("实施", "出台", ())


def test_a_document_of_one_level_read_as_joint_from_its_cue_is_named(package_copy):
    """Issuers of one level that act together (省市场监管局 联合 省教育厅…) issue a document of that level: `joint`,
    though 联合 is one of its cue words, is named. No counterparty place is needed for the rule."""
    _, body_level = party_levels(package_copy)
    cues = field_of(package_copy, "policies", "level")["cues"]
    header, rows = read(package_copy, "policies")
    victim = next(row for row in rows if not row["counterparty_region_id"] and row["level"] != "joint"
                  and len(row["issuer_ids"].split(";")) > 1 and "level" not in row["curated_cells"].split(";")
                  and len({body_level.get(body) for body in row["issuer_ids"].split(";")}) == 1
                  and any(word in cue_words(row) for word in cues["joint"]))
    victim["level"] = "joint"
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.level-against-parties", "resources/policies.csv",
                     row_id=victim["id"], column="level")


def test_a_document_kind_read_from_a_cue_word_of_its_quote_but_not_its_title_is_named(package_copy):
    """A document's kind is its title's head noun: a kind whose cue word the quote writes elsewhere (列入2025年立法计划
    beside 《…条例》) is named."""
    cues = field_of(package_copy, "policies", "kind")["cues"]
    header, rows = read(package_copy, "policies")

    def elsewhere(row: dict) -> str | None:   # a kind whose cue word the row's words hold but its title does not end on
        return next((code for code, words in cues.items() if code != row["kind"] and any(
            word in cue_words(row) and not row["title_zh"].endswith(word) for word in words)), None)

    victim = next(row for row in rows if row["title_zh"] and "kind" not in row["curated_cells"].split(";")
                  and elsewhere(row))
    victim["kind"] = elsewhere(victim) or ""
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-not-the-title-end", "resources/policies.csv",
                     row_id=victim["id"], column="kind")


def test_a_body_kind_read_from_a_word_its_name_does_not_end_on_is_named(package_copy):
    """A body's kind is its name's head: a kind whose cue word the name writes before another code's word that
    ends it (出版 in 中国新闻出版广电报, a newspaper) is named, though the cue word occurs."""
    cues = field_of(package_copy, "organizations", "kind")["cues"]
    header, rows = read(package_copy, "organizations")

    def earlier(row: dict) -> str | None:   # a code whose cue word ends in the name before the last cue word ends
        form = row["name_as_written"] or row["name_zh"]
        ends = {code: max((form.rfind(word) + len(word) for word in words if word in form), default=-1)
                for code, words in cues.items()}
        return next((code for code, end in ends.items() if 0 <= end < max(ends.values())), None)

    victim = next(row for row in rows if "kind" not in row["curated_cells"].split(";") and earlier(row))
    victim["kind"] = earlier(victim) or ""
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.code-not-the-name-head", "resources/organizations.csv",
                     row_id=victim["id"], column="kind")
