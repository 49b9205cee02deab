"""A static, readable edition of the course, its "book": ``python -m course_utils site [--out site]``.

Every notebook becomes an HTML page with its stored outputs and figures (nothing is re-run), a sidebar
with the course map, a search box and the page's own contents, and previous/next links at the top and
bottom of the page (course order: the course map, 00 .. 10, the glossary). ``index.html`` has the
course map and ``glossary.html`` every term of the glossary. Open ``site/index.html`` in a browser; no
server is needed, and nothing is loaded from the network:

* maths is typeset when the site is built: every ``$...$`` and ``$$...$$`` formula, in Markdown cells
  and in Markdown outputs, becomes MathML (:mod:`.mathml`, the converter the slide decks use), which
  browsers display natively; the lab template's MathJax, require.js, mermaid and widget-manager scripts
  are left out (a stored widget shows its text fallback);
* figures are embedded as ``data:`` URIs, and an image on the web (the Colab badge) is replaced by its
  words, so "Open In Colab" is a plain link;
* the search box searches page titles, ``##``/``###`` headings and the glossary's terms, in Chinese and
  English; its index and code are ``search.js``, loaded by relative path (works from ``file://``);
* a page prints cleanly (``@media print``): no sidebar, search or page links, full-width content,
  figures fitted to the page and kept whole, headings kept with what follows them.

:func:`build_site` refuses to write a page that still loads something from the network
(:func:`remote_resources` lists what a page loads from outside its folder).

Two languages: the English edition in ``site/`` and the Chinese one (``notebooks/zh/``, with the course map,
glossary and labels in Chinese) in ``site/zh/``; every page has a language switch to its twin.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import re
import sys
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..paths import NOTEBOOK_DIR, ROOT, course_notebooks
from .mathml import MathRecord, math_css, math_renderer_class, render_markdown
from .slides import FONT_STACK

#: the site's own script: the search index and the search box's code
SEARCH_JS = "search.js"

STYLE = """
<style>
  :root { --jp-content-font-family: %(font)s; --jp-ui-font-family: %(font)s; }
  body.course-plain { font: 16px/1.6 %(font)s; color: #1e1e1e; margin: 0; }
  body.course-plain table { border-collapse: collapse; margin: 1em 0; font-size: 14px; }
  body.course-plain th, body.course-plain td { border: 1px solid #ccd; padding: 4px 8px; vertical-align: top; }
  body.course-plain tr:target { background: #fff6d5; }
  body.course-plain a.anchor-link { visibility: hidden; margin-left: 6px; text-decoration: none; color: #888; }
  body.course-plain :hover > a.anchor-link { visibility: visible; }
  .course-nav { position: fixed; top: 0; left: 0; bottom: 0; width: 270px; overflow-y: auto; padding: 14px;
    box-sizing: border-box; background: #f6f7f9; border-right: 1px solid #ddd;
    font: 14px/1.45 %(font)s; z-index: 10; }
  .course-nav h3 { font-size: 15px; margin: 6px 0 10px; }
  .lang-switch { margin: 0 0 10px; font-size: 14px; }
  .course-nav ol, .course-nav ul { padding-left: 18px; margin: 4px 0 12px; }
  .course-nav a { color: #1a5fb4; text-decoration: none; }
  .course-nav a:hover { text-decoration: underline; }
  .course-nav .current { font-weight: 600; }
  .course-nav .contents { font-size: 13px; }
  .course-search { margin: 0 0 12px; }
  .course-search input { width: 100%%; box-sizing: border-box; padding: 5px 8px; font: inherit;
    border: 1px solid #b8bec8; border-radius: 4px; }
  .course-search ul { list-style: none; padding: 0; margin: 6px 0 0; max-height: 50vh; overflow-y: auto; }
  .course-search li { margin: 0 0 6px; font-size: 13px; }
  .course-search li .where { display: block; color: #666; font-size: 12px; }
  .course-search .none { color: #666; }
  .course-page { margin-left: 300px; max-width: 1000px; padding: 8px 20px 40px; }
  .page-links { display: flex; justify-content: space-between; gap: 16px; margin: 8px 0 16px;
    font: 14px/1.4 %(font)s; }
  .page-links.bottom { border-top: 1px solid #ddd; padding-top: 12px; margin-top: 28px; }
  .page-links a { color: #1a5fb4; text-decoration: none; }
  .page-links .next { margin-left: auto; text-align: right; }
  .badge { display: inline-block; padding: 1px 8px; border: 1px solid #b8bec8; border-radius: 4px;
    font-size: 13px; background: #f6f7f9; }
  .math-display { overflow-x: auto; overflow-y: hidden; }
  math[display="block"] { font-size: 1.1em; }
  @media (max-width: 800px) { .course-nav { position: static; width: auto; } .course-page { margin-left: 0; } }
  @media print {
    .course-nav, .page-links, .course-search, .badge { display: none !important; }
    .course-page { margin: 0 !important; max-width: none !important; padding: 0 !important; }
    body { background: #fff !important; }
    img, svg, canvas { max-width: 100%% !important; height: auto !important; }
    img, figure, table, pre, .math-display, .jp-RenderedImage, .jp-OutputArea-child, .jp-Cell-inputWrapper {
      break-inside: avoid; page-break-inside: avoid; }
    h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; page-break-inside: avoid; }
    p, li { orphans: 3; widows: 3; }
    pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
    .jp-InputArea, .jp-InputArea-editor, .jp-OutputArea, .math-display { overflow: visible !important; }
    .jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
    a { color: inherit; text-decoration: none; }
  }
</style>
"""

# The lab template without the scripts it would fetch from a CDN: require.js, MathJax, mermaid and the
# jupyter-widgets HTML manager (maths is MathML already; a stored widget shows its text fallback).
_TEMPLATE = "course_site.html.j2"
_TEMPLATE_SOURCE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

# the search box's code; the index is prepended as COURSE_SEARCH_INDEX = [[href, text, page title], ...]
_SEARCH_CODE = """
(function () {
  "use strict";
  var MAX = 25;
  function fold(s) { return s.toLowerCase().normalize("NFKC"); }
  var entries = COURSE_SEARCH_INDEX.map(function (e) {
    return {href: e[0], text: e[1], page: e[2], key: fold(e[1]), all: fold(e[1] + " " + e[2])};
  });
  function search(query) {
    var terms = fold(query).split(/\\s+/).filter(Boolean);
    if (!terms.length) return [];
    var inText = [], inPage = [];
    entries.forEach(function (e) {
      if (!terms.every(function (t) { return e.all.indexOf(t) >= 0; })) return;
      (terms.every(function (t) { return e.key.indexOf(t) >= 0; }) ? inText : inPage).push(e);
    });
    return inText.concat(inPage);
  }
  function setup() {
    var box = document.getElementById("course-search");
    var list = document.getElementById("course-search-results");
    if (!box || !list) return;
    function show() {
      list.textContent = "";
      if (!box.value.trim()) return;
      var found = search(box.value);
      found.slice(0, MAX).forEach(function (e) {
        var item = document.createElement("li"), link = document.createElement("a");
        var where = document.createElement("span");
        link.href = e.href; link.textContent = e.text;
        where.className = "where"; where.textContent = e.page;
        item.appendChild(link);
        if (e.page !== e.text) item.appendChild(where);
        list.appendChild(item);
      });
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "none"; none.textContent = "没有结果 · no match";
        list.appendChild(none);
      } else if (found.length > MAX) {
        var more = document.createElement("li");
        more.className = "none"; more.textContent = "… " + (found.length - MAX) + " more: add a word";
        list.appendChild(more);
      }
    }
    box.addEventListener("input", show);
    box.addEventListener("keydown", function (event) {
      var first = list.querySelector("a");
      if (event.key === "Enter" && first) { window.location.href = first.href; }
      if (event.key === "Escape") { box.value = ""; show(); }
    });
    show();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
"""

#: the words around the pages, per edition
LABELS = {
    "en": {
        "index": "课程地图 · Course map",
        "glossary": "术语表 · Glossary",
        "previous": "← 上一页 · Previous: {title}",
        "next": "下一页 · Next: {title} →",
        "search": "搜索标题 · Search headings",
        "search_long": "搜索标题 · Search the headings of every page",
        "switch": "中文",
        "start": "00 · 从这里开始 · Start here",
    },
    "zh": {
        "index": "课程地图",
        "glossary": "术语表",
        "previous": "← 上一页：{title}",
        "next": "下一页：{title} →",
        "search": "搜索标题",
        "search_long": "搜索每一页的标题",
        "switch": "English",
        "start": "00 · 从这里开始",
    },
}
#: where each edition's pages go, inside the site's folder, and where its twin is seen from there
EDITION_FOLDER = {"en": "", "zh": "zh"}
TWIN_PREFIX = {"en": "zh/", "zh": "../"}


def _search_box(language: str = "en") -> str:
    words = LABELS[language]
    return (
        '<div class="course-search" role="search"><input type="search" id="course-search" autocomplete="off" '
        f'placeholder="{words["search"]}" aria-label="{words["search_long"]}">'
        '<ul id="course-search-results"></ul></div>'
    )


# ---------------------------------------------------------------------------------------------- pages


def _pages(language: str = "en") -> list[tuple[str, str, Path]]:
    """(html file, title, notebook) for every notebook of the course's ``language`` edition, in order."""
    from ..syllabus import COURSE_MAP

    by_file = {c.file: c for c in COURSE_MAP}
    pages = []
    for path in course_notebooks(NOTEBOOK_DIR / EDITION_FOLDER[language]):
        chapter = by_file.get(path.name)
        if chapter is None:
            title = path.stem
        elif language == "zh":
            title = f"{chapter.number} · {chapter.title_zh}"
        else:
            title = f"{chapter.number} · {chapter.title_zh} · {chapter.title_en}"
        if path.name.startswith("00_"):
            title = LABELS[language]["start"]
        pages.append((path.with_suffix(".html").name, title, path))
    return pages


def _switch(file: str, language: str, twins: set[str]) -> str:
    """The link to the same page in the other edition (none if that edition has no such page)."""
    if file not in twins:
        return ""
    other = "zh" if language == "en" else "en"
    return (
        f'<p class="lang-switch"><a hreflang="{other}" href="{TWIN_PREFIX[language]}{file}">'
        f"{LABELS[language]['switch']}</a></p>"
    )


def _nav(
    pages: list[tuple[str, str, Path]],
    current: str,
    contents: list[tuple[str, str]],
    language: str = "en",
    twins: set[str] | None = None,
) -> str:
    """The sidebar: the site's title, the language switch, the search box, every page (``current`` with its
    ``contents``: (id, text)) and the glossary."""
    items = []
    for file, title, _ in pages:
        cls = ' class="current"' if file == current else ""
        items.append(f'<li><a{cls} href="{file}">{html.escape(title)}</a></li>')
        if file == current and contents:
            inner = "".join(
                f'<li><a href="#{html.escape(anchor)}">{html.escape(text)}</a></li>' for anchor, text in contents
            )
            items.append(f'<ul class="contents">{inner}</ul>')
    return (
        '<nav class="course-nav"><h3><a href="index.html">LM Foundations · 语言模型发展历程</a></h3>'
        f'{_switch(current, language, twins or set())}{_search_box(language)}<ol start="0">{"".join(items)}</ol>'
        f'<a href="glossary.html">{LABELS[language]["glossary"]}</a></nav>'
    )


def _page_links(order: list[tuple[str, str]], current: str, where: str, language: str = "en") -> str:
    """Links to the previous and the next page of ``order`` ((file, title) in reading order)."""
    files = [f for f, _ in order]
    at = files.index(current)
    words = LABELS[language]
    parts = []
    if at > 0:
        file, title = order[at - 1]
        text = html.escape(words["previous"].format(title=title))
        parts.append(f'<a class="prev" rel="prev" href="{file}">{text}</a>')
    if at + 1 < len(order):
        file, title = order[at + 1]
        text = html.escape(words["next"].format(title=title))
        parts.append(f'<a class="next" rel="next" href="{file}">{text}</a>')
    return f'<nav class="page-links {where}">{"".join(parts)}</nav>'


def _relink(body: str) -> str:
    """Links between notebooks point at their pages."""
    return re.sub(r'href="((?:\.\./)?)(\d\d_[\w.-]+)\.ipynb(#[^"]*)?"', r'href="\1\2.html\3"', body)


def _text(fragment: str) -> str:
    """The words of an HTML fragment: no tags, no heading anchor."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("¶", "")).strip()


def headings(page: str, levels: str = "23") -> list[tuple[int, str, str]]:
    """``(level, id, text)`` of every ``<h2>``/``<h3>`` (``levels``) with an id in ``page``, in order."""
    pattern = rf'<h([{levels}])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>'
    found = re.findall(pattern, page, flags=re.S)
    return [(int(level), html.unescape(anchor), _text(inner)) for level, anchor, inner in found]


# ---------------------------------------------------------------------------------------------- rendering


_REMOTE = re.compile(r"^\s*(?:https?:|[a-z][a-z0-9+.-]*://|//)", re.I)
_RAW_IMG = re.compile(r"<img\b[^>]*>", re.I)


def _words_for_remote_images(fragment: str) -> str:
    """Raw HTML's ``<img>`` from the web becomes its alt text (a page of the site loads nothing from outside)."""

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        src = re.search(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", tag, re.I)
        if not src or not _REMOTE.match(src.group(1)):
            return tag
        alt = re.search(r"""\balt\s*=\s*(["'])(.*?)\1""", tag, re.I | re.S)
        return f'<span class="badge">{alt.group(2) if alt else "image"}</span>'

    return _RAW_IMG.sub(replace, fragment)


@functools.cache
def _renderer_class() -> type:
    """The Markdown renderer for site pages: maths as MathML (:mod:`.mathml`), heading anchors as in
    JupyterLab, files and attachments embedded, and an image on the web replaced by its words."""

    class SiteRenderer(math_renderer_class()):
        def __init__(self, math: MathRecord, attachments: dict | None = None) -> None:
            super().__init__(
                math,
                escape=False,  # the notebooks' own HTML (<details>) is kept
                embed_images=False,  # image() embeds files itself; nbconvert's would re-parse HTML blocks alone
                path=str(NOTEBOOK_DIR),
                attachments=attachments or {},
            )

        def image(self, text: str, url: str, title: str | None = None) -> str:
            try:
                src = self._embed_image_or_attachment(url)  # attachment: -> data:
            except Exception:  # a missing attachment: the words stay
                return f'<span class="badge">{html.escape(text)}</span>'
            if not _REMOTE.match(src) and not src.startswith("data:"):  # a file beside the notebook
                src = self._src_to_base64(src) or src
            if not src.startswith("data:"):  # the Colab badge reads "Open In Colab": a plain link
                return f'<span class="badge">{html.escape(text)}</span>'
            return f'<img src="{html.escape(src)}" alt="{html.escape(text)}">'

        def block_html(self, html_: str) -> str:
            return super().block_html(_words_for_remote_images(html_))

        def inline_html(self, html_: str) -> str:
            return super().inline_html(_words_for_remote_images(html_))

    return SiteRenderer


def _markdown(source: str, math: MathRecord, attachments: dict | None = None) -> str:
    """Markdown (maths included) as site HTML."""
    return render_markdown(source, _renderer_class()(math, attachments))


def _exporter(math: MathRecord) -> Any:
    """nbconvert's HTML exporter (lab template, Colab's install cell left out) with the maths-aware Markdown
    filter and without the template's CDN scripts; ``exporter.math`` records the formulas of each page."""
    from jinja2 import DictLoader, pass_context
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    class SiteExporter(HTMLExporter):
        @pass_context
        def markdown2html(self, context: Any, source: str) -> str:
            cell = context.get("cell", {})
            return _markdown(source, self.math, cell.get("attachments") if cell else None)

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {"colab"}  # Colab's install cell is noise on a web page
    config.TagRemovePreprocessor.enabled = True
    exporter = SiteExporter(
        template_name="lab",
        template_file=_TEMPLATE,
        extra_loaders=[DictLoader({_TEMPLATE: _TEMPLATE_SOURCE})],
        config=config,
    )
    exporter.language_code = "zh"
    exporter.math = math
    return exporter


def _wrap(page_html: str, nav: str, links: tuple[str, str] = ("", "")) -> str:
    """``page_html`` with the site's style, the sidebar, the page links and the search script."""
    page_html = page_html.replace("</head>", STYLE % {"font": FONT_STACK} + f"<style>{math_css()}</style></head>", 1)
    top, bottom = links
    page_html = re.sub(
        r"(<body[^>]*>)", lambda m: m.group(1) + nav + '<div class="course-page">' + top, page_html, count=1
    )
    return page_html.replace("</body>", f'{bottom}</div><script src="{SEARCH_JS}"></script></body>', 1)


def _markdown_page(title: str, body: str) -> str:
    """A page of the site that is not a notebook: ``body`` (HTML) in a plain document."""
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        f'<title>{html.escape(title)}</title></head><body class="course-plain">{body}</body></html>\n'
    )


def _glossary_rows(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The glossary's table with an id on every row (``term-N``), and ``(id, "中文 · English")`` for each."""
    terms: list[tuple[str, str]] = []

    def row(match: re.Match) -> str:
        cells = re.findall(r"<td\b[^>]*>(.*?)</td>", match.group(1), re.S)
        if len(cells) < 2:
            return match.group(0)
        anchor = f"term-{len(terms) + 1}"
        terms.append((anchor, f"{_text(cells[0])} · {_text(cells[1])}"))
        return f'<tr id="{anchor}">{match.group(1)}</tr>'

    return re.sub(r"<tr>(.*?)</tr>", row, body, flags=re.S), terms


# ---------------------------------------------------------------------------------------------- checks


class _Resources(HTMLParser):
    """Every address an HTML page loads (not links the reader may follow): ``src``/``srcset``/``poster``/
    ``data`` of embedded elements, ``<link href>`` (stylesheets, icons, preloads), CSS ``url()`` and
    ``@import`` in ``<style>`` and ``style=``, and quoted addresses in inline scripts (``import("...")``)."""

    EMBEDDED = frozenset({"script", "img", "iframe", "frame", "embed", "source", "track", "audio", "video", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inside = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in self.EMBEDDED:
            self.found += [values[a] for a in ("src", "poster") if values.get(a)]
        if values.get("srcset"):
            self.found += [part.split()[0] for part in values["srcset"].split(",") if part.strip()]
        if tag == "link" and values.get("href"):
            self.found.append(values["href"])
        if tag == "object" and values.get("data"):
            self.found.append(values["data"])
        if tag in ("image", "use", "feimage"):  # SVG
            self.found += [values[a] for a in ("href", "xlink:href") if values.get(a)]
        if values.get("style"):
            self.found += _css_resources(values["style"])
        if tag in ("style", "script"):
            self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = ""

    def handle_data(self, data: str) -> None:
        if self._inside == "style":
            self.found += _css_resources(data)
        elif self._inside == "script":
            self.found += re.findall(r"""["'`]\s*((?:https?:)?//[^"'`\s]*)""", data)


_CSS_RESOURCE = re.compile(r"""url\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)""")


def _css_resources(css: str) -> list[str]:
    """The addresses a stylesheet loads, in order: ``url(...)`` and ``@import "..."``."""
    return [url or imported for url, imported in _CSS_RESOURCE.findall(css)]


def loaded_resources(page: str) -> list[str]:
    """Every address ``page`` (HTML) loads when opened, in order (see :class:`_Resources`)."""
    parser = _Resources()
    parser.feed(page)
    parser.close()
    return parser.found


def remote_resources(page: str) -> list[str]:
    """What ``page`` (HTML) would load from the network: addresses with a host (``http(s)://``, ``//``)."""
    return [url for url in loaded_resources(page) if _REMOTE.match(url)]


# ---------------------------------------------------------------------------------------------- build


INTRO = {
    "en": (
        "# LM Foundations · 语言模型发展历程 · 动手实践\n\n"
        'A runnable, tested companion to 《大语言模型》 chapter 1.1, "语言模型发展历程": one notebook per '
        "section of the study group's reading notes. This is the read-only edition, with the outputs the "
        "notebooks store; to run them, see the project's README.\n\n## 课程地图 · Course map\n\n"
    ),
    "zh": (
        "# LM Foundations · 语言模型发展历程 · 动手实践\n\n"
        "《大语言模型》第 1.1 节“语言模型发展历程”的动手实践课程：读书笔记的每一节对应一个可运行、经过测试的笔记本。"
        "这是只读版，显示笔记本保存的输出；要运行它们，请看项目的 README（README.zh.md）。\n\n## 课程地图\n\n"
    ),
}


def build_site(
    out: Path | str = ROOT / "site",
    notebooks: list[str] | None = None,
    math: MathRecord | None = None,
    language: str = "en",
) -> list[Path]:
    """Write one edition of the static site to ``out`` (pages for ``notebooks``, default all); returns the files.

    ``language="zh"``: the Chinese notebooks (``notebooks/zh/``), with the course map, glossary and labels in
    Chinese; :func:`build_editions` puts it in ``site/zh/``. Every page links to its twin in the other edition
    (``zh/NAME`` from the English, ``../NAME`` from the Chinese) when that edition has it. ``math``, if given,
    records every formula converted (and any shown as TeX source). Raises ``RuntimeError`` if a page would still
    load something from the network.
    """
    import nbformat

    from ..i18n import using
    from ..syllabus import course_map_markdown, glossary_markdown

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    math = math if math is not None else MathRecord()
    words = LABELS[language]
    pages = [p for p in _pages(language) if notebooks is None or p[2].name in notebooks]
    other = "zh" if language == "en" else "en"
    twins = {f for f, _, _ in _pages(other)}
    twins |= {"index.html", "glossary.html"} if twins else set()
    index_title, glossary_title = words["index"], words["glossary"]
    order = [("index.html", index_title)] + [(f, t) for f, t, _ in pages] + [("glossary.html", glossary_title)]
    exporter = _exporter(math)
    documents: dict[str, str] = {}
    search: list[tuple[str, str, str]] = []
    for file, title, path in pages:
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
        body = _relink(body)
        body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", body, count=1, flags=re.S)
        found = headings(body)
        links = (_page_links(order, file, "top", language), _page_links(order, file, "bottom", language))
        contents = [(a, t) for level, a, t in found if level == 2]
        documents[file] = _wrap(body, _nav(pages, file, contents, language, twins), links)
        search += [(file, title, title)] + [(f"{file}#{a}", text, title) for _, a, text in found]
    with using(language):
        index = _relink(_markdown(INTRO[language] + course_map_markdown(), math))
        glossary, terms = _glossary_rows(_markdown(f"# {glossary_title}\n\n" + glossary_markdown(), math))
    for file, title, body in (("index.html", "LM Foundations", index), ("glossary.html", glossary_title, glossary)):
        links = (_page_links(order, file, "top", language), _page_links(order, file, "bottom", language))
        documents[file] = _wrap(_markdown_page(title, body), _nav(pages, file, [], language, twins), links)
    search[:0] = [("index.html", index_title, index_title)] + [
        (f"index.html#{a}", text, index_title) for _, a, text in headings(index)
    ]
    search += [("glossary.html", glossary_title, glossary_title)] + [
        (f"glossary.html#{a}", text, glossary_title) for a, text in terms
    ]
    for file, document in documents.items():
        remote = remote_resources(document)
        if remote:
            raise RuntimeError(f"{file} would load {sorted(set(remote))} from the network; the site must work offline")
    written = []
    for file in ["index.html", "glossary.html", *(f for f, _, _ in pages)]:
        (out / file).write_text(documents[file], encoding="utf-8")
        written.append(out / file)
    script = out / SEARCH_JS
    index_json = json.dumps([list(e) for e in search], ensure_ascii=False, separators=(",", ":"))
    script.write_text(f"var COURSE_SEARCH_INDEX = {index_json};\n{_SEARCH_CODE.lstrip()}", encoding="utf-8")
    return [*written, script]


def build_editions(out: Path | str = ROOT / "site", math: MathRecord | None = None) -> list[Path]:
    """Both editions: the English in ``out``, the Chinese (when ``notebooks/zh/`` exists) in ``out/zh``."""
    out = Path(out)
    files = build_site(out, math=math)
    if _pages("zh"):
        files += build_site(out / EDITION_FOLDER["zh"], math=math, language="zh")
    return files


def search_index(script: str) -> list[tuple[str, str, str]]:
    """The ``(href, text, page title)`` entries of a written ``search.js``."""
    head = script.split("\n", 1)[0]
    return [tuple(e) for e in json.loads(head.removeprefix("var COURSE_SEARCH_INDEX = ").removesuffix(";"))]


def main(argv: list[str] | None = None) -> int:
    """python -m course_utils site [--out FOLDER]"""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils site",
        description=(
            "Build the static, readable edition of the course: one HTML page per notebook with its stored "
            "outputs (nothing is re-run), a course map, the glossary, a search box and previous/next links. "
            "Formulas are typeset as the site is built, so it works offline. Open FOLDER/index.html in a browser."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "site",
        metavar="FOLDER",
        help="where to write the pages (created if missing; default: site/ in the course folder)",
    )
    args = parser.parse_args(argv)
    out = args.out
    math = MathRecord()
    files = build_editions(out, math=math)
    for _, why in math.failed:
        print(f"  a formula is shown as TeX source: {why}", file=sys.stderr)
    index = (out / "index.html").resolve()
    pages = sum(1 for f in files if f.suffix == ".html")
    print(
        f"wrote {pages} pages and {SEARCH_JS} to {out} (the Chinese edition in {out / 'zh'}; {len(math.formulas)} "
        f"formulas typeset as MathML, {len(math.failed)} shown as TeX source); open "
        f"{urllib.parse.unquote(index.as_uri())}"
    )
    return 0
