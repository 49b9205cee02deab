"""Probing ELMo's layers (notebook 09): what each layer of a biLM knows, by tasks that need no fine-tuning.

* **syntax**: :func:`linear_probe`, a softmax regression on one layer or on ELMo's scalar mix of all
  layers (eq. 9.4), trained on UD English-EWT part-of-speech tags (:func:`prepare_probe_sentences` spells
  them as PTB's text does, :func:`ptb_style`); :func:`static_features` gives static word vectors the
  same task for comparison;
* **word meaning**: :func:`layer_word_vectors` averages each layer over a word's occurrences into one
  vector per word, for the similarity and analogy sets of notebooks 06-08;
* **senses**: :func:`may_occurrences` finds *may* as a month and as a modal verb,
  :func:`occurrence_vectors` gives each occurrence's vector per layer, and
  :func:`nearest_neighbour_agreement` and :func:`context_neighbours` ask which layer tells them apart.

Every accuracy keeps its per-item data (each test token's hit, each occurrence's 1-NN score), so its noise
can be shown: :meth:`ProbeResult.interval`, :func:`paired_difference` and :func:`nearest_neighbour_scores`
feed the bootstrap of :mod:`course_utils.stats`.

A ``model`` here is anything with ``represent(sentences, batch_size)`` (see
:meth:`course_utils.elmo.BiLM.represent`): a :class:`~course_utils.elmo.BiLanguageModel` such as
:func:`course_utils.elmo.pretrained_bilm`, or its ``net_``.
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import torch
from torch import nn

from . import checks, stats
from .elmo import ScalarMix
from .text import BOS, EOS, check_sentences, check_words

if TYPE_CHECKING:
    from .embeddings import WordVectors


class Representer(Protocol):
    """What the probes need of a model: ELMo's layer representations of sentences (eq. 9.4)."""

    def represent(self, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> list[torch.Tensor]: ...


def ptb_style(word: str) -> str:
    """Spell a word as Penn Treebank's LM text does: lower case, and any token with a digit becomes ``N``."""
    if not isinstance(word, str):
        raise ValueError(f"ptb_style spells one word (a str), got {type(word).__name__} {word!r}")
    return "N" if any(c.isdigit() for c in word) else word.lower()


def prepare_probe_sentences(
    tagged: Sequence[Sequence[tuple[str, str]]], drop_tags: Sequence[str] = ("PUNCT", "SYM", "X")
) -> tuple[list[list[str]], list[list[str]]]:
    """Words (PTB-style) and tags of tagged sentences, without the tokens whose tags are in ``drop_tags``.

    A model trained on PTB's LM text has never seen punctuation, symbols or foreign words, so they are
    dropped from both the input and the task. Sentences left empty are skipped.
    """
    drop_tags = set(check_words(drop_tags, "drop_tags list"))
    if isinstance(tagged, (str, bytes)):
        raise ValueError("tagged must be a list of sentences, each a list of (word, tag) pairs, not one string")
    words, tags = [], []
    for n, sentence in enumerate(tagged):
        pairs = list(sentence) if not isinstance(sentence, (str, bytes)) else None
        if pairs is None or not all(
            isinstance(p, (tuple, list)) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
        ):
            raise ValueError(
                f"sentence {n} of tagged must be a list of (word, tag) pairs of str, e.g. [('The', 'DET'), "
                f"('cat', 'NOUN')], got {_preview(sentence)}"
            )
        kept = [(ptb_style(w), t) for w, t in pairs if t not in drop_tags]
        if kept:
            words.append([w for w, _ in kept])
            tags.append([t for _, t in kept])
    return words, tags


def _preview(x: object, limit: int = 60) -> str:
    """A short description of a bad argument for a message: its type and the start of its repr."""
    text = repr(x)
    return f"{type(x).__name__} {text if len(text) <= limit else text[: limit - 1] + '…'}"


def static_features(wv: WordVectors, sentences: Sequence[Sequence[str]]) -> torch.Tensor:
    """``(tokens, dim)`` probe features from static word vectors ``wv`` (a ``WordVectors``), one row per token of
    ``sentences``; a word without a vector gets zeros (notebook 09 compares these with ELMo's layers)."""
    from .embeddings import WordVectors

    if not isinstance(wv, WordVectors):
        raise ValueError(
            f"wv must be WordVectors (a fitted model's .wv_, e.g. CountVectors(5).fit(sentences).wv_), "
            f"got {_preview(wv)}"
        )
    sentences = check_sentences(sentences, "probe sentences")
    zero = np.zeros(wv.dim, dtype=np.float32)
    rows = [wv[w] if w in wv else zero for s in sentences for w in s]
    if not rows:
        raise ValueError("no tokens: give at least one non-empty sentence")
    return torch.tensor(np.stack(rows))


@dataclass
class ProbeResult:
    """Accuracy of a linear probe on held-out tokens, and (for a scalar-mix probe) the learned layer weights;
    ``correct`` holds each test token's hit, for :meth:`interval` and :func:`paired_difference`."""

    accuracy: float
    weights: list[float] | None = None
    correct: np.ndarray | None = field(default=None, repr=False, compare=False)

    def interval(self, n_resamples: int = 1000, level: float = 0.95, seed: int = 0) -> stats.Interval:
        """The percentile-bootstrap interval of the accuracy, resampling the test tokens.

        Tokens of one sentence are not independent, so this interval is somewhat too narrow; it measures the
        noise of the test set, not of the probe's training (another seed or training sample).
        """
        if self.correct is None:
            raise ValueError("this ProbeResult carries no per-token hits (built by hand); use linear_probe's result")
        return stats.bootstrap_interval(self.correct, "mean", n_resamples=n_resamples, level=level, seed=seed)


def paired_difference(
    a: ProbeResult, b: ProbeResult, n_resamples: int = 1000, level: float = 0.95, seed: int = 0
) -> stats.Interval:
    """Accuracy of probe ``a`` minus probe ``b`` on the same test tokens, with its paired-bootstrap interval.

    ``excludes_zero`` says whether the difference is real at ``level`` (:func:`stats.paired_bootstrap_difference`).
    """
    for name, r in (("a", a), ("b", b)):
        if not isinstance(r, ProbeResult) or r.correct is None:
            raise ValueError(f"{name} must be a ProbeResult returned by linear_probe (with per-token hits)")
    if len(a.correct) != len(b.correct):
        raise ValueError(
            f"the two probes were tested on different tokens ({len(a.correct)} vs {len(b.correct)}); "
            "compare probes on the same test set"
        )
    return stats.paired_bootstrap_difference(
        a.correct, b.correct, "mean", n_resamples=n_resamples, level=level, seed=seed
    )


def linear_probe(
    train_x: torch.Tensor,
    train_y: torch.Tensor,
    test_x: torch.Tensor,
    test_y: torch.Tensor,
    *,
    mix: bool = False,
    steps: int = 300,
    lr: float = 0.01,
    weight_decay: float = 1e-4,
    seed: int = 0,
) -> ProbeResult:
    """A softmax-regression probe, trained full-batch with Adam; returns its accuracy on the test tokens.

    ``train_x`` is ``(N, dim)`` for one layer, or ``(n_layers, N, dim)`` with ``mix=True``: then a
    :class:`ScalarMix` is learned jointly with the classifier (eq. 9.4) and its weights are returned. The
    features are standardised with the training set's mean and spread, so that layers of different
    scales are compared fairly. Seeded; the global RNG is untouched.

    Features and labels may be tensors, numpy arrays or lists; labels are class ids >= 0. A training loss that
    is not finite (or too large for its perplexity to be a number) raises
    :class:`~course_utils.checks.TrainingDivergedError` instead of reporting a chance accuracy.
    """
    checks.integer(steps, "steps")
    checks.positive(lr, "the learning rate lr", example=0.01)
    checks.positive(weight_decay, "weight_decay", zero=True)
    checks.seed(seed)
    train_x, test_x = _probe_features(train_x, "train_x", mix), _probe_features(test_x, "test_x", mix)
    train_y, test_y = _probe_labels(train_y, "train_y"), _probe_labels(test_y, "test_y")
    for x, y, which in ((train_x, train_y, "train"), (test_x, test_y, "test")):
        if x.shape[-2] != len(y):
            raise ValueError(
                f"need one label per token: {which}_x has {x.shape[-2]} tokens (features (..., N, dim)) but "
                f"{which}_y has {len(y)} labels"
            )
    if train_x.shape[:-2] != test_x.shape[:-2] or train_x.shape[-1] != test_x.shape[-1]:
        raise ValueError(
            f"train_x and test_x must have the same layers and feature size: {tuple(train_x.shape)} vs "
            f"{tuple(test_x.shape)} (tokens, dim); compute both with the same model or vectors"
        )
    if len(train_y) < 2 or len(test_y) < 1:
        raise ValueError(
            f"need at least two training tokens (to standardise the features) and one test token, got "
            f"{len(train_y)} and {len(test_y)}"
        )
    dims = tuple(range(train_x.dim() - 1))
    mean, std = train_x.mean(dim=dims, keepdim=True), train_x.std(dim=dims, keepdim=True) + 1e-6
    train_x, test_x = (train_x - mean) / std, (test_x - mean) / std
    n_classes = int(max(train_y.max(), test_y.max())) + 1
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        classifier = nn.Linear(train_x.shape[-1], n_classes)
        scalar_mix = ScalarMix(train_x.shape[0]) if mix else None
    params = list(classifier.parameters()) + (list(scalar_mix.parameters()) if mix else [])
    opt = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)

    def logits(x):
        if not mix:
            return classifier(x)
        # W·(γ Σ_j s_j h_j) + b = γ Σ_j s_j (W h_j) + b: mixing each layer's logits never builds the mixed
        # (N, dim) features, several times faster and the same function
        per_layer = x @ classifier.weight.T  # (n_layers, N, classes)
        return scalar_mix(per_layer) + classifier.bias

    losses: list[float] = []
    for step in range(1, steps + 1):
        loss = nn.functional.cross_entropy(logits(train_x), train_y)
        losses.append(loss.item())
        if not checks.sane_loss(losses[-1]):
            _probe_diverged(f"step {step} of {steps}", losses[-1], lr, losses)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        test_logits = logits(test_x)
        if not torch.isfinite(test_logits).all():  # the last step's weights, which no loss has measured
            _probe_diverged(f"the last step ({steps})", math.inf, lr, losses)
        hits = test_logits.argmax(1) == test_y
        accuracy = float(hits.float().mean())
    return ProbeResult(accuracy, scalar_mix.weights.tolist() if mix else None, hits.numpy())


def _probe_features(x: object, name: str, mix: bool) -> torch.Tensor:
    """Probe features as a float tensor of the default dtype: ``(N, dim)``, or ``(n_layers, N, dim)`` with ``mix``."""
    if not isinstance(x, torch.Tensor):
        try:
            x = torch.as_tensor(np.asarray(x))
        except (TypeError, ValueError, RuntimeError):
            raise ValueError(
                f"{name} must be a tensor (or numpy array) of numbers, one row per token, got {_preview(x)}"
            ) from None
    if x.is_complex() or not (x.is_floating_point() or x.dtype in _INTEGER_DTYPES):
        raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
    if x.numel() == 0:
        raise ValueError(f"{name} is empty (shape {tuple(x.shape)}): give features for at least one token")
    shape = "(n_layers, tokens, dim)" if mix else "(tokens, dim)"
    if x.dim() != (3 if mix else 2):
        hint = (
            "; for several layers' features, pass mix=True (or one layer, e.g. X[j])"
            if not mix and x.dim() == 3
            else "; mix=True learns a weighting of several layers, (n_layers, tokens, dim)"
            if mix and x.dim() == 2
            else ""
        )
        raise ValueError(f"{name} must be {shape}, got shape {tuple(x.shape)}{hint}")
    x = x.detach().to(torch.get_default_dtype())  # the classifier's dtype: float64 arrays and int features work too
    if not torch.isfinite(x).all():
        bad = int((~torch.isfinite(x)).any(-1).reshape(-1, x.shape[-2]).any(0).nonzero()[0])
        raise ValueError(
            f"{name} contains NaN or infinite values (first at token {bad}); the model that made the features "
            "probably diverged: check it (or drop those tokens) before probing"
        )
    return x


_INTEGER_DTYPES = (torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.bool)


def _probe_labels(y: object, name: str) -> torch.Tensor:
    """Labels as an int64 tensor of class ids >= 0, or a ``ValueError`` that says how to make them."""
    how = "map each tag to an id first, e.g. index = {tag: i for i, tag in enumerate(tagset)}"
    if not isinstance(y, torch.Tensor):
        try:
            array = np.asarray(y)
        except (TypeError, ValueError):
            array = np.asarray(None)
        if array.dtype.kind in "USO":
            kind = "strings" if array.dtype.kind in "US" else _preview(y)
            raise ValueError(f"{name} must be integer class ids (a tensor, array or list), not {kind}; {how}")
        y = torch.as_tensor(array if array.size else array.astype(np.int64))  # [] is no labels, not float ones
    if y.dtype not in _INTEGER_DTYPES:
        fix = f"use {name}.long() if they are whole numbers" if y.is_floating_point() else how
        raise ValueError(f"{name} must be integer class ids (one per token), got dtype {y.dtype}; {fix}")
    if y.dim() != 1:
        raise ValueError(f"{name} must be one class id per token, shape (tokens,), got shape {tuple(y.shape)}")
    if len(y) and int(y.min()) < 0:
        raise ValueError(f"{name} must be class ids >= 0, got {int(y.min())}")
    return y.long()


def _probe_diverged(where: str, loss: float, lr: float, losses: list[float]) -> None:
    raise checks.TrainingDivergedError(
        f"the probe's training diverged at {where}: the cross-entropy became {loss:.4g}, so training stopped and "
        f"no accuracy is reported (a diverged probe scores chance, which would look like a layer that knows "
        f"nothing). Lower the learning rate (lr={lr:g}; try lr={lr / 10:g})",
        losses,
    )


def layer_word_vectors(
    model: Representer, sentences: Sequence[Sequence[str]], max_occurrences: int = 50, batch_size: int = 64
) -> list[WordVectors]:
    """One static vector per word and layer: the mean of its layer-k representations over its first
    ``max_occurrences`` occurrences in ``sentences`` (Bommasani et al. 2020).

    Returns a list of :class:`course_utils.embeddings.WordVectors`, one per layer, so the shared similarity
    and analogy evaluation can ask which layer carries word meaning (a semantic probe that needs no labels).
    """
    from .embeddings import WordVectors

    sentences = check_sentences(sentences, "sentences")
    checks.integer(max_occurrences, "max_occurrences")
    checks.integer(batch_size, "batch_size")
    sums: dict[str, torch.Tensor] = {}
    seen: Counter = Counter()
    for sentence, reps in zip(sentences, model.represent(sentences, batch_size), strict=True):
        for t, word in enumerate(sentence):
            if seen[word] < max_occurrences:
                seen[word] += 1
                sums[word] = sums[word] + reps[:, t] if word in sums else reps[:, t].clone()
    if not sums:
        raise ValueError("no words to average: give at least one non-empty sentence")
    words = sorted(sums)
    means = torch.stack([sums[w] / seen[w] for w in words], 1)  # (n_layers, |words|, 2·dim)
    return [WordVectors(words, layer.numpy()) for layer in means]


# ---------------------------------------------------------------- one word, several senses

MONTH_CUES = frozenset("in last next since until through early late mid by from during this of end".split())


def may_occurrences(
    sentences: Iterable[Sequence[str]], per_sense: int | None = None
) -> list[tuple[list[str], int, str]]:
    """Occurrences ``(sentence, position, sense)`` of lower-cased *may* (notebook 09), labelled ``"month"`` when
    the word before is a time cue (*in may*, *last may*) or a number follows (*may N*), else ``"modal"``.

    A heuristic from the neighbouring words, right for the PTB sentences we read by hand; ``per_sense`` keeps
    the first that many of each sense.
    """
    sentences = check_sentences(sentences, "corpus")
    checks.integer(per_sense, "per_sense", optional=True)
    found: list[tuple[list[str], int, str]] = []
    kept: Counter = Counter()
    for sentence in sentences:
        for t, word in enumerate(sentence):
            if word != "may":
                continue
            before = sentence[t - 1] if t else BOS
            after = sentence[t + 1] if t + 1 < len(sentence) else EOS
            sense = "month" if before in MONTH_CUES or after == "N" else "modal"
            if per_sense is None or kept[sense] < per_sense:
                kept[sense] += 1
                found.append((sentence, t, sense))
    return found


def occurrence_vectors(model: Representer, occurrences: Sequence[tuple[Sequence[str], int, object]]) -> torch.Tensor:
    """``(n_layers, len(occurrences), 2·dim)``: each layer's vector for the word at each (sentence, position).

    ``occurrences`` are ``(sentence, position, label)`` triples, as :func:`may_occurrences` returns them.
    """
    occurrences = _check_occurrences(occurrences)
    reps = model.represent([sentence for sentence, _, _ in occurrences])
    return torch.stack([r[:, t] for r, (_, t, _) in zip(reps, occurrences, strict=True)], 1)


def _check_occurrences(occurrences: object) -> list[tuple[list[str], int, object]]:
    """``occurrences`` as a list of (sentence as a list of str, position in it, label), or a clear ``ValueError``."""
    example = "[(['in', 'may', 'sales', 'fell'], 1, 'month')], as may_occurrences returns"
    if isinstance(occurrences, (str, bytes)) or not isinstance(occurrences, Iterable):
        raise ValueError(f"occurrences must be a list of (sentence, position, label), e.g. {example}")
    out = []
    for n, item in enumerate(occurrences):
        if not (isinstance(item, (tuple, list)) and len(item) == 3):
            raise ValueError(
                f"occurrence {n} must be (sentence, position, label), e.g. {example}; got {_preview(item)}"
            )
        sentence, position, label = item
        sentence = check_words(sentence, f"sentence of occurrence {n}", empty=False)
        if isinstance(position, bool) or not isinstance(position, numbers.Integral):
            raise ValueError(f"the position of occurrence {n} must be an int, got {_preview(position)}")
        if not 0 <= position < len(sentence):
            raise ValueError(
                f"the position of occurrence {n} must be between 0 and {len(sentence) - 1} (its sentence has "
                f"{len(sentence)} words), got {position}"
            )
        out.append((sentence, int(position), label))
    if not out:
        raise ValueError(f"occurrences is empty: give at least one (sentence, position, label), e.g. {example}")
    return out


def nearest_neighbour_agreement(vectors: torch.Tensor, labels: Sequence) -> list[float]:
    """Per layer, how often a token's nearest other token (by cosine) has the same label: a 1-NN sense probe.

    ``vectors`` is ``(n_layers, N, dim)``. Ties share the credit: if several tokens are equally near, the
    token scores the fraction of them with its label, so a layer that gives every token the same vector
    scores the chance level, not whatever the first index happens to be. The mean of each row of
    :func:`nearest_neighbour_scores`.
    """
    return [float(row.mean()) for row in _neighbour_scores(vectors, labels)]


def nearest_neighbour_scores(vectors: torch.Tensor, labels: Sequence) -> np.ndarray:
    """``(n_layers, N)``: each token's 1-NN score (the share of its nearest other tokens with its label).

    The per-item data behind :func:`nearest_neighbour_agreement`, for a bootstrap over the tokens
    (:func:`course_utils.stats.bootstrap_interval`; paired between layers, the same tokens).
    """
    return torch.stack(_neighbour_scores(vectors, labels)).numpy()


def _neighbour_scores(vectors: torch.Tensor, labels: Sequence) -> list[torch.Tensor]:
    if not isinstance(vectors, torch.Tensor):
        try:
            vectors = torch.as_tensor(np.asarray(vectors, dtype=np.float64))
        except (TypeError, ValueError):
            raise ValueError(
                f"vectors must be a tensor (n_layers, tokens, dim) of numbers, got {_preview(vectors)}"
            ) from None
    if vectors.dim() != 3:
        hint = "; for one layer's (tokens, dim) vectors, pass vectors[None]" if vectors.dim() == 2 else ""
        raise ValueError(f"vectors must be (n_layers, tokens, dim), got shape {tuple(vectors.shape)}{hint}")
    if vectors.is_complex() or not vectors.is_floating_point() or not torch.isfinite(vectors).all():
        raise ValueError("vectors must be finite real numbers (no NaN or infinity): check the model that made them")
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Iterable):
        raise ValueError(f"labels must be a list with one label per token, got {_preview(labels)}")
    labels = list(labels)
    if vectors.shape[-2] != len(labels) or len(labels) < 2:
        raise ValueError(
            f"need one label per token and at least two tokens: {vectors.shape[-2]} tokens, {len(labels)} labels"
        )
    try:
        ids = {label: k for k, label in enumerate(dict.fromkeys(labels))}
    except TypeError:
        raise ValueError("labels must be hashable values such as str or int (one per token), not lists") from None
    y = torch.tensor([ids[label] for label in labels])
    same = y[:, None] == y[None, :]
    scores = []
    for layer in vectors:
        unit = nn.functional.normalize(layer.double(), dim=-1)
        sim = unit @ unit.T
        sim.fill_diagonal_(-math.inf)
        nearest = sim >= sim.max(1, keepdim=True).values - 1e-9
        scores.append((nearest & same).sum(1) / nearest.sum(1))
    return scores


def context_neighbours(
    model: Representer,
    pool: Sequence[Sequence[str]],
    pool_vectors: torch.Tensor,
    sentence: Sequence[str],
    position: int,
    k: int = 5,
) -> list[list[tuple[float, str]]]:
    """Per layer, the ``k`` tokens of ``pool`` whose vectors are nearest (cosine) to the word at ``position`` of
    ``sentence``, each as (similarity, its sentence with the token in [brackets]); notebook 09's explorer.

    ``pool_vectors`` is ``torch.cat(model.represent(pool), 1)``, computed once for the pool.
    """
    sentence = check_words(sentence, "sentence", empty=False)
    pool = check_sentences(pool, "pool")
    checks.integer(k, "k")
    ok = isinstance(position, numbers.Integral) and not isinstance(position, bool)
    if not ok or not 0 <= position < len(sentence):
        raise ValueError(f"position must be between 0 and {len(sentence) - 1}, got {position!r}")
    position = int(position)
    where = [(i, t) for i, s in enumerate(pool) for t in range(len(s))]
    if not isinstance(pool_vectors, torch.Tensor) or pool_vectors.dim() != 3 or pool_vectors.shape[1] != len(where):
        raise ValueError("pool_vectors must be torch.cat(model.represent(pool), 1) for this pool")
    query = model.represent([list(sentence)])[0][:, position]  # (n_layers, 2·dim)
    out = []
    for layer, q in zip(pool_vectors, query, strict=True):
        sim = nn.functional.normalize(layer, dim=-1) @ nn.functional.normalize(q, dim=0)
        top = torch.topk(sim, min(k, len(where)))
        rows = []
        for score, j in zip(top.values.tolist(), top.indices.tolist(), strict=True):
            i, t = where[j]
            s = pool[i]
            rows.append((score, " ".join([*s[max(0, t - 5) : t], f"[{s[t]}]", *s[t + 1 : t + 6]])))
        out.append(rows)
    return out
