"""Hostile packages against validate.py, the exports and the release (docs/security.md).

Each case damages a fresh copy of the package as a hostile contributor would, then runs all
three tools on it in this process (the command line is tested separately, where it is the
subject) and asserts for each: the exit code; a message naming the file and the key; no
traceback; under RUN_SECONDS; no socket opened; nothing read from a sentinel folder outside
the package (its unique content never printed, no file in it opened); nothing written outside
dist/; the package tree and the sentinel folder unchanged.

The exports and the release validate through `validate_package`, replaced here by the same
validation run in this process (one run per case, shared by both), so a case costs one
validation, not three interpreter starts.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# frictionless, openpyxl, pyarrow.parquet and sqlite_utils are imported now, so that no import writes bytecode
# during a case
import frictionless  # noqa: F401
import openpyxl  # noqa: F401
import pyarrow.parquet  # noqa: F401
import pytest
import sqlite_utils  # noqa: F401

import dataset_tools.publish.exports as exports_package
from dataset_tools import guard, jsonio
from dataset_tools.publish import release as release_tool
from dataset_tools.publish.exports import __main__ as exports_cli
from dataset_tools.publish.exports.validation import Outcome
from dataset_tools.publish.site import __main__ as site_cli
from dataset_tools.validate import checks, render  # noqa: F401  (registers every check)
from dataset_tools.validate.checks import portable
from dataset_tools.validate.checks import table as table_check
from dataset_tools.validate.cli import validate as run_validation
from dataset_tools.validate.report import CHECKS
from tests import hostile_builders as hb
from tests.conftest import PACKAGE_ROOT, tree_digest
from tests.test_checks_support import refresh_descriptor, stand_in_package

RUN_SECONDS = 30
SPEAKERS = "resources/speakers.csv"
WRITES = ("os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.symlink", "shutil.rmtree", "os.truncate")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


# --------------------------------------------------------------------------- what a run touched

_events: list[tuple[str, tuple]] = []
_recording = [False]


def _record(event: str, args: tuple) -> None:
    """Keep opens, writes and socket events; a removal relative to a folder descriptor (inside
    shutil.rmtree, whose own event names the folder) is left out: it has no path of its own."""
    relative_to_fd = event in ("os.remove", "os.rmdir") and len(args) > 1 and isinstance(args[1], int)
    if _recording[0] and not relative_to_fd and (event == "open" or event in WRITES or event.startswith("socket.")):
        _events.append((event, args))


sys.addaudithook(_record)


@contextlib.contextmanager
def recording():
    """Collect the audit events (opens, writes, sockets) of the block."""
    _events.clear()
    _recording[0] = True
    try:
        yield _events
    finally:
        _recording[0] = False


def _is_write(event: str, args: tuple) -> bool:
    if event != "open":
        return True
    mode, flags = args[1], args[2]
    return bool(mode and any(c in mode for c in "wax+")) or bool(isinstance(flags, int) and flags & WRITE_FLAGS)


def _path(args: tuple) -> str | None:
    target = args[0] if args else None
    if isinstance(target, bytes):
        target = target.decode("utf-8", "replace")
    return os.path.realpath(target) if isinstance(target, (str, os.PathLike)) else None


# --------------------------------------------------------------------------- a hostile copy

@dataclass
class Case:
    root: Path                       # the package copy
    outside: Path                    # a folder beside it, with a sentinel file
    sentinel: str                    # the unique content of that file
    validation: tuple | None = None  # (code, text) of validating the copy once
    outputs: dict = field(default_factory=dict)

    @property
    def secret(self) -> Path:
        return self.outside / "secret.txt"

    def edit_descriptor(self, change: Callable[[dict], object]) -> None:
        hb.edit_descriptor(self.root, change)

    def edit_schema(self, name: str, change: Callable[[dict], object]) -> None:
        path = self.root / "schemas" / f"{name}.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        change(schema)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def case(package_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Case:
    """A package copy, a sentinel folder outside it, and the tools' validation gate run in-process."""
    outside = tmp_path / "outside"
    outside.mkdir()
    sentinel = f"SENTINEL-{uuid.uuid4().hex}"
    (outside / "secret.txt").write_text(f"id,name\n{sentinel},x\n", encoding="utf-8")
    made = Case(package_copy, outside, sentinel)

    def validate_in_process(root: Path) -> Outcome:
        code, text = validated(made)
        return Outcome(code == 0, "validate.py", text)

    monkeypatch.setattr(exports_package, "validate_package", validate_in_process)
    return made


def validated(case: Case) -> tuple[int, str]:
    """(exit code, text report) of validating the copy in this process, once per case."""
    if case.validation is None:
        report = run_validation(case.root / "datapackage.json", list(CHECKS))
        case.validation = (report["exit_code"], render.to_text(report))
    return case.validation


def run_tool(case: Case, tool: str) -> tuple[int, str]:
    """Run one tool on the copy; assert everything a case promises; (exit code, output)."""
    before, outside_before = digest(case.root), tree_digest(case.outside)
    dist = case.root / "dist"
    started = time.monotonic()
    with recording() as events, contextlib.redirect_stdout(io.StringIO()) as out, \
            contextlib.redirect_stderr(io.StringIO()) as err:
        if tool == "validate":
            code, text = validated(case)
            out.write(text)
        elif tool == "exports":
            code = exports_cli.main(["--root", str(case.root)])
        elif tool == "site":
            code = site_cli.main(["--root", str(case.root)])
        else:
            code = release_tool.main(["--root", str(case.root)])
        seen = list(events)
    seconds = time.monotonic() - started
    output = out.getvalue() + err.getvalue()
    assert "Traceback" not in output, output
    assert seconds < RUN_SECONDS, f"{tool} took {seconds:.1f} s"
    assert not [e for e, _ in seen if e.startswith("socket.")], f"{tool} touched the network: {seen}"
    assert case.sentinel not in output, f"{tool} printed a file from outside the package"
    outside = os.path.realpath(case.outside)
    touched = [p for e, a in seen if (p := _path(a)) and p.startswith(outside + os.sep)]
    assert not touched, f"{tool} opened files outside the package: {touched}"
    allowed = os.path.realpath(dist) if tool != "validate" else None
    writes = [(e, p) for e, a in seen if _is_write(e, a) and (p := _path(a)) and "__pycache__" not in p
              and not (allowed and (p == allowed or p.startswith(allowed + os.sep)))]
    assert not writes, f"{tool} wrote outside dist/: {writes}"
    assert digest(case.root) == before, f"{tool} changed the package"
    assert tree_digest(case.outside) == outside_before, f"{tool} changed files outside the package"
    case.outputs[tool] = output
    return code, output


def digest(root: Path) -> dict:
    """tree_digest without dist/ (the exports' output folder), links not followed."""
    return {key: value for key, value in tree_digest(root).items() if key != "dist" and not key.startswith("dist/")}


def refused_everywhere(case: Case, code: int, *phrases: str) -> None:
    """validate.py exits `code` naming every phrase; the exports and the release refuse (exit 1)
    and their messages carry the same phrases (the validator's report) without writing dist/."""
    for tool, expected in (("validate", code), ("exports", 1), ("release", 1)):
        exit_code, output = run_tool(case, tool)
        assert exit_code == expected, f"{tool} exited {exit_code}, expected {expected}:\n{output}"
        for phrase in phrases:
            assert phrase in output, f"{tool}: {phrase!r} not in\n{output}"
        if tool != "validate":
            assert not list((case.root / "dist").glob("*.zip")), f"{tool} wrote a bundle"


def link_outside(case: Case, relative: str) -> None:
    """Make `relative` (inside the copy) a symbolic link to the sentinel file outside."""
    path = case.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(case.secret)


def set_resource(case: Case, resource: str, **keys: object) -> int:
    """Add or change keys of one resource entry; its index in `resources`."""
    descriptor = json.loads((case.root / "datapackage.json").read_text(encoding="utf-8"))
    index = [r["name"] for r in descriptor["resources"]].index(resource)
    case.edit_descriptor(lambda d: d["resources"][index].update(keys))
    return index


# =========================================================================== 1. keys passed on to frictionless

def test_extrapaths_through_a_link_to_a_file_outside(case):
    link_outside(case, "docs/n.txt")
    index = set_resource(case, "speakers", extrapaths=["docs/n.txt"])
    refused_everywhere(case, 1, "[descriptor.resource-not-allowed]", "datapackage.json",
                       f"resources[{index}].extrapaths",
                       "is not used by this package")


def test_dialect_file_and_profile_url(case):
    link_outside(case, "docs/dialect.json")
    index = set_resource(case, "speakers", dialect="docs/dialect.json", profile="http://127.0.0.1:9/profile.json")
    refused_everywhere(case, 1, "[descriptor.resource-not-allowed]", "datapackage.json", f"resources[{index}].dialect",
                       f"resources[{index}].profile")


@pytest.mark.parametrize("key, value", [("scheme", "http"), ("compression", "zip"), ("innerpath", "x.csv"),
                                        ("data", [["id"], ["x"]]), ("$schema", "https://127.0.0.1:9/s.json")])
def test_other_resource_keys_frictionless_acts_on(case, key, value):
    index = set_resource(case, "speakers", **{key: value})
    code, output = run_tool(case, "validate")
    assert code == 1 and f"resources[{index}].{key}" in output and "datapackage.json" in output
    assert "[descriptor.resource-not-allowed]" in output


def test_package_profile_url_is_refused_unfetched(case):
    case.edit_descriptor(lambda d: d.update(profile="http://127.0.0.1:9/data-package.json"))
    code, output = run_tool(case, "validate")
    assert code == 1 and "[descriptor.package-not-allowed] datapackage.json key 'profile'" in output


def test_the_network_guard_refuses_a_connection():
    with guard.no_network(), socket.socket() as connection, \
            pytest.raises(guard.NetworkRefused, match="network access is disabled"):
        connection.connect(("127.0.0.1", 9))
    with guard.no_network(), pytest.raises(guard.NetworkRefused):
        socket.getaddrinfo("example.org", 80)
    assert guard.refused_attempts()[-2:] == ["socket.connect", "socket.getaddrinfo"]
    with socket.socket() as connection:   # outside the block the process may use the network again
        connection.settimeout(1)
        with pytest.raises(OSError) as refused:
            connection.connect(("127.0.0.1", 9))
        assert not isinstance(refused.value, guard.NetworkRefused)


# =========================================================================== 2. blocking I/O

def test_named_pipe_as_a_schema_and_as_extrapaths(case):
    (case.root / "schemas" / "speakers.json").unlink()
    os.mkfifo(case.root / "schemas" / "speakers.json")
    (case.root / "docs").mkdir(exist_ok=True)   # the copy holds the data package, not the docs
    os.mkfifo(case.root / "docs" / "pipe.txt")
    set_resource(case, "brands", extrapaths=["docs/pipe.txt"])
    refused_everywhere(case, 1, "[descriptor.schema-not-regular-file]", "schemas/speakers.json", "not a regular file",
                       "[descriptor.resource-not-allowed]", "docs/pipe.txt", "extrapaths")


def test_named_pipe_as_the_exclusions_file_and_a_licence(case):
    for relative in ("curation/coverage_exclusions.csv", "LICENSE-SOURCE.md"):
        (case.root / relative).unlink()
        os.mkfifo(case.root / relative)
    refused_everywhere(case, 1, "[coverage.exclusions-unreadable]",
                       "curation/coverage_exclusions.csv is not a regular file",
                       "[package-files.not-regular-file]", "LICENSE-SOURCE.md is not a regular file")


def test_a_blocked_open_ends_at_the_wall_clock_limit_with_one_line(tmp_path):
    """validate.py's own limits, with a 1 s real-time limit, on an open() that blocks forever."""
    os.mkfifo(tmp_path / "pipe")
    program = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(PACKAGE_ROOT)!r})
        from dataset_tools.validate import limits
        limits.WALL_CLOCK_SECONDS = 1
        limits.apply_resource_limits()
        open({str(tmp_path / 'pipe')!r}).read()
    """)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < RUN_SECONDS
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["validate.py stopped: the time limit of 1 s (wall clock) was reached "
                                        "(see docs/when-validation-fails.md)"]


# =========================================================================== 3. writes outside dist/

@pytest.mark.parametrize("name", ["../../x/pwned", "Speakers.v2"])
def test_resource_name_that_would_name_a_file_outside(case, name):
    index = set_resource(case, "speakers", name=name)
    refused_everywhere(case, 1, "[descriptor.resource-not-allowed]", "datapackage.json", f"resources[{index}].name",
                       "is not a safe name")
    assert not (case.root.parent / "x").exists()


def test_dist_linked_outside_is_refused_by_all_three(case):
    (case.root / "dist").symlink_to(case.outside, target_is_directory=True)
    code, output = run_tool(case, "validate")
    assert code == 1 and "[package-files.not-a-folder]" in output and "dist is a symbolic link" in output
    for tool in ("exports", "release", "site"):
        code, output = run_tool(case, tool)
        assert code == 1 and f"{case.root / 'dist'} is a symbolic link" in output, output
    assert sorted(p.name for p in case.outside.iterdir()) == ["secret.txt"]


def test_a_site_folder_linked_outside_is_never_followed(case):
    """`make site` replaces dist/site: a link there is refused, not emptied or written through."""
    (case.root / "dist").mkdir()
    (case.root / "dist" / "site").symlink_to(case.outside, target_is_directory=True)
    code, output = run_tool(case, "site")
    assert code == 1 and "site holds files the site did not write, or is a link" in output, output
    assert sorted(p.name for p in case.outside.iterdir()) == ["secret.txt"]


def test_a_link_inside_dist_is_never_followed(case):
    (case.root / "dist").mkdir()
    (case.root / "dist" / "parquet").symlink_to(case.outside, target_is_directory=True)
    for tool in ("exports", "release"):
        code, output = run_tool(case, tool)
        assert code == 1 and "holds files the exports did not write (or links): parquet" in output, output


# =========================================================================== 4. the release bundle

def test_links_to_files_outside_in_docs_and_licence(case):
    link_outside(case, "docs/n.txt")
    link_outside(case, "LICENSE-EXTRA.md")
    refused_everywhere(case, 1, "[package-files.not-regular-file]", "docs/n.txt is a symbolic link",
                       "LICENSE-EXTRA.md is a symbolic link")


@pytest.mark.parametrize("name, shown", [("evil\nname.md", "evil\\nname.md"), ("a\\b.md", "a\\b.md"),
                                         ("space name.md", "space name.md")])
def test_unsafe_member_names(case, name, shown):
    (case.root / "curation" / name).write_text("x", encoding="utf-8")
    refused_everywhere(case, 1, "[package-files.unsafe-name]", f"curation/{shown}", "has an unsafe file name")


def test_named_pipe_in_a_bundled_folder(case):
    os.mkfifo(case.root / "reference" / "pipe.csv")
    refused_everywhere(case, 1, "[package-files.not-regular-file]", "reference/pipe.csv is not a regular file")


# =========================================================================== 5. exit 0 on broken data

def test_comment_rows_cannot_hide_a_row(case):
    header, rows = hb.read_csv(case.root, SPEAKERS)
    hb.write_csv(case.root, SPEAKERS, header, [*rows, dict(rows[0], organization_id="no-such-org")])
    refresh_descriptor(case.root)
    index = set_resource(case, "speakers", dialect={"commentRows": [len(rows) + 2]})
    refused_everywhere(case, 1, "[descriptor.resource-not-allowed]", "datapackage.json",
                       f"resources[{index}].dialect.commentRows")


@pytest.mark.parametrize("key, value", [("headerRows", [2]), ("delimiter", ";")])
def test_dialect_options_that_change_what_is_read(case, key, value):
    index = set_resource(case, "speakers", dialect={key: value})
    code, output = run_tool(case, "validate")
    assert code == 1 and f"resources[{index}].dialect.{key}" in output and "[descriptor.resource-not-allowed]" in output


def test_a_dialect_restating_the_package_dialect_is_accepted(case):
    set_resource(case, "speakers", dialect={"delimiter": ",", "header": True})
    code, output = run_tool(case, "validate")
    assert code == 0, output


def numeric_cell(case: Case, kind: str) -> tuple[str, int, str]:
    """(file, row, column) of a filled cell of the first `kind` field of the first resource having one."""
    for entry in json.loads((case.root / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        schema = json.loads((case.root / entry["schema"]).read_text(encoding="utf-8"))
        _header, rows = hb.read_csv(case.root, entry["path"])
        for spec in schema["fields"]:
            filled = [i for i, row in enumerate(rows) if row[spec["name"]]] if spec["type"] == kind else []
            if filled:
                return entry["path"], filled[0], spec["name"]
    raise AssertionError(f"no {kind} cell")


@pytest.mark.parametrize("kind, value, rule", [("number", "1" + "0" * 400, "numbers-in-range.number-not-finite"),
                                               ("integer", "1" * 26, "numbers-in-range.integer-out-of-range")])
def test_numbers_too_large_to_store(case, kind, value, rule):
    relative, index, column = numeric_cell(case, kind)
    row = hb.set_cell(case.root, relative, index, column, value)
    refresh_descriptor(case.root)
    refused_everywhere(case, 1, "FAILED numbers-in-range", f"{relative} row {row}, column {column}", f"[{rule}]")


# =========================================================================== 6. injection in what people read

def test_escape_sequences_in_a_cell_are_shown_escaped(case):
    row = hb.set_cell(case.root, SPEAKERS, 0, "name_en", "\x1b[2J\x1b[HVALID: all good")
    refresh_descriptor(case.root)
    refused_everywhere(case, 1, f"{SPEAKERS} row {row}, column name_en", "[spreadsheet-safe.control-character]",
                       "\\x1b[2J")
    for output in case.outputs.values():
        assert "\x1b" not in output and not any(line.startswith("VALID") for line in output.splitlines())


def test_bidi_override_and_zero_width_characters_are_shown_escaped(case):
    _, rows = hb.read_csv(case.root, SPEAKERS)
    row = hb.set_cell(case.root, SPEAKERS, 0, "id", rows[0]["id"] + "\u202e\u200b")
    refresh_descriptor(case.root)
    refused_everywhere(case, 1, f"{SPEAKERS} row {row}", "\\u202e\\u200b")
    assert not any(ch in output for output in case.outputs.values() for ch in "\u202e\u200b")


@pytest.mark.parametrize("link", ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>"])
def test_licence_links_other_than_http(case, link):
    case.edit_descriptor(lambda d: d["licenses"][0].update(path=link))
    refused_everywhere(case, 1, "[descriptor.package-not-allowed] datapackage.json key 'licenses[0].path'",
                       "http:// or https://")


def test_datasette_metadata_never_links_other_than_http(case):
    from dataset_tools.publish.exports.datasette_metadata import build_metadata
    from dataset_tools.publish.exports.model import load_package

    package = load_package(case.root)
    package.descriptor["licenses"][0]["path"] = "javascript:alert(1)"
    assert "license_url" not in build_metadata(package, [package.name], {})


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "+1", "-1+2"])
def test_formula_text_is_refused_but_negative_numbers_are_not(cell):
    package = stand_in_package({"indicators": [{"id": "a", "note": cell, "value": "-5"}]})
    package.tables["indicators"].schema = {"fields": [{"name": "id"}, {"name": "note", "type": "string"},
                                                      {"name": "value", "type": "number"}]}
    problems = portable.spreadsheet_safe(package)
    assert [(p.code, p.file, p.row, p.column) for p in problems] == [
        ("spreadsheet-safe.formula-start", "resources/indicators.csv", 2, "note")]
    assert portable.numbers_in_range(package) == []


def test_formula_cell_in_the_package(case):
    row = hb.set_cell(case.root, SPEAKERS, 0, "note", "=HYPERLINK(\"http://example.org\",\"click\")")
    refresh_descriptor(case.root)
    refused_everywhere(case, 1, "FAILED spreadsheet-safe", f"{SPEAKERS} row {row}, column note",
                       "[spreadsheet-safe.formula-start]")


# =========================================================================== 7. inputs that take minutes

def test_coverage_is_linear_in_the_source_text(case):
    """A 5 MB text of lexical words took minutes when each match was compared with every word."""
    text = (case.root / hb.SOURCE).read_text(encoding="utf-8")
    (case.root / hb.SOURCE).write_text(text + ("进一步 一下 一些 " * 10_000 + "\n") * 20 + "第3批\n", encoding="utf-8")
    refused_everywhere(case, 1, "FAILED coverage", f"{hb.SOURCE} line {text.count(chr(10)) + 21}",
                       "[coverage.uncovered]")


def test_a_catastrophic_pattern_is_refused_within_its_time_budget(case, monkeypatch):
    monkeypatch.setattr(table_check, "PATTERN_SECONDS", 0.25)   # the budget is spent in full: keep it short
    case.edit_schema("speakers", lambda s: next(f for f in s["fields"] if f["name"] == "note")
                     ["constraints"].update(pattern="(a+)+b"))
    hb.set_cell(case.root, SPEAKERS, 0, "note", "a" * 40)
    refused_everywhere(case, 1, "FAILED table", "[table.slow-pattern]", f"{SPEAKERS} column note: constraints.pattern",
                       "backtracks catastrophically")


def test_thousands_of_resources_stop_at_once(case):
    count = len(json.loads((case.root / "datapackage.json").read_text(encoding="utf-8"))["resources"]) + 5000
    case.edit_descriptor(lambda d: d["resources"].extend(dict(d["resources"][0], name=f"r{i}") for i in range(5000)))
    refused_everywhere(case, 2, f"datapackage.json key 'resources' lists {count:,} resources, over the limit of 100")
    assert "[descriptor.too-many-resources]" in case.outputs["validate"]  # the release refuses before validating


def test_rows_over_the_total_limit_are_not_read(case, monkeypatch):
    from dataset_tools.validate import preflight

    monkeypatch.setattr(preflight, "MAX_TOTAL_ROWS", 100)
    result = preflight.preflight(case.root / "datapackage.json")
    over = [p for p in result.problems if p.code == "files.too-many-total-rows"]
    assert over and all(p.file is not None and p.file.startswith("resources/") for p in over)
    assert {p.file for p in over} <= {f"resources/{name}.csv" for name in result.unreadable}


# =========================================================================== 8. exports on valid packages

def test_lone_surrogate_in_the_descriptor(case):
    text = (case.root / "datapackage.json").read_text(encoding="utf-8")
    (case.root / "datapackage.json").write_text(text.replace('"title": "', '"title": "\\ud800', 1), encoding="utf-8")
    refused_everywhere(case, 2, "datapackage.json is not usable JSON", "title holds a lone surrogate")
    assert "[descriptor.invalid-json]" in case.outputs["validate"]


@pytest.mark.parametrize("name, key", [("gansu\n", "name"), ("1.0.0\n", "version")])
def test_package_name_or_version_ending_in_a_newline(case, name, key):
    """(The release names a version ending in a newline as not agreeing with CITATION.cff.)"""
    case.edit_descriptor(lambda d: d.update({key: name}))
    refused_everywhere(case, 1, "datapackage.json", f"{key}")
    assert f"[descriptor.package-not-allowed] datapackage.json key '{key}'" in case.outputs["validate"]


def test_a_quote_in_a_resource_name_cannot_reach_sql():
    import sqlite3

    from dataset_tools.publish.exports.views import sql_name, sql_text
    connection = sqlite3.connect(":memory:")
    name = "x\"; DROP TABLE t; --'"
    connection.execute(f"CREATE TABLE {sql_name(name)} (id)")
    assert connection.execute(f"SELECT {sql_text(name)} FROM {sql_name(name)}").fetchall() == []


def test_foreign_keys_forming_a_cycle_between_tables(case):
    """sqlite-utils needs each referenced table first: a cycle made the SQLite export fail."""
    case.edit_schema("regions", lambda s: s["foreignKeys"].append(
        {"fields": "id", "reference": {"resource": "brands", "fields": "id"}}))
    refused_everywhere(case, 1, "[descriptor.foreign-key-cycle]", "key 'foreignKeys': foreign keys form a cycle",
                       "brands", "regions")


def test_the_untouched_copy_is_valid_and_exported_and_released(case):
    for tool in ("validate", "exports", "release"):
        code, output = run_tool(case, tool)
        assert code == 0, f"{tool}:\n{output}"
    assert (case.root / "dist" / "SHA256SUMS").is_file() and list((case.root / "dist").glob("*.zip"))


# =========================================================================== 9. JSON laxness

def test_duplicate_key_in_the_descriptor(case):
    text = (case.root / "datapackage.json").read_text(encoding="utf-8")
    (case.root / "datapackage.json").write_text(text.replace('"name": ', '"name": "other", "name": ', 1),
                                                encoding="utf-8")
    refused_everywhere(case, 2, "datapackage.json is not usable JSON: the key 'name' appears twice")
    assert "[descriptor.invalid-json]" in case.outputs["validate"]


@pytest.mark.parametrize("value, phrase", [("NaN", "NaN is not a JSON number"),
                                           ("1e400", "the number 1e400 is too large for a 64-bit float")])
def test_nan_and_overflow_in_the_descriptor(case, value, phrase):
    text = (case.root / "datapackage.json").read_text(encoding="utf-8")
    (case.root / "datapackage.json").write_text(re.sub(r'"bytes": \d+', f'"bytes": {value}', text, count=1),
                                                encoding="utf-8")
    refused_everywhere(case, 2, f"datapackage.json is not usable JSON: {phrase}")
    assert "[descriptor.invalid-json]" in case.outputs["validate"]


def test_duplicate_key_in_a_schema(case):
    path = case.root / "schemas" / "speakers.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"fields": ', '"primaryKey": [], "fields": ', 1),
                    encoding="utf-8")
    refused_everywhere(case, 1, "[descriptor.schema-invalid-json]",
                       "schemas/speakers.json is not usable JSON: the key 'primaryKey' appears twice")


def test_strict_json_on_its_own():
    for text, phrase in [('{"a": 1, "a": 2}', "twice"), ('[Infinity]', "Infinity"), ('[-1e999]', "too large"),
                         ('{"x": ["\\udfff"]}', "x[0] holds a lone surrogate")]:
        with pytest.raises(jsonio.StrictJSONError, match=re.escape(phrase)):
            jsonio.loads(text)
    assert jsonio.loads('{"a": [1, 2.5, "\\ud83d\\ude00"]}') == {"a": [1, 2.5, "😀"]}


# =========================================================================== the command lines

def test_validate_py_installs_the_network_guard(tmp_path):
    """validate.py as a user runs it: after a run, a connection attempt in the process is refused."""
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import atexit, socket
        def probe():
            try:
                socket.create_connection(("127.0.0.1", 9), timeout=1)
                result = "connected"
            except PermissionError as error:
                result = "refused: " + str(error)
            except OSError as error:
                result = "not refused: " + str(error)
            open({str(tmp_path / 'probe.txt')!r}, "w").write(result)
        atexit.register(probe)
    """), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, str(PACKAGE_ROOT / "validate.py"), "--list-checks"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "probe.txt").read_text().startswith("refused: network access is disabled")


def test_the_limits_in_docs_security_md_are_the_code_s():
    from dataset_tools.validate import security_doc

    text = (PACKAGE_ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert security_doc.render(text) == text, "docs/security.md is stale: run `make dictionary`"
    from dataset_tools.validate.limits import MAX_ROWS, WALL_CLOCK_SECONDS
    assert f"| rows of one data file | {MAX_ROWS:,} |" in text and f"| {WALL_CLOCK_SECONDS} s |" in text


def test_the_readme_links_the_security_model():
    readme = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/security.md)" in readme.split("<!-- BEGIN CHECKS -->")[0]
