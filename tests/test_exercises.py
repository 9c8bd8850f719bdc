"""Every self-study question: the reference passes, each catalogued mistake fails
with its own message, placeholders count as not attempted, an unrelated wrong
answer fails, and hints and solutions show something."""

import numpy as np
import pytest

from companion.exercises import NOT_ATTEMPTED, questions

QUESTIONS = questions()
FUNCTION_QUESTIONS = [q for q in QUESTIONS if q.probes is not None]
MISTAKES = [(q, name) for q in QUESTIONS for name in q.mistakes]

# The misconceptions the book promises to catch, by the name each is catalogued under.
REQUIRED_MISTAKES = {
    "softmax over dim 0 of a (batch, classes) array": "ch07_pytorch.q1:softmax_over_batch",
    "softmax before cross_entropy": "ch07_pytorch.q2:softmax_first",
    "sigmoid before binary_cross_entropy_with_logits": "ch07_pytorch.q4:sigmoid_first",
    "raw logits given to nll_loss": "ch07_pytorch.q2:logits_to_nll",
    "naive exp(z)/sum(exp(z)) overflow": "ch04_softmax.q1:naive_overflow",
    "naive exp(z)/(1+exp(z)) overflow": "ch01_sigmoid.q1:naive_overflow",
    "thresholding logits at 0.5": "ch02_binary.q1:threshold_on_logits",
    "thresholding logits at 0 whatever the threshold": "ch02_binary.q1:logit_at_zero",
    "multi-label with a softmax": "ch06_multilabel.q1:softmax",
    "one-hot targets where indices are expected": "ch07_pytorch.q3:one_hot_as_is",
    "multi-label probabilities forced to sum to 1": "ch06_multilabel.q1:normalised_to_one",
}


def ids(question):
    return question.label


def verdict(capsys, question, answer):
    passed = question.check(answer)
    return passed, capsys.readouterr().out


def test_at_least_twenty_questions_three_per_chapter():
    assert len(QUESTIONS) >= 20
    chapters = {q.label.split(".")[0] for q in QUESTIONS}
    for chapter in chapters:
        assert sum(q.label.startswith(chapter + ".") for q in QUESTIONS) >= 3, chapter


@pytest.mark.parametrize("required", REQUIRED_MISTAKES.values(), ids=REQUIRED_MISTAKES.keys())
def test_required_misconceptions_are_catalogued(required):
    label, name = required.split(":")
    assert name in next(q for q in QUESTIONS if q.label == label).mistakes


@pytest.mark.parametrize("question", QUESTIONS, ids=ids)
def test_reference_passes(capsys, question):
    passed, out = verdict(capsys, question, question.reference)
    assert passed and out.strip() == "Correct!"


@pytest.mark.parametrize(("question", "name"), MISTAKES,
                         ids=[f"{q.label}:{name}" for q, name in MISTAKES])
def test_each_mistake_fails_with_its_own_message(capsys, question, name):
    passed, out = verdict(capsys, question, question.mistakes[name])
    assert not passed
    assert question.messages[name] in out
    others = [m for n, m in question.messages.items() if n != name]
    assert not any(m in out for m in others)


def test_mistake_messages_are_distinct():
    messages = [m for q in QUESTIONS for m in q.messages.values()]
    assert len(messages) == len(set(messages))


@pytest.mark.parametrize("question", QUESTIONS, ids=ids)
def test_placeholders_are_not_attempted(capsys, question):
    placeholders = [None, ...]
    if question.probes is not None:
        def unfinished(*args):
            ...  # the reader has not written the body yet
        placeholders.append(unfinished)
    for answer in placeholders:
        passed, out = verdict(capsys, question, answer)
        assert not passed and out.strip() == NOT_ATTEMPTED


@pytest.mark.parametrize("question", QUESTIONS, ids=ids)
def test_unrelated_wrong_answer_fails_and_shows_where(capsys, question):
    if question.probes is None:
        wrong = -12345.0
    else:
        def wrong(*args):
            return np.zeros_like(np.asarray(args[0], dtype=float)) - 7.0
    passed, out = verdict(capsys, question, wrong)
    assert not passed
    assert "expected" in out
    if question.probes is not None:
        assert "For input" in out


@pytest.mark.parametrize("question", FUNCTION_QUESTIONS, ids=ids)
def test_an_answer_that_raises_is_reported(capsys, question):
    def broken(*args):
        raise RuntimeError("boom")
    passed, out = verdict(capsys, question, broken)
    assert not passed and "RuntimeError: boom" in out


@pytest.mark.parametrize("question", QUESTIONS, ids=ids)
def test_hints_and_solution_show_something(capsys, question):
    assert len(question.hints) >= 1
    for n in range(1, len(question.hints) + 1):
        question.hint(n)
        assert f"Hint {n} of {len(question.hints)}:" in capsys.readouterr().out
    question.solution()
    assert len(capsys.readouterr().out.strip()) > 10
