"""`SHA256SUMS`: the checksum of every file in a folder (hidden files aside), as `sha256sum -c` reads it.

One line per file, `<64 hex digits><two spaces><path relative to the folder>`, paths with `/`,
sorted; the SHA256SUMS file itself is not listed. Check with `cd dist && sha256sum -c SHA256SUMS`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

NAME = "SHA256SUMS"


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_lines(folder: Path) -> list[str]:
    """'<hash>  <relative path>' for every file under `folder` except SHA256SUMS itself."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).as_posix() != NAME
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    return [f"{sha256_file(p)}  {p.relative_to(folder).as_posix()}" for p in files]


def write_sha256sums(folder: Path) -> Path:
    """Write `<folder>/SHA256SUMS` over everything else in the folder."""
    path = Path(folder) / NAME
    path.write_text("".join(line + "\n" for line in checksum_lines(folder)), encoding="utf-8", newline="\n")
    return path


def verify(folder: Path) -> list[str]:
    """Paths whose checksum differs from SHA256SUMS, or that it lists but are missing."""
    bad = []
    for line in (Path(folder) / NAME).read_text(encoding="utf-8").splitlines():
        expected, relative = line.split("  ", 1)
        path = Path(folder) / relative
        if not path.is_file() or sha256_file(path) != expected:
            bad.append(relative)
    return bad
