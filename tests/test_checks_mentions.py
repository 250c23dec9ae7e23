"""The `mentions` check: every title, quoted name and named body is a row, or excluded with a reason."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from dataset_tools.mentions import Coverage, Mention, find_mentions
from tests.test_checks_support import read, validate_copy, write

EXCLUSIONS = "curation/mention_exclusions.csv"


def only_mentions_fails(report: dict, code: int) -> list[dict]:
    assert code == 1
    failed = [entry["name"] for entry in report["checks"] if entry["status"] != "passed"]
    assert failed == ["mentions"], failed
    return next(entry for entry in report["checks"] if entry["name"] == "mentions")["problems"]


def start_of(problem: dict) -> int:
    """The start offset a mention problem names ('… at [start, end) …')."""
    return int(problem["message"].split(" at [", 1)[1].split(",", 1)[0])


def named_elsewhere(root: Path) -> list[str]:
    """The Chinese text cells of the rows that may name a body in the text (not organizations, and not
    the glossary or aliases, which list names without naming anything in the text)."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    cells = []
    for entry in descriptor["resources"]:
        if entry["name"] in ("organizations", "sources", "segments", "glossary", "aliases"):
            continue
        _, rows = read(root, entry["name"])
        cells += [cell for row in rows for column, cell in row.items()
                  if column not in ("quote", "quote_prefix", "note") and not cell.isascii()]
    return cells


def referenced_ids(root: Path) -> set[str]:
    """Every id some foreign key or id list of the package points at."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    used = set()
    for entry in descriptor["resources"]:
        _, rows = read(root, entry["name"])
        for row in rows:
            for column, cell in row.items():
                if column.endswith(("_id", "_ids")) or column == "target_id":
                    used.update(cell.split(";"))
    return used


def test_a_deleted_body_leaves_its_mentions_uncovered(package_copy):
    """Every stated body is referenced by some row, so frictionless also names the dangling keys;
    nothing but those foreign-key errors and the uncovered mention may be reported."""
    header, rows = read(package_copy, "organizations")
    others = named_elsewhere(package_copy)
    victim = next(row for row in rows if row["status"] == "stated"
                  and row["name_zh"].endswith(("院", "公司", "大学", "法庭", "工作站"))
                  and not any(row["name_zh"] in cell for cell in others))
    rows.remove(victim)
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert code == 1
    failed = {entry["name"]: entry["problems"] for entry in report["checks"] if entry["status"] != "passed"}
    assert set(failed) <= {"mentions", "table"}, sorted(failed)
    assert all(f'"{victim["id"]}"' in problem["message"] for problem in failed.get("table", [])), failed.get("table")
    name_span = range(int(victim["char_start"]), int(victim["char_end"]))
    assert any(problem["file"].startswith("sources/") and start_of(problem) in name_span
               for problem in failed["mentions"])


def test_a_deleted_document_leaves_its_title_uncovered(package_copy):
    header, rows = read(package_copy, "policies")
    used = referenced_ids(package_copy)
    victim = next(row for row in rows if row["status"] == "stated" and row["id"] not in used
                  and f"《{row['title_zh']}》" in row["quote"])
    rows.remove(victim)
    write(package_copy, "policies", header, rows)
    problems = only_mentions_fails(*reversed(validate_copy(package_copy)))
    assert any(p["code"] == "mentions.uncovered" and p["found"] == victim["title_zh"] for p in problems), problems


def rewrite_exclusions(root: Path, change: Callable[[list[dict]], int]) -> int:
    path = root / EXCLUSIONS
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    number = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return number


def test_a_removed_exclusion_is_reported_and_a_shifted_one_is_stale(package_copy):
    def shift(rows):
        rows[0]["char_start"] = str(int(rows[0]["char_start"]) + 1)
        return 2
    number = rewrite_exclusions(package_copy, shift)
    problems = only_mentions_fails(*reversed(validate_copy(package_copy)))
    assert any(p["file"] == EXCLUSIONS and p["row"] == number and p["code"] == "mentions.stale-exclusion"
               for p in problems)
    assert any(p["file"].startswith("sources/") and p["code"] == "mentions.uncovered" for p in problems)


def test_an_exclusion_needs_a_known_reason(package_copy):
    def unknown(rows):
        rows[-1]["reason_code"] = "because"
        return len(rows) + 1
    number = rewrite_exclusions(package_copy, unknown)
    problems = only_mentions_fails(*reversed(validate_copy(package_copy)))
    found = [(p["code"], p["row"], p["column"]) for p in problems]
    assert found == [("mentions.exclusion-reason", number, "reason_code")]


def test_mentions_and_what_covers_them():
    text = "省版权局建成《甘肃条例》,打造“一站式”服务,省版权局局长到会。"
    found = [(m.kind, m.text) for m in find_mentions(text)]
    assert found == [("body", "局"), ("title", "甘肃条例"), ("quoted", "一站式"), ("body", "局")]
    cover = Coverage(text)
    cover.add_row("organizations", ["id", "name_as_written"], {"id": "o", "name_as_written": "省版权局"}, None)
    cover.add_row("policies", ["id", "title_zh"], {"id": "p", "title_zh": "甘肃条例"}, (6, 12))
    assert [cover.covered(m) for m in find_mentions(text)] == [True, True, False, True]


def test_a_deleted_document_whose_title_another_row_repeats_is_named(package_copy):
    """A 《title》 repeated in a designation's programme is still the document's: deleting its row uncovers it."""
    from tests.test_checks_support import problems_of
    _, designations = read(package_copy, "designations")
    header, rows = read(package_copy, "policies")
    victim = next(row for row in rows if row["title_zh"] and not row["aliases"]
                  and any("《" + row["title_zh"] + "》" in other["program_zh"] for other in designations)
                  and not any(row["id"] in other[column] for name in ("designations", "action_links", "claims",
                                                                         "indicators")
                              for other in read(package_copy, name)[1] for column in other if column.endswith("_id")))
    write(package_copy, "policies", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("mentions.uncovered", victim["title_zh"])], found


def test_a_deleted_body_whose_name_another_row_repeats_is_named(package_copy):
    """A body named inside a designation's programme is still the organization's: deleting its row uncovers it."""
    from tests.test_checks_support import problems_of
    _, designations = read(package_copy, "designations")
    referring = [other for name in ("organizations", "designations", "action_links", "claims", "indicators", "policies",
                                    "speakers", "events", "campaigns", "works", "brands", "aliases")
                 for other in read(package_copy, name)[1]]
    header, rows = read(package_copy, "organizations")
    victim = next(row for row in rows if row["status"] == "stated" and row["name_as_written"]
                  and any(row["name_as_written"] in other["program_zh"] for other in designations)
                  and not any(row["id"] in value for other in referring for column, value in other.items()
                              if column.endswith(("_id", "_ids")) and other is not row))
    write(package_copy, "organizations", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["found"]) for p in problems_of(report)]
    assert code == 1 and {code for code, _ in found} == {"mentions.uncovered"}, found


def test_a_deleted_brand_whose_quoted_name_a_label_repeats_is_named(package_copy):
    """A “quoted name” repeated in an action's or a figure's label_zh is still the brand's: deleting its row
    uncovers it."""
    from tests.test_checks_support import problems_of
    _, actions = read(package_copy, "actions")
    used = referenced_ids(package_copy)
    header, rows = read(package_copy, "brands")
    victim = next(row for row in rows if row["status"] == "stated" and row["id"] not in used
                  and "“" + row["name_zh"] + "”" in row["quote"]
                  and any("“" + row["name_zh"] + "”" in action["label_zh"] for action in actions))
    write(package_copy, "brands", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("mentions.uncovered", victim["name_zh"])], found


def test_a_designation_phrase_is_read_to_the_end_of_its_noun_phrase():
    text = ("加强对河西国家级玉米育种基地的保护,4个区域入选首批省级知识产权保护示范区。"
            "省级和国家级示范区,二级巡视员、各级法院")
    found = [(m.kind, m.text) for m in find_mentions(text) if m.kind == "designation"]
    assert found == [("designation", "国家级玉米育种基地"), ("designation", "省级知识产权保护示范区"),
                     ("designation", "国家级示范区")]
    cover = Coverage(text)
    cover.add_row("designations", ["id", "program_zh"], {"id": "d", "program_zh": "国家级玉米育种基地"}, None)
    assert [cover.covered(m) for m in find_mentions(text) if m.kind == "designation"] == [True, False, False]


def test_a_deleted_designation_leaves_its_phrase_uncovered(package_copy):
    """A designation whose phrase (国家级…, 省级…) no other designation's span or programme holds: deleting its row
    (nothing links to it) uncovers the phrase, which no other rule counts."""
    from tests.test_checks_support import problems_of
    _, sources = read(package_copy, "sources")
    header, rows = read(package_copy, "designations")
    source = next(source for source in sources if any(row["source_id"] == source["id"] for row in rows))
    text = (package_copy / source["path"]).read_text(encoding="utf-8")
    phrases = [m for m in find_mentions(text) if m.kind == "designation"]
    used = referenced_ids(package_copy)
    rows_here = [row for row in rows if row["source_id"] == source["id"]]

    def holds(row: dict, phrase: Mention) -> bool:   # the row's span holds the phrase, or its programme names it
        return (int(row["char_start"]) <= phrase.start and phrase.end <= int(row["char_end"])) \
            or phrase.text in row["program_zh"]

    victim, phrase = next((row, phrase) for row in rows_here if row["status"] == "stated" and row["id"] not in used
                          for phrase in phrases if holds(row, phrase)
                          and not any(holds(other, phrase) for other in rows if other is not row))
    write(package_copy, "designations", header, [row for row in rows if row is not victim])
    code, report = validate_copy(package_copy)
    found = [(p["code"], p["file"], p["found"]) for p in problems_of(report)]
    assert code == 1 and found == [("mentions.uncovered", source["path"], phrase.text)], found
