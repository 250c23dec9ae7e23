"""The evidence site: static HTML built from the package (`make site`, also part of `make exports`).

    python -m dataset_tools.publish.site [--root PKG] [--dist DIR]   # writes DIR/site (default ROOT/dist)

Pages (all self-contained: one stylesheet, one small script, inline SVG; no CDN, no network, no
web fonts; they work from file:// and from any static host):

    index.html              what the dataset is, headline figures with their evidence, charts
    transcript.html         the source text with every anchored row's span highlighted by kind;
                            #row-<resource>-<id> is a row's permalink (CSS :target highlights it)
    <resource>.html         one per kind of row: each row with the sentence around its quote
    site.css, site.js       the style and the panel that lists a highlight's rows

The site is built only from a package that validates. The output is deterministic: the same
package gives byte-identical files.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from dataset_tools import PACKAGE_ROOT
from dataset_tools.publish.site.assets import SCRIPT, stylesheet
from dataset_tools.publish.site.facts import SiteError, load
from dataset_tools.publish.site.pages import index_page, resource_page, transcript_page

__all__ = ["PACKAGE_ROOT", "SiteError", "build", "write_site"]
SITE_SUFFIXES = (".html", ".css", ".js", ".png", ".svg", ".json")


def write_site(root: Path, out: Path, extra_head: str = "") -> list[Path]:
    """Write the site of the (already validated) package under `root` into the new folder `out`."""
    data = load(root)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=False)
    pages = {"index.html": index_page(data, extra_head), "transcript.html": transcript_page(data),
             "site.css": stylesheet(), "site.js": SCRIPT.lstrip()}
    for resource in data.facts:
        pages[f"{resource}.html"] = resource_page(data, resource)
    written = []
    for name, content in pages.items():
        path = out / name
        path.write_text(content, encoding="utf-8", newline="\n")
        written.append(path)
    return sorted(written)


def replace_site(root: Path, dist: Path) -> list[Path]:
    """Write the site into `dist`/site under the exports' rules: `dist` is a real folder, the site is
    built in a hidden folder inside it, and a previous site is replaced only when it holds nothing
    but a site's regular files (no link is followed)."""
    from dataset_tools.publish.exports import ExportError, output_folder

    try:
        dist = output_folder(dist)
    except ExportError as error:
        raise SiteError(str(error)) from error
    site = dist / "site"
    if os.path.lexists(site):
        foreign = [Path(folder, name) for folder, _, files in os.walk(site, followlinks=False) for name in files
                   if not (Path(name).suffix in SITE_SUFFIXES and stat.S_ISREG(os.lstat(Path(folder, name)).st_mode))]
        if site.is_symlink() or not site.is_dir() or foreign:
            raise SiteError(f"{site} holds files the site did not write, or is a link "
                            f"({', '.join(p.name for p in foreign[:5])}); move them away or choose another --dist")
    dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".site-", dir=dist) as scratch:
        built = Path(scratch) / "site"
        write_site(root, built)
        if site.exists():
            shutil.rmtree(site)
        os.replace(built, site)
    return sorted(p for p in site.rglob("*") if p.is_file())


def build(root: Path = PACKAGE_ROOT, dist: Path | None = None) -> list[Path]:
    """Validate the package under `root`, then write its site to `dist`/site (default root/dist).
    A `dist` that is a link is refused before anything runs, as by the exports."""
    from dataset_tools.publish.exports import ExportError, output_folder, require_valid

    try:
        dist = output_folder(dist or Path(root) / "dist")
        require_valid(Path(root))
    except ExportError as error:
        raise SiteError(str(error)) from error
    return replace_site(Path(root), dist)
