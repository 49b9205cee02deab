import hashlib
import http.client
import io

import pytest

from course_utils import data


@pytest.fixture
def fake_set(tmp_path, monkeypatch):
    """A registered one-file data set in a temporary cache, with its true bytes."""
    payload = b"hello world\nsecond line\n"
    entry = data.DataFile("f.txt", len(payload), hashlib.sha256(payload).hexdigest(), "https://example.invalid/f.txt")
    ds = data.DataSet("fake", "a fake data set", (entry,), "none", "tests")
    monkeypatch.setitem(data.REGISTRY, "fake", ds)
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    return payload, tmp_path


def test_data_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path))
    assert data.data_dir() == tmp_path
    monkeypatch.delenv(data.ENV_VAR)
    assert data.data_dir().name == "lm-foundations"


def test_unknown_data_set_lists_known_and_suggests():
    with pytest.raises(KeyError, match=r"Did you mean 'ptb'\?.*Known data sets: .*hongloumeng"):
        data.dataset("ptbb")


def test_missing_file_says_how_to_fetch(fake_set):
    with pytest.raises(data.DataNotFoundError, match="python -m course_utils data fetch fake"):
        data.path("fake")
    with pytest.raises(FileNotFoundError):  # also a FileNotFoundError for generic handlers
        data.path("fake")


def test_verified_file_is_read_as_utf8(fake_set):
    payload, root = fake_set
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(payload)
    assert data.read_text("fake") == payload.decode()


@pytest.mark.parametrize("bad", [b"hello world\nsecond linX\n", b"short"])
def test_corrupted_file_is_refused(fake_set, bad):
    _, root = fake_set
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(bad)
    with pytest.raises(data.DataCorruptedError, match=r"corrupted.*Delete it and fetch it again"):
        data.read_text("fake")


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_download_retries_then_writes_atomically(fake_set, monkeypatch):
    payload, root = fake_set
    calls = []

    def opener(url, timeout):
        calls.append(timeout)
        if len(calls) == 1:
            raise OSError("connection reset")
        return FakeResponse(payload)

    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", opener)
    paths = data.fetch("fake", timeout=7, quiet=True)
    assert paths["f.txt"].read_bytes() == payload
    assert calls == [7, 7]
    assert sorted(p.name for p in (root / "fake").iterdir()) == ["f.txt"]  # no .part left behind


def test_download_of_wrong_bytes_is_never_kept(fake_set, monkeypatch):
    _, root = fake_set
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(b"an error page"))
    with pytest.raises(data.DataError, match="after 3 attempts"):
        data.fetch("fake", quiet=True)
    assert list((root / "fake").iterdir()) == []


def test_path_download_true_fetches_missing(fake_set, monkeypatch):
    payload, _ = fake_set
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(payload))
    assert data.path("fake", download=True).read_bytes() == payload


def test_registry_entries_are_well_formed():
    for ds in data.REGISTRY.values():
        for f in ds.files:
            assert len(f.sha256) == 64 and set(f.sha256) <= set("0123456789abcdef")
            assert f.size > 0 and f.url.startswith("https://")


def test_toy_manifest_matches_files():
    for name, entry in data.toy_manifest().items():
        path = data.toy_path(name)  # verifies size and sha256
        assert path.stat().st_size == entry["size"]
        assert entry["description"]


def test_toy_manifest_lists_every_file_in_data():
    listed = set(data.toy_manifest())
    present = {p.name for p in data.REPO_DATA.iterdir() if p.is_file() and p.name != "MANIFEST.json"}
    assert present == listed


def test_unknown_toy_file():
    with pytest.raises(KeyError, match="MANIFEST"):
        data.toy_path("nope.txt")


@pytest.mark.data
def test_ptb_counts_match_sources(real_data):
    real_data("ptb")
    ptb = data.load_ptb()
    assert [len(ptb[s]) for s in ("train", "valid", "test")] == [42_068, 3_370, 3_761]
    assert [sum(map(len, ptb[s])) for s in ("train", "valid", "test")] == [887_521, 70_390, 78_669]
    with pytest.raises(ValueError, match="split"):
        data.load_ptb("dev")


@pytest.mark.data
def test_hongloumeng_length(real_data):
    real_data("hongloumeng")
    text = data.load_hongloumeng()
    assert len(text) == 879_195 and text.count("回") > 120


def test_http_errors_are_retried_and_leave_no_partial_file(fake_set, monkeypatch):
    payload, root = fake_set
    calls = []

    class Broken(FakeResponse):
        def read(self, n=-1):
            raise http.client.IncompleteRead(b"hel")

    def opener(url, timeout):
        calls.append(url)
        return Broken(b"") if len(calls) < 3 else FakeResponse(payload)

    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", opener)
    assert data.fetch("fake", quiet=True)["f.txt"].read_bytes() == payload
    assert len(calls) == 3 and sorted(p.name for p in (root / "fake").iterdir()) == ["f.txt"]


def test_download_larger_than_registered_is_cut_short(fake_set, monkeypatch):
    payload, root = fake_set
    monkeypatch.setattr(data.time, "sleep", lambda s: None)
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(payload * 10))
    with pytest.raises(data.DataError, match="more than the expected"):
        data.fetch("fake", quiet=True)
    assert list((root / "fake").iterdir()) == []


def test_fetch_refuses_a_corrupted_cached_file(fake_set):
    _, root = fake_set
    (root / "fake").mkdir()
    (root / "fake" / "f.txt").write_bytes(b"x" * 24)
    with pytest.raises(data.DataCorruptedError, match="data fetch fake"):
        data.fetch("fake", quiet=True)


def test_corrupted_course_file_says_restore_with_git(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("changed", encoding="utf-8")
    manifest = {"files": {"a.txt": {"size": 7, "sha256": "0" * 64, "description": "d"}}}
    (tmp_path / "MANIFEST.json").write_text(__import__("json").dumps(manifest), encoding="utf-8")
    monkeypatch.setattr(data, "REPO_DATA", tmp_path)
    with pytest.raises(data.DataCorruptedError, match=r"git checkout -- data/a\.txt"):
        data.toy_path("a.txt")


def test_data_dir_ignores_empty_variables_and_knows_windows(monkeypatch, tmp_path):
    monkeypatch.setenv(data.ENV_VAR, "  ")
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert data.data_dir() == data.Path.home() / ".cache" / "lm-foundations"
    monkeypatch.setattr(data.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert data.data_dir() == tmp_path / "lm-foundations"
    monkeypatch.setenv(data.ENV_VAR, "relative/cache")
    assert data.data_dir().is_absolute()


def test_command_line_list_fetch_verify(fake_set, monkeypatch, capsys):
    payload, _ = fake_set
    assert data.main(["list"]) == 0
    assert "fake" in capsys.readouterr().out
    assert data.main(["verify", "fake"]) == 1  # not cached yet
    assert "fake: FAIL" in capsys.readouterr().out
    monkeypatch.setattr(data, "_urlopen", lambda url, timeout: FakeResponse(payload))
    assert data.main(["fetch", "fake"]) == 0
    assert data.main(["verify", "fake"]) == 0
    assert data.main(["fetch", "nope"]) == 1
    assert "unknown data set 'nope'" in capsys.readouterr().out


def test_conllu_parsing_keeps_words_and_tags_and_skips_multiword_ranges():
    text = (
        "# text = Today's fine.\n"
        "1-2\tToday's\t_\t_\t_\t_\t_\t_\t_\t_\n"
        "1\tToday\ttoday\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
        "2\t's\tbe\tAUX\tVBZ\t_\t3\tcop\t_\t_\n"
        "2.1\tis\tbe\tAUX\t_\t_\t_\t_\t_\t_\n"
        "3\tfine\tfine\tADJ\tJJ\t_\t0\troot\t_\t_\n\n"
        "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n"
    )
    assert data.parse_conllu(text) == [[("Today", "NOUN"), ("'s", "AUX"), ("fine", "ADJ")], [("Hi", "INTJ")]]
    with pytest.raises(ValueError, match="CoNLL-U"):
        data.parse_conllu("1\tbroken line\n")


def test_ud_english_ewt(real_data):
    dev = data.load_ud_pos("dev")
    assert len(dev) == 2001 and sum(map(len, dev)) == 25_147  # as SOURCES.md and the UD release notes say
    tags = {t for s in dev for _, t in s}
    assert {"NOUN", "VERB", "ADJ", "PUNCT", "DET"} <= tags and len(tags) == 17
    with pytest.raises(ValueError, match="dev"):
        data.load_ud_pos("train")
