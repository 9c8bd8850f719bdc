"""The exercises of chapter 5: references pass, every catalogued mistake fails with
its own message, and answers a learner might write from the task text alone
(correct ones in other forms, plausible wrong ones) get the intended verdict."""

import numpy as np
import pytest
import torch
from exercise_support import verdict

from companion import sigmoid, softmax
from companion.exercises import ch05_convergence as ex

QUESTIONS = {"q1": ex.q1, "q2": ex.q2, "q3": ex.q3}


def test_the_solutions_as_printed_pass(capsys):
    for question in QUESTIONS.values():
        namespace = {"np": np, "sigmoid": sigmoid}
        exec(question.solution_text.strip().replace("\n        ", "\n"), namespace)
        function = next(v for k, v in namespace.items() if callable(v) and k not in
                        ("np", "sigmoid"))
        passed, out = verdict(capsys, question, function)
        assert passed, out


# --- q1: p_positive(W, b, x) -----------------------------------------------------------------

def q1_softmax_columns(W, b, x):  # the two logits, then a stable softmax over the classes
    return softmax(x @ W.T + b, dim=1)[:, 1]


def q1_torch(W, b, x):  # a tensor, in torch
    W, b, x = (torch.as_tensor(a, dtype=torch.float64) for a in (W, b, x))
    return torch.sigmoid(x @ (W[1] - W[0]) + b[1] - b[0])


def q1_logaddexp(W, b, x):  # another stable sigmoid: exp(-log(1 + e^-z))
    z = x @ (W[1] - W[0]) + (b[1] - b[0])
    return np.exp(-np.logaddexp(0.0, -z))


def q1_list(W, b, x):  # a list of floats
    logits = x @ W.T + b
    return [float(sigmoid(row[1] - row[0])) for row in logits]


def q1_textbook_sigmoid(W, b, x):  # 1 / (1 + e^-z) of the difference: fine here
    z = x @ (W[1] - W[0]) + (b[1] - b[0])
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("answer", [q1_softmax_columns, q1_torch, q1_logaddexp, q1_list,
                                    q1_textbook_sigmoid])
def test_q1_correct_forms_pass(capsys, answer):
    passed, out = verdict(capsys, ex.q1, answer)
    assert passed, out


def q1_torch_softmax_naive(W, b, x):  # exp of each logit in torch: inf / inf
    z = torch.as_tensor(x @ W.T + b)
    e = torch.exp(z)
    return e[:, 1] / e.sum(dim=1)


def q1_torch_reversed(W, b, x):  # the difference the wrong way round, in torch
    z = torch.as_tensor(x @ (W[0] - W[1]) + b[0] - b[1])
    return torch.sigmoid(z)


def q1_keepdims(W, b, x):  # (N, 1) from a (1, d) weight row
    w = (W[1] - W[0])[None, :]
    return sigmoid(x @ w.T + (b[1] - b[0]))


def q1_one_minus(W, b, x):  # 1 - p0 with the softmax
    return 1 - softmax(x @ W.T + b, dim=1)[:, 0]


def q1_log_odds(W, b, x):  # returns the logit
    return (x @ W.T + b)[:, 1] - (x @ W.T + b)[:, 0]


def q1_tanh(W, b, x):  # sigma(z) = (1 + tanh(z / 2)) / 2: equal on paper, 0 at z = -700
    z = x @ (W[1] - W[0]) + (b[1] - b[0])
    return 0.5 * (1 + np.tanh(z / 2))


def q1_bias_reversed(W, b, x):  # the weights right, the bias the wrong way round
    return 1 / (1 + np.exp(-(x @ (W[1] - W[0]) + b[0] - b[1])))


def q1_sigmoid_of_first(W, b, x):  # sigmoid of the class-1 logit alone, written another way
    return 1 / (1 + np.exp(-(x @ W[1] + b[1])))


@pytest.mark.parametrize(("answer", "says"), [
    (q1_torch_softmax_naive, "NaN or inf"),
    (q1_torch_reversed, "probabilities of class 0"),
    (q1_keepdims, "not a column of shape (N, 1)"),
    (q1_one_minus, "tiny but positive"),
    (q1_log_odds, "outside [0, 1]"),
    (q1_sigmoid_of_first, "only when z0 = 0"),
    (q1_tanh, "tiny but positive"),
    (q1_bias_reversed, "bias has the wrong sign"),
])
def test_q1_wrong_answers_get_the_specific_message(capsys, answer, says):
    passed, out = verdict(capsys, ex.q1, answer)
    assert not passed
    assert says in out


def test_q1_passing_a_value_instead_of_the_function(capsys):
    W, b, x = ex.q1.probes[0]
    passed, out = verdict(capsys, ex.q1, ex.q1.reference(W, b, x))
    assert not passed
    assert "function itself" in out


# --- q2: two_logit_decay(weight_decay) -------------------------------------------------------

@pytest.mark.parametrize("answer", [
    lambda wd: wd + wd,
    lambda wd: torch.tensor(2.0, dtype=torch.float64) * wd,  # a 0-d tensor
    lambda wd: np.float32(2 * wd),  # float32, within the tolerance
    lambda wd: wd / 0.5,
])
def test_q2_correct_forms_pass(capsys, answer):
    passed, out = verdict(capsys, ex.q2, answer)
    assert passed, out


@pytest.mark.parametrize(("answer", "says"), [
    (lambda wd: wd, "penalised half as much"),
    (lambda wd: 0.5 * wd, "goes the wrong way"),
    (lambda wd: [2 * wd], "as an array of shape (1,)"),
    (lambda wd: wd * 4.0, "not 4 l"),
    (lambda wd: wd ** 0.5, "not proportional"),
    (lambda wd: 3 * wd, "not the right multiple"),
    (lambda wd: 2 * wd + 0.01, "must be 0 there"),
    (lambda wd: -2 * wd, "Check the sign"),
])
def test_q2_wrong_answers_get_the_intended_message(capsys, answer, says):
    passed, out = verdict(capsys, ex.q2, answer)
    assert not passed
    assert says in out
    assert "expected" not in out  # a value never shown: it would give the answer away


def test_q2_failure_names_no_expected_number_in_the_catalogued_messages():
    for message in ex.q2.messages.values():
        assert "0.02" not in message and "= 2 *" not in message


# --- q3: redundant_after(W_init, lr, weight_decay, steps) -------------------------------------

def q3_loop(W_init, lr, weight_decay, steps):  # simulate the decay step by step
    s = W_init[0] + W_init[1]
    for _ in range(steps):
        s = s - lr * weight_decay * s
    return s


def q3_torch(W_init, lr, weight_decay, steps):  # a tensor
    W = torch.as_tensor(W_init)
    return W.sum(dim=0) * (1 - lr * weight_decay) ** steps


def q3_list(W_init, lr, weight_decay, steps):  # a list, power by logs
    factor = np.exp(steps * np.log1p(-lr * weight_decay)) if weight_decay else 1.0
    return list(factor * (np.asarray(W_init)[0] + np.asarray(W_init)[1]))


def q3_decay_the_matrix(W_init, lr, weight_decay, steps):  # decay W, then sum its rows
    W = np.array(W_init, dtype=float)
    for _ in range(steps):
        W *= 1 - lr * weight_decay
    return W.sum(axis=0)


@pytest.mark.parametrize("answer", [q3_loop, q3_torch, q3_list, q3_decay_the_matrix])
def test_q3_correct_forms_pass(capsys, answer):
    passed, out = verdict(capsys, ex.q3, answer)
    assert passed, out


@pytest.mark.parametrize(("answer", "says"), [
    (lambda W_init, lr, weight_decay, steps: np.sum(W_init, axis=0), "plain gradient descent"),
    (lambda W_init, lr, weight_decay, steps:
     (1 - lr * weight_decay * steps) * np.sum(W_init, axis=0), "The factor compounds"),
    (lambda W_init, lr, weight_decay, steps:
     np.exp(-lr * weight_decay * steps) * np.sum(W_init, axis=0), "limit of very small steps"),
    (lambda W_init, lr, weight_decay, steps:
     (1 - lr * weight_decay) ** steps * np.asarray(W_init), "not the whole weight matrix"),
    (lambda W_init, lr, weight_decay, steps:
     (1 - lr * weight_decay) ** steps * (W_init[1] - W_init[0]), "direction the loss sees"),
    (lambda W_init, lr, weight_decay, steps: 0 * W_init[0], "smaller but not 0"),
    (lambda W_init, lr, weight_decay, steps:  # one step's factor, not `steps` of them
     (1 - lr * weight_decay) * np.sum(W_init, axis=0), "effect of one step"),
    (lambda W_init, lr, weight_decay, steps:  # the decay added instead of subtracted
     (1 + lr * weight_decay) ** steps * np.sum(W_init, axis=0), "grows under weight decay"),
    (lambda W_init, lr, weight_decay, steps:  # penalty gradient taken as weight_decay / 2
     (1 - lr * weight_decay / 2) ** steps * np.sum(W_init, axis=0), "expected"),
])
def test_q3_wrong_answers_get_the_intended_message(capsys, answer, says):
    passed, out = verdict(capsys, ex.q3, answer)
    assert not passed
    assert says in out
