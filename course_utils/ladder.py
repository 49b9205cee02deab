"""The history of language modelling as one measured ladder (notebook 10): every model the course trained, by the
year of its paper, with its Penn Treebank test perplexity read from the course's own results files and the
published number beside it.

Each :class:`Rung` says where its number lives (an experiment's record, a row, a column) instead of holding it,
so a re-run of an experiment moves its rung, and nothing measured is typed here. Every perplexity on the ladder
counts the same tokens: each test word and one ``</s>`` per sentence, with PTB's 10,000-word vocabulary
(notebook 01's convention, used by every model of the course).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import results
from .i18n import N_, tr


@dataclass(frozen=True)
class Rung:
    """One model on the ladder: its name, the paper (author, year) it comes from, and where its number is."""

    model: str
    paper: str
    year: int
    experiment: str  # the record: results/NAME.json
    row: str | tuple[str, ...]
    column: str
    part: int = 0  # which of "a / b" in the cell (e.g. valid / test)
    published: str = "-"  # the paper's number on PTB, or where it comes from
    published_column: str | None = None  # read the published number from this column of the record instead


#: Penn Treebank, test perplexity, oldest idea first
PTB_RUNGS: list[Rung] = [
    Rung(N_("MLE 5-gram (no smoothing)"), "Shannon", 1948, "ngram-mle-ptb", "5", "test ppl", published="∞"),
    Rung(N_("add-one 5-gram"), "Laplace", 1814, "ngram-ptb", "add-one (Laplace)", "n=5", part=1),
    Rung(
        N_("Katz 5-gram"),
        "Katz",
        1987,
        "ngram-ptb",
        "Katz, SRILM defaults",
        "n=5",
        part=1,
        published_column="published test (n=3 / n=5)",
    ),
    Rung(N_("Kneser-Ney 5-gram"), "Kneser & Ney", 1995, "ngram-ptb", "Kneser-Ney", "n=5", part=1),
    Rung(
        N_("modified Kneser-Ney 5-gram"),
        "Chen & Goodman",
        1998,
        "ngram-ptb",
        "modified Kneser-Ney",
        "n=5",
        part=1,
        published_column="published test (n=3 / n=5)",
    ),
    Rung("NNLM", "Bengio et al.", 2003, "nnlm-ptb", "NNLM n=5", "test ppl", published_column="published test"),
    Rung(
        N_("NNLM + KN5 mixture"),
        "Bengio et al.",
        2003,
        "nnlm-ptb",
        "NNLM + KN5",
        "test ppl",
        published_column="published test",
    ),
    Rung(
        N_("RNN LM"),
        "Mikolov et al.",
        2010,
        "rnnlm-ptb",
        "RNN LM, 1 layer",
        "test ppl",
        published_column="published test",
    ),
    Rung(N_("LSTM LM"), "Zaremba et al.", 2014, "lstm-ptb", "LSTM", "test ppl", published_column="published test"),
    Rung(N_("Transformer LM"), "Vaswani et al.", 2017, "transformer-ptb", "Transformer LM", "test ppl"),
    Rung(N_("ELMo biLM, forward"), "Peters et al.", 2018, "elmo", "biLM", "test ppl (forward / backward)"),
    Rung(N_("ELMo biLM, backward"), "Peters et al.", 2018, "elmo", "biLM", "test ppl (forward / backward)", part=1),
]

_PD = "People's Daily, words"
#: People's Daily 1998-01 (gold words), test perplexity; the per-character cost is in each record's table
PD_RUNGS: list[Rung] = [
    Rung(N_("add-one 5-gram"), "Laplace", 1814, "ngram-zh", (_PD, "add-one (Laplace)"), "n=5", part=1),
    Rung(N_("Katz 5-gram"), "Katz", 1987, "ngram-zh", (_PD, "Katz, SRILM defaults"), "n=5", part=1),
    Rung(N_("Kneser-Ney 5-gram"), "Kneser & Ney", 1995, "ngram-zh", (_PD, "Kneser-Ney"), "n=5", part=1),
    Rung(
        N_("modified Kneser-Ney 5-gram"),
        "Chen & Goodman",
        1998,
        "ngram-zh",
        (_PD, "modified Kneser-Ney"),
        "n=5",
        part=1,
    ),
    Rung("NNLM", "Bengio et al.", 2003, "nnlm-pd", "NNLM n=5", "test ppl"),
    Rung(N_("NNLM + KN5 mixture"), "Bengio et al.", 2003, "nnlm-pd", "NNLM + KN5", "test ppl"),
    Rung(N_("LSTM LM"), "Zaremba et al.", 2014, "lstm-pd", "LSTM, 2 layers", "test ppl"),
    Rung(N_("ELMo biLM, forward"), "Peters et al.", 2018, "elmo-pd", "biLM", "test ppl (forward / backward)"),
]


@dataclass(frozen=True)
class Step:
    """A rung with its number read: ``ours`` is the test perplexity (``inf`` for an unsmoothed model), None when
    the experiment has no record yet."""

    rung: Rung
    ours: float | None
    published: str

    @property
    def label(self) -> str:
        return tr("{model} ({paper} {year})", model=tr(self.rung.model), paper=self.rung.paper, year=self.rung.year)


def read(rungs: list[Rung], folder=None) -> list[Step]:
    """Each rung with its number from the results records (``folder``: the records' folder, default ``results/``);
    a rung whose record does not exist yet gets ``ours=None`` and is shown as not measured."""
    steps = []
    for rung in rungs:
        if not results.path(rung.experiment, folder).exists():
            steps.append(Step(rung, None, rung.published))
            continue
        record = results.load(rung.experiment, folder)
        text = record.cell(rung.row, rung.column).split("/")[rung.part].strip()
        ours = math.inf if text in ("inf", "∞") else record.number(rung.row, rung.column, rung.part)
        published = rung.published
        if rung.published_column is not None:
            cell = record.cell(rung.row, rung.published_column)
            published = cell.split("/")[rung.part].strip() if "/" in cell and "(" not in cell else cell
            published = published.split(" (")[0] or "-"
        steps.append(Step(rung, ours, published))
    return steps


def table(steps: list[Step]) -> str:
    """The ladder as text, one line per rung in the order given: the model, our test perplexity, the paper's."""
    from .notebook import ljust, rjust, text_width

    width = max(text_width(s.label) for s in steps)
    head = ljust(tr("model (paper)"), width) + "  " + rjust(tr("ours"), 7) + "  " + tr("published")
    lines = [head, "-" * (width + 22)]
    for s in steps:
        ours = tr("not yet") if s.ours is None else ("∞" if math.isinf(s.ours) else f"{s.ours:.1f}")
        lines.append(f"{ljust(s.label, width)}  {rjust(ours, 7)}  {s.published}")
    return "\n".join(lines)


def plot(steps: list[Step], ax=None, title: str | None = None, top: float = 300):
    """The ladder as a figure: one point per measured rung, the published number as a ring; a perplexity above
    ``top`` (an unsmoothed model's ∞, add-one's thousands) as an arrow off the top with its value. Returns the axes.
    """
    import matplotlib.pyplot as plt

    from .plotting import COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.8))
    measured = [s for s in steps if s.ours is not None]
    low = min(s.ours for s in measured)
    for x, s in enumerate(measured):
        if s.ours > top:
            value = "∞" if math.isinf(s.ours) else f"{s.ours:,.0f}"
            ax.annotate(
                value, (x, top), xytext=(x, top * 0.8), ha="center", va="top", color=COLORS[0], fontsize=10,
                arrowprops={"arrowstyle": "->", "color": COLORS[0], "lw": 1.5},
            )  # fmt: skip
        else:
            ax.plot(x, s.ours, "o", color=COLORS[0], ms=8)
            ax.annotate(f"{s.ours:.0f}", (x, s.ours), xytext=(7, -4), textcoords="offset points", fontsize=9)
        try:
            published = float(s.published)
        except ValueError:
            continue
        if published <= top:
            ax.plot(x, published, "o", mfc="none", mec=COLORS[1], ms=12, mew=1.5)
    ax.plot([], [], "o", color=COLORS[0], ms=8, label=tr("this course (results/)"))
    ax.plot([], [], "o", mfc="none", mec=COLORS[1], ms=12, mew=1.5, label=tr("published"))
    ax.set_ylim(min(low, 100) * 0.8, top)
    ax.set_xlim(-0.6, len(measured) - 0.4)
    ax.set_xticks(range(len(measured)))
    ax.set_xticklabels([f"{tr(s.rung.model)}\n{s.rung.year}" for s in measured], rotation=55, ha="right", fontsize=8)
    ax.set_ylabel(tr("test perplexity (lower is better)"))
    ax.set_title(title or tr("Penn Treebank test perplexity, each idea with its year"))
    ax.legend(loc="lower left")
    return ax
