import dataclasses

import numpy as np
import pytest

from course_utils import embeddings as E

WORDS = ["man", "woman", "king", "queen", "apple", "pear"]
VECTORS = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 1, 1, 0], [0, 0, 0, 1], [0, 0.2, 0, 1]], dtype=float)
SETS = {
    "wordsim353": [("man", "woman", 8.0), ("king", "queen", 8.5), ("apple", "pear", 9.0), ("man", "apple", 0.5)],
    "simlex999": [("man", "woman", 7.0), ("man", "apple", 1.0), ("king", "pear", 2.0), ("x", "y", 1.0)],
    "analogies": [("man", "woman", "king", "queen", "gender"), ("man", "king", "woman", "pear", "royal")],
}


def test_score_word_vectors_is_the_three_shared_evaluations():
    wv = E.WordVectors(WORDS, VECTORS)
    scores = E.score_word_vectors(wv, SETS)
    assert scores.wordsim353 == E.evaluate_similarity(wv, SETS["wordsim353"])
    assert scores.simlex999 == E.evaluate_similarity(wv, SETS["simlex999"])
    assert scores.analogies == E.evaluate_analogies(wv, SETS["analogies"], "add")
    assert scores.analogies.accuracy == 0.5 and scores.simlex999.pairs_used == 3
    ws, sl = scores.wordsim353.spearman, scores.simlex999.spearman
    assert scores.cells() == [f"{ws:.3f}", f"{sl:.3f}", "0.500"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        scores.analogies = None


def test_score_word_vectors_names_a_missing_set():
    with pytest.raises(ValueError, match="lack analogies"):
        E.score_word_vectors(E.WordVectors(WORDS, VECTORS), {k: SETS[k] for k in ("wordsim353", "simlex999")})


@pytest.mark.data
def test_evaluation_sets_loads_the_three_registered_sets(real_data):
    real_data("word-eval")
    sets = E.evaluation_sets(download=False)
    assert {k: len(v) for k, v in sets.items()} == {"wordsim353": 353, "simlex999": 999, "analogies": 19_544}


def test_word_vectors_save_and_load_round_trip_in_float16(tmp_path):
    import numpy as np

    from course_utils.embeddings import WordVectors

    rng = np.random.default_rng(0)
    wv = WordVectors(["北京", "中国", "天天"], rng.normal(size=(3, 4)).astype(np.float32))
    back = WordVectors.load(wv.save(tmp_path / "v.npz"))
    assert back.words == wv.words
    assert np.allclose(back.vectors, wv.vectors, atol=1e-2)  # float16: three significant digits
    assert np.array_equal(WordVectors.load(wv.save(tmp_path / "full.npz", half=False)).vectors, wv.vectors)
    (tmp_path / "bad.npz").write_bytes(b"not a numpy file")
    with pytest.raises(ValueError, match="not a word-vector file"):
        WordVectors.load(tmp_path / "bad.npz")
    np.save(tmp_path / "array.npy", np.zeros((2, 2)))
    with pytest.raises(ValueError, match="no words and vectors"):
        WordVectors.load(tmp_path / "array.npy")
    with pytest.raises(FileNotFoundError, match="no word-vector file"):
        WordVectors.load(tmp_path / "missing.npz")
