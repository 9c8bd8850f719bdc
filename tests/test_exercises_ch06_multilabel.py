"""Chapter 6's exercises: the reference passes, every catalogued mistake fails with
its own message, and answers a learner would write from the task text alone
(right ones in other forms, plausible wrong ones) get the intended verdict."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import verdict

from companion import binary_cross_entropy, binary_cross_entropy_with_logits, sigmoid, softmax
from companion.exercises import ch06_multilabel as ex

QUESTIONS = {name: getattr(ex, name) for name in ("q1", "q2", "q3", "q4", "q5", "q6")}


@pytest.mark.parametrize("name", QUESTIONS)
def test_catalogued_mistakes_differ_from_each_other_on_the_probes(name):
    question = QUESTIONS[name]
    outputs = {m: question._evaluate(w)[0] for m, w in question.mistakes.items()}
    for (a, out_a), (b, out_b) in itertools.combinations(outputs.items(), 2):
        same = all(np.shape(x) == np.shape(y) and np.allclose(x, y, equal_nan=True)
                   for x, y in zip(out_a, out_b, strict=True))
        assert not same, (a, b)


def _torch(f):
    """A learner's answer written in torch: numpy in, tensor out."""
    return lambda *args: f(*(torch.as_tensor(a) for a in args))


# Learner-style answers, written from the task text: (answer, None) must pass,
# (answer, text) must fail with a message containing ``text``.
LEARNERS = {
    "q1": [
        (lambda z: 1 / (1 + np.exp(-z)), None),  # overflow to inf gives the right 0
        (_torch(torch.sigmoid), None),
        (lambda z: np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))),
                            np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z)))).astype(z.dtype), None),
        (lambda z: np.exp(-np.logaddexp(0, -z)), None),
        (lambda z: (0.5 * (1 + np.tanh(z / 2))).astype(z.dtype), "exactly 0"),
        (lambda z: np.exp(z) / (1 + np.exp(z)), "NaN or inf at logit"),
        (lambda z: softmax(z, dim=0), "compete for one unit"),
        (lambda z: sigmoid(z) / sigmoid(z).sum(axis=0), "need not sum to 1"),
        (lambda z: np.exp(z - z.max(axis=1, keepdims=True))
         / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
         "compete for one unit"),
    ],
    "q2": [
        (lambda z: sigmoid(z) > np.array([0.5, 0.5, 0.2]), None),
        (lambda z: (torch.sigmoid(torch.as_tensor(z)) > torch.tensor([0.5, 0.5, 0.2])), None),
        (lambda z: z > np.log(np.array([0.5, 0.5, 0.2]) / (1 - np.array([0.5, 0.5, 0.2]))),
         None),
        (lambda z: [[bool(sigmoid(v) > t) for v, t in zip(row, (0.5, 0.5, 0.2), strict=True)]
                    for row in z], None),
        (lambda z: z >= np.log(np.array([0.5, 0.5, 0.2]) / (1 - np.array([0.5, 0.5, 0.2]))),
         ">, not >="),
        (lambda z: ~(sigmoid(z) < np.array([0.5, 0.5, 0.2])), ">, not >="),
        (lambda z: sigmoid(z) > 0.5, "0.5 for every label"),
        (lambda z: z > np.array([0.5, 0.5, 0.2]), "compare them with sigmoid"),
        (lambda z: sigmoid(z) * (sigmoid(z) > np.array([0.5, 0.5, 0.2])), "probabilities, not"),
    ],
    "q3": [
        (lambda z, y: np.mean(np.logaddexp(0, z) - y * z), None),
        (lambda z, y: F.binary_cross_entropy_with_logits(torch.as_tensor(z), torch.as_tensor(y)),
         None),
        (lambda z, y: torch.nn.BCEWithLogitsLoss()(torch.as_tensor(z), torch.as_tensor(y)),
         None),
        (lambda z, y: np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))), None),
        (lambda z, y: binary_cross_entropy(sigmoid(z), y), "capped at 100 instead of 40"),
        (lambda z, y: -np.mean(y * np.log(1 / (1 + np.exp(-z)))
                               + (1 - y) * np.log(1 - 1 / (1 + np.exp(-z)))), "gives inf"),
        (lambda z, y: -np.mean(y * np.log(sigmoid(z)) + (1 - y) * np.log(1 - sigmoid(z))),
         "gives inf"),
        (lambda z, y: -np.mean(y * np.log(sigmoid(z) + 1e-7) + (1 - y) * np.log(1 - sigmoid(z)
                                                                             + 1e-7)),
         "right for moderate logits"),
        (lambda z, y: np.sum(np.logaddexp(0, z) - y * z), "summed"),
        (lambda z, y: (np.logaddexp(0, z) - y * z).sum(axis=1).mean(), "summed over the labels"),
        (lambda z, y: (np.logaddexp(0, z) - y * z).mean(axis=1), "one loss per example"),
        (lambda z, y: float(F.binary_cross_entropy_with_logits(torch.as_tensor(z),
                                                               torch.as_tensor(y))), None),
        (lambda z, y: binary_cross_entropy_with_logits(z, y, reduction="none"), "one loss per"),
        (lambda z, y: F.binary_cross_entropy(torch.sigmoid(torch.as_tensor(z)),
                                             torch.as_tensor(y)), "probabilities"),
    ],
    "q4": [
        (lambda z, s: np.prod(sigmoid(np.where(s == 1, z, -z)), axis=1), None),
        (lambda z, s: np.exp(-binary_cross_entropy_with_logits(z, s.astype(float),
                                                               reduction="none").sum(1)), None),
        (lambda z, s: np.exp(np.sum(F.logsigmoid(torch.as_tensor(np.where(s == 1, z, -z)))
                                    .numpy(), axis=-1)), None),
        (lambda z, s: [float(np.prod([sigmoid(v) if on else sigmoid(-v)
                                      for v, on in zip(row, srow, strict=True)]))
                       for row, srow in zip(z, s, strict=True)], None),
        (lambda z, s: np.prod(sigmoid(z) ** s * (1 - sigmoid(z)) ** (1 - s), axis=1),
         "exactly 0"),
        (lambda z, s: np.prod(np.where(s == 1, sigmoid(z), 1 - sigmoid(z)), axis=1),
         "1 - sigmoid(z) is 0 once"),
        (lambda z, s: np.prod(np.where(s == 1, sigmoid(z), 1.0), axis=1), "labels left out"),
        (lambda z, s: np.sum(sigmoid(np.where(s == 1, z, -z)), axis=1), "above 1"),
        (lambda z, s: -(np.logaddexp(0, z) - s * z).sum(axis=1), "log of the probability"),
        (lambda z, s: np.prod(sigmoid(np.where(s == 1, z, -z)), axis=1, keepdims=True),
         "shape"),
    ],
    "q5": [
        (ex._best_thresholds, None),
        (lambda p, y: _learner_thresholds(p, y, np.arange(0.05, 0.96, 0.05)), None),
        (lambda p, y: np.array([_one_label(p[:, c], y[:, c]) for c in range(p.shape[1])]),
         None),
        (lambda p, y: _learner_thresholds(p, y, np.arange(1, 20) / 20, ge=True), "probs > t"),
        (lambda p, y: np.argmax(_learner_table(p, y, np.arange(1, 20) / 20), axis=0),
         "indices"),
        (lambda p, y: _learner_thresholds(p, y, np.arange(1, 20) / 20, last=True),
         "kept the highest"),
        (lambda p, y: _learner_thresholds(p, y, np.arange(1, 20) / 20, score="accuracy"),
         "accuracy"),
        (lambda p, y: _learner_thresholds(p, y, np.arange(1, 20) / 20, score="recall"),
         "For input"),
    ],
    "q6": [
        (lambda z, y, w: binary_cross_entropy_with_logits(z, y, pos_weight=w[:, None, None]),
         None),
        (lambda z, y, w: F.binary_cross_entropy_with_logits(
            torch.as_tensor(z), torch.as_tensor(y),
            pos_weight=torch.as_tensor(w).view(-1, 1, 1)), None),
        (lambda z, y, w: torch.nn.BCEWithLogitsLoss(
            pos_weight=torch.as_tensor(w).reshape(1, -1, 1, 1))(torch.as_tensor(z),
                                                                torch.as_tensor(y)), None),
        (lambda z, y, w: np.mean(w[:, None, None] * y * np.logaddexp(0, -z)
                                 + (1 - y) * np.logaddexp(0, z)), None),
        (lambda z, y, w: F.binary_cross_entropy_with_logits(
            torch.as_tensor(z), torch.as_tensor(y), pos_weight=torch.as_tensor(w)),
         "the width W"),
        (lambda z, y, w: binary_cross_entropy_with_logits(z, y, pos_weight=w[:, None]),
         "shape (C, 1)"),
        (lambda z, y, w: binary_cross_entropy_with_logits(z, y, weight=w[:, None, None]),
         "weight="),
        (lambda z, y, w: binary_cross_entropy_with_logits(z, y, pos_weight=w[:, None, None],
                                                          reduction="sum"), "summed"),
        (lambda z, y, w: np.mean(-(w[:, None, None] * y * np.log(sigmoid(z))
                                   + (1 - y) * np.log(1 - sigmoid(z)))), "NaN or inf"),
    ],
}


def _learner_table(p, y, candidates, ge=False, score="f1"):
    rows = []
    for t in candidates:
        on = p >= t if ge else p > t
        tp = np.sum(on & (y == 1), axis=0)
        fp = np.sum(on & (y == 0), axis=0)
        fn = np.sum(~on & (y == 1), axis=0)
        if score == "accuracy":
            rows.append(np.mean(on == (y == 1), axis=0))
        elif score == "recall":
            rows.append(tp / np.maximum(tp + fn, 1))
        else:
            with np.errstate(invalid="ignore"):
                rows.append(np.nan_to_num(2 * tp / (2 * tp + fp + fn)))
    return np.array(rows)


def _learner_thresholds(p, y, candidates, ge=False, last=False, score="f1"):
    table = _learner_table(p, y, candidates, ge=ge, score=score)
    if last:
        return candidates[len(candidates) - 1 - np.argmax(table[::-1], axis=0)]
    return candidates[np.argmax(table, axis=0)]


def _one_label(p, y):
    best_t, best_f1 = None, -1.0
    for k in range(1, 20):
        t = k / 20
        pred = p > t
        tp = int(np.sum(pred & (y == 1)))
        fp = int(np.sum(pred & (y == 0)))
        fn = int(np.sum(~pred & (y == 1)))
        f1 = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


CASES = [(name, k) for name, answers in LEARNERS.items() for k in range(len(answers))]


@pytest.mark.parametrize(("name", "k"), CASES)
def test_learner_answers(capsys, name, k):
    answer, expected = LEARNERS[name][k]
    passed, out = verdict(capsys, QUESTIONS[name], answer)
    if expected is None:
        assert passed, out
    else:
        assert not passed
        assert expected in out, out


@pytest.mark.parametrize("name", LEARNERS)
def test_enough_learner_answers(name):
    right = sum(expected is None for _, expected in LEARNERS[name])
    wrong = sum(expected is not None for _, expected in LEARNERS[name])
    assert right >= 3 and wrong >= 3


def test_q1_probes_reach_the_extremes():
    logits = np.concatenate([np.ravel(args[0]) for args in ex.q1.probes])
    assert np.abs(logits).max() >= 800
    assert any(args[0].dtype == np.float32 and np.abs(args[0]).max() >= 100
               for args in ex.q1.probes)


def test_q2_probes_sit_on_the_threshold():
    assert any(np.any(np.asarray(args[0])[:, :2] == 0.0) for args in ex.q2.probes)


def test_q3_separates_the_article_example():
    z, y = np.array([[40.0, -40.0, 2.0]]), np.array([[0.0, 1.0, 1.0]])
    assert float(binary_cross_entropy_with_logits(z, y)) == pytest.approx(26.7090, abs=1e-4)
    assert float(binary_cross_entropy(sigmoid(z), y)) == pytest.approx(46.7090, abs=1e-4)
    assert any(np.array_equal(args[0], z) for args in ex.q3.probes)
