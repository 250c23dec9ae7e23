"""The evidence site in a real browser: headless Chromium (Debian's) driven by Playwright.

The site is built from the package into a temporary folder and opened from file://, as a reader
opens the release. Any request that is not a file:// URL is refused and recorded: the site must
need no network. The screenshot of the click-to-evidence path is saved to docs/img/site.png,
which docs/site.md shows.

Skipped, with the reason printed, only when the browser is not installed (/usr/bin/chromium);
`.ci/run` installs it with apt-get.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from dataset_tools.csvio import read_rows
from tests.conftest import PACKAGE_ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = PACKAGE_ROOT / "docs" / "img" / "site.png"

if not CHROMIUM.exists():
    reason = f"{CHROMIUM} is missing: install the browser with `apt-get install -y chromium` (as .ci/run does)"
    print(f"SKIPPED browser tests: {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402  (only once the browser exists)


def indicator_rows() -> list[dict]:
    return read_rows(PACKAGE_ROOT / "resources" / "indicators.csv")[1]


def whole(value: str) -> str:
    """The English panel's way of writing a whole number: 17800 -> '17,800'."""
    return f"{int(float(value)):,}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dataset_tools.publish.site import write_site

    out = tmp_path_factory.mktemp("site") / "site"
    write_site(PACKAGE_ROOT, out)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with its console errors, uncaught exceptions and refused network requests."""

    def __init__(self, browser: Any, javascript: bool = True) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 860}, java_script_enabled=javascript)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self.only_files)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def only_files(self, route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture
def watched(browser):
    page = Watched(browser)
    yield page
    page.close()


def in_viewport(page: Any, selector: str) -> bool:
    return page.eval_on_selector(selector, """node => { const r = node.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth; }""")


def test_front_page_reads_without_javascript(browser, site):
    plain = Watched(browser, javascript=False)
    try:
        page = plain.page
        page.goto((site / "index.html").as_uri())
        expect(page.locator("h1")).to_be_visible()
        table = page.locator("table.headline")
        expect(table.locator("tbody tr").first).to_be_visible()
        derived = table.locator("tr.derived")
        assert derived.count() == sum(1 for r in indicator_rows() if r["status"] == "derived"
                                      and table.locator(f'a[href="indicators.html#{r["id"]}"]').count())
        assert derived.count() >= 1 and "derived" in derived.first.inner_text()
        first = table.locator("tr.stated a").first.get_attribute("href")
        assert first.startswith("transcript.html#row-indicators-")
        assert page.locator("svg.chart").count() >= 1 and page.locator("svg.chart rect.derived").count() >= 1
        assert plain.errors == [] and plain.requests == []
    finally:
        plain.close()


def test_activating_a_highlight_shows_its_value_and_quote(watched, site):
    row = next(r for r in indicator_rows() if r["value_text"] and r["quote"] and "." not in r["value"])
    page = watched.page
    page.goto((site / "transcript.html").as_uri())
    highlight = page.locator(f'a.hl[href="#row-indicators-{row["id"]}"]').first
    highlight.focus()                         # keyboard: the highlight is a link in the tab order
    page.keyboard.press("Enter")
    panel = page.locator("#panel")
    entry = panel.locator(f'.entry[data-key="row-indicators-{row["id"]}"]')
    expect(entry).to_be_visible()
    expect(entry.locator(".quote")).to_have_text(row["quote"])
    expect(entry).to_contain_text(whole(row["value"]))
    expect(entry).to_contain_text(row["value_text"])
    expect(entry).to_contain_text(row["label_en"])
    expect(entry).to_contain_text(row["label_zh"])
    other = next(r for r in indicator_rows() if r["quote"] and r["id"] != row["id"] and r["quote"] != row["quote"])
    page.locator(f'a.hl[href="#row-indicators-{other["id"]}"]').first.click()   # and the mouse
    expect(panel.locator(f'.entry[data-key="row-indicators-{other["id"]}"] .quote')).to_have_text(other["quote"])
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert watched.errors == [] and watched.requests == []


def test_a_row_permalink_highlights_its_span_and_scrolls_it_into_view(watched, site):
    last = [r for r in indicator_rows() if r["quote"]][-1]    # far down the text: the page must scroll
    key = f"row-indicators-{last['id']}"
    page = watched.page
    page.goto((site / "transcript.html").as_uri() + f"#{key}")
    target = page.locator(":target")
    expect(target).to_have_attribute("id", key)
    expect(target).to_have_text(last["quote"])
    assert page.evaluate("window.scrollY") > 0
    assert in_viewport(page, ":target")
    outline = page.eval_on_selector(":target", "n => getComputedStyle(n).outlineStyle")
    assert outline != "none"
    expect(page.locator(f'#panel .entry[data-key="{key}"]')).to_be_visible()
    assert watched.errors == [] and watched.requests == []


def test_a_permalink_works_without_javascript(browser, site):
    plain = Watched(browser, javascript=False)
    try:
        row = next(r for r in read_rows(PACKAGE_ROOT / "resources" / "organizations.csv")[1] if r["quote"])
        page = plain.page
        page.goto((site / "transcript.html").as_uri() + f"#row-organizations-{row['id']}")
        expect(page.locator(":target")).to_have_text(row["quote"])
        assert page.eval_on_selector(":target", "n => getComputedStyle(n).outlineStyle") != "none"
    finally:
        plain.close()


def test_every_page_loads_without_errors_or_network(watched, site):
    pages = sorted(p.name for p in site.glob("*.html"))
    assert {"index.html", "transcript.html", "indicators.html"} <= set(pages)
    for name in pages:
        watched.page.goto((site / name).as_uri())
        expect(watched.page.locator("main")).to_be_visible()
    assert watched.errors == [], watched.errors
    assert watched.requests == [], watched.requests


def test_resource_page_marks_the_quote_inside_its_sentence(watched, site):
    row = next(r for r in indicator_rows() if r["quote"])
    page = watched.page
    page.goto((site / "indicators.html").as_uri() + f"#{row['id']}")
    article = page.locator(":target")
    expect(article.locator("mark")).to_have_text(row["quote"])
    sentence = article.locator(".sentence").inner_text()
    assert row["quote"] in sentence and len(sentence) >= len(row["quote"])
    assert in_viewport(page, ":target mark")


def test_the_docs_page_shows_the_screenshot():
    assert "](img/site.png)" in (PACKAGE_ROOT / "docs" / "site.md").read_text(encoding="utf-8")
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
