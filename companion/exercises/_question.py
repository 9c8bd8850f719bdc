"""The machinery behind every self-study question: check, hint, solution.

A question knows its reference answer and a catalogue of *mistakes*: wrong
answers that embody a known misconception, each with the message that
explains it. ``check`` evaluates the reader's answer the same way as the
reference and the mistakes (for a function: its outputs on a fixed set of
probe inputs; for a value: the value itself), then prints one verdict:

* not attempted, for ``None``, ``...`` or a function whose body is still ``...``;
* correct;
* the message of the mistake the answer behaves like;
* what a question's own ``diagnose`` finds wrong with it (for example rows
  that do not sum to 1);
* otherwise what is wrong in general terms, most specific first: a function
  that returned None (printed instead of returning?), a value given where a
  function was asked for, NaN or inf where the answer is finite, the right
  numbers in the wrong shape, too few digits; and last, the first probe where
  the answer goes wrong. For a value question the expected value is never
  printed: it would give the answer away before the reader asks for it.

An answer that changes its input array in place gets a note as well.
"""

import copy
import dis
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
        returns None for a right answer, else a sentence saying what is wrong.
        The reference must be accepted.
    diagnose : callable, optional
        ``diagnose(outputs, expected)`` with the lists that ``check`` compares
        (one array per probe, or one for a value): a sentence naming what is
        wrong with a wrong answer, or None to fall back to the general
        messages. For mistakes recognised by a property rather than by exact
        output (rows that do not sum to 1, a threshold taken with ``>=``).
    forbid_warnings : bool, default False
        Reject a function answer that emits a warning (for example NumPy's
        "overflow encountered in exp") on any probe. Underflow never counts:
        ``exp(-800) = 0`` is the right answer to the nearest float, not a
        mistake. Otherwise warnings are silenced.

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
    >>> q.check(lambda x: print(2 * x))
    [2. 4.]
    Not quite: your function returned None. Did you print the result instead of returning it?
    False
    >>> q.check(...)
    Not attempted yet: replace the ... with your answer and run the cell.
    False

    A value question never shows the expected value:

    >>> v = Question("ln 9", reference=np.log(9.0), rtol=1e-6, hints=["Use np.log."],
    ...              solution="answer = np.log(9)")
    >>> v.check(2.2)
    Not quite: close, but give more digits (you gave 2.2).
    False
    >>> v.check([2.1972246])
    Not quite: the right number, but as an array of shape (1,): give one number.
    False
    >>> v.check(3.0)
    Not quite. 3 is not the answer.
    False
    """

    def __init__(self, title, reference, *, hints, solution, task="", mistakes=None, probes=None,
                 rtol=1e-9, atol=0.0, prepare=None, accept=None, diagnose=None,
                 forbid_warnings=False):
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
        self.diagnose = diagnose
        self.forbid_warnings = forbid_warnings

    def __repr__(self):
        return f"<Question {self.title!r}>"

    def check(self, answer):
        """Print a verdict on ``answer`` and return True only if it is correct."""
        verdict, note = self._verdict(answer)
        print(verdict)
        if note:
            print(note)
        return verdict == "Correct!"

    def _verdict(self, answer):
        """The verdict line, and a note on an answer that modified its input (or None)."""
        if _is_placeholder(answer) or _is_unfinished(answer):
            return NOT_ATTEMPTED, None
        if self.probes is not None and not callable(answer):
            return ("Not quite: check expects your function itself (its name, without "
                    "parentheses), not the result of calling it."), None
        try:
            outputs, note = self._evaluate(answer)
        except _Warned as warned:
            return (f"Not quite: your function emitted a warning ({warned}) on input "
                    f"{_show(warned.args_shown)}. The task asks for code that never does."), None
        except Exception as error:  # the reader's code may fail in any way
            return f"Your answer raised {type(error).__name__}: {error}", None
        if self.probes is not None and all(out is None for out in outputs):
            return ("Not quite: your function returned None. Did you print the result "
                    "instead of returning it?"), note
        expected, _ = self._evaluate(self.reference)
        problem = self._problem(outputs, expected)
        if problem is None:
            return "Correct!", note
        for name, wrong in self.mistakes.items():
            if _same(outputs, self._evaluate(wrong)[0], self.rtol, self.atol):
                return f"Not quite: {self.messages[name]}", note
        specific = self.diagnose(outputs, expected) if self.diagnose is not None else None
        specific = specific or self._general_diagnosis(outputs, expected)
        if specific:
            return f"Not quite: {specific}", note
        return f"Not quite. {problem}", note

    def _problem(self, outputs, expected):
        """None if the answer is right, else what is wrong with it."""
        if self.accept is not None:
            return self.accept(outputs[0])
        if _same(outputs, expected, self.rtol, self.atol):
            return None
        return self._first_difference(outputs, expected)

    def _general_diagnosis(self, outputs, expected):
        """What is wrong, in terms that fit any question; None if nothing specific applies."""
        for k, (got, want) in enumerate(zip(outputs, expected, strict=True)):
            if got is None:
                return (f"your function returned None for input {self._input(k)}. Does every "
                        "path through it end in a return?")
            if got.dtype.kind not in "biuf" or want.dtype.kind not in "biuf":
                continue
            if np.shape(got) != np.shape(want):
                if np.size(got) == np.size(want) and np.allclose(
                        np.reshape(got, np.shape(want)), want, rtol=self.rtol, atol=self.atol,
                        equal_nan=True):
                    if np.ndim(want) == 0:
                        return (f"the right number, but as an array of shape {np.shape(got)}: "
                                "give one number.")
                    return (f"the right numbers, but in shape {np.shape(got)} where "
                            f"{np.shape(want)} is expected (keepdims left in?).")
                return None
            bad = ~np.isfinite(got) & np.isfinite(want)
            if bad.any():
                index = tuple(int(i) for i in np.argwhere(bad)[0])
                return (f"your answer is {_show(got[index])} where the right answer is finite"
                        f"{self._at(k, index)}: some step overflows or divides 0 by 0.")
        if self.probes is None and self.accept is None:
            return _too_few_digits(outputs[0], expected[0], self.rtol, self.atol)
        return None

    def _input(self, k):
        return _show(self.probes[k]) if self.probes is not None else ""

    def _at(self, k, index):
        """' at input z = ...' for element ``index`` of probe ``k``, when that names it."""
        if self.probes is None:
            return ""
        first = self.probes[k][0]
        if np.shape(first) == ():
            return f" for input {_show(first)}"
        if len(index) == np.ndim(first):
            return f" at input element {_show(np.asarray(first)[index])} (index {list(index)})"
        return f" for input {_show(self.probes[k])}"

    def hint(self, n=1):
        """Print the ``n``-th hint (1-based); later hints are more specific."""
        n = min(max(int(n), 1), len(self.hints))
        print(f"Hint {n} of {len(self.hints)}: {self.hints[n - 1]}")

    def solution(self):
        """Print the reference solution."""
        print(textwrap.dedent(self.solution_text).strip())

    def _evaluate(self, answer):
        """What ``check`` compares (the value, or the output on every probe), and a
        note if a function answer changed its input in place (else None)."""
        if self.probes is None:
            return [_as_array(answer)], None
        results = [self._call(answer, args) for args in self.probes]
        changed = any(modified for _, modified in results)
        note = ("Note: your function changes its input array in place; the book's functions "
                "never do (work on a copy).") if changed else None
        return [out for out, _ in results], note

    def _call(self, function, args):
        """``function``'s output on a copy of ``args`` (None stays None), and whether
        the copy was modified."""
        args = copy.deepcopy(args)
        if self.prepare is not None:
            args = tuple(self.prepare(a) for a in args)
        before = copy.deepcopy(args)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with np.errstate(all="warn" if self.forbid_warnings else "ignore", under="ignore"):
                out = function(*args)
        if self.forbid_warnings and caught:
            raise _Warned(str(caught[0].message), args)
        modified = not all(_identical(a, b) for a, b in zip(args, before, strict=True))
        return (None if out is None else _as_array(out)), modified

    def _first_difference(self, outputs, expected):
        for k, (got, want) in enumerate(zip(outputs, expected, strict=True)):
            if _same([got], [want], self.rtol, self.atol):
                continue
            if self.probes is None:
                return f"{_show(got)} is not the answer."
            if np.shape(got) == np.shape(want) and np.size(want) > 8:
                index = _first_mismatch(got, want, self.rtol, self.atol)
                return (f"For input {_show(self.probes[k])}: at index {list(index)} "
                        f"you gave {_show(got[index])}, expected {_show(want[index])}.")
            return (f"For input {_show(self.probes[k])}: you gave {_show(got)}, "
                    f"expected {_show(want)}.")
        return "Your answer differs from the reference."


class _Warned(Exception):
    """A function answer emitted a warning where the question forbids it."""

    def __init__(self, message, args):
        super().__init__(message)
        self.args_shown = args

    def __str__(self):
        return self.args[0]


def _is_placeholder(value):
    return value is None or value is Ellipsis


# The only instructions of a function whose body is still ``...``, ``pass`` or a docstring.
_DO_NOTHING = {"RESUME", "NOP", "LOAD_CONST", "POP_TOP", "RETURN_VALUE", "RETURN_CONST"}


def _is_unfinished(answer):
    """A function whose body is still only ``...`` (or ``pass``, or a docstring):
    it loads constants and returns None, and does nothing else."""
    code = getattr(answer, "__code__", None)
    if code is None:
        return False
    return all(i.opname in _DO_NOTHING for i in dis.get_instructions(code)) and not any(
        c is not None and c is not Ellipsis and not isinstance(c, str) for c in code.co_consts)


def _identical(a, b):
    """Whether two probe arguments hold the same values (arrays, tensors or scalars)."""
    a, b = _as_array(a), _as_array(b)
    if a.dtype.kind in "biufc" and b.dtype.kind in "biufc":
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
    return a.shape == b.shape and bool(np.all(a == b))


def _first_mismatch(got, want, rtol, atol):
    """The index of the first element where ``got`` and ``want`` differ."""
    if got.dtype.kind in "biuf" and want.dtype.kind in "biuf":
        close = np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    else:
        close = got == want
    return tuple(int(i) for i in np.argwhere(~close)[0])


def _too_few_digits(got, want, rtol, atol):
    """'close, but give more digits' if ``got`` is ``want`` rounded to the decimals
    the reader typed; else None."""
    if np.ndim(got) or np.ndim(want) or got.dtype.kind != "f" or want.dtype.kind != "f":
        return None
    value, target = float(got), float(want)
    if not (np.isfinite(value) and np.isfinite(target)) or value == 0:
        return None
    text = repr(value)
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    if decimals >= 12 or not np.isclose(round(target, decimals), value, rtol=1e-12, atol=0):
        return None
    return f"close, but give more digits (you gave {text})."


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
    """A short printable form: arrays with 6 significant digits, at most 6 elements
    per edge, and a number that never ends in a bare full stop."""
    if isinstance(value, tuple):
        return ", ".join(_show(v) for v in value)
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    if isinstance(value, np.ndarray | np.generic) and np.ndim(value) == 0:
        value = value.item()
    if isinstance(value, float):
        return f"{value:.7g}"
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=6, separator=", ", threshold=12, edgeitems=3)
    else:
        text = repr(value)
    return " ".join(text.split())
