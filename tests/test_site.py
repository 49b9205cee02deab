"""The static, readable edition (python -m course_utils site): offline, typeset maths, search, page links, print."""

import html
import re

import pytest

from course_utils.paths import course_notebooks
from course_utils.tools import mathml, site

#: a resource a page would load from another host: an embedded element's src, any <link href>, CSS url()
#: and @import, an inline script's import(); written apart from site.remote_resources, which it checks
REMOTE = re.compile(
    r"""(?:<(?:script|img|iframe|frame|embed|source|track|audio|video|input)\b[^>]*?\s(?:src|poster|srcset)\s*=\s*"""
    r"""["']?|<link\b[^>]*?\shref\s*=\s*["']?|url\(\s*["']?|@import\s+(?:url\(\s*)?["']?|\bimport\s*\(\s*["'])"""
    r"""(?:https?:)?//""",
    re.I,
)
ORDER = ["index.html", *(p.with_suffix(".html").name for p in course_notebooks()), "glossary.html"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The whole site, built once (about 10 s: every notebook, 593 formulas)."""
    out = tmp_path_factory.mktemp("site")
    math = mathml.MathRecord()
    files = site.build_site(out, math=math)
    return out, files, math


def _page(out, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def _visible_text(page: str, code: bool = True) -> str:
    """What a reader sees as text: no tags, scripts or styles (and, unless ``code``, no code or printed output)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S | re.I)
    if not code:  # a plot's label in the code may be TeX: r"$\sigma'(z)$"
        body = re.sub(r"<pre\b.*?</pre>", "", body, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_the_site_has_pages_with_outputs_a_sidebar_and_working_links(tmp_path):
    files = site.build_site(tmp_path, notebooks=["00_start_here.ipynb", "09_elmo.ipynb"])
    assert {f.name for f in files} == {"index.html", "glossary.html", "00_start_here.html", "09_elmo.html", "search.js"}
    page = (tmp_path / "09_elmo.html").read_text(encoding="utf-8")
    assert '<nav class="course-nav">' in page and '<a class="current" href="09_elmo.html">' in page
    assert 'href="#5-' in page  # the page's own contents, linked to its headings
    assert "epoch" in page and "data:image/png;base64," in page  # stored outputs and figures, not re-run
    assert "google.colab" not in page  # the Colab install cell is left out
    assert 'href="00_start_here.html"' in page and '.ipynb"' not in re.sub(r"colab[^\"]*", "", page)
    # a partial build links its own pages in order: 09 follows 00
    assert '<a class="prev" rel="prev" href="00_start_here.html">' in page
    assert '<a class="next" rel="next" href="glossary.html">' in page
    index = html.unescape((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert 'href="09_elmo.html"' in index and "课程地图" in index
    glossary = html.unescape((tmp_path / "glossary.html").read_text(encoding="utf-8"))
    assert "上下文词向量" in glossary and "困惑度" in glossary


def test_no_page_loads_anything_from_the_network(built):
    out, files, _ = built
    assert {f.name for f in files} == {*ORDER, "search.js"}
    for name in ORDER:
        page = _page(out, name)
        assert not REMOTE.search(page), f"{name}: {REMOTE.search(page).group(0)!r}"
        assert site.remote_resources(page) == [], name
        for url in site.loaded_resources(page):  # figures and the lab theme's icons are embedded
            assert url.startswith("data:") or url == "search.js", (name, url[:80])
        lowered = page.lower()
        assert "mathjax" not in lowered and "require.js" not in lowered and "mermaid.esm" not in lowered, name
        assert "unpkg.com" not in lowered and "cdnjs" not in lowered and "cdn.jsdelivr" not in lowered, name
    assert not re.search(r"""["'`](?:https?:)?//""", _page(out, "search.js"))
    smoothing = _page(out, "02_smoothing.html")
    # the Colab badge is words in a link: hyperlinks stay, the badge image from the web does not
    assert re.search(
        r'<a href="https://colab\.research\.google\.com/[^"]+"><span class="badge">Open In Colab', smoothing
    )
    assert "colab-badge.svg" not in smoothing


def test_the_resource_check_finds_what_a_page_would_load():
    page = """<html><head><script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn/s.css">
    <style>@import "https://fonts/f.css"; .a { background: url('http://img/a.png') }
    .b { background: url(data:x) }</style>
    <script type="module">const m = await import("https://cdn/m.mjs");</script></head><body>
    <img src="https://x/badge.svg"><iframe src="https://x/frame"></iframe><div style="background:url(//x/y.png)"></div>
    <img src="data:image/png;base64,AAAA"><script src="search.js"></script>
    <a href="https://colab.research.google.com/x">a link is not loaded</a></body></html>"""
    remote = site.remote_resources(page)
    assert remote == [
        "https://cdn.example/x.js",
        "//cdn/s.css",
        "https://fonts/f.css",
        "http://img/a.png",
        "https://cdn/m.mjs",
        "https://x/badge.svg",
        "https://x/frame",
        "//x/y.png",
    ]
    assert {u for u in site.loaded_resources(page) if u not in remote} == {
        "data:x",
        "data:image/png;base64,AAAA",
        "search.js",
    }
    assert len(REMOTE.findall(page)) == len(remote)  # the test's own pattern agrees


def test_a_page_that_would_load_from_a_cdn_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setattr(
        site, "_TEMPLATE_SOURCE", "{%- extends 'index.html.j2' -%}"
    )  # the lab template, scripts and all
    with pytest.raises(RuntimeError, match=r"00_start_here\.html would load .*cdnjs.*must work offline"):
        site.build_site(tmp_path, notebooks=["00_start_here.ipynb"])
    assert not list(tmp_path.iterdir())


def test_formulas_are_typeset_as_mathml_when_the_site_is_built(built):
    out, _, math = built
    assert len(math.formulas) > 500 and not math.failed, math.failed[:3]
    total = sum(_page(out, name).count("<math") for name in ORDER)
    assert total == len(math.formulas)  # every formula, once
    smoothing = _page(out, "02_smoothing.html")
    assert smoothing.count("<math") > 50 and '<math display="block">' in smoothing and "<mfrac>" in smoothing
    assert '<span class="eq-tag">(2.1)</span>' in smoothing
    for name in ORDER:
        text = _visible_text(_page(out, name))
        assert "$$" not in text and "\\frac" not in text and "\\text{" not in text, name
        prose = _visible_text(_page(out, name), code=False)
        assert not re.search(r"\$[^$\s][^$]*\\[A-Za-z]+[^$]*\$", prose), name  # no $...\cmd...$ left either


def test_maths_in_markdown_outputs_is_typeset_too():
    """A table or note shown with Markdown(...) may hold $...$: it is converted like a Markdown cell."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    table = r"| model | $p(w \mid h)$ |" "\n" r"|---|---|" "\n" r"| add-one | $$\frac{c+1}{N+V}$$ |"
    output = {"text/markdown": table, "text/plain": "x"}
    nb = new_notebook(
        cells=[
            new_markdown_cell(
                "# T\n\n![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg) $x_1$"
            ),
            new_code_cell("show()", outputs=[new_output("execute_result", data=output, execution_count=1)]),
        ]
    )
    math = mathml.MathRecord()
    page, _ = site._exporter(math).from_notebook_node(nb)
    assert len(math.formulas) == 3 and not math.failed
    assert page.count("<math") == 3 and "<mfrac>" in page and "\\frac" not in _visible_text(page)
    assert '<span class="badge">Open In Colab</span>' in page and site.remote_resources(page) == []


def test_every_page_links_to_the_previous_and_the_next(built):
    out, _, _ = built
    for at, name in enumerate(ORDER):
        page = _page(out, name)
        prev = re.findall(r'<a class="prev" rel="prev" href="([^"]+)">', page)
        nxt = re.findall(r'<a class="next" rel="next" href="([^"]+)">', page)
        assert prev == ([ORDER[at - 1]] * 2 if at > 0 else []), name  # at the top and at the bottom
        assert nxt == ([ORDER[at + 1]] * 2 if at + 1 < len(ORDER) else []), name
        assert page.count('<nav class="page-links top">') == 1 and page.count('<nav class="page-links bottom">') == 1
    smoothing = _page(out, "02_smoothing.html")
    assert "Previous: 01 · 统计语言模型" in smoothing and "Next: 03 · 神经网络语言模型" in smoothing


def test_the_search_index_lists_every_page_and_heading(built):
    out, _, _ = built
    entries = site.search_index(_page(out, "search.js"))
    hrefs = {href: text for href, text, _ in entries}
    for name in ORDER:
        page = _page(out, name)
        assert '<input type="search" id="course-search"' in page and '<script src="search.js"></script>' in page
        assert name in hrefs, name  # the page itself, by its title
        found = site.headings(page)
        assert found or name == "glossary.html", name
        for _, anchor, text in found:  # every ## and ### heading, Chinese and English, linked to its anchor
            assert hrefs.get(f"{name}#{anchor}") == text, (name, anchor)
    smoothing = [text for href, text, _ in entries if href.startswith("02_smoothing.html#")]
    assert any("Kneser-Ney" in t for t in smoothing) and any("加一平滑" in t for t in smoothing)
    # ### headings are indexed too (the notebooks have none at present)
    assert site.headings('<h2 id="a">A¶</h2><h3 id="b-c"><em>B</em> c<a href="#b-c">¶</a></h3><h4 id="d">D</h4>') == [
        (2, "a", "A"),
        (3, "b-c", "B c"),
    ]
    assert any("困惑度" in text and href.startswith("glossary.html#term-") for href, text, _ in entries)
    assert 'id="term-1"' in _page(out, "glossary.html")  # a glossary result opens its row


def test_pages_print_cleanly(built):
    out, _, _ = built
    page = _page(out, "02_smoothing.html")
    start = page.index("@media print", page.index(".course-nav {"))  # the site's own, after the lab theme's
    rules = page[start : page.index("</style>", start)]
    assert re.search(r"\.course-nav, \.page-links, \.course-search[^{]*\{ display: none !important; \}", rules)
    assert ".course-page { margin: 0 !important; max-width: none !important" in rules  # full width
    assert "max-width: 100% !important" in rules  # figures fit the page
    assert re.search(r"img, figure, table, pre,[^{]*\.jp-OutputArea-child[^{]*\{\s*break-inside: avoid", rules)
    assert re.search(r"h1, h2, h3, h4 \{ break-after: avoid; page-break-after: avoid;", rules)  # no orphaned heading


def test_the_chinese_edition_is_a_site_of_its_own_with_a_switch_on_every_page(tmp_path):
    files = site.build_editions(tmp_path)
    english = {p.name for p in files if p.parent == tmp_path and p.suffix == ".html"}
    chinese = {p.name for p in files if p.parent == tmp_path / "zh" and p.suffix == ".html"}
    assert english == chinese and "02_smoothing.html" in chinese
    for name in sorted(chinese):
        zh = (tmp_path / "zh" / name).read_text(encoding="utf-8")
        en = (tmp_path / name).read_text(encoding="utf-8")
        assert f'href="../{name}">English</a>' in zh and f'href="zh/{name}">中文</a>' in en, name
        assert site.remote_resources(zh) == [], name
    page = (tmp_path / "zh" / "02_smoothing.html").read_text(encoding="utf-8")
    assert "<title>02 · 平滑</title>" in page and "下一页：03 · 神经网络语言模型" in page and "Previous" not in page
    glossary = (tmp_path / "zh" / "glossary.html").read_text(encoding="utf-8")
    assert "释义" in glossary and "每个词元平均负对数概率的指数" in glossary  # the glossary's Chinese explanations
    assert 'href="../02_smoothing.html"' in page  # the note's link to the English notebook leads to its page
