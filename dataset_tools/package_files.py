"""The files of the package that the release bundles, and why any of them cannot be bundled.

Shared by the release (which refuses to build the zip) and validate.py's `package-files` check
(which refuses the package), so that a package validate.py calls valid is one the release can
bundle. A file is bundled under its own path, so every file must be a regular file (not a
symbolic link, named pipe, socket or device: a link could bring in a file from anywhere on the
machine, a pipe would block the release) and every path component a safe name (no backslash,
line break or space that an extractor or a SHA256SUMS line could misread). The output folder
`dist/`, when present, must be a real folder: the exports delete and rewrite files in it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from dataset_tools.paths import Refusal, member_problem

REQUIRED_FILES = ("datapackage.json", "README.md", "CHANGELOG.md", "CITATION.cff",
                  "validate.py", "Makefile", "pyproject.toml")
REQUIRED_DIRS = ("resources", "schemas", "sources", "requirements")
OPTIONAL_DIRS = ("reference", "curation", "profiles", "dataset_tools", "docs", "tests", ".ci")
SKIPPED = ("__pycache__",)


def _skipped(part: str) -> bool:
    return part in SKIPPED or (part.startswith(".") and part != ".ci")


# Each reason a file cannot be bundled is a `paths.Refusal` whose `kind` names the rule broken:
# `not-regular-file`, `unsafe-name`, `missing`, `not-a-folder` (validate.py's rule codes use it).

def _kind_problem(relative: str, info: os.stat_result) -> Refusal | None:
    if stat.S_ISLNK(info.st_mode):
        return Refusal(f"{relative} is a symbolic link; the release bundles only regular files (copy the file in)",
                       "not-regular-file")
    if not stat.S_ISREG(info.st_mode):
        return Refusal(f"{relative} is not a regular file (a named pipe, socket or device); it cannot be bundled",
                       "not-regular-file")
    return None


def _name_problem(relative: str) -> Refusal | None:
    why = member_problem(relative)
    return Refusal(why, "unsafe-name") if why else None


def _walk(root: Path, folder: str) -> tuple[list[str], list[tuple[str, Refusal]]]:
    """(files, problems) under one folder of the package, symbolic links never followed."""
    files, problems = [], []
    for current, directories, names in os.walk(root / folder, followlinks=False):
        base = Path(current).relative_to(root).as_posix()
        for name in sorted(directories):
            if os.path.islink(os.path.join(current, name)) and not _skipped(name):
                problems.append((f"{base}/{name}", Refusal(f"{base}/{name} is a symbolic link to a folder; the "
                                                           "release bundles only regular files", "not-regular-file")))
        directories[:] = sorted(d for d in directories if not _skipped(d)
                                and not os.path.islink(os.path.join(current, d)))
        for name in sorted(n for n in names if not _skipped(n)):
            relative = f"{base}/{name}"
            why = _kind_problem(relative, os.lstat(os.path.join(current, name))) or _name_problem(relative)
            (problems.append((relative, why)) if why else files.append(relative))
        problems += [(f"{base}/{d}", why) for d in directories if (why := _name_problem(f"{base}/{d}"))]
    return files, problems


def bundle_files(root: Path) -> tuple[list[str], list[tuple[str, Refusal]]]:
    """(relative paths of the files to bundle, [(path, why it cannot be bundled)])."""
    root = Path(root)
    files, problems = [], []
    licences = sorted(p.name for p in root.glob("LICENSE*"))
    problems += [("LICENSE*", Refusal("the release needs a LICENSE file", "missing"))] if not licences else []
    for name in REQUIRED_FILES + tuple(licences):
        try:
            why = _kind_problem(name, os.lstat(root / name)) or _name_problem(name)
        except FileNotFoundError:
            why = Refusal(f"{name} is missing; the release needs it", "missing")
        (problems.append((name, why)) if why else files.append(name))
    for folder in REQUIRED_DIRS + OPTIONAL_DIRS:
        path = root / folder
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            problems.append((f"{folder}/", Refusal(f"{folder}/ is not a real folder (a symbolic link or a file)",
                                                   "not-a-folder")))
        elif path.is_dir():
            more, wrong = _walk(root, folder)
            files, problems = files + more, problems + wrong
        elif folder in REQUIRED_DIRS:
            problems.append((f"{folder}/", Refusal(f"{folder}/ is missing; the release needs it", "missing")))
    dist = root / "dist"
    if dist.is_symlink() or (dist.exists() and not dist.is_dir()):
        problems.append(("dist", Refusal("dist is a symbolic link or a file: the exports write only into a real "
                                 "dist/ folder of the package", "not-a-folder")))
    return files, problems
