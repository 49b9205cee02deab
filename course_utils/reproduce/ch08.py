"""Notebook 08's full-scale run: GloVe on Penn Treebank beside PPMI-SVD and word2vec on the same corpus."""

from __future__ import annotations

import time
from collections.abc import Callable

from . import RunConfig, Table, ch06, ch07, epochs, experiment, load_ptb

GLOVE_EPOCHS = 50  # the paper's number for vectors of fewer than 300 dimensions

#: (label, GloVe settings beyond the paper's defaults)
GLOVE_CONFIGS = [
    ("GloVe (paper's settings), W + W̃", {}),
    ("GloVe, W only", {"vectors": "word"}),
    ("GloVe, x_max = 10", {"x_max": 10.0}),
    ("GloVe, Adam (lr 0.01)", {"optimizer": "adam"}),
]


@experiment("glove", "GloVe on PTB beside PPMI-SVD and word2vec on the same corpus: quality and wall time", "08")
def glove_ptb(config: RunConfig) -> Table:
    """GloVe (notebook 08), J = Σ f(X_ij) (w_iᵀ w̃_j + b_i + b̃_j - log X_ij)², under the paper's settings and
    three variations, beside PPMI-SVD (notebook 07) and word2vec (notebook 06), all scored alike."""
    import numpy as np

    from ..cooccurrence import Cooccurrence, CountVectors
    from ..embeddings import evaluation_sets, score_word_vectors
    from ..glove import GloVe
    from ..word2vec import Word2Vec

    ptb = load_ptb(config)["train"]
    sets = evaluation_sets()
    w2v = ch06.w2v_settings(config)
    min_count = w2v["min_count"]
    glove_epochs = epochs(config, GLOVE_EPOCHS)
    rank = ch07.rank(config)
    table = Table(
        "GloVe, PPMI-SVD and word2vec on PTB's training text (same vocabulary and evaluation)",
        ["model", "WS-353 ρ", "SimLex ρ", "analogy acc", "seconds"],
    )

    def add(label: str, make: Callable) -> None:
        start = time.perf_counter()
        wv = make()
        table.rows.append([label, *score_word_vectors(wv, sets).cells(), f"{time.perf_counter() - start:.1f}"])

    start = time.perf_counter()
    counts = Cooccurrence(10, distance_weighting=True, min_count=min_count).fit(ptb)
    count_seconds = time.perf_counter() - start
    for label, settings in GLOVE_CONFIGS:
        add(label, lambda s=settings: GloVe.from_cooccurrence(counts, epochs=glove_epochs, seed=0, **s).wv_)
    add(
        "PPMI-SVD on GloVe's counts (window 10, 1/d)",
        lambda: CountVectors.from_cooccurrence(counts, dim=rank, method="truncated").wv_,
    )
    add(
        "PPMI-SVD, window 5 (notebook 07's default)",
        lambda: CountVectors(5, dim=rank, method="truncated", min_count=min_count).fit(ptb).wv_,
    )
    for arch in ("skipgram", "cbow"):
        add(f"word2vec {arch} (ours)", lambda a=arch: Word2Vec(a, batch_size=1024, seed=0, **w2v).fit(ptb).wv_)
    c = GloVe()
    x = counts.matrix_.data
    weights = np.minimum(x / c.x_max, 1.0) ** c.alpha  # GloVe's f(X_ij)
    table.notes = [
        f"GloVe: the paper's settings: dimension {c.dim}, symmetric window {c.window} with 1/d weighting, "
        f"x_max {c.x_max:g}, α {c.alpha:g}, AdaGrad at {c.lr:g}, {glove_epochs} epochs over the "
        f"{counts.matrix_.nnz:,} non-zero entries, vectors W + W̃ unless stated. Counting the window-10 matrix "
        f"took {count_seconds:.1f} s, not included in the GloVe rows.",
        f"PPMI-SVD: α = 0.75, truncated SVD of rank {rank}, U·Σ^0.5, rows normalised. word2vec: the settings of the "
        f"`word2vec` experiment ({ch06.describe(w2v)}).",
        f"On this corpus {np.mean(x < c.x_max):.1%} of the non-zero counts are below x_max, so the weighting "
        f"function f gives most of the evidence little weight (median f = {np.median(weights):.3f}); the paper's "
        "corpora have 6-42 billion words.",
        "Analogy accuracy is 3CosAdd over the covered questions; one thread.",
    ]
    return table
