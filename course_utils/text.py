"""Text to tokens to ids: tokenisers, sentence checks and the :class:`Vocab` (taught in notebook 01).

Every model in the course reads sentences the same way: a sentence is a list of string tokens, a corpus
is a list of sentences. A model predicts every token of a sentence and then one end-of-sentence token
``</s>``; the start of a sentence is marked with ``<s>`` padding, which is never predicted; words outside
the vocabulary become ``<unk>``, an ordinary word. That is the convention of Mikolov's and KenLM's
perplexities, so our numbers are comparable with the published ones.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from . import checks

UNK, BOS, EOS = "<unk>", "<s>", "</s>"
SPECIALS = (UNK, BOS, EOS)

# combining marks left after NFC (no precomposed form) belong to the letter before them
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# <unk>-style markers stay whole; hyphenated and apostrophe words (don't, don’t) stay whole; other punctuation splits.
_WORD_RE = re.compile(rf"<[^\s<>]+>|\w[\w{_MARKS}]*(?:[-'’][\w{_MARKS}]+)*|[^\w\s]")
_ZH_SENTENCE = re.compile(r".+?(?:[。！？!?]+[”’」』）)]*|$)")


def normalize(text: str) -> str:
    """Unicode NFC without invisible format characters: the form every tokeniser reads.

    ``"e" + U+0301`` (e and a combining acute accent) and ``"é"`` become the same letter, and CJK compatibility
    ideographs become the unified ones, so the same word is always the same token. Format characters (category
    Cf: a byte-order mark, zero-width spaces and joiners, soft hyphens) are invisible and would split or glue
    tokens, so they are dropped. Never NFKC: that would also fold full-width forms (，。１９９８ＡＢ) into ASCII,
    but full-width punctuation and digits are the standard in Chinese text and in the gold-segmented corpora
    (People's Daily), so they are kept as written; curly quotes stay curly too.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected text (a str), got {type(text).__name__}; decode bytes with .decode('utf-8')")
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    invisible = {ord(c): None for c in set(text) if unicodedata.category(c) == "Cf"}
    return text.translate(invisible) if invisible else text


def _has_marks(text: str) -> bool:
    """Whether ``text`` holds a combining mark (category M*); looks at each distinct character once."""
    return not text.isascii() and any(unicodedata.category(c)[0] == "M" for c in set(text))


def word_tokenize(text: str, lower: bool = False) -> list[str]:
    """Split English text into word tokens: words, numbers and single punctuation marks.

    ``"I am fine."`` -> ``["I", "am", "fine", "."]``; ``"<unk>"`` and ``"hot-pot"`` stay one token. The text is
    first put in NFC (:func:`normalize`), and a combining mark stays with its letter. Already-tokenised
    corpora such as Penn Treebank need only ``line.split()``. Used in notebook 01.
    """
    if not isinstance(text, str):
        raise ValueError(f"word_tokenize expects a str, got {type(text).__name__}")
    text = normalize(text)
    if not _has_marks(text):  # the common case, no marks to attach: one regex pass
        tokens = _WORD_RE.findall(text)
        return [t.lower() for t in tokens] if lower else tokens
    tokens = []
    end = -1
    for match in _WORD_RE.finditer(text):
        token = match.group()
        # a combining mark of any script (a Devanagari virama, ...) belongs to the token it follows
        if tokens and match.start() == end and unicodedata.category(token[0]).startswith("M"):
            tokens[-1] += token
        elif (
            tokens
            and match.start() == end
            and unicodedata.category(tokens[-1][-1]).startswith("M")
            and token[0].isalnum()
        ):
            tokens[-1] += token
        else:
            tokens.append(token)
        end = match.end()
    return [t.lower() for t in tokens] if lower else tokens


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (Chinese character), False for punctuation, digits and letters."""
    return bool(ch) and _ideograph(ch[0])


@functools.cache  # a text has a few thousand distinct characters: look each up in the Unicode database once
def _ideograph(c: str) -> bool:
    return unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH")


def char_tokenize(text: str, keep_punct: bool = True) -> list[str]:
    """Split text into characters, dropping whitespace (and punctuation unless ``keep_punct``).

    This is the character-level view of Chinese text used for 《红楼梦》 in notebook 01:
    ``"我很好。"`` -> ``["我", "很", "好", "。"]``. The text is first put in NFC (:func:`normalize`); a
    combining mark left after that stays with the character before it; full-width forms are kept.
    """
    if not isinstance(text, str):
        raise ValueError(f"char_tokenize expects a str, got {type(text).__name__}")
    text = normalize(text)
    return _chars(text, keep_punct, _has_marks(text))


def _chars(text: str, keep_punct: bool, marks: bool) -> list[str]:
    """:func:`char_tokenize` of normalised text; ``marks``: whether it may hold combining marks."""
    if not marks:  # the common case, at C speed
        chars = [c for c in text if not c.isspace()]
    else:
        chars = []
        for c in text:
            if c.isspace():
                continue
            if chars and unicodedata.category(c)[0] == "M":
                chars[-1] += c
            else:
                chars.append(c)
    return chars if keep_punct else [c for c in chars if _ideograph(c[0])]


def split_sentences_zh(text: str) -> list[str]:
    """Split Chinese text into sentences after 。！？ (keeping a closing quote with its sentence).

    Lines are paragraphs; empty pieces are dropped. Used for 《红楼梦》 in notebook 01.
    """
    if not isinstance(text, str):
        raise ValueError(f"split_sentences_zh expects the text as one str, got {type(text).__name__}")
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
    text = normalize(text) if isinstance(text, str) else text  # once for the whole text, not per sentence
    marks = isinstance(text, str) and _has_marks(text)
    sentences = (_chars(s, keep_punct, marks) for s in split_sentences_zh(text))
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
    if isinstance(sentences, Mapping):
        keys = ", ".join(map(repr, list(sentences)[:3]))
        raise ValueError(f"the {what} is a dict (keys {keys}); pass one list of sentences, e.g. ptb['train']")
    if isinstance(sentences, bytes) or not isinstance(sentences, Iterable):
        raise ValueError(
            f"the {what} must be a list of sentences (each a list of str tokens), got {type(sentences).__name__}"
        )
    out: list[list[str]] = []
    for i, sentence in enumerate(sentences):
        if isinstance(sentence, bytes) or not isinstance(sentence, Iterable):
            raise ValueError(
                f"sentence {i} of the {what} is {type(sentence).__name__} {sentence!r:.40}, not a list of tokens"
            )
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


def check_words(words: Iterable[str], what: str = "word list", *, empty: bool = True) -> list[str]:
    """Return ``words`` as a list of str, or raise a ``ValueError`` in :func:`check_sentences`' words.

    For one sentence, a context or a list of query words: catches a string given instead of a list (which
    would otherwise be read as its characters), items that are not strings, and (unless ``empty``) an
    empty list. Used at every public entry point that takes words.
    """
    if isinstance(words, str):
        raise ValueError(
            f"the {what} must be a list of words, not one string ({words[:30]!r}); split it first, e.g. "
            f"{words.split()[:3]!r} (str.split() or text.word_tokenize)"
        )
    if isinstance(words, bytes) or not isinstance(words, Iterable):
        raise ValueError(f"the {what} must be a list of words (str), got {type(words).__name__} {words!r}")
    out = list(words)
    for j, word in enumerate(out):
        if not isinstance(word, str):
            raise ValueError(
                f"word {j} of the {what} is {type(word).__name__} {word!r}, not str; "
                "models read words, so decode ids with Vocab.decode first"
            )
    if not empty and not out:
        raise ValueError(f"the {what} is empty: give at least one word")
    return out


def check_word(word: object, what: str = "word") -> str:
    """Return ``word`` if it is one non-empty str, else a ``ValueError`` that says what was given instead."""
    if isinstance(word, str) and word:
        return word
    if isinstance(word, str):
        raise ValueError(f"the {what} is the empty string; give a word")
    hint = "; give one word, not a list" if isinstance(word, (list, tuple)) else ""
    raise ValueError(f"the {what} must be a str, got {type(word).__name__} {word!r}{hint}")


def indexed_corpus(
    sentences: Sequence[Sequence[str]], min_count: int = 1, max_vocab: int | None = None, *, checked: bool = False
) -> tuple[Vocab, np.ndarray, np.ndarray]:
    """A corpus as flat arrays, for the word-vector chapters (notebooks 06-08).

    Returns ``(vocab, ids, sentence)``: ``vocab`` is ``Vocab.build(sentences, min_count, max_vocab,
    specials=False)`` — the words seen at least ``min_count`` times, at most the ``max_vocab`` most frequent,
    by frequency with ties alphabetical, and no special tokens, so word i is row i of an embedding table and
    ``"<unk>"`` is an ordinary word with its own count and rank; ``vocab.count_array()`` gives their counts.
    ``ids`` is every token's id (-1 for a word left out, which keeps its place) and ``sentence`` every token's
    sentence number. Built with ``np.fromiter``, not a Python list per sentence. ``checked=True``: the caller
    already ran :func:`check_sentences` on ``sentences`` (a list of token lists), so it is not run again.
    """
    if not checked:
        sentences = check_sentences(sentences, "corpus")
    vocab = Vocab.build(sentences, min_count, max_vocab, specials=False, checked=True)
    if not len(vocab):
        raise ValueError(f"no word occurs at least min_count={min_count} times; lower min_count")
    index = vocab.stoi
    lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    ids = np.fromiter((index.get(w, -1) for s in sentences for w in s), dtype=np.int64, count=int(lengths.sum()))
    sentence = np.repeat(np.arange(len(sentences)), lengths)
    return vocab, ids, sentence


class Vocab:
    """A vocabulary: ids for ``<unk>``, ``<s>``, ``</s>`` (0, 1, 2) and then words by frequency (notebook 01).

    Build it from training sentences with :meth:`build`; words seen fewer than ``min_count`` times, or
    beyond the ``max_vocab`` most frequent, map to ``<unk>``. Ties in frequency are broken
    alphabetically, so the same corpus always gives the same ids. Used by every model (notebook 01 on).

    The language models (notebooks 01-05, 09) predict ``</s>`` and read ``<s>`` padding, so their vocabulary
    starts with :data:`SPECIALS`, and a ``"<unk>"`` in the corpus is that special token. The word-vector
    models (notebooks 06-08) embed words only: they use ``specials=False`` (see :func:`indexed_corpus`), where
    the ids are the words' ranks from 0, ``"<unk>"`` is an ordinary word ranked by its own count, and a word
    outside the vocabulary has no id (:meth:`index` gives -1). The ordering rule is the same in both.
    """

    def __init__(self, words: Iterable[str], counts: dict[str, int] | None = None, *, specials: bool = True):
        self.specials = specials
        self.itos: list[str] = list(SPECIALS) if specials else []
        for w in words:
            if not isinstance(w, str):
                raise ValueError(f"vocabulary entries must be str, got {type(w).__name__} {w!r}")
            if not (specials and w in SPECIALS):
                self.itos.append(w)
        self.stoi: dict[str, int] = {w: i for i, w in enumerate(self.itos)}
        if len(self.stoi) != len(self.itos):
            dup = next(w for w, c in Counter(self.itos).items() if c > 1)
            raise ValueError(f"vocabulary lists {dup!r} twice")
        self.counts: dict[str, int] = dict(counts or {})

    @classmethod
    def build(
        cls,
        sentences: Iterable[Sequence[str]],
        min_count: int = 1,
        max_vocab: int | None = None,
        *,
        specials: bool = True,
        checked: bool = False,
    ) -> Vocab:
        """Vocabulary of the words in ``sentences`` (the training set), most frequent first, ties alphabetical.

        ``max_vocab`` caps the number of words besides the special tokens. ``specials=False`` leaves the special
        tokens out (the word-vector models; see the class docstring). ``checked=True`` says that the caller
        already ran :func:`check_sentences` on ``sentences`` (a list of token lists), so it is not run again.
        """
        min_count = checks.integer(min_count, "min_count")
        max_vocab = checks.integer(max_vocab, "max_vocab", minimum=0, optional=True)
        if not checked:
            sentences = check_sentences(sentences, "training corpus")
        counts = Counter(t for s in sentences for t in s)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        words = [w for w, c in ranked if c >= min_count and not (specials and w in SPECIALS)]
        if max_vocab is not None:
            words = words[:max_vocab]
        return cls(words, counts, specials=specials)

    def count_array(self) -> np.ndarray:
        """The corpus count of every token, in id order, as int64 (0 for a token the corpus lacks)."""
        return np.array([self.counts.get(w, 0) for w in self.itos], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: object) -> bool:
        return token in self.stoi

    def __iter__(self) -> Iterator[str]:
        return iter(self.itos)

    def __repr__(self) -> str:
        return f"Vocab({len(self)} tokens: {', '.join(self.itos[:6])}, ...)"

    def _special_id(self, token: str) -> int:
        if not self.specials:
            raise ValueError(
                f"this vocabulary has no {token} (built with specials=False, for word vectors); "
                "build it with Vocab.build(sentences) for a language model"
            )
        return SPECIALS.index(token)

    @property
    def unk_id(self) -> int:
        return self._special_id(UNK)

    @property
    def bos_id(self) -> int:
        return self._special_id(BOS)

    @property
    def eos_id(self) -> int:
        return self._special_id(EOS)

    def index(self, token: str) -> int:
        """Id of ``token``; unknown words get the id of ``<unk>`` (-1 in a vocabulary without specials)."""
        if not isinstance(token, str):
            raise ValueError(f"tokens are str, got {type(token).__name__} {token!r}")
        return self.stoi.get(token, 0 if self.specials else -1)

    __getitem__ = index

    def token(self, i: int) -> str:
        """The token with id ``i``."""
        if not 0 <= int(i) < len(self.itos):
            raise ValueError(f"id {i} is outside this vocabulary of {len(self)} tokens")
        return self.itos[int(i)]

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Ids of ``tokens`` (unknown words -> ``<unk>``, or -1 without specials)."""
        if isinstance(tokens, str):
            raise ValueError("encode expects a list of tokens, not one string; split it first")
        return [self.index(t) for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens of ``ids``."""
        if isinstance(ids, (str, bytes)):
            raise ValueError(f"decode takes a list of ids (int), not a string ({ids!r})")
        return [self.token(i) for i in ids]

    def encode_sentences(self, sentences: Iterable[Sequence[str]], *, checked: bool = False) -> list[np.ndarray]:
        """Each sentence as an int64 array of ids (no boundary markers added).

        The sentences are checked with :func:`check_sentences` unless ``checked=True`` (the caller already did).
        """
        if not checked:
            sentences = check_sentences(sentences)
        return [np.array(self.encode(s), dtype=np.int64) for s in sentences]
