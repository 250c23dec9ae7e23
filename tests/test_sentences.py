"""Sentence coverage: the splitter, and the `sentence-coverage` check failing alone when one sentence
loses what accounts for it (an exclusion deleted or shrunk, the only row covering it deleted)."""
from __future__ import annotations

import re

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import coverage, sentences
from tests.conftest import PACKAGE_ROOT
from tests.test_checks_support import problems_of, read, refresh_descriptor, validate_copy, write

EXCLUSIONS = "curation/sentence_exclusions.csv"


def test_sentences_end_after_terminators_and_at_line_breaks():
    text = " 甲。乙!丙?丁;戊！己？庚；\n 辛 \n\n壬"
    assert [s.text for s in sentences.split(text)] == ["甲。", "乙!", "丙?", "丁;", "戊！", "己？", "庚；", "辛", "壬"]
    for s in sentences.split(text):
        assert text[s.start:s.end] == s.text


def test_overlap_and_containment_are_half_open():
    found = sentences.split("甲乙。丙丁。")          # [0, 3) and [3, 6)
    assert sentences.overlapping(found, [(2, 3)]) == [True, False]
    assert sentences.overlapping(found, [(3, 4)]) == [False, True]
    assert sentences.overlapping(found, [(0, 1), (1, 2)]) == [True, False]
    assert sentences.held_whole(found, [(0, 5)]) == [True, False]
    assert sentences.held_whole(found, [(0, 2), (2, 6)]) == [False, True]
    assert sentences.whole_sentence_in(found, 3, 6) and not sentences.whole_sentence_in(found, 1, 6 - 1)


def test_the_reasons_table_of_curation_readme_is_the_code_list():
    readme = (PACKAGE_ROOT / "curation" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `sentence_exclusions.csv`", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section.split("### Reasons", 1)[1], re.MULTILINE))
    assert documented == set(sentences.REASONS)


def failed_checks(report: dict) -> set[str]:
    return {entry["name"] for entry in report["checks"] if entry["status"] != "passed"}


def rules(report: dict) -> set[str]:
    return {p["code"] for p in problems_of(report)}


def sentence_problems(report: dict, start: int, end: int) -> list[dict]:
    """The `sentence-coverage.uncovered` problems of the sentence at [start, end)."""
    return [p for p in problems_of(report) if p["code"] == "sentence-coverage.uncovered"
            and f"[{start}, {end})" in p["message"] and p["file"].startswith("sources/") and p["line"]]


def test_deleting_an_exclusion_reports_its_sentence(package_copy):
    header, rows = read_rows(package_copy / EXCLUSIONS)
    removed = rows[len(rows) // 2]
    write_rows(package_copy / EXCLUSIONS, header, [row for row in rows if row is not removed])
    code, report = validate_copy(package_copy)
    assert code == 1 and rules(report) == {"sentence-coverage.uncovered"}
    hits = sentence_problems(report, int(removed["char_start"]), int(removed["char_end"]))
    assert len(hits) == 1 and len(problems_of(report)) == 1


def test_shrinking_an_exclusion_reports_its_sentence_and_the_exclusion(package_copy):
    header, rows = read_rows(package_copy / EXCLUSIONS)
    victim = next(row for row in rows if len(row["quote"]) > 1 and not row["quote_prefix"])
    victim["quote"], victim["char_end"] = victim["quote"][:-1], str(int(victim["char_end"]) - 1)
    write_rows(package_copy / EXCLUSIONS, header, rows)
    code, report = validate_copy(package_copy)
    assert code == 1 and rules(report) == {"sentence-coverage.uncovered", "sentence-coverage.not-whole-sentence"}
    assert sentence_problems(report, int(victim["char_start"]), int(victim["char_end"]) + 1)
    line = rows.index(victim) + 2
    assert [(p["code"], p["column"]) for p in problems_of(report) if p["file"] == EXCLUSIONS and p["row"] == line] \
        == [("sentence-coverage.not-whole-sentence", "char_start")]


def sole_cover(root):
    """(action row, sentence): an action nothing refers to, the only row overlapping that sentence,
    whose removal uncovers no numeric expression (so only sentence coverage can fail)."""
    text = next((root / "sources").glob("*.txt")).read_text(encoding="utf-8")
    _, actions = read(root, "actions")
    _, links = read(root, "action_links")
    _, claims = read(root, "claims")
    referenced = {r["action_id"] for r in links} | {r["action_id"] for r in claims} | {r["parent_id"] for r in actions}
    spans = [span for items in sentences.collect_spans(root).values() for span in items]
    numeric = coverage.numeric_expressions(text)
    for row in actions:
        if row["id"] in referenced or not row["char_start"]:
            continue
        start, end = int(row["char_start"]), int(row["char_end"])
        others = [(a, b) for label, a, b in spans if label != f"actions:{row['id']}"]
        alone = [s for s in sentences.split(text) if start < s.end and s.start < end
                 and not any(a < s.end and s.start < b for a, b in others)]
        lost = [e for e in numeric if start <= e.start and e.end <= end
                and not any(a <= e.start and e.end <= b for a, b in others)]
        if alone and not lost:
            return row, alone[0]
    raise AssertionError("no action row is the only cover of a sentence")


def test_deleting_the_only_row_covering_a_sentence_reports_it(package_copy):
    victim, sentence = sole_cover(package_copy)
    header, rows = read(package_copy, "actions")
    write(package_copy, "actions", header, [row for row in rows if row["id"] != victim["id"]])
    code, report = validate_copy(package_copy)
    assert code == 1 and rules(report) == {"sentence-coverage.uncovered"}
    assert sentence_problems(report, sentence.start, sentence.end)


def test_an_unknown_reason_is_named(package_copy):
    header, rows = read_rows(package_copy / EXCLUSIONS)
    rows[0]["reason"] = "boring"
    write_rows(package_copy / EXCLUSIONS, header, rows)
    refresh_descriptor(package_copy)
    code, report = validate_copy(package_copy)
    assert code == 1 and failed_checks(report) == {"sentence-coverage"}
    assert [(p["code"], p["row"], p["column"], p["found"]) for p in problems_of(report)] == [
        ("sentence-coverage.unknown-reason", 2, "reason", "boring")]


def test_a_sentence_opens_after_its_full_stop_spaces_and_closing_marks():
    from dataset_tools.sentences import full_sentence_start

    text = "他说:“好。”截至2024年底,全省;新增2.8万件。\n  2024年转让"
    assert full_sentence_start(text, text.index("全省")) == text.index("截至")
    assert full_sentence_start(text, text.index("新增")) == text.index("截至")   # a ; does not end a full sentence
    assert full_sentence_start(text, text.index("转让")) == text.index("2024年转让")
    assert full_sentence_start(text, text.index("好")) == 0
