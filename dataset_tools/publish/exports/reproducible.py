"""Byte-identical rebuilds: zip archives (the .xlsx and the release bundle) without build-time stamps.

A zip entry records a modification time; written naively it is the time of the build, so two
builds of the same version differ. Every entry here gets the same fixed time and permissions,
in a stable order, so the same package always gives the same bytes and the same checksums.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
FILE_MODE = 0o644 << 16


def entry(name: str) -> zipfile.ZipInfo:
    """A ZipInfo for `name` with the fixed time, deflate compression and rw-r--r-- permissions."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = FILE_MODE
    info.create_system = 3  # Unix, so the permissions above are honoured everywhere
    return info


def normalise_zip(path: Path, replace: dict[str, bytes] | None = None) -> None:
    """Rewrite the zip at `path` in place with fixed entry times (entry order kept).

    `replace` maps entry names to new contents (e.g. document properties stamped at save time).
    """
    replace = replace or {}
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, replace.get(info.filename) or source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members:
            target.writestr(entry(name), data, compresslevel=9)
