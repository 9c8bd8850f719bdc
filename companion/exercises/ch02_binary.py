"""Exercises for "Binary classification"."""

import numpy as np

from companion.activations import sigmoid
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import sigmoid'


q1 = Question(
    "Decide at a probability threshold of 0.8",
    task=(
        'A screening test should flag an example only when the probability of the positive '
        'class is **above 0.8**. Write `predict(z)` that takes an array of logits and returns '
        'a boolean array of decisions.'
    ),
    reference=lambda z: sigmoid(z) > 0.8,
    probes=[(np.array([-3.0, 0.0, 0.6, 1.0, 1.5, 2.0, 3.0]),)],
    hints=[
        "0.8 is a threshold on the probability sigma(z), not on the logit z.",
        "Either compare sigmoid(z) with 0.8, or compare z with the logit of 0.8, "
        "log(0.8 / 0.2) = 1.386.",
    ],
    solution="""
        def predict(z):
            return sigmoid(z) > 0.8  # or: z > np.log(0.8 / 0.2)
    """,
    mistakes={
        "threshold_on_logits": (
            lambda z: z > 0.8,
            "You compared the logits with 0.8, but 0.8 is a threshold on probabilities: "
            "z = 1 gives sigma(1) = 0.73, not above 0.8. Compare sigmoid(z) with 0.8, or z "
            "with logit(0.8) = 1.386.",
        ),
        "logit_at_zero": (
            lambda z: z > 0,
            "z > 0 is the rule for a threshold of 0.5 only. For 0.8 the logit must exceed "
            "logit(0.8) = log(0.8 / 0.2) = 1.386.",
        ),
        "wrong_side": (
            lambda z: sigmoid(z) < 0.8,
            "That predicts the positive class when its probability is *below* the threshold.",
        ),
    },
)

q2 = Question(
    "The logit threshold that matches a probability threshold",
    task=(
        'Which **logit** threshold $z_0$ makes the rule $z > z_0$ identical to the rule '
        '$\\sigma(z) > 0.9$? Give the number.'
    ),
    reference=np.log(0.9 / 0.1),
    rtol=1e-3,
    hints=[
        "sigma is increasing, so sigma(z) > 0.9 exactly when z > the z0 with sigma(z0) = 0.9.",
        "z0 is the logit (log-odds) of 0.9: log(0.9 / 0.1).",
    ],
    solution="""
        answer = np.log(0.9 / 0.1)  # log 9 = 2.197...
    """,
    mistakes={
        "same_number": (0.9, "0.9 is the probability threshold; on the logit scale it becomes "
                        "log(0.9 / 0.1) = 2.197."),
        "log_of_probability": (np.log(0.9), "log(0.9) is negative; the logit threshold is the "
                               "log of the odds, log(0.9 / 0.1)."),
        "odds_without_log": (9.0, "9 is the odds 0.9 / 0.1; take its logarithm."),
    },
)

q3 = Question(
    "What odds does a logit of 2 stand for?",
    task=(
        'A binary classifier outputs the logit $z = 2$. What are the odds in favour of the '
        'positive class (the number $x$ in "$x$ to 1")?'
    ),
    reference=np.exp(2.0),
    rtol=1e-3,
    hints=[
        "A logit is a log-odds: z = log(p / (1 - p)).",
        "Undo the logarithm: odds = e^z.",
    ],
    solution="""
        answer = np.exp(2.0)  # about 7.39 to 1 in favour of the positive class
    """,
    mistakes={
        "logit_is_odds": (2.0, "The logit is the *logarithm* of the odds; exponentiate it."),
        "probability": (float(sigmoid(2.0)), "0.881 is the probability sigma(2); the odds are "
                        "p / (1 - p) = e^2."),
        "log_of_logit": (np.log(2.0), "Undo the logarithm with exp, not log."),
    },
)
