"""No Git setting changes the bytes of the package: a clone made with core.autocrlf=true (Git for
Windows' default) holds every committed file byte for byte, and it validates."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dataset_tools.validate.cli import EXIT_VALID, validate
from dataset_tools.validate.report import CHECKS
from tests.conftest import PACKAGE_ROOT


def git(*args: str, cwd: Path = PACKAGE_ROOT, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text, timeout=300)


def committed_head() -> str:
    """The commit of the checkout the tests run in; skip when there is none."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    inside = git("rev-parse", "--show-toplevel")
    if inside.returncode != 0 or Path(inside.stdout.strip()).resolve() != PACKAGE_ROOT.resolve():
        pytest.skip("the package is not a git checkout")
    return git("rev-parse", "HEAD").stdout.strip()


def committed_files(clone: Path) -> dict[str, bytes]:
    """path -> bytes of every regular file of HEAD, read from the object store (never from a work tree)."""
    listing = git("ls-tree", "-r", "-z", "HEAD", cwd=clone).stdout
    entries = [line.split("\t", 1) for line in listing.split("\0") if line]
    blobs = {path: meta.split()[2] for meta, path in entries if meta.split()[0] in ("100644", "100755")}
    batch = subprocess.run(["git", "cat-file", "--batch"], cwd=clone, input="\n".join(blobs.values()).encode() + b"\n",
                           capture_output=True, timeout=300).stdout
    contents, position = {}, 0
    for path in blobs:
        header_end = batch.index(b"\n", position)
        size = int(batch[position:header_end].split()[2])
        contents[path] = batch[header_end + 1:header_end + 1 + size]
        position = header_end + 1 + size + 1
    return contents


@pytest.fixture(scope="module")
def autocrlf_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the current commit checked out with core.autocrlf=true."""
    head = committed_head()
    clone = tmp_path_factory.mktemp("autocrlf") / "package"
    done = git("-c", "core.autocrlf=true", "clone", "--quiet", "--no-checkout", str(PACKAGE_ROOT), str(clone))
    assert done.returncode == 0, done.stderr
    done = git("-c", "core.autocrlf=true", "checkout", "--quiet", head, cwd=clone)
    assert done.returncode == 0, done.stderr
    return clone


def test_a_clone_with_autocrlf_holds_every_file_byte_for_byte(autocrlf_clone):
    committed = committed_files(autocrlf_clone)
    assert "datapackage.json" in committed and any(path.startswith("sources/") for path in committed)
    changed = [path for path, data in committed.items() if (autocrlf_clone / path).read_bytes() != data]
    assert changed == [], f"Git changed the bytes of {changed[:10]} on checkout: see .gitattributes"


def test_a_clone_with_autocrlf_validates(autocrlf_clone):
    report = validate(autocrlf_clone / "datapackage.json", list(CHECKS))
    problems = [problem for group in report["checks"] for problem in group.get("problems", [])]
    assert report["exit_code"] == EXIT_VALID, problems[:5]
