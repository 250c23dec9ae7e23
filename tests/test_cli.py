"""validate.py as a user runs it: report, options, exit codes, read-only, from anywhere.

These tests are about the command line itself, so most run validate.py in a new process; they
use `--check` where the subject is an option or the report's form rather than the checks, to
spare a run of frictionless. What the checks find is tested in process (tests/test_checks_*).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataset_tools.validate import (
    checks,  # noqa: F401  (registers every check)
    cli,
)
from dataset_tools.validate.report import CHECKS, check
from tests.conftest import PACKAGE_ROOT, run_validate, tree_digest, validate_in_process
from tests.test_checks_support import read, stand_in_package, write

TOP_KEYS = {"report_format", "package", "status", "valid", "exit_code", "summary", "timings", "checks"}
SUMMARY_KEYS = {"checks", "checks_failed", "checks_skipped", "problems", "rows"}
GROUP_KEYS = {"name", "kind", "rule", "status", "skipped", "seconds", "problem_count", "rows", "problems"}
PROBLEM_KEYS = {"check", "code", "message", "file", "row", "column", "row_id", "found", "expected", "line"}


def json_run(target: Path | str | None, *args: str, cwd: Path | None = None) -> tuple[int, dict]:
    """validate.py ARGS --json in a new process; (exit code, report)."""
    done = run_validate(target, *args, "--json", cwd=cwd)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def break_translations(root, count):
    """Blank `count` optional English cells of indicators (unit_en) to get that many problems."""
    header, rows = read(root, "indicators")
    victims = [row for row in rows if row["unit_zh"] and row["unit_en"]][:count]
    assert len(victims) == count
    for row in victims:
        row["unit_en"] = ""
    write(root, "indicators", header, rows)
    return victims


def test_the_package_as_published_is_valid():
    done = run_validate()
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stdout[-3000:]
    assert lines[0].startswith("VALID")
    assert lines[-1] == f"{len(CHECKS)} checks, 0 problems"


def test_list_checks_names_every_check_with_its_rule():
    done = run_validate(None, "--list-checks")
    assert done.returncode == 0
    listed = dict(line.split(None, 1) for line in done.stdout.splitlines())
    assert list(listed) == list(CHECKS)
    assert all(rule.strip() for rule in listed.values())


def test_check_option_runs_only_the_named_checks():
    code, report = json_run(PACKAGE_ROOT, "--check", "values", "--check", "spans", "--check", "values")
    assert [g["name"] for g in report["checks"] if g["kind"] == "check"] == ["values", "spans"]
    assert code == 0 and report["summary"]["checks"] == 2


def test_an_unknown_check_is_a_usage_error():
    done = run_validate(None, "--check", "no-such-check")
    assert done.returncode == 2
    assert "unknown check" in done.stderr and "Traceback" not in done.stderr


def test_json_keys_are_stable_and_problems_carry_their_rule_code(package_copy):
    victim = break_translations(package_copy, 1)[0]
    code, report = json_run(package_copy, "--check", "translations")
    assert code == 1 and report["exit_code"] == 1 and report["status"] == "invalid" and not report["valid"]
    assert set(report) == TOP_KEYS and set(report["summary"]) == SUMMARY_KEYS
    assert all(set(g) == GROUP_KEYS for g in report["checks"])
    problems = [p for g in report["checks"] for p in g["problems"]]
    assert problems and all(set(p) == PROBLEM_KEYS for p in problems)
    assert [(p["check"], p["code"], p["row_id"], p["column"]) for p in problems] == \
        [("translations", "translations.english-missing", victim["id"], "unit_en")]


def test_text_report_caps_each_check_shows_codes_and_json_lists_everything(package_copy):
    victims = break_translations(package_copy, 25)
    done = run_validate(package_copy, "--check", "translations")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("INVALID")
    assert sum("[translations.english-missing]" in line for line in lines) == 20
    assert "… and 5 more problems of this check in 5 rows (--json lists them all)" in done.stdout
    assert lines[-1].endswith("problems") and "failed" in lines[-1]
    report = validate_in_process(package_copy, ["translations"])   # what --json prints (its keys: above)
    translations = next(g for g in report["checks"] if g["name"] == "translations")
    assert translations["problem_count"] == len(victims) == len(translations["problems"])


def test_exit_code_two_when_the_package_cannot_be_read(tmp_path):
    missing = run_validate(tmp_path)
    assert missing.returncode == 2 and missing.stdout.startswith("UNREADABLE")
    assert "[descriptor.missing]" in missing.stdout
    assert missing.stdout.splitlines()[-1] == "0 checks run, 1 problem"
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    broken = run_validate(tmp_path / "datapackage.json", "--json")
    report = json.loads(broken.stdout)
    assert broken.returncode == 2 and report["status"] == "unreadable" and report["exit_code"] == 2
    assert [p["code"] for g in report["checks"] for p in g["problems"]] == ["descriptor.invalid-json"]
    assert "Traceback" not in broken.stderr + missing.stderr


def test_runs_from_another_directory(tmp_path):
    """Without PATH, the package beside validate.py is validated, whatever the working directory."""
    default = json_run(None, "--check", "metadata", "--check", "source-integrity", cwd=tmp_path)
    explicit = validate_in_process(PACKAGE_ROOT, ["metadata", "source-integrity"])
    assert default[1]["package"] == str(PACKAGE_ROOT / "datapackage.json")
    assert default[0] == explicit["exit_code"] == 0
    assert default[1]["summary"] == explicit["summary"]


def test_a_relative_path_is_read_from_the_working_directory(package_copy):
    done = run_validate("package", "--check", "spans", cwd=package_copy.parent)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr
    assert f"package: package{'/'}datapackage.json" in done.stdout


def test_validation_writes_nothing(package_copy):
    before = tree_digest(package_copy)
    done = run_validate(package_copy, "--json", cwd=package_copy)
    assert done.returncode == 0, done.stdout[-3000:]
    assert tree_digest(package_copy) == before


def test_validation_writes_nothing_into_a_broken_package(package_copy):
    break_translations(package_copy, 3)
    (package_copy / "resources" / "brands.csv").write_bytes(b"\xff\xfe broken")
    before = tree_digest(package_copy)
    done = run_validate(package_copy)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert tree_digest(package_copy) == before


def test_an_exception_inside_a_check_becomes_a_problem_of_that_check():
    @check("test-explodes")
    def explodes(package):
        """A check that fails with an exception."""
        raise KeyError("boom")
    try:
        result = cli.run_check("test-explodes", package=stand_in_package({}))
    finally:
        del CHECKS["test-explodes"]
    assert [(p.code, p.check) for p in result.problems] == [("test-explodes.internal-error", "test-explodes")]
    assert result.problems[0].message.endswith("KeyError: 'boom'")  # the exception is named for the bug report


def test_running_out_of_memory_in_a_check_stops_with_exit_two(capsys):
    """A MemoryError (the 1 GiB process limit) is not a rule broken: a calm message, exit 2."""
    @check("test-memory")
    def exhausts(package):
        """A check that runs out of memory."""
        raise MemoryError
    try:
        code = cli.main([str(PACKAGE_ROOT / "datapackage.json"), "--check", "test-memory"])
    finally:
        del CHECKS["test-memory"]
    assert code == 2
    assert "the memory limit of 1024 MiB was reached" in capsys.readouterr().err


def set_column(root, name, column, value):
    header, rows = read(root, name)
    for row in rows:
        row[column] = value
    write(root, name, header, rows)


@pytest.mark.parametrize("name, column, value", [
    ("sources", "path", "../../../../etc/passwd"),                       # a source outside the package
    ("indicators", "formula", "__import__('os').system('touch HACKED')"),  # code in a formula
    ("indicators", "char_start", "99999999999999999999"),                 # offsets beyond any text
    ("indicators", "precision", "-400"),                                   # absurd precision
    ("segments", "char_start", "0"),                                       # every segment overlapping
])
def test_hostile_cells_give_a_report_not_a_traceback(package_copy, name, column, value, monkeypatch):
    set_column(package_copy, name, column, value)
    monkeypatch.chdir(package_copy)  # where `touch HACKED` would write
    report = validate_in_process(package_copy)
    assert report["exit_code"] == 1 and report["status"] == "invalid"
    assert not (package_copy / "HACKED").exists()
    assert not [p for g in report["checks"] for p in g["problems"] if p["code"].endswith(".internal-error")]
