"""Chapter 2's exercises against answers a learner might write from the task text:
correct ones in other forms are accepted, wrong ones rejected with the message
that names their mistake, and value questions never reveal the expected value."""

import math

import numpy as np
import pytest
import scipy.special
import torch
from exercise_support import verdict

from companion import sigmoid
from companion.exercises import ch02_binary as ex

QUESTIONS = {name: getattr(ex, name) for name in ("q1", "q2", "q3", "q4", "q5")}


MISTAKES = [(name, mistake) for name, q in QUESTIONS.items() for mistake in q.mistakes]


@pytest.mark.parametrize(("name", "mistake"), MISTAKES, ids=[f"{n}:{m}" for n, m in MISTAKES])
def test_each_mistake_gets_its_own_message(capsys, name, mistake):
    question = QUESTIONS[name]
    passed, out = verdict(capsys, question, question.mistakes[mistake])
    assert not passed
    assert question.messages[mistake] in out
    assert not any(m in out for n, m in question.messages.items() if n != mistake)


def test_required_mistake_names_are_kept():
    assert {"threshold_on_logits", "logit_at_zero"} <= set(ex.q1.mistakes)


# --- learner-style answers: (question, answer, accepted?, a phrase the message must contain)

def _torch_autograd_grad(z, y):
    zt = torch.tensor(z, requires_grad=True)
    torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(y)).backward()
    return zt.grad


def _loop_pick_threshold(p, y, c_fp, c_fn):
    best_t, best_cost = None, math.inf
    for t in np.arange(1, 100) / 100:
        positive = np.asarray(p) > t
        y_ = np.asarray(y)
        cost = c_fp * np.sum(positive & (y_ == 0)) + c_fn * np.sum(~positive & (y_ == 1))
        if cost < best_cost:
            best_t, best_cost = t, cost
    return best_t


def _loop_pick_threshold_ties_last(p, y, c_fp, c_fn):
    best_t, best_cost = None, math.inf
    for t in np.arange(1, 100) / 100:
        positive = np.asarray(p) > t
        y_ = np.asarray(y)
        cost = c_fp * np.sum(positive & (y_ == 0)) + c_fn * np.sum(~positive & (y_ == 1))
        if cost <= best_cost:
            best_t, best_cost = t, cost
    return best_t


def _pick_threshold_cost_ratio_only(p, y, c_fp, c_fn):
    return c_fp / (c_fp + c_fn)


LEARNERS = [
    # q1: decide at a probability threshold t
    ("q1", lambda z, t: z > np.log(t / (1 - t)), True, None),
    ("q1", lambda z, t: z > np.log(t) - np.log1p(-t), True, None),
    ("q1", lambda z, t: torch.sigmoid(torch.as_tensor(z)) > t, True, None),
    ("q1", lambda z, t: (sigmoid(z) > t).tolist(), True, None),
    ("q1", lambda z, t: scipy.special.expit(z) > t, True, None),
    ("q1", lambda z, t: 1 / (1 + np.exp(-z)) > t, True, None),  # overflows to 0: still right
    ("q1", lambda z, t: z >= np.log(t / (1 - t)), False, "strict >"),
    ("q1", lambda z, t: np.exp(z) / (np.exp(z) + 1) > t, False, "overflows"),
    ("q1", lambda z, t: z > 1.386, False, "ignores t"),
    ("q1", lambda z, t: sigmoid(z) > 0.8, False, "ignores t"),
    ("q1", lambda z, t: z > t, False, "threshold on probabilities"),
    ("q1", lambda z, t: z > t / (1 - t), False, "log-odds"),
    # q2: the logit threshold for c_FP = 4, c_FN = 1
    ("q2", np.log(4), True, None),
    ("q2", 1.3863, True, None),
    ("q2", torch.tensor(1.3863), True, None),
    ("q2", np.float32(np.log(4.0)), True, None),
    ("q2", math.log(4 / 1), True, None),
    ("q2", 0.8, False, "threshold on the probability"),
    ("q2", [1.386294], False, "one number"),
    ("q2", 1.39, False, "more digits"),
    ("q2", -1.3863, False, "costs swapped"),
    ("q2", 4, False, "logarithm of the odds"),
    ("q2", np.log(0.8), False, "check each step"),
    # q3: the spam probability after a change of base rate
    ("q3", float(sigmoid(1.5 + np.log(1 / 9))), True, None),
    ("q3", 0.3324, True, None),
    ("q3", math.exp(1.5) * (0.1 / 0.9) / (1 + math.exp(1.5) * (0.1 / 0.9)), True, None),
    ("q3", torch.sigmoid(torch.tensor(1.5 + math.log(0.1 / 0.9))), True, None),
    ("q3", 0.818, False, "the base rate changed"),
    ("q3", float(sigmoid(1.5 + math.log(9))), False, "wrong way"),
    ("q3", 1.5 + math.log(1 / 9), False, "shifted logit"),
    ("q3", 0.33, False, "more digits"),
    ("q3", 0.1635, False, "not Bayes' rule"),
    ("q3", np.array([0.3324]), False, "one number"),
    # q4: the gradient of the mean binary cross-entropy
    ("q4", lambda z, y: (sigmoid(z) - y) / len(z), True, None),
    ("q4", lambda z, y: (scipy.special.expit(z) - y) / np.size(z), True, None),
    ("q4", lambda z, y: (1 / (1 + np.exp(-z)) - y) / z.size, True, None),
    ("q4", _torch_autograd_grad, True, None),
    ("q4", lambda z, y: torch.sigmoid(torch.as_tensor(z)) / len(z) - torch.as_tensor(y) / len(z),
     True, None),
    ("q4", lambda z, y: sigmoid(z) - y, False, "*sum* of the losses"),
    ("q4", lambda z, y: (y - sigmoid(z)) / len(z), False, "sign is flipped"),
    ("q4", lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)) / len(z), False,
     "extra factor"),
    ("q4", lambda z, y: ((sigmoid(z) - y) / len(z))[:, None], False, "shape"),
    ("q4", lambda z, y: np.mean(sigmoid(z) - y), False, "one number"),
    ("q4", lambda z, y: (-y / sigmoid(z) + (1 - y) / (1 - sigmoid(z))) * sigmoid(z)
     * (1 - sigmoid(z)) / len(z), False, "finite"),
    # q5: pick the cheapest threshold on held-out predictions
    ("q5", _loop_pick_threshold, True, None),
    ("q5", lambda p, y, c_fp, c_fn: torch.linspace(0.01, 0.99, 99, dtype=torch.float64)[
        torch.argmin(torch.tensor([c_fp * np.sum((p > t) & (y == 0)) + c_fn * np.sum((p <= t)
                                   & (y == 1)) for t in np.linspace(0.01, 0.99, 99)]))],
     True, None),
    ("q5", lambda p, y, c_fp, c_fn: [ex._pick_threshold(p, y, c_fp, c_fn)], False,
     "one number"),
    ("q5", _loop_pick_threshold_ties_last, False, "you returned the largest"),
    ("q5", _pick_threshold_cost_ratio_only, False, "t* = c_fp / (c_fp + c_fn)"),
    ("q5", lambda p, y, c_fp, c_fn: ex._pick_threshold(p, y, c_fn, c_fp), False,
     "charged c_fn for false positives"),
]


@pytest.mark.parametrize(("name", "answer", "accepted", "phrase"), LEARNERS,
                         ids=[f"{n}-{k}" for k, (n, *_rest) in enumerate(LEARNERS)])
def test_learner_answers(capsys, name, answer, accepted, phrase):
    passed, out = verdict(capsys, QUESTIONS[name], answer)
    assert passed is accepted, out
    if not accepted:
        assert phrase in out, out


@pytest.mark.parametrize("name", ["q2", "q3"])
def test_value_questions_never_show_the_expected_value(capsys, name):
    question = QUESTIONS[name]
    expected = float(question.reference)
    shown = {f"{expected:.{d}f}" for d in range(2, 7)} | {f"{expected:.{d}g}" for d in range(3, 7)}
    for answer in [0.0, -12345.0, 1e6, expected * 1.01, expected * 1.5, [expected], np.nan]:
        passed, out = verdict(capsys, question, answer)
        assert not passed
        assert not any(s in out for s in shown), out


def test_q5_probes_do_not_sit_on_a_candidate_threshold():
    # a p within rounding of a threshold would make > and >= (or another grid) disagree
    grid = np.linspace(0.01, 0.99, 99)
    for p, *_ in ex.q5.probes:
        assert np.min(np.abs(np.asarray(p)[:, None] - grid)) > 1e-9
