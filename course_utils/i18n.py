"""User-facing messages in English and Chinese: one small catalogue, so the two editions cannot drift apart.

gettext's way: the English text is the key. Code writes ``tr("expected {e}, got {g}", e=..., g=...)`` and gets
the text in the session's language; a constant defined before the language is known is marked ``N_("...")``
and translated where it is printed, ``tr(CONSTANT)``. The Chinese texts are in :mod:`course_utils.messages_zh`
(``ZH``: English text → Chinese text, the same ``{fields}``). ``tests/test_i18n.py`` reads every ``tr("...")``
and ``N_("...")`` in the package and fails on a text without its Chinese entry, on fields that differ, and on an
entry nothing uses any more.

The language: the ``language`` argument, else ``COURSE_LANG`` (``python -m course_utils lab --lang zh`` sets it
for the JupyterLab it starts, and ``execute --lang zh`` for the Chinese edition's kernels, so every checker,
explorer and table of that session speaks Chinese), else English.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

#: the languages of the course's two editions
LANGUAGES = ("en", "zh")
#: the environment variable that chooses the language of printed messages
ENV_VAR = "COURSE_LANG"


def language(environ: dict[str, str] | None = None) -> str:
    """The language of printed messages: ``COURSE_LANG`` if it is ``en`` or ``zh``, else English."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "").strip().lower()
    return value if value in LANGUAGES else "en"


def N_(english: str) -> str:
    """Mark a constant for translation: returns it unchanged; print it with ``tr(CONSTANT)``."""
    return english


def tr(english: str, /, lang: str | None = None, **fields) -> str:
    """``english`` in ``lang`` (default: the session's, :func:`language`), with its ``{fields}`` filled in.

    Without fields the text is returned as it is (so a formula's braces, ``h_{t-1}``, need no escaping)."""
    from .messages_zh import ZH

    chosen = lang or language()
    if chosen not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {chosen!r}")
    # a text without its Chinese entry stays English here (the reader's notebook must not fail); the tests
    # fail on it instead
    text = ZH.get(english, english) if chosen == "zh" else english
    return text.format(**fields) if fields else text


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Print in ``lang`` inside the ``with`` block (``COURSE_LANG`` set, then restored): how the Chinese README's
    generated blocks are rendered by the same functions as the English ones."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = lang
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = before


def tr_data(english: str, lang: str | None = None) -> str:
    """``english`` in the session's language, for a text that is data rather than code: a results record's
    title or column header (``results/*.json``). ``tests/test_i18n.py`` checks that every title and header of
    the committed records has a Chinese entry, as it checks ``tr`` literals in the code."""
    return tr(english, lang)
