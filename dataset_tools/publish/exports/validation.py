"""The gate in front of every export: build only from a package that validates.

The validator of these tools (`validate.py` beside `dataset_tools/`, not a validate.py that the
package to export may carry) is run on the package in a subprocess, as a user runs it, with its
own limits on memory, CPU and time and its network guard; it exits 0 only when every check
passes. `--root` may therefore name a copy nobody has reviewed: none of its code is run.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from dataset_tools import PACKAGE_ROOT

VALIDATE_TIMEOUT = 600  # seconds; the real package validates in a few seconds
VALIDATOR = PACKAGE_ROOT / "validate.py"


@dataclass
class Outcome:
    """Whether the package validates, which validator said so, and its report for the user."""

    valid: bool
    validator: str
    report: str


def run_validate_script(root: Path) -> Outcome:
    """Run `python <tools>/validate.py ROOT` and keep its report (stdout and stderr)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # validation never writes into the package
    try:
        done = subprocess.run([sys.executable, str(VALIDATOR), str(root)], cwd=root, env=env,
                              capture_output=True, text=True, errors="backslashreplace", timeout=VALIDATE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Outcome(False, "validate.py", f"validate.py did not finish within {VALIDATE_TIMEOUT} s")
    except OSError as error:
        return Outcome(False, "validate.py", f"validate.py could not be started: {error}")
    report = (done.stdout + done.stderr).strip()
    return Outcome(done.returncode == 0, "validate.py", report or f"validate.py exited with {done.returncode}")


def validate_package(root: Path) -> Outcome:
    """Validate the package under `root` with the tools' own validate.py."""
    return run_validate_script(Path(root).resolve())
