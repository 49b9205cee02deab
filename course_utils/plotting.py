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
        return f"Chinese font for figures: {font}"
    key = platform or sys.platform
    how = CJK_FONT_HINTS.get("linux" if key.startswith("linux") else key, CJK_FONT_HINTS["linux"])
    return f"no Chinese font found: Chinese labels in figures are left out. To see them: {how}"


def zh(chinese: str, english: str) -> str:
    """A figure label with its Chinese gloss, ``"words (词)"``, where a Chinese font is installed; the English
    alone elsewhere, so that no figure shows empty boxes (notebooks 01, 02, 06-09)."""
    return f"{english} ({chinese})" if cjk_font() else english


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
        rank, np.exp(intercept) * rank**slope, "--", label=f"fit on ranks {ranks[0]}-{ranks[1]}: slope {slope:.2f}"
    )
    ax.set(xlabel="rank", ylabel="frequency")
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
    ax.set(xlabel="epoch", ylabel="validation perplexity", xticks=epochs)
    ax.set_title("shaded: epochs trained at a lowered learning rate", fontsize="medium")
    ax.legend()
    return ax
