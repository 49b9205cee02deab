"""The projector's slide decks (python -m course_utils slides): offline, with typeset maths and the figures."""

import html
import re

import pytest

from course_utils.paths import course_notebooks
from course_utils.tools import slides

NOTEBOOKS = course_notebooks()
#: formulas that may stay TeX source on a slide, each with the reason; keep this empty if you can
KNOWN_UNCONVERTED: dict[str, str] = {}
#: a reference to anything outside the deck's folder: http(s)://, or protocol-relative //host
REMOTE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Every notebook's deck, built once into one folder (as ``--all`` does)."""
    out = tmp_path_factory.mktemp("slides")
    return out, {path.name: slides.build_deck(path, out) for path in NOTEBOOKS}


def _text(page: str) -> str:
    """What the deck shows as text: the slides, without tags, code or the inline style and script."""
    body = page[page.index('<div class="slides">') : page.index('<script src="reveal/reveal.js">')]
    body = re.sub(r"<(pre|code)\b.*?</\1>", "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_a_deck_is_built_for_every_notebook_with_its_title_and_sections(decks):
    out, built = decks
    assert len(built) == len(NOTEBOOKS) >= 11
    for name, deck in built.items():
        assert deck.path == out / name.replace(".ipynb", ".html") and deck.path.is_file()
        page = deck.path.read_text(encoding="utf-8")
        assert page.count('<section class="title-slide">') == 1 and deck.slides >= 10, name
        assert 'src="reveal/reveal.js"' in page and "Reveal.initialize" in page
        shown = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert "google.colab" not in shown and "# reference solution" not in shown  # skipped cells stay out
    smoothing = built["02_smoothing.ipynb"].path.read_text(encoding="utf-8")
    # the title slide: the notebook's title and its 中文导读
    assert "<h1>02 · 平滑 · Smoothing</h1>" in smoothing and "上一节看到" in smoothing
    assert "<h2>2 加一平滑 · Add-one (Laplace) and add-k smoothing</h2>" in smoothing
    assert '<a href="03_nnlm.html">' in smoothing  # "Next:" points at the next deck
    assert "<details><summary>" in smoothing and "<details open" not in smoothing  # answers stay collapsed


def test_nothing_in_a_deck_reaches_the_network(decks):
    out, built = decks
    for deck in built.values():
        page = deck.path.read_text(encoding="utf-8")
        assert not REMOTE.search(page), f"{deck.path.name}: {REMOTE.search(page).group(0)!r}"
        for ref in re.findall(r"""\b(?:src|href)="([^"]+)\"""", page):
            assert ref.startswith(("data:", "reveal/")) or re.fullmatch(r"\d\d_[\w.-]+\.html", ref), ref
    for css in (out / "reveal").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not REMOTE.search(text) and "@import" not in text, css.name
        assert all(u.startswith("data:") for u in re.findall(r"url\(\s*[\"']?([^\"')]+)", text)), css.name
    assert {p.name for p in (out / "reveal").iterdir()} >= {"reveal.js", "reveal.css", "white.css", "LICENSE"}


def test_formulas_become_mathml_and_figures_are_embedded(decks):
    _, built = decks
    smoothing = built["02_smoothing.ipynb"]
    page = smoothing.path.read_text(encoding="utf-8")
    assert smoothing.formulas > 50 and page.count("<math") == smoothing.formulas  # every one, once
    assert '<math display="block">' in page and '<span class="eq-tag">(2.1)</span>' in page
    assert "<mfrac>" in page and "\\frac" not in page
    for deck in built.values():
        text = _text(deck.path.read_text(encoding="utf-8"))
        assert "$$" not in text and "\\frac" not in text and "\\text" not in text, deck.path.name
        assert not deck.failed_formulas, deck.failed_formulas
    for name in ("02_smoothing.ipynb", "05_rnn_gradients.ipynb", "10_transformer.ipynb"):
        page = built[name].path.read_text(encoding="utf-8")
        assert built[name].figures >= 1 and page.count('<section class="figure-slide">') == built[name].figures
        assert re.search(r'<img class="r-stretch" src="data:image/png;base64,[A-Za-z0-9+/]{100}', page), name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_formula_of_every_notebook_converts(notebook):
    formulas = slides.notebook_formulas(notebook)
    failed = []
    for tex, display in formulas:
        try:
            slides.tex_to_mathml(tex, display)
        except slides.MathConversionError as exc:
            if tex not in KNOWN_UNCONVERTED:
                failed.append(str(exc))
    assert not failed


def test_tex_that_latex2mathml_reads_wrongly_is_rewritten_and_failures_are_shown_as_source():
    assert '<span class="eq-tag">(2.1)</span>' in slides.tex_to_mathml(r"x = 1 \tag{2.1}", display=True)
    assert "‖" in slides.tex_to_mathml(r"\Bigl\|\frac{a}{b}\Bigr\|")  # not a literal "\|"
    assert "arg" in slides.tex_to_mathml(r"\arg\max_x f(x)") and "\\arg" not in slides.tex_to_mathml(r"\arg x")
    assert "2mm" not in slides.tex_to_mathml(r"\begin{cases} a & b \\[2mm] c & d \end{cases}")
    assert "<mn>10,000</mn>" in slides.tex_to_mathml(r"|V| = 10{,}000")
    with pytest.raises(slides.MathConversionError):
        slides.tex_to_mathml(r"\frobnicate{x}")  # an unknown command is a failure, not "\frobnicate" on a slide
    math = slides.MathRecord()
    html_ = slides.render_markdown(r"A $\frobnicate{x}$ and $a_1 * b_2$, *emphasis* and $$\frac{1}{2}$$", math)
    assert '<code class="math-fallback"' in html_ and "\\frobnicate{x}</code>" in html_  # shown, not lost
    assert len(math.failed) == 1 and len(math.formulas) == 3
    assert "<em>emphasis</em>" in html_ and "<msub><mi>a</mi><mn>1</mn></msub>" in html_  # _ and * stay maths


def test_links_leave_the_web_out_and_long_text_is_split_evenly():
    math = slides.MathRecord()
    html_ = slides.render_markdown(
        "[![Open In Colab](https://colab.research.google.com/badge.svg)](https://colab.research.google.com/x)\n\n"
        "See [the paper](https://arxiv.org/abs/1) and [notebook 03](03_nnlm.ipynb#top), <https://example.org>.",
        math,
    )
    assert not REMOTE.search(html_) and "<img" not in html_ and "Open In Colab" not in html_
    assert '<span class="ext-link">the paper</span>' in html_  # the words stay, the address goes
    assert '<a href="03_nnlm.html">notebook 03</a>' in html_
    assert slides.partition([500, 500, 150, 100], 1150) == [1, 3]  # 500 + 750, not 1150 + a last 100
    assert slides.partition([400, 400, 300], 1150) == [3]
    assert slides.partition([2000], 1150) == [1] and slides.partition([], 1150) == []
    assert slides.markdown_blocks("a\n\n$$x\n\ny$$\n\n- one\n- two\n  more\n\n> q1\n>\n> q2") == [
        "a",
        "$$x\n\ny$$",
        "- one",
        "- two\n  more",
        "> q1",
        "> q2",
    ]


def test_an_unknown_notebook_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(ValueError, match=r"no notebook 12; choose one of 00\.\.\d\d"):
        slides.find_notebook("12")
    assert slides.find_notebook("2").name == "02_smoothing.ipynb"
    assert slides.find_notebook("02_smoothing.ipynb") == slides.find_notebook("02")
    with pytest.raises(SystemExit) as exc:
        slides.main(["12", "--out", str(tmp_path)])
    assert exc.value.code == 2 and "no notebook 12; choose one of 00.." in capsys.readouterr().err
    with pytest.raises(SystemExit):
        slides.main(["--out", str(tmp_path)])  # neither a notebook nor --all
    assert "name the notebooks" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())  # nothing was written


def test_the_command_writes_the_deck_and_says_where(tmp_path, capsys):
    assert slides.main(["05", "--out", str(tmp_path / "decks")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'decks' / '05_rnn_gradients.html'}" in out
    assert (tmp_path / "decks" / "reveal" / "reveal.js").is_file()


def test_which_cells_make_slides(tmp_path):
    """Skipped cells stay out, short code shows with its output, long code does not, outputs get slides."""
    import base64

    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    png = base64.b64encode(bytes.fromhex("89504e470d0a1a0a") + b"\0" * 64).decode()  # decodable, not drawn
    table = "| a | b |\n|---|---|\n" + "".join(f"| {i} | {i * i} |\n" for i in range(14))
    results = {"text/markdown": f"**Caption**\n\n{table}\n- a note"}  # records.show(): title, table, notes
    listing = {"text/markdown": "```python\nLISTING\n```"}  # show_source()
    nb = new_notebook(
        cells=[
            new_markdown_cell("# 99 · 测试 · Test\n\n| | |\n|---|---|\n| time | 1 min |"),
            new_code_cell("import sys  # COLAB", id="colab-setup"),
            new_markdown_cell("## 中文导读\n\n这是导读。"),
            new_markdown_cell("## 1 Section one\n\nText with $x_1^2$.\n\n<details><summary>Answer</summary>\n\n"
                              "Hidden $$y = 2$$\n\n</details>"),
            new_code_cell("print('short')", outputs=[new_output("stream", name="stdout", text="SHORT-OUTPUT\n")]),
            new_code_cell("\n".join(f"x{i} = {i}" for i in range(8)) + "\nprint(x7)",
                          outputs=[new_output("stream", name="stdout", text="LONG-OUTPUT\n")]),
            new_code_cell("plot()", outputs=[new_output("display_data", data={"image/png": png, "text/plain": "F"})]),
            new_code_cell("show()", outputs=[new_output("execute_result", data=results)]),
            new_code_cell("show_source(f)", outputs=[new_output("execute_result", data=listing)]),
            new_code_cell("print('SOLUTION')", metadata={"tags": ["solution"]}),
            new_code_cell("print('SKIPPED')", metadata={"tags": ["nbval-skip"]}),
        ]
    )  # fmt: skip
    path = tmp_path / "99_test.ipynb"
    nbformat.write(nb, path)
    deck = slides.build_deck(path, tmp_path / "out")
    page = deck.path.read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "<h1>99 · 测试 · Test</h1>" in page and "这是导读" in page and "1 min" in page
    assert "COLAB" not in shown and "SOLUTION" not in shown and "SKIPPED" not in shown and "LISTING" not in shown
    assert "SHORT-OUTPUT" in shown and "LONG-OUTPUT" not in shown and "x7" not in shown
    assert deck.figures == 1 and f"data:image/png;base64,{png}" in page
    assert page.count('<section class="table-slide">') == 2 and "Caption (1/2)" in shown  # 14 rows: 7 + 7
    assert '<div class="table-notes">' in page and "a note" in shown
    assert "<details><summary>Answer</summary>" in page and deck.formulas == 2 and not deck.failed_formulas


def test_the_chinese_edition_has_decks_of_its_own(tmp_path):
    from course_utils.tools import slides as S

    deck = S.build_deck("02", tmp_path, language="zh")
    page = deck.path.read_text(encoding="utf-8")
    assert deck.path.name == "02_smoothing.html" and "<title>02 · 平滑</title>" in page
    assert "加一平滑" in page and deck.formulas > 0 and "<math" in page
    assert S.main(["02", "--lang", "zh", "--out", str(tmp_path / "decks")]) == 0
    assert (tmp_path / "decks" / "02_smoothing.html").is_file() and (tmp_path / "decks" / "reveal").is_dir()
