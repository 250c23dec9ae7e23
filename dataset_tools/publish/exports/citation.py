"""How to cite and license the package, in one line each, for the README sheet and Datasette.

The citation comes, in order of preference, from `bibliographicCitation` in datapackage.json
(when it is a non-empty string), from CITATION.cff, or from the descriptor's title, version and
author contributors. CITATION.cff is read defensively: a missing or malformed file falls back
to the descriptor instead of failing the export.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from dataset_tools import jsonio
from dataset_tools.paths import read_inside
from dataset_tools.validate.allowlist import text_problems


def read_cff(root: Path) -> dict:
    """CITATION.cff as a dict, or {} when it is missing, not a regular file inside the package,
    not a YAML mapping, or holds text the exports cannot write (a lone surrogate, a control
    character): the citation then comes from the descriptor, which validate.py has checked."""
    try:
        data = yaml.safe_load(read_inside(Path(root), "CITATION.cff", 2**20).decode("utf-8"))
        jsonio.check_text(data)
    except (OSError, ValueError, yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) and not text_problems(data, "CITATION.cff") else {}


def _person(author: object) -> str:
    """One CFF author as 'Family, Given' or its `name`."""
    if not isinstance(author, dict):
        return str(author)
    family, given = author.get("family-names"), author.get("given-names")
    if family:
        return f"{family}, {given}" if given else str(family)
    return str(author.get("name") or "")


def _from_cff(cff: dict, descriptor: dict) -> str | None:
    """A citation line built from CITATION.cff, or None when it lacks a title."""
    title = cff.get("title")
    if not title:
        return None
    authors = "; ".join(filter(None, (_person(a) for a in cff.get("authors") or [])))
    year = str(cff.get("date-released") or "")[:4]
    version = cff.get("version") or descriptor.get("version")
    parts = [f"{authors} ({year})." if authors and year else (f"{authors}." if authors else "")]
    parts.append(f"{title}" + (f" (version {version})" if version else "") + " [Data set].")
    if cff.get("doi"):
        parts.append(f"https://doi.org/{cff['doi']}")
    elif cff.get("url") or cff.get("repository-code"):
        parts.append(str(cff.get("url") or cff.get("repository-code")))
    return " ".join(p for p in parts if p)


def is_author(contributor: dict) -> bool:
    """A contributor to name as an author: v2 `roles` holding creator/author, v1 `role` author, or no role."""
    roles = contributor.get("roles")
    if isinstance(roles, list):
        return bool({"creator", "author"} & set(roles))
    return contributor.get("role") in (None, "author")


def citation_text(root: Path, descriptor: dict) -> str:
    """The citation line users should copy (see the module docstring for the order of sources)."""
    given = descriptor.get("bibliographicCitation")
    if isinstance(given, str) and given.strip():
        return given.strip()
    from_cff = _from_cff(read_cff(root), descriptor)
    if from_cff:
        return from_cff
    authors = "; ".join(c.get("title", "") for c in descriptor.get("contributors", [])
                        if is_author(c) and c.get("title"))
    year = str(descriptor.get("created") or "")[:4]
    head = f"{authors} ({year})." if authors and year else ""
    title = descriptor.get("title", descriptor.get("name"))
    return f"{head} {title} (version {descriptor.get('version')}) [Data set].".strip()


def licence_text(descriptor: dict) -> str:
    """'NAME (url)' for every licence of the package, separated by '; '."""
    parts = []
    for licence in descriptor.get("licenses", []):
        name = licence.get("name") or licence.get("title") or ""
        parts.append(f"{name} ({licence['path']})" if licence.get("path") else name)
    return "; ".join(parts)
