"""The exercises of chapter 1: references pass, every catalogued mistake fails with
its own message, and answers a learner might write from the task text alone
(correct ones in other forms, plausible wrong ones) get the intended verdict."""

import numpy as np
import pytest
import scipy.special
import torch
from exercise_support import verdict

from companion import log_sigmoid, sigmoid
from companion.exercises import NOT_ATTEMPTED
from companion.exercises import ch01_sigmoid as ex

QUESTIONS = {"q1": ex.q1, "q2": ex.q2, "q3": ex.q3, "q4": ex.q4, "q5": ex.q5}


@pytest.mark.parametrize("name", ["q2", "q5"])
def test_value_messages_never_show_the_answer(capsys, name):
    question = QUESTIONS[name]
    shown = [f"{float(question.reference):.3f}"[:5], f"{float(question.reference):.4g}"]
    for wrong in [-12345.0, 0.0, *question.mistakes.values(),
                  float(question.reference) * 1.01]:
        passed, out = verdict(capsys, question, wrong)
        assert not passed
        assert not any(s in out for s in shown), out


def e_abs(z):
    return np.exp(-np.abs(z))


# (answer, expected: True for "Correct!", else a piece of the message)
LEARNERS = {
    "q1": [
        (lambda z: np.where(z >= 0, 1 / (1 + e_abs(z)), e_abs(z) / (1 + e_abs(z))), True),
        (lambda z: np.exp(log_sigmoid(z)), True),  # another stable formula
        (lambda z: torch.sigmoid(torch.as_tensor(z)), "0 at z = -720"),  # torch loses tiny
        (lambda z: [float(sigmoid(v)) for v in z], True),  # a list
        (lambda z: np.exp(np.minimum(z, 0)) / (1 + e_abs(z)), True),
        (scipy.special.expit, "0 at z = -720"),
        (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
         "overflow warning"),
        (lambda z: np.exp(z) / (np.exp(z) + 1), "NaN for large positive z"),
        (lambda z: 1 / (1 + np.exp(z)), "check the sign"),
        (lambda z: 1 / (1 + np.exp(-np.clip(z, -700, 700))), "For input"),
        (lambda z: print(sigmoid(z)), "returned None"),
        (lambda z: np.exp(-np.logaddexp(0, -z)), True),  # log-space
        (lambda z: 0.5 * (1 + np.tanh(z / 2)), "0 at z = -720"),  # tanh form loses tiny
        (lambda z: np.exp(z) / (1 + np.exp(-z)), "where the right answer is finite"),
    ],
    "q2": [
        (np.log(4), True), (1.3863, True), (torch.tensor(1.386294), True),
        (np.float32(1.386), True), ([1.3863], "shape (1,)"),
        (1.39, "significant digits"), (1.38, "significant digits"),
        (torch.logit(torch.tensor(0.8, dtype=torch.float64)), True),
        (0.25, "not the answer"), (4, "odds"),
        (np.log(0.8), "log(p)"), (-1.386, "sign is flipped"),
    ],
    "q3": [
        (lambda z: sigmoid(-z), True),
        (lambda z: np.exp(-np.logaddexp(0, z)), True),
        (lambda z: torch.sigmoid(-torch.as_tensor(z)), "0 at z = 720"),
        (lambda z: sigmoid(-np.asarray(z, dtype=np.float64)).tolist(), True),
        (lambda z: 1 - 1 / (1 + np.exp(-z)), "stored as exactly 1.0"),
        (lambda z: scipy.special.expit(-z), "0 at z = 720"),
        (lambda z: np.exp(-z) / (1 + np.exp(-z)), "NaN for very negative z"),
        (sigmoid, "P(positive)"),
        (lambda z: 0.5 * (1 - np.tanh(z / 2)), "0 at z = 40"),  # cancellation, not sigma
    ],
    "q4": [
        (lambda z: sigmoid(z) * sigmoid(-z), True),
        (lambda z: e_abs(z) / (1 + e_abs(z)) ** 2, True),
        (lambda z: np.exp(log_sigmoid(z) + log_sigmoid(-z)), True),
        (lambda z: (torch.sigmoid(torch.as_tensor(z)) * torch.sigmoid(-torch.as_tensor(z))),
         "0 at z = 720"),
        (lambda z: sigmoid(z) - sigmoid(z) ** 2, "stored as exactly 1.0"),
        (lambda z: sigmoid(z) * (1 - sigmoid(z)), "stored as exactly 1.0"),
        (lambda z: np.exp(z) / (1 + np.exp(z)) ** 2, "NaN or inf"),
        (lambda z: -sigmoid(z) * sigmoid(-z), "sign is flipped"),
        (sigmoid, "itself"),
        (lambda z: 0.25 / np.cosh(z / 2) ** 2, "0 at z = 720"),
        (lambda z: sigmoid(z) * sigmoid(z), "sigma(z)^2"),
    ],
    "q5": [
        (5.98645, True), (5.9864, True), (np.float32(5.98645), True),
        (torch.tensor(5.9865, dtype=torch.float64), True),
        (5.99, "significant digits"), (5.986, "significant digits"), (5.9915, "tail approximation"),
        (4.585, "slope is 0.01"), (5.9890, "sigma(z) = 0.9975"), (-5.9864, "positive one"),
        (0.0025, "not the answer"),
    ],
}
CASES = [(name, k) for name, answers in LEARNERS.items() for k in range(len(answers))]


@pytest.mark.parametrize(("name", "k"), CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_learner_answers(capsys, name, k):
    answer, expected = LEARNERS[name][k]
    passed, out = verdict(capsys, QUESTIONS[name], answer)
    if expected is True:
        assert passed, out
    else:
        assert not passed
        assert expected in out, out


def test_each_question_has_enough_learner_answers():
    for name, answers in LEARNERS.items():
        assert sum(e is True for _, e in answers) >= 3, name
        assert sum(e is not True for _, e in answers) >= 3, name


def test_placeholder_and_unfinished_function(capsys):
    def my_sigmoid(z):
        ...
    for answer in (None, ..., my_sigmoid):
        passed, out = verdict(capsys, ex.q1, answer)
        assert not passed and out.strip() == NOT_ATTEMPTED
