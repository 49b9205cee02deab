"""Text to tokens to ids: tokenisers, sentence checks and the :class:`Vocab` (taught in notebook 01).

Every model in the course reads sentences the same way: a sentence is a list of string tokens, a corpus
is a list of sentences. A model predicts every token of a sentence and then one end-of-sentence token
``</s>``; the start of a sentence is marked with ``<s>`` padding, which is never predicted; words outside
the vocabulary become ``<unk>``, an ordinary word. That is the convention of Mikolov's and KenLM's
perplexities, so our numbers are comparable with the published ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

UNK, BOS, EOS = "<unk>", "<s>", "</s>"
SPECIALS = (UNK, BOS, EOS)

# <unk>-style markers stay whole; hyphenated and apostrophe words stay whole; other punctuation splits.
_WORD_RE = re.compile(r"<[^\s<>]+>|\w+(?:[-']\w+)*|[^\w\s]")
_ZH_SENTENCE = re.compile(r".+?(?:[。！？!?]+[”’」』）)]*|$)")


def word_tokenize(text: str, lower: bool = False) -> list[str]:
    """Split English text into word tokens: words, numbers and single punctuation marks.

    ``"I am fine."`` -> ``["I", "am", "fine", "."]``; ``"<unk>"`` and ``"hot-pot"`` stay one token.
    Already-tokenised corpora such as Penn Treebank need only ``line.split()``.
    Used in notebook 01.
    """
    if not isinstance(text, str):
        raise ValueError(f"word_tokenize expects a str, got {type(text).__name__}")
    tokens = _WORD_RE.findall(text)
    return [t.lower() for t in tokens] if lower else tokens


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (Chinese character), False for punctuation, digits and letters."""
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def char_tokenize(text: str, keep_punct: bool = True) -> list[str]:
    """Split text into characters, dropping whitespace (and punctuation unless ``keep_punct``).

    This is the character-level view of Chinese text used for 《红楼梦》 in notebook 01:
    ``"我很好。"`` -> ``["我", "很", "好", "。"]``.
    """
    if not isinstance(text, str):
        raise ValueError(f"char_tokenize expects a str, got {type(text).__name__}")
    chars = [c for c in text if not c.isspace()]
    return chars if keep_punct else [c for c in chars if is_cjk(c)]


def split_sentences_zh(text: str) -> list[str]:
    """Split Chinese text into sentences after 。！？ (keeping a closing quote with its sentence).

    Lines are paragraphs; empty pieces are dropped. Used for 《红楼梦》 in notebook 01.
    """
    sentences = []
    for line in text.splitlines():
        for piece in _ZH_SENTENCE.findall(line):
            piece = piece.strip()
            if piece:
                sentences.append(piece)
    return sentences


def zh_char_sentences(text: str, keep_punct: bool = False) -> list[list[str]]:
    """Chinese text as sentences of characters: :func:`split_sentences_zh` then :func:`char_tokenize`.

    Punctuation is dropped by default, so a character model predicts characters only (notebook 01).
    """
    sentences = (char_tokenize(s, keep_punct) for s in split_sentences_zh(text))
    return [s for s in sentences if s]


def check_sentences(sentences: Iterable[Sequence[str]], what: str = "corpus") -> list[list[str]]:
    """Return ``sentences`` as a list of token lists, or raise a ``ValueError`` that says what to fix.

    Catches the usual slips: an empty corpus, a sentence given as one string (tokenise it first), a
    corpus given as one flat list of words, and tokens that are not strings.
    """
    if isinstance(sentences, str):
        raise ValueError(
            f"the {what} is one string; pass a list of sentences, each a list of tokens, "
            "e.g. [text.word_tokenize(line) for line in lines]"
        )
    out: list[list[str]] = []
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, str):
            raise ValueError(
                f"sentence {i} of the {what} is a string ({sentence[:30]!r}), not a list of tokens; "
                "split it first, e.g. sentence.split() or text.word_tokenize(sentence)"
            )
        tokens = list(sentence)
        if set(map(type, tokens)) <= {str} and BOS not in tokens and EOS not in tokens:
            out.append(tokens)  # the common case, checked at C speed; the loop below finds what is wrong
            continue
        for j, token in enumerate(tokens):
            if not isinstance(token, str):
                raise ValueError(
                    f"token {j} of sentence {i} of the {what} is {type(token).__name__} {token!r}, not str; "
                    "models read words, so decode ids with Vocab.decode first"
                )
            if token == BOS or token == EOS:
                raise ValueError(
                    f"sentence {i} of the {what} contains {token!r}; do not add boundary markers yourself, "
                    "the models add <s> padding and </s> to every sentence"
                )
        out.append(tokens)
    if not out:
        raise ValueError(f"the {what} is empty: give at least one sentence (a list of tokens)")
    return out


def indexed_corpus(
    sentences: Sequence[Sequence[str]], min_count: int = 1, max_vocab: int | None = None
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """A corpus as flat arrays, for the word-vector chapters (notebooks 06-08).

    Returns ``(words, counts, ids, sentence)``: the vocabulary (words seen at least ``min_count`` times,
    at most the ``max_vocab`` most frequent, by frequency with ties alphabetical), their counts, every
    token's id (-1 for a word left out, which keeps its place) and every token's sentence number.
    Built with ``np.fromiter``, not a Python list per sentence.
    """
    counts = Counter(w for s in sentences for w in s)
    words = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    words = words[:max_vocab] if max_vocab else words
    if not words:
        raise ValueError(f"no word occurs at least min_count={min_count} times; lower min_count")
    index = {w: i for i, w in enumerate(words)}
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    ids = np.fromiter((index.get(w, -1) for s in sentences for w in s), dtype=np.int64, count=int(lengths.sum()))
    sentence = np.repeat(np.arange(len(sentences)), lengths)
    return words, np.array([counts[w] for w in words], dtype=np.int64), ids, sentence


class Vocab:
    """A vocabulary: ids for ``<unk>``, ``<s>``, ``</s>`` (0, 1, 2) and then words by frequency.

    Build it from training sentences with :meth:`build`; words seen fewer than ``min_count`` times, or
    beyond the ``max_size`` most frequent, map to ``<unk>``. Ties in frequency are broken
    alphabetically, so the same corpus always gives the same ids. Used by every model (notebook 01 on).
    """

    def __init__(self, words: Iterable[str], counts: dict[str, int] | None = None):
        self.itos: list[str] = list(SPECIALS)
        for w in words:
            if not isinstance(w, str):
                raise ValueError(f"vocabulary entries must be str, got {type(w).__name__} {w!r}")
            if w not in SPECIALS:
                self.itos.append(w)
        self.stoi: dict[str, int] = {w: i for i, w in enumerate(self.itos)}
        if len(self.stoi) != len(self.itos):
            dup = next(w for w, c in Counter(self.itos).items() if c > 1)
            raise ValueError(f"vocabulary lists {dup!r} twice")
        self.counts: dict[str, int] = dict(counts or {})

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], min_count: int = 1, max_size: int | None = None) -> Vocab:
        """Vocabulary of the words in ``sentences`` (the training set), most frequent first.

        ``max_size`` caps the number of words besides the three special tokens.
        """
        if min_count < 1:
            raise ValueError(f"min_count must be >= 1, got {min_count}")
        if max_size is not None and max_size < 0:
            raise ValueError(f"max_size must be >= 0 or None, got {max_size}")
        counts = Counter(t for s in check_sentences(sentences, "training corpus") for t in s)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        words = [w for w, c in ranked if c >= min_count and w not in SPECIALS]
        if max_size is not None:
            words = words[:max_size]
        return cls(words, counts)

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: object) -> bool:
        return token in self.stoi

    def __iter__(self) -> Iterator[str]:
        return iter(self.itos)

    def __repr__(self) -> str:
        return f"Vocab({len(self)} tokens: {', '.join(self.itos[:6])}, ...)"

    @property
    def unk_id(self) -> int:
        return 0

    @property
    def bos_id(self) -> int:
        return 1

    @property
    def eos_id(self) -> int:
        return 2

    def index(self, token: str) -> int:
        """Id of ``token``; unknown words get the id of ``<unk>``."""
        if not isinstance(token, str):
            raise ValueError(f"tokens are str, got {type(token).__name__} {token!r}")
        return self.stoi.get(token, 0)

    __getitem__ = index

    def token(self, i: int) -> str:
        """The token with id ``i``."""
        if not 0 <= int(i) < len(self.itos):
            raise ValueError(f"id {i} is outside this vocabulary of {len(self)} tokens")
        return self.itos[int(i)]

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Ids of ``tokens`` (unknown words -> ``<unk>``)."""
        if isinstance(tokens, str):
            raise ValueError("encode expects a list of tokens, not one string; split it first")
        return [self.index(t) for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens of ``ids``."""
        return [self.token(i) for i in ids]

    def encode_sentences(self, sentences: Iterable[Sequence[str]]) -> list[np.ndarray]:
        """Each checked sentence as an int64 array of ids (no boundary markers added)."""
        return [np.array(self.encode(s), dtype=np.int64) for s in check_sentences(sentences)]
