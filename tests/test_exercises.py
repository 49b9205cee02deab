"""The exercise checkers: reference solutions pass, typical mistakes are named, and any answer at all,
of any type, dtype or shape, gets a verdict (✅, ❌ or ⏳) and never a traceback."""

import importlib
import inspect
import math
import pkgutil
import re
import warnings
from collections import Counter
from itertools import pairwise

import numpy as np
import pytest
import torch

import course_utils.exercises as exercises
from course_utils.exercises import ch01 as check


def right_bigram_prob(sentences, prev, word):
    pairs, firsts = Counter(), Counter()
    for s in sentences:
        tokens = ["<s>", *s, "</s>"]
        for a, b in pairwise(tokens):
            pairs[a, b] += 1
            firsts[a] += 1
    return pairs[prev, word] / firsts[prev] if firsts[prev] else 0.0


def right_sentence_logprob(model, sentence):
    total, history = 0.0, []
    for w in [*sentence, "</s>"]:
        total += math.log(model.prob(w, history[len(history) - (model.order - 1) :] if model.order > 1 else []))
        history.append(w)
    return total


def right_parameter_count(V, n, m, h, direct):
    count = V * m + h * (n - 1) * m + h + V * h + V
    return count + V * (n - 1) * m if direct else count


def right_clip_global(grads, max_norm):
    total = np.sqrt(sum((g**2).sum() for g in grads))
    return [g * min(1.0, max_norm / total) for g in grads]


def right_ns_grad_h(h, u_pos, u_neg):
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    return (s(u_pos @ h) - 1) * u_pos + (s(u_neg @ h)[:, None] * u_neg).sum(axis=0)


def pmi(X):
    with np.errstate(divide="ignore"):
        return np.log(X * X.sum() / np.outer(X.sum(1), X.sum(0)))


def right_glove_grad_w(w, w_ctx, b, b_ctx, x, x_max, alpha):
    return 2 * min(1.0, (x / x_max) ** alpha) * (w @ w_ctx + b + b_ctx - np.log(x)) * w_ctx


def right_scalar_mix(layers, s, gamma):
    w = np.exp(s) / np.exp(s).sum()
    return gamma * np.tensordot(w, layers, axes=1)


def right_reverse_sentences(x, lengths):
    out = x.copy()
    for b, n in enumerate(lengths):
        out[b, :n] = x[b, :n][::-1]
    return out


def right_attention(q, k, v):
    scores = q @ k.T / q.shape[1] ** 0.5  # a Python float keeps float32 inputs in float32
    scores = np.where(np.tril(np.ones((len(q), len(q)), dtype=bool)), scores, -np.inf)
    w = np.exp(scores - scores.max(axis=1, keepdims=True))
    return w / w.sum(axis=1, keepdims=True) @ v


#: a right answer to every checker, as a reader would write it ("chapter.checker" -> function)
REFERENCE = {
    "ch01.bigram_prob": right_bigram_prob,
    "ch01.sentence_logprob": right_sentence_logprob,
    "ch01.perplexity": lambda lps: math.exp(-sum(lps) / len(lps)),
    "ch02.add_k_prob": lambda c, h, V, k: (c + k) / (h + k * V),
    "ch02.absolute_discount_prob": lambda c, h, n, pl, d: max(c - d, 0) / h + d * n / h * pl if h else pl,
    "ch03.parameter_count": right_parameter_count,
    "ch04.output_delta": lambda d, o: (d - o) * o * (1 - o),
    "ch04.hidden_delta": lambda delta_o, W, Y: (delta_o @ W.T) * Y * (1 - Y),
    "ch05.bptt_step": lambda dh, h, w: (dh * (1 - h**2)) @ w,
    "ch05.clip_global": right_clip_global,
    "ch06.ns_grad_h": right_ns_grad_h,
    "ch06.keep_prob": lambda f, total, sample: min(1.0, (np.sqrt(f / (sample * total)) + 1) * sample * total / f),
    "ch07.ppmi": lambda X: np.where(X > 0, np.maximum(pmi(X), 0), 0),
    "ch07.rank_k_error": lambda s, k: float(np.sqrt((s[k:] ** 2).sum())),
    "ch08.glove_weight": lambda x, x_max, alpha: min(1.0, (x / x_max) ** alpha),
    "ch08.glove_grad_w": right_glove_grad_w,
    "ch09.scalar_mix": right_scalar_mix,
    "ch09.reverse_sentences": right_reverse_sentences,
    "ch10.causal_mask": lambda n: np.tril(np.ones((n, n), dtype=bool)),
    "ch10.attention": right_attention,
    "ch10.block_parameters": lambda d: 4 * (d * d + d) + (4 * d * d + 4 * d) + (4 * d * d + d) + 4 * d,
}


def all_checkers():
    """Every public function of every chapter module: a new checker is tested without being listed here."""
    found = {}
    for info in pkgutil.iter_modules(exercises.__path__):
        module = importlib.import_module(f"{exercises.__name__}.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and fn.__module__ == module.__name__:
                found[f"{info.name}.{name}"] = fn
    return found


CHECKERS = all_checkers()


def stub(*args):
    raise NotImplementedError


def test_every_checker_has_a_reference_solution():
    assert len(CHECKERS) >= 18 and set(CHECKERS) == set(REFERENCE), set(CHECKERS) ^ set(REFERENCE)


@pytest.mark.parametrize("key", sorted(CHECKERS))
def test_reference_solutions_pass_with_the_stored_line(key, capsys):
    """A fast right answer prints exactly the line the notebooks store (nbval compares it as text)."""
    CHECKERS[key](REFERENCE[key])
    name = key.split(".")[1]
    assert re.fullmatch(rf"✅ {name}: all \d+ checks passed\.\n", capsys.readouterr().out)


def test_stub_is_not_yet_not_an_error(capsys):
    for checker in (check.bigram_prob, check.sentence_logprob, check.perplexity):
        checker(stub)
    out = capsys.readouterr().out.splitlines()
    assert all(line.startswith("⏳") for line in out)


def test_typical_mistakes_get_named(capsys):
    def no_end_token(sentences, prev, word):
        pairs, firsts = Counter(), Counter()
        for s in sentences:
            tokens = ["<s>", *s]
            for a, b in pairwise(tokens):
                pairs[a, b] += 1
                firsts[a] += 1
        return pairs[prev, word] / firsts[prev] if firsts[prev] else 0.0

    check.bigram_prob(no_end_token)
    check.bigram_prob(lambda s, p, w: right_bigram_prob(s, p, w) if p != "zebra" else 1 / 0)
    check.perplexity(lambda lps: math.exp(-sum(lps)))
    check.perplexity(lambda lps: 2 ** (-sum(lps) / len(lps)))
    check.perplexity(lambda lps: "2")
    check.perplexity(lambda lps: None)
    out = capsys.readouterr().out
    assert out.count("❌") == 6 and "✅" not in out
    assert "ZeroDivisionError" in out and "return 0.0 when prev never occurs" in out
    assert "divide the summed log-probability by the number of tokens" in out
    assert "use math.exp, not 2 **" in out
    assert "Did you forget `return`?" in out


def test_checker_never_raises_on_wrong_types(capsys):
    check.sentence_logprob(lambda m, s: [1, 2])
    assert "expected a number" in capsys.readouterr().out


def test_checker_data_is_protected_from_the_readers_code(capsys):
    def mutating(sentences, prev, word):
        for s in sentences:
            s.insert(0, "<s>")  # pads in place: a common way to write it
        return right_bigram_prob([s[1:] for s in sentences], prev, word)

    check.bigram_prob(mutating)
    check.bigram_prob(right_bigram_prob)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✅") and out[1].startswith("✅")


def test_chapter_02_checkers(capsys):
    from course_utils.exercises import ch02

    ch02.add_k_prob(REFERENCE["ch02.add_k_prob"])
    ch02.add_k_prob(lambda c, h, V, k: (c + k) / (h + k))
    ch02.absolute_discount_prob(REFERENCE["ch02.absolute_discount_prob"])
    ch02.absolute_discount_prob(lambda c, h, n, pl, d: max(c - d, 0) / h if h else pl)
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line[:1] in "✅❌"]
    assert [line[0] for line in lines] == ["✅", "❌", "✅", "❌"]
    assert "c(h) + k*V" in out and "goes to p_lower" in out


def test_chapter_03_checker(capsys):
    from course_utils.exercises import ch03

    ch03.parameter_count(right_parameter_count)
    ch03.parameter_count(lambda V, n, m, h, direct: right_parameter_count(V, n, m, h, direct) - V)
    ch03.parameter_count(lambda *args: np.float32(right_parameter_count(*args) - 4))  # counts stay exact
    out = capsys.readouterr().out
    assert out.startswith("✅") and "forgot the output bias b" in out
    assert out.count("❌") == 2 and "expected 339, got 335" in out


def test_chapter_04_checkers(capsys):
    from course_utils.exercises import ch04

    ch04.output_delta(REFERENCE["ch04.output_delta"])
    ch04.hidden_delta(REFERENCE["ch04.hidden_delta"])
    ch04.output_delta(stub)
    ch04.output_delta(lambda d, o: (o - d) * o * (1 - o))
    ch04.hidden_delta(lambda delta_o, W, Y: delta_o @ W.T)
    ch04.hidden_delta(lambda delta_o, W, Y: ((delta_o @ W.T) * Y * (1 - Y)).T)
    ch04.output_delta(lambda d, o: None)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ output_delta") and out[1].startswith("✅ hidden_delta")
    assert out[2].startswith("⏳")
    text = "\n".join(out[3:])
    assert "sign" in text and "derivative y (1 − y)" in text and "expected shape" in text and "None" in text


def test_chapter_05_checkers(capsys):
    from course_utils.exercises import ch05

    ch05.bptt_step(REFERENCE["ch05.bptt_step"])
    ch05.clip_global(right_clip_global)
    ch05.clip_global(lambda grads, c: tuple(right_clip_global(grads, c)))  # a tuple is a fine sequence
    ch05.bptt_step(lambda dh, h, w: dh @ w)
    ch05.clip_global(lambda grads, c: [g * min(1.0, c / np.linalg.norm(g)) for g in grads])
    ch05.clip_global(stub)
    ch05.clip_global(lambda grads, c: [g.ravel() for g in right_clip_global(grads, c)])
    ch05.clip_global(lambda grads, c: right_clip_global(grads, c)[:2])
    ch05.clip_global(lambda grads, c: np.concatenate([g.ravel() for g in right_clip_global(grads, c)]))
    out = capsys.readouterr().out
    verdicts = [line[0] for line in out.splitlines() if line[:1] in "✅❌⏳"]
    assert verdicts == ["✅", "✅", "✅", "❌", "❌", "⏳", "❌", "❌", "❌"]
    assert "tanh' = 1 − h²" in out and "*global* norm" in out
    assert "gradient 0 has shape (6,), expected (3, 2)" in out and "returned 2 arrays, expected 3" in out
    assert "expected a list of 3 arrays" in out


def test_chapter_06_checkers(capsys):
    from course_utils.exercises import ch06

    ch06.ns_grad_h(right_ns_grad_h)
    ch06.keep_prob(REFERENCE["ch06.keep_prob"])
    ch06.ns_grad_h(lambda h, u_pos, u_neg: -right_ns_grad_h(h, u_pos, u_neg))
    ch06.keep_prob(lambda f, total, sample: (np.sqrt(f / (sample * total)) + 1) * sample * total / f)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ ns_grad_h") and out[1].startswith("✅ keep_prob")
    text = "\n".join(out[2:])
    assert "sign" in text and ("cap the probability" in text or "2013 paper" in text)


def test_chapter_07_checkers(capsys):
    import scipy.sparse

    from course_utils.exercises import ch07

    ch07.ppmi(REFERENCE["ch07.ppmi"])
    ch07.rank_k_error(REFERENCE["ch07.rank_k_error"])
    ch07.ppmi(lambda X: scipy.sparse.csr_matrix(REFERENCE["ch07.ppmi"](X)))  # what cooccurrence.weight returns
    ch07.ppmi(lambda X: np.where(X > 0, pmi(X), 0))
    ch07.rank_k_error(lambda s, k: float((s[k:] ** 2).sum()))
    ch07.ppmi(lambda X: None)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ ppmi") and out[1].startswith("✅ rank_k_error") and out[2].startswith("✅ ppmi")
    text = "\n".join(out[3:])
    assert "clip the negative values" in text and "take the square root" in text and "returned None" in text


def test_chapter_08_checkers(capsys):
    from course_utils.exercises import ch08

    ch08.glove_weight(REFERENCE["ch08.glove_weight"])
    ch08.glove_grad_w(right_glove_grad_w)
    ch08.glove_weight(lambda x, x_max, alpha: (x / x_max) ** alpha)
    ch08.glove_grad_w(lambda *a: right_glove_grad_w(*a) / 2)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ glove_weight") and out[1].startswith("✅ glove_grad_w")
    text = "\n".join(out[2:])
    assert "cap the weight at 1" in text and "keep the factor 2" in text


def test_chapter_09_checkers(capsys):
    from course_utils.exercises import ch09

    ch09.scalar_mix(right_scalar_mix)
    ch09.reverse_sentences(right_reverse_sentences)
    ch09.scalar_mix(lambda layers, s, gamma: gamma * np.tensordot(s, layers, axes=1))
    ch09.reverse_sentences(lambda x, lengths: x[:, ::-1])
    ch09.scalar_mix(lambda layers, s, gamma: None)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ scalar_mix") and out[1].startswith("✅ reverse_sentences")
    text = "\n".join(out[2:])
    assert "softmax first" in text and "padding must stay" in text and "returned None" in text


# --- any answer at all gets a verdict ----------------------------------------------------------------


def leaves(value, f):
    """``f`` applied to every number or array of a right answer (clip_global's list of arrays stays a list)."""
    return [leaves(v, f) for v in value] if isinstance(value, list) else f(value)


def in_float32(args, key):
    """The checker's arguments as a reader computing in float32 would have them: torch's default dtype."""

    def convert(x):
        if isinstance(x, np.ndarray) and x.dtype.kind == "f":
            return x.astype(np.float32) if key in NUMPY_ONLY else torch.tensor(x, dtype=torch.float32)
        if isinstance(x, list) and x and all(isinstance(v, float) for v in x):
            return torch.tensor(x)  # a list of Python floats becomes a float32 tensor
        return type(x)(convert(v) for v in x) if isinstance(x, list | tuple) else x

    return convert(args)


NUMPY_ONLY = {"ch10.attention", "ch09.reverse_sentences"}  # its reference uses numpy's x.copy() and x[::-1]


class NoFloat:
    def __float__(self):
        raise RuntimeError("no float for you")


def each_leaf(f):
    return lambda key, ref: lambda *args: leaves(ref(*args), f)


def constant(value):
    return lambda key, ref: lambda *args: value


def raising(exc):
    def fn(*args):
        raise exc

    return lambda key, ref: fn


as32 = lambda v: np.asarray(v, dtype=np.float32)  # noqa: E731

#: (what the reader's function returns, how to make it from the checker and its reference, the verdict: None = any)
ANSWERS = [
    ("the right answer", lambda key, ref: ref, "✅"),
    (
        "float64 tensor with grad",
        each_leaf(lambda v: torch.tensor(np.asarray(v, np.float64), requires_grad=True)),
        "✅",
    ),
    ("float32 tensor with grad", each_leaf(lambda v: torch.tensor(as32(v), requires_grad=True)), "✅"),
    ("float32 tensor out of an op", each_leaf(lambda v: torch.tensor(as32(v), requires_grad=True) * 1), "✅"),
    ("numpy float32", each_leaf(lambda v: as32(v)[()]), "✅"),
    ("Python floats out of float32", each_leaf(lambda v: as32(v).tolist()), "✅"),
    ("computed in float32", lambda key, ref: lambda *args: ref(*in_float32(args, key)), "✅"),
    ("nested lists", each_leaf(lambda v: np.asarray(v).tolist()), "✅"),
    ("a tuple of arrays", each_leaf(lambda v: tuple(np.atleast_1d(v)) if np.ndim(v) else v), "✅"),
    ("int64 tensor", each_leaf(lambda v: torch.tensor(np.round(np.asarray(v, np.float64)).astype(np.int64))), None),
    ("tensor on the meta device", each_leaf(lambda v: torch.empty(np.shape(v), device="meta")), "❌"),
    ("float16 tensor", each_leaf(lambda v: torch.tensor(as32(v) * 1.001, dtype=torch.float16)), None),
    ("NaN", each_leaf(lambda v: np.full(np.shape(v), np.nan)[()]), "❌"),
    ("inf", each_leaf(lambda v: np.full(np.shape(v), -np.inf)[()]), "❌"),
    ("complex", each_leaf(lambda v: np.asarray(v) + 1j), "❌"),
    ("an extra axis", each_leaf(lambda v: np.asarray(v)[None]), "❌"),
    ("the right answer, scaled", each_leaf(lambda v: np.asarray(v, np.float64) * 1.5 + 0.25), "❌"),
    ("None", constant(None), "❌"),
    ("a string", constant("0.5"), "❌"),
    ("a dict", constant({"answer": 0.5}), "❌"),
    ("a bool", constant(True), "❌"),
    ("a ragged list", constant([[1.0, 2.0], [3.0]]), "❌"),
    ("a generator", lambda key, ref: lambda *args: (x for x in [ref(*args)]), "❌"),
    ("an object whose __float__ raises", constant(NoFloat()), "❌"),
    ("a function that raises", raising(ValueError("bad")), "❌"),
    ("a function not written yet", raising(NotImplementedError), "⏳"),
]
if torch.cuda.is_available():
    ANSWERS.append(("float32 tensor on the GPU", each_leaf(lambda v: torch.tensor(as32(v), device="cuda")), "✅"))


@pytest.mark.parametrize("key", sorted(CHECKERS))
@pytest.mark.parametrize(("label", "make", "verdict"), ANSWERS, ids=[a[0] for a in ANSWERS])
def test_every_answer_gets_a_verdict(key, label, make, verdict, capsys):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CHECKERS[key](make(key, REFERENCE[key]))  # must not raise
    out = capsys.readouterr().out
    assert out[:1] in ("✅", "❌", "⏳"), out
    assert sum(line[:1] in ("✅", "❌", "⏳") for line in out.splitlines()) == 1, out
    if verdict is not None:
        assert out.startswith(verdict), out
    assert not [w for w in caught if "course_utils" in w.filename], [str(w.message) for w in caught]
    if label in ("NaN", "inf"):
        assert label in out and "division by zero" in out, out
    if label == "a function that raises":
        assert "raised ValueError: bad" in out


@pytest.mark.parametrize("key", sorted(CHECKERS))
def test_a_function_passed_as_its_result_gets_a_verdict(key, capsys):
    CHECKERS[key](0.5)
    assert capsys.readouterr().out.startswith(f"❌ {key.split('.')[1]}: pass your function itself")


def cases_of(key):
    """The cases a checker builds, captured on their way to check_cases, with its float64 tolerance."""
    module = importlib.import_module(f"{exercises.__name__}.{key.split('.')[0]}")
    seen = []
    real = module.check_cases
    module.check_cases = lambda name, fn, cases, hint, tol=1e-9, **kw: seen.append((cases, tol))
    try:
        CHECKERS[key](REFERENCE[key])
    finally:
        module.check_cases = real
    [(cases, tol)] = seen
    return cases, tol


@pytest.mark.parametrize("key", sorted(CHECKERS))
def test_no_listed_mistake_passes_at_float32_tolerance(key):
    """float32's tolerance is loose enough for float32 answers, and still tells every known mistake apart."""
    cases, tol = cases_of(key)
    rtol, atol = exercises._tolerance("single", tol)
    for case in cases:
        for wrong, hint in case.mistakes:
            assert not exercises._close(wrong, case.expected, rtol, atol), (case.about, hint)
            # and 10 times as loose still would not let it through: the tolerance is nowhere near a mistake
            if tol:
                assert not exercises._close(wrong, case.expected, 10 * rtol, 10 * atol), (case.about, hint)


def test_float32_answers_pass_and_show_the_difference_when_wrong(capsys):
    ppl = REFERENCE["ch01.perplexity"]
    check.perplexity(lambda lps: np.float32(ppl(lps)))  # the reported defect: a right float32 answer
    check.perplexity(lambda lps: float(torch.tensor(ppl(lps))))  # a Python float taken out of float32
    check.perplexity(lambda lps: math.exp(-torch.tensor(lps).mean()))  # computed in float32, returned as float
    check.perplexity(lambda lps: np.float32(ppl(lps) * (1 + 3e-5)))  # float32, but more than float32 rounding off
    check.perplexity(lambda lps: ppl(lps) * (1 + 1e-7))  # float64 is held to the strict tolerance
    check.perplexity(lambda lps: math.exp(-np.mean(np.float32(lps))))  # numpy float32 inside leaves no trace
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [line[:1] for line in lines if line[:1] in "✅❌"] == ["✅", "✅", "✅", "❌", "❌", "❌"]
    # never two equal-looking numbers: enough digits to see the difference, and its size
    for line in lines:
        if " expected " in line and ", got " in line:
            shown = re.search(r"expected (\S+), got (\S+?)[.;]? ", line + " ")
            assert shown and shown[1] != shown[2], line
    assert "(off by " in out and "float32 rounding error" in out


def test_array_mismatches_point_at_the_largest_difference(capsys):
    from course_utils.exercises import ch04

    right = REFERENCE["ch04.output_delta"]

    def almost(d, o):
        out = right(d, o)
        out.flat[-1] += 3e-6
        return out

    ch04.output_delta(almost)
    out = capsys.readouterr().out
    assert out.startswith("❌") and "the largest difference is at index (0, 0)" in out and "(off by 3e-06)" in out


def test_slow_right_answers_get_a_note(monkeypatch, capsys):
    check.perplexity(REFERENCE["ch01.perplexity"])
    assert capsys.readouterr().out == "✅ perplexity: all 3 checks passed.\n"  # fast: the stored line, exactly
    monkeypatch.setattr(exercises, "SLOW_SECONDS", 0.0)
    check.perplexity(REFERENCE["ch01.perplexity"])
    out = capsys.readouterr().out
    assert out.startswith("✅ perplexity: all 3 checks passed.\n   note: your function took ") and "numpy" in out


def test_numpy_chapters_need_no_torch():
    """The checkers look at torch only if the reader's code imported it: numpy chapters run without it."""
    import subprocess
    import sys

    code = """
import sys
sys.modules["torch"] = None  # any import of torch fails
import math
import numpy as np
from course_utils.exercises import ch01, ch04, ch07
ch01.perplexity(lambda lps: np.float32(math.exp(-sum(lps) / len(lps))))
ch01.perplexity(lambda lps: None)
ch04.output_delta(lambda d, o: ((d - o) * o * (1 - o)).astype(np.float32))
ch07.rank_k_error(lambda s, k: [1.0])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert [line[:1] for line in out.splitlines() if line[:1] in "✅❌"] == ["✅", "❌", "✅", "❌"], out


def test_chapter_10_checkers(capsys):
    from course_utils.exercises import ch10

    ch10.causal_mask(lambda n: np.triu(np.ones((n, n), dtype=bool)))
    ch10.causal_mask(lambda n: np.tril(np.ones((n, n), dtype=bool), -1))
    ch10.attention(lambda q, k, v: right_attention(q * np.sqrt(q.shape[1]), k, v))
    ch10.block_parameters(lambda d: 12 * d * d)
    ch10.causal_mask(lambda n: torch.ones(n, n, dtype=torch.bool).tril())  # a torch answer is read the same
    out = capsys.readouterr().out
    assert out.count("❌") == 4 and out.rstrip().splitlines()[-1].startswith("✅ causal_mask")
    assert "the lower triangle" in out and "keep the diagonal" in out
    assert "divide the scores by √d_k" in out and "count the biases too" in out
