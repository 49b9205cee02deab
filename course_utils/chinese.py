"""The Chinese corpus of the course: People's Daily, January 1998 (人民日报 1998年1月), read once, split once.

The corpus is PKU's gold word segmentation with part-of-speech tags, one paragraph per line, tokens
``词/词性`` separated by spaces::

    １２月/t  ３１日/t  ，/w  中共中央/nt  总书记/n  、/w  国家/n  主席/n  江/nr  泽民/nr  发表/v ...

Because the words are given, a Chinese *word* language model needs no segmenter, and the same text read
as characters gives a character model of exactly the same text: notebook 01 compares the two. The
conventions below are written down here once and used by every notebook and experiment:

- **Tokens.** A token's tag follows its *last* slash (``词/词性`` → ``("词", "词性")``). Words are kept as
  written: full-width digits, letters and punctuation (``１２月``, ``，``) are the standard of Chinese text
  and are never folded to ASCII. Personal names are two words, surname and given name (``江/nr 泽民/nr``),
  as PKU segments them. Punctuation is a word (tag ``w``), as in PTB.
- **Sentences.** A paragraph is cut after every sentence-final mark (。！？ or an ellipsis ……) together
  with the closing quotes and brackets that follow it (”’」』）》). What is left at the end of a line is a
  sentence too: a headline, a byline, a caption, or one of the paragraphs that this copy breaks in the
  middle of a sentence (the line is the only paragraph mark the file has).
- **Documents.** This copy has no document ids. An article starts with a headline, which ends without
  a sentence-final mark, so a *document* starts at a line that ends without one after a line that ends
  with one (a line ending with a closing bracket ends a caption or a dateline: it counts as ending). The
  rule is a heuristic (3,000-odd documents for a month of about 3,300 articles); it is used only to put the
  split boundaries between articles.
- **Split.** Contiguous blocks of the month, in order, never shuffled: the documents that start before
  80 % of the lines are train (1 to 28 January, roughly), those before 90 % valid, the rest test. A model
  is thus tested on later news than it was trained on, as it would be used. :data:`SPLIT_LINES`.
- **Vocabulary.** As Mikolov's PTB: the 9,999 most frequent training words and ``<unk>`` (10,000 types;
  ties alphabetical, as :meth:`~course_utils.text.Vocab.build` orders them), one ``</s>`` predicted per
  sentence. Characters: every character of the training words; a character never seen in training is
  ``<unk>``.
- **Per character.** A word model and a character model of the same text are compared by the cost of the
  whole text divided by its characters (:func:`bits_per_character`); a word model pays for each ``<unk>``
  by spelling the word with a character unigram model (:class:`CharSpeller`), so that an unknown word is
  not one cheap token. The speller is deliberately simple (fitted on every training word, one character at
  a time), so a word model's figure is an upper bound: a better model of unknown words would lower it.
  (A character model still scores a character never seen in training as one ``<unk>``, which is rare
  in this corpus but not impossible.)

Taught in notebook 01 (what a word is), used in notebooks 02, 03, 05-09 and their experiments.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from .text import EOS, UNK, Vocab, check_sentences

#: marks that end a sentence, and the closing marks that stay with the sentence they close
SENTENCE_END = frozenset({"。", "！", "？", "……", "!", "?"})
CLOSING = frozenset({"”", "’", "」", "』", "）", ")", "》"})
#: words (besides ``<unk>``) in the word vocabulary: 10,000 types with ``<unk>``, as in PTB
WORD_VOCAB = 9_999
#: line numbers (0-based, over the non-empty lines) where valid and test begin; the result of
#: :func:`split_points` on the registered file, kept here so that a change of rule is noticed by a test
SPLIT_LINES = (15_590, 17_548)
SPLITS = ("train", "valid", "test")

Tagged = list[tuple[str, str]]


def parse_line(line: str, lineno: int | None = None) -> Tagged:
    """One line of the corpus as ``[(word, tag), ...]``: each token split on its last slash."""
    if not isinstance(line, str):
        raise ValueError(f"parse_line expects one line of text (a str), got {type(line).__name__}")
    out = []
    for token in line.split():
        word, slash, tag = token.rpartition("/")
        if not slash or not word or not tag:
            where = f"line {lineno}: " if lineno is not None else ""
            raise ValueError(
                f"{where}{token!r} is not a tagged token; People's Daily tokens are word/TAG, e.g. 中国/ns "
                "(is this the segmented corpus 199801.txt?)"
            )
        out.append((word, tag))
    return out


def read_tagged(text: str) -> list[Tagged]:
    """The corpus text as paragraphs (its non-empty lines) of ``(word, tag)`` pairs."""
    if not isinstance(text, str):
        raise ValueError(f"read_tagged expects the corpus as one str, got {type(text).__name__}")
    return [parse_line(line, i) for i, line in enumerate(text.splitlines(), 1) if line.strip()]


def _ends_sentence(words: Sequence[str], bracket: bool = False) -> bool:
    """Whether ``words`` end with a sentence-final mark (and closing marks); with ``bracket``, a final closing
    bracket counts as an end too (a caption or dateline, for :func:`document_starts`)."""
    i = len(words)
    while i and words[i - 1] in CLOSING:
        i -= 1
    return i > 0 and (words[i - 1] in SENTENCE_END or (bracket and i < len(words) and words[-1] in ("）", ")")))


def split_sentences(paragraph: Sequence[tuple[str, str]]) -> list[Tagged]:
    """A paragraph cut into sentences after 。！？…… and the closing marks that follow (module docstring)."""
    sentences, current = [], []
    for k, (word, tag) in enumerate(paragraph):
        current.append((word, tag))
        following = paragraph[k + 1][0] if k + 1 < len(paragraph) else None
        if following in CLOSING:
            continue  # the closing mark belongs to this sentence
        if word in SENTENCE_END or (word in CLOSING and _ends_sentence([w for w, _ in current])):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


def document_starts(paragraphs: Sequence[Tagged]) -> list[int]:
    """Indices of the paragraphs that start a document (the headline rule of the module docstring)."""
    ends = [_ends_sentence([w for w, _ in p], bracket=True) for p in paragraphs]
    return [i for i in range(len(paragraphs)) if i == 0 or (ends[i - 1] and not ends[i])]


def split_points(paragraphs: Sequence[Tagged], fractions: tuple[float, float] = (0.8, 0.9)) -> tuple[int, int]:
    """Where valid and test begin: the first document start at or after each fraction of the paragraphs."""
    starts = document_starts(paragraphs)
    n = len(paragraphs)
    points = []
    for f in fractions:
        cut = math.ceil(f * n)
        points.append(next((s for s in starts if s >= cut), n))
    return points[0], points[1]


def split(paragraphs: Sequence[Tagged], points: tuple[int, int] = SPLIT_LINES) -> dict[str, list[Tagged]]:
    """``{"train", "valid", "test"}`` sentences of ``(word, tag)``, from contiguous blocks of paragraphs."""
    a, b = points
    if not 0 < a < b < len(paragraphs):
        raise ValueError(f"split points {points} do not fit {len(paragraphs):,} paragraphs (need 0 < valid < test < n)")
    blocks = {"train": paragraphs[:a], "valid": paragraphs[a:b], "test": paragraphs[b:]}
    return {k: [s for p in v for s in split_sentences(p)] for k, v in blocks.items()}


#: PKU's tags mapped to the 17 universal POS tags (UPOS) of Universal Dependencies, so that the Chinese POS probe
#: of notebook 09 has the same task as the English one. Each tag goes to the part of speech it names; where UD's
#: Chinese treebanks decide a case (classifiers 量词 are NOUN with a feature there, localisers 方位词 are ADP,
#: time and place words are NOUN), we follow them. The one-letter morpheme tags (Ng, Vg, Ag, ...) go with
#: their part of speech; idioms (i, l) are X, their inner structure being a phrase's.
PKU_TO_UPOS = {
    "n": "NOUN", "nr": "PROPN", "ns": "PROPN", "nt": "PROPN", "nz": "PROPN", "nx": "X", "na": "NOUN",
    "t": "NOUN", "s": "NOUN", "f": "ADP", "j": "PROPN", "Ng": "NOUN", "Tg": "NOUN",
    "v": "VERB", "vn": "VERB", "vd": "VERB", "vvn": "VERB", "Vg": "VERB",
    "a": "ADJ", "an": "ADJ", "ad": "ADJ", "b": "ADJ", "z": "ADJ", "Ag": "ADJ", "Bg": "ADJ",
    "d": "ADV", "Dg": "ADV", "m": "NUM", "Mg": "NUM", "q": "NOUN", "r": "PRON", "Rg": "PRON",
    "p": "ADP", "c": "CCONJ", "u": "PART", "y": "PART", "Yg": "PART", "k": "PART", "h": "PART",
    "e": "INTJ", "o": "INTJ", "i": "X", "l": "X", "w": "PUNCT",
}  # fmt: skip


def universal_tag(pku: str) -> str:
    """The UPOS tag of a PKU tag (:data:`PKU_TO_UPOS`); an unknown tag is a ``ValueError`` naming the known ones."""
    if pku not in PKU_TO_UPOS:
        raise ValueError(f"unknown PKU tag {pku!r}; the corpus uses: {', '.join(sorted(PKU_TO_UPOS))}")
    return PKU_TO_UPOS[pku]


def probe_sentences(
    tagged: Sequence[Tagged], drop: Sequence[str] = ("PUNCT",)
) -> tuple[list[list[str]], list[list[str]]]:
    """Words and UPOS tags of tagged sentences for the POS probe (notebook 09), without the tokens whose UPOS
    tag is in ``drop`` (punctuation, as in the English probe); sentences left empty are skipped."""
    words, tags = [], []
    for sentence in tagged:
        kept = [(w, universal_tag(t)) for w, t in sentence if universal_tag(t) not in drop]
        if kept:
            words.append([w for w, _ in kept])
            tags.append([t for _, t in kept])
    return words, tags


def sense_occurrences(
    tagged: Sequence[Tagged], word: str, senses: dict[str, Sequence[str]], per_sense: int | None = None
) -> list[tuple[list[str], int, str]]:
    """Occurrences ``(sentence words, position, sense)`` of ``word``, its sense read from its gold PKU tag
    (``senses``: sense name → tags), the first ``per_sense`` of each: the Chinese twin of the *may* test
    (notebook 09), e.g. 地 as the particle (u, 认真地) or the noun (n, 土地 ... 在地上)."""
    by_tag = {t: name for name, tags in senses.items() for t in tags}
    found, kept = [], Counter()
    for sentence in tagged:
        for position, (w, t) in enumerate(sentence):
            if w == word and t in by_tag and (per_sense is None or kept[by_tag[t]] < per_sense):
                kept[by_tag[t]] += 1
                found.append(([x for x, _ in sentence], position, by_tag[t]))
    return found


def load_peoples_daily(
    split_name: str | None = None, *, tags: bool = False, download: bool = False
) -> dict[str, list] | list:
    """People's Daily 1998-01 as ``{"train", "valid", "test"}`` lists of sentences of words (notebook 01).

    With ``tags=True`` each word is a ``(word, PKU tag)`` pair (notebook 09's probes); pass
    ``split_name="valid"`` for one split only. The split and the sentences are the module docstring's.
    """
    from . import data

    if split_name is not None and split_name not in SPLITS:
        raise ValueError(f"People's Daily split must be one of {SPLITS}, got {split_name!r}")
    parts = split(read_tagged(data.read_text("peoples-daily-1998", "199801.txt", download=download)))
    if not tags:
        parts = {k: [[w for w, _ in s] for s in v] for k, v in parts.items()}
    return parts[split_name] if split_name is not None else parts


def characters(sentences: Iterable[Sequence[str]]) -> list[list[str]]:
    """The same sentences as characters: each word spelled out (``["中国", "人"]`` → ``["中", "国", "人"]``)."""
    return [[c for w in s for c in w] for s in check_sentences(sentences, "sentences")]


def word_vocab(train: Sequence[Sequence[str]]) -> Vocab:
    """The word vocabulary of the course's Chinese models: the :data:`WORD_VOCAB` most frequent training words."""
    return Vocab.build(train, max_vocab=WORD_VOCAB)


def char_count(sentences: Iterable[Sequence[str]]) -> int:
    """Characters in ``sentences`` plus one per sentence end: the symbols a character model predicts."""
    return sum(sum(len(w) for w in s) + 1 for s in sentences)


class CharSpeller:
    """A character unigram model with an end-of-word mark: p(w) = ∏ p(c_i) · p(end) (notebook 01).

    It gives a word outside a word model's vocabulary the probability of being spelled out, so a word model
    cannot count ``<unk>`` as one cheap token. Add-one smoothed over the training characters and one unknown.
    """

    def fit(self, words: Iterable[str]) -> CharSpeller:
        counts: Counter[str] = Counter()
        ends = 0
        for w in words:
            if not isinstance(w, str) or not w:
                raise ValueError(f"CharSpeller.fit expects non-empty words (str), got {w!r}")
            counts.update(w)
            ends += 1
        if not ends:
            raise ValueError("CharSpeller.fit got no words; pass the training words (each occurrence)")
        self.counts_ = counts
        self.total_ = sum(counts.values()) + ends + len(counts) + 2  # add-one over characters, the end, one unknown
        self.end_ = ends + 1
        return self

    def logprob(self, word: str) -> float:
        """Natural log of the probability of spelling ``word`` and ending it."""
        if not hasattr(self, "counts_"):
            raise ValueError("this CharSpeller is not fitted yet: call .fit(training_words) first")
        log_total = math.log(self.total_)
        return sum(math.log(self.counts_.get(c, 0) + 1) - log_total for c in word) + math.log(self.end_) - log_total


def bits_per_character(
    log_prob: float, sentences: Sequence[Sequence[str]], vocab: Vocab | None = None, speller: CharSpeller | None = None
) -> float:
    """Bits per character of a text whose predicted tokens had total natural-log probability ``log_prob``.

    For a word model pass its ``vocab`` and a fitted ``speller``: every word outside the vocabulary (scored
    as ``<unk>``) also pays the cost of spelling it. The denominator is :func:`char_count`, the same for a
    word and a character model of the same sentences, so the two numbers compare (notebook 01).
    """
    if any(w == UNK for s in sentences for w in s):
        raise ValueError(
            f"the sentences hold the token {UNK}: pass the raw words, since {UNK} hides the word whose spelling "
            "a word model must pay for"
        )
    total = log_prob
    if vocab is not None:
        if speller is None:
            raise ValueError("a word model's bits per character need a CharSpeller for its unknown words")
        total += sum(speller.logprob(w) for s in sentences for w in s if w not in vocab)
    return -total / math.log(2) / char_count(sentences)


def per_character_perplexity(bits: float) -> float:
    """2 ** bits: the perplexity per character that a bits-per-character figure stands for."""
    return 2.0**bits


__all__ = [
    "CLOSING",
    "EOS",
    "PKU_TO_UPOS",
    "SENTENCE_END",
    "SPLITS",
    "SPLIT_LINES",
    "WORD_VOCAB",
    "CharSpeller",
    "bits_per_character",
    "char_count",
    "characters",
    "document_starts",
    "load_peoples_daily",
    "parse_line",
    "per_character_perplexity",
    "probe_sentences",
    "read_tagged",
    "sense_occurrences",
    "split",
    "split_points",
    "split_sentences",
    "universal_tag",
    "word_vocab",
]
