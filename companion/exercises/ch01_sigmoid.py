"""Exercises for "The humble sigmoid"."""

import numpy as np

from companion.activations import sigmoid
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import sigmoid'


q1 = Question(
    "A sigmoid that never overflows",
    task=(
        'Write `my_sigmoid(z)` for a NumPy array of logits. It must return $\\sigma(z)$ '
        'without overflow warnings or NaN for any finite `z`, including $z = 750$, and keep '
        'tiny results such as $\\sigma(-720) \\approx 2 \\times 10^{-313}$ instead of rounding '
        'them to 0.'
    ),
    reference=sigmoid,
    probes=[(np.array([-800.0, -720.0, -30.0, -1.0, 0.0, 1.0, 30.0, 750.0]),)],
    atol=1e-320,
    hints=[
        "np.exp overflows to inf above 709.78. Which of the two forms of the sigmoid "
        "calls exp with a large argument, and for which sign of z?",
        "1 / (1 + exp(-z)) is safe for z >= 0 and e^z / (1 + e^z) is safe for z < 0: "
        "in both, exp only sees a number <= 0.",
        "Compute e = np.exp(-np.abs(z)) once, then choose per element with np.where.",
    ],
    solution="""
        def my_sigmoid(z):
            e = np.exp(-np.abs(z))  # never overflows: the argument is <= 0
            return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    """,
    mistakes={
        "naive_overflow": (
            lambda z: np.exp(z) / (1 + np.exp(z)),
            "e^z / (1 + e^z) overflows: for z > 709.78, exp(z) is inf and inf / inf is NaN. "
            "Branch on the sign of z so that exp never sees a large positive number.",
        ),
        "loses_tiny_values": (
            lambda z: 1 / (1 + np.exp(-z)),
            "1 / (1 + e^-z) is right for z >= 0, but for z < -709.78 exp(-z) overflows and "
            "the result collapses to 0, although sigma(-720) = 2.0e-313 is a representable "
            "(subnormal) number. Use e^z / (1 + e^z) for negative z.",
        ),
        "sign_flipped": (
            lambda z: 1 / (1 + np.exp(z)),
            "That is 1 / (1 + e^z) = sigma(-z) = 1 - sigma(z): check the sign in the exponent.",
        ),
    },
)

q2 = Question(
    "The logit of a probability",
    task=(
        'A model gives the positive class probability $p = 0.8$. What logit $z$ produced it? '
        'Give the number.'
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
    },
)

q3 = Question(
    "The probability of the negative class, accurately",
    task=(
        'Write `p_negative(z)`, the probability of the negative class for logits `z`, '
        'accurate to full relative precision even for large positive `z` (at $z = 40$ the '
        'answer is about $4.2 \\times 10^{-18}$).'
    ),
    reference=lambda z: sigmoid(-z),
    probes=[(np.array([-5.0, 0.0, 2.0, 40.0, 100.0]),)],
    atol=1e-320,
    hints=[
        "On paper P(negative) = 1 - sigma(z). What happens to 1 - sigma(z) in floating "
        "point when sigma(z) is very close to 1?",
        "sigma(z) rounds to exactly 1.0 for z > 37.4, so 1 - sigma(z) becomes 0. "
        "Use the symmetry of the sigmoid instead.",
    ],
    solution="""
        def p_negative(z):
            return sigmoid(-z)  # 1 - sigma(z) = sigma(-z), without cancellation
    """,
    mistakes={
        "cancellation": (
            lambda z: 1 - sigmoid(z),
            "1 - sigma(z) is right on paper, but sigma(z) rounds to 1.0 for z > 37.4 and the "
            "difference becomes 0 (at z = 40 the answer is 4.2e-18). Use 1 - sigma(z) = "
            "sigma(-z).",
        ),
        "positive_class": (
            sigmoid,
            "That is P(positive) = sigma(z); the negative class gets the complement.",
        ),
    },
)
