"""Smoothing: n-gram models that give unseen n-grams probability (notebook 02).

Every model here is an :class:`~course_utils.ngram.NGramLM`, so a :class:`~course_utils.lm.LanguageModel`
(``fit``, ``prob``, ``logprob``, ``perplexity``, ``next_distribution``, ``generate``) for any order n >= 1,
and every one except
:class:`StupidBackoff` is a proper distribution over the vocabulary plus ``</s>`` (``<s>`` is never
predicted) for every context, seen or not: ``tests/test_smoothing.py`` checks that they sum to 1.

Equations (numbered as in notebook 02; Chen & Goodman 1998 = C&G):

- (2.1) add-k / Laplace:      p(w|h) = (c(hw) + k) / (c(h) + k|V|)
- (2.2) Katz back-off:        p(w|h) = d_c c(hw)/c(h) if c(hw) > 0, else alpha(h) p(w|h')
- (2.3) Good-Turing discount: d_r = (r*/r - (k+1)n_{k+1}/n_1) / (1 - (k+1)n_{k+1}/n_1), r* = (r+1)n_{r+1}/n_r
- (2.4) stupid back-off:      S(w|h) = c(hw)/c(h) if c(hw) > 0, else 0.4 S(w|h')   (a score)
- (2.5) Jelinek-Mercer:       p(w|h) = lambda_n p_ML(w|h) + (1 - lambda_n) p(w|h'), lambdas by EM
- (2.6) absolute discounting: p(w|h) = max(c(hw) - D, 0)/c(h) + D N1+(h.)/c(h) p(w|h')
- (2.7) Kneser-Ney:           as (2.6), lower orders with continuation counts N1+(. h'w)
- (2.8) modified KN:          three discounts D1, D2, D3+ (C&G eq. 26), from count-of-counts

h' is h without its first word; the lowest order interpolates with (or backs off to) the uniform
distribution over the |V| predictable words, so no word gets probability 0 (stupid back-off's scores
excepted: its unigram level is the plain relative frequency).

Katz, absolute discounting and both Kneser-Neys condition on a single ``<s>``, as SRILM and KenLM do:
an n-gram whose history starts with two ``<s>`` (padding repeated) defers to the next lower order and
takes no part in the counts of counts. With that convention our modified Kneser-Ney reproduces the
published PTB perplexities (141.2 for the 5-gram, 148.3 for the trigram).

:class:`LinearMixture` mixes any fitted language models of one vocabulary (notebook 03: the NNLM with
Kneser-Ney). As everywhere in the course, what ``fit`` learns ends with ``_`` (``lambdas_``, ``weights_``,
``discounts_``) and held-out data is called ``valid``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np

from . import checks
from .lm import LanguageModel
from .ngram import NGramCounts, NGramLM, lookup
from .text import Vocab, check_sentences, check_words


class _Recursive(NGramLM):
    """Shared machinery: p(w | h) computed order by order, from the uniform distribution up."""

    def _fit_counts(self) -> None:
        c = self.counts_
        self.n_predictable_ = len(self.vocab_) - 1  # every id but <s>
        # per order k: prefix (history) id of every k-gram window, and totals per history
        self.prefix_ = {
            k: (c.keys[k] // c.V if k > 1 else np.zeros(c.V, dtype=np.int64)) for k in range(1, c.order + 1)
        }

    def _padding_only(self, k: int) -> np.ndarray:
        """For every window of k tokens: does it start with two ``<s>`` (padding repeated)?"""
        if k < 2:
            return np.zeros(self.counts_.n_windows(k), dtype=bool)
        first = self.counts_.tokens(k)[:, :2]
        return (first == self.vocab_.bos_id).all(axis=1)

    def _history_ids(self, grams: np.ndarray) -> np.ndarray:
        if grams.shape[1] == 1:
            return np.zeros(grams.shape[0], dtype=np.int64)
        return self.counts_.index(grams[:, :-1])

    def _uniform(self, words: np.ndarray) -> np.ndarray:
        return np.where(words == self.vocab_.bos_id, 0.0, 1.0 / self.n_predictable_)

    def _p(self, grams: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _prob_ids(self, grams: np.ndarray) -> np.ndarray:
        p = self._p(np.asarray(grams, dtype=np.int64))
        p[grams[:, -1] == self.vocab_.bos_id] = 0.0
        return p

    def _backoff_parts(self, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For a batch at order k: the lower order's probabilities, the history ids, and the history
        totals ``totals_[k]`` (0 for unseen histories, and for those that start with two ``<s>``,
        which defer to the lower order: the single-``<s>`` convention)."""
        k = grams.shape[1]
        lower = self._p(grams[:, 1:]) if k > 1 else self._uniform(grams[:, -1])
        hist = self._history_ids(grams)
        total = lookup(self.totals_[k], hist)
        if k >= 3:
            repeated = (grams[:, 0] == self.vocab_.bos_id) & (grams[:, 1] == self.vocab_.bos_id)
            total = np.where(repeated, 0.0, total)
        return lower, hist, total

    def _per_history(self, k: int, values: np.ndarray) -> np.ndarray:
        """Sum ``values`` (one per k-gram window) over the windows' histories."""
        size = 1 if k == 1 else self.counts_.n_windows(k - 1)
        return np.bincount(self.prefix_[k], weights=values, minlength=size)


# ---------------------------------------------------------------- add-k


class AddK(_Recursive):
    """Add-k (Lidstone) smoothing, eq. (2.1): add ``k`` to every count; ``k = 1`` is Laplace (add-one).

    |V| counts every word that can be predicted: the vocabulary with ``<unk>`` and ``</s>``, without
    ``<s>``. A context never seen gives the uniform distribution. ``k`` may be changed after ``fit``.
    """

    def __init__(self, order: int = 2, k: float = 1.0, **kw):
        super().__init__(order, **kw)
        if not (isinstance(k, numbers.Real) and not isinstance(k, bool) and k > 0 and math.isfinite(k)):
            raise ValueError(f"k must be a finite number > 0 (k = 1 is add-one smoothing), got {k!r}")
        self.k = k

    def __repr__(self) -> str:
        return f"{type(self).__name__}(order={self.order}, k={self.k})"

    def _p(self, grams: np.ndarray) -> np.ndarray:
        c = self.counts_.count(grams).astype(np.float64)
        total = self.counts_.context_total(grams[:, :-1]).astype(np.float64)
        return (c + self.k) / (total + self.k * self.n_predictable_)


class Laplace(AddK):
    """Add-one smoothing (Laplace), the reading notes' first cure: :class:`AddK` with k = 1."""

    def __init__(self, order: int = 2, **kw):
        super().__init__(order, k=1.0, **kw)

    def __repr__(self) -> str:
        return f"Laplace(order={self.order})"


# ---------------------------------------------------------------- absolute discounting and Kneser-Ney


def ney_discount(n1: int, n2: int) -> float:
    """D = n1 / (n1 + 2 n2), the estimate of Ney, Essen & Kneser (1994) for absolute discounting."""
    return n1 / (n1 + 2 * n2) if n1 + 2 * n2 > 0 else 0.5


def modified_kn_discounts(n: Sequence[int]) -> tuple[float, float, float]:
    """D1, D2, D3+ of modified Kneser-Ney from count-of-counts n = (n1, n2, n3, n4), eq. (2.8).

    Y = n1/(n1 + 2 n2), D_r = r - (r + 1) Y n_{r+1} / n_r (C&G 1998, eq. 26). On tiny corpora Y can be
    undefined (n1 = n2 = 0; then Y = 1/2) and an estimate can be undefined or fall outside (0, r); only
    then is D_r replaced by r/2, so every seen context keeps some mass for unseen words. (On Penn
    Treebank every estimate is used as it is.)
    """
    n1, n2, n3, n4 = (int(x) for x in n)
    y = ney_discount(n1, n2)
    out = []
    for r, (nr, nr1) in enumerate([(n1, n2), (n2, n3), (n3, n4)], start=1):
        d = r - (r + 1) * y * nr1 / nr if nr > 0 else float("nan")
        out.append(float(d) if 0 < d < r else 0.5 * r)
    return out[0], out[1], out[2]


class AbsoluteDiscounting(_Recursive):
    """Interpolated absolute discounting, eq. (2.6): subtract D from every seen count, give the
    freed mass to the next lower order. ``discount`` None: D = n1/(n1+2n2) per order (Ney et al.).
    """

    continuation = False  # Kneser-Ney's change: lower orders count distinct left contexts
    modified = False  # modified KN: three discounts by count

    def __init__(self, order: int = 3, discount: float | None = None, **kw):
        super().__init__(order, **kw)
        if discount is not None and not 0 < discount < 1:
            raise ValueError(f"discount must lie in (0, 1), got {discount}")
        self.discount = discount

    def __repr__(self) -> str:
        d = "" if self.discount is None else f", discount={self.discount}"
        return f"{type(self).__name__}(order={self.order}{d})"

    def _fit_counts(self) -> None:
        super()._fit_counts()
        c, n = self.counts_, self.order
        self.adjusted_ = {n: c.counts[n].astype(np.float64)}
        for k in range(n - 1, 0, -1):
            if self.continuation:
                self.adjusted_[k] = self._continuation_counts(k)
            else:
                self.adjusted_[k] = c.counts[k].astype(np.float64)
        self.totals_, self.n_by_count_, self.count_of_counts_ = {}, {}, {}
        for k in range(1, n + 1):
            # n-grams that start with two <s> only repeat the padding: the model conditions on one <s>
            # (KenLM's convention), so they take no part in counts of counts or totals
            a = np.where(self._padding_only(k), 0.0, self.adjusted_[k])
            self.totals_[k] = self._per_history(k, a)
            # N1(h.), N2(h.), N3+(h.): followers of each history with (adjusted) count 1, 2, >= 3
            self.n_by_count_[k] = [
                self._per_history(k, (a == 1) * 1.0),
                self._per_history(k, (a == 2) * 1.0),
                self._per_history(k, (a >= 3) * 1.0),
            ]
            self.count_of_counts_[k] = [int(np.count_nonzero(a == r)) for r in (1, 2, 3, 4)]
        self.discounts_ = {k: self._estimate_discounts(k) for k in range(1, n + 1)}

    def _continuation_counts(self, k: int) -> np.ndarray:
        """N1+(. g) for every window g of k tokens: distinct words seen before it (KN's lower orders).

        An n-gram that starts with ``<s>`` has no word before it, so it keeps its raw count (as in KenLM).
        """
        c = self.counts_
        seen = np.flatnonzero(c.counts[k + 1])
        suffix = c.index(c.tokens(k + 1, seen)[:, 1:])
        n1plus = np.bincount(suffix, minlength=c.n_windows(k)).astype(np.float64)
        starts_bos = c.tokens(k)[:, 0] == self.vocab_.bos_id
        return np.where(starts_bos, c.counts[k], n1plus)

    def _estimate_discounts(self, k: int) -> tuple[float, float, float]:
        n = self.count_of_counts_[k]
        if self.modified:
            return modified_kn_discounts(n)
        d = ney_discount(n[0], n[1])
        d = d if 0 < d < 1 else 0.5
        return d, d, d

    def discounts(self, k: int) -> tuple[float, float, float]:
        """(D1, D2, D3+) used at order k: the fixed ``discount`` if set, else the estimated ones."""
        return (self.discount,) * 3 if self.discount is not None else self.discounts_[k]

    def _p(self, grams: np.ndarray) -> np.ndarray:
        k = grams.shape[1]
        lower, hist, total = self._backoff_parts(grams)
        a = lookup(self.adjusted_[k], self.counts_.index(grams))
        d1, d2, d3 = self.discounts(k)
        d = np.select([a == 0, a == 1, a == 2], [0.0, d1, d2], d3)
        freed = d1 * lookup(self.n_by_count_[k][0], hist) + d2 * lookup(self.n_by_count_[k][1], hist)
        freed += d3 * lookup(self.n_by_count_[k][2], hist)
        safe = np.where(total > 0, total, 1.0)
        return np.where(total > 0, (np.maximum(a - d, 0.0) + freed * lower) / safe, lower)


class KneserNey(AbsoluteDiscounting):
    """Interpolated Kneser-Ney, eq. (2.7): absolute discounting whose lower orders use continuation
    counts N1+(. h'w) (how many different words precede h'w) instead of raw counts (Kneser & Ney 1995).
    """

    continuation = True


class ModifiedKneserNey(KneserNey):
    """Interpolated modified Kneser-Ney (Chen & Goodman 1998), eq. (2.8): three discounts D1, D2, D3+
    per order, estimated from count-of-counts. The method KenLM's ``lmplz`` implements.
    """

    modified = True

    def __init__(self, order: int = 3, **kw):
        if "discount" in kw:
            raise ValueError(
                "modified Kneser-Ney estimates three discounts per order from the data; for one fixed "
                "discount use KneserNey(order, discount=D)"
            )
        super().__init__(order, discount=None, **kw)

    def __repr__(self) -> str:
        return f"ModifiedKneserNey(order={self.order})"


# ---------------------------------------------------------------- Jelinek-Mercer


class JelinekMercer(_Recursive):
    """Linear interpolation, eq. (2.5): p(w|h) = lambda_k p_ML(w|h) + (1 - lambda_k) p(w|h').

    ``lambdas_[k-1]`` weighs order k (lowest first; the uniform distribution takes the rest). At a
    history never seen, lambda is 0 and the lower order takes over. Give fixed ``lambdas``, or fit them
    by EM on held-out sentences: ``fit(train, valid=valid_sentences)``. Either way the weights used are
    ``lambdas_`` (the hyper-parameter ``lambdas`` is never changed; with ``valid``, EM ignores it).
    """

    def __init__(self, order: int = 3, lambdas: Sequence[float] | None = None, em_iterations: int = 50, **kw):
        super().__init__(order, **kw)
        if lambdas is not None:
            lambdas = [float(x) for x in lambdas]
            if len(lambdas) != order or not all(0 <= x < 1 for x in lambdas):
                raise ValueError(
                    f"give {order} lambdas in [0, 1) (one per order, lowest first; lambda = 1 would give unseen "
                    f"words probability 0), got {lambdas}"
                )
        if isinstance(em_iterations, bool) or not isinstance(em_iterations, int) or em_iterations < 1:
            raise ValueError(f"em_iterations must be an integer >= 1, got {em_iterations!r}")
        self.lambdas = lambdas
        self.em_iterations = em_iterations

    def fit(
        self,
        sentences: Iterable[Sequence[str]],
        vocab: Vocab | None = None,
        valid: Iterable[Sequence[str]] | None = None,
    ):
        """Count ``sentences``; with ``valid``, fit the lambdas by EM to maximise its likelihood."""
        self._need_lambdas(valid)
        super().fit(sentences, vocab)
        return self.fit_lambdas(valid) if valid is not None else self

    def fit_counts(self, counts: NGramCounts, vocab: Vocab, valid: Iterable[Sequence[str]] | None = None):
        """As :meth:`NGramLM.fit_counts`, then EM on ``valid`` when given."""
        self._need_lambdas(valid)
        super().fit_counts(counts, vocab)
        return self.fit_lambdas(valid) if valid is not None else self

    def _need_lambdas(self, valid: Iterable[Sequence[str]] | None) -> None:
        if valid is None and self.lambdas is None:
            raise ValueError("JelinekMercer needs lambdas=[...] or held-out data: fit(train, valid=valid_sentences)")

    def _fit_counts(self) -> None:
        super()._fit_counts()
        if self.lambdas is not None:
            self.lambdas_ = list(self.lambdas)  # fixed weights; fit_lambdas replaces them

    def fit_lambdas(self, valid: Iterable[Sequence[str]]):
        """EM for ``lambdas_`` on held-out sentences (the counts stay those of the training data)."""
        self._check_fitted()
        lambdas = self._em(self._grams(check_sentences(valid, "validation corpus")))
        # lambda = 1 would starve the lower orders; keep every word's probability above 0
        self.lambdas_ = [min(x, 0.999) for x in lambdas]
        return self

    def _components(self, grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """ML probability of each order (columns 1..n; column 0 uniform) and whether its history was seen."""
        m, n = grams.shape
        p = np.empty((m, n + 1))
        seen = np.ones((m, n + 1), dtype=bool)
        p[:, 0] = self._uniform(grams[:, -1])
        for k in range(1, n + 1):
            sub = grams[:, n - k :]
            total = self.counts_.context_total(sub[:, :-1]).astype(np.float64)
            c = self.counts_.count(sub).astype(np.float64)
            seen[:, k] = total > 0
            p[:, k] = np.divide(c, total, out=np.zeros(m), where=total > 0)
        return p, seen

    def _weights(self, seen: np.ndarray, lambdas: Sequence[float]) -> np.ndarray:
        """Mixture weight of each order per row: lambda_k if seen, times (1 - lambda_j) of the orders above."""
        m, cols = seen.shape
        w = np.empty((m, cols))
        rest = np.ones(m)
        for k in range(cols - 1, 0, -1):
            lam = np.where(seen[:, k], lambdas[k - 1], 0.0)
            w[:, k] = rest * lam
            rest = rest * (1 - lam)
        w[:, 0] = rest
        return w

    def _p(self, grams: np.ndarray) -> np.ndarray:
        p, seen = self._components(grams)
        return (self._weights(seen, self.lambdas_) * p).sum(axis=1)

    def _em(self, grams: np.ndarray) -> list[float]:
        """EM from lambda = 0.5 at every order: the lambdas that maximise the likelihood of ``grams``."""
        p, seen = self._components(grams)
        lambdas = [0.5] * self.order
        for _ in range(self.em_iterations):
            joint = self._weights(seen, lambdas) * p
            post = joint / joint.sum(axis=1, keepdims=True)  # which order produced each token
            reached = np.cumsum(post, axis=1)  # produced at this order or below
            new = []
            for k in range(1, self.order + 1):
                denom = (reached[:, k] * seen[:, k]).sum()
                new.append(float(post[:, k].sum() / denom) if denom > 0 else 0.0)
            converged = max(abs(a - b) for a, b in zip(new, lambdas, strict=True)) < 1e-7
            lambdas = new
            if converged:
                break
        return lambdas


# ---------------------------------------------------------------- Katz and stupid back-off


def good_turing_discounts(count_of_counts: Sequence[int], k: int = 5) -> np.ndarray:
    """Katz's discount ratios d_1..d_k from count-of-counts n_1..n_{k+1}, eq. (2.3) (index r -> d_r).

    Counts above k are trusted (d = 1). Where the estimate is undefined or leaves (0, 1) (tiny corpora),
    ``d_r = (r - D)/r`` with Ney's D replaces it, so every seen context still frees some mass.
    """
    k = checks.integer(k, "k (the largest discounted count)")
    n = np.asarray(count_of_counts, dtype=np.float64)  # n[r-1] = n_r, r = 1..k+1
    if n.ndim != 1 or len(n) < k + 1:
        raise ValueError(f"give the count-of-counts n_1 .. n_{k + 1} ({k + 1} numbers), got {len(n)}")
    d = np.ones(k + 1)
    common = (k + 1) * n[k] / n[0] if n[0] > 0 else np.nan
    for r in range(1, k + 1):
        if n[r - 1] > 0 and np.isfinite(common) and common < 1:
            d[r] = ((r + 1) * n[r] / (r * n[r - 1]) - common) / (1 - common)
        else:
            d[r] = np.nan
    fallback = np.clip(ney_discount(int(n[0]), int(n[1])), 0.1, 0.9)
    bad = ~((d > 0) & (d < 1))
    bad[0] = False
    for r in np.flatnonzero(bad):
        d[r] = (r - fallback) / r
    d[0] = 1.0
    return d


#: SRILM's ngram-count defaults for Good-Turing/Katz: discount counts up to 7, and drop n-grams of
#: order 3 and up that were seen only once (-gt3min 2 and up); see Katz(..., k=7, cutoffs=SRILM_CUTOFFS)
SRILM_CUTOFFS = (1, 1, 2, 2, 2, 2, 2, 2, 2)


class Katz(_Recursive):
    """Katz back-off, eq. (2.2): seen n-grams keep a Good-Turing-discounted ML estimate, unseen ones
    get the lower order's probability scaled by alpha(h), the normaliser that makes p sum to 1.
    Counts above ``k`` (5, as Katz 1987) are not discounted. The lowest order backs off to uniform.

    ``cutoffs[j]`` is the smallest count an n-gram of order j+1 must have to be kept; rarer ones are
    treated as unseen (their counts still count in c(h) and in the counts of counts, as in SRILM).
    ``Katz(n, k=7, cutoffs=SRILM_CUTOFFS)`` is SRILM's default Good-Turing model.
    """

    def __init__(self, order: int = 3, k: int = 5, cutoffs: Sequence[int] | None = None, **kw):
        super().__init__(order, **kw)
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k (largest discounted count) must be an integer >= 1, got {k!r}")
        if cutoffs is not None and (
            len(cutoffs) < order
            or any(isinstance(c, bool) or not isinstance(c, (int, np.integer)) or c < 1 for c in cutoffs)
        ):
            raise ValueError(f"cutoffs needs one integer >= 1 per order (at least {order}), got {cutoffs!r}")
        self.k, self.cutoffs = int(k), None if cutoffs is None else tuple(int(c) for c in cutoffs)

    def __repr__(self) -> str:
        cut = "" if self.cutoffs is None else f", cutoffs={self.cutoffs[: self.order]}"
        return f"Katz(order={self.order}, k={self.k}{cut})"

    def _fit_counts(self) -> None:
        super()._fit_counts()
        c = self.counts_
        self.d_, self.alpha_, self.totals_, self.kept_counts_ = {}, {}, {}, {}
        for k in range(1, self.order + 1):
            all_counts = np.where(self._padding_only(k), 0, c.counts[k])  # condition on one <s> (see _p)
            cutoff = 1 if self.cutoffs is None else self.cutoffs[k - 1]
            counts = np.where(all_counts >= cutoff, all_counts, 0)  # below the cutoff: treated as unseen
            prefix = self.prefix_[k]
            total = self._per_history(k, all_counts.astype(np.float64))
            safe_total = np.where(total > 0, total, 1.0)
            coc = [int(np.count_nonzero(all_counts == r)) for r in range(1, self.k + 2)]
            d = good_turing_discounts(coc, self.k)
            ratio = np.where((counts >= 1) & (counts <= self.k), d[np.clip(counts, 0, self.k)], 1.0)
            # the lower order's probability of every kept n-gram's word, and what it leaves to the others
            seen = np.flatnonzero(counts)
            lower = np.zeros(c.n_windows(k))
            lower[seen] = self._p(c.tokens(k, seen)[:, 1:]) if k > 1 else self._uniform(seen)
            room = 1.0 - self._per_history(k, lower)
            full = room <= 1e-12  # kept words take all lower-order mass: nothing to back off to
            kept = self._per_history(k, ratio * counts) / safe_total
            # a context whose counts are all above k frees nothing; discount it absolutely instead,
            # so unseen words still get probability (Katz leaves this case open)
            stuck = (1.0 - kept <= 1e-12) & ~full & (total > 0)
            if np.any(stuck):
                absolute = (counts - np.clip(ney_discount(coc[0], coc[1]), 0.1, 0.9)) / np.maximum(counts, 1)
                ratio = np.where(stuck[prefix] & (counts > 0), absolute, ratio)
            ratio = np.where(full[prefix], 1.0, ratio)
            kept = self._per_history(k, ratio * counts) / safe_total
            self.d_[k], self.totals_[k], self.kept_counts_[k] = ratio, total, counts
            self.alpha_[k] = np.where(full, 0.0, (1.0 - kept) / np.where(full, 1.0, room))

    def _p(self, grams: np.ndarray) -> np.ndarray:
        k = grams.shape[1]
        lower, hist, total = self._backoff_parts(grams)
        ids = self.counts_.index(grams)
        c = lookup(self.kept_counts_[k], ids)
        d = lookup(self.d_[k], ids, 1.0)
        alpha = lookup(self.alpha_[k], hist, 1.0)
        safe = np.where(total > 0, total, 1.0)
        return np.where(total > 0, np.where(c > 0, d * c / safe, alpha * lower), lower)


class StupidBackoff(_Recursive):
    """Stupid back-off (Brants et al. 2007), eq. (2.4): S(w|h) = c(hw)/c(h), else ``alpha`` S(w|h').

    A **score**, not a probability: the scores after a context do not sum to 1, so
    :meth:`perplexity` refuses (use it for ranking, as web-scale systems did). Unigrams: c(w)/N.
    """

    is_distribution = False

    def __init__(self, order: int = 3, alpha: float = 0.4, **kw):
        super().__init__(order, **kw)
        if not 0 < alpha <= 1:
            raise ValueError(f"alpha must lie in (0, 1], got {alpha}")
        self.alpha = alpha

    def _p(self, grams: np.ndarray) -> np.ndarray:
        k = grams.shape[1]
        c = self.counts_.count(grams).astype(np.float64)
        total = self.counts_.context_total(grams[:, :-1]).astype(np.float64)
        ml = np.divide(c, total, out=np.zeros_like(c), where=total > 0)
        if k == 1:
            return ml
        return np.where(c > 0, ml, self.alpha * self._p(grams[:, 1:]))


def unseen_mass(model: NGramLM, contexts: Sequence[Sequence[str]]) -> float:
    """Average, over ``contexts``, of the probability the model gives to words never seen after the context.

    For an MLE model this is 0; a smoothing method moves this much mass to unseen events (notebook 02).
    Compare it with the share of test n-grams that really are new.
    """
    model._check_fitted()
    if isinstance(contexts, str) or not contexts:
        raise ValueError("give at least one context, as a list of word lists, e.g. [['the'], ['of']]")
    contexts = [check_words(c, "context") for c in contexts]
    c = model.counts_
    masses = []
    for context in contexts:
        probs = model.next_probs(context)
        ctx = model._context_ids(context)
        grams = np.column_stack([np.tile(ctx, (probs.size, 1)), np.arange(probs.size)])
        seen = c.count(grams) > 0
        masses.append(float(probs[~seen].sum()))
    return float(np.mean(masses))


class LinearMixture(LanguageModel):
    """A weighted mixture of fitted language models, eq. (2.5) with whole models as the components:
    p(w | h) = sum_i lambda_i p_i(w | h) (notebook 03 mixes the neural model with Kneser-Ney this way).

    Any :class:`~course_utils.lm.LanguageModel` that is a distribution can be a component (n-gram,
    neural, recurrent); they must share one vocabulary. Give fixed ``weights``, or fit ``weights_`` by EM
    on held-out sentences with ``fit(valid)``; the mixture has no training data of its own. Each
    component reads as much of the context as it reads alone.
    """

    def __init__(
        self, models: Sequence[LanguageModel], weights: Sequence[float] | None = None, em_iterations: int = 200
    ):
        if len(models) < 1:
            raise ValueError("give at least one fitted model to mix")
        for m in models:
            if not isinstance(m, LanguageModel):
                raise ValueError(
                    f"the models to mix must be language models (lm.LanguageModel), got {type(m).__name__}"
                )
            m._check_fitted()
        if any(m.vocab_.itos != models[0].vocab_.itos for m in models):
            raise ValueError("the models to mix must share one vocabulary: fit them with the same vocab=...")
        if any(not m.is_distribution for m in models):
            raise ValueError("only models that are distributions can be mixed into a distribution")
        if isinstance(em_iterations, bool) or not isinstance(em_iterations, int) or em_iterations < 1:
            raise ValueError(f"em_iterations must be an integer >= 1, got {em_iterations!r}")
        self.models, self.em_iterations = list(models), em_iterations
        self.vocab_ = models[0].vocab_
        self.weights = None if weights is None else self._check_weights(weights)
        if self.weights is not None:
            self.weights_ = list(self.weights)  # fixed weights: usable without fit

    def _check_weights(self, weights: Sequence[float]) -> list[float]:
        w = [float(x) for x in weights]
        if len(w) != len(self.models) or not all(0 <= x <= 1 for x in w) or not abs(sum(w) - 1) <= 1e-9:
            raise ValueError(f"give {len(self.models)} weights >= 0 that sum to 1, got {w}")
        return w

    def __repr__(self) -> str:
        return f"LinearMixture({', '.join(map(repr, self.models))})"

    @property
    def context_size(self) -> int | None:  # type: ignore[override]
        """The longest context a component reads (None if one reads the whole sentence so far)."""
        sizes = [m.context_size for m in self.models]
        return None if any(k is None for k in sizes) else max(sizes)

    def fit(self, valid: Iterable[Sequence[str]]):
        """Fit ``weights_`` by EM (from equal weights) to maximise the likelihood of ``valid``; returns ``self``."""
        p = self._components(check_sentences(valid, "validation corpus"))
        w = np.full(len(self.models), 1.0 / len(self.models))
        for _ in range(self.em_iterations):
            joint = p * w
            new = (joint / joint.sum(axis=1, keepdims=True)).mean(axis=0)
            done = np.abs(new - w).max() < 1e-9
            w = new
            if done:
                break
        self.weights_ = [float(x) for x in w]
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise ValueError("the mixture has no weights yet: give weights=[...] or call .fit(valid_sentences)")

    def _components(self, sentences: list[list[str]]) -> np.ndarray:
        """p_i(w | h) of every predicted token (rows) under every component (columns)."""
        return np.column_stack([m._token_probs(sentences) for m in self.models])

    def _token_probs(self, sentences: list[list[str]]) -> np.ndarray:
        return self._components(sentences) @ np.asarray(self.weights_)

    def next_probs(self, context: Sequence[str] = ()) -> np.ndarray:
        """sum_i lambda_i p_i(v | context) for every id v; each component reads its own last words."""
        self._check_fitted()
        context = self._check_context(context)
        k = self.context_size
        if k is not None and len(context) > k:
            raise ValueError(
                f"the context has {len(context)} words but the mixture's models look at most {k} back; "
                f"pass only the last {k} (context[-{k}:])"
            )
        probs = np.column_stack([m.next_probs(m._history(context)) for m in self.models])
        return probs @ np.asarray(self.weights_)
