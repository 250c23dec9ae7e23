"""The validation report: one dict (`build_report`) shown for people (`to_text`) or as JSON.

The JSON keys are documented in docs/validation.md and are stable: add keys, never rename.
Text output caps the problems printed per check (SHOWN_PER_CHECK); JSON lists every problem.
"""
from __future__ import annotations

import json
import unicodedata

from dataset_tools.guard import visible
from dataset_tools.validate.report import CheckResult, Problem

REPORT_FORMAT = 1
SHOWN_PER_CHECK = 20
VALUE_WIDTH = 160
EXIT = {"valid": 0, "invalid": 1, "unreadable": 2}


def group(name: str, kind: str, rule: str, problems: list[Problem], skipped: str | None = None,
          seconds: float | None = None) -> dict:
    """One entry of the report's `checks` list."""
    status = "skipped" if skipped else ("failed" if problems else "passed")
    return {"name": name, "kind": kind, "rule": rule, "status": status, "skipped": skipped,
            "seconds": None if seconds is None else round(seconds, 4),
            "problem_count": len(problems), "rows": rows_touched(problems),
            "problems": [problem.to_dict() for problem in problems]}


def rows_touched(problems: list) -> int:
    """How many distinct (file, row) places the problems name (problems without a row count once each)."""
    places = set()
    for index, problem in enumerate(problems):
        item = problem if isinstance(problem, dict) else problem.to_dict()
        places.add((item["file"], item["row"]) if item["row"] is not None else (item["file"], None, index))
    return len(places)


def preflight_groups(problems: list[Problem]) -> list[dict]:
    """Problems found before the checks ran (preflight's `descriptor` and `files`), one group each."""
    rules = {"descriptor": "datapackage.json can be read, and each resource entry names a CSV file inside the "
                           "package with its schema, format csv and encoding utf-8.",
             "files": "Every data file can be read safely: inside the package, UTF-8 without BOM, LF, "
                      "within size limits."}
    names = list(dict.fromkeys(problem.check for problem in problems))
    return [group(name, "preflight", rules.get(name, ""), [p for p in problems if p.check == name])
            for name in names]


def check_groups(results: list[CheckResult], seconds: dict[str, float]) -> list[dict]:
    """The registered checks that ran, in registration order."""
    return [group(r.name, "check", r.rule, r.problems, r.skipped, seconds.get(r.name)) for r in results]


def build_report(descriptor_path: str, groups: list[dict], fatal: bool, timings: dict | None = None) -> dict:
    """The whole report: status, exit code, summary, timings and every group with its problems."""
    problems = sum(g["problem_count"] for g in groups)
    failed = [g for g in groups if g["status"] == "failed"]
    skipped = [g for g in groups if g["status"] == "skipped"]
    checks_run = [g for g in groups if g["kind"] == "check"]
    status = "unreadable" if fatal else ("invalid" if problems or skipped else "valid")
    return {"report_format": REPORT_FORMAT, "package": descriptor_path, "status": status,
            "valid": status == "valid", "exit_code": EXIT[status],
            "summary": {"checks": len(checks_run), "checks_failed": len(failed),
                        "checks_skipped": len(skipped), "problems": problems,
                        "rows": rows_touched([p for g in groups for p in g["problems"]])},
            "timings": {key: round(value, 4) for key, value in (timings or {}).items()},
            "checks": groups}


def to_json(report: dict, ascii_only: bool = False) -> str:
    """The report as JSON (every problem, no cap); invisible characters are written as \\u escapes."""
    text = json.dumps(report, ensure_ascii=ascii_only, indent=2) + "\n"
    return text if text.isascii() else "".join(map(_json_visible, text))


def _json_visible(character: str) -> str:
    """A character of JSON text, or its \\u escape when a terminal would not show it (format
    characters such as bidirectional overrides, C1 controls, line separators)."""
    code = ord(character)
    if code < 0x7f or (code > 0x9f and unicodedata.category(character) not in ("Cf", "Zl", "Zp")):
        return character
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def headline(report: dict) -> str:
    """The first line: in plain words, whether the package is valid, breaks rules, or is unreadable."""
    s = report["summary"]
    if report["status"] == "valid":
        return f"VALID: the package follows every rule checked ({plural(s['checks'], 'check')} passed)."
    if report["status"] == "unreadable":
        return "UNREADABLE: the package could not be read, so no rule was checked (reason below)."
    return (f"INVALID: the package breaks rules: {plural(s['checks_failed'], 'check')} failed with "
            f"{plural(s['problems'], 'problem')}" + (f", {s['checks_skipped']} skipped" if s["checks_skipped"] else "")
            + " (details below).")


def summary_line(report: dict) -> str:
    """The last line: '14 checks, 0 problems' or '2 checks failed, 5 problems'."""
    s = report["summary"]
    if report["status"] == "valid":
        return f"{plural(s['checks'], 'check')}, 0 problems"
    if report["status"] == "unreadable":
        return f"0 checks run, {plural(s['problems'], 'problem')}"
    failed = f"{plural(s['checks_failed'], 'check')} failed"
    skipped = f", {s['checks_skipped']} skipped" if s["checks_skipped"] else ""
    return f"{failed}{skipped}, {plural(s['problems'], 'problem')}"


def shorten(value: object) -> str:
    """A value as shown in text: newlines and every invisible character visible, long values cut."""
    text = str(value)
    shown = repr(text) if "\n" in text or text != text.strip() or not text else text
    return visible(shown if len(shown) <= VALUE_WIDTH else shown[:VALUE_WIDTH - 1] + "…")


def location(problem: dict) -> str:
    """'resources/x.csv row 12 (line 14), column quote, id ind-foo' (the parts that are known)."""
    parts = [problem["file"] or ""]
    if problem["row"] is not None:
        parts[0] += f" row {problem['row']}"
    if problem.get("line") is not None:
        parts[0] += f" (line {problem['line']})" if problem["row"] is not None else f" line {problem['line']}"
    if problem["column"]:
        parts.append(f"column {problem['column']}")
    if problem["row_id"]:
        parts.append(f"id {problem['row_id']}")
    return ", ".join(part for part in parts if part)


def problem_lines(problem: dict) -> list[str]:
    """A problem as 1-3 indented lines: where, [rule code] and what, then found / expected.

    Control and format characters (escape sequences, bidirectional overrides, zero-width
    characters, line breaks) are shown as escapes (\\x1b, \\u202e), so no text from the package
    can move the cursor, reorder what is shown or start a line of its own.
    """
    problem = {key: visible(value) if isinstance(value, str) and key not in ("found", "expected") else value
               for key, value in problem.items()}
    where, message = location(problem), f"[{problem['code']}] {problem['message']}"
    first = message if not where or problem["message"].startswith(problem["file"] or "\0") else f"{where}: {message}"
    lines = [f"  - {first}"]
    if problem["found"] is not None:
        lines.append(f"      found:    {shorten(problem['found'])}")
    if problem["expected"] is not None:
        lines.append(f"      expected: {shorten(problem['expected'])}")
    return lines


def group_lines(entry: dict) -> list[str]:
    """A failed or skipped group: heading with its rule, then at most SHOWN_PER_CHECK problems."""
    if entry["status"] == "skipped":
        return [f"SKIPPED {entry['name']}: {visible(entry['skipped'])}", ""]
    lines = [f"FAILED {entry['name']} ({plural(entry['problem_count'], 'problem')})"]
    if entry["rule"]:
        lines.append(f"  rule: {entry['rule']}")
    for problem in entry["problems"][:SHOWN_PER_CHECK]:
        lines.extend(problem_lines(problem))
    rest = entry["problems"][SHOWN_PER_CHECK:]
    if rest:
        rows = len({(p["file"], p["row"]) for p in rest if p["row"] is not None})
        where = f" in {plural(rows, 'row')}" if rows else ""
        lines.append(f"  … and {len(rest)} more {'problem' if len(rest) == 1 else 'problems'} of this check{where}"
                     " (--json lists them all)")
    return [*lines, ""]


def to_text(report: dict) -> str:
    """The report for people: headline, failed groups with problems, passed checks, summary."""
    lines = [headline(report), f"package: {visible(report['package'])}", ""]
    for entry in report["checks"]:
        if entry["status"] != "passed":
            lines.extend(group_lines(entry))
    passed = [entry["name"] for entry in report["checks"] if entry["status"] == "passed"]
    if passed:
        lines.extend([f"passed: {', '.join(passed)}", ""])
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
