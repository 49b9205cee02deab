"""The Chinese texts of the 90-minute session plans (:mod:`course_utils.sessions`): English text → Chinese text.

Part of the one message catalogue (:data:`course_utils.messages_zh.ZH` includes it); kept apart only because the
plans are long. The same rules hold: every ``N_("...")`` text of ``sessions.py`` has an entry with the same
``{fields}``, and no entry outlives its English text (``tests/test_i18n.py``).
"""

from __future__ import annotations

SESSIONS: dict[str, str] = {}
