"""The diagrams of notebooks 03, 06 and 09 and the course style: they draw what they claim to draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from course_utils import plotting


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_course_style_is_colour_blind_safe_and_legible():
    plotting.use_course_style()
    cycle = [c.lower() for c in matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]]
    assert cycle[:4] == [c.lower() for c in plotting.COLORS[:4]]
    assert matplotlib.rcParams["font.size"] >= 11


def test_window_diagram_marks_the_window_and_its_arrows():
    sentence = "the company said its profit rose in the third quarter".split()
    ax = plotting.window_diagram(sentence, centre=3, window=2)
    # the sentence drawn twice (skip-gram, CBOW), with an arrow per context word in each row
    assert _texts(ax).count("its") == 2
    assert sum(1 for t in ax.texts if getattr(t, "arrow_patch", None) is not None) == 2 * 4
    plt.close("all")
    with pytest.raises(ValueError, match="centre must index a word"):
        plotting.window_diagram(sentence, centre=10, window=2)


def test_nnlm_diagram_shows_every_shape_of_eq_3_1():
    ax = plotting.nnlm_diagram(batch=4, context=2, dim=3, hidden=10, vocab=16, direct=True)
    shapes = " ".join(_texts(ax))
    for shape in ("(4, 2)", "(4, 2, 3)", "(4, 6)", "(4, 10)", "(4, 16)", "W: 16 × 6 (direct)"):
        assert shape in shapes
    plt.close("all")


def test_elmo_diagram_has_three_layers_and_the_mix():
    texts = " ".join(_texts(plotting.elmo_diagram()))
    assert texts.count("char-CNN") >= 4 and "LSTM 2" in texts and "γ Σ_j s_j h_j" in texts
    plt.close("all")
