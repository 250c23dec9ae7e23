"""The `evidence` check on what an inferred row, a claim's label and a programme's name rest on.

Each package test breaks a copy in one way, runs every check in process, and asserts that the
`evidence` check alone names the row and column. Rows are picked by their properties.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dataset_tools.model import Row
from dataset_tools.readers import read_batch
from dataset_tools.validate.checks.evidence import READING, paraphrase_strays, programme_problem
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def region_names(root: Path) -> dict[str, set[str]]:
    """region id -> its names, written forms and aliases."""
    _, regions = read(root, "regions")
    _, aliases = read(root, "aliases")
    names = {row["id"]: {row["name_zh"], row["name_as_written"]} - {""} for row in regions}
    for alias in aliases:
        if alias["resource"] == "regions":
            names[alias["target_id"]].add(alias["alias"])
    return names


def test_an_inferred_rows_link_its_words_do_not_give_is_named(package_copy):
    names = region_names(package_copy)
    header, rows = read(package_copy, "organizations")
    victim = next(row for row in rows if row["status"] == "inferred" and row["region_id"]
                  and "region_id" not in row["curated_cells"])
    words = victim["quote"] + victim["name_zh"] + victim["name_as_written"]
    victim["region_id"] = next(region for region, written in names.items()
                               if not any(name in words for name in written))
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.link-not-named", "resources/organizations.csv",
                     row=row_number(rows, victim), column="region_id")


def test_an_inferred_rows_batch_its_quote_does_not_state_is_named(package_copy):
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if row["status"] == "inferred" and not row["batch"]
                  and read_batch(row["quote"]) is None)
    victim["batch"] = "5"
    write(package_copy, "designations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.reader-mismatch", "resources/designations.csv",
                     row=row_number(rows, victim), column="batch")


# the unchanged English label may name a term or a number the edited Chinese label no longer holds
ENGLISH_NOW_UNSUPPORTED = ("english-labels.term-not-in-chinese", "english-labels.number-not-in-chinese",
                           "english-labels.renderings-differ")


def test_one_character_changed_in_a_claims_label_is_named(package_copy):
    header, rows = read(package_copy, "claims")
    victim = next(row for row in rows if row["status"] == "stated" and not row["curated_cells"]
                  and len(CHINESE.findall(row["label_zh"])) > len(row["cue_zh"]) + 2)
    at = next(i for i, char in enumerate(victim["label_zh"]) if CHINESE.match(char) and char not in victim["cue_zh"])
    victim["label_zh"] = victim["label_zh"][:at] + "苹" + victim["label_zh"][at + 1:]
    write(package_copy, "claims", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.not-a-paraphrase", "resources/claims.csv",
                     row=row_number(rows, victim), column="label_zh", also=ENGLISH_NOW_UNSUPPORTED)


def test_claims_labels_exchanged_between_sentences_are_named(package_copy):
    header, rows = read(package_copy, "claims")
    first = next(row for row in rows if row["status"] == "stated")
    second = next(row for row in rows if row["status"] == "stated" and row["cue_zh"] != first["cue_zh"]
                  and row["label_zh"] not in first["quote"])
    first["label_zh"], second["label_zh"] = second["label_zh"], first["label_zh"]
    write(package_copy, "claims", header, rows)
    code, report = validate_copy(package_copy)
    for victim in (first, second):
        assert_only_rule(report, code, "evidence.not-a-paraphrase", "resources/claims.csv",
                         row=row_number(rows, victim), column="label_zh", also=ENGLISH_NOW_UNSUPPORTED)


def test_a_paraphrase_is_read_as_pieces_of_its_sentence():
    sentence = "2024年,15个甘肃品牌入围中国品牌评价活动,入围数量创历史新高。"
    assert paraphrase_strays("入围中国品牌评价活动的甘肃品牌数量创历史新高", sentence) == []   # 的 joins
    assert paraphrase_strays("入围中国品牌评价活动的甘肃品牌数量创历苹新高", sentence) == ["苹新"]
    assert paraphrase_strays("入围数量创全国新高", sentence) == ["全国", "国新"]


def test_a_programme_name_is_read_across_its_batch_words():
    table = stand_in_package({"designations": [{"id": "x"}]}).table("designations")
    assert table is not None

    def check(name: str, quote: str) -> object:
        row = Row.make({"id": "x", "program": "p", "program_zh": name, "quote": quote}, 2, 2)
        return programme_problem(table, row, "program_zh", {"p": name})
    assert check("全国地理标志助力乡村振兴典型案例", "武都花椒入选全国第二批地理标志助力乡村振兴典型案例") is None
    assert check("省级知识产权保护示范区", "4个区域入选首批省级知识产权保护示范区") is None
    assert check("省级知识产权保护示范区", "4个区域入选首批省级知识产权保") is not None
    row = Row.make({"id": "x", "program": "p", "program_zh": "省级保护区", "quote": "入选首批省级"}, 2, 2)
    assert programme_problem(table, row, "program_zh", {"p": "国家级保护区"}) is None   # the definitions check's


def test_a_claims_quote_shifted_off_its_last_words_is_named(package_copy):
    """The text writes the claim (在全国率先完成…盘点任务) as one run; a quote shifted two characters back still
    holds the cue 率先, but no longer the claim."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "claims")
    victim = next(row for row in rows if row["status"] == "stated" and row["label_zh"] in row["quote"]
                  and row["quote"].endswith(row["label_zh"]) and row["cue_zh"] in row["quote"][:-2]
                  and "quote" not in row["curated_cells"])
    start, end = int(victim["char_start"]) - 2, int(victim["char_end"]) - 2
    victim.update(char_start=str(start), char_end=str(end), quote=text[start:end])
    write(package_copy, "claims", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.quote-cuts-label", "resources/claims.csv", row=row_number(rows, victim),
                     column="quote")


def test_an_inferred_designations_quote_shifted_off_its_programme_is_named(package_copy):
    """An inferred row's programme is still read from its own words (版权强国建设典型案例)."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if row["status"] == "inferred" and row["quote"].endswith(row["program_zh"])
                  and "program_zh" not in row["curated_cells"])
    start, end = int(victim["char_start"]) - 2, int(victim["char_end"]) - 2
    victim.update(char_start=str(start), char_end=str(end), quote=text[start:end])
    write(package_copy, "designations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.not-in-quote", "resources/designations.csv",
                     row=row_number(rows, victim), column="program_zh")


def test_a_declared_link_changed_to_a_target_its_note_does_not_name_is_named(package_copy):
    names = region_names(package_copy)
    header, rows = read(package_copy, "organizations")
    victim = next(row for row in rows if "region_id" in row["curated_cells"].split(";") and row["region_id"])
    words = victim["note"] + victim["quote"] + victim["name_zh"] + victim["name_as_written"]
    victim["region_id"] = next(region for region, written in names.items()
                               if region not in words and not any(name in words for name in written))
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/organizations.csv",
                     row=row_number(rows, victim), column="region_id")


@pytest.mark.parametrize("empty", [False, True], ids=["code-changed", "empty-filled"])
def test_a_declared_code_its_note_does_not_give_is_named(package_copy, empty):
    """A declared code changed, or a code declared empty filled in, even with a code word the note uses
    in another sense (a joint implementation): the note gives the reading of the column."""
    schema = json.loads((package_copy / "schemas" / "policies.json").read_text(encoding="utf-8"))
    codes = {field["name"]: field["constraints"]["enum"] for field in schema["fields"] if "cues" in field}
    header, rows = read(package_copy, "policies")
    victim, column = next((row, column) for row in rows for column in row["curated_cells"].split(";")
                          if column in codes and bool(row[column]) != empty)
    others = [code for code in codes[column] if code != victim[column]]
    victim[column] = next((code for code in others if code in victim["note"]), others[0])
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/policies.csv",
                     row=row_number(rows, victim), column=column)


def test_a_declared_period_shifted_by_a_year_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if "period_start" in row["curated_cells"].split(";") and row["period_start"]
                  and row["period_start"][:4] == row["period_end"][:4]
                  and str(int(row["period_start"][:4]) + 1) not in row["note"])
    for column in ("period_start", "period_end"):
        victim[column] = str(int(victim[column][:4]) + 1) + victim[column][4:]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    period_given = re.search(r"\bPeriod \d{4}", victim["note"])   # "Period 2024: …", which note-figures reads too
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/indicators.csv",
                     row=row_number(rows, victim), column="period_start",
                     also=("note-figures.period-not-the-rows",) if period_given else ())


def test_a_declared_flow_read_as_a_stock_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if "period_start" in row["curated_cells"].split(";") and row["period_start"]
                  and row["period_start"] != row["period_end"] and "次" in row["quote"])
    victim["period_start"] = victim["period_end"]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.period-shape", "resources/indicators.csv",
                     row=row_number(rows, victim), column="period_start")


def test_one_character_changed_in_a_declared_label_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    victim = next(row for row in rows if "label_zh" in row["curated_cells"].split(";"))
    at = next(i for i, char in enumerate(victim["label_zh"]) if CHINESE.match(char))
    victim["label_zh"] = victim["label_zh"][:at + 1] + "苹" + victim["label_zh"][at + 2:]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.not-a-paraphrase", "resources/actions.csv",
                     row=row_number(rows, victim), column="label_zh")


def organization_names(root: Path) -> dict[str, set[str]]:
    """organization id -> its names, written forms and aliases."""
    _, organizations = read(root, "organizations")
    _, aliases = read(root, "aliases")
    names = {row["id"]: {row["name_zh"], row["name_as_written"]} - {""} for row in organizations}
    for alias in aliases:
        if alias["resource"] == "organizations":
            names[alias["target_id"]].add(alias["alias"])
    return names


def test_a_declared_lists_item_its_quote_no_longer_names_is_named(package_copy):
    """A declared issuer list (a lead issuer the curators read, the others named by the quote): a quote shifted
    past one named issuer leaves that item to the declaration alone."""
    names = organization_names(package_copy)
    header, rows = read(package_copy, "policies")

    def dropped(row: dict) -> str | None:   # the first listed issuer the quote names and the note does not
        return next((name for item in row["issuer_ids"].split(";") for name in sorted(names[item])
                     if name in row["quote"] and not any(other in row["note"] for other in names[item])), None)

    victim = next(row for row in rows if "issuer_ids" in row["curated_cells"].split(";")
                  and ";" in row["issuer_ids"] and dropped(row))
    name = dropped(victim)
    assert name is not None
    cut = victim["quote"].index(name) + len(name)
    cut += len(victim["quote"][cut:]) - len(victim["quote"][cut:].lstrip("、,，"))
    victim["quote"], victim["char_start"] = victim["quote"][cut:], str(int(victim["char_start"]) + cut)
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-item-unnamed", "resources/policies.csv",
                     row_id=victim["id"], column="issuer_ids")


def test_a_period_filled_in_beside_a_reading_that_leaves_it_empty_is_named(package_copy):
    """The note names the year (截至2024年 dates the certificates), so the year rule passes: only the reading, which
    says the period is left empty, tells that the filled period is not the curators' reading."""
    for name in ("indicators", "actions", "events"):
        header, rows = read(package_copy, name)
        victim = next((row for row in rows if "period_start" in row["curated_cells"] and not row["period_start"]
                       and re.search(r"Curators' reading \(period_start[^)]*\):[^.]*\bempty\b", row["note"])
                       and re.search(r"\b(20\d\d)年", row["note"])), None)
        if victim is not None:
            break
    assert victim is not None, "no declared empty period read as empty"
    said = re.search(r"\b(20\d\d)年", victim["note"])
    assert said is not None
    year = said[1]
    victim["period_start"], victim["period_end"] = f"{year}-01-01", f"{year}-12-31"
    write(package_copy, name, header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", f"resources/{name}.csv",
                     row=row_number(rows, victim), column="period_start")


def test_a_declared_kind_changed_to_its_names_head_is_named(package_copy):
    """A body whose kind is the curators' reading (an insurer whose name ends on 公司) cannot take the kind its name's
    head gives, which the name-head rule would support: the note gives the reading."""
    schema = json.loads((package_copy / "schemas" / "organizations.json").read_text(encoding="utf-8"))
    cues = next(field for field in schema["fields"] if field["name"] == "kind")["cues"]
    header, rows = read(package_copy, "organizations")

    def head(row: dict) -> str:   # the code whose cue word ends last in the written name (else the full name)
        form = next((name for name in (row["name_as_written"], row["name_zh"])
                     if any(word in name for words in cues.values() for word in words)), "")
        return max(((form.rfind(word) + len(word), len(word), code) for code, words in cues.items()
                    for word in words if word in form), default=(0, 0, "other"))[2]

    victim = next(row for row in rows if "kind" in row["curated_cells"].split(";") and head(row) != row["kind"])
    victim["kind"] = head(victim)
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/organizations.csv",
                     row=row_number(rows, victim), column="kind")


def test_a_declared_periods_year_that_leaves_its_reading_is_named(package_copy):
    """The note still writes the year elsewhere (the 2024 count), so only the rule that the reading of the column
    writes it names a reading that no longer says which year it is ("2024 follows from" made "the year follows
    from")."""
    header, rows = read(package_copy, "indicators")

    def reading(row: dict) -> re.Match | None:   # the reading of period_start, writing the period's year
        return next((match for match in READING.finditer(row["note"]) if "period_start" in match[1]
                     and row["period_start"][:4] in match[2]), None)

    victim = next(row for row in rows if "period_start" in row["curated_cells"].split(";") and row["period_start"]
                  and (found := reading(row)) is not None
                  and row["period_start"][:4] in row["note"][:found.start()] + row["note"][found.end():])
    found = reading(victim)
    assert found is not None
    said = found[0].replace(victim["period_start"][:4], "the year")
    victim["note"] = victim["note"][:found.start()] + said + victim["note"][found.end():]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/indicators.csv",
                     row=row_number(rows, victim), column="period_start")


def test_a_declared_link_moved_to_another_row_its_note_names_outside_the_reading_is_named(package_copy):
    """A tribunal "set up by 天水市秦州区人民法院 together with 天水市农业科学研究所": the note names both
    bodies, so only the rule that the reading of parent_id names the parent names a parent moved to the institute."""
    header, rows = read(package_copy, "organizations")

    def reading(row: dict) -> str:
        return " ".join(match[2] for match in READING.finditer(row["note"]) if "parent_id" in match[1])

    def other(row: dict) -> str | None:   # another body the note names, outside the reading of parent_id
        return next((body["id"] for body in rows if body["id"] not in (row["id"], row["parent_id"])
                     and body["name_zh"] in row["note"] and body["name_zh"] not in reading(row)), None)

    victim = next(row for row in rows if "parent_id" in row["curated_cells"].split(";") and reading(row)
                  and other(row))
    victim["parent_id"] = other(victim) or ""
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "evidence.declared-not-in-note", "resources/organizations.csv",
                     row=row_number(rows, victim), column="parent_id")
