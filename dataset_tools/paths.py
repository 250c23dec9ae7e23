"""Paths inside the package: refuse anything that leads outside it, read files within a bound."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath


def resolve_inside(root: Path, relative: object) -> tuple[Path | None, str | None]:
    """(path, None) when `relative` names something inside the package, else (None, why not).

    Refused: anything but a non-empty string, URLs, absolute paths, Windows drive letters and
    backslashes, `..`, and paths that leave the package through a symbolic link (the file itself
    or any folder on the way). Nothing is opened; existence is not checked here.
    """
    if not isinstance(relative, str) or not relative.strip():
        return None, f"must be a relative path inside the package, found {relative!r}"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", relative) or relative.startswith(("data:", "file:")):
        return None, f"{relative!r} is a URL: only files inside the package are read"
    if relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None, f"{relative!r} is an absolute path: write it relative to the package folder"
    if "\\" in relative or "\x00" in relative:
        return None, f"{relative!r} contains a backslash or NUL: use / between folders"
    if ".." in PurePosixPath(relative).parts:
        return None, f"{relative!r} goes up out of the package ('..')"
    candidate = root / relative
    real_root, real = os.path.realpath(root), os.path.realpath(candidate)
    if os.path.commonpath([real_root, real]) != real_root:
        return None, (f"{relative!r} leads outside the package through a symbolic link "
                      "(the file or a folder on its way); it is not read")
    return candidate, None


def regular_file_problem(path: Path, relative: str, limit: int | None) -> str | None:
    """Why `path` cannot be read (missing, not a regular file, over `limit` bytes), or None."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return f"{relative!r} does not exist"
    except OSError as error:
        return f"{relative!r} cannot be read: {error.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return f"{relative!r} is not a regular file (a folder, device or pipe); it is not read"
    if limit is not None and info.st_size > limit:
        return (f"{relative!r} is {info.st_size:,} bytes, over the limit of {limit:,} bytes "
                f"({limit // 2**20} MiB); it is not read")
    return None


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError/ValueError otherwise."""
    if not path.is_file():
        raise ValueError("does not exist or is not a regular file")
    size = path.stat().st_size
    if size > limit:
        raise ValueError(f"is {size:,} bytes, over the limit of {limit:,}")
    with open(path, "rb") as handle:
        return handle.read(limit)
