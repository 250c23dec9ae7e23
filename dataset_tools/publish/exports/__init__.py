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
    dist/SHA256SUMS                  `cd dist && sha256sum -c SHA256SUMS`

Files a previous build wrote there are replaced; a file this tool did not write makes it
refuse, so a mistyped `--dist` never deletes anything else. Hidden files are left alone.
"""
from __future__ import annotations

import fnmatch
import shutil
import tempfile
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.publish.exports.checksums import NAME as SUMS_NAME
from dataset_tools.publish.exports.checksums import write_sha256sums
from dataset_tools.publish.exports.datasette_metadata import write_metadata
from dataset_tools.publish.exports.excel import write_excel
from dataset_tools.publish.exports.model import ExportError, PackageData, load_package
from dataset_tools.publish.exports.parquet import write_parquet
from dataset_tools.publish.exports.sqlite import view_columns, write_sqlite
from dataset_tools.publish.exports.validation import validate_package

__all__ = ["PACKAGE_ROOT", "ExportError", "build", "outputs", "require_valid", "write_exports"]


def outputs(package: PackageData) -> dict[str, Path]:
    """Relative path of every export of this package version, by kind."""
    return {"sqlite": Path(f"{package.stem}.sqlite"), "metadata": Path("metadata.json"),
            "parquet": Path("parquet"), "excel": Path(f"{package.stem}.xlsx"), "sums": Path(SUMS_NAME)}


def owned(relative: Path, name: str) -> bool:
    """Whether a path inside the output folder is one this tool writes (for any version)."""
    patterns = [f"{name}-*.sqlite", f"{name}-*.xlsx", f"{name}-*.zip", "metadata.json", SUMS_NAME,
                "parquet", "parquet/*.parquet"]
    return any(fnmatch.fnmatchcase(relative.as_posix(), p) for p in patterns)


def clear_previous(dist: Path, name: str) -> None:
    """Remove the files of a previous build; refuse if the folder holds anything else."""
    if not dist.exists():
        return
    entries = [p for p in dist.rglob("*") if not any(part.startswith(".") for part in p.relative_to(dist).parts)]
    foreign = [p.relative_to(dist).as_posix() for p in entries if not owned(p.relative_to(dist), name)]
    if foreign:
        raise ExportError(f"{dist} holds files the exports did not write: {', '.join(sorted(foreign)[:10])}; "
                          "move them away or choose another --dist")
    for path in sorted(entries, reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def write_exports(package: PackageData, dist: Path) -> list[Path]:
    """Write every export of an already validated package into `dist` (see the module docstring)."""
    dist = Path(dist).resolve()
    paths = outputs(package)
    with tempfile.TemporaryDirectory(prefix="exports-") as scratch:
        build_dir = Path(scratch)
        sqlite = write_sqlite(package, build_dir / paths["sqlite"])
        write_metadata(package, build_dir / paths["metadata"], [package.name, sqlite.stem], view_columns(sqlite))
        write_parquet(package, build_dir / paths["parquet"])
        write_excel(package, build_dir / paths["excel"])
        clear_previous(dist, package.name)
        dist.mkdir(parents=True, exist_ok=True)
        for item in build_dir.iterdir():
            shutil.move(str(item), str(dist / item.name))
    write_sha256sums(dist)
    return sorted(p for p in dist.rglob("*") if p.is_file())


def require_valid(root: Path) -> None:
    """Raise ExportError with the validator's report unless the package validates."""
    outcome = validate_package(root)
    if not outcome.valid:
        raise ExportError(f"the package does not validate ({outcome.validator}); nothing was built.\n"
                          f"{outcome.report}")
    print(f"Package validates ({outcome.validator}).")


def build(root: Path = PACKAGE_ROOT, dist: Path | None = None) -> list[Path]:
    """Validate the package under `root`, then write its exports to `dist` (default root/dist)."""
    require_valid(root)
    return write_exports(load_package(root), dist or Path(root) / "dist")
