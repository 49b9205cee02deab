import math

import numpy as np
import pytest
import torch

from course_utils import gradcheck


def test_compare_checks_shape_before_values():
    g = np.ones(64)
    report = gradcheck.compare({"g": g[None, :]}, {"g": g})  # np.allclose would broadcast and say yes
    assert not report.ok and "shape" in report["g"].problem
    assert "✗ shape [1, 64] vs [64]" in report.table()
    assert gradcheck.compare({"g": g.copy()}, {"g": g}).ok


def test_compare_checks_dtype_and_reports_differences():
    a = np.array([1.0, 2.0, 3.0])
    report = gradcheck.compare(a.astype(np.float32), a)
    assert not report.ok and "dtype" in report.rows[0].problem
    assert gradcheck.compare(a.astype(np.float32), a, check_dtype=False).ok
    b = a + np.array([0.0, 1e-3, 0.0])
    row = gradcheck.compare(b, a).rows[0]
    assert not row.ok and not row.exact
    assert row.max_abs == pytest.approx(1e-3)
    assert row.max_rel == pytest.approx(1e-3 / (2 + 1e-3))
    row = gradcheck.compare(a + 1e-12, a).rows[0]
    assert row.ok and not row.exact
    assert gradcheck.compare(a, a).rows[0].exact


def test_compare_takes_torch_and_numpy_and_refuses_mismatched_names():
    t = torch.arange(6, dtype=torch.float64).reshape(2, 3)
    assert gradcheck.compare({"x": t}, {"x": t.numpy().copy()}).ok
    with pytest.raises(ValueError, match="same tensors"):
        gradcheck.compare({"x": t}, {"y": t})
    with pytest.raises(TypeError):
        gradcheck.compare({"x": t}, t)


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    A = np.array([[2.0, 1.0], [0.0, -1.0]])
    grads = gradcheck.numerical_gradient(lambda: float((A * x**2).sum()), {"x": x})
    np.testing.assert_allclose(grads["x"], 2 * A * x, rtol=1e-8, atol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # nudges are undone
    with pytest.raises(ValueError, match=r"must be a float64 numpy array .* got an array of dtype float32"):
        gradcheck.numerical_gradient(lambda: 0.0, {"x": x.astype(np.float32)})
    with pytest.raises(ValueError, match="eps"):
        gradcheck.numerical_gradient(lambda: 0.0, {"x": x}, eps=0)


def test_stochastic_loss_is_checkable_because_rng_is_restored():
    rng = np.random.default_rng(0)
    w = np.array([0.3, -1.2, 2.0, 0.7])

    def dropout_loss() -> float:
        mask = rng.random(4) > 0.5  # a fresh mask at every call, like dropout
        return float(((w * mask) ** 2).sum())

    before = rng.bit_generator.state
    mask = rng.random(4) > 0.5
    rng.bit_generator.state = before
    report = gradcheck.check_gradients(dropout_loss, {"w": w}, {"w": 2 * w * mask}, rngs=[rng])
    assert report.ok, report.table()
    # without restoring the generator, each evaluation draws another mask and the check fails
    rng.bit_generator.state = before
    assert not gradcheck.check_gradients(dropout_loss, {"w": w}, {"w": 2 * w * mask}).ok


def test_checker_fails_on_a_wrong_gradient():
    w = np.array([1.0, 2.0, -0.5])
    loss = lambda: float(np.sin(w).sum())  # noqa: E731
    assert gradcheck.check_gradients(loss, {"w": w}, {"w": np.cos(w)}).ok
    assert not gradcheck.check_gradients(loss, {"w": w}, {"w": -np.cos(w)}).ok
    assert not gradcheck.check_gradients(loss, {"w": w}, {"w": np.cos(w) * (1 + 1e-4)}).ok
    assert not gradcheck.check_gradients(loss, {"w": w}, {"w": np.cos(w)[None, :]}).ok


def test_autograd_check_wrapper(capsys):
    x = torch.randn(3, 4, generator=torch.Generator().manual_seed(0))
    assert gradcheck.autograd_check(lambda a: (a.tanh() ** 2).sum(), x)
    ids = torch.tensor([0, 2])
    assert gradcheck.autograd_check(lambda a, i: a[i].exp().sum(), x, ids)

    class WrongTanh(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a.tanh()

        @staticmethod
        def backward(ctx, g):
            (a,) = ctx.saved_tensors
            return g * (1 - a**2)  # wrong: uses the input, not tanh(input)

    assert not gradcheck.autograd_check(WrongTanh.apply, x)
    assert "gradcheck failed" in capsys.readouterr().out


def test_small_number_formatting_is_stable():
    assert gradcheck._small(0.0) == "0"
    assert gradcheck._small(3e-11) == "< 1e-06"  # finite-difference noise: one bound, far from it
    assert gradcheck._small(2e-9) == "< 1e-06"
    assert gradcheck._small(3e-16) == "< 1e-12"
    assert gradcheck._small(0.25) == "0.25"


def test_a_float32_loss_is_refused_not_silently_wrong():
    x = np.array([1.0])
    f32 = lambda: torch.tensor(x**2, dtype=torch.float32).sum()  # noqa: E731 (finite differences gave 1.967, not 2)
    with pytest.raises(ValueError, match=r"f returned a torch\.float32 loss; finite differences need float64"):
        gradcheck.numerical_gradient(f32, {"x": x})
    with pytest.raises(ValueError, match="float32 loss"):
        gradcheck.numerical_gradient(lambda: np.float32((x**2).sum()), {"x": x})
    f64 = lambda: torch.tensor(x**2, dtype=torch.float64).sum()  # noqa: E731
    np.testing.assert_allclose(gradcheck.numerical_gradient(f64, {"x": x})["x"], [2.0], rtol=1e-8)
    np.testing.assert_allclose(gradcheck.numerical_gradient(lambda: np.sum(x**2), {"x": x})["x"], [2.0], rtol=1e-8)
    assert x.tolist() == [1.0]


@pytest.mark.parametrize(
    ("f", "params", "message"),
    [
        (lambda: 0.0, {"x": np.array([1, 2])}, r"must be a float64 numpy array .* got an array of dtype int64"),
        (lambda: 0.0, {"x": torch.zeros(2, dtype=torch.float64)}, r"torch tensor; .* use autograd_check"),
        (lambda: 0.0, {"x": [1.0, 2.0]}, "got list"),
        (lambda: 0.0, {}, "non-empty dict"),
        (lambda: 0.0, [np.zeros(2)], "params must be a non-empty dict"),
        (lambda: np.zeros(2), {"x": np.zeros(2)}, r"one number .* shape \(2,\); sum or average it"),
        (lambda: "0.5", {"x": np.zeros(2)}, "the loss as a number, got str"),
        (lambda: math.nan, {"x": np.zeros(2)}, r"f returned nan when x\[0\] was nudged by \+eps"),
        (lambda: math.inf, {"x": np.zeros(2)}, "must be finite"),
    ],
)
def test_numerical_gradient_refuses_what_it_cannot_differentiate(f, params, message):
    with pytest.raises(ValueError, match=message):
        gradcheck.numerical_gradient(f, params)


def test_parameters_are_put_back_even_when_f_fails():
    w = np.array([1.0, 2.0])
    calls = []

    def f():
        calls.append(w.copy())
        return math.nan if len(calls) == 3 else float(w.sum())

    with pytest.raises(ValueError, match=r"w\[1\]"):
        gradcheck.numerical_gradient(f, {"w": w})
    assert w.tolist() == [1.0, 2.0]


def test_the_other_checks_refuse_bad_settings_and_non_numbers():
    x = np.zeros(2)
    for kwargs, word in [({"rtol": -1.0}, "rtol"), ({"atol": math.nan}, "atol")]:
        with pytest.raises(ValueError, match=word):
            gradcheck.compare(x, x, **kwargs)
        with pytest.raises(ValueError, match=word):
            gradcheck.check_gradients(lambda: 0.0, {"x": x}, {"x": x}, **kwargs)
    with pytest.raises(ValueError, match="eps"):
        gradcheck.numerical_gradient(lambda: 0.0, {"x": x}, eps=math.nan)
    with pytest.raises(ValueError, match="rngs must be numpy Generators"):
        gradcheck.numerical_gradient(lambda: 0.0, {"x": x}, rngs=[0])
    with pytest.raises(ValueError, match="analytic must be a dict"):
        gradcheck.check_gradients(lambda: 0.0, {"x": x}, x)
    report = gradcheck.compare({"g": np.array(["a", "b"])}, {"g": x})
    assert not report.ok and "actual is not real numbers" in report.table()
    bf16 = gradcheck.compare({"g": torch.zeros(2, dtype=torch.bfloat16)}, {"g": x})
    assert not bf16.ok and "not a tensor of numbers" in bf16.rows[0].problem
    with pytest.raises(ValueError, match="at least one floating-point tensor"):
        gradcheck.autograd_check(lambda i: i.sum(), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="eps"):
        gradcheck.autograd_check(lambda a: a.sum(), torch.zeros(2), eps=0)
