"""The `metadata` check: the descriptor tells the truth about the files and the release.

Resources preflight could not read are left out of the file comparisons here: preflight has
already said why, once. That a resource declares its format, encoding and schema is preflight's
rule too (`preflight.encoding_problem` is the one encoding rule): without them no file is read.
"""
from __future__ import annotations

import hashlib

from dataset_tools.model import MAX_FILE_BYTES, Package, read_bounded, resolve_inside
from dataset_tools.validate.report import Problem, check, declare, problem
from dataset_tools.versions import cff_version, newest_release

NAME = "metadata"
DESCRIPTOR = "datapackage.json"
CITATION, CHANGELOG = "CITATION.cff", "CHANGELOG.md"
CODES = declare({
    "metadata.version-missing": "datapackage.json has no version",
    "metadata.citation-version": "datapackage.json bibliographicCitation does not cite the current version",
    "metadata.cff-version-missing": "CITATION.cff is missing or has no top-level version",
    "metadata.cff-version-mismatch": "CITATION.cff's version is not datapackage.json's",
    "metadata.changelog-missing": "CHANGELOG.md is missing or has no released '## [x.y.z] - YYYY-MM-DD' entry",
    "metadata.changelog-version-mismatch": "the newest released CHANGELOG.md entry is not datapackage.json's version",
    "metadata.changelog-undated": "the newest released CHANGELOG.md entry has no date",
    "metadata.file-unreadable": "the file a resource names cannot be read to compare its bytes and hash",
    "metadata.bytes-mismatch": "a resource's `bytes` is not its file's size",
    "metadata.hash-mismatch": "a resource's `hash` is not its file's hash",
    "metadata.unlisted-csv": "a CSV file in resources/ is not a resource of datapackage.json",
})


def read_text(package: Package, relative: str) -> str | None:
    """A small text file of the package, or None when absent or unreadable."""
    path, _ = resolve_inside(package.root, relative)
    try:
        return read_bounded(path, 2**20).decode("utf-8") if path else None
    except (OSError, ValueError):
        return None


def version_problems(package: Package) -> list[Problem]:
    """datapackage.json version == CITATION.cff version == newest released CHANGELOG.md entry (and the
    descriptor's bibliographicCitation, when present, cites that version)."""
    version = package.descriptor.get("version")
    problems = [] if isinstance(version, str) and version else [
        problem("metadata.version-missing", "no version", file=DESCRIPTOR, column="version", found=version)]
    cited = package.descriptor.get("bibliographicCitation")
    if isinstance(cited, str) and isinstance(version, str) and f"version {version}" not in cited:
        problems.append(problem("metadata.citation-version", f"{DESCRIPTOR} bibliographicCitation does not cite the "
                                "current version", file=DESCRIPTOR, column="bibliographicCitation", found=cited,
                                expected=f"... (version {version}) ..."))
    citation, changelog = read_text(package, CITATION), read_text(package, CHANGELOG)
    cff = cff_version(citation)
    if cff is None:
        problems.append(problem("metadata.cff-version-missing", f"{CITATION} is missing or has no top-level version:",
                                file=CITATION, column="version", expected=version))
    elif cff != version:
        problems.append(problem("metadata.cff-version-mismatch", f"{CITATION} version differs from {DESCRIPTOR}",
                                file=CITATION, column="version", found=cff, expected=version))
    newest = newest_release(changelog)
    if newest is None:
        problems.append(problem("metadata.changelog-missing", f"{CHANGELOG} is missing or has no released "
                                "'## [x.y.z] - YYYY-MM-DD' entry", file=CHANGELOG,
                                expected=f"## [{version}] - YYYY-MM-DD"))
        return problems
    if newest.version != version:
        problems.append(problem("metadata.changelog-version-mismatch", f"the newest released {CHANGELOG} entry "
                                f"differs from {DESCRIPTOR} version", file=CHANGELOG, found=newest.heading,
                                expected=f"## [{version}] - YYYY-MM-DD"))
    if not newest.dated:
        problems.append(problem("metadata.changelog-undated", f"the newest released {CHANGELOG} entry has no date "
                                "(Keep a Changelog 1.1.0)", file=CHANGELOG, found=newest.heading,
                                expected=f"## [{newest.version}] - YYYY-MM-DD"))
    return problems


def declared_file_problems(package: Package, index: int, entry: dict) -> list[Problem]:
    """bytes and hash equal to the file's."""
    name, where = entry.get("name"), f"resources[{index}]"
    problems: list[Problem] = []
    path, refusal = resolve_inside(package.root, entry.get("path"))
    why: object = refusal
    try:
        data = read_bounded(path, MAX_FILE_BYTES) if path else None
    except (OSError, ValueError) as error:
        data, why = None, f"{entry.get('path')!r} {error}"
    if data is None:
        return [*problems, problem("metadata.file-unreadable", f"resource {name!r}: {why}", file=DESCRIPTOR,
                                   column=f"{where}.path", row_id=name)]
    if entry.get("bytes") != len(data):
        problems.append(problem("metadata.bytes-mismatch", f"bytes of {entry.get('path')} differ (run python -m "
                                "dataset_tools.curate.descriptor)", file=DESCRIPTOR, column=f"{where}.bytes",
                                row_id=name, found=entry.get("bytes"), expected=len(data)))
    algorithm, _, digest = str(entry.get("hash", "")).rpartition(":")
    actual = hashlib.new(algorithm or "md5", data).hexdigest() if (algorithm or "md5") in ("sha256", "md5") else None
    if digest != actual:
        problems.append(problem("metadata.hash-mismatch", f"hash of {entry.get('path')} differs (run python -m "
                                "dataset_tools.curate.descriptor)", file=DESCRIPTOR, column=f"{where}.hash",
                                row_id=name, found=entry.get("hash"),
                                expected=f"sha256:{hashlib.sha256(data).hexdigest()}"))
    return problems


def listing_problems(package: Package) -> list[Problem]:
    """Every CSV in resources/ is a resource (that listed paths exist is checked per resource).

    The descriptor's `sources[].path` files are the source-integrity and regions checks' own.
    """
    listed = {entry.get("path") for entry in package.resource_entries()}
    folder, _ = resolve_inside(package.root, "resources")
    files = sorted(folder.glob("*.csv")) if folder and folder.is_dir() else []
    return [problem("metadata.unlisted-csv", f"resources/{path.name} is not listed in datapackage.json resources",
                    file=DESCRIPTOR, column="resources", found=f"resources/{path.name}",
                    expected="a resource entry with this path")
            for path in files if f"resources/{path.name}" not in listed]


@check(NAME)
def metadata(package: Package) -> list[Problem]:
    """Version agrees across datapackage.json, CITATION.cff and the newest released CHANGELOG.md entry; every
    readable resource's bytes and hash match its file; every CSV in resources/ is listed and every listed path
    exists."""
    problems = version_problems(package)
    resources = package.descriptor.get("resources")
    for index, entry in enumerate(resources if isinstance(resources, list) else []):
        if isinstance(entry, dict) and entry.get("name") not in package.skipped:
            problems.extend(declared_file_problems(package, index, entry))
    return problems + listing_problems(package)
