"""The evidence site: static HTML built from the package (`make site`, also part of `make exports`).

    python -m dataset_tools.publish.site [--root PKG] [--out DIR]    # default: ROOT/dist/site

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

import shutil
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


def replace_site(root: Path, out: Path) -> list[Path]:
    """Build into a scratch folder, then replace `out` (refusing if it holds anything else)."""
    out = Path(out).resolve()
    if out.exists():
        foreign = [p for p in out.rglob("*") if p.is_file() and p.suffix not in SITE_SUFFIXES]
        if foreign or not out.is_dir():
            raise SiteError(f"{out} holds files the site did not write ({', '.join(p.name for p in foreign[:5])}); "
                            "move them away or choose another --out")
    with tempfile.TemporaryDirectory(prefix="site-") as scratch:
        built = Path(scratch) / "site"
        write_site(root, built)
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(out))
    return sorted(p for p in out.rglob("*") if p.is_file())


def build(root: Path = PACKAGE_ROOT, out: Path | None = None) -> list[Path]:
    """Validate the package under `root`, then write its site to `out` (default root/dist/site)."""
    from dataset_tools.publish.exports import ExportError, require_valid

    try:
        require_valid(Path(root))
    except ExportError as error:
        raise SiteError(str(error)) from error
    return replace_site(Path(root), out or Path(root) / "dist" / "site")
