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


def test_all_skips_the_parts_of_a_split_experiment():
    parts = [e.name for e in reproduce.EXPERIMENTS.values() if not e.in_all]
    assert set(parts) == {"rnnlm-ptb-rnn", "rnnlm-ptb-lstm"} and "rnnlm-ptb" in reproduce.EXPERIMENTS


def test_rnnlm_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    """The experiment's code path end to end, on three sentences and one epoch (no data files needed)."""
    from course_utils import data

    tiny = {split: [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]] for split in ("train", "valid", "test")}
    monkeypatch.setattr(data, "load_ptb", lambda download=False: tiny)
    monkeypatch.setattr(reproduce, "RNNLM_EPOCHS", 2)
    monkeypatch.setattr(
        reproduce, "RNNLM_CONFIG", {**reproduce.RNNLM_CONFIG, "embed_dim": 4, "hidden": 4, "batch_size": 2, "bptt": 3}
    )
    table = reproduce._rnnlm_rows(("rnn", "lstm"))
    assert [row[0].split(",")[0] for row in table.rows] == ["vanilla RNN", "LSTM"]
    assert all(float(row[3]) > 1 for row in table.rows)


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
    monkeypatch.setattr(reproduce, "W2V_SETTINGS", {**reproduce.W2V_SETTINGS, "dim": 8, "epochs": 1, "min_count": 1})
    table = reproduce.word2vec_ptb()
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
    monkeypatch.setattr(reproduce, "W2V_SETTINGS", {**reproduce.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(
        reproduce,
        "PPMI_SVD_CONFIGS",
        [("PPMI", {"window": 2, "rank": 3}), ("raw", {"window": 2, "weighting": "raw", "rank": 3})],
    )
    table = reproduce.ppmi_svd_ptb()
    assert [r[0] for r in table.rows] == ["PPMI", "raw", "word2vec skipgram (ours)", "word2vec cbow (ours)"]
    assert all(len(r) == len(table.columns) for r in table.rows) and "8 words" in table.notes[0]


def test_svd_timing_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    _tiny_word_vector_data(monkeypatch)
    monkeypatch.setattr(reproduce, "SVD_TIMING_SIZES", ())
    from course_utils import cooccurrence

    real_svd = cooccurrence.svd
    monkeypatch.setattr(cooccurrence, "svd", lambda m, rank, method="randomized", seed=0: real_svd(m, 3, method, seed))
    table = reproduce.svd_timing()
    assert [r[0] for r in table.rows] == ["8"] and table.rows[0][2] != "-"
    assert "slope" in table.notes[0]


def test_glove_rows_on_a_tiny_stand_in_for_ptb(monkeypatch):
    _tiny_word_vector_data(monkeypatch)
    monkeypatch.setattr(reproduce, "W2V_SETTINGS", {**reproduce.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(reproduce, "GLOVE_EPOCHS", 2)
    from course_utils import cooccurrence

    monkeypatch.setattr(cooccurrence.CountVectors, "__init__", _small_rank(cooccurrence.CountVectors.__init__))
    table = reproduce.glove_ptb()
    labels = [r[0] for r in table.rows]
    assert labels[:4] == [label for label, _ in reproduce.GLOVE_CONFIGS] and labels[-1] == "word2vec cbow (ours)"
    assert len(labels) == 8 and "AdaGrad at 0.05, 2 epochs" in table.notes[0]


def _small_rank(init):
    def patched(self, *args, **kwargs):
        init(self, *args, **{**kwargs, "rank": 3})

    return patched


def _tiny_elmo_data(monkeypatch, tmp_path):
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
    monkeypatch.setattr(reproduce, "ELMO_SETTINGS", {**reproduce.ELMO_SETTINGS, "dim": 8, "hidden": 12})
    monkeypatch.setattr(reproduce, "ELMO_EPOCHS", 1)
    monkeypatch.setattr(reproduce, "ELMO_CHECKPOINT", tmp_path / "results" / "elmo.pt")
    monkeypatch.setattr(reproduce, "ELMO_DATA_COPY", tmp_path / "data")
    monkeypatch.setattr(reproduce, "W2V_SETTINGS", {**reproduce.W2V_SETTINGS, "dim": 4, "epochs": 1, "min_count": 1})
    monkeypatch.setattr(cooccurrence.CountVectors, "__init__", _small_rank(cooccurrence.CountVectors.__init__))


def test_elmo_trains_saves_both_checkpoints_and_probes_on_a_tiny_stand_in(monkeypatch, tmp_path):
    _tiny_elmo_data(monkeypatch, tmp_path)
    table = reproduce.elmo_ptb()
    labels = [r[0] for r in table.rows]
    assert labels[0].startswith("ELMo layer 0") and labels[3] == "ELMo scalar mix (fitted for POS)"
    assert len(table.rows) == 6 and all(len(r) == len(reproduce.PROBE_COLUMNS) for r in table.rows)
    assert (tmp_path / "results" / "elmo.pt").is_file() and (tmp_path / "data" / "elmo-ptb.pt").is_file()
    assert "SHA-256" in table.notes[-1]
    assert table.rows[4][2] == table.rows[5][2]  # static vectors: the may-sense probe is at chance for both
    probes = reproduce.elmo_probes()  # the probes alone, on the data/ copy just written
    assert [r[0] for r in probes.rows] == labels and "test perplexity" in probes.notes[0]


def test_analogy_split_separates_syntactic_sections():
    from course_utils.embeddings import AnalogyResult

    result = AnalogyResult(0.5, 3, 6, 6, {"capital": (1, 2), "gram1-adj": (2, 3), "gram2": (0, 1)})
    assert reproduce._analogy_split(result) == ("0.500", "0.500")
    assert reproduce._analogy_split(AnalogyResult(0, 0, 0, 0, {"gram1": (0, 2)})) == ("-", "0.000")
