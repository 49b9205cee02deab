"""百花齐放: the large language models of the survey behind the book (Zhao et al., arXiv 2303.18223) as data, and
the course's own models on the same parameter axis (notebook 10).

``data/llm_timeline.csv`` holds one row per model: its name, organisation, month, parameters (billions, of the
largest model the source describes; empty where the maker never said), whether its weights can be downloaded
(``yes``, ``no``, or ``on request``), and the source. The month is that of the arXiv paper where there is one
(the paper's identifier starts with it: 2005.14165 is May 2020, and a test checks every row), otherwise of the
maker's announcement. Mixture-of-experts models (GShard, GLaM, PanGu-Σ, Mixtral, DeepSeek-V3/R1) count all
their experts' parameters, though each token uses only a few of them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np

from . import data, results

TIMELINE_FILE = "llm_timeline.csv"
OPEN_VALUES = ("yes", "no", "on request")


@dataclass(frozen=True)
class Release:
    """One row of ``data/llm_timeline.csv``."""

    model: str
    organisation: str
    month: str  # YYYY-MM
    parameters: float | None  # a count (not billions); None where the maker never published it
    open_weights: str  # yes / no / on request
    source: str

    @property
    def year(self) -> float:
        """The month as a decimal year (the middle of the month), for plotting."""
        y, m = (int(x) for x in self.month.split("-"))
        return y + (m - 0.5) / 12

    @property
    def arxiv(self) -> str | None:
        """The arXiv identifier of the source, if it is an arXiv paper."""
        found = re.fullmatch(r"https://arxiv\.org/abs/(\d{4}\.\d{4,5})", self.source)
        return found.group(1) if found else None


def load_timeline() -> list[Release]:
    """The rows of ``data/llm_timeline.csv`` (verified by SHA-256), oldest first; a clear error on a bad row."""
    rows = []
    for i, row in enumerate(csv.DictReader(io.StringIO(data.load_toy(TIMELINE_FILE))), start=2):
        where = f"data/{TIMELINE_FILE}, line {i}"
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", row["month"]):
            raise ValueError(f"{where}: month must be YYYY-MM, got {row['month']!r}")
        if row["open_weights"] not in OPEN_VALUES:
            raise ValueError(
                f"{where}: open_weights must be one of {', '.join(OPEN_VALUES)}, got {row['open_weights']!r}"
            )
        size = row["parameters_b"].strip()
        rows.append(
            Release(
                row["model"],
                row["organisation"],
                row["month"],
                float(size) * 1e9 if size else None,
                row["open_weights"],
                row["source"],
            )
        )
    return sorted(rows, key=lambda r: r.month)


def course_models() -> list[tuple[str, float]]:
    """The course's largest trained models and their parameter counts, each from its experiment's recipe (the
    networks are built, not trained, and counted) or its record: (name, parameters), smallest first."""
    from . import nnlm, transformer
    from .reproduce import PTB_VOCAB_SIZE, ch03, ch05, ch10

    vocab = PTB_VOCAB_SIZE
    r = ch03.NNLM_RECIPE
    net = nnlm.NNLM(vocab, r["order"] - 1, r["dim"], r["hidden"], r["direct"])
    models = [("NNLM (nnlm-ptb)", sum(p.numel() for p in net.parameters()))]
    for name, recipe in (("RNN LM (rnnlm-ptb)", ch05.RNN_RECIPE), ("LSTM LM (lstm-ptb)", ch05.LSTM_RECIPE)):
        models.append((name, ch05.recurrent_parameters(recipe, vocab)))
    t = ch10.TRANSFORMER_RECIPE
    net = transformer.TransformerNet(vocab, t["dim"], t["heads"], t["layers"], t["context"])
    models.append(("Transformer LM (transformer-ptb)", transformer.count_parameters(net)))
    ngrams = results.load("ngram-mle-ptb")
    count = sum(ngrams.number(str(n), "n-gram types") for n in range(1, 6))
    models.append(("Kneser-Ney 5-gram: its n-grams (ngram-ptb)", count))
    elmo = re.search(r"([\d.]+)M parameters", " ".join(results.load("elmo").notes))
    if elmo:
        models.append(("ELMo biLM (elmo)", float(elmo.group(1)) * 1e6))
    return sorted(models, key=lambda m: m[1])


def plot(releases: list[Release], course: list[tuple[str, float]], label: set[str] | None = None):
    """Two panels on one logarithmic parameter axis: the LLMs by month (filled: weights downloadable; ringed:
    not, or on request only) and the course's own models. ``label``: the models to name (default: a selection).
    Returns the figure."""
    import matplotlib.pyplot as plt

    from .plotting import COLORS, zh

    label = label or {"GPT-1", "BERT-Large", "GPT-2", "T5", "GPT-3", "PanGu-α", "Gopher", "GLaM", "PaLM",
                      "Chinchilla", "BLOOM", "LLaMA", "Llama 2", "Qwen", "Mistral 7B",
                      "DeepSeek-V3", "Llama 3", "PanGu-Σ"}  # fmt: skip
    fig, (ax, right) = plt.subplots(1, 2, figsize=(11, 5), sharey=True, gridspec_kw={"width_ratios": [3, 1.3]})
    for r in releases:
        if r.parameters is None:
            continue
        is_open = r.open_weights == "yes"
        ax.plot(
            r.year,
            r.parameters,
            "o",
            ms=7,
            color=COLORS[0] if is_open else COLORS[1],
            mfc=None if is_open else "none",
            mew=1.5,
        )
        if r.model in label:
            ax.annotate(r.model, (r.year, r.parameters), xytext=(4, 3), textcoords="offset points", fontsize=7.5)
    ax.plot([], [], "o", color=COLORS[0], label="weights downloadable")
    ax.plot([], [], "o", color=COLORS[1], mfc="none", mew=1.5, label="weights closed (or on request)")
    unknown = [r.model for r in releases if r.parameters is None]
    ax.set_yscale("log")
    ax.set_xlabel("month of the paper or announcement")
    ax.set_ylabel("parameters (log scale)")
    title = zh("百花齐放", "Large language models, 2018 onwards")
    ax.set_title(title + (f"; size never published: {', '.join(unknown)}" if unknown else ""), fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    spread = np.geomspace(2e5, 3e8, len(course))  # the course's models differ by less than 3x: spread their names
    for (name, n), y in zip(course, spread, strict=True):
        right.plot(0, n, "s", color=COLORS[2], ms=7)
        right.annotate(f"{name}: {n / 1e6:.1f} M", (0, n), xytext=(0.35, y), fontsize=7.5, va="center",
                       arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.8})  # fmt: skip
    right.set_xlim(-0.2, 3.2)
    right.set_xticks([])
    right.set_title(zh("本课程的模型", "this course's models"), fontsize=10)
    right.set_ylim(1e5, 5e12)
    fig.tight_layout()
    return fig
