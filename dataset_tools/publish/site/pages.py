"""The HTML pages of the site: front page, transcript, one page per resource.

Every cell is escaped with html.escape; the rows the transcript's script reads are embedded as
JSON in a <script type="application/json"> element with '<', '>' and '&' escaped, so no cell can
close the element.
"""
from __future__ import annotations

import html
import json

from dataset_tools.publish.site import charts, figures
from dataset_tools.publish.site.assets import KIND_COLOURS
from dataset_tools.publish.site.describe import (
    STATUS_TEXT,
    formula_inputs,
    linked_fields,
    panel_entry,
    period,
    speaker_names,
    value_en,
)
from dataset_tools.publish.site.facts import Fact, SiteData, permalink, row_page_link
from dataset_tools.publish.site.transcript import transcript_body

esc = html.escape


def resource_title(data: SiteData, resource: str) -> str:
    return str(data.entry(resource).get("title") or resource)


def layout(data: SiteData, title: str, body: str, current: str, extra_head: str = "", main_class: str = "") -> str:
    nav = [("index.html", "About"), ("transcript.html", "Transcript")]
    nav += [(f"{name}.html", resource_title(data, name)) for name in data.facts]
    here = ' aria-current="page"'
    links = " ".join(f'<a href="{esc(href)}"{here if href == current else ""}>{esc(text)}</a>' for href, text in nav)
    d = data.descriptor
    licence = "; ".join(esc(str(entry.get("name", ""))) for entry in d.get("licenses", []) if isinstance(entry, dict))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="site.css">
{extra_head}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><nav aria-label="Site">{links}</nav></header>
<main id="main"{f' class="{main_class}"' if main_class else ""}>
{body}
</main>
<footer class="site">{esc(d.get("name", ""))} version {esc(str(d.get("version", "")))} · data licence {licence} ·
built from the package's files; every figure links to the sentence that states it.</footer>
</body>
</html>
"""


def legend(data: SiteData) -> str:
    items = "".join(f'<li><span class="hl k-{esc(name)}">{esc(resource_title(data, name))}</span></li>'
                    for name in data.facts if name in KIND_COLOURS)
    return f'<ul class="legend" aria-label="Highlight colours">{items}</ul>'


def status_badge(status: str) -> str:
    return f'<span class="badge {esc(status)}" title="{esc(STATUS_TEXT.get(status, status))}">{esc(status)}</span>'


# --- transcript --------------------------------------------------------------------------------

def rows_json(data: SiteData) -> str:
    """The panel's data, safe inside a <script> element."""
    entries = {fact.key: panel_entry(data, fact) for fact in data.anchored()}
    text = json.dumps(entries, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def transcript_page(data: SiteData) -> str:
    source = data.source
    body = f"""<h1><span lang="zh-Hans">{esc(source.get("title_zh", ""))}</span></h1>
<p>{esc(source.get("title_en", ""))}. Transcript credited to \
<span lang="zh-Hans">{esc(source.get("publisher_zh", ""))}</span>
({esc(source.get("publisher_en", ""))}). Every span a row of the data states is highlighted by kind; select one
to see its rows, or follow its link: the address is the row's permalink.</p>
{legend(data)}
<noscript><p class="muted">Without JavaScript the highlights still link to each row's permalink, and every row
is described on its kind's page (links above).</p></noscript>
<div class="layout">
<div class="transcript-text">
{transcript_body(data)}
</div>
<aside id="panel" class="idle" aria-live="polite" aria-label="Rows of the selected span">
<h2>Select a highlight</h2><p class="muted">Its rows appear here, in English and Chinese, with value, period, status,
speaker and links.</p>
</aside>
</div>
<script type="application/json" id="rows-data">{rows_json(data)}</script>
<script src="site.js" defer></script>"""
    return layout(data, f"Transcript: {source.get('title_en', '')}", body, "transcript.html", main_class="transcript")


# --- resource pages ----------------------------------------------------------------------------

def sentence_html(data: SiteData, fact: Fact) -> str:
    """The sentence around the quote, the quote in <mark>."""
    if fact.span is None or fact.sentence is None:
        return ""
    (start, end), (s_start, s_end) = fact.span, fact.sentence
    text = data.text
    return (f'<p class="sentence" lang="zh-Hans">{esc(text[s_start:start])}<mark>{esc(text[start:end])}</mark>'
            f'{esc(text[end:s_end])}</p>')


def linked(inner_html: str, link: str | None) -> str:
    return f'<a href="{esc(link)}">{inner_html}</a>' if link else inner_html


def fact_article(data: SiteData, fact: Fact) -> str:
    zh = f' · <span lang="zh-Hans">{esc(fact.label_zh)}</span>' if fact.label_zh else ""
    lines: list[tuple[str, str, str | None]] = []
    if fact.row.get("value"):
        lines.append(("Value", esc(value_en(fact.row)), None))
    if period(fact.row):
        lines.append(("Period", esc(period(fact.row)), None))
    speaker_en, speaker_zh = speaker_names(fact)
    if fact.speaker is not None:
        lines.append(("Speaker", f'{esc(speaker_en)} <span lang="zh-Hans">{esc(speaker_zh)}</span>',
                      row_page_link("speakers", fact.speaker.id)))
    lines += [(title, esc(text), link) for title, text, link in linked_fields(data, fact)]
    details = "".join(f"<dt>{esc(title)}</dt><dd>{linked(shown, link)}</dd>" for title, shown, link in lines)
    evidence = ""
    if fact.span is not None:
        evidence = f'<p><a href="{esc(permalink(fact.resource, fact.id))}">See it in the transcript</a></p>'
    elif fact.status == "derived":
        inputs = formula_inputs(data, fact)
        links = ", ".join(f'<a href="{esc(permalink(i.resource, i.id) if i.span else row_page_link(i.resource, i.id))}'
                          f'">{esc(i.id)}</a>' for i in inputs)
        evidence = (f'<p>{status_badge("derived")} Not in the text: computed by '
                    f'<code>{esc(fact.row.get("formula", ""))}</code>{" from " + links if links else ""}.</p>')
    return f"""<article class="fact" id="{esc(fact.id)}">
<h2>{esc(fact.label_en)}{zh} {status_badge(fact.status)}</h2>
{sentence_html(data, fact)}
{evidence}
<dl>{details}</dl>
</article>"""


def resource_page(data: SiteData, resource: str) -> str:
    facts = data.facts[resource]
    entry = data.entry(resource)
    anchored = sum(1 for f in facts if f.span)
    ordered = sorted(facts, key=lambda f: (f.span is None, f.span or (0, 0)))   # text order, unanchored last
    body = (f"<h1>{esc(resource_title(data, resource))}</h1>\n<p>{esc(str(entry.get('description', '')))} "
            f"{len(facts)} rows, {anchored} anchored in the transcript; in the order of the text"
            f"{', rows not in the text last' if anchored < len(facts) else ''}. "
            "Each shows the sentence around its quote, the quote marked.</p>\n"
            + "\n".join(fact_article(data, f) for f in ordered))
    return layout(data, f"{resource_title(data, resource)}: {data.descriptor.get('title', '')}", body,
                  f"{resource}.html")


# --- front page --------------------------------------------------------------------------------

def headline_table(data: SiteData, rows: list[Fact]) -> str:
    lines = []
    for fact in rows:
        derived = fact.status == "derived"
        if fact.span is not None:
            evidence = f'<a href="{esc(permalink(fact.resource, fact.id))}">the sentence</a>'
        else:
            evidence = f'<a href="{esc(row_page_link(fact.resource, fact.id))}">how it is derived</a>'
        speaker = speaker_names(fact)[0]
        lines.append(f'<tr class="{"derived" if derived else "stated"}"><td>{esc(fact.label_en)}'
                     f'{" " + status_badge("derived") if derived else ""}</td>'
                     f'<td class="num">{esc(value_en(fact.row))}</td><td>{esc(period(fact.row))}</td>'
                     f'<td lang="zh-Hans">{esc(fact.row.get("value_text", "")) or "—"}</td>'
                     f'<td>{esc(speaker) or "—"}</td><td>{evidence}</td></tr>')
    return ('<table class="headline"><caption class="muted">Province-wide figures for the year most figures in the '
            'text report. Rows marked <strong>derived</strong> are not in the text: they are computed from stated '
            'figures.</caption><thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Period'
            '</th><th scope="col">As written</th><th scope="col">Speaker</th><th scope="col">Evidence</th></tr>'
            '</thead><tbody>'
            + "".join(lines) + "</tbody></table>")


def english_description(descriptor: dict) -> str:
    """The first paragraph of the descriptor's description (the English one)."""
    return str(descriptor.get("description", "")).split("\n\n")[0].strip()


def index_page(data: SiteData, extra_head: str = "") -> str:
    d = data.descriptor
    counts = [(name, resource_title(data, name), sum(1 for f in facts if f.span)) for name, facts in data.facts.items()]
    derived = sum(1 for f in data.all_facts() if f.status == "derived")
    headline = figures.headline(data)
    title = str(d.get("title", "")).split(" | ")[0]
    citation = d.get("bibliographicCitation") or ""
    body = f"""<h1>{esc(title)}</h1>
<p>{esc(english_description(d))}</p>
<p>This site shows the data next to its evidence: the <a href="transcript.html">transcript</a> with every
anchored row highlighted, and a page per kind of row with the sentence around each quote.
{len(data.anchored())} rows are anchored in the text; {derived} figures are derived from stated ones and say so.</p>

<h2 id="headline">Headline figures</h2>
{headline_table(data, headline)}

<h2 id="charts">Charts</h2>
<figure>
{charts.series_chart(figures.series(data))}
<figcaption>Figures the text gives for more than one period, each panel on its own scale. Solid bars are stated
in the transcript; <strong>hatched bars are derived</strong> from stated figures (for example a 2023 count from
the 2024 count and the stated multiple). Select a bar for its evidence.</figcaption>
</figure>
<figure>
{charts.kinds_chart(counts)}
<figcaption>What the transcript states, by kind of row (select a bar for the rows).</figcaption>
</figure>

<h2 id="cite">How to cite</h2>
<p class="cite">{esc(str(citation))}</p>
<p class="muted">Cite the version (here {esc(str(d.get("version", "")))}); every figure keeps the exact quote and
character offsets of the sentence that states it.</p>"""
    return layout(data, title, body, "index.html", extra_head=extra_head)
