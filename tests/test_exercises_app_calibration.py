"""The calibration appendix's exercises: the reference passes, every catalogued
mistake gets its own message, and learner-style answers behave as intended."""

import contextlib
import io

import numpy as np
import pytest
import torch

from companion import softmax
from companion.calibration import fit_temperature
from companion.exercises import app_calibration as ex

QUESTIONS = [ex.q1, ex.q2, ex.q3, ex.q4, ex.q5, ex.q6]


def verdict(question, answer):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ok = question.check(answer)
    return ok, out.getvalue()


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.title)
def test_reference_passes_and_each_mistake_has_its_message(question):
    assert verdict(question, question.reference)[0]
    for name, wrong in question.mistakes.items():
        ok, text = verdict(question, wrong)
        assert not ok, name
        assert question.messages[name] in text, name


# --- q1: ECE from scratch -------------------------------------------------------

def ece_vectorised(confidence, correct, n_bins):
    index = np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)
    total = 0.0
    for m in np.unique(index):
        inside = index == m
        total += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return total


def ece_lists(confidence, correct, n_bins):
    conf, hit = list(confidence), list(correct)
    total = 0.0
    for m in range(n_bins):
        group = [(c, h) for c, h in zip(conf, hit, strict=True)
                 if m / n_bins < c <= (m + 1) / n_bins]
        if group:
            total += len(group) / len(conf) * abs(
                sum(h for _, h in group) / len(group) - sum(c for c, _ in group) / len(group))
    return float(total)


def ece_bincount(confidence, correct, n_bins):
    index = np.maximum(np.ceil(np.asarray(confidence) * n_bins).astype(np.int64) - 1, 0)
    conf_sum = np.bincount(index, weights=confidence, minlength=n_bins)
    hit_sum = np.bincount(index, weights=np.asarray(correct, float), minlength=n_bins)
    return np.abs(hit_sum - conf_sum).sum() / len(confidence)  # sum_m |n_m acc - n_m conf| / n


def ece_digitize(confidence, correct, n_bins):  # np.digitize: left-closed bins
    index = np.digitize(confidence, np.linspace(0, 1, n_bins + 1)[1:-1])
    return sum((index == m).mean() * abs(correct[index == m].mean()
                                         - confidence[index == m].mean())
               for m in np.unique(index))


def ece_printed(confidence, correct, n_bins):
    print(ece_lists(confidence, correct, n_bins))


@pytest.mark.parametrize("answer", [ece_vectorised, ece_lists, ece_bincount])
def test_q1_correct_forms(answer):
    assert verdict(ex.q1, answer)[0]


def test_q1_wrong_forms():
    ok, text = verdict(ex.q1, ece_digitize)
    assert not ok and "exactly on a bin edge" in text
    ok, text = verdict(ex.q1, ece_printed)
    assert not ok and "returned None" in text
    ok, text = verdict(ex.q1, ece_lists(ex._CONF, ex._CORRECT, 5))
    assert not ok and "function itself" in text


# --- q2, q3: values ------------------------------------------------------------

@pytest.mark.parametrize("answer", [0.18, np.float32(0.18), torch.tensor(0.18), 0.9 - 0.72])
def test_q2_correct_forms(answer):
    assert verdict(ex.q2, answer)[0]


@pytest.mark.parametrize("answer, words", [(0.72, "accuracy"), (-0.18, "never negative"),
                                           (0.28, "error rate"), ([0.18], "one number"),
                                           (18, "percentage points")])
def test_q2_wrong_forms(answer, words):
    ok, text = verdict(ex.q2, answer)
    assert not ok and words in text and "0.18" not in text.replace("[0.18]", "")


@pytest.mark.parametrize("answer", [0.8, 0.80, np.float64(0.8), torch.tensor(0.8)])
def test_q3_correct_forms(answer):
    assert verdict(ex.q3, answer)[0]


@pytest.mark.parametrize("answer, words", [(0.81, "after scaling"), (0.32, "does not divide"),
                                           (0.95, "before scaling"), (80, "percentage")])
def test_q3_wrong_forms(answer, words):
    ok, text = verdict(ex.q3, answer)
    assert not ok and words in text


# --- q4: apply a temperature ----------------------------------------------------

def test_q4_correct_forms():
    assert verdict(ex.q4, lambda z, T: softmax(z / T, dim=-1))[0]
    assert verdict(ex.q4, lambda z, T: softmax(np.asarray(z, dtype=np.float64) * (1 / T), 1))[0]
    assert verdict(ex.q4, lambda z, T: torch.softmax(torch.from_numpy(z) / T, dim=1))[0]

    def shifted(z, T):
        s = z / T - (z / T).max(axis=1, keepdims=True)
        return np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)

    assert verdict(ex.q4, shifted)[0]


def test_q4_wrong_forms():
    ok, text = verdict(ex.q4, lambda z, T: np.exp(z / T) / np.exp(z / T).sum(1, keepdims=True))
    assert not ok and "nan" in text and "finite" in text  # overflows at |z| = 800
    ok, text = verdict(ex.q4, lambda z, T: softmax(z * T, dim=1))
    assert not ok and "multiplied" in text
    ok, text = verdict(ex.q4, lambda z, T: softmax(z / T, dim=0))
    assert not ok and "dim=0" in text
    ok, text = verdict(ex.q4, lambda z, T: softmax(z / T, dim=1, keepdims=True)
                       if False else softmax(z / T, dim=1)[:, None])
    assert not ok and "shape" in text


# --- q5: one temperature per label ----------------------------------------------

def test_q5_correct_forms():
    def listed(logits, targets):
        return [fit_temperature(logits[:, k], targets[:, k]) for k in range(logits.shape[1])]

    def via_transpose(logits, targets):
        return np.array([fit_temperature(z, y) for z, y in zip(logits.T, targets.T,
                                                                  strict=True)])

    assert verdict(ex.q5, listed)[0]
    assert verdict(ex.q5, via_transpose)[0]
    assert verdict(ex.q5, lambda z, y: torch.tensor(listed(z, y)))[0]


def test_q5_wrong_forms():
    ok, text = verdict(ex.q5, lambda z, y: fit_temperature(z.ravel(), y.ravel()))
    assert not ok
    ok, text = verdict(ex.q5, lambda z, y: np.array(
        [fit_temperature(z[k], y[k]) for k in range(3)]))  # rows instead of columns
    assert not ok
    ok, text = verdict(ex.q5, lambda z, y: np.array(
        [fit_temperature(z[k], y[k]) for k in range(len(z))]))  # every row
    assert not ok and "shape (400,)" in text and "columns" in text
    ok, text = verdict(ex.q5, lambda z, y: np.full(
        3, fit_temperature(z.ravel(), y.ravel())))
    assert not ok and "one temperature for all labels" in text


# --- q6: Murphy's decomposition --------------------------------------------------

def murphy_loop(probs, labels):
    n, base = len(labels), labels.mean()
    rel = res = 0.0
    for f in np.unique(probs):
        g = probs == f
        rel += g.sum() / n * (f - labels[g].mean()) ** 2
        res += g.sum() / n * (labels[g].mean() - base) ** 2
    return rel, res, base * (1 - base)


def murphy_dict(probs, labels):
    groups = {}
    for p, y in zip(probs.tolist(), labels.tolist(), strict=True):
        groups.setdefault(p, []).append(y)
    n, base = len(labels), sum(labels.tolist()) / len(labels)
    rel = sum(len(v) * (f - sum(v) / len(v)) ** 2 for f, v in groups.items()) / n
    res = sum(len(v) * (sum(v) / len(v) - base) ** 2 for v in groups.values()) / n
    return [rel, res, base - base ** 2]


def murphy_from_brier(probs, labels):  # resolution from the identity itself
    rel, _, unc = murphy_loop(probs, labels)
    return np.array([rel, rel + unc - np.mean((probs - labels) ** 2), unc])


@pytest.mark.parametrize("answer", [murphy_loop, murphy_dict, murphy_from_brier,
                                    lambda p, y: torch.tensor(murphy_loop(p, y))])
def test_q6_correct_forms(answer):
    assert verdict(ex.q6, answer)[0]


def test_q6_wrong_forms():
    def swapped(probs, labels):
        rel, res, unc = murphy_loop(probs, labels)
        return res, rel, unc

    def variance_of_forecast(probs, labels):
        rel, _, unc = murphy_loop(probs, labels)
        return rel, np.var(probs), unc

    def brier_only(probs, labels):
        return np.mean((probs - labels) ** 2)

    ok, text = verdict(ex.q6, swapped)
    assert not ok and "wrong order" in text
    ok, text = verdict(ex.q6, variance_of_forecast)
    assert not ok and "does not equal the Brier score" in text
    ok, text = verdict(ex.q6, brier_only)
    assert not ok and "For input" in text


def test_no_answer_is_shown_in_value_failures():
    for answer in (0.5, 0.3):
        assert "0.18" not in verdict(ex.q2, answer)[1]
        assert "0.8" not in verdict(ex.q3, answer)[1].replace("0.81", "")
