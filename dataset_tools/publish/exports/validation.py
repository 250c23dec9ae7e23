"""The gate in front of every export: build only from a package that validates.

The package's own validator (`validate.py` beside datapackage.json) is run in a subprocess, as a
user runs it; it exits 0 only when every check passes. A package without validate.py (an older
layout) falls back to frictionless validation alone (types, constraints, primary and foreign
keys), and says so.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

VALIDATE_TIMEOUT = 600  # seconds; the real package validates in a few seconds
SHOWN_ERRORS = 20


@dataclass
class Outcome:
    """Whether the package validates, which validator said so, and its report for the user."""

    valid: bool
    validator: str
    report: str


def run_validate_script(root: Path) -> Outcome:
    """Run `python validate.py ROOT` and keep its report (stdout and stderr)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # validation never writes into the package
    try:
        done = subprocess.run([sys.executable, str(root / "validate.py"), str(root)], cwd=root, env=env,
                              capture_output=True, text=True, timeout=VALIDATE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Outcome(False, "validate.py", f"validate.py did not finish within {VALIDATE_TIMEOUT} s")
    report = (done.stdout + done.stderr).strip()
    return Outcome(done.returncode == 0, "validate.py", report or f"validate.py exited with {done.returncode}")


def run_frictionless(root: Path) -> Outcome:
    """Validate datapackage.json with frictionless alone; list the first errors."""
    from frictionless import validate

    report = validate(str(root / "datapackage.json"))
    lines = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    lines = [f"package: {error.message}" for error in report.errors] + lines
    shown = lines[:SHOWN_ERRORS] + ([f"... and {len(lines) - SHOWN_ERRORS} more"] if len(lines) > SHOWN_ERRORS else [])
    text = "\n".join(shown) if shown else "frictionless: valid"
    return Outcome(report.valid, "frictionless (validate.py not found)", text)


def validate_package(root: Path) -> Outcome:
    """Validate the package under `root` with validate.py, or frictionless when it is absent."""
    root = Path(root).resolve()
    if (root / "validate.py").is_file():
        return run_validate_script(root)
    return run_frictionless(root)
