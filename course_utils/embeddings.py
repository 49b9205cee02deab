"""Word vectors and how to judge them (notebooks 06-09): neighbours, similarity, analogies.

:class:`WordVectors` holds one vector per word and answers nearest-neighbour and analogy queries by
cosine similarity. The evaluation functions are shared by every chapter that makes word vectors
(word2vec, PPMI-SVD, GloVe, ELMo), so their scores compare directly:

* :func:`evaluate_similarity`: Spearman's ρ between cosine similarities and human ratings
  (WordSim-353, SimLex-999), over the pairs whose two words the vectors know (the coverage);
* :func:`evaluate_analogies`: accuracy on "a is to b as c is to ?" (Mikolov's Google set) with
  3CosAdd (Mikolov et al. 2013) or 3CosMul (Levy & Goldberg 2014), over the questions whose four
  words are known, excluding the three question words from the answers (the usual convention).

The evaluation sets are registered data (``word-eval``), read by :func:`load_similarity` and
:func:`load_analogies` with their SHA-256 checked; :func:`evaluation_sets` loads all three and
:func:`score_word_vectors` scores a set of vectors on them (a :class:`WordVectorScores`).

Every result keeps its per-item data (the pairs' cosines and human scores, each question's hit), so its
noise can be shown: ``result.interval()`` is the bootstrap interval over the items (:mod:`course_utils.stats`),
:func:`paired_difference` says whether two systems really differ on the items both cover, and
:func:`evaluation_table` prints scores with ``intervals=True``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import checks, stats
from .checks import UnknownWordError
from .text import check_word, check_words


class WordVectors:
    """Vectors (|V| x d) with their words; lookups by word, cosine neighbours and analogies."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray):
        words = check_words(words, "word list of the vectors", empty=False)
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(words) != len(vectors):
            raise ValueError(f"need one vector per word: {len(words)} words, vectors of shape {vectors.shape}")
        if len(set(words)) != len(words):
            raise ValueError("words must be unique")
        if not np.isfinite(vectors).all():
            row = int(np.argwhere(~np.isfinite(vectors))[0, 0])
            raise ValueError(
                f"the vectors contain NaN or infinite values (first in the row of {words[row]!r}); vectors from a "
                "training run that diverged (lower its learning rate) or an overflow (e.g. a huge power p) cannot be "
                "compared"
            )
        self.words = list(words)
        self.vectors = vectors
        self.index = {w: i for i, w in enumerate(self.words)}
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.unit = vectors / np.maximum(norms, 1e-12)  # zero vectors stay zero: cosine 0 with everything

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word in self.index

    def __getitem__(self, word: str) -> np.ndarray:
        return self.vectors[self._id(word)]

    @property
    def dim(self) -> int:
        return self.vectors.shape[1]

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words' vectors."""
        return float(self.unit[self._id(a)] @ self.unit[self._id(b)])

    def save(self, path: str | Path, half: bool = True) -> Path:
        """Write the words and vectors to ``path`` (a ``.npz`` file; float16 with ``half``, half the bytes).

        The file holds two arrays, ``words`` (unicode) and ``vectors``, and is read back without pickle by
        :meth:`load`. Notebook 06 loads the Chinese vectors that ``word-vectors-zh`` saves this way.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        vectors = self.vectors.astype(np.float16 if half else np.float32)
        with open(path, "wb") as f:  # a file object: np.savez would otherwise append ".npz" to another name
            np.savez_compressed(f, words=np.array(self.words, dtype=str), vectors=vectors)
        return path

    @classmethod
    def load(cls, path: str | Path) -> WordVectors:
        """Vectors written by :meth:`save` (float32 in memory, whatever was stored)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no word-vector file {path}; WordVectors.save writes one")
        try:
            stored = np.load(path, allow_pickle=False)
        except (ValueError, OSError) as exc:
            raise ValueError(f"{path} is not a word-vector file written by WordVectors.save ({exc})") from exc
        if not isinstance(stored, np.lib.npyio.NpzFile) or {"words", "vectors"} - set(stored.files):
            if isinstance(stored, np.lib.npyio.NpzFile):
                stored.close()
            raise ValueError(f"{path} is not a word-vector file written by WordVectors.save (no words and vectors)")
        with stored:
            return cls([str(w) for w in stored["words"]], stored["vectors"].astype(np.float32))

    def _id(self, word: str) -> int:
        check_word(word)
        if word not in self.index:
            raise UnknownWordError(
                f"{word!r} is not in the vocabulary of these vectors ({len(self)} words); check `word in vectors` "
                "first, or train with a lower min_count"
            )
        return self.index[word]

    def most_similar(
        self, query: str | np.ndarray, topn: int = 10, exclude: Iterable[str] = ()
    ) -> list[tuple[str, float]]:
        """The ``topn`` words closest to a word (itself excluded) or to a vector, by cosine similarity."""
        checks.integer(topn, "topn")
        exclude = check_words(() if exclude is None else exclude, "exclude list")
        if isinstance(query, str):
            v = self.unit[self._id(query)]
            exclude = {*exclude, query}
        elif isinstance(query, (list, tuple)) and all(isinstance(w, str) for w in query):
            raise ValueError(
                "query must be one word or one vector; for several words, average their vectors: "
                "vectors.most_similar(np.mean([vectors[w] for w in words], axis=0), exclude=words)"
            )
        else:
            if hasattr(query, "detach"):  # a torch tensor, perhaps one that requires grad
                query = query.detach().cpu().numpy()
            try:
                v = np.asarray(query, dtype=np.float32)
            except (TypeError, ValueError):
                raise ValueError(
                    f"query must be a word (str) or a vector of {self.dim} numbers, got {query!r}"
                ) from None
            if v.shape != (self.dim,) or not np.isfinite(v).all():
                raise ValueError(f"a query vector must hold {self.dim} finite numbers, got shape {v.shape}")
            v = v / max(float(np.linalg.norm(v)), 1e-12)
        sims = self.unit @ v
        for w in exclude:
            if w in self.index:
                sims[self.index[w]] = -np.inf
        return _top(self.words, sims, topn)

    def analogy(self, a: str, b: str, c: str, topn: int = 1, method: str = "add") -> list[tuple[str, float]]:
        """``a : b :: c : ?`` (e.g. man : king :: woman : queen) by 3CosAdd or 3CosMul (eqs. 6.6-6.7)."""
        checks.integer(topn, "topn")
        scores = _analogy_scores(self.unit, np.array([[self._id(a), self._id(b), self._id(c)]]), method)[:, 0]
        for w in (a, b, c):
            scores[self.index[w]] = -np.inf
        return _top(self.words, scores, topn)


def _top(words: list[str], scores: np.ndarray, topn: int) -> list[tuple[str, float]]:
    """The ``topn`` best-scoring words, leaving out excluded ones (score -inf) even when few words remain."""
    order = [i for i in np.argsort(-scores, kind="stable")[:topn] if np.isfinite(scores[i])]
    return [(words[i], float(scores[i])) for i in order]


def _analogy_scores(unit: np.ndarray, abc: np.ndarray, method: str) -> np.ndarray:
    """Scores of every word as the answer to each question (rows of ids a, b, c)."""
    if method == "add":  # 3CosAdd: cos(x, b - a + c), the same ranking as cos(x,b) - cos(x,a) + cos(x,c)
        return unit @ (unit[abc[:, 1]] - unit[abc[:, 0]] + unit[abc[:, 2]]).T
    if method == "mul":  # 3CosMul, with cosines shifted to [0, 1] as Levy & Goldberg do
        sim = [(unit @ unit[abc[:, k]].T + 1) / 2 for k in range(3)]
        return sim[1] * sim[2] / (sim[0] + 1e-3)
    raise ValueError(f"method must be 'add' (3CosAdd) or 'mul' (3CosMul), got {method!r}")


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation: Pearson's r of the ranks, ties given their average rank."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if len(x) != len(y) or len(x) < 2:
        raise ValueError(f"need two equally long samples of at least 2 values, got {len(x)} and {len(y)}")
    rx, ry = _ranks(x), _ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    denom = np.sqrt((rx**2).sum() * (ry**2).sum())
    return float((rx * ry).sum() / denom) if denom > 0 else float("nan")


def _ranks(a: np.ndarray) -> np.ndarray:
    order = np.argsort(a, kind="stable")
    ranks = np.empty(len(a))
    ranks[order] = np.arange(1, len(a) + 1)
    _, inverse = np.unique(a, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks)
    counts = np.bincount(inverse)
    return (sums / counts)[inverse]


_NO_ITEMS = "this result carries no per-item data (it was built by hand); score the vectors with evaluate_*"


@dataclass
class SimilarityResult:
    """Spearman's ρ over the pairs both of whose words are known; ``items`` are those pairs' positions in the
    evaluation set, ``model_scores`` their cosines and ``human_scores`` their ratings (for the intervals)."""

    spearman: float
    pairs_used: int
    pairs_total: int
    items: np.ndarray | None = field(default=None, repr=False, compare=False)
    model_scores: np.ndarray | None = field(default=None, repr=False, compare=False)
    human_scores: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def coverage(self) -> float:
        return self.pairs_used / self.pairs_total if self.pairs_total else 0.0

    def interval(self, n_resamples: int = 1000, level: float = 0.95, seed: int = 0) -> stats.Interval:
        """The percentile-bootstrap interval of ρ, resampling the pairs used (:func:`stats.bootstrap_interval`)."""
        if self.model_scores is None or self.human_scores is None:
            raise ValueError(_NO_ITEMS)
        return stats.bootstrap_interval(
            (self.model_scores, self.human_scores), "spearman", n_resamples=n_resamples, level=level, seed=seed
        )

    def _paired(self) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        if self.items is None or self.model_scores is None or self.human_scores is None:
            raise ValueError(_NO_ITEMS)
        return self.items, (self.model_scores, self.human_scores)


def evaluate_similarity(wv: WordVectors, pairs: Sequence[tuple[str, str, float]]) -> SimilarityResult:
    """Spearman's ρ between cosine similarity and the human score, over the pairs both of whose words are known."""
    pairs = _check_rows(pairs, 3, "pairs", "(word, word, score)")
    used = [k for k, (a, b, _) in enumerate(pairs) if a in wv and b in wv]
    known = [pairs[k] for k in used]
    model = [float(wv.unit[wv.index[a]] @ wv.unit[wv.index[b]]) for a, b, _ in known]
    human = [s for _, _, s in known]
    arrays = np.array(used, dtype=np.int64), np.array(model, dtype=np.float64), np.array(human, dtype=np.float64)
    if len(known) < 2:
        return SimilarityResult(float("nan"), len(known), len(pairs), *arrays)
    return SimilarityResult(spearman(model, human), len(known), len(pairs), *arrays)


def _check_rows(rows: Sequence, width: int, name: str, form: str) -> list:
    """``rows`` as a list of tuples of ``width`` items, the first ones words, or a ``ValueError`` naming the form."""
    if isinstance(rows, str):
        raise ValueError(f"{name} is one string; pass a list of tuples {form}")
    out = list(rows)
    words = 2 if width == 3 else 4
    for i, row in enumerate(out):
        if isinstance(row, str) or len(row) != width or not all(isinstance(w, str) for w in row[:words]):
            raise ValueError(f"item {i} of {name} is {row!r}; each must be a tuple {form}")
    return out


@dataclass
class AnalogyResult:
    accuracy: float
    correct: int
    questions_used: int
    questions_total: int
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (correct, used)
    items: np.ndarray | None = field(default=None, repr=False, compare=False)  # positions of the questions used
    hits: np.ndarray | None = field(default=None, repr=False, compare=False)  # True where answered right

    @property
    def coverage(self) -> float:
        return self.questions_used / self.questions_total if self.questions_total else 0.0

    def interval(self, n_resamples: int = 1000, level: float = 0.95, seed: int = 0) -> stats.Interval:
        """The percentile-bootstrap interval of the accuracy, resampling the questions used."""
        if self.hits is None:
            raise ValueError(_NO_ITEMS)
        if not len(self.hits):
            raise ValueError("no question is covered by these vectors: an accuracy over no items has no interval")
        return stats.bootstrap_interval(self.hits, "mean", n_resamples=n_resamples, level=level, seed=seed)

    def _paired(self) -> tuple[np.ndarray, np.ndarray]:
        if self.items is None or self.hits is None:
            raise ValueError(_NO_ITEMS)
        return self.items, self.hits


def evaluate_analogies(
    wv: WordVectors,
    questions: Sequence[tuple[str, str, str, str, str]],
    method: str = "add",
    batch_size: int = 1024,
) -> AnalogyResult:
    """Accuracy on analogy questions ``(a, b, c, d, section)``: is ``d`` the best answer to ``a : b :: c : ?``.

    Questions with a word outside the vocabulary are skipped (the coverage says how many); the
    question words a, b, c are never answers. Vectorised in batches of questions.
    """
    questions = _check_rows(questions, 5, "questions", "(a, b, c, d, section)")
    used = [k for k, q in enumerate(questions) if all(w in wv for w in q[:4])]
    known = [questions[k] for k in used]
    sections: dict[str, list[int]] = {}
    hits: list[np.ndarray] = []
    correct = 0
    for start in range(0, len(known), batch_size):
        chunk = known[start : start + batch_size]
        ids = np.array([[wv.index[w] for w in q[:4]] for q in chunk])
        scores = _analogy_scores(wv.unit, ids[:, :3], method).T  # (questions, |V|)
        rows = np.arange(len(chunk))[:, None]
        scores[rows, ids[:, :3]] = -np.inf
        hit = scores.argmax(axis=1) == ids[:, 3]
        hits.append(hit)
        correct += int(hit.sum())
        for q, h in zip(chunk, hit, strict=True):
            s = sections.setdefault(q[4], [0, 0])
            s[0] += int(h)
            s[1] += 1
    accuracy = correct / len(known) if known else float("nan")
    return AnalogyResult(
        accuracy,
        correct,
        len(known),
        len(questions),
        {k: (v[0], v[1]) for k, v in sections.items()},
        np.array(used, dtype=np.int64),
        np.concatenate(hits) if hits else np.zeros(0, dtype=bool),
    )


def paired_difference(
    a: SimilarityResult | AnalogyResult,
    b: SimilarityResult | AnalogyResult,
    n_resamples: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> stats.Interval:
    """Score ``a`` minus score ``b`` (two systems on the same evaluation set) with its paired-bootstrap interval.

    Only the items both systems cover count (``n_items`` says how many), so with different vocabularies
    the estimate is the difference on the shared items, not of the two headline scores. ``excludes_zero``
    says whether the difference is real at ``level`` (:func:`stats.paired_bootstrap_difference`).
    """
    kinds = {type(a), type(b)}
    if len(kinds) != 1 or not kinds <= {SimilarityResult, AnalogyResult}:
        raise ValueError(
            f"compare two SimilarityResults or two AnalogyResults (one set, two systems), got "
            f"{type(a).__name__} and {type(b).__name__}"
        )
    total_a, total_b = (
        (a.pairs_total, b.pairs_total) if isinstance(a, SimilarityResult) else (a.questions_total, b.questions_total)
    )
    if total_a != total_b:
        raise ValueError(f"the two results come from different evaluation sets ({total_a} vs {total_b} items)")
    (items_a, data_a), (items_b, data_b) = a._paired(), b._paired()
    shared, in_a, in_b = np.intersect1d(items_a, items_b, assume_unique=True, return_indices=True)
    if isinstance(a, SimilarityResult):
        if len(shared) < 2:
            raise ValueError(f"the two systems share {len(shared)} covered pairs; a correlation needs at least 2")
        return stats.paired_bootstrap_difference(
            (data_a[0][in_a], data_a[1][in_a]),
            (data_b[0][in_b], data_b[1][in_b]),
            "spearman",
            n_resamples=n_resamples,
            level=level,
            seed=seed,
        )
    if not len(shared):
        raise ValueError("the two systems share no covered question: there is nothing to compare")
    return stats.paired_bootstrap_difference(
        data_a[in_a], data_b[in_b], "mean", n_resamples=n_resamples, level=level, seed=seed
    )


@dataclass(frozen=True)
class WordVectorScores:
    """The shared evaluation of one set of word vectors (notebooks 06-09): WordSim-353 and SimLex-999
    similarity (Spearman's ρ) and Google analogies (3CosAdd accuracy), from :func:`score_word_vectors`."""

    wordsim353: SimilarityResult
    simlex999: SimilarityResult
    analogies: AnalogyResult

    def cells(self, intervals: bool = False, digits: int = 3, **bootstrap) -> list[str]:
        """The three scores as table cells: WS-353 ρ, SimLex ρ and analogy accuracy, three decimals each.

        With ``intervals``, each cell is ``"0.098 [0.012, 0.180]"``: the score and its 95% bootstrap interval
        over the items (``bootstrap`` passes ``n_resamples``, ``level``, ``seed`` to the intervals).
        """
        results = (self.wordsim353, self.simlex999, self.analogies)
        if not intervals:
            return [f"{r.spearman if isinstance(r, SimilarityResult) else r.accuracy:.{digits}f}" for r in results]
        return [stats.format_interval(r.interval(**bootstrap), digits=digits) for r in results]


def evaluation_table(scores: dict[str, WordVectorScores], intervals: bool = False, digits: int = 3, **bootstrap) -> str:
    """A plain-text table of :func:`score_word_vectors` results by name (notebooks 06-08).

    ``intervals=True`` adds each score's 95% percentile-bootstrap interval over its items and a line with
    the numbers of items each column was scored on (``bootstrap``: ``n_resamples``, ``level``, ``seed``).
    """
    if not scores:
        raise ValueError("no scores to tabulate: pass {name: score_word_vectors(vectors, sets)}")
    for name, s in scores.items():
        if not isinstance(s, WordVectorScores):
            raise ValueError(f"scores[{name!r}] must be a WordVectorScores (score_word_vectors' result)")
    rows = {name: s.cells(intervals, digits, **bootstrap) for name, s in scores.items()}
    width = max(len(c) for cells in rows.values() for c in cells)
    width = max(width, 10)
    from .i18n import tr
    from .notebook import ljust, rjust, text_width

    model = tr("model")
    name_width = max(text_width(n) for n in [model, *rows])
    head = ["WS-353 ρ", "SimLex ρ", tr("analogies")]
    lines = [ljust(model, name_width) + "  " + "  ".join(rjust(h, width) for h in head)]
    lines += [
        ljust(name, name_width) + "  " + "  ".join(f"{c:>{width}s}" for c in cells) for name, cells in rows.items()
    ]
    if intervals:
        level = bootstrap.get("level", 0.95)
        used = {
            name: (s.wordsim353.pairs_used, s.simlex999.pairs_used, s.analogies.questions_used)
            for name, s in scores.items()
        }
        counts = "; ".join(
            tr("{name}: {ws} / {sl} pairs, {an} questions", name=n, ws=u[0], sl=u[1], an=u[2]) for n, u in used.items()
        )
        if len(set(used.values())) == 1:
            u = next(iter(used.values()))
            counts = tr(
                "{ws} WS-353 pairs, {sl} SimLex pairs, {an} analogy questions (every model)", ws=u[0], sl=u[1], an=u[2]
            )
        lines.append(
            "["
            + tr(
                "{level} percentile-bootstrap intervals over the items scored: {counts}",
                level=f"{level:.0%}",
                counts=counts,
            )
            + "]"
        )
    return "\n".join(lines)


def evaluation_sets(download: bool = True) -> dict:
    """The evaluation sets of notebooks 06-09: ``wordsim353``, ``simlex999`` and ``analogies`` (fetched if needed)."""
    return {
        "wordsim353": load_similarity("wordsim353", download=download),
        "simlex999": load_similarity("simlex999", download=download),
        "analogies": load_analogies(download=download),
    }


def score_word_vectors(wv: WordVectors, sets: dict) -> WordVectorScores:
    """Score ``wv`` on the sets of :func:`evaluation_sets`: similarity by Spearman's ρ, analogies by 3CosAdd.

    The one evaluation that notebooks 06-09 and ``reproduce`` share, so that every model's numbers compare.
    """
    missing = [k for k in ("wordsim353", "simlex999", "analogies") if k not in sets]
    if missing:
        raise ValueError(f"the evaluation sets lack {', '.join(missing)}; pass embeddings.evaluation_sets()")
    return WordVectorScores(
        evaluate_similarity(wv, sets["wordsim353"]),
        evaluate_similarity(wv, sets["simlex999"]),
        evaluate_analogies(wv, sets["analogies"]),
    )


def load_similarity(name: str, *, download: bool = False) -> list[tuple[str, str, float]]:
    """Word pairs with human similarity scores: ``"wordsim353"`` or ``"simlex999"`` (lower-cased)."""
    from . import data

    files = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}
    if name not in files:
        raise ValueError(f"unknown similarity set {name!r}; choose one of {', '.join(files)}")
    pairs = []
    for line in data.read_text("word-eval", files[name], download=download).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, score = line.split("\t")[:3]
        pairs.append((a.lower(), b.lower(), float(score)))
    return pairs


def load_analogies(*, download: bool = False) -> list[tuple[str, str, str, str, str]]:
    """Mikolov's Google analogy questions as ``(a, b, c, d, section)``, lower-cased (19,544 questions)."""
    from . import data

    questions, section = [], ""
    for line in data.read_text("word-eval", "questions-words.txt", download=download).splitlines():
        if line.startswith(":"):
            section = line[1:].strip()
        elif line.strip():
            a, b, c, d = line.lower().split()
            questions.append((a, b, c, d, section))
    return questions


#: the Chinese skip-gram vectors that ``word-vectors-zh`` saves into ``data/`` and notebook 06 loads
ZH_VECTORS = "word2vec-pd.npz"

#: the Chinese evaluation sets (data set ``zh-word-eval``): file and kind of each
ZH_SETS = {
    "wordsim240": ("wordsim240.txt", "similarity"),
    "ca8_semantic": ("ca8_semantic.txt", "analogy"),
    "ca8_morphological": ("ca8_morphological.txt", "analogy"),
    "ca_translated": ("ca_translated.txt", "analogy"),
}


def load_zh_set(name: str, *, download: bool = False) -> list[tuple]:
    """A Chinese evaluation set (notebooks 06-08): ``"wordsim240"`` as ``(word, word, score)`` pairs, or the
    analogy sets ``"ca8_semantic"``, ``"ca8_morphological"``, ``"ca_translated"`` as ``(a, b, c, d, section)``.

    CA8's files end their lines with CRLF and have ``: section`` headers, like Mikolov's analogy file.
    """
    from . import data

    if name not in ZH_SETS:
        raise ValueError(f"unknown Chinese evaluation set {name!r}; choose one of {', '.join(ZH_SETS)}")
    filename, kind = ZH_SETS[name]
    rows: list[tuple] = []
    section = ""
    for k, line in enumerate(data.read_text("zh-word-eval", filename, download=download).splitlines(), 1):
        if not line.strip():
            continue
        if kind == "similarity":
            cells = line.split()
            if len(cells) != 3:
                raise ValueError(f"{filename} line {k}: expected 'word word score', got {line!r}")
            rows.append((cells[0], cells[1], float(cells[2])))
        elif line.startswith(":"):
            section = line[1:].strip()
        else:
            words = line.split()
            if len(words) != 4:
                raise ValueError(f"{filename} line {k}: expected four words a b c d, got {line!r}")
            rows.append((*words, section))
    return rows


def zh_evaluation_sets(download: bool = True) -> dict[str, list[tuple]]:
    """All four Chinese evaluation sets by name (see :func:`load_zh_set`), fetched if needed."""
    return {name: load_zh_set(name, download=download) for name in ZH_SETS}


def score_zh_word_vectors(wv: WordVectors, sets: dict[str, list[tuple]]) -> dict[str, SimilarityResult | AnalogyResult]:
    """Score ``wv`` on the Chinese sets of :func:`zh_evaluation_sets`: Spearman's ρ on wordsim-240, 3CosAdd
    accuracy on each analogy set; every result carries its coverage (pairs or questions used / total)."""
    missing = [k for k in ZH_SETS if k not in sets]
    if missing:
        raise ValueError(f"the evaluation sets lack {', '.join(missing)}; pass embeddings.zh_evaluation_sets()")
    return {
        name: evaluate_similarity(wv, sets[name]) if kind == "similarity" else evaluate_analogies(wv, sets[name])
        for name, (_, kind) in ZH_SETS.items()
    }


def project_2d(vectors: np.ndarray) -> np.ndarray:
    """A 2-D picture of vectors by PCA (the two directions of largest variance), for plotting."""
    x = np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2 or min(x.shape) < 2:
        raise ValueError(f"project_2d needs a matrix of at least 2 vectors of at least 2 numbers, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("project_2d got NaN or infinite values: check the vectors (a diverged training run?)")
    x = x - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    xy = x @ vt[:2].T
    return xy * np.sign(xy[np.abs(xy).argmax(axis=0), [0, 1]])  # fix the sign so plots do not flip between runs
