"""The machinery behind every self-study question: check, hint, solution.

A question knows its reference answer and a catalogue of *mistakes*: wrong
answers that embody a known misconception, each with the message that
explains it. ``check`` evaluates the reader's answer the same way as the
reference and the mistakes (for a function: its outputs on a fixed set of
probe inputs; for a value: the value itself), then prints one verdict:

* not attempted, for ``None``, ``...`` or a function that returns either;
* correct;
* the message of the mistake the answer behaves like;
* otherwise, the first probe where the answer goes wrong, with what it
  returned and what was expected.
"""

import copy
import textwrap
import warnings

import numpy as np

NOT_ATTEMPTED = "Not attempted yet: replace the ... with your answer and run the cell."


class Question:
    """One self-study question.

    Parameters
    ----------
    title : str
        A short title, as in the book (for example "Stable sigmoid").
    task : str
        What the reader is asked to do, in MyST Markdown, as the book shows it.
    reference : object
        The reference answer: a value, or a function when ``probes`` is given.
    hints : list of str
        Hints, from gentle to specific.
    solution : str
        The reference solution as the reader would write it.
    mistakes : dict of str to (answer, message)
        Known wrong answers by the short name of their misconception, each
        with the message that explains it.
    probes : list of tuple, optional
        Arguments to call a function answer with. Without probes the answer
        is a value.
    rtol, atol : float
        Tolerances for comparing outputs (NaN equals NaN; shapes must match).
    prepare : callable, optional
        Applied to each probe argument before the call (for example
        ``torch.from_numpy`` for questions answered in PyTorch).
    accept : callable, optional
        For value questions with many right answers: ``accept(value)``
        returns None for a right answer, else a sentence saying what is wrong
        (ending with what was expected). The reference must be accepted.

    Attributes
    ----------
    reference : object
        The reference answer, which ``check`` accepts.
    mistakes : dict of str to object
        The wrong answer of each catalogued misconception, which ``check``
        rejects with that misconception's message.

    Examples
    --------
    >>> q = Question("Double it", reference=lambda x: 2 * x, probes=[(np.array([1.0, 2.0]),)],
    ...              hints=["Multiply."], solution="def double(x): return 2 * x",
    ...              mistakes={"square": (lambda x: x * x, "That squares x.")})
    >>> q.check(lambda x: x + x)
    Correct!
    True
    >>> q.check(lambda x: x ** 2)
    Not quite: That squares x.
    False
    >>> q.check(lambda x: x - 1)
    Not quite. For input [1., 2.]: you gave [0., 1.], expected [2., 4.].
    False
    >>> q.check(...)
    Not attempted yet: replace the ... with your answer and run the cell.
    False
    """

    def __init__(self, title, reference, *, hints, solution, task="", mistakes=None, probes=None,
                 rtol=1e-9, atol=0.0, prepare=None, accept=None):
        self.title = title
        self.task = task
        self.label = title  # set to "chapter.qN" by companion.exercises.questions()
        self.reference = reference
        self.hints = list(hints)
        self.solution_text = solution
        mistakes = mistakes or {}
        self.mistakes = {name: answer for name, (answer, _) in mistakes.items()}
        self.messages = {name: message for name, (_, message) in mistakes.items()}
        self.probes = probes
        self.rtol, self.atol = rtol, atol
        self.prepare = prepare
        self.accept = accept

    def __repr__(self):
        return f"<Question {self.title!r}>"

    def check(self, answer):
        """Print a verdict on ``answer`` and return True only if it is correct."""
        if _is_placeholder(answer):
            print(NOT_ATTEMPTED)
            return False
        try:
            outputs = self._evaluate(answer)
        except Exception as error:  # the reader's code may fail in any way
            print(f"Your answer raised {type(error).__name__}: {error}")
            return False
        if self.probes is not None and all(_is_placeholder(out) for out in outputs):
            print(NOT_ATTEMPTED)
            return False
        expected = self._evaluate(self.reference)
        problem = self._problem(outputs, expected)
        if problem is None:
            print("Correct!")
            return True
        for name, wrong in self.mistakes.items():
            if _same(outputs, self._evaluate(wrong), self.rtol, self.atol):
                print(f"Not quite: {self.messages[name]}")
                return False
        print(f"Not quite. {problem}")
        return False

    def _problem(self, outputs, expected):
        """None if the answer is right, else what is wrong with it."""
        if self.accept is not None:
            return self.accept(outputs[0])
        if _same(outputs, expected, self.rtol, self.atol):
            return None
        return self._first_difference(outputs, expected)

    def hint(self, n=1):
        """Print the ``n``-th hint (1-based); later hints are more specific."""
        n = min(max(int(n), 1), len(self.hints))
        print(f"Hint {n} of {len(self.hints)}: {self.hints[n - 1]}")

    def solution(self):
        """Print the reference solution."""
        print(textwrap.dedent(self.solution_text).strip())

    def _evaluate(self, answer):
        """What ``check`` compares: the value, or the outputs on every probe."""
        if self.probes is None:
            return [_as_array(answer)]
        return [self._call(answer, args) for args in self.probes]

    def _call(self, function, args):
        args = copy.deepcopy(args)
        if self.prepare is not None:
            args = tuple(self.prepare(a) for a in args)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = function(*args)
        return out if _is_placeholder(out) else _as_array(out)

    def _first_difference(self, outputs, expected):
        for k, (got, want) in enumerate(zip(outputs, expected, strict=True)):
            if not _same([got], [want], self.rtol, self.atol):
                where = "" if self.probes is None else f"For input {_show(self.probes[k])}: "
                return f"{where}you gave {_show(got)}, expected {_show(want)}."
        return "Your answer differs from the reference."


def _is_placeholder(value):
    return value is None or value is Ellipsis


def _as_array(value):
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    if isinstance(value, str):
        return np.asarray(value)
    try:
        return np.asarray(value, dtype=float) if np.ndim(value) == 0 else np.asarray(value)
    except (TypeError, ValueError):
        return np.asarray(value, dtype=object)


def _same(outputs, expected, rtol, atol):
    for got, want in zip(outputs, expected, strict=True):
        if _is_placeholder(got) or np.shape(got) != np.shape(want):
            return False
        if want.dtype.kind in "biuf" and got.dtype.kind in "biuf":
            if not np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
                return False
        elif not np.array_equal(got, want):
            return False
    return True


def _show(value):
    if isinstance(value, tuple):
        return ", ".join(_show(v) for v in value)
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    text = np.array2string(np.asarray(value), precision=6, separator=", ") \
        if isinstance(value, np.ndarray) else repr(value)
    return " ".join(text.split())
