from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils import text
from course_utils.text import Vocab


def test_word_tokenize_splits_punctuation_keeps_markers():
    assert text.word_tokenize("I am fine.") == ["I", "am", "fine", "."]
    assert text.word_tokenize("I love hot-pot, don't you?") == ["I", "love", "hot-pot", ",", "don't", "you", "?"]
    assert text.word_tokenize("the <unk> rose N %", lower=True) == ["the", "<unk>", "rose", "n", "%"]


def test_char_tokenize_chinese():
    assert text.char_tokenize("我很 好。") == ["我", "很", "好", "。"]
    assert text.char_tokenize("我很好。“对”", keep_punct=False) == ["我", "很", "好", "对"]


def test_split_sentences_zh_keeps_closing_quote():
    got = text.split_sentences_zh("宝玉笑道：“好妹妹。”黛玉不答。\n第二段！")
    assert got == ["宝玉笑道：“好妹妹。”", "黛玉不答。", "第二段！"]


@pytest.mark.parametrize(
    "bad, fragment",
    [
        ([], "empty"),
        ("I am fine", "one string"),
        (["I am fine"], "is a string"),
        ([["I", 3]], "not str"),
        ([["<s>", "I"]], "boundary markers"),
    ],
)
def test_check_sentences_errors_say_what_to_do(bad, fragment):
    with pytest.raises(ValueError, match=fragment):
        text.check_sentences(bad)


def test_vocab_ids_specials_first_then_frequency_then_alphabet():
    v = Vocab.build([["b", "a", "c", "a"], ["c", "d"]])
    assert v.itos == ["<unk>", "<s>", "</s>", "a", "c", "b", "d"]
    assert (v.unk_id, v.bos_id, v.eos_id) == (0, 1, 2)
    assert v.encode(["a", "zzz"]) == [3, 0]
    assert v.decode([4, 2]) == ["c", "</s>"]
    assert "a" in v and "zzz" not in v and len(v) == 7


def test_vocab_min_count_and_max_vocab():
    sents = [["a"] * 3 + ["b"] * 2 + ["c"]]
    assert Vocab.build(sents, min_count=2).itos[3:] == ["a", "b"]
    assert Vocab.build(sents, max_vocab=1).itos[3:] == ["a"]
    with pytest.raises(ValueError, match="min_count"):
        Vocab.build(sents, min_count=0)


def test_vocab_keeps_unk_from_corpus_as_the_special():
    v = Vocab.build([["<unk>", "x", "<unk>"]])
    assert v.itos == ["<unk>", "<s>", "</s>", "x"]


def test_vocab_bad_input():
    v = Vocab(["a"])
    with pytest.raises(ValueError, match="outside"):
        v.token(99)
    with pytest.raises(ValueError, match="not one string"):
        v.encode("a b")
    with pytest.raises(ValueError, match="str"):
        v.index(5)
    with pytest.raises(ValueError, match="twice"):
        Vocab(["a", "a"])


@given(st.lists(st.lists(st.sampled_from(list("abcdefg")), max_size=8), min_size=1, max_size=10))
def test_encode_decode_roundtrip(sentences):
    v = Vocab.build(sentences)
    for s, ids in zip(sentences, v.encode_sentences(sentences), strict=True):
        assert ids.dtype == np.int64
        assert v.decode(ids) == s


def test_indexed_corpus_orders_by_frequency_and_keeps_places():
    vocab, ids, sentence = text.indexed_corpus([["b", "a", "c"], ["a", "b", "z"], ["a"]], min_count=2)
    assert vocab.itos == ["a", "b"] and vocab.count_array().tolist() == [3, 2]  # c and z fall below min_count
    assert ids.tolist() == [1, 0, -1, 0, 1, -1, 0] and sentence.tolist() == [0, 0, 0, 1, 1, 1, 2]
    assert text.indexed_corpus([["b", "a", "a"]], max_vocab=1)[0].itos == ["a"]
    assert isinstance(ids, np.ndarray)
    with pytest.raises(ValueError, match="min_count=5"):
        text.indexed_corpus([["a"]], min_count=5)
    with pytest.raises(ValueError, match="one string"):
        text.indexed_corpus("a b")


def _old_indexed_corpus(sentences, min_count=1, max_vocab=None):
    """indexed_corpus as it was before it was built on Vocab (its own word list), for the test below."""
    counts = Counter(w for s in sentences for w in s)
    words = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    words = words[:max_vocab] if max_vocab else words
    index = {w: i for i, w in enumerate(words)}
    ids = [index.get(w, -1) for s in sentences for w in s]
    return words, [counts[w] for w in words], ids


@given(
    st.lists(st.lists(st.sampled_from(["<unk>", "a", "b", "c", "d", "N"]), max_size=8), min_size=1, max_size=12),
    st.integers(1, 3),
    st.one_of(st.none(), st.integers(1, 5)),
)
def test_indexed_corpus_on_vocab_matches_the_old_word_list(sentences, min_count, max_vocab):
    try:
        old = _old_indexed_corpus(sentences, min_count, max_vocab)
    except ValueError:
        return
    if not old[0]:
        with pytest.raises(ValueError, match="min_count"):
            text.indexed_corpus(sentences, min_count, max_vocab)
        return
    vocab, ids, _ = text.indexed_corpus(sentences, min_count, max_vocab)
    assert (vocab.itos, vocab.count_array().tolist(), ids.tolist()) == old


def test_word_vector_vocab_keeps_unk_as_a_word_with_its_rank_and_ties_alphabetical():
    corpus = [["the", "<unk>", "b", "a"], ["<unk>", "the", "<unk>"]]
    vocab, ids, _ = text.indexed_corpus(corpus)
    assert vocab.itos == ["<unk>", "the", "a", "b"] and vocab.count_array().tolist() == [3, 2, 1, 1]
    assert ids.tolist() == [1, 0, 3, 2, 0, 1, 0] and not vocab.specials
    assert vocab.index("zzz") == -1 and vocab.encode(["a", "zzz"]) == [2, -1]
    with pytest.raises(ValueError, match="specials=False"):
        _ = vocab.unk_id
    lm = Vocab.build(corpus)  # the language models' vocabulary: the same ranking after the specials
    assert lm.itos == ["<unk>", "<s>", "</s>", "the", "a", "b"] and lm.index("zzz") == lm.unk_id == 0


def test_checked_skips_the_sentence_check_only():
    sentences = [["a", "b"], ["b"]]
    assert Vocab.build(sentences, checked=True).itos == Vocab.build(sentences).itos
    # trusted input is not checked again: a string sentence is counted letter by letter instead of refused
    assert "x" in Vocab.build([["a"], "xy"], checked=True)
    with pytest.raises(ValueError, match="is a string"):
        Vocab.build([["a"], "xy"])
    v = Vocab.build(sentences)
    assert [a.tolist() for a in v.encode_sentences(sentences, checked=True)] == [[4, 3], [3]]
