"""The session plans (course_utils.sessions): each fits 90 minutes, names real cells and sections, and reads
no more aloud than its reading and running steps leave time for."""

import re

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
