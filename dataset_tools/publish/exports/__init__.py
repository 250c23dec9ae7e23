"""Exports of the package to SQLite (+ Datasette metadata), Parquet and Excel, with checksums.

    python -m dataset_tools.publish.exports                  # validate, then write dist/
    python -m dataset_tools.publish.exports --browse         # ... and serve the SQLite file with Datasette
    python -m dataset_tools.publish.exports --root PKG --dist OUT

Exports are built only from a package that validates (see `validation.py`). The output folder
holds exactly one build:

    dist/<name>-<version>.sqlite     one STRICT table per resource, keys enforced, views
    dist/metadata.json               Datasette metadata (titles, descriptions, labels, licence)
    dist/parquet/<resource>.parquet  typed columns
    dist/<name>-<version>.xlsx       README sheet + one sheet per resource
    dist/<name>-<version>.annotations.jsonld   W3C Web Annotations, one per anchored row
    dist/site/                       the evidence site (see dataset_tools.publish.site)
    dist/SHA256SUMS                  `cd dist && sha256sum -c SHA256SUMS`

Files a previous build wrote there are replaced; a file this tool did not write, a symbolic
link or a special file makes it refuse, so a mistyped `--dist` never deletes anything else, and
an output folder that is itself a symbolic link is refused. Hidden files are left alone. Nothing
is written outside the output folder (docs/security.md).
"""
from __future__ import annotations

import fnmatch
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.guard import visible
from dataset_tools.publish.exports.annotations import write_annotations
from dataset_tools.publish.exports.checksums import NAME as SUMS_NAME
from dataset_tools.publish.exports.checksums import write_sha256sums
from dataset_tools.publish.exports.datasette_metadata import write_metadata
from dataset_tools.publish.exports.excel import write_excel
from dataset_tools.publish.exports.model import ExportError, PackageData, load_package
from dataset_tools.publish.exports.parquet import write_parquet
from dataset_tools.publish.exports.sqlite import view_columns, write_sqlite
from dataset_tools.publish.exports.validation import validate_package
from dataset_tools.publish.site import write_site

__all__ = ["PACKAGE_ROOT", "ExportError", "build", "outputs", "require_valid", "write_exports"]


def outputs(package: PackageData) -> dict[str, Path]:
    """Relative path of every export of this package version, by kind."""
    return {"sqlite": Path(f"{package.stem}.sqlite"), "metadata": Path("metadata.json"),
            "parquet": Path("parquet"), "excel": Path(f"{package.stem}.xlsx"), "site": Path("site"),
            "annotations": Path(f"{package.stem}.annotations.jsonld"),
            "sums": Path(SUMS_NAME)}


def owned(relative: Path, name: str) -> bool:
    """Whether a path inside the output folder is one this tool writes (for any version)."""
    patterns = [f"{name}-*.sqlite", f"{name}-*.xlsx", f"{name}-*.annotations.jsonld", f"{name}-*.zip", "metadata.json",
                SUMS_NAME,
                "parquet", "parquet/*.parquet", "site", "site/*"]
    return any(fnmatch.fnmatchcase(relative.as_posix(), p) for p in patterns)


def output_folder(dist: Path) -> Path:
    """`dist` as an absolute path, refused (ExportError) when it is a symbolic link or not a folder.

    The exports delete and rewrite files in it: through a link they would do so wherever it points.
    """
    dist = Path(os.path.abspath(dist))
    if dist.is_symlink():
        raise ExportError(f"{dist} is a symbolic link; the exports write only into a real folder")
    if dist.exists() and not dist.is_dir():
        raise ExportError(f"{dist} is not a folder")
    return dist


def clear_previous(dist: Path, name: str) -> None:
    """Remove the files of a previous build; refuse if the folder holds anything else.

    Symbolic links, pipes and other special files are foreign too: only regular files and
    folders this tool writes are removed, and no link is followed.
    """
    if not dist.exists():
        return
    entries: list[Path] = []
    foreign: list[Path] = []
    for current, directories, files in os.walk(dist, followlinks=False):
        base = Path(current).relative_to(dist)
        directories[:] = [d for d in directories if not d.startswith(".")]
        for entry in directories + [f for f in files if not f.startswith(".")]:
            relative, info = base / entry, os.lstat(Path(current) / entry)
            special = not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode))
            (foreign if special or not owned(relative, name) else entries).append(relative)
    if foreign:
        listed = ", ".join(sorted(p.as_posix() for p in foreign)[:10])
        raise ExportError(visible(f"{dist} holds files the exports did not write (or links): {listed}; move them "
                                  "away or choose another --dist"))
    for relative in sorted(entries, key=lambda p: len(p.parts), reverse=True):
        path = dist / relative
        path.rmdir() if stat.S_ISDIR(os.lstat(path).st_mode) else path.unlink()


@contextmanager
def temporary_files_in(folder: str) -> Iterator[None]:
    """Make `tempfile` (which openpyxl uses for each sheet) write into `folder` inside the block."""
    previous, tempfile.tempdir = tempfile.tempdir, folder
    try:
        yield
    finally:
        tempfile.tempdir = previous


def write_exports(package: PackageData, dist: Path) -> list[Path]:
    """Write every export of an already validated package into `dist` (see the module docstring).

    Everything is written under `dist`: the build happens in a hidden folder inside it (the
    temporary files of the libraries too), then replaces the previous build.
    """
    dist = output_folder(dist)
    paths = outputs(package)
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=dist) as scratch, temporary_files_in(scratch):
        build_dir = Path(scratch)
        sqlite = write_sqlite(package, build_dir / paths["sqlite"])
        write_metadata(package, build_dir / paths["metadata"], [package.name, sqlite.stem], view_columns(sqlite))
        write_parquet(package, build_dir / paths["parquet"])
        write_excel(package, build_dir / paths["excel"])
        write_annotations(package, build_dir / paths["annotations"])
        write_site(package.root, build_dir / paths["site"])
        clear_previous(dist, package.name)
        for item in build_dir.iterdir():
            os.replace(item, dist / item.name)
    write_sha256sums(dist)
    return sorted(p for p in dist.rglob("*") if p.is_file() and not p.relative_to(dist).as_posix().startswith("."))


def require_valid(root: Path) -> None:
    """Raise ExportError with the validator's report unless the package validates."""
    outcome = validate_package(root)
    if not outcome.valid:
        raise ExportError(f"the package does not validate ({outcome.validator}); nothing was built.\n"
                          f"{outcome.report}")
    print(f"Package validates ({outcome.validator}).")


def build(root: Path = PACKAGE_ROOT, dist: Path | None = None) -> list[Path]:
    """Validate the package under `root`, then write its exports to `dist` (default root/dist)."""
    dist = output_folder(dist or Path(root) / "dist")   # refused before anything runs
    require_valid(root)
    return write_exports(load_package(root), dist)
