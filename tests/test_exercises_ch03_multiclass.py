"""The exercises of chapter 3: references pass, every catalogued mistake fails with
its own message, and answers a learner might write from the task text alone
(correct ones in other forms, plausible wrong ones) get the intended verdict."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import verdict

from companion import log_softmax, predict_multiclass, sigmoid, softmax
from companion.exercises import ch03_multiclass as ex

QUESTIONS = {"q1": ex.q1, "q2": ex.q2, "q3": ex.q3, "q4": ex.q4, "q5": ex.q5}


@pytest.mark.parametrize("name", ["q1", "q3"])
def test_value_messages_never_show_the_answer(capsys, name):
    question = QUESTIONS[name]
    shown = f"{float(question.reference):.3f}"
    for wrong in [-12345.0, 0.0, *question.mistakes.values(),
                  float(question.reference) * 1.01]:
        passed, out = verdict(capsys, question, wrong)
        assert not passed
        assert shown not in out, out


def torch_one_hot(labels, num_classes):
    return F.one_hot(torch.as_tensor(labels), num_classes)


# (answer, expected: True for "Correct!", else a piece of the message)
LEARNERS = {
    "q1": [
        (2.344, True), (torch.sigmoid(torch.tensor([3.0, -1.0, 0.5, 0.0])).sum(), True),
        (np.float32(2.34397), True), ([2.344], "shape (1,)"),
        (2.34, "significant digits"), (1.0, "nothing makes them sum to 1"),
        (2.5, "sum of the logits"), (float(softmax(np.array([3.0, -1, 0.5, 0]), dim=0).sum()),
                                     "nothing makes them sum to 1"),
        (False, "one number"), ("no, it sums to 2.344", "one number"),
        (sigmoid(np.array([3.0, -1, 0.5, 0])), "their sum, one number"),
        (float(np.sum(1 / (1 + np.exp([3.0, -1, 0.5, 0])))), "sign in the exponent"),
    ],
    "q2": [
        (lambda z: np.argmax(z, axis=-1), True),
        (lambda z: torch.as_tensor(z).argmax(dim=1), True),
        (lambda z: [int(np.argmax(row)) for row in z], True),
        (lambda z: predict_multiclass(z, dim=1), True),
        (lambda z: np.argmax(z, axis=1, keepdims=True), "no keepdims"),
        (lambda z: np.argmax(z, axis=0), "axis 0 runs over the examples"),
        (lambda z: softmax(z, dim=1), "one class index per example"),
        (lambda z: np.argmax(sigmoid(z) > 0.5, axis=1), "For input"),
    ],
    "q3": [
        (0.1824, True), (float(sigmoid(-1.5)), True), (torch.sigmoid(torch.tensor(-1.5)), True),
        (np.exp(-1) / (np.exp(-1) + np.exp(0.5)), True),
        (0.18, "significant digits"), (0.0391, "P(dog) among all three"),
        (0.8176, "wrong way round"), (0.2689, "sigma(z_dog) alone"),
        (0.2144, "P(dog or bird)"),
        (18.24, "percentage"), (float(sigmoid(-3.0)), "dog against cat"),
    ],
    "q4": [
        (torch_one_hot, True),
        (lambda y, c: (np.arange(c) == np.asarray(y)[:, None]).astype(np.float32), True),
        (lambda y, c: np.eye(c, dtype=int)[y].tolist(), True),
        (lambda y, c: F.one_hot(torch.as_tensor(y)), "largest label in the batch"),
        (lambda y, c: np.eye(c)[y].T, "transposed"),
        (lambda y, c: np.eye(c)[y - 1], "one column off"),
        (lambda y, c: np.zeros((len(y), c)), "exactly one 1"),
        (lambda y, c: np.eye(c)[y][:, ::-1], "For input"),
    ],
    "q5": [
        (lambda p: np.log(p) - np.log(p)[:, [0]], True),
        (lambda p: log_softmax(np.log(p), dim=1) - np.log(p[:, :1]), True),
        (lambda p: torch.log(torch.as_tensor(p)) - torch.log(torch.as_tensor(p[:, :1])), True),
        (lambda p: np.log(p) - np.log(p).mean(axis=1, keepdims=True), "class 0's logit is not 0"),
        (lambda p: np.log(p) - np.log(p[:, -1:]), "class 0's logit is not 0"),
        (lambda p: np.log(p / p[:, [0]]), "overflows"),
        (lambda p: np.log(p / (1 - p)), "one-vs-rest"),
        (lambda p: np.log(p[:, [0]] / p), "sign is flipped"),
        (lambda p: np.log(np.clip(p, 1e-15, 1)) - np.log(np.clip(p[:, :1], 1e-15, 1)), "epsilon"),
        (lambda p: np.log(p[:, 1:] / p[:, :1]), "one column too few"),
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
