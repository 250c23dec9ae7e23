"""Shared fixtures: a throw-away copy of the package, validation in process (the checks) and as a
user runs it (the command line), and the exports built once per test session.

Tests run in this process: checks on loaded packages (`validate_in_process`), the tools through
their `main()` with captured output. A new process is started only where the process itself is
the subject, deliberately:

- tests/test_cli.py: validate.py's command line (exit codes, stdout/stderr, options, from
  another folder, nothing written);
- tests/test_hostile_inputs.py::test_two_runs_at_once: two validate.py processes at once;
- tests/test_hostile_packages.py: the no-network guard of a real validate.py start and the
  wall-clock limit (which ends its process);
- tests/test_setup.py: a missing dependency or the wrong Python (exit 2 before any import);
- tests/test_schemas.py::test_frictionless_cli_reports_no_error_and_no_warning: users' own
  `frictionless validate`;
- `built_exports` below: the exports' command line, once per session;
- tests/test_exports.py: Datasette, served as `make browse` serves it;
- tests/test_gitattributes.py (git) and tests/test_site_browser.py (a headless browser).

The `table` and `profile` checks remember what frictionless and jsonschema found by content, so
the hundreds of copies validated here (each changed in one file) cost one fresh run of the file
that changed.

The tests run in several worker processes at once (pytest-xdist, `addopts` in pyproject.toml):
each worker has its own temporary folders and its own session fixtures. The test files that
share an expensive fixture are sent to one worker together (SHARED below); every other test is
sent on its own to whichever worker is free. `-n 0` runs everything in this process.
"""
from __future__ import annotations

import gc
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
SHM_NEEDED = 2 * 1024 ** 3   # bytes free in /dev/shm for the copies, exports and site of one run
IGNORED = shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", ".pytest_cache", ".mypy_cache",
                                 ".ruff_cache")   # tool caches: `make lint` leaves 20 MB in .mypy_cache


SHARED = {
    "tests/test_exports.py": "exports",      # `built_exports`, built once per worker that needs it
    "tests/test_loading.py": "exports",
    "tests/test_site_browser.py": "browser",  # the site and the browser (module fixtures)
    "tests/test_schemas.py": "schemas",      # the broken copies, validated once (module fixture)
}
"""Test file -> the name of the unit of work its tests are sent in, to one worker (pytest-xdist)."""


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """xdist's scheduler that sends a unit of work to the next free worker (the largest units
    first), the tests of one SHARED group being one unit and every other test a unit of its own.
    (xdist's own `--dist loadgroup` marks do not reach pytest 9's node ids.)"""
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return SHARED.get(nodeid.split("::", 1)[0], nodeid)

    return SharedFixtureScheduling(config, log)


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders in memory (/dev/shm) where the system has it: the tests write hundreds
    of package copies and SQLite files, and a disk makes each SQLite commit wait for a sync.
    An explicit --basetemp or PYTEST_DEBUG_TEMPROOT is respected; a passing test's folder is
    removed when it ends (tmp_path_retention_policy in pyproject.toml), so memory stays small.
    A small /dev/shm (containers often give it 64 MiB) is not used: the disk is slower, not full."""
    shm = Path("/dev/shm")
    if (config.option.basetemp is None and "PYTEST_DEBUG_TEMPROOT" not in os.environ and shm.is_dir()
            and os.access(shm, os.W_OK | os.X_OK) and shutil.disk_usage(shm).free >= SHM_NEEDED):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(shm)


TOOL_FOLDERS = ("dataset_tools", "docs", "tests", "scripts", ".ci")
"""Folders of the repository that validating, exporting and releasing a package copy never read (the release
bundles the optional ones when present): a copy without them is the data package a user validates."""


def copy_package(destination: Path, *, tools: bool = False) -> Path:
    """Copy the package to `destination` and return it: its data, schemas, sources, curation and top-level files,
    and with `tools` also the code, docs and tests (for a test that runs the copy's own tools or docs)."""
    skipped = set() if tools else set(TOOL_FOLDERS)

    def ignore(folder: str, names: list[str]) -> set[str]:
        return IGNORED(folder, names) | (skipped.intersection(names) if Path(folder) == PACKAGE_ROOT else set())
    shutil.copytree(PACKAGE_ROOT, destination, symlinks=True, ignore=ignore)
    return destination


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A fresh copy of the data package in a temporary folder, to break in one way."""
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


def validate_in_process(target: Path | str, checks: list[str] | None = None) -> dict:
    """The report dict of validating `target` (a package folder or its datapackage.json) in this
    process, with every check or only `checks`: what `validate.py --json` prints, without the
    cost of a new interpreter and of importing frictionless again."""
    from dataset_tools.validate import cli
    from dataset_tools.validate.report import CHECKS

    try:
        return cli.validate(cli.descriptor_path_of(str(target)), list(checks or CHECKS))
    finally:
        gc.unfreeze()  # cli.validate freezes the loaded rows for the rest of a validate.py run


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


@pytest.fixture(scope="session")
def built_exports(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A copy of the package with its exports built in copy/dist, once per test session (by the
    exports' command line, as a user runs it). Tests read it; none may write into it."""
    import json

    root = copy_package(tmp_path_factory.mktemp("exports") / "package", tools=True)
    done = subprocess.run([sys.executable, "-m", "dataset_tools.publish.exports", "--root", str(root), "--dist",
                           str(root / "dist")], cwd=root, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    if done.returncode != 0:
        pytest.fail(f"exports refused or failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    stem = f"{descriptor['name']}-{descriptor['version']}"
    return SimpleNamespace(root=root, dist=root / "dist", descriptor=descriptor, name=descriptor["name"], stem=stem,
                           sqlite=root / "dist" / f"{stem}.sqlite", xlsx=root / "dist" / f"{stem}.xlsx",
                           metadata=root / "dist" / "metadata.json")


@pytest.fixture
def repository_copy(tmp_path: Path) -> Path:
    """A fresh copy of the whole repository (the package with its code, docs and tests), for the tools that read
    or write the docs."""
    return copy_package(tmp_path / "package", tools=True)
