import typing

import pytest

from course_utils import reproduce, results
from course_utils.reproduce import RunConfig, ch01, ch02, ch03, ch05, ch06, ch07, ch08, ch09


def test_experiments_are_registered_with_a_notebook():
    assert "ngram-mle-ptb" in reproduce.EXPERIMENTS
    for e in reproduce.EXPERIMENTS.values():
        assert e.notebook.isdigit() and e.description


def test_experiments_are_listed_in_chapter_order():
    assert list(reproduce.EXPERIMENTS)[:4] == ["ngram-mle-ptb", "ngram-ptb", "ngram-zh", "kn5-vs-nltk"]
    notebooks = [e.notebook for e in reproduce.EXPERIMENTS.values()]
    assert notebooks == sorted(notebooks) and list(reproduce.EXPERIMENTS)[-1] == "induction"


@pytest.mark.parametrize("name", list(reproduce.EXPERIMENTS))
def test_every_experiment_takes_a_run_config(name):
    """Each experiment is ``fn(config: RunConfig) -> Table``, so ``--tiny`` reaches every one of them."""
    fn = reproduce.EXPERIMENTS[name].run
    hints = typing.get_type_hints(fn)
    assert list(hints) == ["config", "return"]
    assert hints["config"] is RunConfig and hints["return"] is reproduce.Table


def test_run_config_is_frozen_and_keeps_a_tiny_run_apart(tmp_path):
    from course_utils.paths import REPO_DATA

    real, tiny = RunConfig(), RunConfig(tiny=True)
    with pytest.raises(AttributeError):
        real.tiny = True  # type: ignore[misc]
    assert real.data_copy_dir == REPO_DATA and real.checkpoint_dir == reproduce.Path("results")
    assert tiny.checkpoint_dir == reproduce.Path("results") / "tiny" and tiny.data_copy_dir != REPO_DATA
    assert RunConfig(tiny=True, data_copy=tmp_path).data_copy_dir == tmp_path
    assert reproduce.epochs(tiny, 12) == 1 and reproduce.epochs(real, 12) == 12


def test_tiny_ptb_keeps_the_first_sentences(monkeypatch):
    from course_utils import data

    full = {split: [[str(i)] for i in range(500)] for split in ("train", "valid", "test")}
    monkeypatch.setattr(data, "load_ptb", lambda download=False: full)
    tiny = reproduce.load_ptb(RunConfig(tiny=True))
    assert {k: len(v) for k, v in tiny.items()} == {"train": 300, "valid": 40, "test": 40}
    assert tiny["valid"][-1] == ["39"] and reproduce.load_ptb(RunConfig()) is full


def test_help_only_prints_help(capsys, monkeypatch):
    monkeypatch.setattr(reproduce, "run", lambda *a, **k: pytest.fail("--help ran an experiment"))
    assert reproduce.main(["--help"]) == 0
    printed = capsys.readouterr()
    assert printed.out.startswith("usage: python -m course_utils.reproduce") and "--tiny" in printed.out
    assert "experiments (python -m" not in printed.out and not printed.err


def test_listing_and_unknown_name(capsys):
    assert reproduce.main([]) == 0
    assert "ngram-mle-ptb" in capsys.readouterr().out
    assert reproduce.main(["nope"]) == 2
    assert "unknown experiment 'nope'" in capsys.readouterr().err
    assert reproduce.main(["--no-such-option"]) == 2


def test_run_prints_markdown_time_memory_and_writes_file(tmp_path, monkeypatch, capsys):
    def fake(config: RunConfig) -> reproduce.Table:
        return reproduce.Table("demo", ["a", "b"], [["1", "2"]], [f"a note, tiny={config.tiny}"])

    monkeypatch.setitem(reproduce.EXPERIMENTS, "demo", reproduce.Experiment("demo", "d", "01", fake))
    out = tmp_path / "r" / "demo.md"
    out.parent.mkdir()  # --out's folder must exist (a missing one is refused: see BAD_INPUT)
    assert reproduce.main(["demo", "--out", str(out), "--tiny", "--results", str(tmp_path / "res")]) == 0
    printed = capsys.readouterr().out
    assert "| a | b |\n|---|---|\n| 1 | 2 |" in printed and "- a note, tiny=True" in printed
    assert "wall time" in printed and "peak memory" in printed and "reproduce demo --tiny`" in printed
    assert out.read_text(encoding="utf-8") in printed
    # the record: a tiny run's goes to results/tiny/, with the run's provenance, and renders what was printed
    record = results.load("demo", tmp_path / "res" / "tiny")
    assert record.rows == [["1", "2"]] and record.tiny and record.command.endswith("demo --tiny")
    assert record.versions["torch"] and record.machine["cpu_count"] >= 1 and record.wall_s is not None
    assert record.markdown() in printed


def test_registering_twice_is_an_error():
    with pytest.raises(ValueError, match="twice"):
        reproduce.experiment("ngram-mle-ptb", "again", "01")(lambda config: None)


@pytest.mark.data
def test_ngram_mle_ptb_rows(real_data):
    # the experiment's code path on tiny PTB (the full-PTB numbers, 687.0 and 20.5%, are test_ngram's)
    real_data("ptb")
    table = ch01.ngram_mle_ptb(RunConfig(tiny=True))
    assert [r[0] for r in table.rows] == ["1", "2", "3", "4", "5"]
    assert 1 < float(table.rows[0][4].replace(",", "")) < 10_000 and table.rows[1][4] == "inf"
    assert all(r[6].endswith("%") for r in table.rows) and table.rows[0][6] == "0.0%"


def test_recurrent_experiments_on_a_tiny_stand_in_for_ptb(monkeypatch):
    """Both experiments' code paths end to end (the RNN LM with its KN5 mixture, and the LSTM) on a small
    synthetic corpus and two epochs (no data files needed)."""
    import random

    from course_utils import data

    rng = random.Random(0)
    words = "a b c d e f".split()
    tiny = {split: [rng.choices(words, k=5) for _ in range(40)] for split in ("train", "valid", "test")}
    monkeypatch.setattr(data, "load_ptb", lambda download=False: tiny)
    small = {"dim": 4, "hidden": 4, "batch_size": 2, "bptt": 3, "epochs": 2}
    monkeypatch.setattr(ch05, "RNN_RECIPE", {**ch05.RNN_RECIPE, **small})
    monkeypatch.setattr(ch05, "LSTM_RECIPE", {**ch05.LSTM_RECIPE, **small})
    table = ch05.rnnlm_ptb(RunConfig())
    assert [row[0].split(",")[0].split(" (")[0] for row in table.rows] == [
        "RNN LM",
        "modified Kneser-Ney 5-gram",
        "RNN LM + KN5",
    ]
    rnn_ppl, kn_ppl, mix_ppl = (float(row[2]) for row in table.rows)  # validation, where the weight is fitted
    assert 1 < mix_ppl <= min(rnn_ppl, kn_ppl) + 1e-6  # EM's optimum is at least as good as either end
    assert "validation perplexity by epoch" in " ".join(table.notes)
    (lstm,) = ch05.lstm_ptb(RunConfig()).rows
    assert lstm[0].startswith("LSTM") and float(lstm[3]) > 1


def test_word2vec_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    """The experiment end to end (ours and gensim, both sizes) on a small synthetic corpus."""
    import numpy as np

    from course_utils import data
    from course_utils import embeddings as E

    rng = np.random.default_rng(0)
    words = ["king", "queen", "man", "woman", "cat", "dog", "apple", "pear"]
    corpus = [list(rng.choice(words, size=8)) for _ in range(400)]
    monkeypatch.setattr(data, "load_ptb", lambda download=False: {"train": corpus})
    monkeypatch.setattr(
        E,
        "load_similarity",
        lambda name, download=False: [("king", "queen", 8.0), ("cat", "dog", 7.0), ("man", "pear", 1.0)],
    )
    monkeypatch.setattr(
        E,
        "load_analogies",
        lambda download=False: [("man", "woman", "king", "queen", "family"), ("x", "y", "z", "w", "none")],
    )
    monkeypatch.setattr(ch06, "W2V_SETTINGS", {**ch06.W2V_SETTINGS, "dim": 8, "epochs": 1, "min_count": 1})
    table = ch06.word2vec_ptb(RunConfig())
    assert [row[1] for row in table.rows[:4]] == ["ours skipgram", "gensim skipgram", "ours cbow", "gensim cbow"]
    assert len(table.rows) == 8 and all(row[-1] == "1" for row in table.rows[1::2])
    assert "Google analogies 50.0% of questions" in table.notes[1]


def _tiny_word_vector_data(monkeypatch):
    import numpy as np

    from course_utils import data
    from course_utils import embeddings as E

    rng = np.random.default_rng(0)
    topics = [["king", "queen", "man", "woman"], ["cat", "dog", "apple", "pear"]]
    corpus = [list(rng.choice(topics[i % 2], size=8)) for i in range(400)]
    monkeypatch.setattr(data, "load_ptb", lambda download=False: {"train": corpus})
    monkeypatch.setattr(E, "load_similarity", lambda name, download=False: [("king", "queen", 8.0), ("cat", "pear", 1)])
    monkeypatch.setattr(E, "load_analogies", lambda download=False: [("man", "woman", "king", "queen", "family")])


def test_ppmi_svd_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    _tiny_word_vector_data(monkeypatch)
    monkeypatch.setattr(ch06, "W2V_SETTINGS", {**ch06.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(
        ch07,
        "PPMI_SVD_CONFIGS",
        [("PPMI", {"window": 2, "dim": 3}), ("raw", {"window": 2, "weighting": "raw", "dim": 3})],
    )
    table = ch07.ppmi_svd_ptb(RunConfig())
    assert [r[0] for r in table.rows] == ["PPMI", "raw", "word2vec skipgram (ours)", "word2vec cbow (ours)"]
    assert all(len(r) == len(table.columns) for r in table.rows) and "8 words" in table.notes[0]


def test_a_tiny_run_caps_the_svd_rank():
    assert ch07.rank(RunConfig()) == 100 and ch07.rank(RunConfig(), 300) == 300
    assert ch07.rank(RunConfig(tiny=True), 300) == ch07.TINY_RANK


def test_svd_timing_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    _tiny_word_vector_data(monkeypatch)
    monkeypatch.setattr(ch07, "SVD_TIMING_SIZES", ())
    from course_utils import cooccurrence

    real_svd = cooccurrence.svd
    monkeypatch.setattr(cooccurrence, "svd", lambda m, rank, method="randomized", seed=0: real_svd(m, 3, method, seed))
    table = ch07.svd_timing(RunConfig())
    assert [r[0] for r in table.rows] == ["8"] and table.rows[0][2] != "-"
    assert "slope" in table.notes[0]


def test_glove_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    _tiny_word_vector_data(monkeypatch)
    monkeypatch.setattr(ch06, "W2V_SETTINGS", {**ch06.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(ch08, "GLOVE_EPOCHS", 2)
    from course_utils import cooccurrence

    monkeypatch.setattr(cooccurrence.CountVectors, "__init__", _small_rank(cooccurrence.CountVectors.__init__))
    table = ch08.glove_ptb(RunConfig())
    labels = [r[0] for r in table.rows]
    assert labels[:4] == [label for label, _ in ch08.GLOVE_CONFIGS] and labels[-1] == "word2vec cbow (ours)"
    assert len(labels) == 8 and "AdaGrad at 0.05, 2 epochs" in table.notes[0]


def _small_rank(init):
    def patched(self, *args, **kwargs):
        init(self, *args, **{**kwargs, "dim": 3})

    return patched


def _tiny_elmo_data(monkeypatch):
    from course_utils import cooccurrence, data
    from course_utils import embeddings as E

    corpus = [s.split() for s in ["the cat may sit", "a dog saw the cat in may", "the dog ran", "in may N"]] * 10
    tagged = [[("The", "DET"), ("cat", "NOUN"), ("sat", "VERB"), (".", "PUNCT")], [("A", "DET"), ("dog", "NOUN")]] * 5
    monkeypatch.setattr(
        data, "load_ptb", lambda download=False: {"train": corpus, "valid": corpus[:3], "test": corpus[:3]}
    )
    monkeypatch.setattr(data, "load_ud_pos", lambda split, download=False: tagged)
    monkeypatch.setattr(E, "load_similarity", lambda name, download=False: [("cat", "dog", 8.0), ("cat", "ran", 1)])
    monkeypatch.setattr(
        E,
        "load_analogies",
        lambda download=False: [("cat", "dog", "the", "a", "gram1"), ("a", "the", "cat", "dog", "x")],
    )
    monkeypatch.setattr(ch09, "ELMO_SETTINGS", {**ch09.ELMO_SETTINGS, "dim": 8, "hidden": 12})
    monkeypatch.setattr(ch09, "ELMO_EPOCHS", 1)
    monkeypatch.setattr(ch06, "W2V_SETTINGS", {**ch06.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(cooccurrence.CountVectors, "__init__", _small_rank(cooccurrence.CountVectors.__init__))


def test_elmo_trains_saves_both_checkpoints_and_probes_on_a_tiny_stand_in(monkeypatch, tmp_path):
    _tiny_elmo_data(monkeypatch)
    config = RunConfig(results=tmp_path / "results", data_copy=tmp_path / "data")
    table = ch09.elmo_ptb(config)
    assert [r[0] for r in table.rows] == ["biLM: char-CNN, 2 LSTM layers per direction"]
    forward, backward = (float(x) for x in table.rows[0][3].split(" / "))
    assert 1 < forward < 1e4 and 1 < backward < 1e4  # each direction's test perplexity, a real number
    assert (tmp_path / "results" / "elmo-ptb.pt").is_file() and (tmp_path / "data" / "elmo-ptb.pt").is_file()
    assert "SHA-256" in table.notes[-1]
    probes = ch09.elmo_probes(config)  # the probes, on the data/ copy just written
    labels = [r[0] for r in probes.rows]
    assert labels[0].startswith("ELMo layer 0") and labels[3] == "ELMo scalar mix (fitted for POS)"
    assert len(probes.rows) == 6 and all(len(r) == len(ch09.PROBE_COLUMNS) for r in probes.rows)
    assert probes.rows[4][2] == probes.rows[5][2]  # static vectors: the may-sense probe is at chance for both
    assert "test perplexity" in probes.notes[0]


def test_a_tiny_elmo_run_writes_under_results_tiny(monkeypatch, tmp_path):
    """--tiny never writes over the real checkpoint or the repository's data/ copy."""
    _tiny_elmo_data(monkeypatch)
    ch09.elmo_ptb(RunConfig(tiny=True, results=tmp_path))
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pt")) == [
        "tiny/data/elmo-ptb.pt",
        "tiny/elmo-ptb.pt",
    ]


def test_analogy_split_separates_syntactic_sections():
    from course_utils.embeddings import AnalogyResult

    result = AnalogyResult(0.5, 3, 6, 6, {"capital": (1, 2), "gram1-adj": (2, 3), "gram2": (0, 1)})
    assert ch09._analogy_split(result) == ("0.500", "0.500")
    assert ch09._analogy_split(AnalogyResult(0, 0, 0, 0, {"gram1": (0, 2)})) == ("-", "0.000")


# ---------------------------------------------------------------- the command line: bad input fails fast


@pytest.fixture
def demo(monkeypatch):
    """The registry reduced to two fake experiments, ``demo`` and ``other``; returns the names of the runs made."""
    ran: list[str] = []

    def make(name: str):
        def fake(config: RunConfig) -> reproduce.Table:
            ran.append(name)
            return reproduce.Table(name, ["a"], [["1"]])

        return reproduce.Experiment(name, "a fake", "01", fake)

    monkeypatch.setattr(reproduce, "EXPERIMENTS", {"demo": make("demo"), "other": make("other")})
    monkeypatch.setattr(reproduce.distributed, "setup", lambda: ran.append("setup"))
    return ran


def _locked(monkeypatch, folder):
    """Make ``folder`` (and everything in it) unwritable: by its permissions, and, since root ignores those,
    by making the run's write test fail there as the disk would."""
    import errno
    import os

    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real = reproduce._can_write

        def can_write(path):
            inside = path == folder or folder in path.parents
            return PermissionError(errno.EACCES, "Permission denied") if inside else real(path)

        monkeypatch.setattr(reproduce, "_can_write", can_write)


def _fake_repository(root, monkeypatch):
    """A stand-in for the repository at ``root`` (README, a notebook, data/, tests/, course_utils/, a record),
    made the one ``--out`` protects, so that no test ever points ``--out`` at a real course file."""
    for path, text in [
        ("README.md", "# LM Foundations\n"),
        ("notebooks/01_statistical_lm.ipynb", '{"cells": []}\n'),
        ("data/MANIFEST.json", "{}\n"),
        ("tests/conftest.py", "\n"),
        ("course_utils/__init__.py", "\n"),
        ("results/ngram-ptb.json", '{"experiment": "ngram-ptb"}\n'),
    ]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    monkeypatch.setattr(reproduce, "ROOT", root)


def _snapshot(folder):
    """Every path under ``folder``, with the bytes of each file (links followed) and None for the rest."""
    return {p.relative_to(folder): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def _earlier(name, command=None):
    """The markdown a run of ``name`` writes to --out (a tiny run by default)."""
    command = command or f"python -m course_utils.reproduce {name} --tiny"
    return results.Record(name, "01", name, ["a"], [["1"]], wall_s=0.1, command=command).markdown()


# (id, arguments with {tmp} for the test's folder, exit status, what the message must say)
BAD_INPUT = [
    ("unknown experiment", ["demp"], 2, ["unknown experiment 'demp'", "did you mean 'demo'?", "known: demo, other"]),
    ("unknown option", ["demo", "--tinyy"], 2, ["usage: python -m course_utils.reproduce", "unrecognized arguments"]),
    ("option without its value", ["demo", "--out"], 2, ["--out: expected one argument"]),
    ("--out in a missing folder", ["demo", "--out", "{tmp}/nope/demo.md"], 1, ["does not exist", "mkdir -p"]),
    ("--out is a folder", ["demo", "--out", "{tmp}/dir"], 1, ["is a folder", "give a file name"]),
    ("--out below a file", ["demo", "--out", "{tmp}/file/demo.md"], 1, ["is a file, not a folder"]),
    ("--out unwritable folder", ["demo", "--out", "{tmp}/locked/demo.md"], 1, ["Permission denied", "you can write"]),
    ("--out unwritable file", ["demo", "--out", "{tmp}/locked/old.md"], 1, ["Permission denied", "you can write"]),
    ("'all' --out a file", ["all", "--out", "{tmp}/file"], 1, ["is a file, not a folder", "--out is a folder"]),
    # --out never writes over what it did not write ({tmp}/repo stands in for the repository: see the test)
    (
        "--out the README",
        ["demo", "--out", "{tmp}/repo/README.md"],
        1,
        ["repository's README.md", "e.g. --out results"],
    ),
    ("--out README via ..", ["demo", "--out", "{tmp}/repo/results/../README.md"], 1, ["README.md", "of your own"]),
    ("--out a link to README", ["demo", "--out", "{tmp}/link.md"], 1, ["repository's README.md", "of your own"]),
    ("--out a notebook", ["demo", "--out", "{tmp}/repo/notebooks/01_statistical_lm.ipynb"], 1, ["notebooks/ folder"]),
    ("--out new .md in notebooks", ["demo", "--out", "{tmp}/repo/notebooks/new.md"], 1, ["notebooks/", "of your own"]),
    ("--out in data/", ["demo", "--out", "{tmp}/repo/data/MANIFEST.md"], 1, ["data/ folder", "of your own"]),
    ("--out in tests/", ["demo", "--out", "{tmp}/repo/tests/notes.md"], 1, ["tests/ folder", "of your own"]),
    ("--out in course_utils/", ["demo", "--out", "{tmp}/repo/course_utils/x.md"], 1, ["course_utils/ folder"]),
    (
        "--out a .json record",
        ["demo", "--out", "{tmp}/repo/results/ngram-ptb.json"],
        1,
        ["ending in .md", "e.g. --out"],
    ),
    ("--out without .md", ["demo", "--out", "{tmp}/table"], 1, ["writes the markdown table", "ending in .md"]),
    ("--out an unrelated .md", ["demo", "--out", "{tmp}/notes.md"], 1, ["something other than", "delete it first"]),
    ("--out another's table", ["demo", "--out", "{tmp}/other.md"], 1, ["an earlier table of other", "delete it"]),
    ("'all' --out notebooks/", ["all", "--out", "{tmp}/repo/notebooks"], 1, ["notebooks/ folder", "--out results"]),
    ("'all' --out unrelated .md", ["all", "--out", "{tmp}/md"], 1, ["md/demo.md exists", "delete it first"]),
    ("'all' --out NAME.md a folder", ["all", "--out", "{tmp}/mddir"], 1, ["other.md is a folder", "another folder"]),
    ("--results a file", ["demo", "--results", "{tmp}/file"], 1, ["is a file, not a folder", "give --results"]),
    ("--results below a file", ["demo", "--tiny", "--results", "{tmp}/file/r"], 1, ["is a file", "give --results"]),
    ("--results unwritable", ["demo", "--tiny", "--results", "{tmp}/locked"], 1, ["Permission denied", "--results"]),
]


@pytest.mark.parametrize(("argv", "status", "says"), [case[1:] for case in BAD_INPUT], ids=[c[0] for c in BAD_INPUT])
def test_bad_input_fails_fast_naming_the_fix(argv, status, says, demo, tmp_path, monkeypatch, capsys):
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "old.md").write_text(_earlier("demo"))
    _locked(monkeypatch, tmp_path / "locked")
    _fake_repository(tmp_path / "repo", monkeypatch)
    (tmp_path / "link.md").symlink_to(tmp_path / "repo" / "README.md")
    (tmp_path / "notes.md").write_text("# My notes\n\nnot a table of ours\n")
    (tmp_path / "other.md").write_text(_earlier("other"))
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "other.md").write_text(_earlier("other"))
    (tmp_path / "md" / "demo.md").write_text("**demo**\n\nwritten by hand\n")
    (tmp_path / "mddir" / "other.md").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)  # so that the default --results would land here too
    before = _snapshot(tmp_path)
    try:
        assert reproduce.main([a.format(tmp=tmp_path) for a in argv]) == status
    finally:
        (tmp_path / "locked").chmod(0o755)
    err = capsys.readouterr().err
    assert all(s in err for s in says), err
    assert demo == [], "an experiment (or the process group) was started before the input was checked"
    assert _snapshot(tmp_path) == before  # nothing written, created or changed: every file byte for byte
    if status == 1 or "unknown experiment" in err:  # ours: one line, the program's name first
        assert err.count("\n") == 1 and err.startswith("python -m course_utils.reproduce: error: ")


def test_run_checks_its_outputs_before_the_experiment(demo, tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(reproduce.OutputError, match=r"--results .*is a file, not a folder"):
        reproduce.run("demo", RunConfig(results=tmp_path / "file"))
    with pytest.raises(reproduce.OutputError, match="does not exist"):
        reproduce.run("demo", RunConfig(results=tmp_path / "r"), out=tmp_path / "nope" / "demo.md")
    with pytest.raises(KeyError) as unknown:
        reproduce.run("nope", RunConfig(results=tmp_path))
    assert str(unknown.value).startswith("unknown experiment 'nope'")  # the message, not KeyError's quoted repr
    assert demo == []


def test_good_outputs_are_created_and_all_writes_one_file_each(demo, tmp_path, capsys):
    assert reproduce.main(["all", "--tiny", "--results", str(tmp_path / "a" / "b"), "--out", str(tmp_path / "md")]) == 0
    assert demo == ["setup", "demo", "other"]
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == ["demo.md", "other.md"]
    assert sorted(p.name for p in (tmp_path / "a" / "b" / "tiny").iterdir()) == ["demo.json", "other.json"]


def test_out_writes_over_only_an_empty_file_or_an_earlier_table_of_the_same_experiment(
    demo, tmp_path, monkeypatch, capsys
):
    _fake_repository(tmp_path / "repo", monkeypatch)
    res = ["--tiny", "--results", str(tmp_path / "res")]
    out = tmp_path / "demo.md"
    for _ in range(2):  # a new file, then the table it holds from the first run: both written
        assert reproduce.main(["demo", "--out", str(out), *res]) == 0
        assert reproduce._earlier_table(out) == "demo" and out.read_text().startswith("**demo**")
    out.write_text(_earlier("demo", "python -m course_utils.reproduce demo"))  # a full-size run's table
    assert reproduce.main(["demo", "--out", str(out), *res]) == 0
    table = out.read_bytes()
    assert reproduce.main(["other", "--out", str(out), *res]) == 1  # another experiment's: kept
    assert "an earlier table of demo" in capsys.readouterr().err and out.read_bytes() == table
    empty = tmp_path / "empty.md"
    empty.touch()  # as mktemp makes it: nothing to lose
    assert reproduce.main(["other", "--out", str(empty), *res]) == 0 and reproduce._earlier_table(empty) == "other"
    # 'all' into its own folder, twice: the second run writes over the first run's tables
    assert reproduce.main(["all", "--out", str(tmp_path / "md"), *res]) == 0
    assert reproduce.main(["all", "--out", str(tmp_path / "md"), *res]) == 0
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == ["demo.md", "other.md"]
    assert reproduce.main(["demo", "--out", str(tmp_path / "repo" / "results" / "demo.md"), *res]) == 0  # results/
    assert demo == ["setup", "demo"] * 3 + ["setup", "other"] + ["setup", "demo", "other"] * 2 + ["setup", "demo"]


def test_an_earlier_table_is_told_by_its_title_and_footer(tmp_path):
    torchrun = "torchrun --standalone --nproc_per_node 2 -m course_utils.reproduce nnlm-ptb"
    cases = {
        _earlier("nnlm-ptb", torchrun): "nnlm-ptb",
        _earlier("lstm-ptb"): "lstm-ptb",
        "": "",
        "**demo**\n": None,  # a title without the footer
        _earlier("demo").replace("**demo**", "# demo"): None,  # not the title a run writes
        "# README\n\n" + _earlier("demo"): None,  # a page that quotes a table (as the README does)
        _earlier("demo") + "\nmore text\n": None,
        "\u00ff\u00fe".encode("latin-1"): None,  # not UTF-8
    }
    for content, name in cases.items():
        path = tmp_path / "t.md"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        assert reproduce._earlier_table(path) == name, content
    path.write_text(_earlier("demo") + "x" * reproduce._OUT_MAX_BYTES)
    assert reproduce._earlier_table(path) is None
    assert reproduce._earlier_table(tmp_path / "missing.md") is None


def test_the_real_course_files_are_protected():
    """Read-only: the repository's README, notebooks and records are refused by name, results/ is not."""
    from course_utils.paths import NOTEBOOK_DIR, ROOT

    assert reproduce._course_files(ROOT / "README.md") == "the repository's README.md"
    assert reproduce._course_files(NOTEBOOK_DIR / "01_statistical_lm.ipynb") == "the repository's notebooks/ folder"
    assert reproduce._course_files(ROOT / "results" / "ngram-ptb.md") is None
    assert reproduce._earlier_table(ROOT / "README.md") is None  # the README quotes footers, but is no table


def test_the_folders_an_experiment_writes_are_checked_first(tmp_path, monkeypatch):
    """elmo also writes its float16 copy to the data folder: a run that could not write it stops before training."""
    monkeypatch.setattr(ch09, "load_ptb", lambda config: pytest.fail("elmo started before its outputs were checked"))
    (tmp_path / "file").write_text("")
    config = RunConfig(results=tmp_path / "r", data_copy=tmp_path / "file" / "data")
    assert reproduce.EXPERIMENTS["elmo"].folders(config) == (tmp_path / "r", tmp_path / "file" / "data")
    with pytest.raises(reproduce.OutputError, match=r"elmo writes to .*is a file, not a folder"):
        reproduce.run("elmo", config)


def test_an_error_inside_an_experiment_is_not_caught(demo, tmp_path, monkeypatch):
    def broken(config: RunConfig) -> reproduce.Table:
        return {}["missing"]  # an internal KeyError: it must surface as itself, with its traceback

    monkeypatch.setitem(reproduce.EXPERIMENTS, "broken", reproduce.Experiment("broken", "b", "01", broken))
    with pytest.raises(KeyError, match="missing") as raised:
        reproduce.main(["broken", "--results", str(tmp_path)])
    assert raised.traceback[-1].name == "broken"


def test_the_command_shows_an_experiments_traceback_and_fails(tmp_path):
    """As a command: the full traceback on stderr and a non-zero status (not a bare key and status 2)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from course_utils import reproduce\n"
        "def broken(config: reproduce.RunConfig) -> reproduce.Table:\n"
        "    return {}['missing']\n"
        "reproduce.experiment('broken', 'b', '01')(broken)\n"
        f"sys.exit(reproduce.main(['broken', '--results', {str(tmp_path)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr and "in broken" in done.stderr
    assert done.stderr.rstrip().endswith("KeyError: 'missing'")


# ---------------------------------------------------------------- --tiny reaches every experiment


#: seconds a tiny run may take (measured: 1-8 s each on 2 CPU cores); any full-scale path takes minutes
TINY_BUDGET_S = 60


class _Sliver(list):
    """A data split that lets only its first ``limit`` items be taken, by slicing (as ``--tiny`` does):
    any other use (iterating it, its length, an item) is a full-size use and fails the test."""

    def __init__(self, items, limit: int, what: str):
        super().__init__(items)
        self.limit, self.what = limit, what

    def _full(self, *args):
        pytest.fail(f"a tiny run used all of {self.what} (only its first {self.limit} items are allowed)")

    def __getitem__(self, key):
        if isinstance(key, slice) and key.start in (None, 0) and key.step in (None, 1):
            if key.stop is not None and 0 <= key.stop <= self.limit:
                return list.__getitem__(self, key)
        self._full()

    __iter__ = __len__ = __reversed__ = __contains__ = _full


@pytest.fixture
def tiny_spies(monkeypatch):
    """Watch what a tiny run loads and trains: PTB and UD EWT only as slivers, every model for one epoch,
    the NLTK benchmark's fit on 300 sentences. Returns the epochs each model was given."""
    import subprocess

    from course_utils import data, glove, training, word2vec
    from course_utils.reproduce import TINY_PTB

    load_ptb, load_ud_pos = data.load_ptb, data.load_ud_pos
    monkeypatch.setattr(
        data,
        "load_ptb",
        lambda download=False: {k: _Sliver(v, TINY_PTB[k], f"PTB {k}") for k, v in load_ptb(download=download).items()},
    )
    monkeypatch.setattr(
        data,
        "load_ud_pos",
        lambda split, download=False: _Sliver(
            load_ud_pos(split, download=download), ch09.TINY_PROBE_SENTENCES, f"UD EWT {split}"
        ),
    )
    trained: list[tuple[str, int]] = []

    def watch(cls, method: str):
        original = getattr(cls, method)

        def watched(self, *args, **kwargs):
            trained.append((cls.__name__, self.epochs))
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, method, watched)

    def watch_config(self):
        config_post_init(self)
        trained.append(("TrainConfig", self.epochs))

    config_post_init = training.TrainConfig.__post_init__
    monkeypatch.setattr(training.TrainConfig, "__post_init__", watch_config)  # NNLM, RNN LMs, biLM: one loop
    watch(word2vec.Word2Vec, "fit")  # training (a GloVe() made only to read its defaults is not)
    watch(glove.GloVe, "_fit_counts")
    train_gensim = word2vec.train_gensim

    def gensim(*args, epochs, **kwargs):
        trained.append(("gensim", epochs))
        return train_gensim(*args, epochs=epochs, **kwargs)

    monkeypatch.setattr(word2vec, "train_gensim", gensim)
    run = subprocess.run

    def sub(command, *args, **kwargs):  # kn5-vs-nltk fits in fresh processes: argv ends with the sentence count
        if ch02._FIT_SCRIPT in command:
            assert command[-1] == str(TINY_PTB["train"]), f"a tiny run fitted {command[-2]} on all of PTB"
            trained.append((command[-2], 0))
        return run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", sub)
    return trained


@pytest.mark.data
@pytest.mark.parametrize("name", list(reproduce.EXPERIMENTS))
def test_every_experiment_honours_tiny(name, real_data, tiny_spies, tmp_path):
    """Each experiment as ``python -m course_utils.reproduce NAME --tiny``: it reads only PTB's (and UD EWT's)
    first sentences, trains every model for one epoch, writes only under --results/tiny, within the budget."""
    import time

    for dataset in ("ptb", "word-eval", "ud-english-ewt"):
        real_data(dataset)
    start = time.perf_counter()
    assert reproduce.main([name, "--tiny", "--results", str(tmp_path)]) == 0
    seconds = time.perf_counter() - start
    assert seconds < TINY_BUDGET_S, f"{name} --tiny took {seconds:.0f} s"
    record = results.load(name, tmp_path / "tiny")
    assert record.tiny and record.command.endswith(f"{name} --tiny") and record.rows
    assert {epochs for who, epochs in tiny_spies if who not in ("ours", "nltk")} <= {1}, tiny_spies
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert all(p.startswith("tiny/") for p in written) and f"tiny/{name}.json" in written


def _tiny_chinese(monkeypatch):
    """A small synthetic stand-in for People's Daily (words of one to three characters) and 《红楼梦》."""
    import random

    from course_utils import chinese, data

    rng = random.Random(0)
    words = ["中国", "人民", "的", "发展", "经济", "北京", "天天", "。", "泽民", "江", "地", "上"]
    tags = {"。": "w", "的": "u", "泽民": "nr", "江": "nr", "北京": "ns", "发展": "v", "天天": "d"}
    pd = {split: [rng.choices(words, k=6) for _ in range(60)] for split in chinese.SPLITS}
    pd["test"][0].append("龘字")  # a word never seen in training: the word models must spell it
    # gold tags: 地 and 上 alternate between their two senses, so the sense twins have both
    tagged = {
        k: [[(w, tags.get(w, {"地": "un"[i % 2], "上": "fv"[i % 2]}.get(w, "n"))) for i, w in enumerate(s)] for s in v]
        for k, v in pd.items()
    }
    monkeypatch.setattr(chinese, "load_peoples_daily", lambda *a, tags=False, **k: tagged if tags else pd)
    monkeypatch.setattr(data, "fetch", lambda *a, **k: {})
    monkeypatch.setattr(data, "load_hongloumeng", lambda download=False: "宝玉笑道。黛玉听了。" * 40)
    monkeypatch.setattr(data, "load_ptb", lambda download=False: {s: [["a", "<unk>"]] for s in chinese.SPLITS})
    return pd


def _check_zh_rows(table, first, pd):
    from course_utils import chinese
    from course_utils import smoothing as sm

    assert table.columns == reproduce.ZH_COLUMNS and table.rows[0][0] == "modified Kneser-Ney 5-gram"
    assert table.rows[1][0].startswith(first) and "mixture" in table.rows[2][0]
    # the KN5 row's bits per character: the test text's cost with the unseen word 龘字 spelled out, which costs
    # more than leaving it as one <unk> token
    vocab = chinese.word_vocab(pd["train"])
    kn5 = sm.ModifiedKneserNey(5).fit(pd["train"], vocab=vocab).evaluate(pd["test"])
    speller = reproduce.zh_speller(pd)
    spelled = chinese.bits_per_character(kn5.log_prob, pd["test"], vocab, speller)
    assert float(table.rows[0][3]) == pytest.approx(spelled, abs=5e-4)
    assert spelled > chinese.bits_per_character(kn5.log_prob, pd["test"])


def test_chinese_language_model_experiments_on_a_tiny_stand_in(monkeypatch):
    """ngram-zh, nnlm-pd and lstm-pd end to end on synthetic Chinese (no data files needed)."""
    pd = _tiny_chinese(monkeypatch)
    table = ch02.ngram_zh(RunConfig())
    corpora = [row[0] for row in table.rows]
    assert corpora[0] == "People's Daily, words" and corpora[-1] == "《红楼梦》, characters"
    assert len(table.rows) == 3 * len(ch02.smoothing_methods()) and "bits/char" in table.notes[2]
    small = {"dim": 4, "hidden": 4, "batch_size": 8, "epochs": 1}
    monkeypatch.setattr(ch03, "NNLM_RECIPE", {**ch03.NNLM_RECIPE, **small})
    monkeypatch.setattr(ch05, "LSTM_RECIPE", {**ch05.LSTM_RECIPE, **small, "bptt": 3})
    _check_zh_rows(ch03.nnlm_pd(RunConfig()), "NNLM", pd)
    _check_zh_rows(ch05.lstm_pd(RunConfig()), "LSTM", pd)


def test_chinese_word_vectors_on_a_tiny_stand_in(monkeypatch, tmp_path):
    from course_utils import embeddings as E

    _tiny_chinese(monkeypatch)
    sets = {
        "wordsim240": [("中国", "北京", 8.0), ("经济", "发展", 7.0), ("的", "江", 1.0)],
        "ca8_semantic": [("北京", "中国", "泽民", "江", "people")],
        "ca8_morphological": [("天", "天天", "人", "人人", "A")],  # not covered: 天 and 人 are not words here
        "ca_translated": [("中国", "北京", "人民", "经济", "x")],
    }
    monkeypatch.setattr(E, "zh_evaluation_sets", lambda download=True: sets)
    monkeypatch.setattr(ch06, "W2V_SETTINGS", {**ch06.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(ch08, "GLOVE_EPOCHS", 2)
    from course_utils import cooccurrence

    monkeypatch.setattr(cooccurrence.CountVectors, "__init__", _small_rank(cooccurrence.CountVectors.__init__))
    table = ch08.word_vectors_zh(RunConfig(tiny=True, results=tmp_path))
    assert table.columns[1:5] == [
        "wordsim-240 ρ (3/3)",
        "CA8 semantic (1/1)",
        "CA8 morphological (0/1)",
        "CA-translated (1/1)",
    ]
    assert [r[0] for r in table.rows][:4] == [
        "word2vec skipgram (ours)",
        "word2vec skipgram (gensim)",
        "word2vec cbow (ours)",
        "word2vec cbow (gensim)",
    ]
    saved = E.WordVectors.load(tmp_path / "tiny" / "data" / E.ZH_VECTORS)
    assert "北京" in saved and saved.dim == 4


def test_chinese_elmo_trains_and_probes_on_a_tiny_stand_in(monkeypatch, tmp_path):
    from course_utils import cooccurrence
    from course_utils import embeddings as E

    _tiny_chinese(monkeypatch)
    sets = {"wordsim240": [("中国", "北京", 8.0), ("经济", "发展", 7.0), ("的", "江", 1.0)]}
    sets |= {k: [("北京", "中国", "泽民", "江", "x")] for k in ("ca8_semantic", "ca8_morphological", "ca_translated")}
    monkeypatch.setattr(E, "zh_evaluation_sets", lambda download=True: sets)
    monkeypatch.setattr(ch09, "ELMO_SETTINGS", {**ch09.ELMO_SETTINGS, "dim": 8, "hidden": 12})
    monkeypatch.setattr(ch06, "W2V_SETTINGS", {**ch06.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(cooccurrence.CountVectors, "__init__", _small_rank(cooccurrence.CountVectors.__init__))
    config = RunConfig(tiny=True, results=tmp_path)
    table = ch09.elmo_pd(config)
    forward, backward = (float(x) for x in table.rows[0][4].split(" / "))  # bits per character, each direction
    assert 0 < forward < 30 and 0 < backward < 30
    assert (tmp_path / "tiny" / "data" / ch09.PRETRAINED_PD).is_file()
    probes = ch09.elmo_probes_pd(config)  # on the copy just written
    assert [r[0] for r in probes.rows][3] == "ELMo scalar mix (fitted for POS)" and len(probes.rows) == 6
    assert all(len(r) == len(ch09.ZH_PROBE_COLUMNS) for r in probes.rows)
    assert probes.rows[4][2:4] == probes.rows[5][2:4]  # static vectors: both sense twins at chance
