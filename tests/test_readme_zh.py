"""The Chinese README (README.zh.md) is kept in step with the English one: the same commands, the same generated
blocks (rendered in Chinese by ``python -m course_utils results``), and links between the two."""

import re

import pytest

from course_utils import results
from course_utils.paths import ROOT

EN = (ROOT / "README.md").read_text(encoding="utf-8")
ZH_PATH = ROOT / "README.zh.md"
ZH = ZH_PATH.read_text(encoding="utf-8") if ZH_PATH.is_file() else ""
MARKER = re.compile(r"<!-- /?[a-z-]+(?: [\w-]+)? -->")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def _commands(block: str) -> list[str]:
    """The lines of a code block without their comments (a comment may be translated) and trailing spaces."""
    return [line.split(" #")[0].rstrip() for line in block.splitlines() if line.split(" #")[0].strip()]


def test_the_two_readmes_link_to_each_other():
    assert ZH, "README.zh.md is missing"
    assert "[中文](README.zh.md)" in EN.split("\n## ")[0]
    assert "[English](README.md)" in ZH.split("\n## ")[0]


def test_the_chinese_readme_has_every_generated_block_in_order():
    assert MARKER.findall(ZH) == MARKER.findall(EN)


@pytest.mark.parametrize("block", FENCE.findall(EN), ids=lambda b: b.strip().splitlines()[0][:40] if b.strip() else "")
def test_every_command_of_the_english_readme_is_in_the_chinese_one(block):
    wanted = _commands(block)
    shown = [_commands(b) for b in FENCE.findall(ZH)]
    assert wanted in shown, f"README.zh.md lacks this code block (or it differs): {wanted}"


def test_the_chinese_readmes_blocks_are_rendered_in_chinese():
    assert results.sync_readme(check=True) == [], "run: python -m course_utils results"
    block = ZH.split("<!-- results nnlm-ptb -->")[1].split("<!-- /results -->")[0]
    assert "Bengio 的 NNLM" in block and "| 模型 |" in block
    english = EN.split("<!-- results nnlm-ptb -->")[1].split("<!-- /results -->")[0]
    numbers = re.compile(r"\d+(?:[.,]\d+)*")
    assert numbers.findall(block) == numbers.findall(english)  # the same numbers, from the same record
