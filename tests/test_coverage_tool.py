"""The coverage tool on small synthetic texts: what counts as an expression and how it is assessed."""
from __future__ import annotations

import csv
import io
import json

from dataset_tools.curate.coverage import (EXCLUSION_COLUMNS, Expression, assess, exclusion_problems,
                                    numeric_expressions, propose, read_exclusions, totals)


def texts(text: str) -> list[str]:
    return [e.text for e in numeric_expressions(text)]


def test_arabic_figures_with_multipliers_markers_and_units():
    assert texts("某市有企业3.5万家,产值超120亿元,增长8.5%,是去年的2倍,案件40多起。") == [
        "3.5万家", "超120亿元", "8.5%", "2倍", "40多起"]


def test_offsets_are_code_points():
    text = "甲乙丙12件"
    [expression] = numeric_expressions(text)
    assert expression == Expression(3, 6, "12件")
    assert text[expression.start:expression.end] == expression.text


def test_dates_are_single_expressions():
    assert texts("3月8日开会,截至2022年底,2019-2023年合计。") == ["3月8日", "2022年底", "2019-2023年"]


def test_ranks_and_rank_changes():
    assert texts("排名第12位,上升4个位次,位居全国第七,居全国首位,为全国最高,领跑全区。") == [
        "第12位", "4个位次", "第七", "首位", "最高", "领跑"]


def test_chinese_numerals_are_candidates():
    assert texts("一是做好三项工作;(二)推进两个层面;五大行动;十多家;首次破万;近五年;第二批。") == [
        "一是", "三项", "(二)", "两个", "五大", "十多家", "首次破万", "近五年", "第二批"]


def test_lexical_words_are_skipped():
    assert texts("进一步推动,介绍一下,下一步,一些做法,值得一提") == []


def test_text_without_numbers():
    assert numeric_expressions("没有任何数字的句子。") == []


def test_covered_excluded_uncovered():
    text = "甲有8件,乙有9件,丙有一批。"
    spans = [("widgets:row-a", 0, 4)]
    exclusions = [{"expression": "一批", "char_start": "12", "char_end": "14", "context": "",
                   "reason_code": "not_data", "reason": "vague"}]
    result = assess(text, spans, exclusions)
    assert [(a.expression.text, a.status, a.by) for a in result] == [
        ("8件", "covered", "widgets:row-a"), ("9件", "uncovered", ""), ("一批", "excluded", "not_data")]
    assert totals(result) == {"covered": 1, "excluded": 1, "uncovered": 1}


def test_partial_overlap_does_not_cover():
    text = "总数为123件。"
    assert assess(text, [("r:x", 0, 5)], [])[0].status == "uncovered"


def test_narrowest_enclosing_span_is_reported():
    text = "全省共有45家机构"
    spans = [("wide:a", 0, 9), ("narrow:b", 4, 7), ("other:c", 0, 2)]
    assert assess(text, spans, [])[0].by == "narrow:b"


def test_exclusion_must_match_exactly():
    text = "共5个单位"
    near_misses = [
        {"expression": "5个", "char_start": "0", "char_end": "3", "reason_code": "not_data", "reason": "x"},
        {"expression": "5", "char_start": "1", "char_end": "2", "reason_code": "not_data", "reason": "x"},
        {"expression": "6个", "char_start": "1", "char_end": "3", "reason_code": "not_data", "reason": "x"},
    ]
    assert assess(text, [], near_misses)[0].status == "uncovered"
    assert len(exclusion_problems(text, near_misses)) == 3


def test_exclusion_problems_reason_code_and_reason():
    text = "一是开始"
    rows = [{"expression": "一是", "char_start": "0", "char_end": "2", "reason_code": "nonsense", "reason": ""}]
    problems = exclusion_problems(text, rows)
    assert any("reason_code" in p for p in problems) and any("no reason" in p for p in problems)


def test_propose_lists_uncovered_with_tool_offsets(tmp_path):
    text = "一、概况\n共有7家,另有8家。"
    result = assess(text, [("r:a", 5, 9)], [])
    proposed = list(csv.DictReader(io.StringIO(propose(text, result))))
    assert [(r["expression"], r["char_start"], r["char_end"]) for r in proposed] == [
        ("一、", "0", "2"), ("8家", "12", "14")]
    path = tmp_path / "exclusions.csv"
    path.write_text(",".join(EXCLUSION_COLUMNS) + "\n" + "\n".join(
        f"{r['expression']},{r['char_start']},{r['char_end']},,enumerator,heading" for r in proposed[:1]) + "\n",
        encoding="utf-8")
    statuses = [a.status for a in assess(text, [("r:a", 5, 9)], read_exclusions(path))]
    assert statuses == ["excluded", "covered", "uncovered"]


def test_missing_exclusions_file_means_none(tmp_path):
    assert read_exclusions(tmp_path / "absent.csv") == []


def test_exclusion_offsets_may_be_integers():
    rows = [{"expression": "3项", "char_start": 1, "char_end": 3, "reason_code": "not_data", "reason": "x"}]
    assert assess("有3项", [], rows)[0].status == "excluded"


def test_collect_spans_ignores_segments_and_rows_without_offsets(tmp_path):
    from dataset_tools.curate.coverage import collect_spans
    resources = tmp_path / "resources"
    resources.mkdir()
    (resources / "segments.csv").write_text("id,char_start,char_end\nseg-1,0,100\n", encoding="utf-8")
    (resources / "widgets.csv").write_text("id,char_start,char_end\nw-1,2,5\nw-2,,\n", encoding="utf-8")
    (resources / "plain.csv").write_text("id,name\np-1,x\n", encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": name, "path": f"resources/{name}.csv"} for name in ("segments", "widgets", "plain")]}),
        encoding="utf-8")
    assert collect_spans(tmp_path) == [("widgets:w-1", 2, 5)]


def test_the_tool_assesses_every_source_and_names_it(tmp_path, capsys):
    """With several sources, every line and proposed exclusion names its source."""
    from dataset_tools.curate.coverage import main
    (tmp_path / "resources").mkdir()
    (tmp_path / "sources").mkdir()
    for name, text in (("a", "共有8件。"), ("b", "另有9家。")):
        (tmp_path / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "resources" / "sources.csv").write_text("id,path\na,sources/a.txt\nb,sources/b.txt\n",
                                                        encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "sources", "path": "resources/sources.csv"}]}), encoding="utf-8")
    assert main(["--root", str(tmp_path), "--propose"]) == 0
    proposed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["source_id"], r["expression"]) for r in proposed] == [("a", "8件"), ("b", "9家")]
