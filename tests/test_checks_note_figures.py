"""The `note-figures` and `references` checks: numbers in notes and editions in references are accounted for.

Each test breaks a copy of the package in one way, runs every check in process, and asserts that
the check alone names the row and column. Rows are picked by their properties, not their values.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from dataset_tools.csvio import read_rows, write_rows
from dataset_tools.sentences import SentenceIndex, sentences
from dataset_tools.validate.checks.note_figures import Note, equations, figure_values, figures, holds, source_numbers
from tests.test_checks_support import assert_only_rule, change_first_digit, read, row_number, validate_copy, write


def written_instead(note: str, figure: re.Match, new: str) -> str:
    """The note with `new` written in place of the figure (as the figure is written, without its spaces)."""
    return note[:figure.start()] + new + note[figure.start() + len(figure.group().strip()):]


def test_a_number_changed_in_a_stated_rows_note_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and figures(row["note"])
                  and not equations(row["note"]) and "%" not in row["note"])
    figure = figures(victim["note"])[0]
    changed = change_first_digit(figure.group().strip()) + "7"     # another number, of another size too
    victim["note"] = written_instead(victim["note"], figure, changed)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def event_year(root: Path) -> str:
    _, sources = read(root, "sources")
    return sources[0]["event_date"][:4]


def test_a_year_changed_to_the_conferences_where_the_note_does_not_speak_of_it_is_named(package_copy):
    """The event's year ties only where the note speaks of the event (the conference): a note's 2024
    changed to 2025 would otherwise pass as the year of the conference."""
    year = event_year(package_copy)
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "indicators")

    def paragraph(row: dict) -> str:
        start, end = int(row["char_start"]), int(row["char_end"])
        return text[text.rfind("\n", 0, start) + 1:text.find("\n", end)]
    victim = next(row for row in rows if row["status"] == "stated" and row["period_start"][:4] in row["note"]
                  and row["period_start"][:4] != year and not re.search("conference|event_date", row["note"])
                  and year not in paragraph(row) and year not in row["period_end"] and not row["formula"])
    victim["note"] = victim["note"].replace(victim["period_start"][:4], year, 1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_figure_written_with_a_leading_zero_is_named(package_copy):
    header, rows = read(package_copy, "actions")
    victim = next(row for row in rows if re.search(r"(?<![0-9.,-])[1-9][0-9]{3}(?![0-9-])", row["note"]))
    victim["note"] = re.sub(r"(?<![0-9.,-])[1-9]([0-9]{3})(?![0-9-])", r"0\1", victim["note"], count=1)   # 2025: 0025
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/actions.csv",
                     row=row_number(rows, victim), column="note")


def test_a_rank_the_note_gives_that_is_no_rank_of_the_row_is_named(package_copy):
    """"rank 5 among the five": 5 is a number of the sentence (西北五省区), but not the row's rank."""
    header, rows = read(package_copy, "indicators")

    def others(row: dict) -> list[int]:   # the other whole numbers its quote writes (五 of 西北五省区, 178)
        return sorted(int(n) for n in source_numbers(row["quote"]) if n.is_integer() and n != float(row["value"]))
    victim = next(row for row in rows if row["unit"] == "rank" and re.search(rf"\brank {row['value']}\b", row["note"])
                  and others(row))
    other = str(others(victim)[0])
    victim["note"] = re.sub(rf"\brank {victim['value']}\b", f"rank {other}", victim["note"], count=1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.rank-not-a-rank", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_change_of_rank_the_note_gives_that_is_no_rank_is_named(package_copy):
    """"rising 31 places": 31 is a number of the sentence (31个省份), but no rank or change of rank it cites."""
    header, rows = read(package_copy, "indicators")
    by_id = {row["id"]: row for row in rows}
    victim = next(row for row in rows if row["formula"] and re.search(r"\b\d+ places\b", row["note"]))
    inputs = [by_id[ref] for ref in re.findall(r"\{([^{}]*)\}", victim["formula"])]
    ranks = {float(row["value"]) for row in [victim, *inputs] if row["unit"] in ("rank", "rank_places")}
    other = next(int(n) for row in inputs for n in sorted(source_numbers(row["quote"])) if n.is_integer()
                 and n not in ranks)
    victim["note"] = re.sub(r"\b\d+ places\b", f"{other} places", victim["note"], count=1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.rank-not-a-rank", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_chinese_numeral_counts_only_before_a_measure_word():
    from dataset_tools.validate.checks.note_figures import key

    assert source_numbers("入选《“一带一路”地理标志品牌推广行动》") == frozenset()   # a set phrase, no 1
    assert source_numbers("第七期专刊") == {key(7)}
    assert source_numbers("是2023年的3倍") == {key(2023), key(3)}
    assert key(5) in source_numbers("等五个地理标志")


def test_a_count_changed_to_the_one_of_a_set_phrase_is_named(package_copy):
    """"counts 1 members" does not pass on the 一 of 一带一路 in the row's sentence."""
    header, rows = read(package_copy, "designations")
    victim = next(row for row in rows if "一带一路" in row["quote"] and figures(row["note"])
                  and figures(row["note"])[0].group().strip() != "1")
    figure = figures(victim["note"])[0]
    victim["note"] = written_instead(victim["note"], figure, "1")
    write(package_copy, "designations", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/designations.csv",
                     row=row_number(rows, victim), column="note")


def test_shown_arithmetic_that_does_not_hold_is_named(package_copy):
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if equations(row["note"]))
    match = equations(victim["note"])[0][0]
    right = re.search(r"=\s*([\d.]+)", match.group())
    assert right is not None, match.group()
    wrong = match.group()[:right.start(1)] + change_first_digit(right.group(1)) + match.group()[right.end(1):]
    victim["note"] = victim["note"].replace(match.group(), wrong, 1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.arithmetic-fails", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note",
                     also=("note-figures.figure-unsupported",))  # a broken operand is no figure of the text either


def test_a_declared_figure_the_note_does_not_write_is_named(package_copy):
    path = package_copy / "curation" / "note_figures.csv"
    header, declared = read_rows(path)
    declared.append(dict(declared[0], figure="0.0001"))
    write_rows(path, header, declared)
    _, rows = read(package_copy, declared[0]["resource"])
    victim = next(row for row in rows if row["id"] == declared[0]["row_id"])
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.declared-not-in-note", f"resources/{declared[0]['resource']}.csv",
                            row=row_number(rows, victim), column="note")


def test_an_edition_date_the_reference_data_does_not_state_is_named(package_copy):
    header, rows = read(package_copy, "regions")
    victim = next(row for row in rows if re.search(r"\d{4}-\d{2}-\d{2}", row["reference"]))
    date = re.search(r"(\d{4})-\d{2}-\d{2}", victim["reference"])
    assert date is not None
    victim["reference"] = victim["reference"].replace(date.group(1), str(int(date.group(1)) - 1), 1)
    write(package_copy, "regions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "references.mark-not-found", "resources/regions.csv",
                     row=row_number(rows, victim), column="reference")


def test_a_reference_that_names_no_reference_file_is_named(package_copy):
    header, rows = read(package_copy, "regions")
    victim = next(row for row in rows if row["reference"])
    victim["reference"] = victim["reference"].split(";")[0]
    write(package_copy, "regions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "references.no-file", "resources/regions.csv",
                     row=row_number(rows, victim), column="reference")


def test_figures_skip_ids_codes_and_standards_and_read_scales():
    note = ("{ind-patent-transfers-2024-he} and valid_invention_patents_2024 per GB/T 2260: "
            "10,000 items, 70 billion yuan, 13.3%, 1.78万, as of 2024-12-31")
    found = [match.group().strip() for match in figures(note)]
    assert found == ["10,000", "70 billion", "13.3%", "1.78万", "2024-12-31"]
    assert 7e10 in figure_values(figures(note)[1]) and 17800 in figure_values(figures(note)[3])
    assert 60e9 in figure_values(figures("at least 60 and under 70 billion")[0])    # unscaled: any scale


def test_equations_are_recomputed_at_the_precision_written():
    (_, left, right, decimals), = equations("892 / 52.17% = 1709.8")
    assert holds(left, right, decimals)
    (_, left, right, decimals), = equations("892 / 1709 = 52.19%")
    assert holds(left, right, decimals)
    (_, left, right, decimals), = equations("10257 / 3 = 3420")
    assert not holds(left, right, decimals)


def test_a_note_number_changed_to_a_number_of_another_sentence_of_the_paragraph_is_named(package_copy):
    from dataset_tools.sentences import context
    from dataset_tools.validate.checks.note_figures import source_numbers
    source = read_rows(package_copy / "resources" / "sources.csv")[1][0]
    text = (package_copy / source["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "indicators")

    def candidates(row: dict) -> list[int]:
        """Whole numbers of the row's line that its sentence, its figures and its cells do not write."""
        start, end = int(row["char_start"]), int(row["char_end"])
        line = text[text.rfind("\n", 0, start) + 1:text.find("\n", end)]
        first, last = context(text, start, end)
        cells = {float(cell) for cell in row.values() if re.fullmatch(r"\d+(\.\d+)?", cell or "")}
        return sorted(int(n) for n in source_numbers(line) - source_numbers(text[first:last])
                      if n.is_integer() and 1 < n < 1000 and n not in cells and str(int(n)) not in row["note"])

    victim = next(row for row in rows if row["status"] == "stated" and row["char_start"] and figures(row["note"])
                  and not equations(row["note"]) and "%" not in row["note"] and candidates(row))
    figure = figures(victim["note"])[0]
    victim["note"] = written_instead(victim["note"], figure, str(candidates(victim)[0]))
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_figure_changed_inside_a_quoted_run_is_named_though_the_sentence_writes_it(package_copy):
    from dataset_tools.validate.checks.note_figures import quoted_runs, source_numbers
    source = read_rows(package_copy / "resources" / "sources.csv")[1][0]
    text = (package_copy / source["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "policies")

    def sentence(row: dict) -> str:
        return text[text.rfind("。", 0, int(row["char_start"])) + 1:text.find("。", int(row["char_end"]))]

    def changes(row: dict) -> list[tuple[re.Match, str]]:
        """(figure, another whole number of the row's sentence) for each whole-number figure inside a run of
        Chinese the note quotes from the source, such that the run with that number is not in the source."""
        runs = [(a, b, words) for a, b, words in quoted_runs(row["note"]) if words in text]
        return [(m, str(int(n))) for m in figures(row["note"]) for a, b, words in runs
                if a <= m.start() and m.end() <= b and m.group().strip().isdigit()
                for n in sorted(source_numbers(sentence(row)))
                if n.is_integer() and n > 0 and str(int(n)) != m.group().strip()
                and words.replace(m.group().strip(), str(int(n)), 1) not in text]

    victim, (figure, other) = next((row, found[0]) for row in rows if row["char_start"] and (found := changes(row)))
    victim["note"] = victim["note"][:figure.start()] + other + victim["note"][figure.end():]
    write(package_copy, "policies", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.quoted-run-not-in-source", "resources/policies.csv",
                     row=row_number(rows, victim), column="note")


def test_a_quoted_run_changed_to_one_of_another_paragraph_is_named(package_copy):
    from dataset_tools.validate.checks.note_figures import quoted_runs, source_numbers
    source = read_rows(package_copy / "resources" / "sources.csv")[1][0]
    text = (package_copy / source["path"]).read_text(encoding="utf-8")
    header, rows = read(package_copy, "actions")

    def paragraph(row: dict) -> str:
        start, end = int(row["char_start"]), int(row["char_end"])
        return text[text.rfind("\n", 0, start) + 1:text.find("\n", end)]

    def changes(row: dict) -> list[tuple[re.Match, str]]:
        """(year figure inside a quoted run, another year) such that the run with the other year is in the source
        but not in the row's paragraph, and the other year is no cell of the row and no number of its paragraph."""
        years = sorted({int(y) for y in re.findall(r"(?<!\d)(20\d\d)年", text)})
        cells = " ".join(row.values())
        return [(m, str(y)) for m in figures(row["note"]) for a, b, words in quoted_runs(row["note"])
                if a <= m.start() and m.end() <= b and re.fullmatch(r"20\d\d", m.group().strip())
                and words in paragraph(row) for y in years if str(y) not in cells
                and float(y) not in source_numbers(paragraph(row))
                and (other := words.replace(m.group().strip(), str(y), 1)) in text and other not in paragraph(row)]

    victim, (figure, year) = next((row, found[0]) for row in rows if row["char_start"] and row["note"]
                                  and not re.search(r"[a-z]+(?:-[a-z0-9]+)+", row["note"]) and (found := changes(row)))
    victim["note"] = victim["note"][:figure.start()] + year + victim["note"][figure.end():]
    write(package_copy, "actions", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/actions.csv",
                     row=row_number(rows, victim), column="note")


def test_a_note_number_changed_to_the_event_dates_day_is_named_unless_written_as_a_date(package_copy):
    from dataset_tools.validate.checks.note_figures import source_numbers
    source = read_rows(package_copy / "resources" / "sources.csv")[1][0]
    text = (package_copy / source["path"]).read_text(encoding="utf-8")
    day = str(int(source["event_date"][8:10]))
    header, rows = read(package_copy, "indicators")

    def free_figures(row: dict) -> list[re.Match]:
        """Whole-number figures outside Chinese runs, next to no letter (no date, no scale word)."""
        start, end = int(row["char_start"]), int(row["char_end"])
        line = text[text.rfind("\n", 0, start) + 1:text.find("\n", end)]
        return [m for m in figures(row["note"]) if m.group().strip().isdigit()
                and re.fullmatch(r"[ (]", row["note"][m.start() - 1:m.start()] or " ")
                and re.fullmatch(r"[ ),.:;]?", row["note"][m.end():m.end() + 1])
                and float(day) not in source_numbers(line)
                and day not in {cell for cell in row.values() if re.fullmatch(r"\d+(\.\d+)?", cell)}]

    ids = {row["id"] for row in rows}
    victim, figure = next((row, found[0]) for row in rows if row["status"] == "stated" and row["note"]
                          and not any(other in row["note"] for other in ids) and (found := free_figures(row)))
    victim["note"] = victim["note"][:figure.start()] + day + victim["note"][figure.end():]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_note_reading_over_for_the_upper_bound_is_named(package_copy):
    """"over 150,000" for 15万余 (at least 150,000 and under 160,000) changed to "over 160,000": the
    figure ties to the row, but only as its upper bound, after a word of "more"."""
    header, rows = read(package_copy, "indicators")

    def written(number: str) -> str:
        return f"{int(float(number)):,}"
    victim = next(row for row in rows if row["status"] == "stated" and row["lower_bound"] and row["upper_bound"]
                  and row["lower_bound"] != row["upper_bound"] and f"over {written(row['lower_bound'])}" in row["note"])
    victim["note"] = victim["note"].replace(f"over {written(victim['lower_bound'])}",
                                            f"over {written(victim['upper_bound'])}", 1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.bound-reversed", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_under_with_the_lower_bound_is_named_and_with_the_upper_bound_is_not():
    """The rule's other direction, on a stand-in row whose value (155,000) is neither bound (no row
    of the package has one: each value with bounds is its lower bound): "under 150,000" ties to the
    row only as its lower bound; "under 160,000" and "over 150,000" are the right way round."""
    facts = ((("155000", "150000", "160000", None, None, "count", None, None), ""),)
    ends = ((None, None),)
    verdict = {note: Note(note).unaccounted(frozenset(), "", facts, ends, {})
               for note in ("under 150,000", "under 160,000", "over 150,000", "over 160,000")}
    assert verdict == {"under 150,000": [("150,000", "note-figures.bound-reversed", "lower_bound")],
                       "under 160,000": [], "over 150,000": [],
                       "over 160,000": [("160,000", "note-figures.bound-reversed", "upper_bound")]}


def test_a_quoted_run_is_written_only_with_its_numbers_whole():
    from dataset_tools.validate.checks.note_figures import writes

    text = "分别是2023年的3倍和2.85倍,共15个单位"
    assert writes(text, "3倍") and writes(text, "2.85倍") and writes(text, "15个单位")
    assert not writes(text, "5倍") and not writes(text, "85倍") and not writes(text, "5个单位")


def test_a_quoted_run_changed_to_the_tail_of_another_number_is_named(package_copy):
    """3倍 in a note changed to 5倍, which the source writes only as the end of 2.85倍."""
    text = next((package_copy / "sources").glob("*.txt")).read_text(encoding="utf-8")
    header, rows = read(package_copy, "indicators")
    for victim in rows:
        runs = re.findall(r"(?<![\d.\u4e00-\u9fff])(\d+)([\u4e00-\u9fff]+)", victim["note"])   # a whole run
        changed = next(((digits, tail, longer.group(2)[-1]) for digits, tail in runs
                        for longer in re.finditer(rf"(\d+\.)?(\d+){re.escape(tail)}", text)
                        if longer.group(2)[-1] != digits and len(digits) == 1 and victim["status"] == "stated"
                        and (longer.group(1) or len(longer.group(2)) > 1)
                        and not re.search(rf"(?<![\d.]){longer.group(2)[-1]}{re.escape(tail)}", text)), None)
        if changed is not None:
            break
    else:
        raise AssertionError("no note quotes a one-digit run whose tail ends a longer number of the source")
    digits, tail, other = changed
    victim["note"] = re.sub(rf"(?<![\d.]){digits}{re.escape(tail)}", other + tail, victim["note"], count=1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.quoted-run-not-in-source", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note", also=("note-figures.figure-unsupported",))


def test_words_a_note_says_the_sentence_opens_with_are_its_opening(package_copy):
    """The note's words are still written in the row's sentence (the row's own figure), but not at its start."""
    header, rows = read(package_copy, "indicators")
    opens = re.compile(r"(sentence opens )([^\s(,.;]+)")
    victim = next(row for row in rows if (said := opens.search(row["note"])) and row["value_text"][:1].isdigit()
                  and said[2] != row["value_text"])
    victim["note"] = opens.sub(lambda match: match[1] + victim["value_text"], victim["note"], count=1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "note-figures.opening-not-written", "resources/indicators.csv",
                            row=row_number(rows, victim), column="note")
    assert hits[0]["found"] == victim["value_text"]


def test_a_declared_figure_written_once_more_is_named(package_copy):
    """One declaration covers one writing: the note's second writing of a declared figure (in place of another
    figure, or added) leaves the figure more often written than declared."""
    _, declared = read_rows(package_copy / "curation" / "note_figures.csv")
    times = Counter((d["resource"], d["row_id"], d["column"], d["figure"]) for d in declared)
    chosen = next(d for d in declared if times[(d["resource"], d["row_id"], d["column"], d["figure"])] == 1
                  and d["column"] == "note")
    table_header, rows = read(package_copy, chosen["resource"])
    victim = next(row for row in rows if row["id"] == chosen["row_id"])
    assert [match.group().strip() for match in figures(victim["note"])].count(chosen["figure"]) == 1
    victim["note"] += f" It counts {chosen['figure']} more."
    write(package_copy, chosen["resource"], table_header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "note-figures.figure-unsupported", f"resources/{chosen['resource']}.csv",
                            row=row_number(rows, victim), column="note")
    assert [hit["found"] for hit in hits] == [chosen["figure"]]   # the first writing has the one declaration
    assert "more often than curation/note_figures.csv declares it" in hits[0]["message"]


def test_a_figure_declared_more_often_than_the_note_writes_it_is_named(package_copy):
    """A second declaration of a figure written once would cover the next writing of it, a figure changed into it."""
    path = package_copy / "curation" / "note_figures.csv"
    header, declared = read_rows(path)
    times = Counter((d["resource"], d["row_id"], d["column"], d["figure"]) for d in declared)
    chosen = next(d for d in declared if times[(d["resource"], d["row_id"], d["column"], d["figure"])] == 1
                  and d["column"] == "note")
    _, rows = read(package_copy, chosen["resource"])
    victim = next(row for row in rows if row["id"] == chosen["row_id"])
    assert [match.group().strip() for match in figures(victim["note"])].count(chosen["figure"]) == 1
    write_rows(path, header, [*declared, dict(chosen, reason="Declared again.")])
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "note-figures.declared-not-in-note", f"resources/{chosen['resource']}.csv",
                            row=row_number(rows, victim), column="note")
    assert hits[0]["found"] == chosen["figure"] and "2 times, but the note writes it 1 times" in hits[0]["message"]


def test_words_said_to_open_a_sentence_are_read_with_or_without_quotation_marks_and_cited_rows_in_any_order():
    text = "甲乙。截至2024年底,新增5件。2024年,转让9次。"
    opens = Note("The sentence opens with “截至2024年底”.")
    assert opens.openings == ["截至2024年底"]
    here = (str(text.index("新增")), str(text.index("新增") + 3))
    there = (str(text.index("转让")), str(text.index("转让") + 3))
    assert opens.misread_openings(text, (here,)) == []
    assert opens.misread_openings(text, (there,)) == [("截至2024年底", "note-figures.opening-not-written",
                                                        "截至2024年底")]
    # a row without a span is held to the sentences of the rows it cites, whichever comes first
    assert opens.misread_openings(text, ((None, None), there, here)) == []
    assert opens.misread_openings(text, ((None, None), here, there)) == []


def test_a_figure_changed_to_a_result_of_the_notes_own_arithmetic_is_named(package_copy):
    """Shown arithmetic accounts for the figures it writes, where it writes them: a note's writing of the row's value
    (52.17%) changed to the result of an equation the same note shows (892/1709 = 52.19%) is named."""
    _, declared = read_rows(package_copy / "curation" / "note_figures.csv")
    header, rows = read(package_copy, "indicators")

    def outside(row: dict) -> list:   # the note's figures written outside every equation that holds
        shown = [match.span() for match, left, right, decimals in equations(row["note"])
                 if holds(left, right, decimals)]
        return [figure for figure in figures(row["note"])
                if not any(a <= figure.start() and figure.end() <= b for a, b in shown)]

    def results(row: dict) -> list[str]:   # results of its equations that hold, declared for no writing
        own = {d["figure"] for d in declared if d["row_id"] == row["id"] and d["column"] == "note"}
        return [match["right"] for match, left, right, decimals in equations(row["note"])
                if holds(left, right, decimals) and match["right"] not in own]

    victim = next(row for row in rows if set(results(row)) - {row["value_text"]} and any(
        figure.group().strip() == row["value_text"] for figure in outside(row)))
    result = next(item for item in results(victim) if item != victim["value_text"])
    figure = next(figure for figure in outside(victim) if figure.group().strip() == victim["value_text"])
    victim["note"] = written_instead(victim["note"], figure, result)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                            row=row_number(rows, victim), column="note")
    assert [hit["found"] for hit in hits] == [result]


def test_a_figure_that_is_the_rows_year_only_at_a_scale_is_named(package_copy):
    """A year ties only as written: a note's figure changed to 2.024 does not pass as the row's 2024 read in
    thousands, as a figure without a scale word may be for quantities (60 and 70 billion)."""
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["status"] == "stated" and row["period_start"][:4].isdigit()
                  and figures(row["note"]) and not equations(row["note"]) and "%" not in row["note"])
    figure = figures(victim["note"])[0]
    changed = f"{int(victim['period_start'][:4]) / 1000:.3f}"   # 2024 -> 2.024
    victim["note"] = written_instead(victim["note"], figure, changed)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                            row=row_number(rows, victim), column="note")
    assert [hit["found"] for hit in hits] == [changed]


def test_a_number_an_equation_computes_from_changed_so_that_it_still_holds_is_named(package_copy):
    """Shown arithmetic accounts for its result, not for the numbers it computes from: 10257 / 3 = 3419 changed to
    10258 / 3 = 3419, which still rounds to its result, is named."""
    _, declared = read_rows(package_copy / "curation" / "note_figures.csv")
    header, rows = read(package_copy, "indicators")

    def nudged(row: dict) -> tuple[int, int, str] | None:   # (start, end, new) of an operand moved by its last digit
        own = {d["figure"] for d in declared if d["row_id"] == row["id"] and d["column"] == "note"}
        for match, *_ in equations(row["note"]):
            for operand in re.finditer(r"\d+(?:\.\d+)?", match["left"]):
                digits, start = operand.group(), match.start("left") + operand.start()
                places = len(digits.partition(".")[2])
                for step in (1, -1):
                    new = f"{float(digits) + step * 10 ** -places:.{places}f}"
                    changed = row["note"][:start] + new + row["note"][start + len(digits):]
                    if digits not in own and new not in row["note"] and any(
                            holds(*found[1:]) for found in equations(changed) if found[0].start() == match.start()):
                        return start, start + len(digits), new
        return None

    victim = next(row for row in rows if nudged(row))
    start, end, new = nudged(victim) or (0, 0, "")
    victim["note"] = victim["note"][:start] + new + victim["note"][end:]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "note-figures.figure-unsupported", "resources/indicators.csv",
                            row=row_number(rows, victim), column="note")
    assert [hit["found"] for hit in hits] == [new]


def test_a_notes_own_period_written_as_a_cited_rows_period_is_named(package_copy):
    """Both years of the cited row's 2020-2024 tie, and so would the pair: only the rule that each period accounts
    for one writing names a derived row's "2020-2023 total" written "2020-2024 total" beside the cited total."""
    header, rows = read(package_copy, "indicators")
    by_id = {row["id"]: row for row in rows}

    def years(row: dict) -> str:
        return f"{row['period_start'][:4]}-{row['period_end'][:4]}"

    def cited(row: dict) -> str | None:   # another period, of a row the formula uses, that the note writes
        return next((years(by_id[ref]) for ref in re.findall(r"\{([^{}]+)\}", row["formula"])
                     if ref in by_id and by_id[ref]["period_start"] and years(by_id[ref]) != years(row)
                     and years(by_id[ref]) in row["note"]), None)

    victim = next(row for row in rows if row["formula"] and row["period_start"] and years(row) in row["note"]
                  and cited(row))
    victim["note"] = victim["note"].replace(years(victim), cited(victim) or "", 1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.range-not-a-period", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_range_is_read_outside_quoted_runs_and_a_declared_one_is_the_curators():
    """A range is one the note writes itself: 2020-2024年, quoted from the source, is the quote-run rule's."""
    note = Note("累计 (in total) over 2020-2024年; the 2020-2023 total; perhaps 2022-2024, or 2022-2025.")
    assert [pair for _, pair in note.ranges] == [("2020", "2023"), ("2022", "2024"), ("2022", "2025")]
    own = (("1", None, None, None, None, "count", "2020-01-01", "2023-12-31"), "")
    unmatched = [(pair, "note-figures.range-not-a-period", None) for pair in ("2022-2024", "2022-2025")]
    assert note.unmatched_ranges((own,), frozenset()) == unmatched
    assert note.unmatched_ranges((own,), frozenset({("2022", 1)})) == unmatched[1:]   # one declaration, one range
    assert note.unmatched_ranges((own,), frozenset({("2022", 2)})) == []
    assert Note("2048-2023 = 25, and 2048 - 2023 = 25").ranges == []   # subtractions, not ranges


def test_a_long_note_is_read_in_one_pass_whatever_it_repeats():
    """Each figure is placed after its words (over, rank, April), in its quoted run and in its equation by one pass
    or one binary search, and each chain of operations is read once; a 60,000-character note of any of these shapes
    is read whole (test_hostile_inputs bounds the time of a longer one)."""
    facts = ((("1", None, None, None, None, "count", "2020-01-01", "2021-12-31"), ""),)
    context = {"sentences": lambda text: SentenceIndex(sentences(text))}
    shapes = {"over 5 ": "sides", "April 25 ": "in_dates", "rank 1 ": "ranks", "1+1=3 ": "failing",
              "2020-2021 中 ": "ranges", "中1 ": "runs", "1+": "failing"}
    for unit, found in shapes.items():
        note = Note(unit * (60_000 // len(unit)))
        count = 0 if unit == "1+" else 60_000 // len(unit)
        assert len(getattr(note, found)) == count, unit
        assert isinstance(note.judge(frozenset(), "中1", facts, ((None, None),), context), list)


def test_a_rows_year_written_as_the_sentences_other_year_is_named(package_copy):
    """A year no cell ties (2023, the base of 分别是2023年的3倍) is the sentence's: a note may write it outside its
    quoted runs once for each time the sentence does (and once beside a run that writes it), so the row's own
    "2024 count" changed to a second "2023 count" is named, though 2023 is a number of the sentence."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    index = SentenceIndex(sentences(text))
    header, rows = read(package_copy, "indicators")

    def sentence(row: dict) -> str:
        return text[slice(*index.around(int(row["char_start"]), int(row["char_end"])))]

    def outside(row: dict) -> list[tuple[int, str]]:   # (start, year) of each year the note writes outside its runs
        note = Note(row["note"])
        return [(start, figure) for (figure, _, _, _, start, _), held in zip(note.figures, note.held, strict=True)
                if held is None and re.fullmatch(r"20\d\d", figure)]

    def base(row: dict) -> str | None:   # another year of the note, which its sentence writes once
        own = {row["period_start"][:4], row["period_end"][:4]}
        return next((year for _, year in outside(row) if year not in own
                     and len(re.findall(rf"(?<!\d){year}(?!\d)", sentence(row))) == 1), None)

    victim = next(row for row in rows if row["status"] == "stated" and not row["formula"] and not Note(row["note"]).ids
                  and base(row)
                  and any(year == row["period_start"][:4] for _, year in outside(row)))
    start = next(start for start, year in outside(victim) if year == victim["period_start"][:4])
    victim["note"] = victim["note"][:start] + (base(victim) or "") + victim["note"][start + 4:]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.year-written-again", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_year_the_source_alone_gives_is_written_once_per_writing_of_the_sentence_or_run_from_the_paragraph():
    """Two writings of 2023 need two: the sentence's one, and a quoted run that writes it from elsewhere in the
    paragraph (a run of the sentence itself adds none)."""
    facts = ((("3", None, None, None, None, "times", "2024-01-01", "2024-12-31"), ""),)
    context = {"sentences": lambda text: SentenceIndex(sentences(text))}
    text = "转让10257次,分别是2023年的3倍。据《2023年报告》。"
    ends = (("0", str(text.index("。"))),)
    once = Note("the 2024 count as a multiple of the 2023 count (分别是2023年的3倍)")
    twice = Note("the 2023 count as a multiple of the 2023 count (分别是2023年的3倍)")
    from_paragraph = Note("the 2023 count as a multiple of the 2023 count (《2023年报告》)")
    assert once.judge(frozenset(), text, facts, ends, context) == []
    assert twice.judge(frozenset(), text, facts, ends, context) == [("2023", "note-figures.year-written-again", None)]
    assert from_paragraph.judge(frozenset(), text, facts, ends, context) == []


def test_a_period_the_note_gives_that_is_not_the_rows_is_named(package_copy):
    """"Period 2024: the figure is compared with 2023 …" made "Period 2023": 2023 is written by the row's sentence and
    by that of a row the note cites, so it is accounted for twice; only the note's claim about the row's own period
    is wrong."""
    text = (package_copy / read(package_copy, "sources")[1][0]["path"]).read_text(encoding="utf-8")
    index = SentenceIndex(sentences(text))
    header, rows = read(package_copy, "indicators")
    by_id = {row["id"]: row for row in rows}

    def sentence(row: dict) -> str:
        return text[slice(*index.around(int(row["char_start"]), int(row["char_end"])))] if row["char_start"] else ""

    def other(row: dict) -> str | None:   # another year of the note that its sentence and a cited row's both write
        cited = [by_id[ref] for ref in Note(row["note"]).ids if ref in by_id]
        return next((year for year in re.findall(r"\b(20\d\d)\b", row["note"]) if year != row["period_start"][:4]
                     and year in sentence(row) and any(year in sentence(each) for each in cited)), None)

    victim = next(row for row in rows if row["period_start"] and f"Period {row['period_start'][:4]}" in row["note"]
                  and row["period_start"][:4] == row["period_end"][:4] and other(row))
    victim["note"] = victim["note"].replace(f"Period {victim['period_start'][:4]}", f"Period {other(victim)}", 1)
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.period-not-the-rows", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")


def test_a_year_the_source_writes_as_chinese_numerals_or_in_another_paragraph_is_counted_as_written():
    """二〇二三年 is a writing of 2023, as rule 3 reads it; a quoted run counts only from the paragraph holding the
    row, so one from another paragraph does not account for a second writing."""
    facts = ((("3", None, None, None, None, "times", "2024-01-01", "2024-12-31"), ""),)
    context = {"sentences": lambda text: SentenceIndex(sentences(text))}
    chinese = "转让10257次,分别是二\u3007二三年的3倍。"
    ends = (("0", str(chinese.index("。"))),)
    assert Note("the 2023 count").judge(frozenset(), chinese, facts, ends, context) == []
    apart = "转让10257次,分别是2023年的3倍。\n另据《2023年报告》。"
    twice = Note("the 2023 count as a multiple of the 2023 count (《2023年报告》)")
    assert twice.judge(frozenset(), apart, facts, (("0", str(apart.index("。"))),), context) == [
        ("2023", "note-figures.year-written-again", None)]


def test_a_period_in_a_note_of_a_table_without_periods_is_not_read():
    """"Period 2024" is read only where the row has period columns (None: its table lacks them)."""
    note = Note("Period 2024: the year of the report.")
    dated = ((("1", None, None, None, None, "count", "2023-01-01", "2023-12-31"), ""),)
    undated = (((None,) * 8, ""),)
    assert note.other_periods(dated) == [("2024", "note-figures.period-not-the-rows", None)]
    assert note.other_periods(undated) == []


def test_months_before_a_line_break_and_numbers_with_two_points_are_read_as_before():
    """April, a space and a line break before 25 make a date; 3 × 1.2.5 + 1 = 6 is read as 2.5 + 1 = 6 (which does
    not hold), not 5 + 1 = 6."""
    assert Note("held on April \n25").in_dates
    assert [match.group() for match, *_ in equations("3 × 1.2.5 + 1 = 6")] == ["2.5 + 1 = 6"]
    assert Note("3 × 1.2.5 + 1 = 6").failing


def test_a_rank_in_a_year_that_no_indicator_records_is_named(package_copy):
    """"20th in 2024 … 25th in 2023" made "25th in 2024": 25 and 2024 each tie to the rows the note cites, but no
    indicator is of rank 25 in 2024."""
    header, rows = read(package_copy, "indicators")
    ranks = {(float(row["value"]), row["period_start"][:4]) for row in rows
             if row["unit"] == "rank" and row["period_start"][:4] == row["period_end"][:4]}

    def swapped(row: dict) -> tuple[re.Match, str] | None:   # an ordinal and another year of the note, unrecorded
        for match in re.finditer(r"\b(\d+)(?:st|nd|rd|th) in ((?:19|20)\d\d)\b", row["note"]):
            other = next((year for year in re.findall(r"\b(20\d\d)\b", row["note"]) if year != match[2]
                          and (float(match[1]), year) not in ranks), None)
            if other:
                return match, other
        return None

    victim = next(row for row in rows if row["status"] == "derived" and swapped(row))
    found = swapped(victim)
    assert found is not None
    match, other = found
    victim["note"] = victim["note"][:match.start(2)] + other + victim["note"][match.end(2):]
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "note-figures.rank-not-recorded", "resources/indicators.csv",
                     row=row_number(rows, victim), column="note")
