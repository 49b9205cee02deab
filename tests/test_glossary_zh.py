"""The glossary's Chinese explanations (``Term.meaning_zh``) and the Chinese edition's glossary and course map.

``COURSE_LANG=zh`` (:func:`course_utils.i18n.language`) makes :func:`syllabus.glossary_markdown` and
:func:`syllabus.course_map_markdown` Chinese; without it (or with ``en``) they are the English notebooks' tables,
which must not change (the English notebooks store them as outputs).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from course_utils import syllabus

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"`[^`]*`")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
LINK = re.compile(r"\]\(([^)]*)\)")
LINK_TEXT = re.compile(r"\[[^]]*\]")
# ASCII punctuation touching a Chinese character, outside code spans: Chinese text takes full-width ，；：？！
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff]\s*[,;:?!]|[,;:?!]\s*[\u4e00-\u9fff]")


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh")


@pytest.mark.parametrize("term", syllabus.GLOSSARY, ids=lambda t: t.en)
def test_every_term_has_a_chinese_explanation_with_the_same_formulas(term):
    assert CJK.search(term.meaning_zh), f"{term.en}: meaning_zh has no Chinese"
    assert CODE.findall(term.meaning_zh) == CODE.findall(term.meaning), f"{term.en}: code spans differ"
    missing = set(NUMBER.findall(term.meaning)) - set(NUMBER.findall(term.meaning_zh))
    assert not missing, f"{term.en}: numbers {missing} of the English meaning are missing"
    prose = CODE.sub("", term.meaning_zh)
    assert not HALF_WIDTH.search(prose), f"{term.en}: half-width punctuation in Chinese text: {term.meaning_zh}"
    assert term.meaning_zh != term.meaning and term.meaning_zh.strip() == term.meaning_zh


def test_meaning_zh_is_the_last_field():
    fields = list(syllabus.Term.__dataclass_fields__)
    assert fields == ["zh", "en", "meaning", "notebook", "meaning_zh"]


def test_chinese_explanations_use_the_glossary_names_of_other_terms():
    """Where an English meaning names another glossary term, the Chinese one uses that term's Chinese name."""
    meanings = {t.en: t.meaning_zh for t in syllabus.GLOSSARY}
    for en, names in {
        "early stopping": ("验证集", "困惑度"),
        "hyper-parameter": ("学习率", "训练轮次"),
        "backpropagation": ("链式法则", "损失函数"),
        "computation graph": ("自动微分",),
        "truncated BPTT": ("反向传播",),
        "LSTM": ("门控", "循环神经网络"),
        "pre-training": ("语言模型",),
        "fine-tuning": ("预训练",),
        "feature-based transfer": ("预训练", "下游任务"),
        "in-context learning": ("提示",),
        "instruction tuning": ("微调",),
        "biLM": ("词元", "语言模型"),
        "PPMI": ("点互信息",),
        "latent semantic analysis (LSA)": ("截断奇异值分解", "词向量"),
        "held-out data": ("超参数",),
    }.items():
        for name in names:
            assert name in meanings[en], (en, name)


def test_chinese_glossary_table(chinese):
    table = syllabus.glossary_markdown()
    lines = table.split("\n")
    assert lines[:2] == ["| 术语 | English | 释义 | 笔记本 |", "|---|---|---|---|"]
    assert len(lines) == len(syllabus.GLOSSARY) + 2
    for line, term in zip(lines[2:], syllabus.GLOSSARY, strict=True):
        cells = (term.zh, syllabus._cell(term.en), syllabus._cell(term.meaning_zh), term.notebook)
        assert line == "| " + " | ".join(cells) + " |"
    assert r"p(w_i \| w_1" in table  # a bare | would split the table cell
    assert "meaning" not in lines[0] and "notebook" not in lines[0]
    one = syllabus.glossary_markdown("01")
    assert "| 困惑度 | perplexity | 每个词元平均负对数概率的指数；越低越好 | 01 |" in one and "平滑" not in one


def test_english_glossary_table_is_unchanged(english):
    table = syllabus.glossary_markdown()
    lines = table.split("\n")
    assert lines[:2] == ["| 中文 | English | meaning | notebook |", "|---|---|---|---|"]
    for line, term in zip(lines[2:], syllabus.GLOSSARY, strict=True):
        assert line == f"| {term.zh} | {syllabus._cell(term.en)} | {syllabus._cell(term.meaning)} | {term.notebook} |"
    assert not any(CJK.search(CODE.sub("", t.meaning)) for t in syllabus.GLOSSARY)  # nothing Chinese leaked in


def test_the_language_defaults_to_english(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")
    glossary, course_map = syllabus.glossary_markdown(), syllabus.course_map_markdown()
    monkeypatch.delenv("COURSE_LANG")
    assert (syllabus.glossary_markdown(), syllabus.course_map_markdown()) == (glossary, course_map)


def test_chinese_course_map_keeps_every_number_and_link(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")
    en = syllabus.course_map_markdown()
    monkeypatch.setenv("COURSE_LANG", "zh")
    zh = syllabus.course_map_markdown()
    assert zh.split("\n")[0] == "| # | 笔记本 | 读书笔记 | 《大语言模型》 | 论文 | 英文（PTB） | 中文（人民日报） |"
    assert zh.count("\n") == en.count("\n") == len(syllabus.COURSE_MAP) + 3
    # every headline number, year and section number (a link's text is the title, which the zh edition shortens)
    assert Counter(NUMBER.findall(LINK_TEXT.sub("", zh))) == Counter(NUMBER.findall(LINK_TEXT.sub("", en)))
    assert LINK.findall(zh) == LINK.findall(en) == [c.file for c in syllabus.COURSE_MAP if c.status == "ready"]
    for row, c in zip(zh.split("\n")[2:], syllabus.COURSE_MAP, strict=False):
        assert row.split(" | ")[1] == f"[{c.title_zh}]({c.file})"  # the link text is the Chinese title only
    for english_word in ("notebook", "reading notes", "papers", "test ppl", "not measured", "lower is better"):
        assert english_word not in zh
    legend = zh.split("\n")[-1]
    assert CJK.search(legend) and legend.endswith("。") and "越低越好" in legend and "越高越好" in legend


def test_english_course_map_is_unchanged(english):
    table = syllabus.course_map_markdown()
    lines = table.split("\n")
    header = "| # | notebook | 读书笔记 reading notes | 《大语言模型》 | papers | English (PTB) | 中文 (人民日报) |"
    assert lines[0] == header
    assert "[统计语言模型 · Statistical language models](01_statistical_lm.ipynb)" in table
    assert "| KN5 test ppl, PTB " in table and "人民日报 words " in table and "; 字 characters " in table
    assert lines[-1].startswith("The numbers are test perplexity (lower is better)")


def test_chinese_course_map_with_a_planned_chapter_and_a_missing_record(monkeypatch, chinese):
    from course_utils import results

    planned = syllabus.Chapter("11", "11_x.ipynb", "将来", "Later", "", "", "", "planned")
    monkeypatch.setattr(syllabus, "COURSE_MAP", (*syllabus.COURSE_MAP, planned))
    table = syllabus.course_map_markdown()
    assert table.split("\n")[0].endswith(" 状态 |") and "| 11 | 将来 |" in table and "计划中 |" in table
    assert "Later" not in table and table.endswith("正在编写。")
    monkeypatch.setattr(results, "load", lambda name, folder=None: (_ for _ in ()).throw(FileNotFoundError(name)))
    assert syllabus.headline("02", "zh", display="zh") == "词级困惑度：尚未测量；字级困惑度：尚未测量"
    assert "not measured yet" in syllabus.headline("02", "zh")  # the English wording stays the default


def test_every_headline_label_has_chinese_wording_that_keeps_its_numbers():
    for chapter, languages in syllabus.HEADLINES.items():
        for entries in languages.values():
            for label, *_ in entries:
                assert label in syllabus.HEADLINE_LABELS_ZH, (chapter, label)
                zh = syllabus.HEADLINE_LABELS_ZH[label]
                assert set(NUMBER.findall(label)) <= set(NUMBER.findall(zh)), (label, zh)
