"""TeX to MathML when a page is built: the one maths converter of the slide decks and the static site.

Browsers typeset MathML natively (MathML Core: Chromium 109+, Firefox, Safari), so a page whose
``$...$`` and ``$$...$$`` formulas were converted here shows them offline, with no script and no font
download. :func:`tex_to_mathml` converts one formula with latex2mathml, after rewriting the TeX that
latex2mathml reads wrongly; :class:`MathRecord` converts every formula met while rendering a page,
counts them, and shows one that cannot be converted as its TeX source. :func:`math_renderer_class`
is nbconvert's Markdown renderer (Jupyter's own maths parsing: ``_`` and ``*`` inside a formula stay
maths) with the maths turned into MathML; the slides and the site subclass it for their links and
images, and :func:`render_markdown` renders with it. :func:`math_css` styles the result.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import Any


class MathConversionError(ValueError):
    """A TeX formula that :func:`tex_to_mathml` cannot turn into MathML."""


# TeX that latex2mathml reads wrongly, rewritten first; each was found in (or next to) the course's formulas
_TAG = re.compile(r"\\tag\*?\{([^{}]*)\}")
_BREAK_SPACING = re.compile(r"\\\\\s*\[[^\]]*\]")  # \\[2mm]: the spacing is dropped, the line break kept
_SIZED_NORM = re.compile(r"(\\[bB]igg?[lrm]?)\s*\\(?:\||[lr]?Vert(?![A-Za-z]))")  # \Bigl\| came out as text
_SIZED_BAR = re.compile(r"(\\[bB]igg?[lrm]?)\s*\\[lr]?vert(?![A-Za-z])")
_ALIGN = re.compile(r"\\(begin|end)\{(aligned|align\*?|eqnarray\*?)\}")  # & columns: a right/left array
_ARG = re.compile(r"\\arg(?![A-Za-z])")
_MATHML_NS = ' xmlns="http://www.w3.org/1998/Math/MathML"'
_THOUSANDS = re.compile(r"<mn>([\d,]+)</mn><mrow><mo>&#x0002C;</mo></mrow>(<msup>|<msub>|<msubsup>)?<mn>(\d+)</mn>")
_BAR = '<mo stretchy="false" lspace="0" rspace="0">&#x0007C;</mo>'
_OPERATOR_NAME = re.compile(r"<mo>([A-Za-z]{2,})</mo>")  # \max, \operatorname{diag}
_PRIME = re.compile(r"<msup>(<mi>[^<]*</mi>)<mi>(&#x0203[234];)</mi></msup>")


def tex_to_mathml(tex: str, display: bool = False) -> str:
    """``tex`` (without its ``$`` delimiters) as a ``<math>`` element; raises :class:`MathConversionError`.

    A display formula comes wrapped in ``<span class="math-display">``, and a ``\\tag{...}`` becomes an
    equation number beside it. Output that still holds a TeX command (latex2mathml passes commands it
    does not know through as text) counts as a failure too.
    """
    from latex2mathml.converter import convert

    tags = _TAG.findall(tex)
    body = _TAG.sub("", tex)
    body = _BREAK_SPACING.sub(r"\\\\", body)
    body = _SIZED_NORM.sub(r"\1‖", body)
    body = _SIZED_BAR.sub(r"\1|", body)
    body = _ALIGN.sub(lambda m: r"\begin{array}{rlrlrl}" if m.group(1) == "begin" else r"\end{array}", body)
    body = _ARG.sub(r"\\operatorname{arg}", body)
    if not body.strip():
        raise MathConversionError(f"empty formula: {tex!r}")
    try:
        mathml = convert(body, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds; all mean the same thing here
        raise MathConversionError(f"{type(exc).__name__}: {exc}") from exc
    text = html.unescape(re.sub(r"<[^>]+>", "", mathml))
    leftover = re.search(r"\\[A-Za-z]+|\\.", text)
    if leftover or "<merror" in mathml or "<mi>&amp;</mi>" in mathml or "<mi>&</mi>" in mathml:
        problem = leftover.group(0) if leftover else "an unsupported construct"
        raise MathConversionError(f"latex2mathml left {problem!r} unconverted in {tex!r}")
    mathml = mathml.replace(_MATHML_NS, "", 1)  # HTML5 knows <math>; the namespace is noise
    while _THOUSANDS.search(mathml):  # 10{,}000 is one number, not "10, 000"
        mathml = _THOUSANDS.sub(r"\2<mn>\1,\3</mn>", mathml)
    mathml = mathml.replace('<mo stretchy="false">&#x0007C;</mo>', _BAR)  # |V| hugs V, as in TeX
    # browsers space an unknown <mo> like a relation: "max (x"; TeX puts a thin space before only
    mathml = _OPERATOR_NAME.sub(r'<mo lspace="0.1667em" rspace="0">\1</mo>', mathml)
    # a prime glyph is already raised: as a superscript it shrinks and floats away from its letter
    mathml = _PRIME.sub(r'<mrow>\1<mo lspace="0" rspace="0">\2</mo></mrow>', mathml)
    if not display:
        return mathml
    tag = f'<span class="eq-tag">({html.escape(tags[-1])})</span>' if tags else ""
    return f'<span class="math-display">{mathml}{tag}</span>'


@dataclass
class MathRecord:
    """Every formula met while rendering, and those that could not be converted."""

    formulas: list[tuple[str, bool]] = field(default_factory=list)  # (TeX, display)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (TeX, why)

    def render(self, tex: str, display: bool) -> str:
        """``tex`` as MathML, or, when it cannot be converted, as its TeX source in a ``math-fallback`` code."""
        self.formulas.append((tex, display))
        try:
            return tex_to_mathml(tex, display)
        except MathConversionError as exc:
            self.failed.append((tex, str(exc)))
            code = f'<code class="math-fallback" title="TeX source: not converted">{html.escape(tex.strip())}</code>'
            return f'<span class="math-display">{code}</span>' if display else code


@functools.cache
def math_renderer_class() -> type:
    """nbconvert's Markdown renderer (``IPythonRenderer``) with every formula turned into MathML.

    Its constructor takes a :class:`MathRecord` first, then ``IPythonRenderer``'s own keyword arguments.
    Built on first use, as nbconvert is imported only when a page or a deck is built.
    """
    from nbconvert.filters.markdown_mistune import IPythonRenderer

    class MathRenderer(IPythonRenderer):
        """Markdown with maths: ``$...$``, ``$$...$$`` and ``\\begin{...}`` environments become MathML."""

        def __init__(self, math: MathRecord, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.math = math

        def block_math(self, body: str) -> str:
            return self.math.render(body, display=True)

        def inline_math(self, body: str) -> str:
            return self.math.render(body, display=False)

        def latex_environment(self, name: str, body: str) -> str:
            return self.math.render(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)

    return MathRenderer


def render_markdown(source: str, renderer: Any) -> str:
    """Markdown (Jupyter's dialect, maths included) as HTML, with ``renderer`` (a :func:`math_renderer_class`)."""
    from nbconvert.filters.markdown_mistune import MarkdownWithMath

    return MarkdownWithMath(renderer=renderer).render(source)


def math_css(scope: str = "") -> str:
    """CSS for the MathML this module writes, each rule under ``scope`` (e.g. ``.reveal``; empty: the page).

    A display formula is centred with its number at the right (never on top of each other, however
    wide), the maths uses a maths font where one is installed, and ``columnalign`` (which MathML Core
    leaves out) is honoured for the aligned environments.
    """
    s = f"{scope} " if scope else ""
    return f"""
{s}.math-display {{ display: grid; grid-template-columns: 1fr auto 1fr; align-items: center; margin: 0.45em 0; }}
{s}.math-display > :first-child {{ grid-column: 2; }}
{s}.math-display > .eq-tag {{ grid-column: 3; justify-self: end; padding-left: 0.6em; color: #555;
  font-size: 0.85em; }}
{s}math {{ font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", "DejaVu Math TeX Gyre", math; }}
{s}mtd[columnalign="left"] {{ text-align: left; }}
{s}mtd[columnalign="right"] {{ text-align: right; }}
{s}.math-fallback {{ color: #a40000; }}
"""
