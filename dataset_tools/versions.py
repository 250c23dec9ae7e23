"""Where the package's version is declared, read one way for the `metadata` check and `make release`.

The version lives in three places that must agree: `datapackage.json` `version`, `CITATION.cff`
`version:` and the newest released `## [x.y.z] - YYYY-MM-DD` entry of `CHANGELOG.md` (Keep a
Changelog 1.1.0; an `## [Unreleased]` section may stand above it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CFF_VERSION = re.compile(r"^version:[ \t]*(?P<q>['\"]?)(?P<version>[^'\"#\s]+)(?P=q)[ \t]*(#.*)?$", re.M)
RELEASE_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?P<rest>.*)$", re.M)
DATED = re.compile(r"^ - \d{4}-\d{2}-\d{2}\s*$")


@dataclass(frozen=True)
class Release:
    version: str
    heading: str     # the whole heading line as written
    dated: bool      # `## [x.y.z] - YYYY-MM-DD`, as Keep a Changelog asks


def cff_version(text: str | None) -> str | None:
    """The top-level `version:` of a CITATION.cff text, or None."""
    match = CFF_VERSION.search(text or "")
    return match["version"] if match else None


def newest_release(text: str | None) -> Release | None:
    """The first released (non-`Unreleased`) entry of a CHANGELOG.md text, or None."""
    for match in RELEASE_HEADING.finditer(text or ""):
        if match["version"].lower() != "unreleased":
            return Release(match["version"], match.group(0), bool(DATED.match(match["rest"])))
    return None
