"""Notebook 07's full-scale runs: PPMI-SVD word vectors under Levy et al.'s hyper-parameters, and SVD timing."""

from __future__ import annotations

import time

from . import RunConfig, Table, ch06, experiment, load_ptb

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
    ("PPMI α=0.75, window 5, rank 300", {"window": 5, "dim": 300}),
    ("PPMI α=0.75, window 5, 1/d weighting", {"window": 5, "distance_weighting": True}),
]
RANK = 100
#: a tiny run's SVD rank: its vocabulary (the words seen 5 times in 300 sentences) is about 200 words
TINY_RANK = 10
SVD_TIMING_SIZES = (500, 1000, 2000, 3000, 4000, 6000)
TINY_SVD_TIMING_SIZES = (50, 100)


def rank(config: RunConfig, n: int = RANK) -> int:
    """SVD rank ``n``, or at most :data:`TINY_RANK` in a tiny run (a rank must stay below the vocabulary size)."""
    return min(n, TINY_RANK) if config.tiny else n


@experiment("ppmi-svd", "PPMI-SVD word vectors on PTB under Levy et al.'s hyper-parameters, beside word2vec", "07")
def ppmi_svd_ptb(config: RunConfig) -> Table:
    """Count vectors (notebook 07): window counts, PPMI_α(w, c) = max(0, log P(w, c) / (P(w) P_α(c))) - log k,
    truncated SVD, W = U Σ^p; each of Levy et al.'s hyper-parameters varied alone, beside word2vec."""
    from ..cooccurrence import Cooccurrence, CountVectors
    from ..embeddings import evaluation_sets, score_word_vectors
    from ..word2vec import Word2Vec

    ptb = load_ptb(config)["train"]
    sets = evaluation_sets()
    w2v = ch06.w2v_settings(config)
    table = Table(
        "Count-based vectors (co-occurrence → weighting → SVD) beside word2vec, on PTB's training text",
        ["model", "WS-353 ρ", "SimLex ρ", "analogy acc", "seconds"],
    )
    counts: dict[tuple, Cooccurrence] = {}
    for label, settings in PPMI_SVD_CONFIGS:
        c = {"dim": RANK, "method": "truncated", "min_count": w2v["min_count"], **settings}
        c["dim"] = rank(config, c["dim"])
        start = time.perf_counter()
        key = (c["window"], c.get("distance_weighting", False))
        if key not in counts:  # one count per window; its time is charged to the first row that needs it
            counts[key] = Cooccurrence(key[0], distance_weighting=key[1], min_count=c["min_count"]).fit(ptb)
        weighting = {k: v for k, v in c.items() if k not in CountVectors.COUNTING}
        model = CountVectors.from_cooccurrence(counts[key], **weighting)
        seconds = time.perf_counter() - start
        table.rows.append([label, *score_word_vectors(model.wv_, sets).cells(), f"{seconds:.1f}"])
    for arch in ("skipgram", "cbow"):
        start = time.perf_counter()
        ours = Word2Vec(arch, batch_size=1024, seed=0, **w2v).fit(ptb)
        seconds = time.perf_counter() - start
        table.rows.append([f"word2vec {arch} (ours)", *score_word_vectors(ours.wv_, sets).cells(), f"{seconds:.1f}"])
    table.notes = [
        f"Vocabulary: the {len(model.wv_):,} words seen at least {w2v['min_count']} times, for every row. "
        f"Count rows: symmetric window counts, the weighting shown, truncated SVD (ARPACK) of rank {rank(config)} "
        "unless stated, vectors U·Σ^p with p = 0.5 unless stated, rows normalised. α is the context-distribution "
        "smoothing exponent; 'shift k' subtracts log k (the matrix skip-gram with k negatives factorises).",
        f"word2vec rows: the settings of the `word2vec` experiment ({ch06.describe(w2v)}).",
        "Seconds include counting the first time a window is used, weighting and SVD; analogy accuracy is "
        "3CosAdd over the covered questions.",
        ppmi_verdict(table),
    ]
    return table


def ppmi_verdict(table: Table) -> str:
    """How many PPMI rows beat raw counts, log counts and both word2vec models, score by score."""
    rows = {r[0]: [float(x) for x in r[1:4]] for r in table.rows}
    ppmi = [v for k, v in rows.items() if k.startswith("PPMI")]
    others = {k: v for k, v in rows.items() if not k.startswith("PPMI")}
    parts = []
    for name, theirs in others.items():
        wins = [sum(p[i] > theirs[i] for p in ppmi) for i in range(3)]
        parts.append(f"{name}: {wins[0]} / {wins[1]} / {wins[2]}")
    return (
        f"PPMI rows (of {len(ppmi)}) that beat each other row on WS-353 / SimLex / analogies: "
        + "; ".join(parts)
        + ". Differences below about 0.03 are within the noise of these small test sets."
    )


@experiment("svd-timing", "full vs truncated vs randomised SVD time as the vocabulary grows (PTB PPMI matrix)", "07")
def svd_timing(config: RunConfig) -> Table:
    """Seconds for a rank-k SVD X ≈ U_k Σ_k V_kᵀ (notebook 07) of the PPMI matrix, full (O(n³)) vs truncated vs
    randomised, as the vocabulary n grows."""
    import numpy as np

    from ..cooccurrence import Cooccurrence, svd, weight

    ptb = load_ptb(config)["train"]
    k = rank(config)
    matrix = weight(Cooccurrence(5, min_count=5).fit(ptb).matrix_, "ppmi", alpha=0.75)
    timing_sizes = TINY_SVD_TIMING_SIZES if config.tiny else SVD_TIMING_SIZES
    sizes = [n for n in timing_sizes if n < matrix.shape[0]] + [matrix.shape[0]]
    full_limit = max(timing_sizes, default=matrix.shape[0])
    table = Table(
        f"Seconds for a rank-{k} SVD of the n x n PPMI matrix of PTB's n most frequent words",
        ["n", "non-zeros", "full (LAPACK)", "truncated (ARPACK)", "randomised"],
    )
    full_times = []
    for n in sizes:
        sub = matrix[:n, :n]
        full = svd(sub, k, "full").seconds if n <= full_limit else float("nan")
        if n <= full_limit:
            full_times.append((n, full))
        row = [f"{n:,}", f"{sub.nnz:,}", "-" if np.isnan(full) else f"{full:.2f}"]
        row += [f"{svd(sub, k, m).seconds:.2f}" for m in ("truncated", "randomized")]
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
