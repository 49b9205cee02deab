"""Notebook 02's full-scale runs: every smoothing method on Penn Treebank, and a benchmark against NLTK."""

from __future__ import annotations

import sys
from collections.abc import Callable

from ..notebook import fmt
from . import TINY_PTB, RunConfig, Table, experiment, load_peoples_daily, load_ptb, zh_speller

#: PTB test perplexities of Mikolov et al. (2011) / Mikolov (2012, Table 4.1), by method name below:
#: Good-Turing (SRILM's Katz back-off, default settings) and Kneser-Ney (SRILM's modified KN)
PUBLISHED_PTB = {
    ("Katz, SRILM defaults", 3): 165.2,
    ("Katz, SRILM defaults", 5): 162.3,
    ("modified Kneser-Ney", 3): 148.3,
    ("modified Kneser-Ney", 5): 141.2,
}


def smoothing_methods() -> dict[str, Callable]:
    """The methods of notebook 02 by display name, each a factory ``order -> model``."""
    from .. import smoothing as sm

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


def smoothing_cells(name: str, make: Callable, splits: dict, vocab, bar=None) -> tuple[list[str], list]:
    """``"valid / test"`` perplexity cells of one method at orders 1-5 on ``splits``, and each order's test
    evaluation (:class:`~course_utils.lm.Evaluation`)."""
    cells, tests = [], []
    for n in range(1, 6):
        model = make(n)
        if name.startswith("Jelinek"):
            model.fit(splits["train"], vocab=vocab, valid=splits["valid"])
        else:
            model.fit(splits["train"], vocab=vocab)
        test = model.evaluate(splits["test"])
        cells.append(f"{fmt(model.perplexity(splits['valid']), 1)} / {fmt(test.perplexity, 1)}")
        tests.append(test)
        if bar is not None:
            bar.update()
    return cells, tests


@experiment("ngram-ptb", "every smoothing method x order 1-5 on Penn Treebank, beside the published numbers", "02")
def ngram_ptb(config: RunConfig) -> Table:
    """Validation / test perplexity of each smoothed n-gram model of notebook 02 (add-k to modified Kneser-Ney)."""
    from tqdm.auto import tqdm

    from ..text import Vocab

    ptb = load_ptb(config)
    vocab = Vocab.build(ptb["train"])
    table = Table(
        "Smoothed n-gram models on Penn Treebank: validation / test perplexity",
        ["method", *[f"n={n}" for n in range(1, 6)], "published test (n=3 / n=5)"],
    )
    methods = smoothing_methods()
    ours: dict[tuple[str, int], float] = {}  # test perplexity of each (method, order) with a published number
    with tqdm(total=len(methods) * 5, desc="ngram-ptb", leave=False) as bar:
        for name, make in methods.items():
            cells, tests = smoothing_cells(name, make, ptb, vocab, bar)
            for n in range(1, 6):
                if (name, n) in PUBLISHED_PTB:
                    ours[(name, n)] = tests[n - 1].perplexity
            published = [PUBLISHED_PTB.get((name, n)) for n in (3, 5)]
            table.rows.append([name, *cells, " / ".join("-" if p is None else str(p) for p in published)])
    gaps = {key: round(ours[key], 1) - published for key, published in PUBLISHED_PTB.items() if key in ours}
    exact = [f"{name} {n}-gram" for (name, n), gap in gaps.items() if abs(gap) < 0.05]
    table.notes = [
        f"Published numbers reproduced to the printed decimal: {len(exact)} of {len(PUBLISHED_PTB)}"
        + (f" ({', '.join(exact)})" if exact else "")
        + (f"; largest gap {max(gaps.values(), key=abs):+.1f}." if gaps else "."),
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


def hongloumeng_split(config: RunConfig) -> dict[str, list[list[str]]]:
    """《红楼梦》 as sentences of characters (punctuation dropped, as in notebook 01), cut into contiguous blocks:
    the first 80 % of the sentences train, the next 10 % valid, the last 10 % test (chapters in order)."""
    from .. import data, text

    sentences = text.zh_char_sentences(data.load_hongloumeng(download=True))
    a, b = int(0.8 * len(sentences)), int(0.9 * len(sentences))
    parts = {"train": sentences[:a], "valid": sentences[a:b], "test": sentences[b:]}
    return {k: v[: TINY_PTB.get(k, 40)] for k, v in parts.items()} if config.tiny else parts


@experiment(
    "ngram-zh", "every smoothing method x order 1-5 on People's Daily (words and characters) and 《红楼梦》", "02"
)
def ngram_zh(config: RunConfig) -> Table:
    """The smoothing table of ``ngram-ptb`` on Chinese text (notebooks 01 and 02): People's Daily 1998-01 as gold
    words (the 10,000-type vocabulary of :mod:`course_utils.chinese`) and as characters, and 《红楼梦》 as
    characters. The word and character models of People's Daily read the same text, so their test costs
    compare in bits per character (:func:`course_utils.chinese.bits_per_character`)."""
    from tqdm.auto import tqdm

    from .. import chinese
    from ..text import Vocab

    pd = load_peoples_daily(config)
    pd_chars = {k: chinese.characters(v) for k, v in pd.items()}
    corpora = {
        "People's Daily, words": (pd, chinese.word_vocab(pd["train"])),
        "People's Daily, characters": (pd_chars, Vocab.build(pd_chars["train"])),
        "《红楼梦》, characters": (hlm := hongloumeng_split(config), Vocab.build(hlm["train"])),
    }
    speller = zh_speller(pd)
    methods = smoothing_methods()
    table = Table(
        "Smoothed n-gram models on Chinese text: validation / test perplexity (People's Daily 1998-01, 《红楼梦》)",
        ["corpus", "method", *[f"n={n}" for n in range(1, 6)]],
    )
    bits: dict[str, list[float]] = {}  # test bits per character of People's Daily's modified Kneser-Ney, by order
    best: dict[str, tuple[float, str]] = {}
    with tqdm(total=len(corpora) * len(methods) * 5, desc="ngram-zh", leave=False) as bar:
        for corpus, (splits, vocab) in corpora.items():
            for name, make in methods.items():
                cells, tests = smoothing_cells(name, make, splits, vocab, bar)
                table.rows.append([corpus, name, *cells])
                for n, t in enumerate(tests, 1):
                    if t.perplexity < best.get(corpus, (float("inf"), ""))[0]:
                        best[corpus] = (t.perplexity, f"{name}, n={n}")
                if name == "modified Kneser-Ney" and corpus.startswith("People's Daily"):
                    words = corpus.endswith("words")
                    bits[corpus] = [
                        chinese.bits_per_character(t.log_prob, pd["test"], vocab if words else None, speller)
                        for t in tests
                    ]
    word_bits, char_bits = bits["People's Daily, words"], bits["People's Daily, characters"]
    per_word = sum(len(w) for s in pd["test"] for w in s) / sum(map(len, pd["test"]))
    table.notes = [
        "Each cell is validation / test perplexity, one </s> predicted per sentence; the split and the vocabularies "
        "are course_utils.chinese's (People's Daily: contiguous blocks of the month, 80/10/10; words: the 9,999 most "
        "frequent training words and <unk>; characters: every training character) and, for 《红楼梦》, the first "
        "80 % of its sentences train, the next 10 % valid, the last 10 % test, punctuation dropped.",
        "Best test perplexity per corpus: "
        + "; ".join(f"{corpus} {fmt(p, 1)} ({how})" for corpus, (p, how) in best.items())
        + ".",
        "Word and character perplexities of the same text do not compare: a word model makes one prediction per "
        f"word ({per_word:.2f} characters on average in the test set), a character model one per character. "
        "Per character, with every unknown word spelled by a character unigram: modified Kneser-Ney on words "
        + ", ".join(f"n={n} {b:.3f}" for n, b in enumerate(word_bits, 1))
        + " bits/char; on characters "
        + ", ".join(f"n={n} {b:.3f}" for n, b in enumerate(char_bits, 1))
        + " bits/char.",
        "Jelinek-Mercer fits its lambdas by EM on the validation set, so its validation number is optimistic.",
    ]
    return table


#: fits one 5-gram model in a fresh process (so that its peak memory is the fit's): argv = who, sentences
_FIT_SCRIPT = """
import resource, sys, time
from course_utils import data
ptb = data.load_ptb()["train"][: int(sys.argv[2]) or None]
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
def kn5_vs_nltk(config: RunConfig) -> Table:
    """Time and memory to fit modified Kneser-Ney (notebook 02) beside NLTK's interpolated Kneser-Ney, n = 5."""
    import subprocess

    from .. import data

    data.fetch("ptb")
    sentences = TINY_PTB["train"] if config.tiny else 0  # 0: all of them
    corpus = "the first 300 sentences of PTB train" if config.tiny else "all of PTB train (929,589 tokens)"
    table = Table(
        f"Estimating a 5-gram Kneser-Ney model on {corpus}",
        ["implementation", "fit time", "peak memory (process)"],
    )
    results, memory = {}, {}
    for who in ("ours", "nltk"):
        command = [sys.executable, "-c", _FIT_SCRIPT, who, str(sentences)]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        seconds, rss = out.stdout.split()
        mb = float(rss) / (1e6 if sys.platform == "darwin" else 1e3)
        results[who], memory[who] = float(seconds), mb
        label = "course_utils ModifiedKneserNey(5)" if who == "ours" else "nltk.lm KneserNeyInterpolated(5)"
        table.rows.append([label, f"{float(seconds):.1f} s", f"{mb:.0f} MB"])
    table.notes = [
        f"NLTK takes {results['nltk'] / results['ours']:.0f} times as long to fit and "
        f"{memory['nltk'] / memory['ours']:.1f} times the memory (one run each, same machine, "
        "each in a fresh process; memory is the peak of that process, Python and the data included).",
        "Fitting means counting every n-gram of orders 1-5; ours also computes continuation counts and "
        "discounts, while NLTK defers that work to scoring time.",
        "NLTK's padded_everygram_pipeline pads both ends with n-1 markers, so its counts differ slightly; "
        "this row compares speed and memory, not perplexity.",
    ]
    return table
