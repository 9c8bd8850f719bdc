"""Exercises for the appendix "Numbers on a computer"."""

import numpy as np

from companion.activations import log_sigmoid, logsumexp, sigmoid, softmax
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np'

q1 = Question(
    "A log-sigmoid that never overflows",
    task=(
        'Write `my_log_sigmoid(z)`, which takes a float64 NumPy array of logits and returns '
        '$\\log\\sigma(z)$ elementwise, accurate for every logit from $-800$ to $800$: no '
        '`inf`, no NaN, and no 0 where the true value is a tiny negative number.'
    ),
    reference=log_sigmoid,
    probes=[(np.array([-800.0, -720.0, -40.0, -1.0, 0.0, 1.0, 40.0, 800.0]),)],
    hints=[
        "log sigma(z) = -log(1 + e^-z). For which sign of z does e^-z overflow, and what "
        "happens to log(1 + t) when t is far below 1e-16?",
        "For z < 0 factor out e^-z: -log(1 + e^-z) = z - log(1 + e^z). Both cases together: "
        "min(z, 0) - log(1 + e^-|z|).",
        "Use np.minimum(z, 0) and np.log1p(np.exp(-np.abs(z))): exp only sees numbers <= 0 "
        "and log1p keeps e^-|z| when it is tiny.",
    ],
    solution="""
        def my_log_sigmoid(z):
            return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))
    """,
    mistakes={
        "log_of_sigmoid": (
            lambda z: np.log(sigmoid(z)),
            "np.log(sigmoid(z)) takes the log of a rounded probability: sigmoid(-800) is 0, so "
            "you get -inf instead of -800, and sigmoid(40) rounds to 1.0, so you get 0 instead "
            "of -4.2e-18. Work in log space: min(z, 0) - log1p(exp(-|z|)).",
        ),
        "reciprocal_overflow": (
            lambda z: np.log(1 / (1 + np.exp(-z))),
            "np.log(1 / (1 + np.exp(-z))) overflows for z < -709.78: exp(-z) is inf, the "
            "fraction is 0 and its log is -inf (at z = -720 the answer is -720). Never call exp "
            "on a large positive number: use exp(-|z|).",
        ),
        "log1p_overflow": (
            lambda z: -np.log1p(np.exp(-z)),
            "-log1p(exp(-z)) is accurate for z >= 0 but overflows for z < -709.78: exp(-z) is "
            "inf and you return -inf instead of about z. Take min(z, 0) out first, so that exp "
            "only sees -|z|.",
        ),
        "softplus_sign": (
            lambda z: np.maximum(-z, 0) + np.log1p(np.exp(-np.abs(z))),
            "That is softplus(-z) = log(1 + e^-z) = -log sigma(z): the sign is flipped. "
            "log sigma(z) is never positive.",
        ),
    },
)

q2 = Question(
    "A logsumexp that never overflows",
    task=(
        'Write `my_logsumexp(z)`, which takes a float64 array (one row of logits, or a batch '
        'of rows) and returns $\\log\\sum_j e^{z_j}$ along the last axis, with that axis '
        'removed: a number for one row, one number per row for a batch. It must work for '
        'logits of $\\pm 1000$.'
    ),
    reference=lambda z: logsumexp(z, dim=-1),
    probes=[
        (np.array([1.0, 2.0, 3.0]),),
        (np.array([[1000.0, 0.0, -1000.0], [-800.0, -800.0, -805.0]]),),
    ],
    hints=[
        "exp(1000) is inf and exp(-800) is 0 in float64. What does log(sum(exp(z + c))) become "
        "in terms of log(sum(exp(z)))?",
        "logsumexp(z) = m + log(sum(exp(z - m))) for any m. Choose m so that the largest term "
        "is exp(0) = 1: then nothing overflows and the sum is at least 1.",
        "m = z.max(axis=-1, keepdims=True); sum along axis=-1 with keepdims=True, and drop the "
        "kept axis at the end (np.squeeze(..., axis=-1)).",
    ],
    solution="""
        def my_logsumexp(z):
            m = z.max(axis=-1, keepdims=True)  # the largest term becomes exp(0) = 1
            s = np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
            return np.squeeze(m + s, axis=-1)
    """,
    mistakes={
        "naive_overflow": (
            lambda z: np.log(np.sum(np.exp(z), axis=-1)),
            "log(sum(exp(z))) overflows: exp(1000) is inf; at -800 every term underflows to 0 "
            "and the log is -inf. Subtract the row maximum first and add it back at the end.",
        ),
        "max_not_added_back": (
            lambda z: np.log(np.sum(np.exp(z - z.max(axis=-1, keepdims=True)), axis=-1)),
            "You subtracted the maximum but did not add it back: logsumexp is equivariant, "
            "logsumexp(z - m) = logsumexp(z) - m, not invariant like the softmax. Return "
            "m + log(sum(exp(z - m))).",
        ),
        "subtract_min": (
            lambda z: np.squeeze(z.min(axis=-1, keepdims=True), axis=-1) + np.log(np.sum(
                np.exp(z - z.min(axis=-1, keepdims=True)), axis=-1)),
            "Subtracting the minimum makes the largest term e^(max - min), which overflows "
            "once the row spans more than 709.78. Subtract the maximum, so that the largest "
            "term is e^0 = 1.",
        ),
        "whole_array": (
            lambda z: z.max() + np.log(np.sum(np.exp(z - z.max()))),
            "You reduced the whole array to one number: for a batch, each row needs its own "
            "logsumexp. Take the max and the sum along axis=-1 with keepdims=True.",
        ),
    },
)

_F32_EDGE = np.log(float(np.finfo(np.float32).max))  # 88.7228...


_Q3_OTHER_EDGES = [
    (np.log(float(np.finfo(np.float64).max)), "709.78 is the float64 threshold; float32 has 8 "
     "exponent bits instead of 11 and overflows much earlier."),
    (np.log(float(np.finfo(np.float16).max)), "11.09 is the float16 threshold (its largest "
     "value is 65504); float32 reaches about 3.4e38."),
    (np.log10(float(np.finfo(np.float32).max)), "38.53 is log10 of the largest float32, its "
     "decimal exponent; exp is base e, so take the natural log."),
]


def _q3_accept(value):
    """None for 88.72 (or more digits of the edge that stay finite), else what is wrong."""
    v = float(np.asarray(value, dtype=np.float64).reshape(-1)[0])
    if not np.isfinite(v):
        return "Your answer is not a finite number: give the logit, a number near 90."
    for edge, message in _Q3_OTHER_EDGES:
        if abs(v - edge) < 0.01:
            return message
    with np.errstate(over="ignore"):
        overflows = np.isinf(np.exp(np.float32(v)))
    if overflows:
        return (f"np.exp(np.float32({v:g})) is inf: that logit is already past the overflow "
                "edge. Round the edge down, not to the nearest.")
    if abs(v - _F32_EDGE) < 0.005:
        return None
    if abs(v - _F32_EDGE) < 0.05:
        return ("Close, but the task asks for two decimals, and for the largest such logit "
                "whose exp is still finite.")
    return (
        "That is not the float32 edge: exp(z) is finite while it stays below the largest "
        "float32, np.finfo(np.float32).max.")


q3 = Question(
    "Where float32 overflows",
    task=(
        'What is the largest logit $z$ for which `np.exp(np.float32(z))` is finite? Give it '
        'to two decimals.'
    ),
    reference=88.72,
    accept=_q3_accept,
    hints=[
        "exp(z) overflows when it exceeds the largest finite float32, np.finfo(np.float32).max.",
        "Solve exp(z) = max for z: take the natural log of about 3.4e38, and round down.",
    ],
    solution="""
        answer = 88.72  # np.log(float(np.finfo(np.float32).max)) = 88.7228...; 88.73 overflows
    """,
    mistakes={
        "float64": (np.log(float(np.finfo(np.float64).max)), "709.78 is the float64 threshold; "
                    "float32 has 8 exponent bits instead of 11 and overflows much earlier."),
        "float16": (np.log(float(np.finfo(np.float16).max)), "11.09 is the float16 threshold "
                    "(its largest value is 65504); float32 reaches about 3.4e38."),
        "decimal_log": (np.log10(float(np.finfo(np.float32).max)), "38.53 is log10 of the "
                        "largest float32, its decimal exponent; exp is base e, so take the "
                        "natural log."),
    },
)

q4 = Question(
    "One plus a tiny number",
    task=(
        'What does `np.log(1 + 1e-20)` return in float64? (The true value of $\\log(1 + '
        '10^{-20})$ is about $10^{-20}$.)'
    ),
    reference=0.0,
    rtol=1e-3,
    hints=[
        "Evaluate 1 + 1e-20 first: the float64 numbers next to 1 are 1 - 1.1e-16 and "
        "1 + 2.2e-16.",
        "1 + 1e-20 rounds to exactly 1.0, before the log is taken.",
    ],
    solution="""
        answer = 0.0  # 1 + 1e-20 rounds to 1.0, and log(1.0) = 0; np.log1p(1e-20) = 1e-20
    """,
    mistakes={
        "true_value": (1e-20, "1e-20 is the mathematically right value, which np.log1p(1e-20) "
                       "returns; but np.log(1 + 1e-20) first rounds 1 + 1e-20 to 1.0."),
        "log_of_t": (np.log(1e-20), "-46.05 is log(1e-20): the question is about log(1 + "
                     "1e-20), which is close to 1e-20 on paper."),
    },
)


def _condition_number(z):
    """kappa_i = |z_i| (1 - p_i) + sum_{j != i} |z_j| p_j along the last axis."""
    z = np.asarray(z, dtype=np.float64)
    p = softmax(z, dim=-1)
    a = np.abs(z)
    return a * (1 - p) + (np.sum(a * p, axis=-1, keepdims=True) - a * p)


def _q5_diagnose(outputs, expected):
    for got, want in zip(outputs, expected, strict=True):
        got = np.asarray(got, dtype=np.float64)
        # negative entries in an answer that varies like a condition number (a constant
        # array is an unrelated answer and gets the general message)
        if got.shape == want.shape and np.any(got < -1e-12) and np.ptp(got) > 0:
            return ("Some of your condition numbers are negative: the definition takes |z_j|, "
                    "the size of each logit, so every term is non-negative.")
    return None


q5 = Question(
    "Conditioning or instability?",
    task=(
        'A softmax probability $p_i$ has the condition number $\\kappa_i = \\sum_j |z_j|\\,'
        '|\\partial \\log p_i / \\partial z_j|$: rounding every logit by a relative $u$ can '
        'move $p_i$ by a relative $\\kappa_i u$, whatever algorithm computes it. Derive '
        '$\\partial \\log p_i / \\partial z_j$, and write `condition_number(z)`, which takes a '
        'float64 array of logits (one row, or a batch of rows along the last axis) and returns '
        '$\\kappa_i$ for every entry, same shape as `z`, for logits up to $\\pm 800$. (On the '
        'row $(0.3, -700)$ you should find about 700 for $p_1$: the error of over 300 ULP of '
        'the shifted softmax there is conditioning, not instability.)'
    ),
    reference=_condition_number,
    probes=[
        (np.array([0.3, -700.0]),),
        (np.array([[1.0, 2.0, 3.0], [800.0, 0.0, -800.0], [-5.0, -5.0, 4.0]]),),
    ],
    diagnose=_q5_diagnose,
    atol=1e-9,  # a condition number of 5e-302 is 0 for every purpose
    hints=[
        "log p_i = z_i - logsumexp(z). Differentiate with respect to z_j: the derivative of "
        "logsumexp(z) with respect to z_j is p_j.",
        "d log p_i / d z_j = [i == j] - p_j, so kappa_i = |z_i| (1 - p_i) + sum over j != i of "
        "|z_j| p_j. Compute p with a stable softmax (subtract the row maximum).",
        "a = np.abs(z); then kappa = a * (1 - p) + (a * p).sum(axis=-1, keepdims=True) - a * p.",
    ],
    solution="""
        def condition_number(z):
            e = np.exp(z - z.max(axis=-1, keepdims=True))  # stable softmax
            p = e / e.sum(axis=-1, keepdims=True)
            a = np.abs(z)
            return a * (1 - p) + (a * p).sum(axis=-1, keepdims=True) - a * p
    """,
    mistakes={
        "naive_softmax": (
            lambda z: np.abs(z) * (1 - np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)) + (
                (np.abs(z) * np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)).sum(
                    axis=-1, keepdims=True)
                - np.abs(z) * np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)),
            "Your softmax overflows: exp(800) is inf and the probabilities become NaN. Subtract "
            "the row maximum before exp.",
        ),
        "only_diagonal": (
            lambda z: np.abs(z) * (1 - softmax(z, dim=-1)),
            "You kept only j = i, |z_i| (1 - p_i). The other logits count too: "
            "d log p_i / d z_j = -p_j for j != i, which adds sum over j != i of |z_j| p_j "
            "(for the tiny p_1 of (0.3, -700) it is the dominant logit's share).",
        ),
        "distance_to_max": (
            lambda z: np.abs(z - z.max(axis=-1, keepdims=True)),
            "|z_i - m| is the rule of thumb, not the condition number: it is 0 for the largest "
            "logit, whose probability still moves when the logits are rounded. Use the sum "
            "over j of |z_j| |d log p_i / d z_j|.",
        ),
        "absolute_sensitivity": (
            lambda z: np.abs(z) * softmax(z, dim=-1) * (1 - softmax(z, dim=-1)),
            "That is the sensitivity of p_i itself, d p_i / d z_i = p_i (1 - p_i): it measures "
            "the absolute change. The condition number is relative: differentiate log p_i, "
            "and include the other logits.",
        ),
    },
)
