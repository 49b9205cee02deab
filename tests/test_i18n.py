"""The message catalogue: every printed message in both languages, with the same fields (course_utils.i18n)."""

import ast
import re
import string
from pathlib import Path

import pytest

import course_utils
from course_utils import i18n
from course_utils.exercises import Case, check_cases
from course_utils.messages_zh import ZH

PACKAGE = Path(course_utils.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")  # Chinese characters or punctuation


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _marked() -> dict[str, str]:
    """Every text the package passes to ``tr(...)`` or ``N_(...)`` as a literal → the file it is in."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("tr", "N_"):
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, path.relative_to(PACKAGE).as_posix())
    return found


MARKED = _marked()


def _record_texts() -> dict[str, str]:
    """Every title and column header of the committed results records (shown through ``i18n.tr_data``)."""
    from course_utils import results

    texts = {}
    for name in results.names():
        record = results.load(name)
        for text in [record.title, *record.columns, *record.notes]:
            texts.setdefault(text, f"results/{name}.json")
    return texts


RECORD_TEXTS = _record_texts()
#: headers that are names or formulas, the same in both languages
SAME_IN_BOTH = re.compile(r"^(n|n=\d|WS-353 ρ|SimLex ρ)$")


def test_the_package_marks_its_messages():
    assert len(MARKED) > 100  # the scan works: the checkers alone have more


@pytest.mark.parametrize("english", sorted(MARKED), ids=lambda text: text[:40])
def test_every_message_has_a_chinese_text_with_the_same_fields(english):
    where = MARKED[english]
    assert english in ZH, f"{where}: tr({english[:50]!r}...) has no Chinese text: add it to messages_zh.ZH"
    assert CJK.search(ZH[english]), f"{where}: the Chinese text of {english[:50]!r} has no Chinese in it"
    assert _fields(english) == _fields(ZH[english]), f"{where}: the two texts of {english[:50]!r} differ in fields"


@pytest.mark.parametrize("english", sorted(RECORD_TEXTS), ids=lambda text: text[:40])
def test_every_records_title_and_header_has_a_chinese_text(english):
    """A re-run that changes a title (its numbers) fails here until the Chinese entry follows it."""
    if SAME_IN_BOTH.match(english):
        return
    where = RECORD_TEXTS[english]
    assert english in ZH, f"{where}: {english[:60]!r} has no Chinese text: add it to messages_zh.ZH"
    assert CJK.search(ZH[english]), f"{where}: the Chinese text of {english[:50]!r} has no Chinese in it"


def test_a_records_table_is_chinese_in_a_chinese_session(monkeypatch):
    from course_utils import results

    english = results.load("nnlm-ptb").markdown()
    monkeypatch.setenv("COURSE_LANG", "zh")
    chinese = results.load("nnlm-ptb").markdown()
    assert english.startswith("**Bengio's NNLM on Penn Treebank") and "| model | valid ppl |" in english
    assert chinese.startswith("**Bengio 的 NNLM") and "| 模型 | 验证集困惑度 |" in chinese and "由 `python" in chinese
    assert NUMBERS.findall(english) == NUMBERS.findall(chinese)  # the same numbers, in the same order


NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")


def test_no_entry_is_left_over():
    unused = sorted(set(ZH) - set(MARKED) - set(RECORD_TEXTS))
    assert not unused, f"messages_zh.ZH has entries no tr()/N_() uses any more, remove them: {unused[:5]}"


def test_tr_is_only_given_literals_or_marked_data():
    """``tr(variable)`` would hide a text from the tests. So the first argument is a literal, or the module marks
    the data it translates with ``N_`` (a constant, the session plans' texts, the ladder's model names), which
    the tests above then cover; ``i18n.tr_data`` is for the results records' texts (covered above too)."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        marks_data = any(c.func.id == "N_" for c in calls)
        for node in calls:
            if node.func.id == "tr" and node.args and path.name != "i18n.py":
                first = node.args[0]
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)) and not marks_data:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not wrong, f"tr() of a variable in a module that marks no text with N_(): {wrong}"


def test_the_language_comes_from_course_lang():
    assert i18n.language({"COURSE_LANG": "zh"}) == "zh"
    assert i18n.language({"COURSE_LANG": "EN"}) == "en"
    assert i18n.language({}) == "en" and i18n.language({"COURSE_LANG": "fr"}) == "en"


def test_tr_fills_its_fields_and_leaves_braces_alone_without_them(monkeypatch):
    assert i18n.tr("✅ {name}: all {n} checks passed.", "zh", name="f", n=3) == "✅ f：3 项检查全部通过。"
    assert i18n.tr("✅ {name}: all {n} checks passed.", "en", name="f", n=3) == "✅ f: all 3 checks passed."
    formula = "h_t = tanh(... + h_{t-1} W_hhᵀ), so going back multiplies by W_hh, not W_hhᵀ"
    assert "h_{t-1}" in i18n.tr(formula, "zh") and "h_{t-1}" in i18n.tr(formula, "en")
    monkeypatch.setenv("COURSE_LANG", "zh")
    assert i18n.tr("hint: {hint}", hint="x") == "提示：x"
    assert i18n.tr("a text nobody translated") == "a text nobody translated"  # English, never a crash
    with pytest.raises(ValueError, match="language must be one of en, zh"):
        i18n.tr("hint: {hint}", "fr", hint="x")
    assert i18n.N_("anything") == "anything"


def test_the_checkers_answer_in_the_sessions_language(monkeypatch, capsys):
    def unwritten(x):
        raise NotImplementedError

    cases = [Case((1.0,), 2.0, "x = 1")]
    check_cases("double", unwritten, cases, "multiply by two")
    assert "not written yet" in capsys.readouterr().out
    monkeypatch.setenv("COURSE_LANG", "zh")
    check_cases("double", unwritten, cases, "multiply by two")
    check_cases("double", lambda x: 2 * x, cases, "multiply by two")
    out = capsys.readouterr().out
    assert "还没有写" in out and "1 项检查全部通过" in out


@pytest.mark.parametrize("chapter", [f"ch{n:02d}" for n in range(1, 11)])
def test_every_chapters_feedback_is_chinese_in_a_chinese_session(chapter, monkeypatch, capsys):
    """Each checker, given a wrong answer (0 everywhere), answers in Chinese: verdict, input and hint."""
    import importlib
    import inspect

    import numpy as np

    module = importlib.import_module(f"course_utils.exercises.{chapter}")
    monkeypatch.setenv("COURSE_LANG", "zh")
    checkers = [f for name, f in inspect.getmembers(module, inspect.isfunction) if f.__module__ == module.__name__]
    assert checkers
    for checker in checkers:
        if checker.__name__.startswith("_"):
            continue
        checker(lambda *args: np.float64(0.123456))
        out = capsys.readouterr().out
        assert out.startswith("❌") and CJK.search(out), out
        ascii_words = re.findall(r"\b(?:the|expected|got|hint|returned)\b", out)
        assert not ascii_words, f"{checker.__name__}: English left in the Chinese feedback: {out}"
