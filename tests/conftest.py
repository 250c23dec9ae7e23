"""Shared fixtures: a throw-away copy of the package, and running validate.py as a user does."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", ".pytest_cache")


def copy_package(destination: Path) -> Path:
    """Copy the package (data, schemas, sources, tools) to `destination` and return it."""
    shutil.copytree(PACKAGE_ROOT, destination, ignore=IGNORED, symlinks=True)
    return destination


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A fresh copy of the whole package in a temporary folder, to break in one way."""
    return copy_package(tmp_path / "package")


def run_validate(target: Path | str | None = None, *args: str, cwd: Path | None = None,
                 timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python validate.py [target] [args]` (the package's own script) and capture its output."""
    command = [sys.executable, str(PACKAGE_ROOT / "validate.py")]
    if target is not None:
        command.append(str(target))
    command.extend(args)
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd or PACKAGE_ROOT,
                          timeout=timeout)


def tree_digest(root: Path) -> dict[str, str]:
    """Path -> sha256 (or link target) of everything under root: to prove nothing was written."""
    digest = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            digest[key] = "link:" + str(path.readlink())
        elif path.is_file():
            digest[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            digest[key] = "dir"
    return digest
