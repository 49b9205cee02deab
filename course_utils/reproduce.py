"""Full-scale runs that are too long for a notebook: ``python -m course_utils.reproduce [NAME] [--out FILE]``.

With no argument it lists the experiments. Each experiment prints a markdown table (our numbers
beside the published reference where one exists), then its wall time and peak memory; ``--out``
also writes the table to a file. Every chapter registers its experiments here with :func:`experiment`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .notebook import fmt, pct


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        lines += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class Experiment:
    name: str
    description: str
    notebook: str
    run: Callable[[], Table]


EXPERIMENTS: dict[str, Experiment] = {}


def experiment(name: str, description: str, notebook: str):
    """Register ``fn() -> Table`` as the experiment ``name`` (taught in ``notebook``)."""

    def register(fn: Callable[[], Table]) -> Callable[[], Table]:
        if name in EXPERIMENTS:
            raise ValueError(f"experiment {name!r} registered twice")
        EXPERIMENTS[name] = Experiment(name, description, notebook, fn)
        return fn

    return register


def peak_memory_mb() -> float | None:
    """Peak resident memory of this process in MB (None where the platform cannot tell)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, KiB elsewhere


# ---------------------------------------------------------------- notebook 01


@experiment("ngram-mle-ptb", "MLE n-gram models of order 1-5 on Penn Treebank: perplexity and unseen n-grams", "01")
def ngram_mle_ptb() -> Table:
    from . import data, ngram

    ptb = data.load_ptb(download=True)
    table = Table(
        "MLE n-gram language models on Penn Treebank (Mikolov's 10k version)",
        [
            "order",
            "n-gram types",
            "count time",
            "train ppl",
            "valid ppl",
            "test ppl",
            "unseen valid n-grams",
            "unseen test n-grams",
        ],
    )
    vocab = None
    for n in range(1, 6):
        start = time.perf_counter()
        model = ngram.MLE(n).fit(ptb["train"], vocab=vocab)
        elapsed = time.perf_counter() - start
        vocab = model.vocab_
        table.rows.append(
            [
                str(n),
                f"{model.counts_.n_types(n):,}",
                f"{elapsed:.2f} s",
                fmt(model.perplexity(ptb["train"]), 1),
                fmt(model.perplexity(ptb["valid"]), 1),
                fmt(model.perplexity(ptb["test"]), 1),
                pct(ngram.unseen_share(model, ptb["valid"])),
                pct(ngram.unseen_share(model, ptb["test"])),
            ]
        )
    table.notes = [
        "Perplexity counts one </s> per sentence (73,760 valid / 82,430 test tokens), as Mikolov and KenLM do.",
        "count time = building the vocabulary, encoding and counting all n-grams of orders 1..n of the training set.",
        "No published MLE numbers exist: any unseen test n-gram makes MLE perplexity infinite. "
        "Published smoothed PTB test perplexities to beat in notebook 02 (Mikolov 2012, Table 4.1): "
        "Good-Turing 3-gram 165.2, Kneser-Ney 3-gram 148.3, KN 5-gram 141.2.",
        "Industrial peer: KenLM's lmplz only estimates modified Kneser-Ney models, so it has no MLE to compare "
        "with; the counts themselves are checked against a plain dictionary count in tests/test_ngram.py.",
    ]
    return table


# ---------------------------------------------------------------- command line


def run(name: str, out: Path | None = None) -> Table:
    if name not in EXPERIMENTS:
        raise KeyError(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")
    start = time.perf_counter()
    table = EXPERIMENTS[name].run()
    wall = time.perf_counter() - start
    peak = peak_memory_mb()
    text = table.markdown()
    footer = f"\n_{name}: wall time {wall:.1f} s, peak memory {f'{peak:.0f} MB' if peak else 'n/a'}_\n"
    print(text + footer)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + footer, encoding="utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_utils.reproduce", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="experiment to run (omit to list them; 'all' runs every one)")
    parser.add_argument("--out", type=Path, help="also write the markdown table to this file")
    args = parser.parse_args(argv)
    if not args.name:
        print("experiments (python -m course_utils.reproduce NAME):")
        for e in EXPERIMENTS.values():
            print(f"  {e.name:20s} notebook {e.notebook}  {e.description}")
        return 0
    names = list(EXPERIMENTS) if args.name == "all" else [args.name]
    try:
        for name in names:
            out = args.out if len(names) == 1 else (args.out / f"{name}.md" if args.out else None)
            run(name, out)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
