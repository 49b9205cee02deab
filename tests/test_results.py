"""The measured results are data (issue 18): records, their rendering, and the README and notebooks kept true."""

import json

import pytest

from course_utils import reproduce, results
from course_utils.paths import course_notebooks


def _record(**changes) -> results.Record:
    fields = dict(
        experiment="demo",
        notebook="02",
        title="A demo",
        columns=["model", "test ppl", "published test"],
        rows=[["ours", "141.2", "141.2"], ["mixture (weight 0.38)", "126.2 / 127.0", "116.7"]],
        notes=["a note"],
        wall_s=12.5,
        peak_mb=300,
        device="cpu",
        machine={"cpu_count": 2},
        versions={"python": "3.12", "torch": "2.13.0"},
        commit="abc1234",
        date="2026-11-30",
    )
    return results.Record(**{**fields, **changes})


def test_a_record_round_trips_through_its_file(tmp_path):
    record = _record()
    file = results.save(record, tmp_path)
    assert file.name == "demo.json" and results.load("demo", tmp_path) == record
    assert json.loads(file.read_text(encoding="utf-8"))["rows"][0] == ["ours", "141.2", "141.2"]
    assert results.names(tmp_path) == ["demo"]


def test_a_missing_record_says_which_command_writes_it(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"python -m course_utils\.reproduce nope"):
        results.load("nope", tmp_path)


def test_markdown_has_the_table_notes_and_provenance():
    text = _record().markdown()
    assert "| model | test ppl | published test |\n|---|---|---|\n| ours | 141.2 | 141.2 |" in text
    assert "- a note" in text and "at commit abc1234 on 2026-11-30" in text and "wall time 12.5 s" in text
    assert "device cpu (2 CPU cores)" in text and "torch 2.13.0" in text and "python" not in text.split("_")[-2]
    hand = _record(provenance="Recorded by hand from an earlier run:").markdown()
    assert "Measured by" not in hand and "Recorded by hand" in hand
    assert repr(_record()) == _record()._repr_markdown_() == text  # a page without markdown shows the same table


def test_cells_and_numbers_are_looked_up_by_row_and_column():
    record = _record()
    assert record.cell("mixture", "test ppl") == "126.2 / 127.0"
    twins = _record(rows=[["PPMI", "1.0", "-"], ["PPMI, rank 300", "2.0", "-"]])
    assert twins.cell("PPMI", "test ppl") == "1.0"  # an exact label wins over a longer one it starts
    assert record.number("mixture", "test ppl", part=1) == 127.0 and record.number("ours", "test ppl") == 141.2
    with pytest.raises(KeyError, match="no column 'valid'"):
        record.cell("ours", "valid")
    with pytest.raises(KeyError, match="0 rows of demo start with 'gpt'"):
        record.cell("gpt", "test ppl")


def test_rows_by_their_first_cells_and_columns_by_the_start_of_their_name():
    record = _record(
        columns=["corpus", "method", "wordsim-240 ρ (172/240)"],
        rows=[["PD, words", "KN", "1.0"], ["PD, words", "Katz", "2.0"], ["PD, characters", "KN", "3.0"]],
    )
    assert record.cell(("PD, characters", "KN"), "wordsim-240") == "3.0"
    assert record.number(("PD, words", "Ka"), "wordsim-240 ρ") == 2.0  # the last key may be the start of a cell
    with pytest.raises(KeyError, match="2 rows of demo start with"):
        record.cell("PD, words", "wordsim")
    with pytest.raises(KeyError, match="no column 'w'"):
        _record(columns=["model", "wordsim", "wordsim-240"]).cell("ours", "w")  # two columns start with it


def test_measured_numbers_leave_out_published_columns_and_short_numbers():
    record = _record(
        rows=[["a", "141.3", "116.7"], ["b", "0.05 / 2.6", "-"], ["c", "0.108", "-"], ["d", "141.2", "141.2"]]
    )
    assert record.measured_numbers() == {"141.3", "0.108"}  # 141.2 is also the paper's: quoting it is citing


def test_readme_blocks_are_rendered_from_records(tmp_path):
    results.save(_record(), tmp_path)
    text = "intro\n<!-- results demo -->\nstale\n<!-- /results -->\nour mixture gets 126.2, published 116.7\n"
    rendered = results.render_readme(text, tmp_path)
    assert rendered.startswith("intro\n<!-- results demo -->\n**A demo**") and "stale" not in rendered
    assert rendered.endswith("<!-- /results -->\nour mixture gets 126.2, published 116.7\n")
    assert results.typed_numbers(rendered, tmp_path) == ["126.2"]  # typed outside the block: it can drift


# ---------------------------------------------------------------- the course's own records


def test_every_experiment_has_a_committed_record_that_names_its_notebook():
    for name, e in reproduce.EXPERIMENTS.items():
        record = results.load(name)
        assert record.experiment == name and record.notebook == e.notebook and not record.tiny
        assert record.rows and all(len(r) == len(record.columns) for r in record.rows)
        assert record.provenance == "measured" or record.provenance.startswith("Recorded by hand")


def test_readme_results_sections_match_the_records():
    assert results.sync_readme(check=True) == []


def test_no_measured_number_is_typed_in_the_readme_or_a_notebook():
    """Outside generated blocks, a number a record measured may appear only as computed output."""
    assert results.typed_numbers(results.README.read_text(encoding="utf-8")) == []
    for path in course_notebooks():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        assert results.typed_numbers(markdown) == [], path.name


def test_notebook_tables_show_the_records_as_they_are_now():
    """A notebook cell that ends with a record (``results.show(NAME)``) stores that record's markdown; after a
    re-run of the experiment the stored table is stale until the notebook is re-executed (nbval would also
    catch it, minutes later)."""
    import re

    shown = 0
    for path in course_notebooks():
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            for name in re.findall(r"\.show\(\"([\w-]+)\"\)", source):
                tables = [o["data"]["text/markdown"] for o in cell["outputs"] if "text/markdown" in o.get("data", {})]
                assert tables, f"{path.name}: the cell showing {name} stored no table; end it with the record"
                assert "".join(tables[-1]) == results.load(name).markdown(), f"{path.name}: {name} is stale"
                shown += 1
    assert shown >= 7  # notebooks 03, 05, 06, 07 (two), 08 and 09 (probes) render records


def test_a_neural_records_curve_is_read_from_its_note_and_plotted():
    from course_utils import plotting
    from course_utils.reproduce import curve
    from course_utils.training import History

    hist = History(valid_loss=[5.5, 5.2, 5.1, 5.0], lr=[1.0, 0.5, 0.25])  # stopped by the rule: one rate fewer
    record = _record(notes=["a note", f"{curve(hist)}.", "another"])
    ppl, lrs = record.curve()
    assert ppl == pytest.approx([round(2.718281828**x, 1) for x in hist.valid_loss], abs=0.051)
    assert lrs == [1.0, 0.5, 0.25] and record.epochs_at_start_rate() == 2
    ax = plotting.schedule_plot(record)
    assert len(ax.lines[0].get_xdata()) == 4 and len(ax.patches) == 2  # epochs 3 and 4 trained at a lower rate
    assert record.schedule_summary() == (
        "epochs 1-2 at the starting rate: 244.7 → 181.3, the last of them gaining 25.9%; "
        "epochs 3-4 at lowered rates: → 148.4 (-18.1%), the last of them gaining 9.5%"
    )
    with pytest.raises(KeyError, match="no training curve"):
        _record().curve()
    # the committed NNLM record: its best epoch's validation perplexity is the one in its table
    nnlm = results.load("nnlm-ptb")
    assert min(nnlm.curve()[0]) == nnlm.number("NNLM n=5", "valid ppl")
