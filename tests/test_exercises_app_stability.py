"""Exercises of the stability appendix: reference, catalogued mistakes, learner-style answers."""

import numpy as np
import pytest
import torch

from companion.exercises import app_stability as ex


def verdict(question, answer, capsys):
    ok = question.check(answer)
    return ok, capsys.readouterr().out


@pytest.mark.parametrize("name", ["q1", "q2", "q3", "q4", "q5"])
def test_reference_and_mistakes(name, capsys):
    question = getattr(ex, name)
    assert verdict(question, question.reference, capsys)[0]
    messages = set()
    for answer in question.mistakes.values():
        ok, out = verdict(question, answer, capsys)
        assert not ok
        messages.add(out)
    assert len(messages) == len(question.mistakes)


# q3: right in other forms, and the wrong answers the issue found accepted
@pytest.mark.parametrize("answer", [88.72, np.float32(88.72), np.array(88.72), 88.7228,
                                    torch.tensor(88.72)])
def test_q3_right_forms(answer, capsys):
    assert verdict(ex.q3, answer, capsys)[0]


@pytest.mark.parametrize("answer, words", [(88.73, "is inf"), (88.78, "is inf"),
                                           (88.7, "two decimals"), (88.71, "two decimals"),
                                           (709.78, "float64"), (38.53, "log10"),
                                           (11.09, "float16"), (88.0, "not the float32 edge")])
def test_q3_wrong(answer, words, capsys):
    ok, out = verdict(ex.q3, answer, capsys)
    assert not ok and words in out
    assert "88.72" not in out  # never gives the answer away


# q5: learner-style answers written from the task
def q5_torch(z):
    t = torch.from_numpy(np.asarray(z, dtype=np.float64))
    p = torch.softmax(t, dim=-1)
    a = t.abs()
    return (a * (1 - p) + (a * p).sum(-1, keepdim=True) - a * p).numpy()


def q5_jacobian(z):
    z = np.asarray(z, dtype=np.float64)
    flat = z.reshape(-1, z.shape[-1])
    out = []
    for row in flat:
        e = np.exp(row - row.max())
        p = e / e.sum()
        d = np.eye(row.size) - p[None, :]  # d log p_i / d z_j
        out.append(np.abs(d) @ np.abs(row))
    return np.array(out).reshape(z.shape)


def q5_log_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    m = z.max(axis=-1, keepdims=True)
    p = np.exp(z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))
    return np.abs(z) * (1 - p) + (np.abs(z) * p).sum(axis=-1, keepdims=True) - np.abs(z) * p


@pytest.mark.parametrize("answer", [q5_torch, q5_jacobian, q5_log_softmax])
def test_q5_right_forms(answer, capsys):
    assert verdict(ex.q5, answer, capsys)[0]


def q5_signed(z):
    return -q5_torch(z)


def q5_no_abs(z):
    z = np.asarray(z, dtype=np.float64)
    p = torch.softmax(torch.from_numpy(z), dim=-1).numpy()
    return z * (1 - p) + (z * p).sum(axis=-1, keepdims=True) - z * p


def q5_naive(z):
    e = np.exp(z)
    p = e / e.sum(axis=-1, keepdims=True)
    a = np.abs(z)
    return a * (1 - p) + (a * p).sum(axis=-1, keepdims=True) - a * p


def q5_printed(z):
    print(q5_torch(z))


@pytest.mark.parametrize("answer, words", [(q5_signed, "negative"), (q5_no_abs, "negative"),
                                           (q5_naive, "overflows"), (q5_printed, "None"),
                                           (lambda z: np.abs(z - z.max(-1, keepdims=True)),
                                            "rule of thumb")])
def test_q5_wrong(answer, words, capsys):
    ok, out = verdict(ex.q5, answer, capsys)
    assert not ok and words in out, out
