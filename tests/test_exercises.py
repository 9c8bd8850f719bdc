"""Every self-study question: the reference passes, each catalogued mistake fails
with its own message, placeholders count as not attempted, an unrelated wrong
answer fails, and hints and solutions show something."""

import importlib
import re
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from companion.exercises import NOT_ATTEMPTED, questions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import sync_notebooks

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
def test_the_solution_as_printed_passes(capsys, question):
    """The solution the book shows, run after the chapter's SETUP, passes its own check."""
    module = importlib.import_module(f"companion.exercises.{question.label.split('.')[0]}")
    namespace = {"ex": module}  # the exercises' cells import the module as ex
    exec(module.SETUP, namespace)
    try:
        exec(textwrap.dedent(question.solution_text), namespace)
    except NameError as error:  # it also applies the answer to the chapter's own data
        pytest.skip(f"the solution uses the chapter's variables ({error}); nbval runs it there")
    _, name = sync_notebooks.answer_template(question.solution_text)
    passed, out = verdict(capsys, question, namespace[name])
    assert passed, out


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
    if question.probes is not None:
        assert "For input" in out and "expected" in out
    elif question.accept is None:  # a value question never gives the answer away
        assert "expected" not in out
        if np.ndim(question.reference) == 0:
            shown = re.escape(f"{float(question.reference):.4g}")
            assert not re.search(rf"(?<![\d.]){shown}(?!\d)", out)


@pytest.mark.parametrize("question", FUNCTION_QUESTIONS, ids=ids)
def test_a_function_that_prints_instead_of_returning_is_told_so(capsys, question):
    def prints(*args):
        print("the answer")
    passed, out = verdict(capsys, question, prints)
    assert not passed and "returned None" in out and "print" in out


@pytest.mark.parametrize("question", FUNCTION_QUESTIONS, ids=ids)
def test_passing_a_result_instead_of_the_function_is_told_so(capsys, question):
    passed, out = verdict(capsys, question, np.zeros(3))
    assert not passed and "function itself" in out


@pytest.mark.parametrize("question", FUNCTION_QUESTIONS, ids=ids)
def test_an_answer_that_modifies_its_input_gets_a_note(capsys, question):
    def in_place(*args):
        result = question.reference(*args)
        first = args[0]
        if hasattr(first, "fill_") and first.is_floating_point():
            first.fill_(0.0)
        elif isinstance(first, np.ndarray) and first.dtype.kind == "f" and first.size:
            first[...] = 0.0
        else:
            pytest.skip("the first argument is not a float array")
        return result
    _, out = verdict(capsys, question, in_place)
    assert "changes its input" in out


def test_general_messages_name_the_mistake(capsys):
    from companion.exercises import Question

    def said(question, answer):
        return question.check(answer), capsys.readouterr().out

    value = Question("ln 9", reference=np.log(9.0), rtol=1e-6, hints=["h"], solution="")
    assert said(value, 2.2) == (False, "Not quite: close, but give more digits (you gave 2.2).\n")
    assert "one number" in said(value, [np.log(9.0)])[1]
    exp = Question("exp", reference=np.exp, probes=[(np.array([-800.0, 0.0, 1.0]),)],
                   hints=["h"], solution="")
    assert said(exp, lambda z: 1 / np.exp(-z))[0]  # another right formula
    passed, out = said(exp, lambda z: np.exp(z)[:, None])
    assert not passed and "keepdims" in out
    passed, out = said(exp, lambda z: np.exp(z) * np.exp(-z) / np.exp(-z))  # inf / inf
    assert not passed and "nan where the right answer is finite" in out and "-800" in out
    strict = Question("exp", reference=lambda z: np.exp(np.minimum(z, 700.0)),
                      probes=[(np.array([800.0]),)], hints=["h"], solution="",
                      forbid_warnings=True)
    passed, out = said(strict, lambda z: np.minimum(np.exp(z), np.exp(700.0)))
    assert not passed and "overflow" in out
