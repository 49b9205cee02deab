"""Notebook 06's full-scale run: skip-gram and CBOW on Penn Treebank, ours beside gensim."""

from __future__ import annotations

import math
import time

from . import RunConfig, Table, epochs, experiment, load_ptb

#: the word2vec settings of notebook 06, shared by the word-vector experiments of notebooks 07-09
W2V_SETTINGS = {"dim": 100, "window": 5, "negative": 5, "sample": 1e-3, "min_count": 5, "epochs": 5}


def w2v_settings(config: RunConfig) -> dict:
    """:data:`W2V_SETTINGS` for this run: one epoch when tiny."""
    return {**W2V_SETTINGS, "epochs": epochs(config, W2V_SETTINGS["epochs"])}


def describe(settings: dict) -> str:
    """The word2vec settings as the notes of notebooks 07-08's experiments give them."""
    s = settings
    return f"dimension {s['dim']}, window {s['window']}, {s['negative']} negatives, {s['epochs']} epochs"


#: the seeds of every model in ``word2vec``: the spread across them is the noise a claim must beat
SEEDS = (0, 1, 2)
METRICS = ("WS-353 ρ", "SimLex ρ", "analogy acc")


def mean_sd(values: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for a single value)."""
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, 0.0
    return mean, (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5


def compare(a: list[float], b: list[float]) -> int:
    """+1 if ``a`` is ahead of ``b`` by more than their two standard deviations together, -1 if behind, else 0."""
    (ma, sa), (mb, sb) = mean_sd(a), mean_sd(b)
    if math.isnan(ma - mb):  # a score with no covered pairs (a tiny run): no verdict
        return 0
    return 0 if abs(ma - mb) <= sa + sb else (1 if ma > mb else -1)


@experiment(
    "word2vec",
    "skip-gram and CBOW on PTB (an eighth and all of it), ours beside gensim, 3 seeds each: quality, words/s",
    "06",
)
def word2vec_ptb(config: RunConfig) -> Table:
    """Skip-gram and CBOW with negative sampling (notebook 06), ours and gensim's, scored on WS-353, SimLex-999
    and the Google analogies, on an eighth of PTB and on all of it; each model trained with every seed of
    :data:`SEEDS` and reported as mean ± standard deviation, so that a claim is made only beyond the noise."""
    import torch

    from ..embeddings import evaluation_sets, score_word_vectors
    from ..word2vec import Word2Vec, train_gensim

    ptb = load_ptb(config)["train"]
    sets = evaluation_sets()
    settings = w2v_settings(config)
    threads = torch.get_num_threads()
    seeds = SEEDS[:2] if config.tiny else SEEDS
    table = Table(
        f"word2vec on Penn Treebank, ours beside gensim (same corpus, hyper-parameters and thread count; "
        f"mean ± standard deviation over {len(seeds)} seeds)",
        ["corpus", "model", *METRICS, "seconds", "words/s", "speed vs gensim"],
    )
    scores: dict[tuple[str, str, str], list[list[float]]] = {}  # (corpus, who, arch) -> one row of scores per seed
    for label, corpus in (("PTB train / 8", ptb[: len(ptb) // 8]), ("PTB train", ptb)):
        words = sum(map(len, corpus)) * settings["epochs"]
        for arch in ("skipgram", "cbow"):
            seconds: dict[str, list[float]] = {"ours": [], "gensim": []}
            for seed in seeds:
                start = time.perf_counter()  # vocabulary and training, as gensim's time below includes both
                ours = Word2Vec(arch, batch_size=1024, seed=seed, **settings).fit(corpus)
                seconds["ours"].append(time.perf_counter() - start)
                gwv, gsec = train_gensim(corpus, arch, threads=threads, seed=seed, **settings)
                seconds["gensim"].append(gsec)
                for who, wv in (("ours", ours.wv_), ("gensim", gwv)):
                    result = score_word_vectors(wv, sets)
                    scores.setdefault((label, who, arch), []).append(
                        [result.wordsim353.spearman, result.simlex999.spearman, result.analogies.accuracy]
                    )
            gensim_time = mean_sd(seconds["gensim"])[0]
            for who in ("ours", "gensim"):
                runs = scores[(label, who, arch)]
                cells = [f"{m:.3f} ± {sd:.3f}" for m, sd in (mean_sd([r[i] for r in runs]) for i in range(3))]
                sec = mean_sd(seconds[who])[0]
                speed = "1" if who == "gensim" else f"{gensim_time / sec:.2f}"
                table.rows.append([label, f"{who} {arch}", *cells, f"{sec:.1f}", f"{words / sec:,.0f}", speed])
    coverage = [result.wordsim353.coverage, result.simlex999.coverage, result.analogies.coverage]  # full PTB
    c = settings
    table.notes = [
        f"Settings for both: dimension {c['dim']}, window {c['window']} (dynamic), {c['negative']} negative samples "
        f"(unigram^0.75), sample {c['sample']:g}, min_count {c['min_count']}, {c['epochs']} epochs, learning rate "
        f"0.025 (skip-gram) / 0.05 (CBOW) falling linearly; {threads} thread(s) each (torch intra-op, gensim workers); "
        f"seeds {', '.join(map(str, seeds))}.",
        f"Coverage on full PTB: WS-353 {coverage[0]:.0%} of pairs, SimLex-999 {coverage[1]:.0%}, Google analogies "
        f"{coverage[2]:.1%} of questions (PTB's 10k lower-cased words, numbers as N). Analogy accuracy is 3CosAdd over "
        "the covered questions. Times include building the vocabulary; 'speed vs gensim' is gensim's mean time "
        "divided by ours (1 = as fast).",
        *claims(scores),
        "PTB is small for word vectors (0.9M words; word2vec was made for billions), so every score here is low; "
        "what the table measures is whether our implementation matches gensim's on the same data.",
    ]
    return table


def claims(scores: dict[tuple[str, str, str], list[list[float]]]) -> list[str]:
    """The notes' verdicts, each made only where the means differ by more than the two spreads together."""
    notes = []
    corpora = sorted({k[0] for k in scores}, key=len, reverse=True)  # the eighth first
    for label in corpora:
        verdicts = []
        for who in ("ours", "gensim"):
            skip, cbow = scores[(label, who, "skipgram")], scores[(label, who, "cbow")]
            for i, metric in enumerate(METRICS):
                sign = compare([r[i] for r in cbow], [r[i] for r in skip])
                verdicts.append(f"{who} {metric}: " + ("CBOW ahead", "within noise", "skip-gram ahead")[1 - sign])
        notes.append(f"CBOW vs skip-gram on {label} (ahead = beyond both spreads): " + "; ".join(verdicts) + ".")
        same = []
        for arch in ("skipgram", "cbow"):
            ours, gensim = scores[(label, "ours", arch)], scores[(label, "gensim", arch)]
            for i, metric in enumerate(METRICS):
                sign = compare([r[i] for r in ours], [r[i] for r in gensim])
                same.append(f"{arch} {metric}: " + ("ours ahead", "within noise", "gensim ahead")[1 - sign])
        notes.append(f"Ours vs gensim on {label}: " + "; ".join(same) + ".")
    return notes
