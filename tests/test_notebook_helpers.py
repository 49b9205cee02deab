import random

import numpy as np
import pytest

from course_utils import notebook, plotting, syllabus, widgets
from course_utils.ngram import MLE
from course_utils.notebook import fmt, pct


@pytest.mark.parametrize(
    "x, digits, expected",
    [
        (0.123456, 4, "0.1235"),
        (-0.00001, 4, "0.0000"),
        (-0.0, 2, "0.00"),
        (float("inf"), 2, "inf"),
        (float("-inf"), 2, "-inf"),
        (float("nan"), 2, "nan"),
        (-1.5, 1, "-1.5"),
        (687.0263, 1, "687.0"),
    ],
)
def test_fmt_is_stable_text(x, digits, expected):
    assert fmt(x, digits) == expected


def test_pct():
    assert pct(0.20482) == "20.5%" and pct(0.0) == "0.0%"


def test_set_seed_seeds_python_numpy_and_torch():
    torch = pytest.importorskip("torch")
    notebook.set_seed(7)
    a = (random.random(), np.random.rand(), torch.rand(1).item())
    notebook.set_seed(7)
    assert (random.random(), np.random.rand(), torch.rand(1).item()) == a


def test_show_source_is_the_package_code():
    src = notebook.show_source(MLE)
    assert "class MLE(NGramLM):" in src.code and src.title == "course_utils.ngram.MLE"
    assert src._repr_markdown_().startswith("`course_utils.ngram.MLE`\n```python\nclass MLE")
    assert "def _prob_ids" in repr(src)


def test_environment_check_reports_ok_and_fix(capsys, monkeypatch):
    assert notebook.environment_check() is True
    out = capsys.readouterr().out
    assert "[OK  ] numpy" in out and "[OK  ] torch" in out and "FAIL" not in out

    real = notebook.importlib.metadata.version

    def fake_version(name):
        if name == "tqdm":
            raise notebook.importlib.metadata.PackageNotFoundError(name)
        return "0.1" if name == "numpy" else real(name)

    monkeypatch.setattr(notebook.importlib.metadata, "version", fake_version)
    assert notebook.environment_check() is False
    out = capsys.readouterr().out
    assert "[FAIL] tqdm         not installed" in out and "fix: python -m pip install -e ." in out
    assert "[FAIL] numpy        0.1" in out


def test_environment_checks_include_test_extras():
    names = {c.name for c in notebook.environment_checks(include_test=True)}
    assert {"pytest", "nbval", "hypothesis"} <= names


def test_zipf_fit_recovers_a_power_law():
    ranks = np.arange(1, 5001)
    slope, intercept = plotting.zipf_fit(1e6 * ranks**-1.0)
    assert slope == pytest.approx(-1.0) and intercept == pytest.approx(np.log(1e6))
    with pytest.raises(ValueError, match="ranks"):
        plotting.zipf_fit(np.ones(50))


def test_use_course_style_sets_png_and_no_warning(recwarn):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plotting.use_course_style()
    fig, ax = plt.subplots()
    ax.set_title("语言模型")
    fig.canvas.draw()
    plt.close(fig)
    assert not [w for w in recwarn if "Glyph" in str(w.message)]
    assert matplotlib.rcParams["figure.figsize"] == [6.4, 3.6]


TOY = [s.split() for s in ["the stock market fell", "the stock rose", "a market"]]


def test_next_word_table_shows_each_models_view():
    models = {"unigram": MLE(1).fit(TOY), "bigram": MLE(2).fit(TOY), "trigram": MLE(3).fit(TOY)}
    table = widgets.next_word_table(models, "the stock", top=2)
    lines = table.splitlines()
    assert lines[0] == "context: the stock"
    assert lines[2] == "bigram   p(w | stock):  market 0.500  rose 0.500"
    assert lines[3].startswith("trigram  p(w | the stock):")
    unseen = widgets.next_word_table(models, "zebra stock", top=2).splitlines()
    assert "p(w | <unk> stock):  context never seen" in unseen[3]
    start = widgets.next_word_table(models, "", top=1).splitlines()
    assert start[0] == "context: (start of a sentence)" and "p(w | <s> <s>):  the 0.667" in start[3]
    with pytest.raises(ValueError, match="top"):
        widgets.next_word_table(models, "the", top=0)


def test_next_word_explorer_prints_its_default_view_then_builds_a_widget(capsys):
    models = {"bigram": MLE(2).fit(TOY)}
    w = widgets.next_word_explorer(models, context="the")
    assert type(w).__name__ == "VBox"
    # the default view is ordinary output, once: what a page without a kernel shows
    assert capsys.readouterr().out.strip() == widgets.next_word_table(models, "the").strip()
    text = next(c for c in w.children[1].children if type(c).__name__ == "Text")
    text.value = "the cat"  # a control moves: the live view redraws (headless, its output reaches stdout)
    assert widgets.next_word_table(models, "the cat") in capsys.readouterr().out


def test_course_map_and_glossary_markdown(monkeypatch):
    table = syllabus.course_map_markdown()
    assert table.count("\n") == len(syllabus.COURSE_MAP) + 3  # header, rule, chapters, a blank line, the legend
    from course_utils import results

    zh = results.load("ngram-zh")
    words, chars = (
        zh.cell((f"People's Daily, {u}", "modified Kneser-Ney"), "n=5").split(" / ")[1] for u in ("words", "characters")
    )
    kn5 = results.load("ngram-ptb").cell("modified Kneser-Ney", "n=5").split(" / ")[1]
    assert f"| KN5 test ppl, PTB {kn5} | 人民日报 words {words}; 字 characters {chars} |" in table  # from the records
    assert "[统计语言模型 · Statistical language models](01_statistical_lm.ipynb)" in table
    assert "[ELMo：上下文词向量 · ELMo](09_elmo.ipynb)" in table
    planned = syllabus.Chapter("10", "10_x.ipynb", "将来", "Later", "", "", "")
    monkeypatch.setattr(syllabus, "COURSE_MAP", (*syllabus.COURSE_MAP, planned))
    assert "status |" not in table and "planned" not in table  # every chapter is ready: no status to show
    with_planned = syllabus.course_map_markdown()
    assert "| 10 | 将来 · Later |" in with_planned and with_planned.endswith("*planned* are being written.")
    monkeypatch.setitem(syllabus.HEADLINES, "04", {"en": [("x", "no-such-experiment", "r", "c", 0)]})
    with pytest.raises(ValueError, match="not an experiment"):  # a misspelt name is an error, not "not measured"
        syllabus.headline("04", "en")
    assert syllabus.headline("04", "zh") == "—"
    gloss = syllabus.glossary_markdown("01")
    assert "| 困惑度 | perplexity |" in gloss and "平滑" not in gloss
    assert r"p(w_i \| w_1" in syllabus.glossary_markdown()  # a bare | would split the table cell


# ---------------------------------------------------------------- explorers answer anything typed


#: what a reader may type in a text box: nothing, spaces, punctuation, a pasted page, CJK, numbers, markers
ODD_TYPING = [
    "",
    " ",
    "\t\n",
    ":::",
    "france : paris :: ",
    "a : b",
    "a:b:c:d",
    "!!!",
    "'",
    "x" * 5000,
    "word " * 2000,
    "北京 大学",
    "红楼梦",
    "1998",
    "3.14",
    "zebra",
    "<s>",
    "</s> <unk>",
    "cat dog",
    "cat : dog :: pet",
]


@pytest.fixture(scope="module")
def explorer_inputs():
    torch = pytest.importorskip("torch")
    from course_utils import elmo
    from course_utils.cooccurrence import Cooccurrence, CountVectors
    from course_utils.embeddings import WordVectors

    rng = np.random.default_rng(0)
    topics = [["cat", "dog", "pet", "fur"], ["stock", "bond", "bank", "loan"]]
    corpus = [list(rng.choice(topics[i % 2], size=8)) for i in range(200)]
    sets = {
        "wordsim353": [("cat", "dog", 9.0), ("cat", "bank", 1.0), ("stock", "bond", 8.0)],
        "simlex999": [("cat", "dog", 9.0), ("cat", "bank", 1.0)],
        "analogies": [("cat", "dog", "stock", "bond", "x")],
    }
    pool = [s.split() for s in ["the cat sat on the mat", "a dog saw a cat"]]
    words = sorted({w for s in pool for w in s})
    torch.manual_seed(0)
    encoder = {"char_dim": 4, "filters": ((1, 4), (2, 4), (3, 6)), "highway": 1}
    bilm = elmo.BiLM(words, elmo.CharVocab(words, max_len=8), dim=8, hidden=12, layers=2, encoder=encoder).eval()
    from course_utils.transformer import TransformerLM

    gpt = TransformerLM(dim=8, heads=2, layers=1, context=6, batch_size=2, epochs=1).fit(pool * 3)
    return {
        "transformer": gpt,
        "ngrams": {"unigram": MLE(1).fit(TOY), "trigram": MLE(3).fit(TOY)},
        "vectors": {"ours": WordVectors(["cat", "dog", "pet", "fur"], rng.normal(size=(4, 3)))},
        "counts": Cooccurrence(3, distance_weighting=True).fit(corpus),
        "count_vectors": CountVectors(2, dim=3, min_count=1, method="full").fit(corpus),
        "sets": sets,
        "elmo": (bilm, pool, torch.cat(bilm.represent(pool), 1)),
    }


#: every text box of every explorer, as a call of its text function with what was typed
TEXT_BOXES = {
    "next_word_table context": lambda e, q: widgets.next_word_table(e["ngrams"], q, 3),
    "neighbour_table query": lambda e, q: widgets.neighbour_table(e["vectors"], q, 3),
    "count_vectors_report query": lambda e, q: widgets.count_vectors_report(e["count_vectors"], q, e["sets"], 2),
    "ratio_table i": lambda e, q: widgets.ratio_table(e["counts"], q, "dog", "pet fur"),
    "ratio_table j": lambda e, q: widgets.ratio_table(e["counts"], "cat", q, "pet fur"),
    "ratio_table probes": lambda e, q: widgets.ratio_table(e["counts"], "cat", "dog", q),
    "context_neighbour_table sentence": lambda e, q: widgets.context_neighbour_table(*e["elmo"], q, "cat", 2),
    "context_neighbour_table word": lambda e, q: widgets.context_neighbour_table(*e["elmo"], "a cat sat", q, 2),
    "context_neighbour_table both": lambda e, q: widgets.context_neighbour_table(*e["elmo"], q, q, 2),
    "attention_table sentence": lambda e, q: widgets.attention_table(e["transformer"], q),
}


@pytest.mark.parametrize("typed", ODD_TYPING, ids=lambda q: repr(q[:12]))
@pytest.mark.parametrize("box", TEXT_BOXES)
def test_every_explorer_answers_anything_typed_with_a_line_not_an_exception(explorer_inputs, box, typed):
    text = TEXT_BOXES[box](explorer_inputs, typed)
    assert isinstance(text, str) and text.strip()
    assert max(map(len, text.splitlines())) <= 400  # a pasted page is echoed cut short, not in full
    assert "Traceback" not in text and "TypeError" not in text


def test_explorers_answer_malformed_queries_with_their_usage_line(explorer_inputs):
    vectors, counts = explorer_inputs["vectors"], explorer_inputs["counts"]
    for query in ("", " ", ":::", "france : paris :: ", "a : b", "a:b:c:d"):
        assert widgets.neighbour_table(vectors, query) == widgets.NEIGHBOUR_USAGE
    assert widgets.neighbour_table(vectors, "cat dog").startswith("'cat dog' is several words")
    assert "'zebra' is not in the vocabulary" in widgets.neighbour_table(vectors, "zebra")
    line = widgets.neighbour_table(vectors, " cat ")  # spaces around a word are not part of it
    assert line.startswith("ours ") and all(w in line for w in ("dog", "pet", "fur"))
    assert widgets.ratio_table(counts, "cat", "dog", "").startswith("type some probe words k")
    assert widgets.ratio_table(counts, "cat", "dog", "   ").startswith("type some probe words k")
    assert widgets.ratio_table(counts, " ", "dog", "pet").startswith("type two words i and j")
    assert "'zebra'" in widgets.ratio_table(counts, "cat", "dog", "pet zebra")
    report = explorer_inputs["count_vectors"]
    assert "type a word" in widgets.count_vectors_report(report, "  ", explorer_inputs["sets"], 2)
    bilm, pool, pool_vectors = explorer_inputs["elmo"]
    assert widgets.context_neighbour_table(bilm, pool, pool_vectors, "", "may").startswith("type a sentence")
    assert "do not add boundary markers" in widgets.context_neighbour_table(bilm, pool, pool_vectors, "<s> a", "a")


def test_ljust_counts_chinese_characters_as_two_columns():
    from course_utils.notebook import ljust

    assert ljust("泽民", 6) == "泽民  "
    assert ljust("ab", 6) == "ab    "
    assert ljust("１２月", 4) == "１２月"  # full-width forms are wide too; never cut
    assert len(ljust("《红楼梦》", 12)) == 5 + 2


def test_figure_labels_leave_chinese_out_without_a_chinese_font(monkeypatch):
    from course_utils import plotting

    monkeypatch.setattr(plotting, "cjk_font", lambda: None)
    assert plotting.zh("词", "words") == "words"
    assert "fonts-noto-cjk" in plotting.cjk_font_hint("linux")
    assert "PingFang" in plotting.cjk_font_hint("darwin")
    monkeypatch.setattr(plotting, "cjk_font", lambda: "Noto Sans CJK SC")
    assert plotting.zh("词", "words") == "words (词)"
    assert plotting.cjk_font_hint() == "Chinese font for figures: Noto Sans CJK SC"


def test_neighbour_table_reads_analogies_typed_with_full_width_colons():
    import numpy as np

    from course_utils.embeddings import WordVectors

    wv = WordVectors(["北京", "中国", "东京", "日本"], np.array([[1, 0, 1], [1, 1, 0], [0, 0, 1], [0, 1, 0.1]]))
    half, full = (widgets.neighbour_table({"m": wv}, q, 1) for q in ("北京 : 中国 :: 东京", "北京：中国：：东京"))
    assert half == full and "日本" in half


def test_a_chinese_font_installed_after_matplotlib_listed_the_fonts_is_found(monkeypatch):
    from types import SimpleNamespace

    from matplotlib import font_manager

    listed = []  # matplotlib's cached list, made before the font was installed
    monkeypatch.setattr(font_manager.fontManager, "ttflist", listed)
    monkeypatch.setattr(
        font_manager,
        "findSystemFonts",
        lambda: ["/usr/share/fonts/x/DejaVuSans.ttf", "/usr/share/fonts/wqy/wqy-microhei.ttc"],
    )
    added = []

    def addfont(path):
        added.append(path)
        listed.append(SimpleNamespace(name="WenQuanYi Micro Hei"))

    monkeypatch.setattr(font_manager.fontManager, "addfont", addfont)
    plotting.cjk_font.cache_clear()
    try:
        assert plotting.cjk_font() == "WenQuanYi Micro Hei"
        assert added == ["/usr/share/fonts/wqy/wqy-microhei.ttc"]  # only the Chinese font's file is read
    finally:
        plotting.cjk_font.cache_clear()


def test_every_headline_names_an_experiment_and_resolves_on_its_record(monkeypatch):
    from course_utils import reproduce, results

    for chapter, languages in syllabus.HEADLINES.items():
        for entries in languages.values():
            for _label, name, row, column, _part in entries:
                assert name in reproduce.EXPERIMENTS, (chapter, name)
                if results.path(name).is_file():
                    assert results.load(name).cell(row, column)  # the row and the column exist
    monkeypatch.setattr(results, "load", lambda name, folder=None: (_ for _ in ()).throw(FileNotFoundError(name)))
    assert "not measured yet" in syllabus.headline("02", "zh")
