"""Chapter 7's questions against learner-style answers written from the task text alone:
correct answers in other forms pass, plausible wrong ones fail with a specific message."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import verdict

from companion.exercises import ch07_pytorch as ex

# --- q1: class probabilities -------------------------------------------------------------

Q1_RIGHT = {
    "torch.softmax dim=1": lambda z: torch.softmax(z, dim=1),
    "F.softmax dim=-1": lambda z: F.softmax(z, dim=-1),
    "module": lambda z: torch.nn.Softmax(dim=1)(z),
    "exp of log_softmax": lambda z: torch.log_softmax(z, dim=1).exp(),
    "shifted by the max": lambda z: (lambda e: e / e.sum(1, keepdim=True))(
        (z - z.max(dim=1, keepdim=True).values).exp()),
    "in float64 then back": lambda z: torch.softmax(z.double(), dim=1).to(z.dtype),
}

Q1_WRONG = {
    "naive exp / sum": (lambda z: z.exp() / z.exp().sum(dim=1, keepdim=True), "overflows"),
    "naive torch.exp": (lambda z: torch.exp(z) / torch.sum(torch.exp(z), 1, keepdim=True),
                        "overflows"),
    "F.softmax with no dim": (lambda z: F.softmax(z), "without dim"),
    "nn.Softmax() with no dim": (lambda z: torch.nn.Softmax()(z), "without dim"),
    "dim=0": (lambda z: torch.softmax(z, dim=0), "dim=0 normalises"),
    "sigmoid": (torch.sigmoid, "element by element"),
}


@pytest.mark.parametrize("name", Q1_RIGHT)
def test_q1_right_answers_pass(capsys, name):
    passed, out = verdict(capsys, ex.q1, Q1_RIGHT[name])
    assert passed, out


@pytest.mark.parametrize("name", Q1_WRONG)
def test_q1_wrong_answers_get_their_message(capsys, name):
    answer, words = Q1_WRONG[name]
    passed, out = verdict(capsys, ex.q1, answer)
    assert not passed and words in out, out


# --- q2: multi-class loss ----------------------------------------------------------------

def _arange(z):
    return torch.arange(len(z))


Q2_RIGHT = {
    "F.cross_entropy": lambda z, y: F.cross_entropy(z, y),
    "module": lambda z, y: torch.nn.CrossEntropyLoss()(z, y),
    "nll of log_softmax": lambda z, y: F.nll_loss(F.log_softmax(z, dim=1), y),
    "log_softmax first (idempotent)": lambda z, y: F.cross_entropy(torch.log_softmax(z, 1), y),
    "by hand with logsumexp": lambda z, y: (torch.logsumexp(z, 1) - z[_arange(z), y]).mean(),
    "gather": lambda z, y: -torch.log_softmax(z, 1).gather(1, y[:, None]).mean(),
}

Q2_WRONG = {
    "log of softmax": (lambda z, y: -torch.log(torch.softmax(z, 1)[_arange(z), y]).mean(),
                       "-log 0 is inf"),
    "log of softmax, sum / n": (
        lambda z, y: -torch.log(torch.softmax(z, 1))[_arange(z), y].sum() / len(y),
        "-log 0 is inf"),
    "softmax first": (lambda z, y: F.cross_entropy(torch.softmax(z, 1), y), "applies log_softmax"),
    "nll on logits": (lambda z, y: F.nll_loss(z, y), "expects log-probabilities; given raw"),
    "nll on probabilities": (lambda z, y: F.nll_loss(torch.softmax(z, 1), y),
                             "not probabilities"),
    "sum instead of mean": (lambda z, y: F.cross_entropy(z, y, reduction="sum"),
                            "the mean over the batch"),
    "sum / C instead of the mean": (
        lambda z, y: F.cross_entropy(z, y, reduction="sum") / z.shape[1], "expected"),
}


@pytest.mark.parametrize("name", Q2_RIGHT)
def test_q2_right_answers_pass(capsys, name):
    passed, out = verdict(capsys, ex.q2, Q2_RIGHT[name])
    assert passed, out


@pytest.mark.parametrize("name", Q2_WRONG)
def test_q2_wrong_answers_get_their_message(capsys, name):
    answer, words = Q2_WRONG[name]
    passed, out = verdict(capsys, ex.q2, answer)
    assert not passed and words in out, out


def test_q2_hint_no_longer_forbids_log_softmax(capsys):
    ex.q2.hint(2)
    assert "harmless" in capsys.readouterr().out


# --- q3: one-hot to indices --------------------------------------------------------------

Q3_RIGHT = {
    "argmax dim=1": lambda h: h.argmax(dim=1),
    "torch.argmax dim=-1": lambda h: torch.argmax(h, dim=-1),
    "nonzero": lambda h: h.nonzero()[:, 1],
    "matmul with arange": lambda h: h @ torch.arange(h.shape[1]),
    "max indices": lambda h: h.max(dim=1).indices,
}

Q3_WRONG = {
    "argmax then float": (lambda h: h.argmax(dim=1).float(), "dtype torch.float32"),
    "argmax then int32": (lambda h: h.argmax(dim=1).int(), "dtype torch.int32"),
    "numpy argmax": (lambda h: np.argmax(h.numpy(), axis=1), "not a torch tensor"),
    "list": (lambda h: h.argmax(dim=1).tolist(), "not a torch tensor"),
    "keepdim": (lambda h: h.argmax(dim=1, keepdim=True), "shape (batch, 1)"),
    "one-hot as is": (lambda h: h, "not one-hot rows"),
    "argmax dim=0": (lambda h: h.argmax(dim=0), "argmax over dim 0"),
}


@pytest.mark.parametrize("name", Q3_RIGHT)
def test_q3_right_answers_pass(capsys, name):
    passed, out = verdict(capsys, ex.q3, Q3_RIGHT[name])
    assert passed, out


@pytest.mark.parametrize("name", Q3_WRONG)
def test_q3_wrong_answers_get_their_message(capsys, name):
    answer, words = Q3_WRONG[name]
    passed, out = verdict(capsys, ex.q3, answer)
    assert not passed and words in out, out


# --- q4: binary loss ---------------------------------------------------------------------

Q4_RIGHT = {
    "function": F.binary_cross_entropy_with_logits,
    "log-sigmoid by hand": lambda z, y: -(y * F.logsigmoid(z) + (1 - y) * F.logsigmoid(-z)).mean(),
    "module": lambda z, y: torch.nn.BCEWithLogitsLoss()(z, y),
    "softplus": lambda z, y: (F.softplus(z) - y * z).mean(),
}

Q4_WRONG = {
    "sigmoid first": (lambda z, y: F.binary_cross_entropy_with_logits(torch.sigmoid(z), y),
                      "applies it twice"),
    "BCELoss on sigmoid": (lambda z, y: F.binary_cross_entropy(torch.sigmoid(z), y),
                           "saturates"),
    "textbook formula": (lambda z, y: -(y * torch.log(torch.sigmoid(z))
                                        + (1 - y) * torch.log(1 - torch.sigmoid(z))).mean(),
                         "inf where the right answer is finite"),
    "sum instead of mean": (
        lambda z, y: F.binary_cross_entropy_with_logits(z, y, reduction="sum"),
        "the default reduction"),
}


@pytest.mark.parametrize("name", Q4_RIGHT)
def test_q4_right_answers_pass(capsys, name):
    passed, out = verdict(capsys, ex.q4, Q4_RIGHT[name])
    assert passed, out


@pytest.mark.parametrize("name", Q4_WRONG)
def test_q4_wrong_answers_fail(capsys, name):
    answer, words = Q4_WRONG[name]
    passed, out = verdict(capsys, ex.q4, answer)
    assert not passed and words in out, out


# --- q5: the article's logits -----------------------------------------------------------

def test_q5_the_chapter_logits_pass_and_reproduce_all_eight_prints(capsys):
    found = torch.tensor([[-10.6383152, -3.33019161, 10.4894848],
                          [-7.09353495, 10.9497271, -24.0366344]])
    assert ex.article_prints(found) == ex.ARTICLE_PRINTS
    passed, out = verdict(capsys, ex.q5, found.numpy())  # float32 works too
    assert passed, out
    passed, out = verdict(capsys, ex.q5, found.double().tolist())  # and a list
    assert passed, out


def test_q5_rejects_what_the_old_checker_accepted(capsys):
    # The old solution's second find: right sigmoid and softmax, but softmax(dim=1).sum(0)
    # prints 1.5253e-08 instead of the article's 1.5252e-08.
    printed = np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]])
    rng = np.random.default_rng(0)
    z = printed + rng.uniform(-5e-5, 5e-5, size=(300_000, 2, 3))
    outputs = {"sigmoid": 1 / (1 + np.exp(-z)),
               "softmax dim=0": np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
               "softmax dim=1": np.exp(z) / np.exp(z).sum(axis=2, keepdims=True)}
    keep = np.ones(len(z), dtype=bool)
    for name, values in outputs.items():
        target = np.array(ex.ARTICLE_OUTPUTS[name], dtype=float)
        half_unit = 0.5 * 10.0 ** (np.floor(np.log10(target)) - 4)
        keep &= np.all(np.abs(values - target) <= half_unit, axis=(1, 2))
    verdicts = [verdict(capsys, ex.q5, c) for c in z[keep]]
    assert any(not passed and "softmax(dim=1).sum(0)" in out for passed, out in verdicts)


@pytest.mark.parametrize("answer, words", [
    (np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]]), "four of the"),
    (np.zeros((2, 3)), "more than 5e-05"),
    (np.zeros(6), "shape (2, 3)"),
])
def test_q5_wrong_answers(capsys, answer, words):
    passed, out = verdict(capsys, ex.q5, answer)
    assert not passed and words in out, out


# --- q6: sequence loss -------------------------------------------------------------------

Q6_RIGHT = {
    "transpose": lambda z, y: F.cross_entropy(z.transpose(1, 2), y),
    "permute": lambda z, y: F.cross_entropy(z.permute(0, 2, 1), y),
    "flatten": lambda z, y: F.cross_entropy(z.reshape(-1, z.shape[-1]), y.reshape(-1)),
    "nll of log_softmax, transposed": lambda z, y: F.nll_loss(
        torch.log_softmax(z, dim=-1).transpose(1, 2), y),
    "gather by hand": lambda z, y: -torch.log_softmax(z, -1).gather(-1, y[..., None]).mean(),
    "loop over positions": lambda z, y: torch.stack(
        [F.cross_entropy(z[:, k], y[:, k]) for k in range(z.shape[1])]).mean(),
}

Q6_WRONG = {
    "as given": (lambda z, y: F.cross_entropy(z, y), "original call"),
    "view instead of transpose": (
        lambda z, y: F.cross_entropy(z.view(z.shape[0], z.shape[2], z.shape[1]), y),
        "original call"),
    "reshape instead of transpose": (
        lambda z, y: F.cross_entropy(z.reshape(z.shape[0], z.shape[2], z.shape[1]), y),
        "does not help"),
    "softmax first": (lambda z, y: F.cross_entropy(torch.softmax(z, -1).transpose(1, 2), y),
                      "band of width 1"),
    "nll without transpose": (lambda z, y: F.nll_loss(torch.log_softmax(z, -1), y),
                              "picks entries by position"),
    "sum": (lambda z, y: F.cross_entropy(z.transpose(1, 2), y, reduction="sum"), "the mean"),
    "per-position losses": (
        lambda z, y: F.cross_entropy(z.transpose(1, 2), y, reduction="none"), "expected"),
}


@pytest.mark.parametrize("name", Q6_RIGHT)
def test_q6_right_answers_pass(capsys, name):
    passed, out = verdict(capsys, ex.q6, Q6_RIGHT[name])
    assert passed, out


@pytest.mark.parametrize("name", Q6_WRONG)
def test_q6_wrong_answers_get_their_message(capsys, name):
    answer, words = Q6_WRONG[name]
    passed, out = verdict(capsys, ex.q6, answer)
    assert not passed and words in out, out
