"""Release bundle: `python -m dataset_tools.publish.release [--root PKG] [--dist OUT]` (`make release`).

Steps, each refusing with a clear message and exit code 1:
1. the version was bumped in all three places: `datapackage.json` `version`, `CITATION.cff`
   `version:` and the newest released `## [x.y.z]` entry of CHANGELOG.md agree, and differ from
   (and are newer than) the newest `v*` git tag, if the folder is a git checkout with tags;
2. the package validates (validate.py, see dataset_tools.publish.exports.validation);
3. the exports are built into dist/ (see dataset_tools.publish.exports);
4. `dist/<name>-<version>.zip` is written: one folder `<name>-<version>/` holding the package
   (datapackage.json, README.md, CHANGELOG.md, CITATION.cff, LICENSE*, resources/, schemas/,
   sources/, reference/, curation/, and the tooling that proves it: validate.py, dataset_tools/,
   tests/, docs/, Makefile, pyproject.toml, requirements/), the exports under `exports/`, and a SHA256SUMS over every
   file of the bundle (`unzip X.zip && cd <name>-<version> && sha256sum -c SHA256SUMS`).
   The zip is reproducible: fixed entry times, sorted entries. dist/SHA256SUMS then lists the
   zip too.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from dataset_tools.publish.exports import PACKAGE_ROOT, ExportError, require_valid, write_exports
from dataset_tools.publish.exports.checksums import NAME as SUMS_NAME
from dataset_tools.publish.exports.checksums import sha256_file, write_sha256sums
from dataset_tools.publish.exports.model import load_package
from dataset_tools.publish.exports.reproducible import entry
from dataset_tools.versions import cff_version, newest_release

REQUIRED_FILES = ("datapackage.json", "README.md", "CHANGELOG.md", "CITATION.cff",
                  "validate.py", "Makefile", "pyproject.toml")
REQUIRED_DIRS = ("resources", "schemas", "sources", "requirements")
OPTIONAL_DIRS = ("reference", "curation", "dataset_tools", "docs", "tests", ".ci")
SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)")


def read_text(path: Path) -> str | None:
    """A file's text, or None when it is missing or not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def declared_versions(root: Path) -> dict[str, str | None]:
    """The version each of the three places declares (None where absent or unreadable)."""
    try:
        package_version = json.loads(read_text(root / "datapackage.json") or "{}").get("version")
    except (json.JSONDecodeError, AttributeError):
        package_version = None
    citation, changelog = read_text(root / "CITATION.cff"), read_text(root / "CHANGELOG.md")
    return {"datapackage.json version": package_version,
            "CITATION.cff version": cff_version(citation),
            "CHANGELOG.md newest release": getattr(newest_release(changelog), "version", None)}


def semver_key(version: str) -> tuple[int, int, int] | None:
    match = SEMVER.match(version)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def newest_tag(root: Path) -> str | None:
    """The highest `v*` tag of the git checkout at `root` (read-only), or None without git/tags."""
    try:
        done = subprocess.run(["git", "-C", str(root), "tag", "--list", "v*"], capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    tags = [t.strip() for t in done.stdout.splitlines() if semver_key(t.strip())] if done.returncode == 0 else []
    return max(tags, key=lambda tag: semver_key(tag) or (0, 0, 0), default=None)


def version_problems(root: Path, tag_lookup: Callable[[Path], str | None] = newest_tag) -> list[str]:
    """Why the version is not ready for release (empty when it is)."""
    versions = declared_versions(root)
    problems = [f"{where}: not found" for where, version in versions.items() if not version]
    found = {v for v in versions.values() if v}
    if len(found) > 1:
        problems.append("the versions disagree: " + ", ".join(f"{w} = {v}" for w, v in versions.items()))
    if problems:
        return problems
    version, tag = found.pop(), tag_lookup(root)
    if tag and tag.lstrip("v") == version:
        problems.append(f"version {version} is already tagged ({tag}): bump it in all three places")
    elif tag and (ours := semver_key(version)) and (theirs := semver_key(tag)) and ours < theirs:
        problems.append(f"version {version} is older than the newest tag {tag}")
    return problems


def bundle_files(root: Path) -> list[Path]:
    """Package files that go into the bundle, relative to root; raises ExportError if any is missing."""
    missing = [name for name in REQUIRED_FILES if not (root / name).is_file()]
    missing += [f"{name}/" for name in REQUIRED_DIRS if not (root / name).is_dir()]
    licences = sorted(p for p in root.glob("LICENSE*") if p.is_file())
    missing += [] if licences else ["LICENSE*"]
    if missing:
        raise ExportError(f"the release needs {', '.join(missing)}")
    files = [Path(name) for name in REQUIRED_FILES] + [p.relative_to(root) for p in licences]
    for folder in REQUIRED_DIRS + OPTIONAL_DIRS:
        files += [p.relative_to(root) for p in sorted((root / folder).rglob("*")) if p.is_file()
                  and not any(part == "__pycache__" or (part.startswith(".") and part != ".ci")
                              for part in p.relative_to(root).parts)]
    return files


def write_bundle(root: Path, dist: Path, stem: str) -> Path:
    """Write dist/<stem>.zip from the package files and the exports already in dist/."""
    members = [(f"{stem}/{rel.as_posix()}", root / rel) for rel in bundle_files(root)]
    exports = sorted(p for p in dist.rglob("*") if p.is_file() and p.suffix != ".zip"
                     and not any(part.startswith(".") for part in p.relative_to(dist).parts))
    members += [(f"{stem}/exports/{p.relative_to(dist).as_posix()}", p) for p in exports]
    sums = "".join(f"{sha256_file(path)}  {name.split('/', 1)[1]}\n" for name, path in sorted(members))
    zip_path = dist / f"{stem}.zip"
    with zipfile.ZipFile(zip_path, "w") as bundle:
        for name, path in sorted(members):
            bundle.writestr(entry(name), path.read_bytes(), compresslevel=9)
        bundle.writestr(entry(f"{stem}/{SUMS_NAME}"), sums.encode("utf-8"), compresslevel=9)
    return zip_path


def warn_if_dirty(root: Path) -> None:
    """Say so when the git checkout has uncommitted changes (the bundle is still built)."""
    try:
        done = subprocess.run(["git", "--no-optional-locks", "-C", str(root), "status", "--porcelain"],
                              capture_output=True, text=True, timeout=30)  # no index refresh: read-only
    except (OSError, subprocess.TimeoutExpired):
        return
    if done.returncode == 0 and done.stdout.strip():
        print("Warning: the working tree has uncommitted changes; the bundle holds them, no commit does.")


def release(root: Path, dist: Path, tag_lookup: Callable[[Path], str | None] = newest_tag) -> Path:
    """Run the four steps of the module docstring; return the zip's path or raise ExportError."""
    problems = version_problems(root, tag_lookup)
    if problems:
        raise ExportError("the version is not ready for release:\n  " + "\n  ".join(problems))
    bundle_files(root)  # refuse early when a package file is missing
    require_valid(root)
    package = load_package(root)
    write_exports(package, dist)
    zip_path = write_bundle(root, dist, package.stem)
    write_sha256sums(dist)
    warn_if_dirty(root)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset_tools.publish.release", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=PACKAGE_ROOT, help="package folder (with datapackage.json)")
    parser.add_argument("--dist", type=Path, help="output folder (default: ROOT/dist)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    dist = (args.dist or root / "dist").resolve()
    try:
        zip_path = release(root, dist)
    except ExportError as error:
        print(f"Refusing to release: {error}", file=sys.stderr)
        return 1
    print(f"Release bundle: {zip_path} ({zip_path.stat().st_size} bytes)")
    print(f"Check it with: cd {dist} && sha256sum -c {SUMS_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
