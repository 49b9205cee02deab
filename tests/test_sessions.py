"""The session plans (course_utils.sessions): each fits 90 minutes, names real cells and sections, and reads
no more aloud than its reading and running steps leave time for."""

import re
from collections import Counter

import nbformat
import pytest

from course_utils import sessions
from course_utils.paths import course_notebooks
from course_utils.sessions import PLANS, SessionPlan, Step, check_plan, live_minutes, reading_load

NUMBERS = [f"{n:02d}" for n in range(1, 11)]


def _notebook(tmp_path, cells, name="99_tiny.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_every_notebook_has_a_plan():
    assert sorted(PLANS) == NUMBERS
    assert {p.name[:2] for p in course_notebooks()} >= set(NUMBERS)


@pytest.mark.parametrize("number", NUMBERS)
def test_plan_sums_to_90_minutes(number):
    plan = PLANS[number]
    assert plan.minutes == sessions.SESSION_MINUTES == 90
    assert all(s.kind in sessions.KINDS and s.minutes > 0 for s in plan.steps)


@pytest.mark.parametrize("number", NUMBERS)
def test_cells_and_sections_exist(number):
    plan = PLANS[number]
    ids = {c.id for c in sessions.cells(number)}
    named = [c for s in plan.steps for c in s.cells]
    assert named, "a plan runs some cells live"
    assert [c for c in named if c not in ids] == []
    keys = set(sessions.section_headings(number))
    sections = [s for step in plan.steps for s in step.sections] + [d.section for d in plan.discussions]
    assert [s for s in [*sections, *plan.homework] if s not in keys] == []


@pytest.mark.parametrize("number", NUMBERS)
def test_discussions_have_answers(number):
    plan = PLANS[number]
    assert 2 <= len(plan.discussions) <= 4
    for d in plan.discussions:
        assert d.question.strip().endswith("?") and len(d.answer.strip()) > 40
    # each discussion stop has a step of its own
    assert sum(s.kind == "discuss" for s in plan.steps) >= len(plan.discussions)


@pytest.mark.parametrize("number", NUMBERS)
def test_plan_passes_every_check(number):
    """The whole rule set of check_plan, fit included: live_minutes <= minutes of the read and run steps."""
    plan = PLANS[number]
    assert check_plan(plan) == []
    assert live_minutes(plan) <= plan.minutes_of("read", "run")


def test_reading_load_counts_a_tiny_notebook(tmp_path):
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("# 99 · 标题 · Title\n\nTwo words."),  # header: "99 Title Two words", 4 words; 标题, 2 字
        code("print(1)", id="colab-setup"),
        md("## 1 计数 · Counting\n\nThe n-gram model's 5,000 counts, $p(w \\mid h)$ and `MLE` [link](http://x.y)."),
        code("widgets.next_word_explorer(models)"),
        md("Hidden answer.", metadata={"tags": ["solution"]}),
        code("answer = 42", metadata={"tags": ["solution"]}),
        md("## 术语 · Terms\n\nNot read aloud at all."),
        md("## 延伸阅读 · Further reading\n\nNor this."),
    ]
    cells[3].outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "fig"})]
    path = _notebook(tmp_path, cells)
    load = reading_load(path)
    # math and the link target are dropped: "1 Counting The n-gram model's 5,000 counts and MLE link", 10 words
    assert sessions.count_words(cells[2].source) == (10, 2)
    assert load.words == 4 + 10 and load.cjk == 2 + 2
    assert (load.markdown_cells, load.code_cells) == (4, 1)  # the Colab cell and the solution are not counted
    assert load.figures == 1 and load.explorers == 1 and load.run_s is None
    assert load.read_minutes == pytest.approx(14 / sessions.WORDS_PER_MINUTE + 4 / sessions.CJK_PER_MINUTE)
    assert set(sessions.section_minutes(path)) == {"header", "§1"}


def test_prose_drops_markup():
    assert sessions.count_words("$$x = y + z$$ one ```python\nprint(two)\n``` [three](http://a.b/c d)") == (2, 0)
    assert sessions.count_words("中文导读：一句话。") == (0, 7)
    assert sessions.count_words("don't n-gram 3.14 5,000 1,2") == (6, 0)


def test_fit_rule_rejects_5000_words_in_10_minutes(tmp_path):
    """A plan that claims to read 5,000 words aloud in 10 minutes fails; with time to read them, it passes."""
    prose = " ".join(["word"] * 5000)
    path = _notebook(
        tmp_path,
        [
            nbformat.v4.new_markdown_cell(f"## 1 Long · Long\n\n{prose}"),
            nbformat.v4.new_code_cell("x = 1", id="run-me"),
            nbformat.v4.new_markdown_cell("## 2 练习 · Exercises\n\nWrite it."),
        ],
    )
    assert sessions.section_minutes(path)["§1"] == pytest.approx(
        5003 / sessions.WORDS_PER_MINUTE
    )  # "1 Long Long" + 5,000

    def plan(read_minutes, homework=()):
        steps = (
            Step(read_minutes, "read", ("header", "§1"), ("run-me",), "read it all"),
            Step(90 - read_minutes - 30, "discuss", ("§1",)),
            Step(30, "exercise", ("§2",)),
        )
        discussions = (sessions.Discussion("§1", "Why?", "Because."), sessions.Discussion("§1", "How?", "So."))
        return SessionPlan("99", steps, discussions, homework)

    rushed = check_plan(plan(10), path)
    assert any("reading and running need" in p for p in rushed)
    assert live_minutes(plan(10), path) > 38
    assert check_plan(plan(45), path) == []
    # moving the section to homework makes 10 minutes enough, but the section must then be homework, not skipped
    assert check_plan(plan(10, homework=("§1",)), path) == []
    skipped = SessionPlan("99", (Step(60, "read", ("header",)), Step(30, "exercise", ("§2",))), ())
    assert any("neither covered nor homework" in p for p in check_plan(skipped, path))


def test_check_plan_reports_a_missing_cell_and_a_wrong_sum():
    plan = PLANS["01"]
    broken = SessionPlan(plan.notebook, (*plan.steps, Step(5, "run", ("§5",), ("no-such-cell",))), plan.discussions)
    problems = check_plan(broken)
    assert any("no-such-cell" in p for p in problems) and any("sum to 95" in p for p in problems)


@pytest.mark.parametrize("number", ["01", "10"])
def test_session_plan_markdown(number):
    text = sessions.session_plan_markdown(number)
    load = reading_load(number)
    assert f"{load.words:,} words of prose + {load.cjk:,} 字" in text
    assert text.count("<details><summary>答案 · Answer</summary>") == len(PLANS[number].discussions)
    assert "| min | what | sections | cells to run live |" in text
    first = PLANS[number].steps[0]
    assert f"| 0–{first.minutes} |" in text
    if PLANS[number].homework:
        assert "Home reading" in text


def test_overview_and_main(capsys):
    overview = sessions.session_overview_markdown()
    assert overview.count("\n| 0") + overview.count("\n| 1") == len(course_notebooks())
    assert sessions.main([]) == 0
    out = capsys.readouterr().out
    assert "10_transformer.ipynb" in out and "plan 10:" in out


def test_plan_in_a_notebook_prints_nothing_measured_and_folds():
    text = sessions.session_plan_markdown("02", measured=False, collapsed=True)
    assert text.startswith("<details>") and text.rstrip().endswith("</details>")
    assert " s to run" not in text and "words of prose" not in text  # they change with the notebook's own text
    assert " s to run" in sessions.session_plan_markdown("02")


NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+\.\d+|(?<![\w.,])\d{3,}")


def _notebook_text(path) -> str:
    """Markdown and stored text outputs of a notebook: where a plan's numbers must come from."""
    parts = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts += [
                "".join(v) if isinstance(v, list) else str(v)
                for k, v in out.get("data", {}).items()
                if k.startswith("text/")
            ]
    return " ".join(parts)


@pytest.mark.parametrize("number", sorted(PLANS))
def test_numbers_a_plan_quotes_are_the_notebooks_numbers(number):
    """A plan's questions and answers quote the notebook's own results; when a re-run changes a number, the
    plan must change with it (nothing measured is typed by hand without a check)."""
    plan = PLANS[number]
    text = _notebook_text(sessions._path(plan.notebook))
    quoted = " ".join([*(s.text for s in plan.steps), *(d.question + " " + d.answer for d in plan.discussions)])
    missing = {n for n in NUMBER.findall(quoted) if n not in text and n.replace(",", "") not in text}
    assert not missing, f"plan {number} quotes numbers its notebook does not show: {sorted(missing)}"


# --- the Chinese edition: the plans in Chinese, the English edition byte for byte as it was -------------------

#: the Chinese edition's own labels: the English edition prints none of them
CHINESE_ONLY = ["【", "| 分钟 |", "阅读量", "朗读", "**90 分钟学习计划。**", "**讨论**\n", "<summary>答案</summary>"]
CHINESE_ONLY += ["**课后阅读：**", "（§"]
#: the English edition's labels, bilingual, which the Chinese edition prints in Chinese only
ENGLISH_LABELS = ["Session plan", "Reading load", "| min |", "cells to run live", "Discussion", "Answer"]
ENGLISH_LABELS += ["Home reading"]
#: three or more English words in a row (a sentence or a phrase left untranslated); numbers and symbols break a run
ENGLISH_RUN = re.compile(r"[A-Za-z][\w'’./\-]*(?:[ ,;:]+[A-Za-z][\w'’./\-]*){2,}")


def _english_left(text: str) -> list[str]:
    """The runs of English words in a Chinese plan, outside what stays English in the Chinese edition: code
    spans (cell ids), HTML tags (and ``<unk>``), English examples in Chinese quotes (“the stock”, a sentence of
    the toy corpus) and formulas (``p(I am fine)``)."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"“[^”]*”", " ", text)
    text = re.sub(r"\b\w+\([^()]*\)", " ", text)
    return ENGLISH_RUN.findall(text)


def _table(text: str) -> list[list[str]]:
    """The plan's table below its header as rows of cells (a ``\\|`` inside a text does not split it), cell-id
    lists normalised."""
    rows = [line for line in text.splitlines() if line.startswith("| ")][1:]
    return [[c.strip().replace("、", ", ") for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]


def _plan_texts(plan) -> list[str]:
    return [
        *(s.text for s in plan.steps if s.text),
        *(t for d in plan.discussions for t in (d.question, d.answer)),
        *([plan.note] if plan.note else []),
    ]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_plan_text_has_its_chinese(number):
    """The plans' texts are printed with i18n.tr(step.text): each must be a marked text with a Chinese entry."""
    from course_utils.messages_zh import ZH

    assert [t for t in _plan_texts(PLANS[number]) if t not in ZH] == []


@pytest.mark.parametrize("number", NUMBERS)
def test_plan_is_chinese_in_a_chinese_session(number, monkeypatch):
    """The Chinese edition prints the plan in Chinese only, with the English plan's numbers, rows and cells."""
    monkeypatch.setenv("COURSE_LANG", "en")
    english = sessions.session_plan_markdown(number, measured=False, collapsed=True)
    monkeypatch.setenv("COURSE_LANG", "zh")
    chinese = sessions.session_plan_markdown(number, measured=False, collapsed=True)
    assert chinese.startswith("<details><summary><b>90 分钟学习计划</b></summary>")
    assert _english_left(chinese) == [], "English left in the Chinese plan"
    assert [label for label in ENGLISH_LABELS if label in chinese] == []
    # every number the English plan shows, as often as it shows it (1,445 and 0.0042 as they are); the title's
    # "Session plan (90 min)" is the English part of a bilingual label
    english_numbers = Counter(NUMBER_ANY.findall(english.replace("Session plan (90 min)", "")))
    chinese_numbers = Counter(NUMBER_ANY.findall(chinese))
    assert english_numbers - chinese_numbers == Counter(), "numbers of the English plan missing in the Chinese"
    # the same steps: minutes, sections and cells row by row; the same discussions, answers folded the same way
    columns = [[row[0], row[2], row[3]] for row in _table(english)]
    assert [[row[0], row[2], row[3]] for row in _table(chinese)] == columns
    assert re.findall(r"`([^`]+)`", chinese) == re.findall(r"`([^`]+)`", english)
    assert chinese.count("<details>") == english.count("<details>") == len(PLANS[number].discussions) + 1
    for i, d in enumerate(PLANS[number].discussions, 1):
        assert f"\n{i}. （{d.section}）" in chinese
    if PLANS[number].homework:
        assert "**课后阅读：** " + "、".join(PLANS[number].homework) in chinese


NUMBER_ANY = re.compile(r"\d+(?:[.,]\d+)*")


def test_the_measured_load_is_chinese_too(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "zh")
    text = sessions.session_plan_markdown("02")
    load = reading_load("02")
    assert text.startswith(f"**90 分钟学习计划。** 阅读量：正文 {load.words:,} 个英文词 + {load.cjk:,} 字，")
    assert "words of prose" not in text and " s to run" not in text and _english_left(text) == []


def _tiny_plan():
    """Two steps, one discussion and home reading, made of real plans' texts (they have Chinese entries)."""
    return SessionPlan(
        "04",
        (PLANS["04"].steps[1], PLANS["04"].steps[7]),
        (PLANS["04"].discussions[0],),
        homework=("§6",),
        note=PLANS["10"].note,
    )


def test_the_english_edition_prints_the_plan_as_before(monkeypatch):
    """Byte for byte what the English notebooks store: the bilingual labels, the English texts."""
    monkeypatch.setitem(PLANS, "04", _tiny_plan())
    monkeypatch.setenv("COURSE_LANG", "en")
    expected = (
        "<details><summary><b>90 分钟学习计划 · Session plan (90 min)</b></summary>\n\n"
        "**90 分钟学习计划 · Session plan (90 min).** Reading load: see the README's table.\n\n"
        "| min | what | sections | cells to run live |\n"
        "|---|---|---|---|\n"
        "| 0–5 | 运行 run: Sigmoid (4.1)–(4.2): look at the derivative's peak, 1/4. | §1 | `e6ecc786` |\n"
        "| 5–10 | 休息 break | — | — |\n\n"
        "**讨论 · Discussion**\n\n"
        "1. (§1) σ'(z) is at most 1/4. What happens to an error signal that passes back through ten sigmoid layers "
        "with weights of about 1?\n\n"
        "   <details><summary>答案 · Answer</summary>\n\n"
        "   Each layer multiplies it by σ' ≤ 1/4 (times the weights), so after ten layers at most (1/4)^10 ≈ 10⁻⁶ is "
        "left: the gradient vanishes. Notebook 05 measures the same geometric decay in RNNs.\n\n"
        "   </details>\n\n"
        "**课后阅读 · Home reading:** §6. §6 (the LLM timeline, a figure to read at leisure) and the errata are home "
        "reading.\n\n"
        "</details>\n"
    )
    assert sessions.session_plan_markdown("04", measured=False, collapsed=True) == expected
    monkeypatch.delenv("COURSE_LANG")
    assert sessions.session_plan_markdown("04", measured=False, collapsed=True) == expected  # English by default


def test_the_chinese_edition_prints_the_plan_in_chinese(monkeypatch):
    monkeypatch.setitem(PLANS, "04", _tiny_plan())
    monkeypatch.setenv("COURSE_LANG", "zh")
    expected = (
        "<details><summary><b>90 分钟学习计划</b></summary>\n\n"
        "**90 分钟学习计划。** 阅读量见 README 的表格。\n\n"
        "| 分钟 | 内容 | 小节 | 现场运行的单元格 |\n"
        "|---|---|---|---|\n"
        "| 0–5 | 【运行】Sigmoid (4.1)–(4.2)：看导数的峰值 1/4。 | §1 | `e6ecc786` |\n"
        "| 5–10 | 休息 | — | — |\n\n"
        "**讨论**\n\n"
        "1. （§1）σ'(z) 最大为 1/4。一个误差信号反向穿过十个权重约为 1 的 sigmoid 层，会发生什么？\n\n"
        "   <details><summary>答案</summary>\n\n"
        "   每经过一层，它就要乘以 σ' ≤ 1/4（再乘以权重），所以经过十层后至多剩下 (1/4)^10 ≈ 10⁻⁶：梯度消失了。"
        "第 05 节在 RNN 中测量了同样的几何衰减。\n\n"
        "   </details>\n\n"
        "**课后阅读：** §6。§6（大语言模型的时间线，一张可以慢慢看的图）和勘误留作课后阅读。\n\n"
        "</details>\n"
    )
    assert sessions.session_plan_markdown("04", measured=False, collapsed=True) == expected


@pytest.mark.parametrize("number", NUMBERS)
def test_the_english_plan_has_no_chinese_only_label(number, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")
    text = sessions.session_plan_markdown(number, measured=False, collapsed=True)
    assert [label for label in CHINESE_ONLY if label in text] == []
    assert "| min | what | sections | cells to run live |" in text and "**讨论 · Discussion**" in text
