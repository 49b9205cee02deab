"""The message catalogue: every message in both languages, with the same fields (course_utils.i18n)."""

import re
import string

import pytest

from course_utils import i18n
from course_utils.exercises import Case, check_cases


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES))
def test_every_message_has_a_chinese_text_with_the_same_fields(key):
    english, chinese = i18n.MESSAGES[key]
    assert english.strip() and re.search(r"[\u4e00-\u9fff]", chinese), f"{key}: the Chinese text is missing"
    assert _fields(english) == _fields(chinese), f"{key}: the two texts must use the same {{fields}}"


def test_the_language_comes_from_course_lang():
    assert i18n.language({"COURSE_LANG": "zh"}) == "zh"
    assert i18n.language({"COURSE_LANG": "EN"}) == "en"
    assert i18n.language({}) == "en" and i18n.language({"COURSE_LANG": "fr"}) == "en"


def test_message_fills_its_fields_and_names_what_is_missing():
    assert i18n.message("check.passed", "zh", name="f", n=3) == "✅ f：3 项检查全部通过。"
    with pytest.raises(KeyError, match="add it with its English and Chinese text"):
        i18n.message("no.such.message")
    with pytest.raises(ValueError, match="language must be one of en, zh"):
        i18n.message("check.passed", "fr", name="f", n=1)


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
