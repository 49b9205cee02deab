import math
from collections import Counter
from itertools import pairwise

from course_utils.exercises import ch01 as check


def right_bigram_prob(sentences, prev, word):
    pairs, firsts = Counter(), Counter()
    for s in sentences:
        tokens = ["<s>", *s, "</s>"]
        for a, b in pairwise(tokens):
            pairs[a, b] += 1
            firsts[a] += 1
    return pairs[prev, word] / firsts[prev] if firsts[prev] else 0.0


def stub(*args):
    raise NotImplementedError


def test_reference_solutions_pass(capsys):
    def slp(model, sentence):
        total, history = 0.0, []
        for w in [*sentence, "</s>"]:
            total += math.log(model.prob(w, history[len(history) - (model.order - 1) :] if model.order > 1 else []))
            history.append(w)
        return total

    check.bigram_prob(right_bigram_prob)
    check.sentence_logprob(slp)
    check.perplexity(lambda lps: math.exp(-sum(lps) / len(lps)))
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and all(line.startswith("✅") for line in out), out


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

    ch02.add_k_prob(lambda c, h, V, k: (c + k) / (h + k * V))
    ch02.add_k_prob(lambda c, h, V, k: (c + k) / (h + k))

    def absolute(c, h, n, p_lower, d):
        return max(c - d, 0) / h + d * n / h * p_lower if h else p_lower

    ch02.absolute_discount_prob(absolute)
    ch02.absolute_discount_prob(lambda c, h, n, pl, d: max(c - d, 0) / h if h else pl)
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line[:1] in "✅❌"]
    assert [line[0] for line in lines] == ["✅", "❌", "✅", "❌"]
    assert "c(h) + k*V" in out and "goes to p_lower" in out


def test_chapter_03_checker(capsys):
    from course_utils.exercises import ch03

    def right(V, n, m, h, direct):
        count = V * m + h * (n - 1) * m + h + V * h + V
        return count + V * (n - 1) * m if direct else count

    ch03.parameter_count(right)
    ch03.parameter_count(lambda V, n, m, h, direct: right(V, n, m, h, direct) - V)
    out = capsys.readouterr().out
    assert out.startswith("✅") and "forgot the output bias b" in out


def test_chapter_04_checkers(capsys):
    from course_utils.exercises import ch04

    ch04.output_delta(lambda d, o: (d - o) * o * (1 - o))
    ch04.hidden_delta(lambda delta_o, W, Y: (delta_o @ W.T) * Y * (1 - Y))
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
    import numpy as np

    from course_utils.exercises import ch05

    def clip(grads, max_norm):
        total = np.sqrt(sum((g**2).sum() for g in grads))
        return [g * min(1.0, max_norm / total) for g in grads]

    ch05.bptt_step(lambda dh, h, w: (dh * (1 - h**2)) @ w)
    ch05.clip_global(clip)
    ch05.bptt_step(lambda dh, h, w: dh @ w)
    ch05.clip_global(lambda grads, c: [g * min(1.0, c / np.linalg.norm(g)) for g in grads])
    ch05.clip_global(stub)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ bptt_step") and out[1].startswith("✅ clip_global")
    assert "tanh' = 1 − h²" in out[3] and "global" in "\n".join(out[4:]) and "⏳" in "\n".join(out[4:])


def test_chapter_06_checkers(capsys):
    import numpy as np

    from course_utils.exercises import ch06

    def grad(h, u_pos, u_neg):
        s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
        return (s(u_pos @ h) - 1) * u_pos + (s(u_neg @ h)[:, None] * u_neg).sum(axis=0)

    ch06.ns_grad_h(grad)
    ch06.keep_prob(lambda f, total, sample: min(1.0, (np.sqrt(f / (sample * total)) + 1) * sample * total / f))
    ch06.ns_grad_h(lambda h, u_pos, u_neg: -grad(h, u_pos, u_neg))
    ch06.keep_prob(lambda f, total, sample: (np.sqrt(f / (sample * total)) + 1) * sample * total / f)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ ns_grad_h") and out[1].startswith("✅ keep_prob")
    text = "\n".join(out[2:])
    assert "sign" in text and ("cap the probability" in text or "2013 paper" in text)


def test_chapter_07_checkers(capsys):
    import numpy as np

    from course_utils.exercises import ch07

    def pmi(X):
        with np.errstate(divide="ignore"):
            return np.log(X * X.sum() / np.outer(X.sum(1), X.sum(0)))

    ch07.ppmi(lambda X: np.where(X > 0, np.maximum(pmi(X), 0), 0))
    ch07.rank_k_error(lambda s, k: float(np.sqrt((s[k:] ** 2).sum())))
    ch07.ppmi(lambda X: np.where(X > 0, pmi(X), 0))
    ch07.rank_k_error(lambda s, k: float((s[k:] ** 2).sum()))
    ch07.ppmi(lambda X: None)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ ppmi") and out[1].startswith("✅ rank_k_error")
    text = "\n".join(out[2:])
    assert "clip the negative values" in text and "take the square root" in text and "returned None" in text


def test_chapter_08_checkers(capsys):
    import numpy as np

    from course_utils.exercises import ch08

    def grad(w, w_ctx, b, b_ctx, x, x_max, alpha):
        return 2 * min(1.0, (x / x_max) ** alpha) * (w @ w_ctx + b + b_ctx - np.log(x)) * w_ctx

    ch08.glove_weight(lambda x, x_max, alpha: min(1.0, (x / x_max) ** alpha))
    ch08.glove_grad_w(grad)
    ch08.glove_weight(lambda x, x_max, alpha: (x / x_max) ** alpha)
    ch08.glove_grad_w(lambda *a: grad(*a) / 2)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ glove_weight") and out[1].startswith("✅ glove_grad_w")
    text = "\n".join(out[2:])
    assert "cap the weight at 1" in text and "keep the factor 2" in text


def test_chapter_09_checkers(capsys):
    import numpy as np

    from course_utils.exercises import ch09

    def mix(layers, s, gamma):
        w = np.exp(s) / np.exp(s).sum()
        return gamma * np.tensordot(w, layers, axes=1)

    def reverse(x, lengths):
        out = x.copy()
        for b, n in enumerate(lengths):
            out[b, :n] = x[b, :n][::-1]
        return out

    ch09.scalar_mix(mix)
    ch09.reverse_sentences(reverse)
    ch09.scalar_mix(lambda layers, s, gamma: gamma * np.tensordot(s, layers, axes=1))
    ch09.reverse_sentences(lambda x, lengths: x[:, ::-1])
    ch09.scalar_mix(lambda layers, s, gamma: None)
    out = capsys.readouterr().out.split("\n")
    assert out[0].startswith("✅ scalar_mix") and out[1].startswith("✅ reverse_sentences")
    text = "\n".join(out[2:])
    assert "softmax first" in text and "padding must stay" in text and "returned None" in text
