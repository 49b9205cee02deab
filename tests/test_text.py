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


def test_vocab_min_count_and_max_size():
    sents = [["a"] * 3 + ["b"] * 2 + ["c"]]
    assert Vocab.build(sents, min_count=2).itos[3:] == ["a", "b"]
    assert Vocab.build(sents, max_size=1).itos[3:] == ["a"]
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

    words, counts, ids, sentence = text.indexed_corpus([["b", "a", "c"], ["a", "b", "z"], ["a"]], min_count=2)
    assert words == ["a", "b"] and counts.tolist() == [3, 2]  # c and z fall below min_count
    assert ids.tolist() == [1, 0, -1, 0, 1, -1, 0] and sentence.tolist() == [0, 0, 0, 1, 1, 1, 2]
    assert text.indexed_corpus([["b", "a", "a"]], max_vocab=1)[0] == ["a"]
    assert isinstance(ids, np.ndarray)
    with pytest.raises(ValueError, match="min_count=5"):
        text.indexed_corpus([["a"]], min_count=5)
