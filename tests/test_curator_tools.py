"""The curator's tools: spans come from quotes (anchor), sizes and hashes from files (descriptor)."""
from __future__ import annotations

import json

import pytest

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.curate import anchor, descriptor

TEXT = "甲乙丙。截至2024年底,有效专利1.78万件;新增1.78万件。"


def test_locate_finds_the_unique_span_in_code_points():
    start, end = anchor.locate(TEXT, "有效专利1.78万件")
    assert TEXT[start:end] == "有效专利1.78万件" and start == TEXT.index("有效")


def test_locate_refuses_an_ambiguous_quote_and_names_the_occurrences():
    with pytest.raises(anchor.AnchorError, match="occurs 2 times"):
        anchor.locate(TEXT, "1.78万件")


def test_a_prefix_picks_one_occurrence():
    start, end = anchor.locate(TEXT, "1.78万件", prefix="新增")
    assert TEXT[start - 2:end] == "新增1.78万件"


@pytest.mark.parametrize("quote, prefix, reason", [("", "", "empty"), ("2.8万件", "", "does not occur"),
                                                   ("1.78万件", "累计", "does not occur")])
def test_locate_says_why_it_cannot(quote, prefix, reason):
    with pytest.raises(anchor.AnchorError, match=reason):
        anchor.locate(TEXT, quote, prefix)


def test_fill_computes_offsets_and_writes_nothing_when_a_quote_fails(tmp_path):
    path = tmp_path / "t.csv"
    header = ["id", "char_start", "char_end", "quote", "quote_prefix"]
    write_rows(path, header, [{"id": "a", "quote": "有效专利1.78万件"}])
    assert anchor.fill(path, TEXT) == []
    _, rows = read_rows(path)
    assert TEXT[int(rows[0]["char_start"]):int(rows[0]["char_end"])] == rows[0]["quote"]
    write_rows(path, header, [{"id": "a", "quote": "有效专利1.78万件"}, {"id": "b", "quote": "1.78万件"}])
    before = path.read_bytes()
    problems = anchor.fill(path, TEXT)
    assert len(problems) == 1 and "b:" in problems[0] and path.read_bytes() == before


def test_fill_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "t.csv"
    write_rows(path, ["id", "char_start", "char_end", "quote"], [{"id": "a", "quote": "甲乙"}])
    before = path.read_bytes()
    assert anchor.fill(path, TEXT, dry_run=True) == [] and path.read_bytes() == before


def test_descriptor_check_finds_a_stale_hash_and_refresh_fixes_it(package_copy):
    csv_path = package_copy / "resources" / "brands.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert descriptor.main(["--check", "--root", str(package_copy)]) == 1
    assert descriptor.main(["--root", str(package_copy)]) == 0
    assert descriptor.main(["--check", "--root", str(package_copy)]) == 0
    entry = next(r for r in json.loads((package_copy / "datapackage.json").read_text())["resources"]
                 if r["name"] == "brands")
    assert entry["bytes"] == csv_path.stat().st_size


def test_the_published_package_needs_no_refresh():
    assert descriptor.main(["--check"]) == 0


def test_fill_anchors_each_row_in_the_text_of_its_source(tmp_path):
    """With several sources, a row's span is found in its own source's text."""
    texts = {"a": "甲有8件。", "b": "乙丙丁有8件。"}
    path = tmp_path / "t.csv"
    write_rows(path, ["id", "source_id", "char_start", "char_end", "quote"],
               [{"id": "x", "source_id": "a", "quote": "8件"}, {"id": "y", "source_id": "b", "quote": "8件"}])
    assert anchor.fill(path, texts) == []
    _, rows = read_rows(path)
    assert [(row["char_start"], row["char_end"]) for row in rows] == [("2", "4"), ("4", "6")]
    write_rows(path, ["id", "source_id", "quote"], [{"id": "z", "source_id": "c", "quote": "8件"}])
    assert "not a readable source" in anchor.fill(path, texts)[0]
