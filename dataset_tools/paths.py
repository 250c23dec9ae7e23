"""Paths inside the package: refuse anything that leads outside it, read files within a bound."""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from dataset_tools.guard import visible


class Refusal(str):
    """Why a path or file is refused: the words, plus `kind`, the rule it breaks, for rule codes.

    kinds: `outside` (not a relative path inside the package), `missing`, `unreadable`,
    `not-regular-file`, `too-large`.
    """

    kind: str

    def __new__(cls, text: str, kind: str) -> Refusal:
        refusal = super().__new__(cls, text)
        refusal.kind = kind
        return refusal


def resolve_inside(root: Path, relative: object) -> tuple[Path | None, Refusal | None]:
    """(path, None) when `relative` names something inside the package, else (None, why not).

    Refused: anything but a non-empty string, URLs, absolute paths, Windows drive letters and
    backslashes, `..`, and paths that leave the package through a symbolic link (the file itself
    or any folder on the way). Nothing is opened; existence is not checked here.
    """
    if not isinstance(relative, str) or not relative.strip():
        return None, Refusal(f"must be a relative path inside the package, found {relative!r}", "outside")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", relative) or relative.startswith(("data:", "file:")):
        return None, Refusal(f"{relative!r} is a URL: only files inside the package are read", "outside")
    if relative.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", relative):
        return None, Refusal(f"{relative!r} is an absolute path: write it relative to the package folder", "outside")
    if "\\" in relative or "\x00" in relative:
        return None, Refusal(f"{relative!r} contains a backslash or NUL: use / between folders", "outside")
    if ".." in PurePosixPath(relative).parts:
        return None, Refusal(f"{relative!r} goes up out of the package ('..')", "outside")
    candidate = root / relative
    real_root, real = os.path.realpath(root), os.path.realpath(candidate)
    if os.path.commonpath([real_root, real]) != real_root:
        return None, Refusal(f"{relative!r} leads outside the package through a symbolic link "
                             "(the file or a folder on its way); it is not read", "outside")
    return candidate, None


def regular_file_problem(path: Path, relative: str, limit: int | None) -> Refusal | None:
    """Why `path` cannot be read (missing, not a regular file, over `limit` bytes), or None."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Refusal(f"{relative!r} does not exist", "missing")
    except OSError as error:
        return Refusal(f"{relative!r} cannot be read: {error.strerror}", "unreadable")
    if not stat.S_ISREG(info.st_mode):
        return Refusal(f"{relative!r} is not a regular file (a folder, device or pipe); it is not read",
                       "not-regular-file")
    if limit is not None and info.st_size > limit:
        return Refusal(f"{relative!r} is {info.st_size:,} bytes, over the limit of {limit:,} bytes "
                       f"({limit // 2**20} MiB); it is not read", "too-large")
    return None


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError/ValueError otherwise.

    The file is opened without following a final symbolic link and without blocking (a named
    pipe or device swapped in after an earlier check is refused, never waited on), and it is
    judged by what was opened (fstat), not by a second look at the path.
    """
    real = os.path.realpath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(real, flags)
    with open(descriptor, "rb", closefd=True) as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("is not a regular file (a folder, device or pipe); it is not read")
        if info.st_size > limit:
            raise ValueError(f"is {info.st_size:,} bytes, over the limit of {limit:,}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"grew past the limit of {limit:,} bytes while it was read")
    return data


def read_inside(root: Path, relative: str, limit: int) -> bytes:
    """The bytes of the regular file `relative` inside the package `root` (see `resolve_inside`)."""
    path, why = resolve_inside(root, relative)
    if path is None:
        raise ValueError(why)
    return read_bounded(path, limit)


SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
"""Resource and package names: they become file names (dist/parquet/NAME.parquet), SQLite table
names and sheet names, so only lower-case ASCII letters, digits, '-' and '_' (fullmatch)."""
SAFE_MEMBER = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.+-]*")
"""One component of a file path the release bundles (fullmatch; '.' and '..' are refused apart)."""


def name_problem(value: object, what: str = "name") -> str | None:
    """Why `value` cannot be a resource or package name (None when it can)."""
    if isinstance(value, str) and SAFE_NAME.fullmatch(value) and len(value) <= 64:
        return None
    return (f"{what} {value!r:.80} is not a safe name: use 1-64 lower-case letters, digits, '-' or "
            "'_', starting with a letter or digit (it becomes a file, table and sheet name)")


def member_problem(relative: str) -> str | None:
    """Why a package file path cannot go into the release bundle under its name (None when it can)."""
    parts = relative.split("/")
    if all(SAFE_MEMBER.fullmatch(part) and part not in (".", "..") for part in parts):
        return None
    return (f"'{visible(relative)}' has an unsafe file name: use letters, digits, '.', "
            "'_', '+' and '-' only (no spaces, backslashes, line breaks or other characters that "
            "extractors or SHA256SUMS lines could misread)")
