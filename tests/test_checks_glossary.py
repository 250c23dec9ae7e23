"""The `glossary` and `pinyin-names` checks: one English rendering per term; names in GB/T 28039 pinyin.

Each test breaks a copy of the package in one way, runs every check in process, and asserts that
the check alone names the row and column. Rows are picked by their properties, not their values.
"""
from __future__ import annotations

import contextlib
import io
from collections import Counter

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import glossary as glossary_tool
from dataset_tools.terms import gbt28039
from tests.test_checks_support import assert_only_rule, read, row_number, validate_copy, write


def test_english_names_exchanged_between_two_rows_are_named(package_copy):
    header, rows = read(package_copy, "organizations")
    first, second = [row for row in rows if row["name_en"]][:2]
    first["name_en"], second["name_en"] = second["name_en"], first["name_en"]
    write(package_copy, "organizations", header, rows)
    code, report = validate_copy(package_copy)
    for victim in (first, second):
        assert_only_rule(report, code, "glossary.rendering-differs", "resources/organizations.csv",
                                row=row_number(rows, victim), column="name_en")


def test_a_second_rendering_of_a_term_is_named(package_copy):
    header, rows = read(package_copy, "policies")
    victim = rows[0]
    victim["title_en"] = victim["title_en"] + " (draft)"
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "glossary.rendering-differs", "resources/policies.csv",
                     row=row_number(rows, victim), column="title_en")


def test_a_term_the_glossary_lacks_is_named(package_copy):
    _, rows = read(package_copy, "regions")
    victim = rows[-1]
    glossary_header, terms = read(package_copy, "glossary")
    terms = [term for term in terms if term["term_zh"] != victim["name_zh"]]
    write(package_copy, "glossary", glossary_header, terms)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "glossary.missing-term", "resources/glossary.csv", row_id=victim["name_zh"],
                                   column="term_zh")
    assert f"resources/regions.csv row {row_number(rows, victim)}" in hits[0]["message"]


def test_a_glossary_row_repeating_a_term_is_named(package_copy):
    header, terms = read(package_copy, "glossary")
    copy = dict(terms[0], id=terms[0]["id"] + "-again", term_en=terms[0]["term_en"] + " (other)")
    terms.append(copy)
    write(package_copy, "glossary", header, terms)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "glossary.duplicate-term", "resources/glossary.csv", row=row_number(terms, copy),
                            column="term_zh")


def test_a_measure_word_rendering_moved_to_another_indicator_is_named(package_copy):
    """个 counts brands in one figure and areas in another: the rendering is keyed by the indicator."""
    header, rows = read(package_copy, "indicators")
    by_word = Counter((row["unit_zh"], row["unit_en"]) for row in rows if row["unit_zh"])
    first = next(row for row in rows if row["unit_zh"] and any(
        word == row["unit_zh"] and english != row["unit_en"] for word, english in by_word))
    second = next(row for row in rows if row["unit_zh"] == first["unit_zh"] and row["unit_en"] != first["unit_en"])
    first["unit_en"] = second["unit_en"]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "glossary.rendering-differs", "resources/indicators.csv",
                     row=row_number(rows, first), column="unit_en")


def test_speaker_names_exchanged_between_rows_are_named(package_copy):
    header, rows = read(package_copy, "speakers")
    first, second = rows[0], rows[1]
    first["name_en"], second["name_en"] = second["name_en"], first["name_en"]
    write(package_copy, "speakers", header, rows)
    code, report = validate_copy(package_copy)
    for victim in (first, second):
        assert_only_rule(report, code, "pinyin-names.not-pinyin", "resources/speakers.csv",
                                row=row_number(rows, victim), column="name_en")


def test_a_given_name_written_in_two_words_is_named(package_copy):
    header, rows = read(package_copy, "speakers")
    victim = next(row for row in rows if len(row["name_zh"]) == 3)
    surname, given = victim["name_en"].split(" ")
    victim["name_en"] = f"{surname} {given[:-2]} {given[-2:].capitalize()}"
    write(package_copy, "speakers", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "pinyin-names.not-pinyin", "resources/speakers.csv",
                     row=row_number(rows, victim), column="name_en")


def test_a_polyphonic_character_without_a_reviewed_reading_is_named(package_copy):
    path = package_copy / "curation" / "pinyin_overrides.csv"
    header, overrides = read_rows(path)
    removed = overrides.pop(0)
    write_rows(path, header, overrides)
    _, speakers = read(package_copy, "speakers")
    victim = next(row for row in speakers if removed["character"] in row["name_zh"])
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "pinyin-names.unreviewed-reading", "resources/speakers.csv",
                            row=row_number(speakers, victim), column="name_en")


def test_gbt28039_rules():
    reviewed = {("单", "surname"): "shan"}
    assert gbt28039("欧阳修", {}) == ("Ouyang Xiu", [])
    assert gbt28039("吕布", {}) == ("Lyu Bu", [])
    assert gbt28039("张西安", {})[0] == "Zhang Xi'an"
    assert gbt28039("单田芳", reviewed)[0] == "Shan Tianfang"
    assert "单" in gbt28039("单田芳", {})[1]


def test_the_curator_tool_flags_a_differing_rendering_and_writes_nothing(package_copy):
    header, rows = read(package_copy, "brands")
    rows.sort(key=lambda row: not row["product_zh"])   # a brand with a product first
    rows[0]["product_en"] = rows[0]["product_en"] + " (fresh)"
    write(package_copy, "brands", header, rows)
    before = (package_copy / "resources" / "glossary.csv").read_bytes()
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = glossary_tool.main(["--root", str(package_copy)])
    assert code == 1
    assert any(line.startswith("DIFFERS") and rows[0]["product_zh"] in line for line in output.getvalue().splitlines())
    assert (package_copy / "resources" / "glossary.csv").read_bytes() == before
