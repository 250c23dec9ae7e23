"""The site's stylesheet and its one small script, as strings written to `site.css` and `site.js`.

No web fonts: Chinese uses the system's own CJK fonts through the font-family stack. Text is
#1a1a1a on white or on light highlight colours (contrast above 7:1); each kind also has its own
underline style, so colour is never the only cue. The script only adds the panel: everything it
shows is also on the resource pages, and the highlights are links that work without it.
"""

KIND_COLOURS = {  # background, underline (both pass WCAG AA with #1a1a1a text / on white)
    "indicators": ("#ffe69a", "#8a6100"),
    "organizations": ("#d4e6ff", "#1f5fa8"),
    "policies": ("#eadcff", "#6a3fb5"),
    "regions": ("#cdeed6", "#1e7a3c"),
    "designations": ("#ffd9c7", "#b34700"),
    "brands": ("#ffd6ea", "#a3245f"),
    "speakers": ("#e2e2e2", "#4a4a4a"),
}
UNDERLINES = {"indicators": "solid", "organizations": "dashed", "policies": "dotted", "regions": "double",
              "designations": "solid", "brands": "dashed", "speakers": "dotted"}
DEFAULT_COLOURS = ("#eeeeee", "#4a4a4a")

FONTS = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", '
         '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", '
         '"WenQuanYi Micro Hei", sans-serif')

BASE_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: %(fonts)s; font-size: 17px; line-height: 1.6; color: #1a1a1a; background: #fff; }
a { color: #0b4f9c; }
a:focus-visible, .hl:focus-visible, button:focus-visible { outline: 3px solid #c2185b; outline-offset: 2px; }
header.site { background: #12355b; color: #fff; padding: .6rem 1rem; }
header.site a { color: #fff; }
header.site nav a { margin-right: 1rem; white-space: nowrap; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: .5rem; background: #fff; color: #0b4f9c; padding: .3rem .6rem; z-index: 10; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.7rem; line-height: 1.25; }
table { border-collapse: collapse; width: 100%%; }
th, td { border-bottom: 1px solid #c8c8c8; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f3f5; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; font-size: .78rem; padding: 0 .45rem; border-radius: .6rem; border: 1px solid #4a4a4a; white-space: nowrap; }
.badge.derived { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #dbe7f6 4px, #dbe7f6 8px); border-color: #1f5fa8; color: #12355b; font-weight: bold; }
.badge.stated { background: #e8f3ea; border-color: #1e7a3c; }
.badge.inferred { background: #fff4d6; border-color: #8a6100; }
tr.derived td { background: #f6f9fd; }
figure { margin: 1.5rem 0; }
figcaption { color: #4a4a4a; font-size: .92rem; }
svg.chart a:focus rect, svg.chart a:hover rect { stroke: #c2185b; stroke-width: 3; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem .9rem; padding: 0; list-style: none; font-size: .9rem; }
.cite { background: #f4f6f8; border-left: 4px solid #12355b; padding: .6rem .9rem; }
mark { background: #ffe69a; color: #1a1a1a; padding: 0 .1em; border-bottom: 2px solid #8a6100; }
article.fact { border-top: 1px solid #c8c8c8; padding: .6rem 0 .8rem; scroll-margin-top: 1rem; }
article.fact:target { background: #fff8e1; outline: 3px solid #c2185b; outline-offset: 4px; }
article.fact h2 { font-size: 1.1rem; margin: .2rem 0; }
article.fact .sentence { font-size: 1.05rem; background: #fafafa; padding: .4rem .6rem; border-left: 3px solid #c8c8c8; }
article.fact dl { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .1rem .8rem; margin: .4rem 0; font-size: .92rem; }
article.fact dt { color: #4a4a4a; }
article.fact dd { margin: 0; overflow-wrap: anywhere; }
.muted { color: #4a4a4a; }
footer.site { max-width: 72rem; margin: 2rem auto; padding: 1rem; color: #4a4a4a; font-size: .9rem; border-top: 1px solid #c8c8c8; }

/* transcript */
.layout { display: grid; grid-template-columns: minmax(0, 44rem) minmax(16rem, 1fr); gap: 1.5rem; align-items: start; }
.turn { margin: 0 0 1rem; }
.turn-head { font-size: .85rem; font-weight: normal; color: #4a4a4a; margin: 0; text-transform: capitalize; }
.text { white-space: pre-wrap; font-size: 1.12rem; line-height: 2.1; }
.hl { color: #1a1a1a; text-decoration: none; border-bottom-width: 2px; border-bottom-style: solid; padding: .1em 0; }
.hl:hover { filter: brightness(.92); }
span.row { scroll-margin-top: 35vh; }
span.row:target, span.row.is-target { outline: 3px solid #c2185b; outline-offset: 1px; background: #fff3b0; }
span.row:target .hl, span.row.is-target .hl { background: #ffd54f; }
#panel { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow: auto; border: 1px solid #c8c8c8; border-radius: .4rem; padding: .6rem .9rem; background: #fff; }
#panel h2 { font-size: 1rem; margin: .2rem 0 .4rem; }
#panel h3 { font-size: 1.05rem; margin: .2rem 0; }
#panel .entry { border-top: 1px solid #e0e0e0; padding: .5rem 0; }
#panel .entry:first-of-type { border-top: 0; }
#panel .quote { background: #fff3b0; }
#panel dl { display: grid; grid-template-columns: auto 1fr; gap: 0 .6rem; margin: .3rem 0; font-size: .92rem; }
#panel dt { color: #4a4a4a; }
#panel dd { margin: 0; }
@media (max-width: 56rem) {
  .layout { display: block; }
  #panel { position: fixed; left: 0; right: 0; bottom: 0; top: auto; max-height: 45vh; border-radius: 0; box-shadow: 0 -2px 8px rgba(0,0,0,.2); }
  #panel:empty, #panel.idle { display: none; }
  main.transcript { padding-bottom: 48vh; }
}
@media print { #panel { display: none; } }
"""  # noqa: E501  (CSS, one rule a line, written to site.css as it stands)


def stylesheet() -> str:
    kinds = []
    for kind, (background, line) in KIND_COLOURS.items():
        style = UNDERLINES.get(kind, "solid")
        kinds.append(f".k-{kind}.hl, .legend .k-{kind} "
                     f"{{ background: {background}; border-bottom: 3px {style} {line}; }}\n"
                     f"rect.kind-bar.k-{kind} {{ fill: {background}; stroke: {line}; stroke-width: 1.5; }}")
    background, line = DEFAULT_COLOURS
    kinds.append(f".hl {{ background: {background}; border-bottom-color: {line}; }}")
    # per-kind rules come after the default so they win
    return BASE_CSS % {"fonts": FONTS} + "\n" + kinds[-1] + "\n" + "\n".join(kinds[:-1]) + "\n"


SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rows-data").textContent);
  var panel = document.getElementById("panel");
  if (!panel) { return; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function entry(key) {
    var row = data[key];
    if (!row) { return null; }
    var box = el("div", null, "entry");
    box.setAttribute("data-key", key);
    var head = el("h3");
    head.appendChild(el("span", row.en));
    if (row.zh) { head.appendChild(document.createTextNode(" · ")); var zh = el("span", row.zh); zh.lang = "zh-Hans"; head.appendChild(zh); }
    box.appendChild(head);
    var meta = el("p");
    meta.appendChild(el("span", row.status, "badge " + row.status));
    meta.appendChild(document.createTextNode(" " + row.resource + " · " + row.statusText));
    box.appendChild(meta);
    var list = el("dl");
    row.lines.forEach(function (pair) { list.appendChild(el("dt", pair[0])); var dd = el("dd", pair[1], "value"); list.appendChild(dd); });
    list.appendChild(el("dt", "Quote · 引文"));
    var quote = el("dd", row.quote, "quote"); quote.lang = "zh-Hans"; list.appendChild(quote);
    box.appendChild(list);
    var links = el("p");
    var perma = el("a", "Permalink"); perma.href = "#" + key; links.appendChild(perma);
    links.appendChild(document.createTextNode(" · "));
    var page = el("a", "Row on the " + row.resource + " page"); page.href = row.page; links.appendChild(page);
    box.appendChild(links);
    return box;
  }

  function show(keys) {
    panel.textContent = "";
    panel.classList.remove("idle");
    var title = el("h2", keys.length === 1 ? "1 row states this" : keys.length + " rows cover this");
    panel.appendChild(title);
    keys.forEach(function (key) { var box = entry(key); if (box) { panel.appendChild(box); } });
  }

  function markTarget() {
    Array.prototype.forEach.call(document.querySelectorAll(".is-target"), function (n) { n.classList.remove("is-target"); });
    var key = decodeURIComponent(location.hash.slice(1));
    if (!data[key]) { return; }
    // a span cut in two by a crossing one: CSS :target marks the first part, this marks the rest
    Array.prototype.forEach.call(document.querySelectorAll('[data-part-of="' + CSS.escape(key) + '"]'),
      function (n) { n.classList.add("is-target"); });
    if (!panel.querySelector('[data-key="' + CSS.escape(key) + '"]')) { show([key]); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.hl") : null;
    if (!link) { return; }
    show(link.getAttribute("data-rows").split(" "));
  });
  window.addEventListener("hashchange", markTarget);
  if (location.hash) { markTarget(); }
})();
"""  # noqa: E501  (JavaScript written to site.js as it stands)
