"""Notebook 01's full-scale run: MLE n-gram models of order 1-5 on Penn Treebank."""

from __future__ import annotations

import time

from ..notebook import fmt, pct
from . import RunConfig, Table, experiment, load_ptb


@experiment("ngram-mle-ptb", "MLE n-gram models of order 1-5 on Penn Treebank: perplexity and unseen n-grams", "01")
def ngram_mle_ptb(config: RunConfig) -> Table:
    """Perplexity of the maximum-likelihood n-gram model P(w | h) = c(h w) / c(h) (notebook 01), n = 1..5."""
    from .. import ngram

    ptb = load_ptb(config)
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

    def tokens(sentences: list[list[str]]) -> int:
        return sum(len(s) + 1 for s in sentences)

    vocab = None
    for n in range(1, 6):
        start = time.perf_counter()
        model = ngram.MLE(n).fit(ptb["train"], vocab=vocab)
        elapsed = time.perf_counter() - start
        vocab = model.vocab_  # built once, at n = 1, inside the timed fit (see the note on count time)
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
        f"Perplexity counts one </s> per sentence ({tokens(ptb['valid']):,} valid / {tokens(ptb['test']):,} test "
        "tokens), as Mikolov and KenLM do.",
        "count time = encoding the training set and counting all its n-grams of orders 1..n "
        "(at n = 1 it also includes building the vocabulary, which the other orders reuse).",
        "No published MLE numbers exist: any unseen test n-gram makes MLE perplexity infinite. "
        "Published smoothed PTB test perplexities to beat in notebook 02 (Mikolov 2012, Table 4.1): "
        "Good-Turing 3-gram 165.2, Kneser-Ney 3-gram 148.3, KN 5-gram 141.2.",
        "Industrial peer: KenLM's lmplz only estimates modified Kneser-Ney models, so it has no MLE to compare "
        "with; the counts themselves are checked against a plain dictionary count in tests/test_ngram.py.",
    ]
    return table
