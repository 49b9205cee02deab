import pytest

from course_utils import reproduce


def test_experiments_are_registered_with_a_notebook():
    assert "ngram-mle-ptb" in reproduce.EXPERIMENTS
    for e in reproduce.EXPERIMENTS.values():
        assert e.notebook.isdigit() and e.description


def test_listing_and_unknown_name(capsys):
    assert reproduce.main([]) == 0
    assert "ngram-mle-ptb" in capsys.readouterr().out
    assert reproduce.main(["nope"]) == 2
    assert "unknown experiment 'nope'" in capsys.readouterr().err


def test_run_prints_markdown_time_memory_and_writes_file(tmp_path, monkeypatch, capsys):
    def fake():
        return reproduce.Table("demo", ["a", "b"], [["1", "2"]], ["a note"])

    monkeypatch.setitem(reproduce.EXPERIMENTS, "demo", reproduce.Experiment("demo", "d", "01", fake))
    out = tmp_path / "r" / "demo.md"
    reproduce.main(["demo", "--out", str(out)])
    printed = capsys.readouterr().out
    assert "| a | b |\n|---|---|\n| 1 | 2 |" in printed and "- a note" in printed
    assert "wall time" in printed and "peak memory" in printed
    assert out.read_text(encoding="utf-8") in printed


def test_registering_twice_is_an_error():
    with pytest.raises(ValueError, match="twice"):
        reproduce.experiment("ngram-mle-ptb", "again", "01")(lambda: None)


@pytest.mark.data
def test_ngram_mle_ptb_rows(real_data):
    real_data("ptb")
    table = reproduce.ngram_mle_ptb()
    assert [r[0] for r in table.rows] == ["1", "2", "3", "4", "5"]
    assert table.rows[0][4] == "687.0" and table.rows[1][4] == "inf" and table.rows[1][6] == "20.5%"
