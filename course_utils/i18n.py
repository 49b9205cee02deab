"""User-facing messages in English and Chinese: one small catalogue, so the two editions cannot drift apart.

Every entry of :data:`MESSAGES` has an English and a Chinese text with the same ``{fields}``
(``tests/test_i18n.py`` fails on one without its Chinese, or whose fields differ). :func:`message` picks the
language: the ``language`` argument, else ``COURSE_LANG`` (``python -m course_utils lab --lang zh`` sets it for
the JupyterLab it starts, so the checkers in every notebook of that session answer in Chinese), else English.

So far the exercise checkers' verdicts come from here; the other printed strings (explorer labels, table
headers, plot labels) are to follow as the Chinese edition grows.
"""

from __future__ import annotations

import os

#: the languages of the course's two editions
LANGUAGES = ("en", "zh")
#: the environment variable that chooses the language of printed messages
ENV_VAR = "COURSE_LANG"

MESSAGES: dict[str, tuple[str, str]] = {
    "check.passed": ("✅ {name}: all {n} checks passed.", "✅ {name}：{n} 项检查全部通过。"),
    "check.not_written": (
        "⏳ {name}: not written yet. Replace `raise NotImplementedError` with your code, then run this again.",
        "⏳ {name}：还没有写。把 `raise NotImplementedError` 换成你的代码，再运行一次。",
    ),
    "check.returned_none": (
        "❌ {name}: returned None on {about}. Did you forget `return`?",
        "❌ {name}：在 {about} 上返回了 None。是不是忘了写 `return`？",
    ),
    "check.not_a_function": (
        "❌ {name}: pass your function itself, check.{name}({name}), not {what} (its result?)",
        "❌ {name}：请把函数本身传进来，即 check.{name}({name})，而不是 {what}（它的返回值？）",
    ),
    "check.raised": (
        "❌ {name}: raised {error}: {detail}\n   on {about}\n   hint: {hint}",
        "❌ {name}：抛出了 {error}：{detail}\n   输入：{about}\n   提示：{hint}",
    ),
}


def language(environ: dict[str, str] | None = None) -> str:
    """The language of printed messages: ``COURSE_LANG`` if it is ``en`` or ``zh``, else English."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "").strip().lower()
    return value if value in LANGUAGES else "en"


def message(key: str, language_: str | None = None, **fields) -> str:
    """The message ``key`` in ``language_`` (default: :func:`language`), with its ``{fields}`` filled in."""
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} in course_utils.i18n.MESSAGES; add it with its English and Chinese text")
    chosen = language_ or language()
    if chosen not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {chosen!r}")
    return MESSAGES[key][LANGUAGES.index(chosen)].format(**fields)
