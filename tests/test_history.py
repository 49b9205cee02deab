"""Notebook 10's history as data: the measured ladder (course_utils.ladder) and the LLM timeline
(course_utils.timeline)."""

from __future__ import annotations

import json
import math

import matplotlib
import pytest

from course_utils import ladder, plotting, results, timeline

matplotlib.use("Agg")
plotting.use_course_style()  # a CJK font where the machine has one, as in the notebooks


@pytest.mark.parametrize("rungs", [ladder.PTB_RUNGS, ladder.PD_RUNGS], ids=["PTB", "People's Daily"])
def test_every_rung_reads_its_number_from_a_record(rungs):
    steps = ladder.read(rungs)
    for step in steps:
        if not results.path(step.rung.experiment).exists():
            assert step.ours is None  # shown as "not yet", never invented
            continue
        assert step.ours is not None and step.ours > 1, step.label
    assert "not yet" in ladder.table(ladder.read([ladder.Rung("x", "y", 2020, "no-such-experiment", "a", "b")]))


def test_the_ladder_moves_when_a_record_changes(tmp_path):
    for name in ("lstm-ptb",):
        (tmp_path / f"{name}.json").write_text((results.RESULTS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    record = json.loads((tmp_path / "lstm-ptb.json").read_text(encoding="utf-8"))
    record["rows"][0][record["columns"].index("test ppl")] = "99.9"
    (tmp_path / "lstm-ptb.json").write_text(json.dumps(record), encoding="utf-8")
    (step,) = ladder.read([r for r in ladder.PTB_RUNGS if r.experiment == "lstm-ptb"], folder=tmp_path)
    assert step.ours == 99.9 and step.published == "114.5"


def test_an_unsmoothed_model_is_infinite_and_the_plot_draws_it_off_the_scale():
    steps = ladder.read(ladder.PTB_RUNGS)
    assert math.isinf(steps[0].ours)
    ax = ladder.plot(steps)
    assert "∞" in [t.get_text() for t in ax.texts]
    matplotlib.pyplot.close("all")


def test_the_timeline_rows_are_checkable_facts():
    releases = timeline.load_timeline()
    assert len(releases) >= 30
    assert [r.month for r in releases] == sorted(r.month for r in releases)
    for r in releases:
        assert r.source.startswith("https://"), r
        if r.arxiv:  # an arXiv identifier starts with its year and month: the row's month must be it
            assert r.month == f"20{r.arxiv[:2]}-{r.arxiv[2:4]}", r
        assert r.parameters is None or 1e8 <= r.parameters <= 2e12, r
    by_name = {r.model: r for r in releases}
    assert by_name["GPT-3"].parameters == 175e9 and by_name["GPT-3"].open_weights == "no"
    assert by_name["GPT-4"].parameters is None  # never published, so not guessed


def test_the_course_models_are_counted_from_their_recipes():
    models = dict(timeline.course_models())
    assert 4.5e6 < models["LSTM LM (lstm-ptb)"] < 4.8e6
    assert all(1e6 < n < 1e7 for n in models.values())
    fig = timeline.plot(timeline.load_timeline(), timeline.course_models())
    assert len(fig.axes) == 2
    matplotlib.pyplot.close("all")


@pytest.mark.data
def test_the_ptb_vocabulary_size_used_for_counting_is_the_real_one(real_data):
    from course_utils import data
    from course_utils.reproduce import PTB_VOCAB_SIZE
    from course_utils.text import Vocab

    real_data("ptb")
    assert len(Vocab.build(data.load_ptb()["train"])) == PTB_VOCAB_SIZE
