"""Broken, hostile and edited packages: validate.py meets each with a calm, precise error.

Every test damages a fresh copy of the package in one way, runs validate.py's command line on it
(`cli.main`, in this process: the same arguments, exit code and printed report as a user gets,
without starting an interpreter and importing frictionless once per case), and asserts: the exit
code (2 = the package cannot be read at all, 1 = a rule is broken), the rule code and the key
words of the message (file, line or row, column), no traceback, a run time far below
RUN_SECONDS (a correctness bound, not a benchmark), and that not one byte of the copy changed.
Two runs at once are two processes, since that is the subject of the test.
"""
from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import re
import shutil
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import hostile_builders as hb
from tests.conftest import PACKAGE_ROOT, run_validate, tree_digest

RUN_SECONDS = 30
SPEAKERS = "resources/speakers.csv"
INDICATORS = "resources/indicators.csv"


@dataclass
class Run:
    code: int
    out: str
    seconds: float

    def report(self) -> dict:
        return json.loads(self.out)


def run_in_process(target: Path | str, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `validate.py TARGET ARGS` run from `cwd` (the package's
    code folder by default), as validate.py's entry point runs it, in this process."""
    from dataset_tools.validate import cli

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")  # as a UTF-8 pipe
    err = io.StringIO()
    here = os.getcwd()
    os.chdir(cwd or PACKAGE_ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(target), *args])
    finally:
        os.chdir(here)
        gc.unfreeze()  # cli.validate freezes the loaded rows for the rest of a validate.py run
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.getvalue()


def validate(root: Path, *args: str, cwd: Path | None = None, target: Path | str | None = None,
             process: bool = False) -> Run:
    """Run validate.py on `root` (in this process, or as a new process when `process`); assert no
    traceback, bounded time and an unchanged tree."""
    before = tree_digest(root)
    started = time.monotonic()
    if process:
        done = run_validate(root if target is None else target, *args, cwd=cwd)
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    else:
        code, stdout, stderr = run_in_process(root if target is None else target, *args, cwd=cwd)
    seconds = time.monotonic() - started
    out = stdout + stderr
    assert "Traceback" not in out, out
    assert seconds < RUN_SECONDS, f"validate.py took {seconds:.1f} s"
    assert tree_digest(root) == before, "validate.py changed the package"
    return Run(code, stdout if "--json" in args else out, seconds)


def expect(root: Path, code: int, *phrases: str) -> Run:
    """validate.py exits with `code` and its output contains every phrase."""
    run = validate(root)
    assert run.code == code, f"exit {run.code}, expected {code}:\n{run.out}"
    for phrase in phrases:
        assert phrase in run.out, f"{phrase!r} not in the output:\n{run.out}"
    return run


def line_and_character(text: str, index: int) -> tuple[int, int]:
    """1-based (line, character) of text[index]."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def first_non_ascii(data: bytes) -> tuple[int, int]:
    """(line, character) of the first non-ASCII character of UTF-8 bytes."""
    text = data.decode("utf-8")
    return line_and_character(text, next(i for i, ch in enumerate(text) if ord(ch) > 127))


# --------------------------------------------------------------------------- the descriptor (exit 2)

def test_descriptor_missing(package_copy):
    (package_copy / "datapackage.json").unlink()
    expect(package_copy, 2, "UNREADABLE", "[descriptor.missing]", "datapackage.json does not exist")


def test_descriptor_empty(package_copy):
    (package_copy / "datapackage.json").write_bytes(b"")
    expect(package_copy, 2, "[descriptor.empty]", "datapackage.json is empty")


def test_descriptor_invalid_json_names_line_and_column(package_copy):
    path = package_copy / "datapackage.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if '"resources": [' in line) + 1
    lines[number - 1] = lines[number - 1].replace('"resources": [', '"resources": [,')
    path.write_text("\n".join(lines), encoding="utf-8")
    column = lines[number - 1].index(",") + 1
    expect(package_copy, 2, "[descriptor.invalid-json]", "datapackage.json is not valid JSON",
           f"line {number}, column {column}")


def test_descriptor_not_an_object(package_copy):
    (package_copy / "datapackage.json").write_text('["resources"]', encoding="utf-8")
    expect(package_copy, 2, "[descriptor.not-object]", "must be a JSON object")


def test_descriptor_without_resources(package_copy):
    hb.edit_descriptor(package_copy, lambda d: d.pop("resources"))
    expect(package_copy, 2, "[descriptor.no-resources]", "has no resources")


def test_descriptor_nested_too_deeply(package_copy):
    (package_copy / "datapackage.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    expect(package_copy, 2, "[descriptor.invalid-json]", "nests too deeply")


def test_descriptor_not_utf8(package_copy):
    hb.reencode(package_copy, "datapackage.json", "gb18030")
    expect(package_copy, 2, "[descriptor.not-utf8]", "datapackage.json is not UTF-8")


# --------------------------------------------------------------------------- resource entries (exit 1)

@pytest.mark.parametrize("key", ["path", "schema", "format", "encoding"])
def test_resource_without_required_key(package_copy, key):
    hb.edit_descriptor(package_copy, lambda d: hb.resource_entry(d, "speakers").pop(key))
    expect(package_copy, 1, "[descriptor.key-missing]", f"resource 'speakers' in datapackage.json has no '{key}'")


def test_resource_declares_another_encoding(package_copy):
    hb.edit_descriptor(package_copy, lambda d: hb.resource_entry(d, "speakers").update(encoding="gbk"))
    expect(package_copy, 1, "[descriptor.encoding-not-utf8]", "encoding must be 'utf-8', found 'gbk'")


def test_schema_file_missing(package_copy):
    (package_copy / "schemas/speakers.json").unlink()
    expect(package_copy, 1, "[descriptor.schema-missing]", "schema 'schemas/speakers.json' does not exist")


def test_schema_file_invalid_json(package_copy):
    (package_copy / "schemas/speakers.json").write_text('{"fields": [}', encoding="utf-8")
    expect(package_copy, 1, "[descriptor.schema-invalid-json]", "schemas/speakers.json is not valid JSON",
           "line 1, column 13")


def test_data_file_missing(package_copy):
    (package_copy / SPEAKERS).unlink()
    expect(package_copy, 1, "[descriptor.path-missing]", "path 'resources/speakers.csv' does not exist")


def test_unreadable_resource_does_not_stop_the_other_checks(package_copy):
    (package_copy / SPEAKERS).unlink()
    run = validate(package_copy, "--json")
    report = run.report()
    assert run.code == 1 and report["status"] == "invalid"
    groups = {group["name"]: group for group in report["checks"]}
    assert [p["code"] for p in groups["descriptor"]["problems"]] == ["descriptor.path-missing"]
    assert groups["table"]["status"] != "skipped"
    assert not any("speakers.csv" in (p["file"] or "") for p in groups["table"]["problems"])


SECRET = "SECRET-OUTSIDE-THE-PACKAGE"


@pytest.mark.parametrize("path, phrase", [
    ("../outside.csv", "goes up out of the package ('..')"),
    ("{outside}", "is an absolute path"),
    ("https://example.org/speakers.csv", "is a URL"),
])
def test_path_escaping_the_package_is_refused_unread(package_copy, path, phrase):
    outside = package_copy.parent / "outside.csv"
    outside.write_text(f"id\n{SECRET}\n", encoding="utf-8")
    path = path.format(outside=outside)
    hb.edit_descriptor(package_copy, lambda d: hb.resource_entry(d, "speakers").update(path=path))
    run = expect(package_copy, 1, "[descriptor.path-outside]", phrase)
    assert SECRET not in run.out


def test_symlinked_file_pointing_outside_is_refused(package_copy):
    outside = package_copy.parent / "outside.csv"
    shutil.copy(package_copy / SPEAKERS, outside)
    (package_copy / SPEAKERS).unlink()
    (package_copy / SPEAKERS).symlink_to(outside)
    expect(package_copy, 1, "[descriptor.path-outside]",
           "'resources/speakers.csv' leads outside the package through a symbolic link")


def test_symlinked_folder_pointing_outside_is_refused(package_copy):
    elsewhere = package_copy.parent / "elsewhere"
    shutil.move(package_copy / "schemas", elsewhere)
    (package_copy / "schemas").symlink_to(elsewhere, target_is_directory=True)
    expect(package_copy, 1, "[descriptor.schema-outside]", "schema 'schemas/speakers.json' leads outside the package")


def test_symlinked_source_text_pointing_outside_is_refused(package_copy):
    outside = package_copy.parent / "source.txt"
    shutil.copy(package_copy / hb.SOURCE, outside)
    (package_copy / hb.SOURCE).unlink()
    (package_copy / hb.SOURCE).symlink_to(outside)
    expect(package_copy, 1, "[descriptor.source-path-outside]",
           f"sources[0] path '{hb.SOURCE}' leads outside the package")


def test_named_pipe_is_never_opened(package_copy):
    (package_copy / SPEAKERS).unlink()
    os.mkfifo(package_copy / SPEAKERS)
    expect(package_copy, 1, "[descriptor.path-not-regular-file]", "'resources/speakers.csv' is not a regular file")


# --------------------------------------------------------------------------- bytes of a CSV file (exit 1)

def test_csv_resaved_by_excel_in_gb18030(package_copy):
    line, character = first_non_ascii((package_copy / SPEAKERS).read_bytes())
    hb.reencode(package_copy, SPEAKERS, "gb18030")
    expect(package_copy, 1, "[files.not-utf8]",
           f"resources/speakers.csv line {line}, character {character} (column name_zh)",
           "the file is not UTF-8", "It looks like GB18030", "iconv -f GB18030 -t UTF-8",
           "CSV UTF-8")


def test_csv_resaved_by_excel_as_csv_utf8(package_copy):
    header, rows = hb.read_csv(package_copy, SPEAKERS)
    hb.write_csv(package_copy, SPEAKERS, header, rows, newline="\r\n", bom=True)
    expect(package_copy, 1, "[files.bom]", "starts with a UTF-8 byte-order mark", "[files.crlf]",
           "Windows line endings (CRLF")


def test_crlf_line_endings_name_the_first_line(package_copy):
    data = (package_copy / SPEAKERS).read_bytes()
    (package_copy / SPEAKERS).write_bytes(data.replace(b"\n", b"\r\n"))
    expect(package_copy, 1, "[files.crlf]", "resources/speakers.csv line 1: Windows line endings (CRLF")


def test_blank_lines(package_copy):
    data = (package_copy / SPEAKERS).read_bytes()
    first_row_end = data.index(b"\nwang-xiaoyang")
    (package_copy / SPEAKERS).write_bytes(data[:first_row_end] + b"\n" + data[first_row_end:] + b"\n")
    blank = data[:first_row_end].count(b"\n") + 2
    expect(package_copy, 1, "[files.blank-lines]", f"blank line(s) at line {blank}, ")


def test_nul_bytes(package_copy):
    text = (package_copy / SPEAKERS).read_text(encoding="utf-8")
    line, character = line_and_character(text, text.index("Liu Xiaowen") + 3)
    hb.replace_bytes(package_copy, SPEAKERS, b"Liu Xiaowen", b"Liu\x00Xiaowen")
    expect(package_copy, 1, "[files.nul]", f"line {line}, character {character} (column name_en): NUL byte(s)")


def test_utf16_file(package_copy):
    hb.reencode(package_copy, SPEAKERS, "utf-16")
    expect(package_copy, 1, "[files.not-utf8]", "resources/speakers.csv line 1, character 1", "It looks like UTF-16")


def test_file_over_the_size_limit_is_refused_unread(package_copy):
    hb.sparse_file(package_copy / SPEAKERS, 60 * 2**20)
    expect(package_copy, 1, "[files.too-large]", "over the limit of 52,428,800 bytes (50 MiB); it is not read")


def test_200_mb_of_random_bytes_named_csv_is_refused_fast(package_copy):
    hb.random_file(package_copy / SPEAKERS, 200 * 2**20)
    run = expect(package_copy, 1, "[files.too-large]", "'resources/speakers.csv' is 209,715,200 bytes")
    assert run.seconds < RUN_SECONDS


def test_too_many_rows_are_refused_before_any_parser_sees_them(package_copy):
    """A file under the byte limit can still hold millions of tiny rows: the row limit stops it."""
    from dataset_tools.validate.limits import MAX_ROWS
    header, _ = hb.read_csv(package_copy, SPEAKERS)
    tiny_rows = "".join(f"s{i}\n" for i in range(MAX_ROWS + 1))
    (package_copy / SPEAKERS).write_text(",".join(header) + "\n" + tiny_rows, encoding="utf-8")
    expect(package_copy, 1, "[files.too-many-rows]",
           f"resources/speakers.csv has more than {MAX_ROWS:,} rows (the limit); it is not read")


def test_random_bytes_under_the_size_limit(package_copy):
    hb.random_file(package_copy / SPEAKERS, 4 * 2**20)
    expect(package_copy, 1, "[files.not-utf8]", "resources/speakers.csv line", "the file is not UTF-8")


def test_cell_over_the_size_limit(package_copy):
    hb.set_cell(package_copy, SPEAKERS, 0, "note", "x" * (2**20 + 1))
    expect(package_copy, 1, "[files.cell-too-large]",
           "resources/speakers.csv line 2: the row starting here has a cell longer "
           "than the limit of 1,048,576 characters")


def test_a_long_note_of_what_note_figures_reads_per_figure_is_read_within_the_bound(package_copy):
    """A 300,000-character note repeating the words, runs, ranges and arithmetic that note-figures reads around
    each figure is read in one pass: its unaccounted figures are named within RUN_SECONDS (a search of the note's
    whole beginning per figure took minutes at a fifth of this length)."""
    unit = "over 5 April 25 rank 1 2020-2021 中1 1+1=3 1900 "
    hb.set_cell(package_copy, INDICATORS, 0, "note", unit * (300_000 // len(unit)))
    expect(package_copy, 1, "[note-figures.", "resources/indicators.csv")


def test_one_damaged_character_in_a_utf8_file(package_copy):
    data = (package_copy / SPEAKERS).read_bytes()
    line, character = first_non_ascii(data)
    match = re.search(rb"[\x80-\xff]+", data)
    assert match is not None
    first = match.start()
    (package_copy / SPEAKERS).write_bytes(data[:first] + data[first + 1:])
    expect(package_copy, 1, "[files.not-utf8]", f"line {line}, character {character}", "character(s) are damaged")


def test_empty_file(package_copy):
    (package_copy / SPEAKERS).write_bytes(b"")
    expect(package_copy, 1, "[files.empty]", "resources/speakers.csv is empty (0 bytes)")


def test_header_only(package_copy):
    header = (package_copy / SPEAKERS).read_bytes().split(b"\n")[0]
    (package_copy / SPEAKERS).write_bytes(header + b"\n")
    expect(package_copy, 1, "[files.no-rows]", "resources/speakers.csv has a header but no data rows")


def test_unclosed_quote(package_copy):
    data = (package_copy / SPEAKERS).read_bytes()
    start = data.rstrip(b"\n").count(b"\n") + 1 - data.rstrip(b"\n").rsplit(b"zhang-yangang", 1)[1].count(b"\n")
    (package_copy / SPEAKERS).write_bytes(data.rstrip(b"\n") + b'"see the note\n')
    expect(package_copy, 1, "[files.unclosed-quote]",
           f"resources/speakers.csv line {start}: the row starting here has a quoted cell "
           "(column reference) that is never closed")


def test_text_after_a_closing_quote(package_copy):
    hb.replace_bytes(package_copy, SPEAKERS, b'Court of Gansu Province"', b'Court of Gansu Province"x')
    expect(package_copy, 1, "[files.text-after-quote]", "text follows a closing quote")


# --------------------------------------------------------------------------- shapes frictionless reports well

def test_ragged_row_missing_a_cell(package_copy):
    hb.replace_bytes(package_copy, SPEAKERS, b",host,", b",")
    expect(package_copy, 1, "FAILED table", "resources/speakers.csv row 2", "column reference", "[table.missing-cell]")


def test_ragged_row_with_an_extra_cell(package_copy):
    data = (package_copy / SPEAKERS).read_bytes()
    (package_copy / SPEAKERS).write_bytes(data.rstrip(b"\n") + b",extra\n")
    expect(package_copy, 1, "FAILED table", "[table.extra-cell]", "has an extra value in field at position")


def test_duplicated_column(package_copy):
    hb.replace_bytes(package_copy, SPEAKERS, b"id,name_zh,name_en,", b"id,name_zh,name_zh,")
    expect(package_copy, 1, "FAILED table", "[table.duplicate-label]", "Duplicate Label", "column name_zh")


def test_renamed_column(package_copy):
    hb.replace_bytes(package_copy, SPEAKERS, b"id,name_zh,name_en,", b"id,name_zh,english_name,")
    expect(package_copy, 1, "FAILED table", "column name_en", "[table.incorrect-label]", 'Label "english_name"')


# --------------------------------------------------------------------------- values edited by hand

def big_indicator(root: Path) -> tuple[int, int]:
    """(data row index, value) of the first indicator whose value is a whole number >= 1000."""
    _, rows = hb.read_csv(root, INDICATORS)
    return next((i, int(r["value"])) for i, r in enumerate(rows)
                if r["value"].isdigit() and int(r["value"]) >= 1000)


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in text)


def only_problem(root: Path, check: str) -> dict:
    """Run validate.py --json (exit 1 expected) and return the one problem `check` reports."""
    run = validate(root, "--json")
    assert run.code == 1, run.out
    problems = [p for group in run.report()["checks"] if group["name"] == check for p in group["problems"]]
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize("spell, why", [
    (lambda v: f"{v:,}", "a thousands separator"),
    (lambda v: full_width(str(v)), "full-width or non-ASCII digits"),
    (lambda v: f"{v}%", "a '%' sign"),
    (lambda v: f"{v} ", "leading or trailing whitespace"),
    (lambda v: f"+{v}", "a '+' sign"),
    (lambda v: "NaN", "NaN and inf are not numbers"),
])
def test_non_canonical_number(package_copy, spell, why):
    index, value = big_indicator(package_copy)
    row = hb.set_cell(package_copy, INDICATORS, index, "value", spell(value))
    problem = only_problem(package_copy, "canonical-values")
    assert (problem["code"], problem["file"], problem["row"], problem["column"]) == \
        ("canonical-values.number-spelling", INDICATORS, row, "value")
    assert problem["found"] == spell(value)
    assert f"{spell(value)!r} is not canonical for a number field ({why}" in problem["message"]
    if spell(value) != "NaN":
        assert problem["expected"] == str(value)


@pytest.mark.parametrize("date", ["2025年4月25日", "2025-4-25"])
def test_non_canonical_date(package_copy, date):
    row = hb.set_cell(package_copy, "resources/sources.csv", 0, "event_date", date)
    problem = only_problem(package_copy, "canonical-values")
    assert (problem["code"], problem["file"], problem["row"], problem["column"]) == \
        ("canonical-values.date-spelling", "resources/sources.csv", row, "event_date")
    assert problem["expected"] == "2025-04-25"
    assert f"{date!r} is not canonical for a date field" in problem["message"]


def test_trailing_space_in_an_id(package_copy):
    _, rows = hb.read_csv(package_copy, SPEAKERS)
    organization = rows[1]["organization_id"]
    row = hb.set_cell(package_copy, SPEAKERS, 1, "organization_id", organization + " ")
    problem = only_problem(package_copy, "canonical-values")
    assert (problem["code"], problem["file"], problem["row"], problem["column"], problem["row_id"]) == \
        ("canonical-values.identifier-whitespace", SPEAKERS, row, "organization_id", rows[1]["id"])
    assert (problem["found"], problem["expected"]) == (organization + " ", organization)


def test_non_canonical_values_in_the_text_report(package_copy):
    index, value = big_indicator(package_copy)
    hb.set_cell(package_copy, INDICATORS, index, "value", f"{value:,}")
    expect(package_copy, 1, "FAILED canonical-values", "[canonical-values.number-spelling]",
           f"'{value:,}' is not canonical for a number field "
           f"(a thousands separator); write '{value}'")


# --------------------------------------------------------------------------- the source text

def span_rows(root: Path) -> list[tuple[str, int, int, int, str]]:
    """(file, row, start, end, prefix) of every row with a span, in every resource."""
    found = []
    for csv_path in sorted((root / "resources").glob("*.csv")):
        relative = f"resources/{csv_path.name}"
        header, rows = hb.read_csv(root, relative)
        if "char_start" not in header:
            continue
        for number, row in enumerate(rows, start=2):
            if row["char_start"] and row["char_end"]:
                found.append((relative, number, int(row["char_start"]), int(row["char_end"]),
                              row.get("quote_prefix", "")))
    return found


def source_text(root: Path) -> str:
    return (root / hb.SOURCE).read_text(encoding="utf-8")


def test_one_character_changed_in_the_source(package_copy):
    text = source_text(package_copy)
    position = text.index("1.78万件") + 3       # the 8 of the first 1.78万件
    (package_copy / hb.SOURCE).write_text(text[:position] + "9" + text[position + 1:], encoding="utf-8")
    touched = {(file, row) for file, row, start, end, prefix in span_rows(package_copy)
               if start - len(prefix) <= position < end}
    run = validate(package_copy, "--json")
    assert run.code == 1
    groups = {group["name"]: group for group in run.report()["checks"]}
    assert groups["source-integrity"]["status"] == "failed"
    assert any(p["code"] == "source-integrity.sha256-mismatch" for p in groups["source-integrity"]["problems"])
    assert {(p["file"], p["row"]) for p in groups["spans"]["problems"]} == touched
    text_run = expect(package_copy, 1, "FAILED source-integrity", f"FAILED spans ({len(touched)} problem")
    assert len(text_run.out.splitlines()) < 200


def assert_capped(out: str) -> None:
    """The text report prints at most SHOWN_PER_CHECK problems of each failed check (three lines
    each at most: where and what, found, expected), however many there are."""
    from dataset_tools.validate.render import SHOWN_PER_CHECK

    groups = re.split(r"^FAILED ", out, flags=re.M)[1:]
    assert groups, out
    for group in groups:
        assert len(re.findall(r"^  - ", group, flags=re.M)) <= SHOWN_PER_CHECK, group[:300]
    assert len(out.splitlines()) <= 10 + len(groups) * (3 + 3 * SHOWN_PER_CHECK), len(out.splitlines())


def test_character_inserted_at_the_start_shifts_every_span_but_the_report_stays_short(package_copy):
    (package_copy / hb.SOURCE).write_text("\ufeff" + source_text(package_copy), encoding="utf-8")
    spans = len(span_rows(package_copy))
    run = expect(package_copy, 1, "FAILED source-integrity", "FAILED spans (", "more problems of this check in")
    assert_capped(run.out)
    failed = re.search(r"FAILED spans \((\d+) problems\)", run.out)
    assert failed is not None, run.out
    shown = int(failed.group(1))
    assert shown >= spans


def test_source_replaced_by_another_file(package_copy):
    shutil.copy(package_copy / "reference" / "README.md", package_copy / hb.SOURCE)
    run = expect(package_copy, 1, "FAILED source-integrity", "sha256", "FAILED spans")
    assert_capped(run.out)


def test_source_missing(package_copy):
    (package_copy / hb.SOURCE).unlink()
    expect(package_copy, 1, "FAILED source-integrity", "[source-integrity.unreadable]", f"source file '{hb.SOURCE}'")


# --------------------------------------------------------------------------- how and where it runs

@pytest.fixture
def baseline(package_copy: Path) -> Run:
    """The untouched copy, validated the ordinary way: it must pass."""
    run = validate(package_copy)
    assert run.code == 0, run.out
    return run


def test_running_from_another_directory(package_copy, baseline, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = validate(package_copy, cwd=elsewhere, target=os.path.relpath(package_copy, elsewhere))
    assert run.code == 0, run.out
    assert run.out.splitlines()[0] == baseline.out.splitlines()[0]


@pytest.fixture
def read_only(package_copy):
    """The copy with every write bit removed (restored afterwards so it can be deleted)."""
    modes = {path: path.lstat().st_mode for path in [package_copy, *package_copy.rglob("*")]
             if not path.is_symlink()}
    for path, mode in modes.items():
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield package_copy
    for path, mode in modes.items():
        path.chmod(mode)


def test_read_only_copy(read_only, baseline):
    run = validate(read_only)
    assert (run.code, run.out) == (0, baseline.out)


def test_two_runs_at_once(package_copy, baseline):
    """Two validate.py processes on one package at once: neither disturbs the other."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: validate(package_copy, process=True), range(2)))
    assert [run.code for run in runs] == [0, 0]
    assert runs[0].out == runs[1].out == baseline.out
