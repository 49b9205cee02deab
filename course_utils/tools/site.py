"""A static, readable edition of the course: ``python -m course_utils site [--out site]``.

Every notebook becomes an HTML page with its stored outputs and figures (nothing is re-run), a sidebar
with the course map and the page's own contents, and links between pages. ``index.html`` has the
course map and ``glossary.html`` every term of the glossary. Open ``site/index.html`` in a browser;
no server is needed. Maths is typeset by MathJax, loaded from a CDN when the browser is online.
"""

from __future__ import annotations

import argparse
import html
import re
import urllib.parse
from pathlib import Path

from ..paths import ROOT, course_notebooks

STYLE = """
<style>
  .course-nav { position: fixed; top: 0; left: 0; bottom: 0; width: 270px; overflow-y: auto; padding: 14px;
    background: #f6f7f9; border-right: 1px solid #ddd; font: 14px/1.45 system-ui, sans-serif; z-index: 10; }
  .course-nav h3 { font-size: 15px; margin: 6px 0 10px; }
  .course-nav ol, .course-nav ul { padding-left: 18px; margin: 4px 0 12px; }
  .course-nav a { color: #1a5fb4; text-decoration: none; }
  .course-nav a:hover { text-decoration: underline; }
  .course-nav .current { font-weight: 600; }
  .course-nav .contents { font-size: 13px; }
  .course-page { margin-left: 300px; max-width: 1000px; padding: 8px 20px 40px; }
  @media (max-width: 800px) { .course-nav { position: static; width: auto; } .course-page { margin-left: 0; } }
</style>
"""


def _pages() -> list[tuple[str, str, Path]]:
    """(html file, title, notebook) for every notebook of the course, in order."""
    from ..syllabus import COURSE_MAP

    by_file = {c.file: c for c in COURSE_MAP}
    pages = []
    for path in course_notebooks():
        chapter = by_file.get(path.name)
        title = f"{chapter.number} · {chapter.title_zh} · {chapter.title_en}" if chapter else path.stem
        if path.name.startswith("00_"):
            title = "00 · 从这里开始 · Start here"
        pages.append((path.with_suffix(".html").name, title, path))
    return pages


def _nav(pages, current: str, contents: list[tuple[str, str]]) -> str:
    items = []
    for file, title, _ in pages:
        cls = ' class="current"' if file == current else ""
        items.append(f'<li><a{cls} href="{file}">{html.escape(title)}</a></li>')
        if file == current and contents:
            inner = "".join(f'<li><a href="#{anchor}">{html.escape(text)}</a></li>' for anchor, text in contents)
            items.append(f'<ul class="contents">{inner}</ul>')
    return (
        '<nav class="course-nav"><h3><a href="index.html">LM Foundations · 语言模型发展历程</a></h3>'
        f'<ol start="0">{"".join(items)}</ol>'
        '<a href="glossary.html">术语表 · Glossary</a></nav>'
    )


def _relink(body: str) -> str:
    """Links between notebooks point at their pages."""
    return re.sub(r'href="(\.\./)?(\d\d_[\w.-]+)\.ipynb(#[^"]*)?"', r'href="\2.html\3"', body)


def _headings(body: str) -> list[tuple[str, str]]:
    found = []
    for anchor, inner in re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', body, flags=re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "").strip()
        found.append((anchor, text))
    return found


def _wrap(page_html: str, nav: str) -> str:
    page_html = page_html.replace("</head>", STYLE + "</head>", 1)
    page_html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav + '<div class="course-page">', page_html, count=1)
    return page_html.replace("</body>", "</div></body>", 1)


def _markdown_page(title: str, markdown: str, pages, current: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    body = _relink(markdown2html_mistune(markdown))
    return _wrap(
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body>{body}</body></html>",
        _nav(pages, current, []),
    )


def build_site(out: Path | str = ROOT / "site", notebooks: list[str] | None = None) -> list[Path]:
    """Write the static edition to ``out`` (pages for ``notebooks``, default all); returns the files written."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from ..syllabus import course_map_markdown, glossary_markdown

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pages = [p for p in _pages() if notebooks is None or p[2].name in notebooks]
    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = {"colab"}  # Colab's install cell is noise on a web page
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(template_name="lab", config=config)
    written = []
    for file, title, path in pages:
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4))
        body = _relink(body)
        body = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", body, count=1, flags=re.S)
        target = out / file
        target.write_text(_wrap(body, _nav(pages, file, _headings(body))), encoding="utf-8")
        written.append(target)
    intro = (
        "# LM Foundations · 语言模型发展历程 · 动手实践\n\n"
        'A runnable, tested companion to 《大语言模型》 chapter 1.1, "语言模型发展历程": one notebook per '
        "section of the study group's reading notes. This is the read-only edition, with the outputs the "
        "notebooks store; to run them, see the project's README.\n\n## 课程地图 · Course map\n\n"
    )
    index = out / "index.html"
    index.write_text(_markdown_page("LM Foundations", intro + course_map_markdown(), pages, ""), encoding="utf-8")
    glossary = out / "glossary.html"
    glossary.write_text(
        _markdown_page("术语表 · Glossary", "# 术语表 · Glossary\n\n" + glossary_markdown(), pages, "glossary.html"),
        encoding="utf-8",
    )
    return [index, glossary, *written]


def main(argv: list[str] | None = None) -> int:
    """python -m course_utils site [--out FOLDER]"""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils site",
        description=(
            "Build the static, readable edition of the course: one HTML page per notebook with its stored "
            "outputs (nothing is re-run), a course map and the glossary. Open FOLDER/index.html in a browser."
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
    files = build_site(out)
    index = (out / "index.html").resolve()
    print(f"wrote {len(files)} pages to {out}; open {urllib.parse.unquote(index.as_uri())}")
    return 0
