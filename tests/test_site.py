"""The static, readable edition (python -m course_utils site)."""

import html
import re

from course_utils.tools import site


def test_the_site_has_pages_with_outputs_a_sidebar_and_working_links(tmp_path):
    files = site.build_site(tmp_path, notebooks=["00_start_here.ipynb", "09_elmo.ipynb"])
    assert {f.name for f in files} == {"index.html", "glossary.html", "00_start_here.html", "09_elmo.html"}
    page = (tmp_path / "09_elmo.html").read_text(encoding="utf-8")
    assert '<nav class="course-nav">' in page and '<a class="current" href="09_elmo.html">' in page
    assert 'href="#5-' in page  # the page's own contents, linked to its headings
    assert "epoch" in page and "data:image/png;base64," in page  # stored outputs and figures, not re-run
    assert "google.colab" not in page  # the Colab install cell is left out
    assert 'href="00_start_here.html"' in page and '.ipynb"' not in re.sub(r"colab[^\"]*", "", page)
    index = html.unescape((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert 'href="09_elmo.html"' in index and "课程地图" in index
    glossary = html.unescape((tmp_path / "glossary.html").read_text(encoding="utf-8"))
    assert "上下文词向量" in glossary and "困惑度" in glossary
