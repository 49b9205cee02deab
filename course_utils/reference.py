"""Reference implementations: each model's key step written the way its equation reads.

The fast code of the course (``ngram``, ``smoothing``, ``word2vec``, ``glove``, ``rnn``,
``transformer``) is vectorised, batched and tuned for a CPU, so it does not read like the maths. The
functions here are the same computations as loops over dictionaries and rows, for tiny inputs only.
The notebooks show these beside the numbered equations and then run the fast code;
``tests/test_reference.py`` checks on random small inputs that the two agree.

=======================================  =====================  ==========================================
reference                                equations (notebook)    fast code it agrees with
=======================================  =====================  ==========================================
:func:`count_ngrams`, :func:`mle_prob`   1.3 (01)                ``ngram.NGramCounts``, ``ngram.MLE``
:func:`add_k_prob`                       2.1 (02)                ``smoothing.AddK``
:func:`kneser_ney_prob`                  2.6-2.8 (02)            ``smoothing.AbsoluteDiscounting``,
                                                                 ``KneserNey``, ``ModifiedKneserNey``
:func:`word2vec_step`                    6.3, 6.5, 6.8 (06)      ``word2vec.Word2Vec._step``
:func:`glove_step`                       8.5-8.7 (08)            ``glove.GloVe`` (one AdaGrad batch)
:func:`rnn_bptt`                         5.1-5.4 (05)            ``rnn.NumpyRNN.backward``, torch autograd
:func:`attention_loops`                  10.1-10.2 (10)          ``transformer.attention``
=======================================  =====================  ==========================================
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

BOS, EOS = "<s>", "</s>"

# ---------------------------------------------------------------- n-grams (notebooks 01 and 02)


def count_ngrams(sentences: Sequence[Sequence[str]], n: int) -> Counter:
    """c(w_1 .. w_k) for every k = 1..n: pad each sentence as ``<s>``*(n-1) w_1 .. w_m ``</s>`` and count,
    at every predicted token, the k tokens that end there (notebook 01, eq. 1.3's counts)."""
    counts: Counter = Counter()
    for sentence in sentences:
        padded = [BOS] * (n - 1) + list(sentence) + [EOS]
        for i in range(n - 1, len(padded)):  # i: a predicted token (a word or </s>)
            for k in range(1, n + 1):
                counts[tuple(padded[i - k + 1 : i + 1])] += 1
    return counts


def followers(counts: Counter, history: tuple[str, ...]) -> dict[str, int]:
    """{v: c(h v)} for every word v seen after the history h."""
    return {g[-1]: c for g, c in counts.items() if len(g) == len(history) + 1 and g[:-1] == history}


def mle_prob(counts: Counter, word: str, history: Sequence[str]) -> float:
    """Eq. (1.3): p(w | h) = c(h w) / c(h ·); 0 when h was never seen (notebook 01)."""
    seen = followers(counts, tuple(history))
    total = sum(seen.values())
    return seen.get(word, 0) / total if total else 0.0


def add_k_prob(counts: Counter, word: str, history: Sequence[str], k: float, vocab_size: int) -> float:
    """Eq. (2.1): p(w | h) = (c(h w) + k) / (c(h ·) + k |V|), |V| = the predictable words (notebook 02)."""
    seen = followers(counts, tuple(history))
    return (seen.get(word, 0) + k) / (sum(seen.values()) + k * vocab_size)


def continuation_counts(counts: Counter, k: int) -> Counter:
    """N1+(· g) for every g of k tokens: the number of different tokens seen just before g (eq. 2.7).

    A g that starts with ``<s>`` has nothing before it and keeps its raw count (KenLM's convention)."""
    out: Counter = Counter()
    for g in counts:
        if len(g) == k + 1:
            out[g[1:]] += 1  # one more distinct left neighbour g[0] of g[1:]
    for g, c in counts.items():
        if len(g) == k and g[0] == BOS:
            out[g] = c
    return out


def kneser_ney_prob(
    counts: Counter,
    word: str,
    history: Sequence[str],
    discounts: dict[int, tuple[float, float, float]],
    vocab_size: int,
    continuation: bool = True,
) -> float:
    """Interpolated (modified) Kneser-Ney, eqs. (2.6)-(2.8), one order at a time (notebook 02).

    ``history`` has n-1 tokens for an n-gram model whose ``counts`` come from :func:`count_ngrams`;
    ``discounts[k]`` = (D1, D2, D3+) for order k (three equal values: plain Kneser-Ney).
    ``continuation=False`` uses raw counts at every order: absolute discounting (2.6).
    """
    n = len(history) + 1
    p = 1.0 / vocab_size  # below the unigrams: the uniform distribution
    for k in range(1, n + 1):  # from the unigram up to the full history
        h = tuple(history[len(history) - (k - 1) :])
        # a(g): the raw count at the highest order, continuation counts N1+(· g) below it (eq. 2.7)
        a = continuation_counts(counts, k) if continuation and k < n else counts
        seen = {g[-1]: c for g, c in a.items() if len(g) == k and g[:-1] == h and c > 0}
        if k >= 3 and h[:2] == (BOS, BOS):
            seen = {}  # two <s> only repeat the padding: condition on one <s> (the lower order)
        total = sum(seen.values())
        if total == 0:
            continue  # an unseen history: the lower order's p stands
        d1, d2, d3 = discounts[k]
        discount = {1: d1, 2: d2}
        freed = sum(discount.get(c, d3) for c in seen.values())  # D1 N1(h·) + D2 N2(h·) + D3+ N3+(h·)
        c_hw = seen.get(word, 0)
        d = discount.get(c_hw, d3) if c_hw else 0.0
        p = (max(c_hw - d, 0.0) + freed * p) / total  # eq. (2.6): discounted count + the freed mass, handed down
    return p


# ---------------------------------------------------------------- word2vec (notebook 06)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def word2vec_step(
    W_in: np.ndarray,
    W_out: np.ndarray,
    examples: Sequence[tuple[Sequence[int], int, Sequence[int]]],
    lr: float,
) -> float:
    """One SGD step of word2vec with negative sampling, eqs. (6.3), (6.5), (6.8); updates in place.

    Each example is ``(inputs, target, negatives)``: skip-gram has one input (the centre word) and the
    target is a context word; CBOW's inputs are the context words, whose mean predicts the centre.
    Every example's gradient is computed from the parameters as they were before the step, then all are
    applied (with one example this is plain SGD). Returns the summed loss.
    """
    dW_in: list[tuple[int, np.ndarray]] = []
    dW_out: list[tuple[int, np.ndarray]] = []
    loss = 0.0
    for inputs, target, negatives in examples:
        h = np.mean([W_in[i] for i in inputs], axis=0)  # skip-gram: the centre's vector; CBOW: the mean (6.3)
        grad_h = np.zeros_like(h)
        for word, label in [(target, 1.0)] + [(w, 0.0) for w in negatives]:
            score = float(W_out[word] @ h)
            loss -= math.log(_sigmoid(score)) if label else math.log(_sigmoid(-score))  # eq. (6.5)
            e = _sigmoid(score) - label  # eq. (6.8): dLoss/dscore
            grad_h += e * W_out[word]
            dW_out.append((word, e * h))
        for i in inputs:  # as in word2vec.c: each context word receives the mean's whole error
            dW_in.append((i, grad_h))
    for word, g in dW_out:
        W_out[word] -= lr * g
    for i, g in dW_in:
        W_in[i] -= lr * g
    return loss


# ---------------------------------------------------------------- GloVe (notebook 08)


def glove_weight(x: float, x_max: float = 100.0, alpha: float = 0.75) -> float:
    """Eq. (8.6): f(x) = (x / x_max)^alpha below x_max, 1 above."""
    return (x / x_max) ** alpha if x < x_max else 1.0


def glove_step(
    params: dict[str, np.ndarray],
    squares: dict[str, np.ndarray],
    entries: Sequence[tuple[int, int, float]],
    lr: float,
    x_max: float = 100.0,
    alpha: float = 0.75,
) -> float:
    """One AdaGrad step of GloVe on the non-zero entries ``(i, j, X_ij)``, eqs. (8.5)-(8.7); in place.

    ``params`` holds ``W``, ``W_ctx`` (V, d), ``b``, ``b_ctx`` (V,); ``squares`` the same shapes: the sums
    of squared gradients (they start at 1, as in the GloVe C code). Every entry's gradient uses the
    parameters before the step; each update divides by the square roots of the sums before the step.
    Returns the loss Σ f(X_ij) (w_i·w̃_j + b_i + b̃_j − log X_ij)².
    """
    grads = []
    loss = 0.0
    for i, j, x in entries:
        error = params["W"][i] @ params["W_ctx"][j] + params["b"][i] + params["b_ctx"][j] - math.log(x)
        f = glove_weight(x, x_max, alpha)
        loss += f * error**2  # eq. (8.5)
        g = 2 * f * error  # eq. (8.7)
        grads += [("W", i, g * params["W_ctx"][j]), ("W_ctx", j, g * params["W"][i]), ("b", i, g), ("b_ctx", j, g)]
    before = {name: s.copy() for name, s in squares.items()}
    for name, row, g in grads:
        params[name][row] -= lr * g / np.sqrt(before[name][row])
        squares[name][row] += g * g
    return float(loss)


# ---------------------------------------------------------------- the RNN's BPTT (notebook 05)


def rnn_bptt(params: dict[str, np.ndarray], xs: np.ndarray, targets: Sequence[int]) -> dict[str, np.ndarray]:
    """Backpropagation through time for one sequence, eqs. (5.1)-(5.4), step by step.

    ``params`` as in :class:`course_utils.rnn.NumpyRNN` (``W_xh``, ``W_hh``, ``b_h``, ``W_hy``, ``b_y``);
    ``xs`` (T, I) the inputs, ``targets`` T ids. The loss is the mean cross-entropy over the T steps.
    """
    T = len(xs)
    h = [np.zeros(params["W_hh"].shape[0])]
    p = []
    for t in range(T):  # forward, eq. (5.1)
        h.append(np.tanh(params["W_xh"] @ xs[t] + params["W_hh"] @ h[t] + params["b_h"]))
        y = params["W_hy"] @ h[t + 1] + params["b_y"]
        p.append(np.exp(y - y.max()) / np.exp(y - y.max()).sum())
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    from_later = np.zeros_like(h[0])  # dL/dh_t through h_{t+1}: nothing after the last step
    for t in reversed(range(T)):
        dy = p[t].copy()
        dy[targets[t]] -= 1  # softmax + cross-entropy (eq. 5.2), divided by T below
        dy /= T
        grads["W_hy"] += np.outer(dy, h[t + 1])
        grads["b_y"] += dy
        dh = params["W_hy"].T @ dy + from_later  # eq. (5.3): from the output and from the future
        dz = dh * (1 - h[t + 1] ** 2)  # through tanh
        grads["W_xh"] += np.outer(dz, xs[t])
        grads["W_hh"] += np.outer(dz, h[t])
        grads["b_h"] += dz
        from_later = params["W_hh"].T @ dz  # eq. (5.4): one step further back
    return grads


# ---------------------------------------------------------------- attention (notebook 10)


def attention_loops(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> np.ndarray:
    """Eq. (10.1), one query at a time: weights = softmax of q_i·k_j / √d_k over the keys query i may
    see (j <= i when ``causal``, eq. 10.2); output_i = Σ_j weight_ij v_j. ``q``, ``k`` (T, d_k), ``v`` (T, d_v)."""
    T, d_k = k.shape
    out = np.zeros((len(q), v.shape[1]))
    for i in range(len(q)):
        keys = range(i + 1) if causal else range(T)
        scores = [q[i] @ k[j] / math.sqrt(d_k) for j in keys]
        top = max(scores)  # subtracted before exp: the same softmax, no overflow
        weights = [math.exp(s - top) for s in scores]
        for j, w in zip(keys, weights, strict=True):
            out[i] += w / sum(weights) * v[j]
    return out
