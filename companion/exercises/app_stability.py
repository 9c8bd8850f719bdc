"""Exercises for the appendix "Numbers on a computer"."""

import numpy as np

from companion.activations import log_sigmoid, logsumexp, sigmoid
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

q3 = Question(
    "Where float32 overflows",
    task=(
        'What is the largest logit $z$ for which `np.exp(np.float32(z))` is finite? Give it '
        'to two decimals.'
    ),
    reference=np.log(float(np.finfo(np.float32).max)),
    rtol=1e-3,
    hints=[
        "exp(z) overflows when it exceeds the largest finite float32, np.finfo(np.float32).max.",
        "Solve exp(z) = max for z: take the natural log of about 3.4e38.",
    ],
    solution="""
        answer = np.log(float(np.finfo(np.float32).max))  # 88.72
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
