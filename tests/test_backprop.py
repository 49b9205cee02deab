import math
import re

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import backprop, gradcheck
from course_utils.nnlm import NNLM

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_D = np.array([[0.0], [1.0], [1.0], [0.0]])


def test_sigmoid_is_stable_and_its_derivative_is_y_times_one_minus_y():
    z = np.array([-800.0, -3.0, 0.0, 2.0, 800.0])
    y = backprop.sigmoid(z)
    assert np.all(np.isfinite(y)) and y[2] == 0.5 and y[0] == 0.0 and y[-1] == 1.0
    zz = np.array([-1.3, 0.2, 2.5])
    num = (backprop.sigmoid(zz + 1e-6) - backprop.sigmoid(zz - 1e-6)) / 2e-6
    s = backprop.sigmoid(zz)
    np.testing.assert_allclose(num, s * (1 - s), rtol=1e-8)


def test_bp_network_gradients_match_finite_differences_and_autograd():
    net = backprop.BPNetwork(3, 4, 2, seed=1)
    rng = np.random.default_rng(0)
    X, D = rng.normal(size=(5, 3)), rng.uniform(size=(5, 2))
    grads = net.backward(net.forward(X), D)
    report = gradcheck.check_gradients(lambda: net.loss(X, D), net.params, grads)
    assert report.ok, report.table()
    t = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    out = torch.sigmoid(torch.sigmoid(torch.tensor(X) @ t["V"] + t["b_y"]) @ t["W"] + t["b_o"])
    (0.5 * ((torch.tensor(D) - out) ** 2).sum(dim=1).mean()).backward()
    assert gradcheck.compare(grads, {k: v.grad for k, v in t.items()}).ok


def test_bp_network_deltas_by_hand_on_a_2_2_1_network():
    net = backprop.BPNetwork(2, 2, 1)
    net.V[:] = [[0.1, 0.4], [0.8, 0.6]]
    net.W[:] = [[0.3], [0.9]]
    cache = net.forward(np.array([0.35, 0.9]))
    y1, y2 = 1 / (1 + math.exp(-(0.35 * 0.1 + 0.9 * 0.8))), 1 / (1 + math.exp(-(0.35 * 0.4 + 0.9 * 0.6)))
    o = 1 / (1 + math.exp(-(0.3 * y1 + 0.9 * y2)))
    assert cache.O[0, 0] == pytest.approx(o)
    delta_o, delta_y = net.deltas(cache, np.array([0.5]), net.W)
    assert delta_o[0, 0] == pytest.approx((0.5 - o) * o * (1 - o))
    assert delta_y[0] == pytest.approx([delta_o[0, 0] * 0.3 * y1 * (1 - y1), delta_o[0, 0] * 0.9 * y2 * (1 - y2)])


def test_bp_network_learns_xor():
    net = backprop.BPNetwork(2, 4, 1, seed=0)
    losses = net.fit(XOR_X, XOR_D, epochs=5000, lr=2.0)
    assert losses[-1] < 0.01 < losses[0]
    np.testing.assert_array_equal(net.forward(XOR_X).O.round(), XOR_D)
    with pytest.raises(ValueError, match="shape"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="epochs"):
        net.fit(XOR_X, XOR_D, epochs=0)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid"])
def test_mlp_gradients_match_finite_differences_and_autograd(activation, output):
    mlp = backprop.MLP([3, 5, 4, 3], activation=activation, output=output, seed=2)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(6, 3))
    y = rng.integers(0, 3, size=6) if output == "softmax" else rng.uniform(size=(6, 3))
    grads = mlp.backward(mlp.forward(X), y)
    report = gradcheck.check_gradients(lambda: mlp.loss(X, y), mlp.params, grads)
    assert report.ok, report.table()
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    t = {k: torch.tensor(v, requires_grad=True) for k, v in mlp.params.items()}
    h = torch.tensor(X)
    for i in (1, 2):
        h = act(h @ t[f"W{i}"] + t[f"b{i}"])
    z = h @ t["W3"] + t["b3"]
    if output == "softmax":
        loss = torch.nn.functional.cross_entropy(z, torch.tensor(y))
    else:
        loss = 0.5 * ((torch.tensor(y) - torch.sigmoid(z)) ** 2).sum(dim=1).mean()
    loss.backward()
    assert loss.item() == pytest.approx(mlp.loss(X, y))
    assert gradcheck.compare(grads, {k: v.grad for k, v in t.items()}).ok


def test_mlp_learns_xor_and_rejects_bad_input():
    mlp = backprop.MLP([2, 8, 2], activation="tanh", seed=0)
    losses = mlp.fit(XOR_X, np.array([0, 1, 1, 0]), epochs=500, lr=0.5)
    assert losses[-1] < 0.05 < losses[0]
    np.testing.assert_array_equal(mlp.predict(XOR_X), [0, 1, 1, 0])
    with pytest.raises(ValueError, match="class ids"):
        mlp.loss(XOR_X, np.array([0, 1, 2, 0]))
    with pytest.raises(ValueError, match="activation"):
        backprop.MLP([2, 2], activation="swish")
    with pytest.raises(ValueError, match="output"):
        backprop.MLP([2, 2], output="linear")
    with pytest.raises(ValueError, match="sizes"):
        backprop.MLP([2])


def test_value_engine_matches_torch():
    a, b, c = backprop.Value(0.7, label="a"), backprop.Value(-1.3, label="b"), backprop.Value(2.0, label="c")
    out = ((a * b + c).tanh() * a - b / c + (a**2).exp().log() + (b.sigmoid() - 1) * a.relu()) / 3 - 1
    out.backward()
    ta, tb, tc = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (0.7, -1.3, 2.0))
    tout = ((ta * tb + tc).tanh() * ta - tb / tc + (ta**2).exp().log() + (tb.sigmoid() - 1) * ta.relu()) / 3 - 1
    tout.backward()
    assert out.data == pytest.approx(tout.item())
    for v, t in ((a, ta), (b, tb), (c, tc)):
        assert v.grad == pytest.approx(t.grad.item())


def test_value_reused_node_accumulates_and_topological_order_is_valid():
    x = backprop.Value(3.0, label="x")
    y = x * x + x  # x is used three times
    y.backward()
    assert y.grad == 1.0 and x.grad == pytest.approx(2 * 3.0 + 1)
    order = y.topological_order()
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(c)] < position[id(n)] for n in order for c in n._prev)
    assert order[-1] is y and len(order) == 3
    y.backward()  # a second call starts from zero, it does not double the gradients
    assert x.grad == pytest.approx(7.0)
    assert "leaf" in y.graph_table()
    with pytest.raises(ValueError, match="log"):
        backprop.Value(0.0).log()


def test_deep_graph_has_no_recursion_limit():
    x = backprop.Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0


@pytest.mark.parametrize("direct", [True, False])
def test_nnlm_by_hand_matches_autograd_and_finite_differences(direct):
    net = NNLM(7, context=3, dim=2, hidden=4, direct=direct, seed=3, forbidden=1).double()
    contexts = torch.tensor([[0, 1, 4], [4, 4, 2], [6, 5, 4], [1, 1, 0]])
    targets = torch.tensor([2, 6, 4, 3])
    params = backprop.nnlm_params(net)
    loss, grads = backprop.nnlm_loss_and_grads(params, contexts.numpy(), targets.numpy(), forbidden=1)
    tloss = torch.nn.functional.cross_entropy(net(contexts), targets)
    tloss.backward()
    assert loss == pytest.approx(tloss.item(), rel=1e-12)
    auto = {"C": net.C.weight.grad, "H": net.H.weight.grad, "d": net.d.grad, "U": net.U.weight.grad, "b": net.b.grad}
    if direct:
        auto["W"] = net.W.weight.grad
    assert gradcheck.compare(grads, auto).ok
    f = lambda: backprop.nnlm_loss_and_grads(params, contexts.numpy(), targets.numpy(), forbidden=1)[0]  # noqa: E731
    report = gradcheck.check_gradients(f, params, grads)
    assert report.ok, report.table()
    assert grads["C"][3].sum() == 0  # word 3 is never in a context: its embedding gets no gradient


@settings(max_examples=25, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    activation=st.sampled_from(["sigmoid", "tanh"]),
    seed=st.integers(0, 10_000),
)
def test_mlp_gradient_property(sizes, activation, seed):
    mlp = backprop.MLP(sizes, activation=activation, output="sigmoid", seed=seed)
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(3, sizes[0])), rng.uniform(size=(3, sizes[-1]))
    report = gradcheck.check_gradients(lambda: mlp.loss(X, y), mlp.params, mlp.backward(mlp.forward(X), y))
    assert report.ok, report.table()


def test_backprop_steps_follow_the_derivation_and_leave_the_network_alone():
    net = backprop.BPNetwork(2, 2, 1)
    net.V[:] = [[0.1, 0.4], [0.8, 0.6]]
    net.W[:] = [[0.3], [0.9]]
    before = {k: v.copy() for k, v in net.params.items()}
    lines = backprop.backprop_steps(net, [0.35, 0.9], [0.5], lr=1.0)
    assert len(lines) == 11 and all("\n" not in line for line in lines)
    assert "o = σ(net_o) = [0.6903]" in lines[3] and "E = ½ Σ (d − o)² = 0.018104" in lines[4]
    assert "E = 0.014920" in lines[-1]  # one step downhill lowers the error
    assert all(np.array_equal(before[k], v) for k, v in net.params.items())


def test_spirals_need_a_hidden_layer():
    X, y = backprop.make_spirals(60, 3, seed=0)
    assert X.shape == (180, 2) and np.bincount(y).tolist() == [60, 60, 60]
    linear = backprop.MLP([2, 3], seed=0)
    linear.fit(X, y, epochs=300, lr=1.0)
    hidden = backprop.MLP([2, 32, 3], activation="tanh", seed=0)
    hidden.fit(X, y, epochs=300, lr=1.0)
    assert (linear.predict(X) == y).mean() < 0.7 < (hidden.predict(X) == y).mean()
    with pytest.raises(ValueError, match="classes"):
        backprop.make_spirals(10, 1)


def test_value_overflows_to_inf_like_numpy_instead_of_raising():
    x = backprop.Value(1000.0)
    y = x.exp()
    y.backward()
    assert y.data == math.inf and x.grad == math.inf  # d e^x / dx = e^x: both overflow together
    assert (backprop.Value(1e200) ** 2).data == math.inf and (backprop.Value(-1e200) ** 3).data == -math.inf
    s = 1 / (1 + (-backprop.Value(-800.0)).exp())  # a sigmoid written with exp, far in its flat tail
    assert s.data == 0.0
    z = backprop.Value(0.0)
    root = z**0.5
    root.backward()
    assert root.data == 0.0 and z.grad == math.inf  # the slope of √x at 0
    w = backprop.Value(3.0)
    one = w**0
    one.backward()
    assert one.data == 1.0 and w.grad == 0.0


@pytest.mark.parametrize(
    ("compute", "error", "message"),
    [
        (lambda V: V(-1.0) ** 0.5, ValueError, r"\(-1\) \*\* 0\.5 is not a real number"),
        (lambda V: V(1.0) / 0, ZeroDivisionError, r"^division by zero in Value: 1 / 0$"),
        (lambda V: V(1.0) / V(0.0, label="w"), ZeroDivisionError, r"1 / w \(which is 0\)"),
        (lambda V: 2 / V(0.0), ZeroDivisionError, "division by zero in Value: 2 / 0"),
        (lambda V: V(0.0) ** -2, ZeroDivisionError, "division by zero in Value: 0 \\*\\* -2"),
        (lambda V: V(1.0) + "a", TypeError, "combines with numbers and other Values .* got str 'a'"),
        (lambda V: "a" * V(1.0), TypeError, "combines with numbers"),
        (lambda V: V(1.0) * [1.0, 2.0], TypeError, "got list"),
        (lambda V: V("1.5"), TypeError, "holds one number"),
        (lambda V: V(None), TypeError, "holds one number"),
        (lambda V: V(2.0) ** "2", TypeError, "exponent must be a number"),
        (lambda V: V(2.0) ** V(2.0), TypeError, "constant exponents"),
        (lambda V: 2 ** V(2.0), TypeError, r"not 2 \*\* x"),
        (lambda V: V(-1.0).log(), ValueError, "log of a non-positive number"),
    ],
)
def test_value_refuses_what_has_no_real_answer_with_a_clear_message(compute, error, message):
    with pytest.raises(error, match=message):
        compute(backprop.Value)


def test_value_takes_numpy_and_torch_scalars():
    v = backprop.Value(np.float64(2.0)) * np.array(3.0) + torch.tensor(1.0)
    assert v.data == 7.0 and backprop.Value(np.array([0.5])).data == 0.5


def test_backprop_steps_spirals_and_nnlm_refuse_bad_arguments():
    net = backprop.BPNetwork(2, 2, 1)
    for lr in (math.nan, 0.0, -1.0, "0.5"):
        with pytest.raises(ValueError, match="learning rate lr"):
            backprop.backprop_steps(net, [0.35, 0.9], [0.5], lr=lr)
    with pytest.raises(ValueError, match="x contains NaN"):
        backprop.backprop_steps(net, [math.nan, 0.9], [0.5])
    with pytest.raises(ValueError, match="d must be a list of numbers"):
        backprop.backprop_steps(net, [0.35, 0.9], ["half"])
    with pytest.raises(ValueError, match="BPNetwork"):
        backprop.backprop_steps(backprop.MLP([2, 1]), [0.35, 0.9], [0.5])
    with pytest.raises(ValueError, match="X must be numbers"):
        net.forward(["a", "b"])
    with pytest.raises(ValueError, match="learning rate lr"):
        net.step(net.backward(net.forward([0.1, 0.2]), [0.5]), math.nan)
    for args, word in [
        (("10",), "n_per_class"),
        ((10, 2.5), "classes"),
        ((10, 3, -0.1), "noise"),
        ((10, 3, 0.2, -1), "seed"),
    ]:
        with pytest.raises(ValueError, match=word):
            backprop.make_spirals(*args)
    nnlm = NNLM(7, context=3, dim=2, hidden=4, seed=3).double()
    params = backprop.nnlm_params(nnlm)
    good = np.array([[0, 1, 4]]), np.array([2])
    for (contexts, targets, forbidden), word in [
        ((good[0], good[1], None), None),
        (([[0, 1, 7]], good[1], None), r"contexts must be word ids in 0\.\.6, got 0\.\.7"),
        ((good[0], [-1], None), "targets must be word ids"),
        ((good[0].astype(float), good[1], None), "integer id array"),
        (([0, 1, 4], good[1], None), r"shape \(batch, n - 1\)"),
        (([[0, 1]], good[1], None), "contexts have 2 words but H expects 3"),
        ((good[0], [2, 3], None), "one target per context"),
        ((good[0], good[1], 2), "forbidden id 2"),
        ((good[0], good[1], 9), "forbidden must be a word id"),
    ]:
        if word is None:
            backprop.nnlm_loss_and_grads(params, contexts, targets, forbidden)
            continue
        with pytest.raises(ValueError, match=word):
            backprop.nnlm_loss_and_grads(params, contexts, targets, forbidden)
    with pytest.raises(ValueError, match="nnlm_params"):
        backprop.nnlm_loss_and_grads({"C": params["C"]}, *good)
    with pytest.raises(ValueError, match="NNLM"):
        backprop.nnlm_params(net)
    with pytest.raises(ValueError, match="graph of a Value"):
        backprop.draw_graph(1.0)


def test_graph_nodes_are_named_by_their_expression():
    d, o = backprop.Value(0.5, label="d"), backprop.Value(0.7, label="o")
    loss = 0.5 * (d - o) ** 2
    loss.backward()
    table = loss.graph_table()
    # no generated ids such as n10: every unnamed node reads as the expression that made it
    assert not re.search(r"^n\d+ ", table, flags=re.M)
    names = set(backprop.node_names(loss.topological_order()).values())
    assert {"o*-1", "d+(o*-1)", "(d+(o*-1))**2", "-1", "0.5"} <= names
