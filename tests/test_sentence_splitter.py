"""The sentence splitter shared by the exports and the site: its rules, one by one."""
from __future__ import annotations

from itertools import pairwise

import pytest

from dataset_tools.model import parse_csv
from dataset_tools.sentences import context, sentences
from tests.conftest import PACKAGE_ROOT


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


@pytest.mark.parametrize("mark", list("。!?;！？；"))
def test_a_sentence_ends_after_each_terminator(mark):
    assert pieces(f"甲乙{mark}丙丁{mark}") == [f"甲乙{mark}", f"丙丁{mark}"]


def test_a_line_break_ends_a_sentence_and_is_not_part_of_it():
    assert pieces("第一行\n第二行") == ["第一行", "第二行"]


def test_surrounding_whitespace_is_trimmed_and_empty_sentences_dropped():
    assert pieces("  甲。 \n\n  乙 ") == ["甲。", "乙"]
    assert sentences("") == [] and sentences(" \n ") == []


def test_each_terminator_ends_a_sentence_and_decimals_do_not_split():
    assert pieces("他说:“好!”然后1.78万件。") == ["他说:“好!", "”然后1.78万件。"]
    assert pieces("真的?!") == ["真的?", "!"]


def test_commas_and_colons_do_not_end_a_sentence():
    assert pieces("甲,乙、丙:丁。") == ["甲,乙、丙:丁。"]


def test_context_is_the_sentence_holding_the_span():
    text = "第一句。截至2024年底,有效发明专利1.78万件。第三句"
    start = text.index("1.78")
    assert text[slice(*context(text, start, start + 4))] == "截至2024年底,有效发明专利1.78万件。"


def test_context_of_a_span_across_sentences_is_all_of_them():
    text = "甲乙。丙丁。戊己。"
    assert context(text, 1, 4) == (0, 6)


def test_sentences_of_the_source_cover_every_non_space_character_once():
    descriptor_rows = parse_csv((PACKAGE_ROOT / "resources" / "sources.csv").read_bytes())[1]
    text = (PACKAGE_ROOT / descriptor_rows[0]["path"]).read_text(encoding="utf-8")
    bounds = sentences(text)
    assert all(a < b <= c < d for (a, b), (c, d) in pairwise(bounds))
    covered = "".join(text[a:b] for a, b in bounds)
    assert not any("\n" in text[a:b] for a, b in bounds)
    assert sum(1 for ch in covered if not ch.isspace()) == sum(1 for ch in text if not ch.isspace())
