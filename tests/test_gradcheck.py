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
    with pytest.raises(TypeError, match="float64"):
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
    assert gradcheck._small(3e-11) == "< 1e-09"
    assert gradcheck._small(3e-16) == "< 1e-12"
    assert gradcheck._small(0.25) == "0.25"
