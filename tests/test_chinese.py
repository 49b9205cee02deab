"""Reading People's Daily: tokens, sentences, documents, the split, and per-character costs."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils import chinese, data, embeddings
from course_utils.text import Vocab

LINES = [
    "迈向/v  充满/v  希望/n  的/u  新/a  世纪/n  ——/w  一九九八年/t  新年/t  讲话/n",  # a headline
    "１２月/t  ３１日/t  ，/w  国家/n  主席/n  江/nr  泽民/nr  发表/v  讲话/n  。/w  “/w  好/a  ！/w  ”/w  他/r  说/v",
    "（/w  新华社/nt  记者/n  兰/nr  红光/nr  摄/Vg  ）/w",  # a caption: ends with a bracket
    "北京/ns  举行/v  新年/t  音乐会/n",  # the next headline
    "音乐会/n  在/p  北京/ns  举行/v  。/w",
]


def test_tokens_split_on_the_last_slash_and_keep_full_width_forms():
    tokens = chinese.parse_line("１２月/t  ，/w  江/nr  泽民/nr")
    assert tokens == [("１２月", "t"), ("，", "w"), ("江", "nr"), ("泽民", "nr")]
    assert chinese.parse_line("1/2/m") == [("1/2", "m")]  # a word holding a slash keeps it
    assert chinese.parse_line("   ") == []


@pytest.mark.parametrize("line", ["中国", "中国/", "/ns", "中国/ns  人民"])
def test_an_untagged_token_is_refused_with_the_line_number(line):
    with pytest.raises(ValueError, match=r"line 7: .* is not a tagged token; .*word/TAG"):
        chinese.parse_line(line, 7)


def test_sentences_end_after_final_marks_and_keep_their_closing_quote():
    sentences = chinese.split_sentences(chinese.parse_line(LINES[1]))
    words = [[w for w, _ in s] for s in sentences]
    assert words == [
        ["１２月", "３１日", "，", "国家", "主席", "江", "泽民", "发表", "讲话", "。"],
        ["“", "好", "！", "”"],
        ["他", "说"],  # the line ends in the middle of a sentence: what is left is a sentence too
    ]
    # a closing bracket inside a sentence does not end it
    inner = chinese.parse_line("《/w  人民日报/nt  》/w  报道/v  。/w")
    assert len(chinese.split_sentences(inner)) == 1


def test_documents_start_at_a_headline_after_a_finished_paragraph():
    paragraphs = chinese.read_tagged("\n".join(LINES) + "\n\n")
    assert len(paragraphs) == 5  # empty lines are not paragraphs
    # line 2 ends mid-sentence, so line 3 (a caption, ending with a bracket) starts no document; line 4 does
    assert chinese.document_starts(paragraphs) == [0, 3]


def test_split_is_contiguous_and_refuses_points_that_do_not_fit():
    paragraphs = chinese.read_tagged("\n".join(LINES))
    parts = chinese.split(paragraphs, (2, 4))
    assert [len(parts[k]) for k in chinese.SPLITS] == [4, 2, 1]
    with pytest.raises(ValueError, match="do not fit"):
        chinese.split(paragraphs, (4, 2))


def test_characters_spell_out_the_words_and_count_one_end_per_sentence():
    sentences = [["中国", "人民"], ["好"]]
    assert chinese.characters(sentences) == [["中", "国", "人", "民"], ["好"]]
    assert chinese.char_count(sentences) == 4 + 1 + 1 + 1


@given(st.lists(st.text(alphabet="中国人民的了好", min_size=1, max_size=4), min_size=1, max_size=30))
def test_char_speller_is_a_distribution_over_characters_and_the_end(words):
    speller = chinese.CharSpeller().fit(words)
    seen = sorted(speller.counts_)
    p_end = math.exp(speller.logprob(""))
    # p("c") = p(c) p(end): summing p(c) over the seen characters and one unseen one gives 1 - p(end)
    total = sum(math.exp(speller.logprob(c)) / p_end for c in [*seen, "龘"])
    assert total + p_end == pytest.approx(1.0)


def test_char_speller_needs_words_and_fitting():
    with pytest.raises(ValueError, match="not fitted"):
        chinese.CharSpeller().logprob("中")
    with pytest.raises(ValueError, match="no words"):
        chinese.CharSpeller().fit([])


def test_bits_per_character_charges_unknown_words_their_spelling():
    sentences = [["中国", "人民"], ["龘龘"]]
    vocab = Vocab(["中国", "人民"])
    speller = chinese.CharSpeller().fit(["中国", "人民", "中国"])
    log_prob = -10.0  # 8 characters with the two sentence ends
    bits = chinese.bits_per_character(log_prob, sentences, vocab, speller)
    expected = -(log_prob + speller.logprob("龘龘")) / math.log(2) / 8
    assert bits == pytest.approx(expected)
    assert chinese.bits_per_character(log_prob, sentences) == pytest.approx(10 / math.log(2) / 8)
    with pytest.raises(ValueError, match="CharSpeller"):
        chinese.bits_per_character(log_prob, sentences, vocab)
    with pytest.raises(ValueError, match="pass the raw words"):  # <unk> would hide the word to be spelled
        chinese.bits_per_character(log_prob, [["中国", "<unk>"]], vocab, speller)


@pytest.mark.data
def test_peoples_daily_counts_split_and_vocabulary(real_data):
    real_data("peoples-daily-1998")
    paragraphs = chinese.read_tagged(data.read_text("peoples-daily-1998", "199801.txt"))
    assert len(paragraphs) == 19_484
    assert sum(map(len, paragraphs)) == 1_121_447
    assert len({w for p in paragraphs for w, _ in p}) == 55_310
    assert chinese.split_points(paragraphs) == chinese.SPLIT_LINES  # the written-down split is the rule's
    parts = chinese.load_peoples_daily()
    assert [len(parts[k]) for k in chinese.SPLITS] == [36_191, 4_358, 4_192]
    assert sum(len(s) for v in parts.values() for s in v) == 1_121_447  # every token in exactly one split
    assert len(chinese.word_vocab(parts["train"])) == 10_000 + 2  # 9,999 words, <unk>, <s>, </s>
    tagged = chinese.load_peoples_daily("valid", tags=True)
    assert [w for w, _ in tagged[0]] == parts["valid"][0]
    with pytest.raises(ValueError, match="split must be one of"):
        chinese.load_peoples_daily("dev")


@pytest.mark.data
def test_chinese_evaluation_sets(real_data):
    real_data("zh-word-eval")
    sets = embeddings.zh_evaluation_sets(download=False)
    assert {k: len(v) for k, v in sets.items()} == {
        "wordsim240": 240,
        "ca8_semantic": 7_636,
        "ca8_morphological": 10_177,
        "ca_translated": 953,
    }
    assert sets["ca8_morphological"][0] == ("避", "避一避", "补", "补一补", "A")  # CRLF line ends are gone
    assert {q[4] for q in sets["ca8_semantic"]} == {"geography", "history", "nature", "people"}
    with pytest.raises(ValueError, match="unknown Chinese evaluation set"):
        embeddings.load_zh_set("ca9")


def test_every_pku_tag_of_the_corpus_has_a_universal_tag_and_an_unknown_one_is_refused():
    assert chinese.universal_tag("nr") == "PROPN" and chinese.universal_tag("q") == "NOUN"
    assert chinese.universal_tag("f") == "ADP" and chinese.universal_tag("w") == "PUNCT"
    with pytest.raises(ValueError, match="unknown PKU tag 'zz'"):
        chinese.universal_tag("zz")
    words, tags = chinese.probe_sentences([[("我", "r"), ("，", "w"), ("来", "v")], [("。", "w")]])
    assert words == [["我", "来"]] and tags == [["PRON", "VERB"]]  # punctuation and empty sentences dropped


def test_sense_occurrences_read_the_sense_from_the_gold_tag():
    tagged = [[("认真", "ad"), ("地", "u"), ("学习", "v")], [("在", "p"), ("地", "n"), ("上", "f")]] * 3
    found = chinese.sense_occurrences(tagged, "地", {"particle": ["u"], "noun": ["n"]}, per_sense=2)
    assert [(pos, sense) for _, pos, sense in found] == [(1, "particle"), (1, "noun"), (1, "particle"), (1, "noun")]
    assert found[0][0] == ["认真", "地", "学习"]


@pytest.mark.data
def test_the_corpus_uses_only_mapped_tags(real_data):
    real_data("peoples-daily-1998")
    paragraphs = chinese.read_tagged(data.read_text("peoples-daily-1998", "199801.txt"))
    assert {t for p in paragraphs for _, t in p} <= set(chinese.PKU_TO_UPOS)
