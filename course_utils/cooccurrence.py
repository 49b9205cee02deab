"""Count-based word vectors: co-occurrence counts, PMI weighting and SVD (notebook 07).

The reading notes' route from one-hot vectors to dense ones, and the well-tuned version of it that
Levy, Goldberg & Dagan (2015) showed to be a serious baseline for word2vec and GloVe:

* **counting** (eq. 7.1): :class:`Cooccurrence` counts how often word j appears in word i's context, as a
  ``scipy.sparse`` matrix. The context is the whole sentence (the notes' toy example) or a window of
  ``window`` words on each side (or only to the right, ``symmetric=False``), optionally weighted by
  1/distance as GloVe counts. Counting is one numpy pass per offset, no Python loop per word.
* **weighting** (eqs. 7.2-7.4): :func:`weight` turns counts into ``raw``, ``log`` (log(1 + x)), ``pmi``,
  ``ppmi`` (positive PMI), with a shift by log k (shifted PPMI, SGNS's implicit matrix) and
  context-distribution smoothing (column counts raised to α = 0.75, as word2vec's noise distribution).
* **reduction** (eqs. 7.5-7.6): :func:`svd` by the full method (O(n³), small matrices), ARPACK's truncated
  method or randomised SVD (Halko, Martinsson & Tropp 2011); :func:`svd_vectors` makes word vectors
  U·Σ^p (p = 1 is the textbook choice, p = 0.5 or 0 often better).

:class:`CountVectors` chains the three: ``CountVectors(window=5, weighting="ppmi", dim=100).fit(sentences)``
gives ``wv_``, a :class:`course_utils.embeddings.WordVectors` that the shared evaluation scores like any other;
``CountVectors.from_cooccurrence(counts, dim=100)`` weights and decomposes counts made once and shared.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from . import checks
from .embeddings import WordVectors
from .text import check_sentences, indexed_corpus

WEIGHTINGS = ("raw", "log", "pmi", "ppmi")
SVD_METHODS = ("full", "truncated", "randomized")

# ---------------------------------------------------------------- counting


def count_matrix(
    ids: np.ndarray,
    sentence: np.ndarray,
    vocab_size: int,
    window: int | None = 2,
    symmetric: bool = True,
    distance_weighting: bool = False,
) -> sp.csr_matrix:
    """Co-occurrence counts, eq. (7.1): ``X[i, j]`` = how often word j occurs in a context of word i.

    ``ids`` is the corpus as one array of word ids (-1 for words left out of the vocabulary: they hold
    their place, so distances stay true, but are not counted) and ``sentence`` the sentence number of each
    token; contexts never cross sentences. ``window=None`` takes the whole sentence as the context. With
    ``symmetric`` the context is both sides, else only the ``window`` words to the right. With
    ``distance_weighting`` a pair d words apart adds 1/d instead of 1.
    """
    ids, sentence = np.asarray(ids, dtype=np.int64), np.asarray(sentence)
    if ids.shape != sentence.shape or ids.ndim != 1:
        raise ValueError(f"ids and sentence must be 1-D arrays of one length, got {ids.shape} and {sentence.shape}")
    if window is None:  # the longest sentence bounds every offset
        window = int(np.bincount(sentence - sentence.min()).max()) - 1 if len(sentence) else 0
    else:
        checks.integer(window, "window (or None for the whole sentence)")
    rows, cols, vals = [], [], []
    n = len(ids)
    for d in range(1, min(window, max(n - 1, 0)) + 1):
        ok = (sentence[:-d] == sentence[d:]) & (ids[:-d] >= 0) & (ids[d:] >= 0)
        left, right = ids[:-d][ok], ids[d:][ok]  # left is d words before right
        value = 1.0 / d if distance_weighting else 1.0
        rows.append(left)
        cols.append(right)
        vals.append(np.full(len(left), value))
        if symmetric:
            rows.append(right)
            cols.append(left)
            vals.append(np.full(len(left), value))
    if not rows:
        return sp.csr_matrix((vocab_size, vocab_size))
    coo = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(vocab_size, vocab_size)
    )
    return coo.tocsr()  # sums the duplicates: one entry per (word, context) pair


class Cooccurrence:
    """A word-by-word co-occurrence matrix (notebook 07), built with :func:`count_matrix`.

    ``window`` (None = the whole sentence), ``symmetric``, ``distance_weighting`` as there; the vocabulary is
    the words seen at least ``min_count`` times, at most the ``max_vocab`` most frequent, ordered by
    frequency (ties alphabetically): a :class:`course_utils.text.Vocab` without special tokens, so ``"<unk>"`` is
    an ordinary word (:func:`course_utils.text.indexed_corpus`). Rarer words keep their place but are not
    counted. After ``fit``: ``vocab_``, its ``words_`` and ``counts_`` (corpus frequency), ``matrix_`` (|V| x |V|
    CSR) and ``tokens_``.
    """

    def __init__(
        self,
        window: int | None = 2,
        *,
        symmetric: bool = True,
        distance_weighting: bool = False,
        min_count: int = 1,
        max_vocab: int | None = None,
    ):
        checks.integer(window, "window (or None for the whole sentence)", optional=True)
        checks.integer(min_count, "min_count")
        checks.integer(max_vocab, "max_vocab", optional=True)
        self.window, self.symmetric, self.distance_weighting = window, symmetric, distance_weighting
        self.min_count, self.max_vocab = min_count, max_vocab

    def fit(self, sentences: Iterable[Sequence[str]]) -> Cooccurrence:
        """Count the co-occurrences of ``sentences`` (a list of token lists); returns ``self``."""
        sentences = check_sentences(sentences, "corpus")
        self.vocab_, ids, sentence = indexed_corpus(sentences, self.min_count, self.max_vocab, checked=True)
        self.words_, self.counts_ = self.vocab_.itos, self.vocab_.count_array()
        self.tokens_ = len(ids)
        self.matrix_ = count_matrix(
            ids, sentence, len(self.words_), self.window, self.symmetric, self.distance_weighting
        )
        return self

    def check_fitted(self) -> None:
        """Raise a ``ValueError`` unless :meth:`fit` has run (or ``words_`` and ``matrix_`` were set)."""
        if not hasattr(self, "matrix_") or not hasattr(self, "words_"):
            raise ValueError("this Cooccurrence has no counts yet; call .fit(sentences) first")

    def dense(self) -> np.ndarray:
        """The matrix as a dense array (small vocabularies only)."""
        return self.matrix_.toarray()


# ---------------------------------------------------------------- weighting


def weight(
    matrix: sp.spmatrix | np.ndarray, scheme: str = "ppmi", *, alpha: float = 1.0, shift: float = 1.0
) -> sp.csr_matrix:
    """Re-weight co-occurrence counts (eqs. 7.2-7.4); returns a sparse matrix of the same shape.

    * ``raw``: the counts; ``log``: log(1 + X).
    * ``pmi``: ``log(P(i, j) / (P(i) P_α(j)))`` with ``P(i, j) = X_ij / ΣX``, ``P(i)`` the row sums and
      ``P_α(j) ∝ (column sum of j)^α`` (context-distribution smoothing; α = 1 is plain PMI). Only pairs
      that were seen get a value; the unseen ones, whose PMI is log 0 = −∞, stay 0 (Levy & Goldberg's
      PMI₀), which keeps the matrix sparse.
    * ``ppmi``: ``max(PMI − log shift, 0)``; ``shift`` = k is the shifted PPMI that skip-gram with k
      negative samples implicitly factorises (Levy & Goldberg 2014).
    """
    if scheme not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {scheme!r}; choose one of {', '.join(WEIGHTINGS)}")
    checks.between(alpha, "alpha (context-distribution smoothing)", 0, 1, low_in=False)
    checks.positive(shift, "shift (k of log k)", example=1.0)
    X = sp.csr_matrix(matrix, dtype=np.float64)
    X.eliminate_zeros()
    if X.nnz and X.data.min() < 0:
        raise ValueError("co-occurrence counts must be >= 0")
    if scheme == "raw":
        return X
    if scheme == "log":
        return X.log1p()
    total = X.sum()
    if total == 0:
        raise ValueError("the matrix is all zeros: no word has a context; use a larger corpus or window")
    row = np.asarray(X.sum(axis=1)).ravel() / total
    col = np.asarray(X.sum(axis=0)).ravel() ** alpha
    col /= col.sum()
    coo = X.tocoo()
    pmi = np.log(coo.data / total) - np.log(row[coo.row]) - np.log(col[coo.col])
    if scheme == "ppmi":
        pmi = np.maximum(pmi - np.log(shift), 0.0)
    out = sp.csr_matrix((pmi, (coo.row, coo.col)), shape=X.shape)
    out.eliminate_zeros()
    return out


# ---------------------------------------------------------------- SVD


@dataclass
class SVD:
    """The ``rank`` largest singular triplets of a matrix, largest first: ``M ≈ U diag(S) Vt`` (eq. 7.5)."""

    U: np.ndarray
    S: np.ndarray
    Vt: np.ndarray
    seconds: float


def randomized_svd(
    matrix: sp.spmatrix | np.ndarray, rank: int, *, oversample: int = 10, power_iterations: int = 7, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Randomised SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1).

    Multiply the matrix by ``rank + oversample`` random vectors, sharpen the result with a few power
    iterations (re-orthonormalised each time), and do an exact SVD of the small projected matrix. Its cost
    grows with the number of non-zeros times the rank, not with n³.
    """
    rng = np.random.default_rng(seed)
    m, n = matrix.shape
    k = min(rank + oversample, m, n)
    Q = np.linalg.qr(matrix @ rng.standard_normal((n, k)))[0]
    for _ in range(power_iterations):
        Q = np.linalg.qr(matrix.T @ Q)[0]
        Q = np.linalg.qr(matrix @ Q)[0]
    B = np.asarray((matrix.T @ Q).T)  # k x n, = Qᵀ M
    Ub, S, Vt = np.linalg.svd(B, full_matrices=False)
    return (Q @ Ub)[:, :rank], S[:rank], Vt[:rank]


def svd(matrix: sp.spmatrix | np.ndarray, rank: int, method: str = "randomized", seed: int = 0) -> SVD:
    """The top-``rank`` SVD of a matrix by ``method`` (eq. 7.5), with the time it took.

    ``full``: LAPACK's dense SVD of the whole matrix, then keep ``rank`` (O(n³) time, O(n²) memory);
    ``truncated``: ARPACK's Lanczos iterations (``scipy.sparse.linalg.svds``), which only multiply the
    sparse matrix by vectors; ``randomized``: :func:`randomized_svd`. All return singular values largest
    first, and the signs of the vectors are fixed (each column of U has its largest entry positive) so that
    results are reproducible.
    """
    if method not in SVD_METHODS:
        raise ValueError(f"unknown SVD method {method!r}; choose one of {', '.join(SVD_METHODS)}")
    m, n = matrix.shape
    limit = min(m, n) - (1 if method == "truncated" else 0)  # ARPACK needs rank < min(m, n)
    rank = checks.integer(rank, "rank")
    if not rank <= limit:
        raise ValueError(f"rank must be between 1 and {limit} for a {m} x {n} matrix with method {method!r}")
    start = time.perf_counter()
    if method == "full":
        dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix, dtype=np.float64)
        U, S, Vt = np.linalg.svd(dense, full_matrices=False)
        U, S, Vt = U[:, :rank], S[:rank], Vt[:rank]
    elif method == "truncated":
        from scipy.sparse.linalg import svds

        v0 = np.random.default_rng(seed).uniform(-1, 1, min(m, n))  # ARPACK's start vector, seeded
        U, S, Vt = svds(sp.csr_matrix(matrix, dtype=np.float64), k=rank, v0=v0)
        order = np.argsort(S)[::-1]
        U, S, Vt = U[:, order], S[order], Vt[order]
    else:
        U, S, Vt = randomized_svd(matrix, rank, seed=seed)
    seconds = time.perf_counter() - start
    signs = np.sign(U[np.abs(U).argmax(axis=0), np.arange(U.shape[1])])
    signs[signs == 0] = 1
    return SVD(U * signs, S, Vt * signs[:, None], seconds)


def svd_vectors(words: Sequence[str], decomposition: SVD, p: float = 0.5, normalize: bool = True) -> WordVectors:
    """Word vectors ``U Σ^p`` (eq. 7.6): p = 1 is the textbook ``UΣ``, p = 0.5 symmetric, p = 0 just U.

    With ``normalize`` every row is scaled to unit length (cosine similarity is unchanged by it, but
    averages and analogies are not).
    """
    vectors = decomposition.U * decomposition.S**p
    if normalize:
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return WordVectors(words, vectors)


def reconstruction_error(matrix: sp.spmatrix | np.ndarray, decomposition: SVD) -> float:
    """Frobenius norm of ``M − U diag(S) Vt``; for an exact SVD it equals sqrt(Σ of the dropped σ²) (Eckart–Young)."""
    dense = matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix, dtype=np.float64)
    return float(np.linalg.norm(dense - (decomposition.U * decomposition.S) @ decomposition.Vt))


# ---------------------------------------------------------------- the pipeline


def counting_settings(cooccurrence: Cooccurrence, counting: Sequence[str], settings: dict, model: str) -> dict:
    """The counting hyper-parameters of a model made from shared counts (``from_cooccurrence``): read off the
    fitted ``cooccurrence``, so the model describes the matrix it was fitted on; giving one again is an error."""
    given = [k for k in counting if k in settings]
    if given:
        raise ValueError(
            f"{', '.join(given)} come(s) from the counts in from_cooccurrence; drop them, or count again "
            f"with {model}(...).fit(sentences)"
        )
    if not isinstance(cooccurrence, Cooccurrence):
        raise ValueError(f"from_cooccurrence takes a fitted Cooccurrence, got {type(cooccurrence).__name__}")
    cooccurrence.check_fitted()
    return {k: getattr(cooccurrence, k) for k in counting}


class CountVectors:
    """Count-based word vectors: co-occurrence → weighting → SVD (notebook 07).

    Hyper-parameters as in Levy, Goldberg & Dagan (2015). Counting (:class:`Cooccurrence`): ``window`` (None =
    whole sentence), ``symmetric``, ``distance_weighting``, ``min_count``, ``max_vocab``. Weighting: ``weighting``
    and its ``alpha`` (context-distribution smoothing) and ``shift`` (k of shifted PPMI). SVD: ``dim`` (the vector
    size, the rank of the truncated SVD), the eigenvalue weight ``p``, ``method`` and ``normalize`` (``truncated``
    by default: exact; ``randomized`` is faster but approximate when the spectrum is flat, as PPMI's is); ``seed``.
    After ``fit``: ``cooccurrence_`` (a :class:`Cooccurrence`), ``weighted_`` (the weighted matrix), ``svd_`` and
    ``wv_``. To weight and decompose counts made once and shared, use :meth:`from_cooccurrence`.
    """

    #: the hyper-parameters that belong to the counting, which :meth:`from_cooccurrence` takes from the counts
    COUNTING = ("window", "symmetric", "distance_weighting", "min_count", "max_vocab")

    def __init__(
        self,
        window: int | None = 2,
        *,
        weighting: str = "ppmi",
        alpha: float = 0.75,
        shift: float = 1.0,
        dim: int = 100,
        p: float = 0.5,
        method: str = "truncated",
        normalize: bool = True,
        symmetric: bool = True,
        distance_weighting: bool = False,
        min_count: int = 5,
        max_vocab: int | None = None,
        seed: int = 0,
    ):
        if weighting not in WEIGHTINGS:
            raise ValueError(f"unknown weighting {weighting!r}; choose one of {', '.join(WEIGHTINGS)}")
        if method not in SVD_METHODS:
            raise ValueError(f"unknown SVD method {method!r}; choose one of {', '.join(SVD_METHODS)}")
        checks.integer(dim, "dim")
        checks.finite(p, "p (the eigenvalue weight)")
        checks.between(alpha, "alpha (context-distribution smoothing)", 0, 1, low_in=False)
        checks.positive(shift, "shift (k of log k)", example=1.0)
        checks.integer(window, "window (or None for the whole sentence)", optional=True)
        checks.integer(min_count, "min_count")
        checks.integer(max_vocab, "max_vocab", optional=True)
        checks.integer(seed, "seed", minimum=0)
        self.window, self.weighting, self.alpha, self.shift = window, weighting, alpha, shift
        self.dim, self.p, self.method, self.normalize = dim, p, method, normalize
        self.symmetric, self.distance_weighting = symmetric, distance_weighting
        self.min_count, self.max_vocab, self.seed = min_count, max_vocab, seed

    def fit(self, sentences: Iterable[Sequence[str]]) -> CountVectors:
        """Count ``sentences`` with this model's counting settings, weight, decompose; returns ``self``."""
        if isinstance(sentences, Cooccurrence):
            raise ValueError(
                "fit takes sentences; to reuse counts, use CountVectors.from_cooccurrence(counts, ...), "
                "which takes window, min_count etc. from the counts"
            )
        counting = {k: getattr(self, k) for k in self.COUNTING}
        return self._fit_counts(Cooccurrence(**counting).fit(sentences))

    @classmethod
    def from_cooccurrence(cls, cooccurrence: Cooccurrence, **settings) -> CountVectors:
        """A model fitted on counts made once and shared: weight and decompose a fitted :class:`Cooccurrence`.

        ``settings`` are the non-counting hyper-parameters (``weighting``, ``alpha``, ``shift``, ``dim``, ``p``,
        ``method``, ``normalize``, ``seed``); the counting ones (:attr:`COUNTING`) come from the counts, so the
        model describes the matrix it was fitted on. Returns the fitted model.
        """
        counting = counting_settings(cooccurrence, cls.COUNTING, settings, "CountVectors")
        return cls(**counting, **settings)._fit_counts(cooccurrence)

    def _fit_counts(self, cooccurrence: Cooccurrence) -> CountVectors:
        self.cooccurrence_ = cooccurrence
        self.weighted_ = weight(self.cooccurrence_.matrix_, self.weighting, alpha=self.alpha, shift=self.shift)
        limit = min(self.weighted_.shape) - (1 if self.method == "truncated" else 0)
        if self.dim > limit:
            raise ValueError(
                f"dim={self.dim} is too large for the {self.weighted_.shape[0]}-word vocabulary of these counts: "
                f"give dim <= {limit}, or a larger corpus (or a lower min_count)"
            )
        self.svd_ = svd(self.weighted_, self.dim, self.method, self.seed)
        self.wv_ = svd_vectors(self.cooccurrence_.words_, self.svd_, self.p, self.normalize)
        return self

    def vectors(self, dim: int | None = None, p: float | None = None) -> WordVectors:
        """Word vectors of size ``dim`` from the first ``dim`` singular triplets (the best rank-k approximation is a
        prefix of the SVD, so no new decomposition is needed) with eigenvalue weight ``p`` (default: the model's)."""
        dim = self.dim if dim is None else checks.integer(dim, "dim")
        if not dim <= len(self.svd_.S):
            raise ValueError(f"dim must be between 1 and {len(self.svd_.S)} (the dim this model was fitted with)")
        d = self.svd_
        prefix = SVD(d.U[:, :dim], d.S[:dim], d.Vt[:dim], d.seconds)
        return svd_vectors(self.cooccurrence_.words_, prefix, self.p if p is None else p, self.normalize)
