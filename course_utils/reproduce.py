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

from . import distributed
from .notebook import fmt, pct


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    throughput: str = ""  # training speed, for the footer (experiments that train set it)

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
    in_all: bool = True  # False for a part of another experiment, which 'all' would run twice


EXPERIMENTS: dict[str, Experiment] = {}


def experiment(name: str, description: str, notebook: str, in_all: bool = True):
    """Register ``fn() -> Table`` as the experiment ``name`` (taught in ``notebook``)."""

    def register(fn: Callable[[], Table]) -> Callable[[], Table]:
        if name in EXPERIMENTS:
            raise ValueError(f"experiment {name!r} registered twice")
        EXPERIMENTS[name] = Experiment(name, description, notebook, fn, in_all)
        return fn

    return register


#: ``--tiny``: the same code on a sliver of the data and one epoch (a smoke test, e.g. under torchrun)
TINY = False


def _load_ptb() -> dict:
    """PTB (fetched if needed); with ``--tiny``, its first 300 / 40 / 40 sentences."""
    from . import data

    ptb = data.load_ptb(download=True)
    return {k: v[: {"train": 300}.get(k, 40)] for k, v in ptb.items()} if TINY else ptb


def _shown(path: Path) -> str:
    """A path as the notes print it: relative to the course folder when inside it."""
    root = Path(__file__).resolve().parent.parent
    return path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)


def _epochs(n: int) -> int:
    return 1 if TINY else n


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
        "count time = encoding the training set and counting all its n-grams of orders 1..n "
        "(at n = 1 it also includes building the vocabulary, which the other orders reuse).",
        "No published MLE numbers exist: any unseen test n-gram makes MLE perplexity infinite. "
        "Published smoothed PTB test perplexities to beat in notebook 02 (Mikolov 2012, Table 4.1): "
        "Good-Turing 3-gram 165.2, Kneser-Ney 3-gram 148.3, KN 5-gram 141.2.",
        "Industrial peer: KenLM's lmplz only estimates modified Kneser-Ney models, so it has no MLE to compare "
        "with; the counts themselves are checked against a plain dictionary count in tests/test_ngram.py.",
    ]
    return table


# ---------------------------------------------------------------- notebook 02

#: PTB test perplexities of Mikolov et al. (2011) / Mikolov (2012, Table 4.1), by method name below:
#: Good-Turing (SRILM's Katz back-off, default settings) and Kneser-Ney (SRILM's modified KN)
PUBLISHED_PTB = {
    ("Katz, SRILM defaults", 3): 165.2,
    ("Katz, SRILM defaults", 5): 162.3,
    ("modified Kneser-Ney", 3): 148.3,
    ("modified Kneser-Ney", 5): 141.2,
}


def smoothing_methods() -> dict:
    """The methods of notebook 02 by display name, each a factory ``order -> model``."""
    from . import smoothing as sm

    return {
        "add-one (Laplace)": lambda n: sm.Laplace(n),
        "add-k, k=0.01": lambda n: sm.AddK(n, k=0.01),
        "Katz (Good-Turing)": lambda n: sm.Katz(n),
        "Katz, SRILM defaults": lambda n: sm.Katz(n, k=7, cutoffs=sm.SRILM_CUTOFFS),
        "Jelinek-Mercer (EM)": lambda n: sm.JelinekMercer(n),
        "absolute discounting": lambda n: sm.AbsoluteDiscounting(n),
        "Kneser-Ney": lambda n: sm.KneserNey(n),
        "modified Kneser-Ney": lambda n: sm.ModifiedKneserNey(n),
    }


@experiment("ngram-ptb", "every smoothing method x order 1-5 on Penn Treebank, beside the published numbers", "02")
def ngram_ptb() -> Table:
    from tqdm.auto import tqdm

    from . import data, ngram

    ptb = data.load_ptb(download=True)
    vocab = ngram.MLE(1).fit(ptb["train"]).vocab_
    table = Table(
        "Smoothed n-gram models on Penn Treebank: validation / test perplexity",
        ["method", *[f"n={n}" for n in range(1, 6)], "published test (n=3 / n=5)"],
    )
    methods = smoothing_methods()
    with tqdm(total=len(methods) * 5, desc="ngram-ptb", leave=False) as bar:
        for name, make in methods.items():
            row = [name]
            for n in range(1, 6):
                model = make(n)
                if name.startswith("Jelinek"):
                    model.fit(ptb["train"], vocab=vocab, heldout=ptb["valid"])
                else:
                    model.fit(ptb["train"], vocab=vocab)
                row.append(f"{fmt(model.perplexity(ptb['valid']), 1)} / {fmt(model.perplexity(ptb['test']), 1)}")
                bar.update()
            published = [PUBLISHED_PTB.get((name, n)) for n in (3, 5)]
            row.append(" / ".join("-" if p is None else str(p) for p in published))
            table.rows.append(row)
    table.notes = [
        "Each cell is validation / test perplexity with one </s> per sentence; every model has the same "
        "10,000-word vocabulary (<unk> an ordinary word). Katz, absolute discounting and both Kneser-Neys "
        "condition on a single <s> at sentence starts, as SRILM and KenLM do.",
        "Katz, SRILM defaults = k=7 (counts up to 7 discounted) and n-grams of order >= 3 seen once dropped "
        "(SRILM's -gt3min 2): the setting of the published Good-Turing numbers.",
        "Published: Mikolov et al. 2011 and Mikolov 2012 (Table 4.1), PTB test set: Good-Turing 3-gram 165.2, "
        "5-gram 162.3; Kneser-Ney 3-gram 148.3, 5-gram 141.2 (SRILM's modified Kneser-Ney).",
        "Jelinek-Mercer fits its lambdas by EM on the validation set, so its validation number is optimistic.",
        "At n=1 the discounting methods interpolate with the uniform distribution; Katz keeps the ML unigram.",
    ]
    return table


_FIT_SCRIPT = """
import resource, sys, time
from course_utils import data
ptb = data.load_ptb()["train"]
start = time.perf_counter()
if sys.argv[1] == "ours":
    from course_utils.smoothing import ModifiedKneserNey
    ModifiedKneserNey(5).fit(ptb)
else:
    from nltk.lm import KneserNeyInterpolated
    from nltk.lm.preprocessing import padded_everygram_pipeline
    grams, vocab = padded_everygram_pipeline(5, ptb)
    KneserNeyInterpolated(5).fit(grams, vocab)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@experiment("kn5-vs-nltk", "benchmark: estimating a Kneser-Ney 5-gram model on PTB, ours vs NLTK's nltk.lm", "02")
def kn5_vs_nltk() -> Table:
    import subprocess

    from . import data

    data.fetch("ptb")
    table = Table(
        "Estimating a 5-gram Kneser-Ney model on all of PTB train (929,589 tokens)",
        ["implementation", "fit time", "peak memory (process)"],
    )
    results = {}
    for who in ("ours", "nltk"):
        out = subprocess.run([sys.executable, "-c", _FIT_SCRIPT, who], capture_output=True, text=True, check=True)
        seconds, rss = out.stdout.split()
        mb = float(rss) / (1e6 if sys.platform == "darwin" else 1e3)
        results[who] = float(seconds)
        label = "course_utils ModifiedKneserNey(5)" if who == "ours" else "nltk.lm KneserNeyInterpolated(5)"
        table.rows.append([label, f"{float(seconds):.1f} s", f"{mb:.0f} MB"])
    table.notes = [
        f"NLTK takes {results['nltk'] / results['ours']:.0f} times as long to fit (one run each, same machine, "
        "each in a fresh process; memory is the peak of that process, Python and the data included).",
        "Fitting means counting every n-gram of orders 1-5; ours also computes continuation counts and "
        "discounts, while NLTK defers that work to scoring time.",
        "NLTK's padded_everygram_pipeline pads both ends with n-1 markers, so its counts differ slightly; "
        "this row compares speed and memory, not perplexity.",
    ]
    return table


# ---------------------------------------------------------------- notebook 03


@experiment("nnlm-ptb", "Bengio's NNLM (n=5, m=100, h=200) on full PTB, alone and mixed with modified KN5", "03")
def nnlm_ptb() -> Table:
    from . import ngram, nnlm
    from . import smoothing as sm

    ptb = _load_ptb()
    vocab = ngram.MLE(1).fit(ptb["train"]).vocab_
    model = nnlm.NeuralLM(
        5,
        embed_dim=100,
        hidden=200,
        direct=False,
        epochs=_epochs(12),
        batch_size=256,
        lr=1e-3,
        lr_decay=0.5,
        patience=3,
        seed=0,
        quiet=False,
    )
    start = time.perf_counter()
    model.fit(ptb["train"], vocab=vocab, valid=ptb["valid"])
    train_seconds = time.perf_counter() - start
    epochs_run = len(model.history_.train_loss)
    kn5 = sm.ModifiedKneserNey(5).fit(ptb["train"], vocab=vocab)
    mix = sm.LinearMixture([model, kn5]).fit(ptb["valid"])
    table = Table(
        "Bengio's NNLM on Penn Treebank: test perplexity, alone and mixed with Kneser-Ney",
        ["model", "valid ppl", "test ppl", "published test"],
    )
    table.rows = [
        [
            "NNLM n=5, m=100, h=200 (no direct connections)",
            fmt(model.perplexity(ptb["valid"]), 1),
            fmt(model.perplexity(ptb["test"]), 1),
            "140.2 (feedforward NNLM)",
        ],
        [
            "modified Kneser-Ney 5-gram",
            fmt(kn5.perplexity(ptb["valid"]), 1),
            fmt(kn5.perplexity(ptb["test"]), 1),
            "141.2",
        ],
        [
            f"NNLM + KN5 mixture (NNLM weight {mix.weights[0]:.2f}, fitted on valid)",
            fmt(mix.perplexity(ptb["valid"]), 1),
            fmt(mix.perplexity(ptb["test"]), 1),
            "116.7",
        ],
    ]
    tokens = sum(len(s) + 1 for s in ptb["train"])
    table.throughput = f"{tokens * epochs_run / train_seconds:,.0f} training words/s"
    table.notes = [
        f"Training: Adam (lr 1e-3, halved with a return to the best weights after every epoch that does not "
        f"improve validation), batch 256, {epochs_run} epochs (best: {model.history_.best_epoch}, stop after 3 "
        f"epochs without improvement), {train_seconds / 60:.1f} min on this machine's CPU, "
        f"{tokens * epochs_run / train_seconds:,.0f} training words/s (validation passes included).",
        "Published: Mikolov et al. 2011 and Mikolov 2012, Table 4.1 (PTB test): feedforward NNLM 140.2, "
        "KN5 141.2, NNLM interpolated with KN5 116.7.",
        "The mixture weight is fitted by EM on the validation set, so its validation number is optimistic.",
    ]
    return table


# ---------------------------------------------------------------- notebook 05

#: Zaremba et al.'s (2014) "small" non-regularised set-up, used for both cells so they compare fairly. Their
#: loss is summed over the 20 steps of a batch (and averaged over the batch); ours is the mean per token, so
#: their learning rate 1 and clipping norm 5 are our 20 and 0.25 (the values of PyTorch's own example).
RNNLM_CONFIG = {
    "embed_dim": 200,
    "hidden": 200,
    "batch_size": 20,
    "bptt": 20,
    "clip": 0.25,
    "init_range": 0.1,
}
#: cell -> (description, layers, learning rate, published test perplexity). The vanilla RNN diverged at the
#: LSTM's rate 20 (validation perplexity above 10^7 after one epoch, despite clipping), so it uses 1.
RNNLM_MODELS = {
    "rnn": ("vanilla RNN, 1 layer of 200 tanh units", 1, 1.0, "124.7 (RNNLM, Mikolov et al. 2011)"),
    "lstm": ("LSTM, 2 layers of 200 units", 2, 20.0, "114.5 (small LSTM, Zaremba et al. 2014)"),
}
RNNLM_EPOCHS, RNNLM_DECAY_AFTER = 10, 5


def _rnnlm_rows(cells: tuple[str, ...]) -> Table:
    import math

    from . import ngram, rnn, training

    ptb = _load_ptb()
    vocab = ngram.MLE(1).fit(ptb["train"]).vocab_
    streams = {k: rnn.lm_stream(vocab.encode_sentences(v), vocab.eos_id) for k, v in ptb.items()}
    c = RNNLM_CONFIG
    table = Table(
        "Recurrent language models on Penn Treebank (truncated BPTT, state carried across batches)",
        ["model", "epochs", "valid ppl", "test ppl", "published test", "train time", "words/s"],
    )
    for cell in cells:
        about, layers, lr, published = RNNLM_MODELS[cell]
        model = rnn.RNNLM(len(vocab), c["embed_dim"], c["hidden"], layers, cell, seed=0, init_range=c["init_range"])
        start = time.perf_counter()
        hist = training.train_lm(
            model,
            streams["train"],
            streams["valid"],
            epochs=_epochs(RNNLM_EPOCHS),
            batch_size=c["batch_size"],
            bptt=c["bptt"],
            lr=lr,
            optimizer="sgd",
            clip=c["clip"],
            lr_decay=0.5,
            decay_after=RNNLM_DECAY_AFTER,
            seed=0,
            quiet=False,
            desc=cell,
        )
        seconds = time.perf_counter() - start
        epochs = len(hist.train_loss)
        table.rows.append(
            [
                about,
                f"{epochs} (best {hist.best_epoch})",
                fmt(math.exp(min(hist.valid_loss)), 1),
                fmt(math.exp(training.lm_loss(model, streams["test"], c["bptt"])), 1),
                published,
                f"{seconds / 60:.1f} min",
                f"{(len(streams['train']) - 1) * epochs / seconds:,.0f}",
            ]
        )
        table.throughput = f"{(len(streams['train']) - 1) * epochs / seconds:,.0f} training words/s ({cell})"
    table.notes = [
        f"Both cells: embeddings and hidden size 200, every weight drawn from ±0.1, batch 20, BPTT 20 steps, "
        f"SGD with learning rate 20 for the LSTM on the mean loss per token (Zaremba's 1 on the loss summed over "
        f"the 20 steps) and 1 for the vanilla RNN (which diverged at 20), "
        f"halved after every epoch from epoch {RNNLM_DECAY_AFTER} on, gradient norm clipped at 0.25 (their 5), "
        f"no dropout, {RNNLM_EPOCHS} epochs (Zaremba et al. train 13), the best validation epoch kept.",
        "Perplexity counts every word and one </s> per sentence, as for the n-gram models (KN5: 141.2 on "
        "test); the state runs on across sentences, as in Mikolov's RNNLM. Words/s include validation passes.",
    ]
    return table


@experiment("rnnlm-ptb", "vanilla RNN and LSTM language models on full PTB (Zaremba's small set-up)", "05")
def rnnlm_ptb() -> Table:
    return _rnnlm_rows(("rnn", "lstm"))


@experiment("rnnlm-ptb-rnn", "the vanilla-RNN half of rnnlm-ptb alone (to run the two in parallel)", "05", False)
def rnnlm_ptb_rnn() -> Table:
    return _rnnlm_rows(("rnn",))


@experiment("rnnlm-ptb-lstm", "the LSTM half of rnnlm-ptb alone (to run the two in parallel)", "05", False)
def rnnlm_ptb_lstm() -> Table:
    return _rnnlm_rows(("lstm",))


# ---------------------------------------------------------------- notebook 06

W2V_SETTINGS = {"dim": 100, "window": 5, "negative": 5, "sample": 1e-3, "min_count": 5, "epochs": 5}


def evaluation_sets() -> dict:
    """The shared evaluation of notebooks 06-09: WordSim-353, SimLex-999, Google analogies (fetched if needed)."""
    from . import embeddings as E

    return {
        "wordsim353": E.load_similarity("wordsim353", download=True),
        "simlex999": E.load_similarity("simlex999", download=True),
        "analogies": E.load_analogies(download=True),
    }


def word2vec_scores(wv, sets) -> tuple:
    """WS-353 and SimLex-999 similarity and Google-analogy results (3CosAdd) of one set of word vectors."""
    from . import embeddings as E

    return (
        E.evaluate_similarity(wv, sets["wordsim353"]),
        E.evaluate_similarity(wv, sets["simlex999"]),
        E.evaluate_analogies(wv, sets["analogies"]),
    )


def _score_cells(results) -> list[str]:
    ws, sl, an = results
    return [f"{ws.spearman:.3f}", f"{sl.spearman:.3f}", f"{an.accuracy:.3f}"]


def train_gensim(sentences, architecture: str, threads: int, seed: int = 0, **settings):
    """gensim's Word2Vec with W2V_SETTINGS (any of them overridden by ``settings``); returns (WordVectors, seconds)."""
    from gensim.models import Word2Vec as GensimWord2Vec

    from .embeddings import WordVectors

    c = {**W2V_SETTINGS, **settings}
    start = time.perf_counter()
    model = GensimWord2Vec(
        sentences,
        vector_size=c["dim"],
        window=c["window"],
        negative=c["negative"],
        sample=c["sample"],
        min_count=c["min_count"],
        epochs=c["epochs"],
        sg=int(architecture == "skipgram"),
        alpha=0.025 if architecture == "skipgram" else 0.05,
        workers=threads,
        seed=seed,
    )
    seconds = time.perf_counter() - start
    return WordVectors(model.wv.index_to_key, model.wv.vectors), seconds


@experiment(
    "word2vec", "skip-gram and CBOW on PTB (an eighth and all of it), ours beside gensim: quality, words/s", "06"
)
def word2vec_ptb() -> Table:
    import torch

    from . import data
    from .word2vec import Word2Vec

    ptb = data.load_ptb(download=True)["train"]
    sets = evaluation_sets()
    threads = torch.get_num_threads()
    table = Table(
        "word2vec on Penn Treebank, ours beside gensim (same corpus, hyper-parameters and thread count)",
        ["corpus", "model", "WS-353 ρ", "SimLex ρ", "analogy acc", "seconds", "words/s", "speed vs gensim"],
    )
    for label, corpus in (("PTB train / 8", ptb[: len(ptb) // 8]), ("PTB train", ptb)):
        words = sum(map(len, corpus)) * W2V_SETTINGS["epochs"]
        for arch in ("skipgram", "cbow"):
            start = time.perf_counter()  # vocabulary and training, as gensim's time below includes both
            ours = Word2Vec(arch, batch_size=1024, seed=0, **W2V_SETTINGS).fit(corpus)
            osec = time.perf_counter() - start
            gwv, gsec = train_gensim(corpus, arch, threads)
            ours_results = word2vec_scores(ours.wv_, sets)
            table.rows.append(
                [
                    label,
                    f"ours {arch}",
                    *_score_cells(ours_results),
                    f"{osec:.1f}",
                    f"{words / osec:,.0f}",
                    f"{gsec / osec:.2f}",
                ]
            )
            table.rows.append(
                [
                    label,
                    f"gensim {arch}",
                    *_score_cells(word2vec_scores(gwv, sets)),
                    f"{gsec:.1f}",
                    f"{words / gsec:,.0f}",
                    "1",
                ]
            )
    coverage = [r.coverage for r in ours_results]  # the last results: full PTB, whose vocabulary both models share
    c = W2V_SETTINGS
    table.notes = [
        f"Settings for both: dimension {c['dim']}, window {c['window']} (dynamic), {c['negative']} negative samples "
        f"(unigram^0.75), sample {c['sample']:g}, min_count {c['min_count']}, {c['epochs']} epochs, learning rate "
        f"0.025 (skip-gram) / 0.05 (CBOW) falling linearly; {threads} thread(s) each (torch intra-op, gensim workers).",
        f"Coverage on full PTB: WS-353 {coverage[0]:.0%} of pairs, SimLex-999 {coverage[1]:.0%}, Google analogies "
        f"{coverage[2]:.1%} of questions (PTB's 10k lower-cased words, numbers as N). Analogy accuracy is 3CosAdd over "
        "the covered questions. Times include building the vocabulary; 'speed vs gensim' is gensim's time divided "
        "by ours (1 = as fast).",
        "PTB is small for word vectors (0.9M words; word2vec was made for billions), so every score here is low; "
        "what the table measures is whether our implementation matches gensim's on the same data.",
    ]
    return table


# ---------------------------------------------------------------- notebook 07

#: (label, CountVectors settings) of the count-model rows: Levy, Goldberg & Dagan's hyper-parameters one at a time
PPMI_SVD_CONFIGS = [
    ("raw counts, window 5", {"window": 5, "weighting": "raw"}),
    ("log counts, window 5", {"window": 5, "weighting": "log"}),
    ("PPMI, window 5", {"window": 5, "alpha": 1.0}),
    ("PPMI α=0.75, window 2", {"window": 2}),
    ("PPMI α=0.75, window 5", {"window": 5}),
    ("PPMI α=0.75, window 10", {"window": 10}),
    ("PPMI α=0.75, window 5, shift k=5", {"window": 5, "shift": 5.0}),
    ("PPMI α=0.75, window 5, p=0", {"window": 5, "p": 0.0}),
    ("PPMI α=0.75, window 5, p=1", {"window": 5, "p": 1.0}),
    ("PPMI α=0.75, window 5, rank 300", {"window": 5, "rank": 300}),
    ("PPMI α=0.75, window 5, 1/d weighting", {"window": 5, "distance_weighting": True}),
]


@experiment("ppmi-svd", "PPMI-SVD word vectors on PTB under Levy et al.'s hyper-parameters, beside word2vec", "07")
def ppmi_svd_ptb() -> Table:
    from . import data
    from .cooccurrence import Cooccurrence, CountVectors
    from .word2vec import Word2Vec

    ptb = data.load_ptb(download=True)["train"]
    sets = evaluation_sets()
    table = Table(
        "Count-based vectors (co-occurrence → weighting → SVD) beside word2vec, on PTB's training text",
        ["model", "WS-353 ρ", "SimLex ρ", "analogy acc", "seconds"],
    )
    counts: dict[tuple, Cooccurrence] = {}
    for label, settings in PPMI_SVD_CONFIGS:
        c = {"rank": 100, "method": "truncated", "min_count": W2V_SETTINGS["min_count"], **settings}
        start = time.perf_counter()
        key = (c["window"], c.get("distance_weighting", False))
        if key not in counts:  # one count per window; its time is charged to the first row that needs it
            counts[key] = Cooccurrence(key[0], distance_weighting=key[1], min_count=c["min_count"]).fit(ptb)
        model = CountVectors(**c).fit(counts[key])
        seconds = time.perf_counter() - start
        table.rows.append([label, *_score_cells(word2vec_scores(model.wv_, sets)), f"{seconds:.1f}"])
    for arch in ("skipgram", "cbow"):
        start = time.perf_counter()
        ours = Word2Vec(arch, batch_size=1024, seed=0, **W2V_SETTINGS).fit(ptb)
        seconds = time.perf_counter() - start
        table.rows.append([f"word2vec {arch} (ours)", *_score_cells(word2vec_scores(ours.wv_, sets)), f"{seconds:.1f}"])
    table.notes = [
        f"Vocabulary: the {len(model.wv_):,} words seen at least {W2V_SETTINGS['min_count']} times, for every row. "
        "Count rows: symmetric window counts, the weighting shown, truncated SVD (ARPACK) of rank 100 unless "
        "stated, vectors U·Σ^p with p = 0.5 unless stated, rows normalised. α is the context-distribution "
        "smoothing exponent; 'shift k' subtracts log k (the matrix skip-gram with k negatives factorises).",
        "word2vec rows: the settings of the `word2vec` experiment (dimension 100, window 5, 5 negatives, 5 epochs).",
        "Seconds include counting the first time a window is used, weighting and SVD; analogy accuracy is "
        "3CosAdd over the covered questions (23.4% of them on PTB).",
    ]
    return table


SVD_TIMING_SIZES = (500, 1000, 2000, 3000, 4000, 6000)


@experiment("svd-timing", "full vs truncated vs randomised SVD time as the vocabulary grows (PTB PPMI matrix)", "07")
def svd_timing() -> Table:
    import numpy as np

    from . import data
    from .cooccurrence import Cooccurrence, svd, weight

    ptb = data.load_ptb(download=True)["train"]
    matrix = weight(Cooccurrence(5, min_count=5).fit(ptb).matrix_, "ppmi", alpha=0.75)
    sizes = [n for n in SVD_TIMING_SIZES if n < matrix.shape[0]] + [matrix.shape[0]]
    full_limit = max(SVD_TIMING_SIZES, default=matrix.shape[0])
    table = Table(
        "Seconds for a rank-100 SVD of the n x n PPMI matrix of PTB's n most frequent words",
        ["n", "non-zeros", "full (LAPACK)", "truncated (ARPACK)", "randomised"],
    )
    full_times = []
    for n in sizes:
        sub = matrix[:n, :n]
        full = svd(sub, 100, "full").seconds if n <= full_limit else float("nan")
        if n <= full_limit:
            full_times.append((n, full))
        row = [f"{n:,}", f"{sub.nnz:,}", "-" if np.isnan(full) else f"{full:.2f}"]
        row += [f"{svd(sub, 100, m).seconds:.2f}" for m in ("truncated", "randomized")]
        table.rows.append(row)
    big = [(n, t) for n, t in full_times if n >= 2000] or full_times
    slope = np.polyfit(np.log([n for n, _ in big]), np.log([t for _, t in big]), 1)[0] if len(big) > 1 else np.nan
    table.notes = [
        f"Log-log slope of the full SVD's time for n ≥ 2,000: {slope:.2f} (the O(n³) of the reading notes is 3). "
        f"The full SVD is skipped above n = {full_limit:,} (extrapolated: about "
        f"{full_times[-1][1] * (matrix.shape[0] / full_times[-1][0]) ** 3:.0f} s for all {matrix.shape[0]:,} words).",
        "Truncated and randomised SVD only multiply the sparse matrix by blocks of vectors, so their cost grows "
        "with the non-zeros times the rank. Randomised: 10 extra vectors, 7 power iterations. One thread.",
    ]
    return table


# ---------------------------------------------------------------- notebook 08

GLOVE_EPOCHS = 50  # the paper's number for vectors of fewer than 300 dimensions

#: (label, GloVe settings beyond the paper's defaults)
GLOVE_CONFIGS = [
    ("GloVe (paper's settings), W + W̃", {}),
    ("GloVe, W only", {"vectors": "word"}),
    ("GloVe, x_max = 10", {"x_max": 10.0}),
    ("GloVe, Adam (lr 0.01)", {"optimizer": "adam"}),
]


@experiment("glove", "GloVe on PTB beside PPMI-SVD and word2vec on the same corpus: quality and wall time", "08")
def glove_ptb() -> Table:
    from . import data
    from .cooccurrence import Cooccurrence, CountVectors
    from .glove import GloVe
    from .word2vec import Word2Vec

    ptb = data.load_ptb(download=True)["train"]
    sets = evaluation_sets()
    min_count = W2V_SETTINGS["min_count"]
    table = Table(
        "GloVe, PPMI-SVD and word2vec on PTB's training text (same vocabulary and evaluation)",
        ["model", "WS-353 ρ", "SimLex ρ", "analogy acc", "seconds"],
    )

    def add(label, make):
        start = time.perf_counter()
        wv = make()
        table.rows.append([label, *_score_cells(word2vec_scores(wv, sets)), f"{time.perf_counter() - start:.1f}"])

    start = time.perf_counter()
    counts = Cooccurrence(10, distance_weighting=True, min_count=min_count).fit(ptb)
    count_seconds = time.perf_counter() - start
    for label, settings in GLOVE_CONFIGS:
        add(label, lambda s=settings: GloVe(epochs=GLOVE_EPOCHS, seed=0, **s).fit(counts).wv_)
    add(
        "PPMI-SVD on GloVe's counts (window 10, 1/d)",
        lambda: CountVectors(rank=100, method="truncated").fit(counts).wv_,
    )
    add(
        "PPMI-SVD, window 5 (notebook 07's default)",
        lambda: CountVectors(5, rank=100, method="truncated", min_count=min_count).fit(ptb).wv_,
    )
    for arch in ("skipgram", "cbow"):
        add(f"word2vec {arch} (ours)", lambda a=arch: Word2Vec(a, batch_size=1024, seed=0, **W2V_SETTINGS).fit(ptb).wv_)
    c = GloVe()
    table.notes = [
        f"GloVe: the paper's settings: dimension {c.dim}, symmetric window {c.window} with 1/d weighting, "
        f"x_max {c.x_max:g}, α {c.alpha:g}, AdaGrad at {c.lr:g}, {GLOVE_EPOCHS} epochs over the "
        f"{counts.matrix_.nnz:,} non-zero entries, vectors W + W̃ unless stated. Counting the window-10 matrix "
        f"took {count_seconds:.1f} s, not included in the GloVe rows.",
        "PPMI-SVD: α = 0.75, truncated SVD of rank 100, U·Σ^0.5, rows normalised. word2vec: the settings of the "
        "`word2vec` experiment (dimension 100, window 5, 5 negatives, 5 epochs).",
        "Analogy accuracy is 3CosAdd over the covered questions (23.4% of them on PTB); one thread.",
    ]
    return table


# ---------------------------------------------------------------- notebook 09

ELMO_SETTINGS = {"dim": 128, "hidden": 256, "layers": 2, "residual": True, "dropout": 0.1, "batch_size": 32}
ELMO_EPOCHS = 5
ELMO_LR = 1e-3
ELMO_CHECKPOINT = Path("results") / "elmo-ptb.pt"
ELMO_DATA_COPY = Path(__file__).resolve().parent.parent / "data"  # where notebook 09's float16 copy goes


PROBE_COLUMNS = [
    "representation",
    "POS accuracy",
    "may: sense 1-NN",
    "WS-353 ρ",
    "SimLex ρ",
    "analogy semantic",
    "analogy syntactic",
    "scalar-mix weights (layers 0 / 1 / 2)",
]


def _analogy_split(result) -> tuple[str, str]:
    """Accuracy on the Google set's semantic sections and on its syntactic (gram*) sections."""

    def share(parts):
        used = sum(n for _, n in parts)
        return f"{sum(c for c, _ in parts) / used:.3f}" if used else "-"

    sections = result.sections.items()
    return share([v for k, v in sections if not k.startswith("gram")]), share(
        [v for k, v in sections if k.startswith("gram")]
    )


def probe_rows(model, static: dict, probe_train, probe_test, ptb_train) -> list[list[str]]:
    """The probes of notebook 09, one row per ELMo layer, the scalar mix and each static vector set.

    Syntactic: a softmax-regression POS probe (UD EWT dev → test). Semantic: the 1-NN agreement of *may*'s
    month/modal senses over PTB occurrences, and each layer averaged into one vector per word
    (:func:`course_utils.elmo.layer_word_vectors`, at most 20 occurrences over PTB train) scored on
    WS-353, SimLex-999 and the Google analogies, split into semantic and syntactic sections.
    """
    import torch

    from .elmo import (
        layer_word_vectors,
        linear_probe,
        may_occurrences,
        nearest_neighbour_agreement,
        occurrence_vectors,
        static_features,
    )

    (train_words, train_tags), (test_words, test_tags) = probe_train, probe_test
    tagset = sorted({t for s in train_tags + test_tags for t in s})
    index = {t: i for i, t in enumerate(tagset)}
    y = torch.tensor([index[t] for s in train_tags for t in s])
    y_test = torch.tensor([index[t] for s in test_tags for t in s])
    X, X_test = torch.cat(model.represent(train_words), 1), torch.cat(model.represent(test_words), 1)
    may = may_occurrences(ptb_train, per_sense=100)
    senses = [sense for *_, sense in may]
    may_scores = nearest_neighbour_agreement(occurrence_vectors(model, may), senses)
    sets = evaluation_sets()
    per_layer = layer_word_vectors(model, ptb_train, max_occurrences=20)

    def semantic_cells(wv):
        ws, sl, an = word2vec_scores(wv, sets)
        return [f"{ws.spearman:.3f}", f"{sl.spearman:.3f}", *_analogy_split(an)]

    names = ["ELMo layer 0 (characters, no context)", "ELMo layer 1 (biLSTM 1)", "ELMo layer 2 (biLSTM 2)"]
    rows = []
    for k in range(len(X)):
        accuracy = linear_probe(X[k], y, X_test[k], y_test).accuracy
        rows.append([names[k], f"{accuracy:.3f}", f"{may_scores[k]:.3f}", *semantic_cells(per_layer[k]), ""])
    mixed = linear_probe(X, y, X_test, y_test, mix=True)
    weights = " / ".join(f"{w:.2f}" for w in mixed.weights)
    rows.append(["ELMo scalar mix (fitted for POS)", f"{mixed.accuracy:.3f}", "", "", "", "", "", weights])
    chance = nearest_neighbour_agreement(torch.ones(1, len(senses), 1), senses)[0]  # one vector for every token
    for label, wv in static.items():
        accuracy = linear_probe(static_features(wv, train_words), y, static_features(wv, test_words), y_test).accuracy
        rows.append([label, f"{accuracy:.3f}", f"{chance:.3f}", *semantic_cells(wv), ""])
    return rows


def _probe_notes(probe_train, probe_test) -> list[str]:
    return [
        f"POS probe: softmax regression on standardised features, trained on UD EWT dev "
        f"({sum(map(len, probe_train[1])):,} tokens), tested on UD EWT test ({sum(map(len, probe_test[1])):,} "
        "tokens), 14 universal POS tags (punctuation, symbols and foreign words removed: PTB's text has none); "
        "words lower-cased, digits as N. Static vectors give words outside PTB's vocabulary a zero vector.",
        "may: sense 1-NN: the first 100 PTB-train occurrences of each sense of *may* (month after a time word or "
        "before a number, else modal); the share whose nearest other occurrence has the same sense. Static "
        "vectors give every occurrence the same vector: chance.",
        "WS-353, SimLex, analogies: each ELMo layer averaged over a word's first 20 PTB-train occurrences into "
        "one vector per word; the Google analogies split into semantic and syntactic (gram*) sections.",
    ]


def _static_vectors(train) -> dict:
    from .cooccurrence import CountVectors
    from .word2vec import Word2Vec

    return {
        "PPMI-SVD (notebook 07), static": CountVectors(5, rank=100, method="truncated").fit(train).wv_,
        "word2vec CBOW (notebook 06), static": Word2Vec("cbow", seed=0, **W2V_SETTINGS).fit(train).wv_,
    }


@experiment("elmo", "train a small ELMo biLM on PTB (50 min): perplexity, then the probes of elmo-probes", "09")
def elmo_ptb() -> Table:
    import torch

    from . import data
    from .elmo import PRETRAINED, prepare_probe_sentences, save_bilm, train_bilm

    ptb = _load_ptb()
    probe_train = prepare_probe_sentences(data.load_ud_pos("dev", download=True)[: 100 if TINY else None])
    probe_test = prepare_probe_sentences(data.load_ud_pos("test", download=True)[: 100 if TINY else None])
    start = time.perf_counter()
    model, log = train_bilm(
        ptb["train"], valid=ptb["valid"], epochs=_epochs(ELMO_EPOCHS), lr=ELMO_LR, seed=0, quiet=False, **ELMO_SETTINGS
    )
    train_seconds = time.perf_counter() - start
    tokens = sum(len(s) + 1 for s in ptb["train"]) * len(log.loss)
    test_f, test_b = model.perplexity(ptb["test"])
    if not distributed.is_main():  # every process trained the same model; one writes it
        return Table("ELMo (another process's copy)", PROBE_COLUMNS)
    sha = save_bilm(model, ELMO_CHECKPOINT)
    # the float16 copy that notebook 09 loads lives in the repository's data/ folder, listed in its manifest
    save_bilm(model, ELMO_DATA_COPY / PRETRAINED, half=True)
    if ELMO_DATA_COPY == data.REPO_DATA:
        data.write_toy_manifest()
    table = Table("ELMo (small) on PTB: probes per layer, beside static vectors", PROBE_COLUMNS)
    table.rows = probe_rows(model, _static_vectors(ptb["train"]), probe_train, probe_test, ptb["train"])
    table.throughput = f"{tokens / train_seconds:,.0f} training words/s (validation passes included)"
    n_params = sum(p.numel() for p in model.parameters())
    valid_f, valid_b = log.valid[-1]
    table.notes = [
        f"biLM: char-CNN token encoder, {ELMO_SETTINGS['layers']} LSTM layers of {ELMO_SETTINGS['hidden']} cells "
        f"projected to {ELMO_SETTINGS['dim']} per direction, residual, dropout {ELMO_SETTINGS['dropout']}, "
        f"{n_params:,} parameters; Adam at {ELMO_LR:g}, batch {ELMO_SETTINGS['batch_size']}, {ELMO_EPOCHS} epochs "
        f"over PTB train in {train_seconds / 60:.1f} min ({torch.get_num_threads()} thread(s)).",
        f"Perplexity (words and one </s> per sentence): valid {valid_f:.1f} forward / {valid_b:.1f} backward; "
        f"test {test_f:.1f} forward / {test_b:.1f} backward. Valid by epoch (forward): "
        + ", ".join(f"{v[0]:.1f}" for v in log.valid)
        + ".",
        *_probe_notes(probe_train, probe_test),
        f"Checkpoint: {ELMO_CHECKPOINT} (SHA-256 {sha}); its float16 copy {_shown(ELMO_DATA_COPY / PRETRAINED)} is "
        "what notebook 09 loads (python -m course_utils.reproduce elmo-probes re-runs the probes on it in minutes).",
    ]
    return table


@experiment("elmo-probes", "the probes of notebook 09 on the course's trained ELMo (data/elmo-ptb.pt)", "09")
def elmo_probes() -> Table:
    from . import data
    from .elmo import PRETRAINED, load_bilm, prepare_probe_sentences

    ptb = data.load_ptb(download=True)
    probe_train = prepare_probe_sentences(data.load_ud_pos("dev", download=True))
    probe_test = prepare_probe_sentences(data.load_ud_pos("test", download=True))
    model = (
        load_bilm(data.toy_path(PRETRAINED))
        if ELMO_DATA_COPY == data.REPO_DATA
        else load_bilm(ELMO_DATA_COPY / PRETRAINED)
    )
    test_f, test_b = model.perplexity(ptb["test"])
    table = Table("ELMo (small, data/elmo-ptb.pt) on PTB: probes per layer, beside static vectors", PROBE_COLUMNS)
    table.rows = probe_rows(model, _static_vectors(ptb["train"]), probe_train, probe_test, ptb["train"])
    table.notes = [
        f"The float16 checkpoint's test perplexity: {test_f:.1f} forward / {test_b:.1f} backward.",
        *_probe_notes(probe_train, probe_test),
    ]
    return table


# ---------------------------------------------------------------- command line


def run(name: str, out: Path | None = None) -> Table:
    if name not in EXPERIMENTS:
        raise KeyError(f"unknown experiment {name!r}; known: {', '.join(EXPERIMENTS)}")
    from .training import default_device

    start = time.perf_counter()
    table = EXPERIMENTS[name].run()
    wall = time.perf_counter() - start
    if not distributed.is_main():  # under torchrun, rank 0 reports
        return table
    peak = peak_memory_mb()
    text = table.markdown()
    if not table.throughput and any("words/s" in c for c in table.columns):
        table.throughput = "training words/s per model in the table"
    device = default_device()  # under torchrun, this process's GPU (distributed.setup chose it) or the CPU
    processes = distributed.world_size()
    footer = (
        f"\n_{name}{' (--tiny)' if TINY else ''}: wall time {wall:.1f} s, peak memory "
        f"{f'{peak:.0f} MB' if peak else 'n/a'}{f', {table.throughput}' if table.throughput else ''}, "
        f"device {device.type}{f', {processes} processes' if processes > 1 else ''}_\n"
    )
    print(text + footer)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + footer, encoding="utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_utils.reproduce", description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", help="experiment to run (omit to list them; 'all' runs every one)")
    parser.add_argument("--out", type=Path, help="also write the markdown table to this file")
    parser.add_argument(
        "--tiny", action="store_true", help="a smoke run: the same code on 300 PTB sentences and one epoch"
    )
    args = parser.parse_args(argv)
    global TINY, ELMO_CHECKPOINT, ELMO_DATA_COPY
    if args.tiny:  # never overwrite the real checkpoints with a smoke run's
        TINY, ELMO_CHECKPOINT, ELMO_DATA_COPY = True, Path("results") / "tiny" / "elmo-ptb.pt", Path("results") / "tiny"
    if not args.name:
        print("experiments (python -m course_utils.reproduce NAME):")
        for e in EXPERIMENTS.values():
            print(f"  {e.name:20s} notebook {e.notebook}  {e.description}")
        return 0
    names = [n for n, e in EXPERIMENTS.items() if e.in_all] if args.name == "all" else [args.name]
    distributed.setup()  # under torchrun: join the process group (gloo on CPUs, nccl on GPUs)
    try:
        for name in names:
            out = args.out if len(names) == 1 else (args.out / f"{name}.md" if args.out else None)
            run(name, out)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    finally:
        distributed.teardown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
