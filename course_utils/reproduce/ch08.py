"""Notebook 08's full-scale run: GloVe on Penn Treebank beside PPMI-SVD and word2vec on the same corpus."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..paths import REPO_DATA
from . import RunConfig, Table, ch06, ch07, epochs, experiment, load_peoples_daily, load_ptb, shown

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


#: the Chinese sets in table order, with their column names
ZH_METRICS = {
    "wordsim240": "wordsim-240 ρ",
    "ca8_semantic": "CA8 semantic",
    "ca8_morphological": "CA8 morphological",
    "ca_translated": "CA-translated",
}


ZH_VECTORS_ABOUT = (
    "Chinese skip-gram vectors (ours, seed 0) of every word seen at least 5 times in People's Daily 1998-01, "
    "float16, written by python -m course_utils.reproduce word-vectors-zh; notebook 06's Chinese explorers load them"
)


def _zh_value(result) -> float:
    return result.spearman if hasattr(result, "spearman") else result.accuracy


@experiment(
    "word-vectors-zh",
    "word2vec (ours and gensim, 3 seeds), PPMI-SVD and GloVe on People's Daily: wordsim-240, CA8, CA-translated",
    "08",
    writes=lambda config: (config.data_copy_dir,),  # the skip-gram vectors notebook 06 loads (data/ for a real run)
)
def word_vectors_zh(config: RunConfig) -> Table:
    """The word vectors of notebooks 06-08 on Chinese (People's Daily 1998-01, all of it, gold words): skip-gram and
    CBOW, ours beside gensim with the same settings and seeds; PPMI-SVD (window 5) and GloVe (the paper's settings)
    on the same text; each scored on wordsim-240 (Spearman's ρ), CA8's semantic and morphological analogies and
    CA-translated (3CosAdd accuracy), with the coverage of each set beside its scores."""
    import torch

    from .. import data
    from ..cooccurrence import Cooccurrence, CountVectors
    from ..embeddings import ZH_SETS, ZH_VECTORS, score_zh_word_vectors, zh_evaluation_sets
    from ..glove import GloVe
    from ..word2vec import Word2Vec, train_gensim

    pd = load_peoples_daily(config)
    corpus = pd["train"] + pd["valid"] + pd["test"]  # word vectors need no held-out text: the sets are external
    sets = zh_evaluation_sets()
    w2v = ch06.w2v_settings(config)
    threads = torch.get_num_threads()
    seeds = ch06.SEEDS[:2] if config.tiny else ch06.SEEDS
    scores: dict[str, list[list[float]]] = {}  # model -> one row of the four scores per seed
    seconds: dict[str, list[float]] = {}
    coverage: dict[str, tuple[int, int]] = {}

    def score(label: str, wv, took: float) -> None:
        results = score_zh_word_vectors(wv, sets)
        scores.setdefault(label, []).append([_zh_value(results[k]) for k in ZH_METRICS])
        seconds.setdefault(label, []).append(took)
        for k in ZH_METRICS:
            r = results[k]
            used = (r.pairs_used, r.pairs_total) if hasattr(r, "pairs_used") else (r.questions_used, r.questions_total)
            coverage[k] = min(coverage.get(k, used), used)  # the smallest, should models differ

    saved = None
    for arch in ("skipgram", "cbow"):
        for seed in seeds:
            start = time.perf_counter()
            ours = Word2Vec(arch, batch_size=1024, seed=seed, **w2v).fit(corpus)
            score(f"word2vec {arch} (ours)", ours.wv_, time.perf_counter() - start)
            if saved is None:  # the first model, skip-gram with seed 0: the vectors notebook 06 explores
                saved = ours.wv_.save(config.data_copy_dir / ZH_VECTORS)
                if config.data_copy_dir == REPO_DATA:
                    data.write_toy_manifest({ZH_VECTORS: ZH_VECTORS_ABOUT})
            gwv, gsec = train_gensim(corpus, arch, threads=threads, seed=seed, **w2v)
            score(f"word2vec {arch} (gensim)", gwv, gsec)
    start = time.perf_counter()
    ppmi = CountVectors(5, dim=ch07.rank(config), method="truncated", min_count=w2v["min_count"]).fit(corpus)
    score("PPMI-SVD, window 5", ppmi.wv_, time.perf_counter() - start)
    start = time.perf_counter()
    counts = Cooccurrence(10, distance_weighting=True, min_count=w2v["min_count"]).fit(corpus)
    glove = GloVe.from_cooccurrence(counts, epochs=epochs(config, GLOVE_EPOCHS), seed=0)
    score("GloVe (paper's settings), W + W̃", glove.wv_, time.perf_counter() - start)

    table = Table(
        f"Word vectors on People's Daily 1998-01 ({sum(map(len, corpus)) / 1e6:.2f}M gold words): Chinese similarity "
        "and analogies "
        f"(mean ± standard deviation over {len(seeds)} seeds for word2vec)",
        ["model", *[f"{name} ({coverage[k][0]:,}/{coverage[k][1]:,})" for k, name in ZH_METRICS.items()], "seconds"],
    )
    for label, runs in scores.items():
        cells = []
        for i in range(len(ZH_METRICS)):
            m, sd = ch06.mean_sd([r[i] for r in runs])
            cells.append(f"{m:.3f} ± {sd:.3f}" if len(runs) > 1 else f"{m:.3f}")
        table.rows.append([label, *cells, f"{ch06.mean_sd(seconds[label])[0]:.1f}"])
    verdicts = []
    for arch in ("skipgram", "cbow"):
        a, b = scores[f"word2vec {arch} (ours)"], scores[f"word2vec {arch} (gensim)"]
        same = [
            name
            for i, name in enumerate(ZH_METRICS.values())
            if ch06.compare([r[i] for r in a], [r[i] for r in b]) == 0
        ]
        verdicts.append(f"{arch}: ours and gensim agree within two standard deviations on {len(same)} of 4 sets")
    tokens = sum(map(len, corpus))
    table.notes = [
        f"Corpus: all of People's Daily 1998-01 as gold-segmented words ({tokens:,} tokens, punctuation included), "
        f"vocabulary the words seen at least {w2v['min_count']} times; the column headers give each set's coverage "
        "(pairs or questions whose words are all in the vocabulary / all): a score is over the covered ones only.",
        f"word2vec: {ch06.describe(w2v)}, sample {w2v['sample']:g}, {threads} thread(s) for ours and for gensim, "
        f"seeds {', '.join(map(str, seeds))}. PPMI-SVD: α = 0.75, rank {ch07.rank(config)}. GloVe: window 10 with "
        f"1/d weighting, {epochs(config, GLOVE_EPOCHS)} epochs. Seconds include building the vocabulary.",
        "; ".join(verdicts) + ".",
        "Analogies are 3CosAdd accuracy; CA8-morphological asks for reduplication and affixes (天 → 天天, 老 + 师), "
        "CA8-semantic for geography, history, nature and people, CA-translated for capitals, states and family.",
        f"Evaluation sets: {', '.join(ZH_SETS)} (data set zh-word-eval). The first skip-gram (ours, seed 0) is "
        f"saved as float16 to {shown(saved)}: the vectors that notebook 06's Chinese explorers load.",
    ]
    return table
