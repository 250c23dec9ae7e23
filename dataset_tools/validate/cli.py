"""validate.py's command line: read the package, run the checks, print the report, exit 0/1/2.

    python validate.py [PATH] [--json] [--check NAME ...] [--list-checks]

PATH is a datapackage.json or the folder holding it (default: the package beside validate.py).
Exit codes: 0 valid, 1 rules broken, 2 unreadable (also for a wrong command line).
Validation is read-only: nothing is written into the package, and no traceback reaches the user.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from dataset_tools import PACKAGE_ROOT
from dataset_tools.validate import checks, preflight, render  # noqa: F401  (importing `checks` registers every check)
from dataset_tools.validate.report import CHECKS, CheckResult, CheckSkipped, problem, rule_of

if TYPE_CHECKING:
    from dataset_tools.model import Package

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2




def run_check(name: str, package: Package) -> CheckResult:
    """Run one check; an exception inside it becomes a problem of that check, never a traceback."""
    function = CHECKS[name]
    result = CheckResult(name, rule_of(function))
    try:
        result.problems = list(function(package))
    except CheckSkipped as reason:
        result.skipped = str(reason)
    except MemoryError:  # a process limit, not a rule: main() stops with exit 2
        raise
    except RecursionError:
        result.problems = [problem(f"{name}.internal-error",
                                   f"internal error in check {name}: input nested too deeply")]
    except Exception as error:  # a bug or an input the check did not foresee
        result.problems = [problem(f"{name}.internal-error",
                                   f"internal error in check {name}: {type(error).__name__}: {error}")]
    return result


def descriptor_path_of(target: str | None) -> Path:
    """The datapackage.json a PATH argument names (a folder means the descriptor inside it)."""
    path = Path(target) if target else PACKAGE_ROOT
    return path / "datapackage.json" if path.is_dir() else path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="validate.py", description="Validate the data package: provenance, values and consistency.",
        epilog="Exit codes: 0 valid, 1 rules broken, 2 the package (or the command line) could not be read. "
               "See docs/validation.md.")
    parser.add_argument("path", nargs="?", help="datapackage.json or its folder (default: this package)")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON (no cap on problems)")
    parser.add_argument("--check", action="append", metavar="NAME", help="run only this check (repeatable)")
    parser.add_argument("--list-checks", action="store_true", help="list the checks and their rules, then exit")
    return parser.parse_args(argv)


def list_checks() -> str:
    width = max(map(len, CHECKS), default=0)
    return "".join(f"{name.ljust(width)}  {rule_of(function)}\n" for name, function in CHECKS.items())


def validate(descriptor_path: Path, names: list[str]) -> dict:
    """Preflight, load, run the checks; the report dict (with the seconds each stage took)."""
    from dataset_tools.model import load_package

    clock = time.perf_counter
    started = clock()
    pre = preflight.preflight(descriptor_path)
    timings = {"preflight": clock() - started}
    if pre.fatal:
        return render.build_report(str(descriptor_path), render.preflight_groups(list(pre.problems)), True, timings)
    gc.disable()  # loading makes no reference cycles; collecting during it only costs time
    try:
        package = load_package(descriptor_path, pre)
    finally:
        gc.freeze()  # the loaded rows live to the end: keep later collections from walking them
        gc.enable()
    timings["load"] = clock() - started - timings["preflight"]
    results, seconds = [], {}
    for name in names:
        begun = clock()
        results.append(run_check(name, package))
        seconds[name] = clock() - begun
    timings["checks"] = sum(seconds.values())
    timings["total"] = clock() - started
    groups = render.preflight_groups(list(pre.problems) + package.problems)
    return render.build_report(str(descriptor_path), groups + render.check_groups(results, seconds), False, timings)


def emit(text: str) -> None:
    """Write to stdout; characters the terminal cannot encode are escaped, not fatal."""
    with contextlib.suppress(AttributeError, ValueError):
        cast(io.TextIOWrapper, sys.stdout).reconfigure(errors="backslashreplace")   # AttributeError when it is not
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `| head`) went away: the exit code still tells
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run(argv: list[str] | None = None) -> int:
    """Parse the command line, validate, print the report; the exit code.

    The process limits (limits.apply_resource_limits) are set by the entry point, validate.py,
    so that calling this in-process (tests, exports) does not cap the caller.
    """
    args = parse_args(argv)
    if args.list_checks:
        emit(list_checks())
        return EXIT_VALID
    unknown = [name for name in args.check or [] if name not in CHECKS]
    if unknown:
        sys.stderr.write(f"validate.py: unknown check(s) {', '.join(unknown)}; "
                         f"known: {', '.join(CHECKS)}\n")
        return EXIT_UNREADABLE
    names = list(dict.fromkeys(args.check)) if args.check else list(CHECKS)
    report = validate(descriptor_path_of(args.path), names)
    ascii_only = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") != "utf8"
    emit(render.to_json(report, ascii_only) if args.json else render.to_text(report))
    return report["exit_code"]


def main(argv: list[str] | None = None) -> int:
    """validate.py's entry point: run() with a last line of defence, so no traceback is ever shown."""
    try:
        return run(argv)
    except KeyboardInterrupt:
        sys.stderr.write("validate.py: interrupted\n")
        return 130
    except SystemExit:
        raise
    except MemoryError:
        from dataset_tools.validate.limits import MEMORY_LIMIT_BYTES
        sys.stderr.write(f"validate.py stopped: the memory limit of {MEMORY_LIMIT_BYTES // 2**20} MiB "
                         "was reached; the package is too large to validate within the documented limits\n")
        return EXIT_UNREADABLE
    except BaseException as error:  # the user must never see a traceback
        sys.stderr.write(f"validate.py could not finish: internal error {type(error).__name__}: {error}\n")
        return EXIT_UNREADABLE
