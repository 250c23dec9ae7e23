"""Set-up: what validation needs is declared once, locked by a tool, and checked before it runs.

A missing dependency or a Python that is too old is a set-up error: validate.py exits 2 and says
how to fix it, and never reports the package INVALID.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from dataset_tools.validate.setup import RUNTIME_MODULES
from tests.conftest import PACKAGE_ROOT

LOCKS = PACKAGE_ROOT / "requirements"


def project() -> dict:
    return tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def name_of(requirement: str) -> str:
    """The normalised distribution name of a PEP 508 requirement ("PyYAML>=6" -> "pyyaml")."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def pins(lock: str) -> dict[str, str]:
    """name -> version of every pin of requirements/<lock>.txt."""
    text = (LOCKS / f"{lock}.txt").read_text(encoding="utf-8")
    return {name_of(name): version for name, version in re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", text, re.M)}


def run_with(tmp_path: Path, sitecustomize: str, *args: str) -> subprocess.CompletedProcess:
    """Run this Python with a sitecustomize module (set through PYTHONPATH) that changes the interpreter."""
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent(sitecustomize), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=PACKAGE_ROOT)


BLOCK_FRICTIONLESS = """
    import sys

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] == "frictionless":
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Block())
"""


def test_a_missing_dependency_exits_2_with_the_command_that_fixes_it(tmp_path):
    blocked = run_with(tmp_path, BLOCK_FRICTIONLESS, "-c", "import frictionless")
    assert blocked.returncode != 0, "the test's import blocker does not work"
    done = run_with(tmp_path, BLOCK_FRICTIONLESS, str(PACKAGE_ROOT / "validate.py"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "frictionless is not installed" in done.stderr
    assert "make validate" in done.stderr and "requirements/runtime.txt" in done.stderr
    assert "INVALID" not in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_a_python_older_than_3_11_exits_2_and_says_which_is_needed(tmp_path):
    done = run_with(tmp_path, "import sys\nsys.version_info = (3, 10, 13, 'final', 0)\n",
                    str(PACKAGE_ROOT / "validate.py"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "needs Python 3.11 or newer; this is Python 3.10" in done.stderr
    assert "INVALID" not in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_validate_py_checks_exactly_the_declared_runtime_dependencies():
    assert set(RUNTIME_MODULES) == {name_of(r) for r in project()["dependencies"]}


@pytest.mark.parametrize("lock, extras", [("runtime", ()), ("publish", ("publish",)),
                                          ("dev", ("publish", "dev"))])
def test_each_lock_pins_what_pyproject_declares(lock, extras):
    declared = [*project()["dependencies"], *(r for extra in extras for r in project()["optional-dependencies"][extra])]
    pinned = pins(lock)
    assert {name_of(r) for r in declared} <= set(pinned), f"requirements/{lock}.txt is stale: run `make lock`"
    header = (LOCKS / f"{lock}.txt").read_text(encoding="utf-8")[:600]
    assert "pip-compile" in header and "pyproject.toml" in header, "the lock says how it was made"


def test_the_larger_locks_agree_with_the_runtime_lock():
    runtime = pins("runtime")
    for lock in ("publish", "dev"):
        other = pins(lock)
        assert {name: other.get(name) for name in runtime} == runtime, f"requirements/{lock}.txt"
