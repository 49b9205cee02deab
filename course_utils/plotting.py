"""Figure style and the plots the notebooks share.

:func:`use_course_style` fixes the figure size, resolution and PNG output (nbval never compares
pictures, and SVG output embeds a date), and picks a font that can draw Chinese when the machine has
one (Windows: Microsoft YaHei / SimHei, macOS: PingFang SC, Linux: Noto Sans CJK / WenQuanYi). Without
one, Chinese text would be drawn as empty boxes: figure labels that mix Chinese and English go through
:func:`zh`, which leaves the Chinese out on such a machine, and ``python -m course_utils check`` (notebook
00) says how to install a font (:func:`cjk_font_hint`). Nothing is printed in the notebooks themselves,
so stored outputs stay the same on every machine.
"""

from __future__ import annotations

import functools
import itertools
import warnings
from pathlib import Path

import matplotlib
import numpy as np

from .i18n import language, tr

CJK_FONTS = (
    "Noto Sans CJK SC",
    # before matplotlib 3.11 only the first face of a .ttc collection is registered: for Debian's
    # fonts-noto-cjk that is the JP face, which has every Han character too
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "PingFang HK",
    "PingFang TC",
    "Hiragino Sans GB",
    "Heiti SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Arial Unicode MS",
)


#: Okabe and Ito's colour-blind-safe palette (blue, vermilion, green, purple, orange, sky blue, yellow, black)
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")

#: file names of the fonts in :data:`CJK_FONTS` (lower case, without - and _), to find one matplotlib missed
_CJK_FILES = ("notosanscjk", "sourcehansans", "msyh", "simhei", "pingfang", "stheiti", "wqy", "arialuni")


@functools.cache
def cjk_font() -> str | None:
    """Name of an installed font that has Chinese characters, or None.

    matplotlib lists the system's fonts once and caches the list, so a font installed after that (the usual
    first fix for boxes in a figure) stays invisible to it. When the list has no Chinese font, the system's
    font files are searched for one by name and added, so installing a font is enough.
    """
    from matplotlib import font_manager

    def known() -> str | None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        return next((name for name in CJK_FONTS if name in installed), None)

    if found := known():
        return found
    for file in font_manager.findSystemFonts():
        if any(key in Path(file).name.lower().replace("-", "").replace("_", "") for key in _CJK_FILES):
            try:
                font_manager.fontManager.addfont(file)
            except (OSError, RuntimeError, ValueError):  # an unreadable or unsupported font file: try the next
                continue
    return known()


#: how to get a Chinese font, per platform (what ``python -m course_utils check`` prints when none is found)
CJK_FONT_HINTS = {
    "linux": "sudo apt install fonts-noto-cjk (Debian/Ubuntu) or sudo dnf install google-noto-sans-cjk-fonts "
    '(Fedora), then delete matplotlib\'s font cache (python -c "import matplotlib; print(matplotlib.get_cachedir())")',
    "darwin": "macOS ships PingFang SC; if matplotlib does not see it, update matplotlib (3.11 reads every face of "
    "a .ttc font) and restart the notebook's kernel",
    "win32": "Windows ships Microsoft YaHei; if matplotlib does not see it, restart the notebook's kernel",
}


def cjk_font_hint(platform: str | None = None) -> str:
    """One line: the Chinese font the figures use, or how to install one on this platform."""
    import sys

    font = cjk_font()
    if font:
        return tr("Chinese font for figures: {font}", font=font)
    key = platform or sys.platform
    how = CJK_FONT_HINTS.get("linux" if key.startswith("linux") else key, CJK_FONT_HINTS["linux"])
    return tr("no Chinese font found: Chinese labels in figures are left out. To see them: {how}", how=how)


def zh(chinese: str, english: str) -> str:
    """A figure label with its Chinese gloss, ``"words (词)"``, where a Chinese font is installed; the English
    alone elsewhere, so that no figure shows empty boxes (notebooks 01, 02, 06-09). In the Chinese edition
    (``COURSE_LANG=zh``) the Chinese comes first: ``"词 (words)"``."""
    if not cjk_font():
        return english
    return f"{chinese} ({english})" if language() == "zh" else f"{english} ({chinese})"


def use_course_style() -> None:
    """Course-wide matplotlib defaults (call once per notebook, via ``notebook.setup_notebook``)."""
    matplotlib.rcParams.update(
        {
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.unicode_minus": False,  # the default minus sign is missing from many CJK fonts
            # legible from the back of a room on a projector, and colour-blind safe (Okabe & Ito)
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.fontsize": 10,
            "lines.linewidth": 2.0,
            "axes.prop_cycle": matplotlib.cycler(color=COLORS),
        }
    )
    font = cjk_font()
    if font:
        matplotlib.rcParams["font.sans-serif"] = [font, *matplotlib.rcParams["font.sans-serif"]]
    # the warning text includes a site-packages path, which would differ from machine to machine
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # outside Jupyter
        pass


def zipf_fit(counts: np.ndarray, ranks: tuple[int, int] = (10, 1000)) -> tuple[float, float]:
    """Least-squares line through log frequency against log rank, over ranks ``ranks[0]..ranks[1]``.

    Returns ``(slope, intercept)`` in natural logs; Zipf's law says the slope is close to -1.
    """
    freq = np.sort(np.asarray(counts, dtype=np.float64))[::-1]
    freq = freq[freq > 0]
    lo, hi = ranks
    if not 1 <= lo < hi or hi > freq.size:
        raise ValueError(f"ranks must satisfy 1 <= lo < hi <= {freq.size} (number of word types), got {ranks}")
    r = np.arange(lo, hi + 1)
    slope, intercept = np.polyfit(np.log(r), np.log(freq[lo - 1 : hi]), 1)
    return float(slope), float(intercept)


def zipf_plot(counts: np.ndarray, ax=None, ranks: tuple[int, int] = (10, 1000), label: str = "words"):
    """Rank-frequency plot on log-log axes with the fitted Zipf line (notebook 01). Returns the axes."""
    import matplotlib.pyplot as plt

    freq = np.sort(np.asarray(counts, dtype=np.float64))[::-1]
    freq = freq[freq > 0]
    ax = ax or plt.subplots()[1]
    rank = np.arange(1, freq.size + 1)
    ax.loglog(rank, freq, ".", ms=3, label=label)
    slope, intercept = zipf_fit(freq, ranks)
    ax.loglog(
        rank,
        np.exp(intercept) * rank**slope,
        "--",
        label=tr("fit on ranks {lo}-{hi}: slope {slope}", lo=ranks[0], hi=ranks[1], slope=f"{slope:.2f}"),
    )
    ax.set(xlabel=tr("frequency rank"), ylabel=tr("frequency"))
    ax.legend()
    return ax


def schedule_plot(record, ax=None, label: str | None = None):
    """A full-scale run's validation perplexity by epoch (``record.curve()``, notebooks 03 and 05), with the
    epochs whose learning rate was lower than the one before shaded: where the schedule acted."""
    import matplotlib.pyplot as plt

    ppl, lrs = record.curve()
    ax = ax or plt.subplots(figsize=(6, 3.4))[1]
    epochs = np.arange(1, len(ppl) + 1)
    ax.plot(epochs, ppl, "o-", label=label or record.rows[0][0])
    rates = [lrs[0], *lrs] if lrs else []  # the rate each epoch trained at: the first epoch's is the start
    for epoch, (before, now) in enumerate(itertools.pairwise(rates), start=2):
        if now < before:
            ax.axvspan(epoch - 0.5, epoch + 0.5, color="0.9", zorder=0)
    ax.set(xlabel=tr("epoch"), ylabel=tr("validation perplexity"), xticks=epochs)
    ax.set_title(tr("shaded: epochs trained at a lowered learning rate"), fontsize="medium")
    ax.legend()
    return ax


def window_diagram(sentence: list[str], centre: int, window: int, ax=None):
    """Skip-gram and CBOW on one sentence (notebook 06, eqs. 6.2-6.3): for one centre word and a window,
    which words predict which. Top: skip-gram, the centre predicts each context word; bottom: CBOW, the
    mean of the context words predicts the centre. Returns the axes."""
    import matplotlib.pyplot as plt

    if not 0 <= centre < len(sentence):
        raise ValueError(f"centre must index a word of the sentence (0..{len(sentence) - 1}), got {centre}")
    if ax is None:
        _, ax = plt.subplots(figsize=(9.6, 3.0))
    # words placed by their length, so long words do not overlap
    widths = np.array([len(w) + 3 for w in sentence], dtype=float)
    x = np.cumsum(widths) - widths / 2
    lo, hi = max(0, centre - window), min(len(sentence) - 1, centre + window)
    rows = [
        (tr("skip-gram: the centre word predicts each context word"), 1.0),
        (tr("CBOW: the mean of the context predicts the centre"), 0.0),
    ]
    for row, (title, y) in enumerate(rows):
        ax.text(0, y + 0.62, title, ha="left", va="center")
        for i, word in enumerate(sentence):
            inside = lo <= i <= hi
            face = COLORS[1] if i == centre else (COLORS[0] if inside else "#E6E6E6")
            ax.text(
                x[i],
                y,
                word,
                ha="center",
                va="center",
                color="white" if inside else "black",
                bbox={"boxstyle": "round,pad=0.3", "fc": face, "ec": "none"},
            )
        for i in range(lo, hi + 1):
            if i != centre:
                start, end = (centre, i) if row == 0 else (i, centre)
                bend = 0.35 if end > start else -0.35
                ax.annotate(
                    "",
                    xy=(x[end], y + 0.2),
                    xytext=(x[start], y + 0.2),
                    arrowprops={"arrowstyle": "->", "color": "0.25", "connectionstyle": f"arc3,rad={-bend}"},
                )
    ax.set_xlim(-1, x[-1] + widths[-1] / 2)
    ax.set_ylim(-0.45, 1.8)
    ax.axis("off")
    return ax


def _box(ax, x: float, y: float, text: str, face: str = "#E6E6E6", width: float = 2.6, height: float = 0.62) -> None:
    """A labelled rounded box centred at (x, y), for the architecture diagrams."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.04", fc=face, ec="0.3")
    )
    dark = face in COLORS[:4] or face == "#000000"
    ax.text(x, y, text, ha="center", va="center", color="white" if dark else "black", fontsize=10)


def _arrow(ax, start: tuple[float, float], end: tuple[float, float], label: str = "", rad: float = 0.0) -> None:
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "->", "color": "0.25", "lw": 1.5, "connectionstyle": f"arc3,rad={rad}"},
    )
    if label:
        ax.text((start[0] + end[0]) / 2 + 0.12, (start[1] + end[1]) / 2, label, fontsize=9, color="0.2", va="center")


def nnlm_diagram(batch: int, context: int, dim: int, hidden: int, vocab: int, direct: bool = False, ax=None):
    """Bengio's NNLM, eq. (3.1) of notebook 03, as a diagram with the tensor shape at every stage.

    ``batch`` examples of ``context`` previous words, vectors of ``dim``, ``hidden`` tanh units, ``vocab``
    output words; ``direct`` draws the direct connections W from the word vectors to the output."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 6.2))
    n = context * dim
    stages = [
        (tr("previous word ids"), f"({batch}, {context})", "#E6E6E6"),
        (tr("look up rows of C"), f"({batch}, {context}, {dim})", COLORS[0]),
        (tr("concatenate: x"), f"({batch}, {n})", "#E6E6E6"),
        ("tanh(d + H x)", f"({batch}, {hidden})", COLORS[2]),
        ("y = b + U tanh(…)" + (" + W x" if direct else ""), f"({batch}, {vocab:,})", COLORS[1]),
        (
            tr("softmax: p(next word)"),
            tr("({batch}, {vocab}), rows sum to 1", batch=batch, vocab=f"{vocab:,}"),
            "#E6E6E6",
        ),
    ]
    output = f"U: {vocab:,} × {hidden}" + (
        "\n" + tr("W: {vocab} × {n} (direct)", vocab=f"{vocab:,}", n=n) if direct else ""
    )
    params = ["", f"C: {vocab:,} × {dim}", "", f"H: {hidden} × {n}", output, ""]
    for i, ((name, shape, face), param) in enumerate(zip(stages, params, strict=True)):
        y = 5 - i
        _box(ax, 0, y, name, face, width=3.4)
        ax.text(1.9, y, shape, va="center", fontsize=10, family="monospace")
        if param:
            ax.text(-1.9, y, param, va="center", ha="right", fontsize=9, color="0.3")
        if i:
            _arrow(ax, (0, y + 0.69), (0, y + 0.31))
    ax.set_xlim(-4.4, 5.2)
    ax.set_ylim(-0.5, 5.5)
    ax.axis("off")
    return ax


def elmo_diagram(ax=None):
    """ELMo's layers (notebook 09, eqs. 9.1-9.4): characters → char-CNN token vector (layer 0) → two LSTM
    layers in each direction → a task-weighted scalar mix of the three layers."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8.6, 5.2))
    words = ["the", "unit", "in", "may"]
    xs = [0, 3.4, 6.8, 10.2]
    for x, word in zip(xs, words, strict=True):
        _box(ax, x, 0, " ".join(word), "#FFFFFF", width=2.4)
        _box(ax, x, 1.2, "char-CNN", COLORS[0], width=2.6)
        _box(ax, x, 2.4, "→ LSTM 1 ←", COLORS[2], width=2.6)
        _box(ax, x, 3.6, "→ LSTM 2 ←", COLORS[2], width=2.6)
        for y in (0.35, 1.55, 2.75):
            _arrow(ax, (x, y), (x, y + 0.5))
    for y in (2.4, 3.6):
        for a, b in itertools.pairwise(xs):
            _arrow(ax, (a + 1.35, y + 0.12), (b - 1.35, y + 0.12))  # the forward LM reads left to right
            _arrow(ax, (b - 1.35, y - 0.12), (a + 1.35, y - 0.12))  # the backward LM right to left
    x = xs[-1]
    _box(ax, x - 1.6, 5.0, "ELMo(may) = γ Σ_j s_j h_j", COLORS[1], width=4.8)
    for y, j in ((1.2, 0), (2.4, 1), (3.6, 2)):
        _arrow(ax, (x + 1.35, y), (x + 0.6, 4.68), rad=0.3)
        ax.text(x + 1.5, y + 0.3, f"h_{j}", fontsize=9, color="0.3")
    ax.text(-1.5, 1.2, tr("layer 0: char-CNN + highway,\none vector per spelling"), ha="right", va="center", fontsize=9)
    ax.text(-1.5, 3.0, tr("layers 1-2: each word\nseen in its sentence"), ha="right", va="center", fontsize=9)
    ax.text(-1.5, 0, tr("characters in"), ha="right", va="center", fontsize=9)
    ax.set_xlim(-6.2, 12.4)
    ax.set_ylim(-0.6, 5.6)
    ax.axis("off")
    return ax
