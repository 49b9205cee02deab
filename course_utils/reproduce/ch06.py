"""Notebook 06's full-scale run: skip-gram and CBOW on Penn Treebank, ours beside gensim."""

from __future__ import annotations

import time

from . import RunConfig, Table, epochs, experiment, load_ptb

#: the word2vec settings of notebook 06, shared by the word-vector experiments of notebooks 07-09
W2V_SETTINGS = {"dim": 100, "window": 5, "negative": 5, "sample": 1e-3, "min_count": 5, "epochs": 5}


def w2v_settings(config: RunConfig) -> dict:
    """:data:`W2V_SETTINGS` for this run: one epoch when tiny."""
    return {**W2V_SETTINGS, "epochs": epochs(config, W2V_SETTINGS["epochs"])}


@experiment(
    "word2vec", "skip-gram and CBOW on PTB (an eighth and all of it), ours beside gensim: quality, words/s", "06"
)
def word2vec_ptb(config: RunConfig) -> Table:
    """Skip-gram and CBOW with negative sampling (notebook 06), ours and gensim's, scored on WS-353, SimLex-999
    and the Google analogies, on an eighth of PTB and on all of it."""
    import torch

    from ..embeddings import evaluation_sets, score_word_vectors
    from ..word2vec import Word2Vec, train_gensim

    ptb = load_ptb(config)["train"]
    sets = evaluation_sets()
    settings = w2v_settings(config)
    threads = torch.get_num_threads()
    table = Table(
        "word2vec on Penn Treebank, ours beside gensim (same corpus, hyper-parameters and thread count)",
        ["corpus", "model", "WS-353 ρ", "SimLex ρ", "analogy acc", "seconds", "words/s", "speed vs gensim"],
    )
    for label, corpus in (("PTB train / 8", ptb[: len(ptb) // 8]), ("PTB train", ptb)):
        words = sum(map(len, corpus)) * settings["epochs"]
        for arch in ("skipgram", "cbow"):
            start = time.perf_counter()  # vocabulary and training, as gensim's time below includes both
            ours = Word2Vec(arch, batch_size=1024, seed=0, **settings).fit(corpus)
            osec = time.perf_counter() - start
            gwv, gsec = train_gensim(corpus, arch, threads=threads, **settings)
            ours_scores = score_word_vectors(ours.wv_, sets)
            table.rows.append(
                [
                    label,
                    f"ours {arch}",
                    *ours_scores.cells(),
                    f"{osec:.1f}",
                    f"{words / osec:,.0f}",
                    f"{gsec / osec:.2f}",
                ]
            )
            table.rows.append(
                [
                    label,
                    f"gensim {arch}",
                    *score_word_vectors(gwv, sets).cells(),
                    f"{gsec:.1f}",
                    f"{words / gsec:,.0f}",
                    "1",
                ]
            )
    # the last scores: full PTB, whose vocabulary both models share
    coverage = [ours_scores.wordsim353.coverage, ours_scores.simlex999.coverage, ours_scores.analogies.coverage]
    c = settings
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
