"""Exercises for "The humble sigmoid".

Besides :class:`~companion.exercises._question.Question` this module defines
:class:`CheckedQuestion`, used here and in
:mod:`companion.exercises.ch03_multiclass`. It adds two things the shared
``Question`` does not do: a right answer that emits a NumPy overflow,
invalid-value or division warning gets the question's own message (the
shared ``forbid_warnings`` rejects it before any catalogued mistake is
tried, so a naive formula would get a generic warning message instead of the
one naming its NaN), and a number near the answer or near a catalogued
mistake gets a near-miss message (``digits``). Diagnosis by property is the
shared ``diagnose`` hook.
"""

import numpy as np

from companion.activations import sigmoid
from companion.exercises._question import Question, _Warned

__all__ = ["CheckedQuestion", "q1", "q2", "q3", "q4", "q5"]

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\nimport torch\n\nfrom companion import sigmoid'


class CheckedQuestion(Question):
    """A :class:`Question` with a message for right answers that warn, and near misses.

    Parameters
    ----------
    *args, **kwargs
        As for :class:`Question`, whose ``diagnose`` hook is used as it is.
    forbid_warnings : str, optional
        The message for an answer whose values are right but which emits a
        NumPy overflow, invalid-value or divide-by-zero warning on a probe
        (underflow is allowed; the detection is the shared
        ``forbid_warnings``, run only once the values are right). Catalogue
        it as a mistake too, so that the tests see it.
    digits : int, optional
        For a question whose answer is one number: the significant digits
        the task asks for. A number within 2% of the answer but typed with
        fewer digits is told to give more; one within 0.1% of a catalogued
        mistake (and nearer to it than to the answer) gets that mistake's
        message.

    Examples
    --------
    >>> q = CheckedQuestion("Halve it", reference=lambda x: x / 2, probes=[(np.array([2.0]),)],
    ...                     hints=["Divide."], solution="def half(x): return x / 2",
    ...                     diagnose=lambda out, exp: "That doubles x." if np.allclose(
    ...                         out[0], 4 * exp[0]) else None)
    >>> q.check(lambda x: x * 2)
    Not quite: That doubles x.
    False
    >>> relu = CheckedQuestion("ReLU", reference=lambda x: np.maximum(x, 0.0),
    ...                        probes=[(np.array([2.0, -1.0]),)], hints=["Clip."], solution="",
    ...                        forbid_warnings="Right values, but sqrt(-1) warned.")
    >>> relu.check(lambda x: np.where(x < 0, 0.0, np.sqrt(x) ** 2))
    Not quite: Right values, but sqrt(-1) warned.
    False
    """

    def __init__(self, *args, forbid_warnings=None, diagnose=None, digits=None, **kwargs):
        super().__init__(*args, diagnose=self._diagnose, forbid_warnings=False, **kwargs)
        self.warning_message = forbid_warnings
        self.property_diagnosis = diagnose
        self.digits = digits

    def _verdict(self, answer):
        verdict, note = super()._verdict(answer)
        if verdict == "Correct!" and self.warning_message and self._warns(answer):
            return f"Not quite: {self.warning_message}", note
        return verdict, note

    def _warns(self, answer):
        """Whether ``answer`` emits an overflow, invalid or divide warning on a probe."""
        self.forbid_warnings = True
        try:
            self._evaluate(answer)
        except _Warned:
            return True
        finally:
            self.forbid_warnings = False
        return False

    def _diagnose(self, outputs, expected):
        """The near-miss message, else the question's own diagnosis, else None."""
        try:
            message = self._near_miss(outputs[0]) if self.digits else None
            if message is None and self.property_diagnosis is not None:
                message = self.property_diagnosis(outputs, expected)
        except (TypeError, ValueError):  # outputs of a kind the diagnosis does not read
            return None
        return message

    def _near_miss(self, got):
        """The message for a number near the answer or near a catalogued mistake, or None."""
        if np.ndim(got) or np.asarray(got).dtype.kind not in "biuf" or not np.isfinite(got) \
                or got == 0:
            return None
        value = float(got)
        want = float(np.asarray(self.reference))

        def distance(target):
            return abs(value - target) / abs(target)

        near_answer = distance(want) < 2e-2
        if near_answer and _significant_digits(value) < self.digits:
            return (f"close, but give at least {self.digits} significant digits "
                    f"(you gave {value:g}).")
        nearest = min(self.mistakes, key=lambda n: distance(float(np.asarray(self.mistakes[n]))),
                      default=None)
        if nearest is not None:
            d = distance(float(np.asarray(self.mistakes[nearest])))
            if d < 1e-3 and d < distance(want):
                return self.messages[nearest]
        if near_answer:
            return ("close, but not quite: check the last digits (rounding too early in a "
                    "multi-step calculation?).")
        return None


def _significant_digits(value):
    """How many significant digits ``value`` was typed with (as Python prints it)."""
    text = repr(float(value)).lower().lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    return len(text.rstrip("0")) if "." in repr(float(value)) else len(text)


def _finite_expected_not_finite(got, want):
    return ~np.isfinite(got) & np.isfinite(want)


def _zero_expected_positive(got, want):
    return (got == 0) & (want > 0)


def _right_at_moderate(got, want, probe):
    """Whether the answer is right at the moderate probes, |z| < 10: only then is a failure
    in the tails diagnosed as that failure (else the answer is wrong in general)."""
    moderate = np.abs(probe) < 10
    return bool(np.allclose(got[moderate], want[moderate], rtol=1e-6, atol=0))


# --- q1 ------------------------------------------------------------------------------------

Q1_PROBE = np.array([-800.0, -720.0, -30.0, -1.0, 0.0, 1.0, 30.0, 750.0, 800.0])
Q1_OVERFLOW = (
    "Your answer is NaN for large positive z (at z = 750 and 800), where the sigmoid is 1: "
    "exp of a number above 709.78 overflows to inf, and inf / inf is NaN. Branch on the sign "
    "of z so that exp never sees a large positive number."
)
Q1_TINY = (
    "Your answer is 0 at z = -720, but sigma(-720) = 2.0e-313 is a representable (subnormal) "
    "float64, and a sigmoid should return it. A formula such as 1 / (1 + exp(-z)) loses it: "
    "exp(720) overflows to inf, and 1 / (1 + inf) is 0. For negative z use e^z / (1 + e^z), "
    "whose exp only sees a negative number."
)
Q1_SIGN = "Your values are 1 - sigma(z) = sigma(-z): check the sign in the exponent."
Q1_WARNS = (
    "The values are right, but computing them raises NumPy's overflow warning: np.where "
    "evaluates both of its branches on every element and only then chooses, so an exp in "
    "the branch it discards still overflows at z = 750 or -800. Exponentiate only -|z|, "
    "which is never positive."
)


def _q1_diagnose(outputs, expected):
    got, want = outputs[0], expected[0]
    if np.shape(got) != np.shape(want):
        return None
    if np.allclose(got, sigmoid(-Q1_PROBE), rtol=1e-6, atol=1e-320):
        return Q1_SIGN
    if not _right_at_moderate(got, want, Q1_PROBE):
        return None
    if np.any(_finite_expected_not_finite(got, want)):
        return Q1_OVERFLOW
    if np.any(_zero_expected_positive(got, want)):
        return Q1_TINY
    return None


q1 = CheckedQuestion(
    "A sigmoid that never overflows",
    task=(
        'Write `my_sigmoid(z)` for a NumPy array of logits. It must return $\\sigma(z)$ for '
        'any finite `z`, including $z = \\pm 800$, with no NaN and without a NumPy '
        'overflow warning: no `np.exp` of a large positive number, not even in a branch '
        'that `np.where` then discards. It must also keep tiny results such as '
        '$\\sigma(-720) \\approx 2 \\times 10^{-313}$ instead of rounding them to 0.'
    ),
    reference=sigmoid,
    probes=[(Q1_PROBE,)],
    atol=1e-320,
    hints=[
        "np.exp overflows to inf above 709.78. Which of the two forms of the sigmoid "
        "calls exp with a large argument, and for which sign of z?",
        "1 / (1 + exp(-z)) is safe for z >= 0 and e^z / (1 + e^z) is safe for z < 0: "
        "in both, exp only sees a number <= 0. But np.where computes both of its "
        "branches on every element before it chooses.",
        "Compute e = np.exp(-np.abs(z)) once, then choose per element with np.where.",
    ],
    solution="""
        def my_sigmoid(z):
            e = np.exp(-np.abs(z))  # never overflows: the argument is <= 0
            return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    """,
    mistakes={
        "naive_overflow": (lambda z: np.exp(z) / (1 + np.exp(z)), Q1_OVERFLOW),
        "loses_tiny_values": (lambda z: 1 / (1 + np.exp(-z)), Q1_TINY),
        "sign_flipped": (lambda z: 1 / (1 + np.exp(z)), Q1_SIGN),
        # Same values as the reference: rejected by the warning check alone.
        "unguarded_where": (
            lambda z: np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z))),
            Q1_WARNS,
        ),
    },
    forbid_warnings=Q1_WARNS,
    diagnose=_q1_diagnose,
)

# --- q2 ------------------------------------------------------------------------------------

q2 = CheckedQuestion(
    "The logit of a probability",
    task=(
        'A model gives the positive class probability $p = 0.8$. What logit $z$ produced it? '
        'Give the number, to at least 4 significant digits.'
    ),
    reference=np.log(0.8 / 0.2),
    rtol=1e-3,
    hints=[
        "The logit is the inverse of the sigmoid: the z with sigma(z) = 0.8.",
        "Solve 0.8 = 1 / (1 + e^-z) for z: the answer is the log of the odds p / (1 - p).",
    ],
    solution="""
        answer = np.log(0.8 / (1 - 0.8))  # log-odds: log 4 = 1.386...
    """,
    mistakes={
        "log_of_probability": (np.log(0.8), "That is log(p); the logit is the log of the "
                               "odds, log(p / (1 - p))."),
        "odds_without_log": (4.0, "4 is the odds p / (1 - p); the logit is their logarithm."),
        "inverted_odds": (np.log(0.2 / 0.8), "That is log((1 - p) / p), the logit of the "
                          "negative class: the sign is flipped."),
        "sigmoid_of_p": (float(sigmoid(0.8)), "That is sigma(0.8), the sigmoid applied to "
                         "the probability; the logit goes the other way, from p back to z."),
    },
    digits=4,
)


# --- q3 ------------------------------------------------------------------------------------

Q3_PROBE = np.array([-800.0, -720.0, -40.0, -5.0, 0.0, 2.0, 40.0, 100.0, 720.0, 800.0])
Q3_CANCELLATION = (
    "Your answer is 0 at z = 40, where the probability of the negative class is about "
    "4.2e-18: 1 minus something stored as exactly 1.0 (as sigma(z) is for z above about 37) "
    "leaves 0, although 1 - sigma(z) is right on paper. Use 1 - sigma(z) = sigma(-z)."
)
Q3_OVERFLOW = (
    "Your answer is NaN for very negative z (such as z = -800), where the probability of the "
    "negative class is 1: an exponential of a large positive number overflows to inf there, "
    "and inf / inf is NaN. Use the symmetry 1 - sigma(z) = sigma(-z) with a stable sigmoid."
)
Q3_TINY = (
    "Your answer is 0 at z = 720, where the probability of the negative class is about "
    "2.0e-313, a representable (subnormal) number: an intermediate overflowed to inf and "
    "1 / inf became 0. Use the symmetry 1 - sigma(z) = sigma(-z) with a stable sigmoid."
)


def _q3_diagnose(outputs, expected):
    got, want = outputs[0], expected[0]
    if np.shape(got) != np.shape(want):
        return None
    if np.allclose(got, sigmoid(Q3_PROBE), rtol=1e-6, atol=1e-320):
        return "That is P(positive) = sigma(z); the negative class gets the complement."
    if not _right_at_moderate(got, want, Q3_PROBE):
        return None
    if np.any(_finite_expected_not_finite(got, want)):
        return Q3_OVERFLOW
    zero = _zero_expected_positive(got, want)
    if zero[Q3_PROBE == 720.0].any() and not zero[Q3_PROBE == 40.0].any():
        return Q3_TINY
    if zero.any():
        return Q3_CANCELLATION
    return None


q3 = CheckedQuestion(
    "The probability of the negative class, accurately",
    task=(
        'Write `p_negative(z)`, the probability of the negative class (class 0) for a NumPy '
        'array of logits `z`, accurate to full relative precision for every finite `z`, '
        'including $z = \\pm 800$ (at $z = 40$ the answer is about $4.2 \\times 10^{-18}$; '
        'at $z = 720$ about $2 \\times 10^{-313}$).'
    ),
    reference=lambda z: sigmoid(-z),
    probes=[(Q3_PROBE,)],
    atol=1e-320,
    hints=[
        "On paper P(negative) = 1 - sigma(z). What happens to 1 - sigma(z) in floating "
        "point when sigma(z) is very close to 1?",
        "sigma(z) is stored as exactly 1.0 for z above about 37, so 1 - sigma(z) becomes 0. "
        "Use the symmetry of the sigmoid instead.",
    ],
    solution="""
        def p_negative(z):
            return sigmoid(-z)  # 1 - sigma(z) = sigma(-z), without cancellation
    """,
    mistakes={
        "cancellation": (lambda z: 1 - sigmoid(z), Q3_CANCELLATION),
        "positive_class": (
            sigmoid,
            "That is P(positive) = sigma(z); the negative class gets the complement.",
        ),
        "exp_ratio_overflows": (lambda z: np.exp(-z) / (1 + np.exp(-z)), Q3_OVERFLOW),
        "loses_tiny_values": (lambda z: 1 / (1 + np.exp(z)), Q3_TINY),
    },
    diagnose=_q3_diagnose,
)

# --- q4 ------------------------------------------------------------------------------------

Q4_PROBE = np.array([-800.0, -720.0, -40.0, -5.0, -1.0, 0.0, 1.0, 5.0, 40.0, 720.0, 800.0])
Q4_CANCELLATION = (
    "Your slope is 0 at z = 40, where it is about 4.2e-18: sigma(z) is stored as exactly 1.0 "
    "there, so anything that subtracts it from 1 (or subtracts its square from it) leaves 0, "
    "although sigma(z)(1 - sigma(z)) is right on paper. Write the factor 1 - sigma(z) as "
    "sigma(-z)."
)
Q4_OVERFLOW = (
    "Your answer is NaN or inf where the slope is finite (for example at z = -800 or 800): "
    "an exponential of a large positive number overflows to inf, and inf / inf is NaN. "
    "Arrange the formula so that exp only ever sees -|z| (the slope is an even function), "
    "or use sigma(z) sigma(-z)."
)
Q4_TINY = (
    "Your answer is 0 at z = 720 and -720, where the slope is about 2.0e-313, a "
    "representable (subnormal) number: an intermediate overflowed to inf and 1 / inf became "
    "0. Use sigma(z) sigma(-z) with a stable sigmoid, or e^-|z| / (1 + e^-|z|)^2."
)


def _q4_diagnose(outputs, expected):
    got, want = outputs[0], expected[0]
    if np.shape(got) != np.shape(want):
        return None
    if np.allclose(got, sigmoid(Q4_PROBE), rtol=1e-6, atol=1e-320):
        return "That is sigma(z) itself; the question asks for its derivative."
    if np.allclose(got, -want, rtol=1e-6, atol=1e-320):
        return "The sign is flipped: the sigmoid is increasing, so its slope is positive."
    if not _right_at_moderate(got, want, Q4_PROBE):
        return None
    if np.any(_finite_expected_not_finite(got, want)):
        return Q4_OVERFLOW
    zero = _zero_expected_positive(got, want)
    if zero[Q4_PROBE == 40.0].any():
        return Q4_CANCELLATION
    if zero.any():
        return Q4_TINY
    return None


q4 = CheckedQuestion(
    "The slope of the sigmoid, everywhere",
    task=(
        'Derive the derivative $\\sigma\'(z)$ of the sigmoid, then write `sigmoid_slope(z)` '
        'that returns it for a NumPy array of logits, with full relative precision for every '
        'finite `z` up to $|z| = 800$ (at $z = 40$ the slope is about $4.2 \\times 10^{-18}$, '
        'at $z = \\pm 720$ about $2 \\times 10^{-313}$). Before you submit, compare your '
        'function with what `torch.autograd` gives for `torch.sigmoid` at a few moderate '
        'logits.'
    ),
    reference=lambda z: sigmoid(z) * sigmoid(-z),
    probes=[(Q4_PROBE,)],
    atol=1e-320,
    hints=[
        "Differentiate 1 / (1 + e^-z) with the chain rule, then write the result in terms "
        "of sigma(z) and 1 - sigma(z).",
        "sigma'(z) = sigma(z)(1 - sigma(z)). Which of the two factors loses its digits for "
        "large positive z, and what does the symmetry 1 - sigma(z) = sigma(-z) replace it with?",
        "sigma(z) * sigma(-z); for the comparison: t = torch.tensor([-3.0, 0.0, 2.0], "
        "dtype=torch.float64, requires_grad=True); torch.sigmoid(t).sum().backward(); t.grad.",
    ],
    solution="""
        def sigmoid_slope(z):
            # sigma' = sigma (1 - sigma), with the complement written as sigma(-z)
            return sigmoid(z) * sigmoid(-z)

        # The comparison with autograd, at moderate logits (silent when they agree):
        t = torch.tensor([-3.0, 0.0, 2.0], dtype=torch.float64, requires_grad=True)
        torch.sigmoid(t).sum().backward()
        assert np.allclose(t.grad.numpy(), sigmoid_slope(t.detach().numpy()))
    """,
    mistakes={
        "cancellation": (lambda z: sigmoid(z) * (1 - sigmoid(z)), Q4_CANCELLATION),
        "exp_form_overflows": (lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, Q4_OVERFLOW),
        "cosh_form_loses_tiny": (lambda z: 1 / (np.exp(z) + 2 + np.exp(-z)), Q4_TINY),
        "the_sigmoid_itself": (sigmoid, "That is sigma(z) itself; the question asks for its "
                               "derivative."),
        "sigmoid_squared": (lambda z: sigmoid(z) ** 2,
                            "That is sigma(z)^2. The slope is sigma(z) times the other "
                            "factor of e^-z / (1 + e^-z)^2, which is 1 - sigma(z) = sigma(-z), "
                            "not sigma(z) again."),
    },
    diagnose=_q4_diagnose,
)

# --- q5 ------------------------------------------------------------------------------------

_C5 = 0.25 / 100
_P5 = (1 + np.sqrt(1 - 4 * _C5)) / 2

q5 = CheckedQuestion(
    "Where does the sigmoid saturate?",
    task=(
        'The slope $\\sigma\'(z)$ is largest at $z = 0$, where it is $1/4$. At which '
        'positive logit $z$ has it fallen to one hundredth of that? Solve it exactly (no '
        'approximation of the tails) and give $z$ to at least 5 significant digits.'
    ),
    reference=float(np.log(_P5 / (1 - _P5))),
    rtol=2e-5,
    hints=[
        "One hundredth of 1/4 is 0.0025. Write the slope in terms of p = sigma(z): "
        "sigma'(z) = p (1 - p).",
        "p (1 - p) = 0.0025 is a quadratic in p; take the root above 1/2 (z > 0), then "
        "turn p back into z with the log-odds.",
        "p = (1 + sqrt(1 - 4 * 0.0025)) / 2, z = log(p / (1 - p)).",
    ],
    solution="""
        p = (1 + np.sqrt(1 - 4 * 0.0025)) / 2  # the root of p (1 - p) = 0.0025 above 1/2
        answer = np.log(p / (1 - p))  # 5.986; the tail approximation e^-z = 0.0025 gives 5.991
    """,
    mistakes={
        "tail_approximation": (
            float(np.log(400.0)),
            "That solves e^-z = 0.0025, the tail approximation sigma'(z) ~ e^-|z|, which is "
            "a little off at this z. Solve p (1 - p) = 0.0025 exactly for p = sigma(z).",
        ),
        "slope_one_hundredth": (
            float(np.log((1 + np.sqrt(0.96)) / (1 - np.sqrt(0.96)))),
            "That is where the slope is 0.01. One hundredth of the largest slope, 1/4, "
            "is 0.0025.",
        ),
        "probability_not_slope": (
            float(np.log(0.9975 / 0.0025)),
            "That is where sigma(z) = 0.9975, that is 1 - sigma(z) = 0.0025; the question "
            "is about the slope sigma(z)(1 - sigma(z)).",
        ),
        "negative_root": (
            -float(np.log(_P5 / (1 - _P5))),
            "That is the negative logit with this slope (the slope is an even function): "
            "the question asks for the positive one.",
        ),
    },
    digits=5,
)
