"""Chapter 4's exercises: the reference passes, each catalogued mistake fails with
its own message, and answers a learner might write from the task text alone
(correct ones in other forms, plausible wrong ones) get the intended verdict."""

import numpy as np
import pytest
import scipy.special
import torch
import torch.nn.functional as F
from exercise_support import verdict

from companion import log_softmax, logsumexp, softmax
from companion.exercises import ch04_softmax as ex

QUESTIONS = {name: getattr(ex, name) for name in ["q1", "q2", "q3", "q4", "q5", "q6"]}


@pytest.mark.parametrize(("name", "mistake"),
                         [(n, m) for n, q in QUESTIONS.items() for m in q.mistakes])
def test_each_mistake_has_its_own_message(capsys, name, mistake):
    question = QUESTIONS[name]
    passed, out = verdict(capsys, question, question.mistakes[mistake])
    assert not passed
    assert question.messages[mistake] in out
    assert not any(m in out for k, m in question.messages.items() if k != mistake)


def test_at_least_one_probe_reaches_the_extremes():
    for question in (ex.q1, ex.q3, ex.q4):
        args = [np.asarray(p[0]) for p in question.probes]
        assert max(np.abs(a).max() for a in args if a.dtype == np.float64) >= 800
        assert max(np.abs(a).max() for a in args if a.dtype == np.float32) >= 100


def test_failure_messages_stay_short(capsys):
    def wrong(logits):
        return np.zeros_like(logits) - 7.0
    for question in (ex.q3, ex.q4):
        passed, out = verdict(capsys, question, wrong if question is ex.q3
                              else lambda z, t: wrong(z))
        assert not passed and len(out) < 400, out


# Learner-style answers, written from the task text: (answer, passes, text in the output).
def _stable(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _in_place(z):
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _mean_shift(z):
    e = np.exp(z - z.mean(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _over_axis_0(z):
    e = np.exp(z - z.max(axis=0))
    return e / e.sum(axis=0)


LEARNERS = {
    "q1": [
        (lambda z: scipy.special.softmax(z, axis=-1), True, "Correct!"),
        (lambda z: torch.softmax(torch.as_tensor(z), dim=-1), True, "Correct!"),
        (lambda z: np.exp(z - logsumexp(z, dim=-1, keepdim=True)), True, "Correct!"),
        (lambda z: _stable(z).tolist(), True, "Correct!"),
        (_in_place, True, "changes its input array in place"),
        (lambda z: np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True), False,
         "exp(z) / sum(exp(z)) overflows"),
        (_mean_shift, False, "NaN or inf where every expected value is finite"),
        (_over_axis_0, False, "your columns sum to 1, not your rows"),
        (lambda z: np.exp(z - z.max(axis=-1, keepdims=True)), False,
         "your rows do not sum to 1"),
        (lambda z: print(_stable(z)), False, "returned None"),
        (_stable(np.array([1.0, 2.0, 3.0])), False, "expects your function itself"),
    ],
    "q2": [
        ([1, 0, 0], True, "Correct!"),
        (torch.tensor([1.0, 0.0, 0.0]), True, "Correct!"),
        (softmax(np.array([2.0, 1.0, 0.0]) / 1e-3, dim=0), True, "Correct!"),
        (np.array([1.0, 0.0, 0.0], dtype=np.float32), True, "Correct!"),
        ([0.5, 0.5, 0.0], False, "is not the limit"),
        (1.0, False, "give three probabilities"),
        ([1.0, 1.0, 1.0], False, "sum to 3"),
        ([1 / 3, 1 / 3, 1 / 3], False, "limit of a *large* temperature"),
        ([0, 0, 1], False, "smallest logit"),
    ],
    "q3": [
        (lambda logits: softmax(logits, dim=-3), True, "Correct!"),
        (lambda logits: F.softmax(torch.from_numpy(logits), dim=1), True, "Correct!"),
        (lambda logits: np.moveaxis(softmax(np.moveaxis(logits, 1, -1), dim=-1), -1, 1),
         True, "Correct!"),
        (lambda logits: np.exp(log_softmax(logits, dim=1)), True, "Correct!"),
        (lambda logits: np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True), False,
         "NaN or inf"),
        (lambda logits: softmax(np.moveaxis(logits, 1, -1), dim=-1), False, "shape"),
        (lambda logits: softmax(logits, dim=3), False, "The last dim is the width"),
        (lambda logits: softmax(logits.reshape(*logits.shape[:2], -1), dim=-1).reshape(
            logits.shape), False, "does not sum to 1 over the classes"),
        (lambda logits: softmax(logits, dim=0), False, "dim 0 runs over the images"),
    ],
    "q4": [
        (lambda z, t: (softmax(z, dim=1) - np.eye(z.shape[1])[t]) / len(t), True, "Correct!"),
        (lambda z, t: (softmax(z, dim=1) - (np.arange(z.shape[1]) == t[:, None])) / z.shape[0],
         True, "Correct!"),
        (lambda z, t: _autograd(z, t), True, "Correct!"),
        (lambda z, t: (_stable(z) - np.eye(z.shape[1], dtype=z.dtype)[t]) / len(z), True,
         "Correct!"),
        (lambda z, t: (softmax(z, dim=1) - np.eye(z.shape[1])[t]) / z.shape[1], False,
         "times the expected one"),
        (lambda z, t: np.eye(z.shape[1])[t] - softmax(z, dim=1), False, "wrong sign"),
        (lambda z, t: (log_softmax(z, dim=1) - np.eye(z.shape[1])[t]) / len(z), False,
         "do not sum to 0"),
        (lambda z, t: (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
                       - np.eye(z.shape[1])[t]) / len(z), False, "overflows at z = 800"),
        (lambda z, t: softmax(z, dim=1) - np.eye(z.shape[1])[t], False, "summed loss"),
    ],
    "q5": [
        (lambda z, y: _rivals_by_means(z, y), True, "Correct!"),
        (lambda z, y: list(_rivals_by_means(z, y)), True, "Correct!"),
        (lambda z, y: np.array(_rivals_loops(z, y)), True, "Correct!"),
        (lambda z, y: torch.tensor(_rivals_by_means(z, y)), True, "Correct!"),
        (lambda z, y: _rivals_by_means(z, y, diagonal=True), False, "You let j equal i"),
        (lambda z, y: _rivals_by_means(z, y)[0], False, "expected a pair of class indices"),
        (lambda z, y: _rivals_by_means(z, y)[::-1], False, "You returned (j, i)"),
        (lambda z, y: _rivals_by_means(softmax(z, dim=1), y), False,
         "differences of probabilities"),
        (lambda z, y: _rivals_by_means(z, z.argmax(axis=1)), False, "predicted class"),
        (lambda z, y: _rivals_by_medians(z, y), False, "the median"),
    ],
    "q6": [
        (np.log(10), True, "Correct!"),
        (2.302585, True, "Correct!"),
        (2.30259, True, "Correct!"),
        (torch.log(torch.tensor(10.0)), True, "Correct!"),
        (float(logsumexp(np.full(10, 3.0), dim=0) - 3.0), True, "Correct!"),
        (2.3, False, "give more digits"),
        ([2.302585], False, "give one number"),
        (0, False, "only when one logit is far ahead"),
        (np.log(9), False, "nine terms"),
        (10, False, "takes its logarithm"),
        (3 + np.log(10), False, "logsumexp(z) itself"),
    ],
}


def _autograd(z, t):
    zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    F.cross_entropy(zt, torch.as_tensor(t)).backward()
    return zt.grad.numpy()


def _rivals_by_means(z, y, diagonal=False):
    c = z.shape[1]
    means = np.stack([z[y == i].mean(axis=0) for i in range(c)])  # mean logits per class
    table = means.diagonal()[:, None] - means
    if not diagonal:
        np.fill_diagonal(table, np.inf)
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return int(i), int(j)


def _rivals_by_medians(z, y):
    c = z.shape[1]
    table = np.array([[np.median(z[y == i, i] - z[y == i, j]) if i != j else np.inf
                       for j in range(c)] for i in range(c)])
    i, j = np.unravel_index(np.argmin(table), table.shape)
    return int(i), int(j)


def _rivals_loops(z, y):
    best, pair = np.inf, None
    for i in range(z.shape[1]):
        for j in range(z.shape[1]):
            if i != j:
                gap = np.mean([row[i] - row[j]
                               for row, label in zip(z, y, strict=True) if label == i])
                if gap < best:
                    best, pair = gap, (i, j)
    return pair


CASES = [(name, k) for name, answers in LEARNERS.items() for k in range(len(answers))]


@pytest.mark.parametrize(("name", "k"), CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_learner_answers(capsys, name, k):
    answer, passes, text = LEARNERS[name][k]
    passed, out = verdict(capsys, QUESTIONS[name], answer)
    assert passed == passes, out
    assert text in out, out


def test_learner_answers_cover_each_question():
    for answers in LEARNERS.values():
        assert sum(passes for _, passes, _ in answers) >= 3
        assert sum(not passes for _, passes, _ in answers) >= 3


def test_value_messages_never_show_the_expected_value(capsys):
    for question, wrong in [(ex.q2, [0.5, 0.5, 0.0]), (ex.q6, 3.0), (ex.q6, 2.3)]:
        _, out = verdict(capsys, question, wrong)
        assert "2.302585" not in out and "[1, 0, 0]" not in out and "1., 0., 0." not in out
