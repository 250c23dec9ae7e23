"""The `speakers` check: segments tile the text; facts name their segment and its speaker."""
from __future__ import annotations

from dataset_tools.validate.checks.speakers import speakers as speakers_check
from tests.test_checks_support import assert_only_rule, read, row_number, stand_in_package, validate_copy, write


def test_a_swapped_speaker_is_named(package_copy):
    _, speakers = read(package_copy, "speakers")
    header, rows = read(package_copy, "indicators")
    victim = next(row for row in rows if row["speaker_id"])
    victim["speaker_id"] = next(s["id"] for s in speakers if s["id"] != victim["speaker_id"])
    write(package_copy, "indicators", header, rows)
    code, report = validate_copy(package_copy)
    hits = assert_only_rule(report, code, "speakers.speaker-mismatch", "resources/indicators.csv",
                            row=row_number(rows, victim), column="speaker_id")
    assert hits[0]["found"] == victim["speaker_id"]


def test_a_segment_whose_kind_does_not_fit_its_speaker_is_named(package_copy):
    header, rows = read(package_copy, "segments")
    victim = next(row for row in rows if row["kind"] == "answer")
    victim["kind"] = "caption"
    write(package_copy, "segments", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "speakers.speaker-unexpected", "resources/segments.csv",
                     row=row_number(rows, victim), column="speaker_id",
                     also=("evidence.code-without-cue",))   # the answer's first line holds no caption word either


def segment(id_, start, end, kind="lead", speaker=""):
    return {"id": id_, "kind": kind, "speaker_id": speaker, "organization_id": "", "source_id": "s",
            "char_start": str(start), "char_end": str(end)}


def test_gaps_with_text_and_overlaps_are_named_but_blank_gaps_are_not():
    text = "aaaa\nbbbb cccc dddd"
    segments = [segment("one", 0, 4), segment("two", 5, 9), segment("three", 8, 14), segment("four", 15, 17)]
    problems = speakers_check(stand_in_package({"segments": segments}, {"s": text}))
    found = {(p.row_id, p.code, p.column) for p in problems}
    # "one"->"two": only "\n" between them (allowed); "two"/"three" overlap; "dd" after "four" is outside
    assert found == {("three", "speakers.overlap", "char_start"), ("four", "speakers.gap", "char_end")}


def test_a_segment_names_a_speaker_exactly_when_its_kind_has_one():
    text = "aaaabbbbcccc"
    segments = [segment("question", 0, 4, "question"), segment("answer", 4, 8, "answer"),
                segment("lead", 8, 12, "lead", "ann")]
    problems = speakers_check(stand_in_package({"segments": segments}, {"s": text}))
    assert {(p.row_id, p.code, p.column) for p in problems} == {
        ("answer", "speakers.speaker-missing", "speaker_id"),
        ("question", "speakers.outlet-missing", "organization_id"),
        ("lead", "speakers.speaker-unexpected", "speaker_id")}


def test_a_fact_crossing_two_segments_is_named():
    text = "aaaabbbb"
    segments = [segment("one", 0, 4, "opening_statement", "ann"), segment("two", 4, 8, "opening_statement", "bob")]
    facts = [{"id": "inside", "source_id": "s", "char_start": "4", "char_end": "6", "segment_id": "two",
              "speaker_id": "bob"},
             {"id": "across", "source_id": "s", "char_start": "3", "char_end": "5", "segment_id": "one",
              "speaker_id": "ann"},
             {"id": "wrong-segment", "source_id": "s", "char_start": "0", "char_end": "2", "segment_id": "two",
              "speaker_id": "ann"},
             {"id": "no-span", "source_id": "s", "char_start": "", "char_end": "", "segment_id": "one",
              "speaker_id": ""}]
    problems = speakers_check(stand_in_package({"segments": segments, "facts": facts}, {"s": text}))
    assert {(p.row_id, p.code, p.column) for p in problems} == {
        ("across", "speakers.segment-count", "char_start"),
        ("wrong-segment", "speakers.segment-mismatch", "segment_id"),
        ("no-span", "speakers.no-span", "segment_id")}


def test_an_answer_read_as_an_opening_statement_after_the_questions_is_named(package_copy):
    """Both kinds have a speaker, and the first line names the official: only the order tells them apart."""
    header, rows = read(package_copy, "segments")
    victim = [row for row in rows if row["kind"] == "answer"][-1]
    victim["kind"] = "opening_statement"
    write(package_copy, "segments", header, rows)
    code, report = validate_copy(package_copy)
    assert_only_rule(report, code, "speakers.opening-after-question", "resources/segments.csv",
                     row=row_number(rows, victim), column="kind")


def test_an_answer_follows_a_question_and_statements_come_first():
    text = "aaaabbbbccccddddeeee"
    segments = [segment("early-answer", 0, 4, "answer", "ann"), segment("opening", 4, 8, "opening_statement", "ann"),
                segment("question", 8, 12, "question"), segment("answer", 12, 16, "answer", "ann"),
                segment("late-opening", 16, 20, "opening_statement", "bob")]
    segments[2]["organization_id"] = "outlet"
    problems = speakers_check(stand_in_package({"segments": segments}, {"s": text}))
    assert {(p.row_id, p.code, p.column) for p in problems} == {
        ("early-answer", "speakers.answer-without-question", "kind"),
        ("late-opening", "speakers.opening-after-question", "kind")}
