"""Slide decks for the projector: ``python -m course_utils slides NN [NN ...] [--all] [--out slides]``.

Each notebook becomes one reveal.js deck, ``NN_name.html``, made from its stored cells (nothing is
re-run): a title slide (the notebook's title and its 中文导读), then one slide per ``##`` section with
its text, each figure of the section on a slide of its own, each table output (a ``text/markdown``
output) on slides of its own, and short code cells (at most six lines) with their printed output. Long
sections continue on vertical sub-slides; the arrow keys and a clicker step through every slide.

A deck opens offline by double-clicking it: reveal.js is vendored in ``course_utils/assets/reveal/``
(copied next to the decks as ``reveal/``), figures are embedded as ``data:`` URIs, and every ``$...$``
and ``$$...$$`` formula is turned into MathML as the deck is built (:mod:`.mathml`, the converter the
static site uses too), which browsers typeset without any script or font download. A formula that
cannot be converted is shown as TeX source and counted, and the build goes on.
Links to the web keep their text but lose their address, so nothing on a slide reaches the network.
"""

from __future__ import annotations

import argparse
import base64
import html
import itertools
import re
import shutil
import sys
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import NOTEBOOK_DIR, ROOT, course_notebooks
from . import mathml
from .mathml import MathConversionError as MathConversionError
from .mathml import MathRecord, math_css, math_renderer_class
from .mathml import tex_to_mathml as tex_to_mathml

#: reveal.js's files (see the README there: version, checksum, what was changed)
ASSETS = Path(__file__).resolve().parent.parent / "assets" / "reveal"
#: where the decks go unless ``--out`` says otherwise (ignored by git)
DEFAULT_OUT = ROOT / "slides"
#: cells that never make a slide: Colab's install cell, reference solutions, cells nbval skips
SKIP_IDS = frozenset({"colab-setup"})
SKIP_TAGS = frozenset({"colab", "solution", "nbval-skip"})
#: a code cell this short is shown (with its printed output); longer ones are left to the notebook
SHORT_CODE_LINES = 6
#: printed output shown under a short code cell, at most
OUTPUT_LINES = 10
#: rows of a table per slide: more would be unreadable from the back of the room
TABLE_ROWS = 10
#: the course's name, above each deck's title
COURSE_NAME = "LM Foundations · 语言模型发展历程 · 动手实践"
#: how much text one slide holds, in "characters" as :func:`_weight` counts them (1280 x 720 at 30 px)
SLIDE_BUDGET = 1150

# A CJK stack first in line for Chinese, then the platforms' own faces; no web font is loaded.
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", '
    '"PingFang SC", sans-serif'
)
STYLE = """
:root {
  --r-main-font: %(font)s;
  --r-heading-font: %(font)s;
  --r-code-font: "DejaVu Sans Mono", Menlo, Consolas, "WenQuanYi Micro Hei Mono", monospace;
  --r-main-font-size: 30px;
  --r-heading-text-transform: none;
  --r-heading-font-weight: 700;
  --r-heading1-size: 1.8em;
  --r-heading2-size: 1.35em;
  --r-heading3-size: 1.1em;
  --r-block-margin: 14px;
  --r-heading-margin: 0 0 16px 0;
}
.reveal .slides { text-align: left; }
.reveal .slides section { line-height: 1.35; }
.reveal h1, .reveal h2, .reveal h3 { text-align: left; }
.reveal p { line-height: 1.35; }
.reveal ul, .reveal ol { display: block; margin-left: 1.2em; }
.reveal li { margin: 0.15em 0; }
.reveal .kicker { font-size: 0.55em; color: #666; margin: 0 0 0.4em; }
.reveal .title-slide .course { font-size: 0.6em; color: #666; margin-top: 2.4em; }
.reveal .title-slide h1 { line-height: 1.2; padding-bottom: 0.2em; border-bottom: 3px solid #1a5fb4; }
.reveal .title-slide .intro { font-size: 0.82em; color: #333; }
/* the formulas' own rules (display formulas, equation numbers, maths font): mathml.math_css(".reveal") */
.reveal math[display="block"] { font-size: 1.12em; }
.reveal [mathvariant="monospace"] { font-family: var(--r-code-font); }
.reveal table { font-size: 0.78em; margin: 0.3em auto; }
.reveal table th, .reveal table td { padding: 0.25em 0.6em; }
.reveal table .nowrap { white-space: nowrap; }
.reveal .table-slide .caption { font-size: 0.7em; font-weight: 600; margin: 0 0 0.3em; }
.reveal .table-notes { font-size: 0.7em; color: #333; }
.reveal .figure-slide { text-align: center; }
.reveal .figure-slide .kicker { text-align: left; }
.reveal .figure-slide img { margin: 0 auto; display: block; background: #fff; }
.reveal blockquote { width: auto; margin: 0.4em 0; padding: 0.2em 0.8em; font-style: normal; font-size: 0.85em;
  background: #f6f7f9; box-shadow: none; border-left: 5px solid #c9ced6; }
.reveal pre { width: 100%%; box-sizing: border-box; margin: 0.4em 0; font-size: 0.5em; box-shadow: none; }
.reveal pre code, .reveal .highlight pre { max-height: 380px; }
.reveal .highlight { background: #f6f7f9; }
.reveal .highlight pre { padding: 6px 10px; overflow: auto; }
.reveal pre.cell-output { background: #fff; border-left: 4px solid #d0d5dc; padding: 4px 10px; white-space: pre;
  overflow: auto; }
.reveal code { font-family: var(--r-code-font); }
.reveal :not(pre) > code { font-size: 0.9em; background: #f1f2f4; padding: 0 0.15em; border-radius: 3px; }
.reveal details { margin: 0.4em 0; font-size: 0.85em; }
.reveal details summary { cursor: pointer; color: #1a5fb4; }
.reveal .ext-link { color: #1a5fb4; }
.reveal .slide-number { font-size: 16px; }
"""
# After a slide is shown: shrink its text until it fits the slide (a safety net for the estimate in
# _weight, and for a hidden answer opened on the projector). No network, no plugin.
SCRIPT = """
Reveal.initialize({
  hash: true, width: 1280, height: 720, margin: 0.04, center: false,
  transition: "none", backgroundTransition: "none", slideNumber: "c/t",
  navigationMode: "linear", controls: true, progress: true, plugins: []
});
function fitSlide(slide) {
  if (!slide || slide.classList.contains("figure-slide")) return;
  const height = Reveal.getConfig().height, width = Reveal.getConfig().width;
  let scale = 1;
  slide.style.fontSize = "";
  // a formula wider than the slide shrinks alone, not the text around it
  for (const formula of slide.querySelectorAll(".math-display")) {
    formula.style.fontSize = "";
    if (formula.scrollWidth > formula.clientWidth) {
      formula.style.fontSize = Math.max(0.5, 0.98 * formula.clientWidth / formula.scrollWidth).toFixed(2) + "em";
    }
  }
  while ((slide.scrollHeight > height || slide.scrollWidth > width) && scale > 0.56) {
    scale -= 0.04;
    slide.style.fontSize = scale.toFixed(2) + "em";
  }
}
Reveal.on("ready", (event) => fitSlide(event.currentSlide));
Reveal.on("slidechanged", (event) => fitSlide(event.currentSlide));
document.addEventListener("toggle", () => fitSlide(Reveal.getCurrentSlide()), true);
"""


_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # http:, https:, mailto:, //host, ...
_NOTEBOOK_LINK = re.compile(r"^(?:\.\./|\./)?(?:notebooks/)?(\d\d_[\w.-]+)\.ipynb(?:#.*)?$")


def _renderer_class():
    """The Markdown renderer for slides: :func:`.mathml.math_renderer_class` (maths as MathML), with links and
    images that stay offline.

    Built on first use, as nbconvert is imported only when a deck is built.
    """

    class SlideRenderer(math_renderer_class()):
        def __init__(self, math: MathRecord, attachments: dict | None = None) -> None:
            super().__init__(
                math,
                escape=False,  # the notebooks' own HTML (<details>) is kept
                # not nbconvert's embedding: it re-parses each HTML block alone, which closes a
                # <details> at once and leaves the answer visible; image() embeds files instead
                embed_images=False,
                exclude_anchor_links=True,
                path=str(NOTEBOOK_DIR),
                attachments=attachments or {},
            )

        def link(self, text: str, url: str, title: str | None = None) -> str:
            notebook = _NOTEBOOK_LINK.match(url)
            if notebook:  # the other decks sit in the same folder
                return f'<a href="{notebook.group(1)}.html">{text}</a>'
            # a web address would leave the machine, an anchor or a repository file does not exist in
            # the deck folder: keep the words, drop the address
            return f'<span class="ext-link">{text}</span>'

        def image(self, text: str, url: str, title: str | None = None) -> str:
            try:
                src = self._embed_image_or_attachment(url)  # attachment: -> data:
            except Exception:  # a missing attachment: the slide goes without the picture
                return ""
            if not _EXTERNAL.match(src):  # a file beside the notebook
                src = self._src_to_base64(src) or src
            if not src.startswith("data:"):
                return ""  # e.g. the Colab badge, fetched from the web
            return f'<img src="{html.escape(src)}" alt="{html.escape(text)}">'

    return SlideRenderer


def render_markdown(source: str, math: MathRecord, attachments: dict | None = None) -> str:
    """Markdown (Jupyter's dialect, maths included) as slide HTML with nothing that reaches the network."""
    return _offline(mathml.render_markdown(source, _renderer_class()(math, attachments)))


_UNEMBEDDED_IMG = re.compile(r"""<img\b(?![^>]*\bsrc\s*=\s*["']?data:)[^>]*>""", re.I)
_REMOTE_HREF = re.compile(r"""\s(?:href|src)\s*=\s*(["'])(?:https?:)?//.*?\1""", re.I)
_EMPTY_P = re.compile(r'<p>(?:\s|<span class="ext-link">\s*</span>)*</p>')


def _offline(fragment: str) -> str:
    """Remove what the notebooks' raw HTML could still point at (the web, files that are not copied), and
    paragraphs left empty."""
    fragment = _UNEMBEDDED_IMG.sub("", fragment)
    fragment = _REMOTE_HREF.sub("", fragment)
    return _EMPTY_P.sub("", fragment)


# ---------------------------------------------------------------------------------------------- blocks


@dataclass
class Block:
    """One piece of a section, in notebook order: text (Markdown or a code cell), a figure, or a table."""

    kind: str  # "text" | "figure" | "table"
    html: str = ""
    weight: int = 0
    caption: str = ""  # a table's title line
    header: list[str] = field(default_factory=list)  # a table's header and separator lines
    rows: list[str] = field(default_factory=list)  # a table's rows


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _weight(fragment: str) -> int:
    """How much room ``fragment`` takes on a slide, in Latin characters: a CJK character is two, each
    paragraph, list item and table row adds the space of a short line, a display formula several lines.

    Text hidden in a closed ``<details>`` (an answer) does not count, only its summary.
    """
    fragment = re.sub(r"<details\b.*?<summary>(.*?)</summary>.*?</details>", r"<p>\1</p>", fragment, flags=re.S)
    display = fragment.count('class="math-display"')
    code_lines = sum(m.count("\n") for m in re.findall(r"<pre\b.*?</pre>", fragment, flags=re.S))
    blocks = len(re.findall(r"<(?:p|li|tr|h[1-6]|blockquote)\b", fragment))
    text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<pre\b.*?</pre>", "", fragment, flags=re.S)))
    text = re.sub(r"\s+", " ", text)
    return len(text) + len(_CJK.findall(text)) + 80 * blocks + 110 * display + 55 * code_lines


_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^( {0,3})(?:[-*+]|\d{1,3}[.)])\s")
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def markdown_blocks(source: str) -> list[str]:
    """Split Markdown at blank lines into pieces that can go on different slides.

    A fenced code block, a ``$$`` formula and a ``<details>`` answer stay whole, an indented line stays
    with what it continues, and a list becomes one piece per item so that a long list can be split.
    """
    pieces: list[list[str]] = [[]]
    fence = ""
    display_math = False
    details = 0
    for line in source.splitlines():
        opened = fence or display_math or details > 0
        if not opened and not line.strip():
            pieces.append([])
            continue
        if not opened and pieces[-1] and _LIST_ITEM.match(line) and _list_head(pieces[-1], line):
            pieces.append([])  # the next item of a list that started in this piece
        pieces[-1].append(line)
        fenced = _FENCE.match(line)
        if fenced and not display_math:
            fence = "" if fence else fenced.group(1)
        if not fence:
            display_math ^= line.count("$$") % 2 == 1
            details += len(re.findall(r"<details\b", line)) - len(re.findall(r"</details>", line))
    merged: list[list[str]] = []
    for piece in pieces:
        if not piece:
            continue
        if merged and piece[0][:1] in (" ", "\t") and not _FENCE.match(piece[0]):
            merged[-1] += ["", *piece]  # a list item's second paragraph, or indented code, continues
        else:
            merged.append(piece)
    return ["\n".join(q) for p in merged for q in _quote_parts(p)]


def _quote_parts(piece: list[str]) -> list[list[str]]:
    """A block quote split at its empty ``>`` lines (the errata list one slip per paragraph), else ``[piece]``."""
    if not all(line.startswith(">") for line in piece):
        return [piece]
    parts: list[list[str]] = [[]]
    for line in piece:
        if line.strip() == ">":
            parts.append([])
        else:
            parts[-1].append(line)
    return [p for p in parts if p]


def _list_head(piece: list[str], line: str) -> bool:
    """Whether ``piece`` is a list whose items sit at the same indent as ``line``."""
    first = _LIST_ITEM.match(piece[0])
    this = _LIST_ITEM.match(line)
    return bool(first and this and len(first.group(1)) == len(this.group(1)))


def _markdown_to_blocks(source: str, math: MathRecord, attachments: dict | None, output: bool) -> list[Block]:
    """Markdown as blocks. A table longer than ``TABLE_ROWS``, or any table of a cell's ``output``, becomes a
    table block, with the bold line above it as its caption; an output's other text (a table's notes) is
    small print."""
    blocks: list[Block] = []
    for piece in markdown_blocks(source):
        lines = piece.splitlines()
        table_at = next(
            (i for i in range(len(lines) - 1) if _TABLE_LINE.match(lines[i]) and _TABLE_RULE.match(lines[i + 1])),
            None,
        )
        long_table = table_at is not None and len(lines) - table_at - 2 > TABLE_ROWS
        if table_at is not None and (output or long_table) and all(_TABLE_LINE.match(x) for x in lines[table_at:]):
            caption = "\n".join(lines[:table_at]).strip()
            if not caption and blocks and blocks[-1].kind == "text" and blocks[-1].caption:
                caption = blocks.pop().caption  # the bold title was its own paragraph
            table = lines[table_at:]
            blocks.append(Block("table", caption=caption, header=table[:2], rows=table[2:]))
            continue
        fragment = render_markdown(piece, math, attachments)
        if fragment.strip():
            # a lone bold line may be the title of the table that follows it
            title = piece.strip() if re.fullmatch(r"\*\*[^\n]+\*\*", piece.strip()) else ""
            if output and not title:  # at 0.7 of the size, half the room
                blocks.append(Block("text", f'<div class="table-notes">{fragment}</div>', _weight(fragment) // 2))
            else:
                blocks.append(Block("text", fragment, _weight(fragment), caption=title))
    return blocks


def _code_block(cell: dict) -> Block | None:
    """A short code cell, highlighted, with its printed output; ``None`` if it has nothing worth showing."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    source = cell["source"].strip("\n")
    printed = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            printed.append(output.get("text", ""))
        elif output.get("output_type") in ("execute_result", "display_data"):
            data = output.get("data", {})
            if set(data) <= {"text/plain"}:  # richer outputs get their own slides, or none (widgets)
                printed.append(data.get("text/plain", ""))
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", "".join(printed)).rstrip("\n")  # no terminal colours
    if not text:
        return None  # definitions and imports: the notebook, not the projector
    lines = text.splitlines()
    if len(lines) > OUTPUT_LINES:
        lines = [*lines[:OUTPUT_LINES], f"… ({len(lines) - OUTPUT_LINES} more lines in the notebook)"]
    fragment = highlight(source, PythonLexer(), HtmlFormatter()) + (
        f'<pre class="cell-output">{html.escape(chr(10).join(lines))}</pre>'
    )
    return Block("text", fragment, _weight(fragment))


def _output_blocks(cell: dict, math: MathRecord) -> Iterator[Block]:
    """A code cell's figures and tables, in output order."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                payload = "".join(data[mime]) if isinstance(data[mime], list) else data[mime]
                payload = re.sub(r"\s+", "", payload)
                base64.b64decode(payload, validate=True)  # a broken figure fails the build, not the projector
                yield Block("figure", f'<img class="r-stretch" src="data:{mime};base64,{payload}" alt="figure">')
                break
        else:
            markdown = data.get("text/markdown")
            if markdown and "```" not in markdown and _has_table(markdown):  # source listings stay in the notebook
                yield from _markdown_to_blocks(markdown, math, None, output=True)


def _has_table(markdown: str) -> bool:
    lines = markdown.splitlines()
    return any(_TABLE_LINE.match(a) and _TABLE_RULE.match(b) for a, b in itertools.pairwise(lines))


# ---------------------------------------------------------------------------------------------- slides


@dataclass
class Section:
    """A ``##`` section: its heading (Markdown) and its blocks."""

    heading: str
    blocks: list[Block] = field(default_factory=list)


def _skipped(cell: dict) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    return cell.get("id") in SKIP_IDS or bool(tags & SKIP_TAGS)


def _heading_parts(source: str) -> list[str]:
    """Markdown split before each ``#`` and ``##`` heading (not before a ``#`` comment in a code block)."""
    parts = [[]]
    fence = ""
    for line in source.splitlines():
        fenced = _FENCE.match(line)
        if fenced:
            fence = "" if fence else fenced.group(1)
        elif not fence and re.match(r"##?\s", line) and parts[-1]:
            parts.append([])
        parts[-1].append(line)
    return ["\n".join(p) for p in parts]


def _sections(cells: Iterable[dict], math: MathRecord) -> tuple[str, str, list[Section]]:
    """(title, Markdown before the first section, sections) of a notebook's cells."""
    title = ""
    preamble: list[str] = []
    sections: list[Section] = []
    for cell in cells:
        if _skipped(cell):
            continue
        if cell["cell_type"] == "markdown":
            attachments = cell.get("attachments")
            for part in _heading_parts(cell["source"]):
                first, _, rest = part.partition("\n")
                if re.match(r"#\s", first) and not title:
                    title = first[1:].strip()
                    preamble.append(rest)
                elif re.match(r"##\s", first):
                    sections.append(Section(first[2:].strip()))
                    sections[-1].blocks += _markdown_to_blocks(rest, math, attachments, output=False)
                elif part.strip() and sections:
                    sections[-1].blocks += _markdown_to_blocks(part, math, attachments, output=False)
                elif part.strip():
                    preamble.append(part)
        elif cell["cell_type"] == "code" and sections:
            blocks = list(_output_blocks(cell, math))
            if len(cell["source"].strip("\n").splitlines()) <= SHORT_CODE_LINES:
                code = _code_block(cell)
                blocks = ([code] if code else []) + blocks
            sections[-1].blocks += blocks
    return title, "\n".join(preamble), sections


def _inline(markdown: str, math: MathRecord) -> str:
    """One line of Markdown (a heading) as inline HTML."""
    fragment = render_markdown(markdown, math).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", fragment, flags=re.S)


def partition(weights: list[int], budget: int) -> list[int]:
    """Where to cut a run of text blocks into slides: the sizes of the groups, in order.

    As few slides as filling each up to ``budget`` needs, then the cuts that make the fullest slide as
    light as possible, so that a section ends on a slide as full as the others, not on a last line or two.
    A block heavier than ``budget`` gets a slide of its own (the deck's script shrinks its text to fit).
    """
    count, used = 0, budget + 1
    for w in weights:
        if used + w > budget:
            count, used = count + 1, 0
        used += w
    n = len(weights)
    if count <= 1:
        return [n] if n else []
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    # best[k][i]: the lightest possible fullest slide when the first i blocks go on k slides
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0
    for k in range(1, count + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                value = max(best[k - 1][j], prefix[i] - prefix[j])
                if value < best[k][i]:
                    best[k][i], cut[k][i] = value, j
    sizes, i = [], n
    for k in range(count, 0, -1):
        sizes.append(i - cut[k][i])
        i = cut[k][i]
    return sizes[::-1]


def _even_parts(rows: list[str], most: int) -> list[list[str]]:
    """``rows`` in as few parts of at most ``most`` as possible, of nearly equal size (not 10 + 1)."""
    count = max(1, -(-len(rows) // most))
    size = -(-len(rows) // count) if rows else 0
    return [rows[i : i + size] for i in range(0, len(rows), size)] if rows else [[]]


def _section_slides(section: Section, math: MathRecord) -> list[str]:
    """The section's slides: its text over as few, evenly filled slides as fit, each figure and each
    table part on a slide of its own, in notebook order."""
    heading = _inline(section.heading, math)
    kicker = f'<p class="kicker">{heading}</p>'
    slides: list[str] = []
    run: list[Block] = []

    def flush() -> None:
        start = 0
        for size in partition([b.weight for b in run], SLIDE_BUDGET):
            top = f"<h2>{heading}</h2>" if not slides else kicker
            slides.append(f"<section>{top}{''.join(b.html for b in run[start : start + size])}</section>")
            start += size
        run.clear()

    for block in section.blocks:
        if block.kind == "text":
            run.append(block)
            continue
        flush()
        if not slides:  # a section that opens with a figure or a table still shows its heading
            slides.append(f"<section><h2>{heading}</h2></section>")
        if block.kind == "figure":
            slides.append(f'<section class="figure-slide">{kicker}{block.html}</section>')
        else:
            slides += _table_slides(block, kicker, math)
    flush()
    return slides or [f"<section><h2>{heading}</h2></section>"]


def _table_slides(block: Block, kicker: str, math: MathRecord) -> list[str]:
    """A table, at most ``TABLE_ROWS`` rows a slide, each part with the header and the caption."""
    parts = _even_parts(block.rows, TABLE_ROWS)
    caption = _inline(block.caption, math) if block.caption else ""
    slides = []
    for n, rows in enumerate(parts, 1):
        label = f" ({n}/{len(parts)})" if len(parts) > 1 else ""
        head = f'<p class="caption">{caption}{label}</p>' if caption or label else ""
        table = _SHORT_CELL.sub(_no_wrap, render_markdown("\n".join([*block.header, *rows]), math))
        slides.append(f'<section class="table-slide">{kicker}{head}{table}</section>')
    return slides


_SHORT_CELL = re.compile(r"<(td)((?:\s[^>]*)?)>(.*?)</\1>", re.S)  # headers may wrap


def _no_wrap(cell: re.Match) -> str:
    """A short cell (a number with its spread, a name) keeps to one line; long text still wraps."""
    text = html.unescape(re.sub(r"<[^>]+>", "", cell.group(3)))
    if len(text) + len(_CJK.findall(text)) > 24:
        return cell.group(0)
    return f'<{cell.group(1)} class="nowrap"{cell.group(2)}>{cell.group(3)}</{cell.group(1)}>'


def _stack(slides: list[str]) -> str:
    """One horizontal position: a single slide, or a vertical stack of them."""
    return slides[0] if len(slides) == 1 else "<section>" + "".join(slides) + "</section>"


# ---------------------------------------------------------------------------------------------- decks


@dataclass
class Deck:
    """A deck written by :func:`build_deck`."""

    path: Path
    slides: int
    figures: int
    formulas: int
    failed_formulas: list[tuple[str, str]]


#: the notebooks of each edition: English, and the Chinese one generated from the translations
EDITIONS = {"en": NOTEBOOK_DIR, "zh": NOTEBOOK_DIR / "zh"}


def notebook_names() -> str:
    """The notebooks' numbers as a range, for messages: ``00..10``."""
    numbers = [p.name[:2] for p in course_notebooks()]
    return f"{numbers[0]}..{numbers[-1]}" if numbers else "(none found)"


def find_notebook(name: str | Path, language: str = "en") -> Path:
    """The course notebook ``name`` names: a number (``2``, ``02``), a file name or stem, or a path; ``language``
    picks the edition (``"zh"``: ``notebooks/zh/``).

    Raises ``ValueError`` saying which numbers exist when there is no such notebook.
    """
    text = str(name)
    path = Path(text)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    notebooks = course_notebooks(EDITIONS[language])
    if text.isdigit():
        found = [p for p in notebooks if p.name[:2] == f"{int(text):02d}"]
    else:
        stem = Path(text).name.removesuffix(".ipynb")
        found = [p for p in notebooks if p.stem == stem]
    if not found:
        raise ValueError(f"no notebook {text}; choose one of {notebook_names()}")
    return found[0]


def build_deck(notebook: str | Path, out: Path | str = DEFAULT_OUT, language: str = "en") -> Deck:
    """Write ``out/NN_name.html`` for ``notebook`` (see :func:`find_notebook`) and copy reveal.js to ``out/reveal``.

    ``language="zh"``: the deck of the Chinese edition's notebook (``python -m course_utils slides 02 --lang zh``
    writes ``slides/zh/02_smoothing.html``)."""
    import nbformat
    from pygments.formatters import HtmlFormatter

    path = find_notebook(notebook, language)
    out = Path(out)
    nb = nbformat.read(path, as_version=4)
    math = MathRecord()
    title, preamble, sections = _sections(nb.cells, math)
    title = title or path.stem
    intro = next((s for s in sections if "中文导读" in s.heading), None)
    intro_html = "".join(b.html for b in intro.blocks if b.kind == "text") if intro else ""
    title_html = _inline(title, math)
    stacks = [
        [
            f'<section class="title-slide"><p class="course">{COURSE_NAME}</p><h1>{title_html}</h1>'
            f'<div class="intro">{intro_html}</div></section>'
        ]
    ]
    about = render_markdown(preamble, math).strip()
    if about:  # the notebook's first cell: what it covers, which papers, how long it takes
        stacks[0].append(f'<section><p class="kicker">{title_html}</p>{about}</section>')
    stacks += [_section_slides(s, math) for s in sections if s is not intro]
    body = "\n".join(_stack(s) for s in stacks)
    page_title = html.unescape(re.sub(r"<[^>]+>", "", title_html))
    style = STYLE % {"font": FONT_STACK} + math_css(".reveal") + HtmlFormatter().get_style_defs(".highlight")
    document = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{html.escape(page_title)}</title>\n"
        '<link rel="stylesheet" href="reveal/reset.css">\n<link rel="stylesheet" href="reveal/reveal.css">\n'
        '<link rel="stylesheet" href="reveal/white.css">\n'
        f"<style>{style}</style>\n</head>\n<body>\n"
        f'<div class="reveal"><div class="slides">\n{body}\n</div></div>\n'
        f'<script src="reveal/reveal.js"></script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n'
    )
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    target = out / path.with_suffix(".html").name
    target.write_text(document, encoding="utf-8")
    return Deck(
        path=target,
        slides=sum(len(s) for s in stacks),
        figures=body.count('class="figure-slide"'),
        formulas=len(math.formulas),
        failed_formulas=math.failed,
    )


def copy_assets(out: Path) -> Path:
    """Copy the vendored reveal.js files to ``out/reveal`` (the decks link to them there)."""
    target = Path(out) / "reveal"
    target.mkdir(parents=True, exist_ok=True)
    for file in ASSETS.iterdir():
        if file.is_file():
            shutil.copyfile(file, target / file.name)
    return target


def notebook_formulas(notebook: str | Path) -> list[tuple[str, bool]]:
    """Every formula in a notebook's Markdown cells (skipped cells too), as ``(TeX, display)``."""
    import nbformat

    math = MathRecord()
    for cell in nbformat.read(find_notebook(notebook), as_version=4).cells:
        if cell.cell_type == "markdown":
            render_markdown(cell.source, math, cell.get("attachments"))
    return math.formulas


def main(argv: list[str] | None = None) -> int:
    """python -m course_utils slides [NOTEBOOK ...] [--all] [--out FOLDER]"""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils slides",
        description=(
            "Build reveal.js slide decks for the projector from the notebooks' stored outputs (nothing is "
            "re-run): a title slide, a slide per section, figures and tables on slides of their own. A deck "
            "opens offline: double-click FOLDER/NN_name.html (keep the reveal/ folder beside it)."
        ),
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help=f"a notebook's number ({notebook_names()}) or file name, e.g. 02 or 02_smoothing.ipynb",
    )
    parser.add_argument("--all", action="store_true", help="a deck for every notebook of the course")
    parser.add_argument(
        "--lang",
        choices=sorted(EDITIONS),
        default="en",
        help="the edition: en (default) or zh, the Chinese notebooks (decks go to slides/zh/ unless --out is given)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="where to write the decks (created if missing; default: slides/ in the course folder, slides/zh/ with "
        "--lang zh)",
    )
    args = parser.parse_args(argv)
    if args.all == bool(args.notebooks):
        parser.error("name the notebooks (e.g. 02) or pass --all, not both")
    if args.out is None:
        args.out = DEFAULT_OUT / "zh" if args.lang == "zh" else DEFAULT_OUT
    try:
        edition = EDITIONS[args.lang]
        paths = course_notebooks(edition) if args.all else [find_notebook(n, args.lang) for n in args.notebooks]
    except ValueError as exc:
        parser.error(str(exc))
    failed = 0
    for path in paths:
        deck = build_deck(path, args.out, args.lang)
        print(f"wrote {deck.path} ({deck.slides} slides, {deck.figures} figures, {deck.formulas} formulas)")
        for _, why in deck.failed_formulas:
            print(f"  a formula is shown as TeX source: {why}", file=sys.stderr)
        failed += len(deck.failed_formulas)
    if failed:
        print(f"{failed} formulas could not be converted to MathML (shown as TeX source)", file=sys.stderr)
    first = urllib.parse.unquote((args.out / paths[0].with_suffix(".html").name).resolve().as_uri())
    print(f"open {first} in a browser (offline is fine; keep {args.out / 'reveal'} beside the decks)")
    return 0
