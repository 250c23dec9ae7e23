"""The coverage tool on small synthetic texts: what counts as an expression and how it is assessed."""
from __future__ import annotations

import csv
import io

from dataset_tools.curate.coverage import (
    EXCLUSION_COLUMNS,
    CoveringRow,
    Expression,
    assess,
    carrier,
    carrying_columns,
    exclusion_problems,
    numeric_expressions,
    propose,
    read_exclusions,
    totals,
)


def texts(text: str) -> list[str]:
    return [e.text for e in numeric_expressions(text)]


def row(label: str, start: int, end: int, **cells: str) -> CoveringRow:
    """A covering row whose typed cells are `cells` (value_text=…, year=…)."""
    return CoveringRow(label, start, end, tuple(cells.items()))


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
    rows = [row("widgets:row-a", 0, 4, value_text="8件")]
    exclusions = [{"expression": "一批", "char_start": "12", "char_end": "14", "context": "",
                   "reason_code": "not_data", "reason": "vague"}]
    result = assess(text, rows, exclusions)
    assert [(a.expression.text, a.status, a.by) for a in result] == [
        ("8件", "covered", "widgets:row-a (value_text)"), ("9件", "uncovered", ""), ("一批", "excluded", "not_data")]
    assert totals(result) == {"covered": 1, "excluded": 1, "uncovered": 1}


def test_a_span_alone_does_not_cover():
    """The row's span holds the expression but no typed cell carries it: uncovered, naming the row."""
    text = "甲有8件。"
    [result] = assess(text, [row("widgets:row-a", 0, 4, label_zh="甲")], [])
    assert (result.status, result.by) == ("uncovered", "inside widgets:row-a, carried by no typed column")


def test_partial_overlap_does_not_cover():
    text = "总数为123件。"
    assert assess(text, [row("r:x", 0, 5, value_text="123件")], [])[0].status == "uncovered"


def test_narrowest_carrying_row_is_reported():
    text = "全省共有45家机构"
    rows = [row("wide:a", 0, 9, value_text="45家"), row("narrow:b", 4, 7, value_text="45家"),
            row("narrower:c", 4, 7, label_zh="机构"), row("other:c", 0, 2, value_text="45家")]
    assert assess(text, rows, [])[0].by == "narrow:b (value_text)"


def test_carrying_columns_leave_out_ids_keys_english_provenance_and_notes():
    header = ["id", "name_zh", "name_en", "value_text", "region_id", "issuer_ids", "batch", "year", "source_id",
              "char_start", "char_end", "quote", "quote_prefix", "status", "note", "formula", "reference"]
    assert carrying_columns(header) == ["name_zh", "value_text", "batch", "year"]


def test_text_in_a_typed_cell_carries():
    assert carrier("率先", (("cue_zh", "在全国率先"),)) == "cue_zh"
    assert carrier("1.78万件", (("value_text", "1.78"),)) is None


def test_years_are_read_from_dates_and_year_cells():
    assert carrier("2024年", (("period_start", "2024-01-01"), ("period_end", "2024-12-31"))) == "period_start"
    assert carrier("2024年", (("year", "2024"),)) == "year"
    assert carrier("2024年", (("period_start", "2023-01-01"), ("year", "2023"))) is None
    assert carrier("2024年底", (("period_end", "2024-12-31"),)) == "period_end"
    assert carrier("2024年底", (("period_start", "2024-01-01"), ("period_end", "2024-06-30"))) is None
    assert carrier("2024年初", (("period_start", "2024-01-01"),)) == "period_start"
    assert carrier("2020-2024年", (("period_start", "2020-01-01"), ("period_end", "2024-12-31"))) == "period_start"
    assert carrier("2020-2024年", (("period_start", "2024-01-01"), ("period_end", "2024-12-31"))) is None


def test_days_are_read_from_dates():
    assert carrier("4月25日", (("event_date", "2025-04-25"),)) == "event_date"
    assert carrier("4月25日", (("event_date", "2025-04-26"),)) is None


def test_batches_are_read_from_batch_cells():
    assert carrier("第三批", (("batch", "3"),)) == "batch"
    assert carrier("第12批", (("batch", "12"),)) == "batch"
    assert carrier("首批", (("batch", "1"),)) == "batch"
    assert carrier("第三批", (("batch", "2"),)) is None
    assert carrier("第三批", (("year", "3"),)) is None


def test_a_note_never_carries(tmp_path):
    """collect_rows keeps only typed cells: an expression in a note or an English rendering is not carried."""
    from dataset_tools.curate.coverage import collect_rows
    resources = tmp_path / "resources"
    resources.mkdir()
    (resources / "widgets.csv").write_text(
        "id,label_zh,label_en,char_start,char_end,quote,note\n"
        "w-1,甲,first 8件,0,4,甲有8件,甲有8件\n", encoding="utf-8")
    rows = collect_rows(tmp_path)
    assert rows == [CoveringRow("widgets:w-1", 0, 4, (("label_zh", "甲"),))]
    assert assess("甲有8件。", rows, [])[0].status == "uncovered"


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
    rows = [row("r:a", 5, 9, value_text="7家")]
    result = assess(text, rows, [])
    proposed = list(csv.DictReader(io.StringIO(propose(text, result))))
    assert [(r["expression"], r["char_start"], r["char_end"]) for r in proposed] == [
        ("一、", "0", "2"), ("8家", "12", "14")]
    path = tmp_path / "exclusions.csv"
    path.write_text(",".join(EXCLUSION_COLUMNS) + "\n" + "\n".join(
        f"{r['expression']},{r['char_start']},{r['char_end']},,enumerator,heading" for r in proposed[:1]) + "\n",
        encoding="utf-8")
    statuses = [a.status for a in assess(text, rows, read_exclusions(path))]
    assert statuses == ["excluded", "covered", "uncovered"]


def test_missing_exclusions_file_means_none(tmp_path):
    assert read_exclusions(tmp_path / "absent.csv") == []


def test_exclusion_offsets_may_be_integers():
    rows = [{"expression": "3项", "char_start": 1, "char_end": 3, "reason_code": "not_data", "reason": "x"}]
    assert assess("有3项", [], rows)[0].status == "excluded"


def test_collect_rows_ignores_segments_and_rows_without_offsets(tmp_path):
    from dataset_tools.curate.coverage import collect_rows
    resources = tmp_path / "resources"
    resources.mkdir()
    (resources / "segments.csv").write_text("id,char_start,char_end\nseg-1,0,100\n", encoding="utf-8")
    (resources / "widgets.csv").write_text("id,name_zh,char_start,char_end\nw-1,甲,2,5\nw-2,乙,,\n", encoding="utf-8")
    (resources / "plain.csv").write_text("id,name\np-1,x\n", encoding="utf-8")
    assert collect_rows(tmp_path) == [CoveringRow("widgets:w-1", 2, 5, (("name_zh", "甲"),))]


def test_a_statements_label_restates_its_quote_and_carries_nothing():
    header = ["id", "verb_zh", "label_zh", "period_start", "quote"]
    assert carrying_columns(header, "actions") == ["verb_zh", "period_start"]
    assert carrying_columns(header, "indicators") == ["verb_zh", "label_zh", "period_start"]
