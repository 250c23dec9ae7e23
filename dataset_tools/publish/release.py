"""Release bundle: `python -m dataset_tools.publish.release [--root PKG] [--dist OUT]` (`make release`).

Steps, each refusing with a clear message and exit code 1:
1. the version was bumped in all three places: `datapackage.json` `version`, `CITATION.cff`
   `version:` and the newest released `## [x.y.z]` entry of CHANGELOG.md agree, and differ from
   (and are newer than) the newest `v*` git tag, if the folder is a git checkout with tags;
2. the package validates (validate.py, see dataset_tools.publish.exports.validation);
3. the exports are built into dist/ (see dataset_tools.publish.exports);
4. `dist/<name>-<version>.zip` is written: one folder `<name>-<version>/` holding the package
   (datapackage.json, README.md, CHANGELOG.md, CITATION.cff, LICENSE*, resources/, schemas/,
   sources/, reference/, curation/, and the tooling that proves it: validate.py, profiles/, dataset_tools/,
   tests/, docs/, Makefile, pyproject.toml, requirements/), the exports under `exports/`, and a SHA256SUMS over every
   file of the bundle (`unzip X.zip && cd <name>-<version> && sha256sum -c SHA256SUMS`).
   The zip is reproducible: fixed entry times, sorted entries. dist/SHA256SUMS then lists the
   zip too.

The bundle takes in only regular files inside the package under safe names: a symbolic link,
a named pipe or device, or a name with a backslash, line break or other unsafe character is
refused (`dataset_tools.package_files`, which validate.py's `package-files` check shares), and
the zip is written only into a real dist/ folder. No network access is possible (docs/security.md).
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from dataset_tools import jsonio
from dataset_tools.guard import visible
from dataset_tools.package_files import bundle_files as package_bundle_files
from dataset_tools.paths import member_problem, read_bounded, read_inside
from dataset_tools.publish.command import folders, parser, run_guarded
from dataset_tools.publish.exports import ExportError, output_folder, require_valid, write_exports
from dataset_tools.publish.exports.checksums import NAME as SUMS_NAME
from dataset_tools.publish.exports.checksums import write_sha256sums
from dataset_tools.publish.exports.model import load_package
from dataset_tools.publish.exports.reproducible import entry
from dataset_tools.validate.limits import MAX_FILE_BYTES
from dataset_tools.versions import cff_version, newest_release

SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)")


def read_text(root: Path, relative: str) -> str | None:
    """The text of a regular file inside the package, or None when it is missing, not UTF-8,
    a link out of the package or not a regular file."""
    try:
        return read_inside(root, relative, 5 * 2**20).decode("utf-8")
    except (OSError, ValueError):
        return None


def descriptor_version(root: Path) -> tuple[str | None, str]:
    """(datapackage.json's version or None, why it is missing: '' or the JSON error)."""
    try:
        descriptor = jsonio.loads(read_text(root, "datapackage.json") or "{}")
    except (ValueError, RecursionError) as error:
        return None, f" (datapackage.json is not usable JSON: {error})"
    return (descriptor.get("version"), "") if isinstance(descriptor, dict) else (None, "")


def declared_versions(root: Path) -> dict[str, str | None]:
    """The version each of the three places declares (None where absent or unreadable)."""
    citation, changelog = read_text(root, "CITATION.cff"), read_text(root, "CHANGELOG.md")
    return {"datapackage.json version": descriptor_version(root)[0],
            "CITATION.cff version": cff_version(citation),
            "CHANGELOG.md newest release": getattr(newest_release(changelog), "version", None)}


def semver_key(version: str) -> tuple[int, int, int] | None:
    match = SEMVER.match(version)
    if not match:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def newest_tag(root: Path) -> str | None:
    """The highest `v*` tag of the git checkout at `root` (read-only), or None without git/tags."""
    try:
        done = subprocess.run(["git", "-C", str(root), "tag", "--list", "v*"], capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    tags = [t.strip() for t in done.stdout.splitlines() if semver_key(t.strip())] if done.returncode == 0 else []
    return max(tags, key=lambda tag: semver_key(tag) or (0, 0, 0), default=None)   # every tag here has a key


def version_problems(root: Path, tag_lookup: Callable[[Path], str | None] = newest_tag) -> list[str]:
    """Why the version is not ready for release (empty when it is)."""
    versions = declared_versions(root)
    why = {"datapackage.json version": descriptor_version(root)[1]}
    problems = [f"{where}: not found{why.get(where, '')}" for where, version in versions.items() if not version]
    found = {v for v in versions.values() if v}
    if len(found) > 1:
        problems.append("the versions disagree: " + ", ".join(f"{w} = {v}" for w, v in versions.items()))
    if problems:
        return problems
    version, tag = found.pop(), tag_lookup(root)
    if tag and tag.lstrip("v") == version:
        problems.append(f"version {version} is already tagged ({tag}): bump it in all three places")
    elif tag and (mine := semver_key(version)) and (theirs := semver_key(tag)) and mine < theirs:
        problems.append(f"version {version} is older than the newest tag {tag}")
    return problems


def bundle_files(root: Path) -> list[Path]:
    """Package files that go into the bundle, relative to root; raises ExportError naming every
    file that is missing, a symbolic link, not a regular file, or has an unsafe name."""
    files, problems = package_bundle_files(root)
    if problems:
        raise ExportError("the release cannot bundle the package:\n  "
                          + "\n  ".join(visible(why) for _, why in problems[:20]))
    return [Path(name) for name in files]


def write_bundle(root: Path, dist: Path, stem: str) -> Path:
    """Write dist/<stem>.zip from the package files and the exports already in dist/.

    Each file is read as a regular file (never through a link, never a pipe), and each entry
    name is checked again before it is written.
    """
    members = [(f"{stem}/{rel.as_posix()}", root / rel) for rel in bundle_files(root)]
    exports = sorted(p for p in dist.rglob("*") if p.is_file() and not p.is_symlink() and p.suffix != ".zip"
                     and not any(part.startswith(".") for part in p.relative_to(dist).parts))
    members += [(f"{stem}/exports/{p.relative_to(dist).as_posix()}", p) for p in exports]
    unsafe = [name for name, _ in members if member_problem(name)]
    if unsafe:
        raise ExportError(visible(f"unsafe names in the bundle: {', '.join(unsafe[:10])}"))
    contents = {}
    for name, path in members:
        try:
            contents[name] = read_bounded(path, 4 * MAX_FILE_BYTES)
        except (OSError, ValueError) as error:
            raise ExportError(visible(f"{name.split('/', 1)[1]}: {error}")) from error
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name.split('/', 1)[1]}\n"
                   for name, data in sorted(contents.items()))
    zip_path = dist / f"{stem}.zip"
    with zipfile.ZipFile(zip_path, "w") as bundle:
        for name, data in sorted(contents.items()):
            bundle.writestr(entry(name), data, compresslevel=9)
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
    dist = output_folder(dist)   # a symbolic link is refused before anything runs
    problems = version_problems(root, tag_lookup)
    if problems:
        raise ExportError("the version is not ready for release:\n  " + "\n  ".join(problems))
    require_valid(root)  # validate.py's package-files check refuses what bundle_files() would
    bundle_files(root)
    package = load_package(root)
    write_exports(package, dist)
    zip_path = write_bundle(root, dist, package.stem)
    write_sha256sums(dist)
    warn_if_dirty(root)
    return zip_path


def main(argv: list[str] | None = None) -> int:
    args = parser("python -m dataset_tools.publish.release", __doc__,
                  "output folder (default: ROOT/dist)").parse_args(argv)
    root, dist = folders(args)
    zip_path = run_guarded("release", "release", lambda: release(root, dist), ExportError)
    if zip_path is None:
        return 1
    print(f"Release bundle: {zip_path} ({zip_path.stat().st_size} bytes)")
    print(f"Check it with: cd {dist} && sha256sum -c {SUMS_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
