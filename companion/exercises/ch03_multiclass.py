"""Exercises for "Multi-class classification".

The questions are :class:`~companion.exercises.ch01_sigmoid.CheckedQuestion`
objects, which add diagnosis by property (and near-miss messages for numbers)
to the shared :class:`~companion.exercises._question.Question`.
"""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.exercises.ch01_sigmoid import CheckedQuestion

__all__ = ["q1", "q2", "q3", "q4", "q5"]

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import sigmoid, softmax'


# --- q1 ------------------------------------------------------------------------------------

Q1_LOGITS = np.array([3.0, -1.0, 0.5, 0.0])
Q1_NOT_A_NUMBER = (
    "The check wants the sum of the four sigmoids, one number (the yes/no part of the "
    "question is for you to answer in words, from that sum)."
)


class _NumberQuestion(CheckedQuestion):
    """A value question that tells a yes/no or text answer that it wants a number."""

    def check(self, answer):
        """Print a verdict on ``answer`` and return True only if it is correct."""
        if isinstance(answer, (bool, np.bool_, str)):
            print(f"Not quite: {Q1_NOT_A_NUMBER}")
            return False
        return super().check(answer)


def _q1_diagnose(outputs, expected):
    got = outputs[0]
    if np.shape(got) == Q1_LOGITS.shape:
        return ("You gave the four sigmoids themselves; the task asks for their sum, one "
                "number.")
    return None


q1 = _NumberQuestion(
    "Do independent sigmoids land on the simplex?",
    task=(
        'A four-class model gives the logits $[3, -1, 0.5, 0]$. Apply a separate sigmoid to '
        'each logit and add up the four results. Your answer is the sum, to at least 4 '
        'significant digits. Is the vector of four sigmoids a point of the simplex?'
    ),
    reference=float(np.sum(sigmoid(Q1_LOGITS))),
    rtol=1e-4,
    digits=4,
    hints=[
        "Apply the sigmoid to each logit separately, then add the four numbers.",
        "sigma(3) = 0.9526, sigma(-1) = 0.2689, sigma(0.5) = 0.6225, sigma(0) = 0.5.",
    ],
    solution="""
        answer = sigmoid(np.array([3.0, -1.0, 0.5, 0.0])).sum()  # 2.344: not on the simplex
    """,
    mistakes={
        "assumed_one": (1.0, "Independent sigmoids know nothing of each other, so nothing "
                        "makes them sum to 1: compute the four sigmoids and add them."),
        "summed_logits": (2.5, "That is the sum of the logits themselves; apply the sigmoid "
                          "to each one first."),
        "sigmoid_of_sum": (float(sigmoid(2.5)), "That is the sigmoid of the summed logits; "
                           "apply a sigmoid to each logit, then add the four results."),
        "sign_flipped": (float(np.sum(sigmoid(-Q1_LOGITS))), "That is the sum of "
                         "sigma(-z_i) = 1 - sigma(z_i): the sign in the exponent is flipped. "
                         "The sigmoid is 1 / (1 + e^(-z))."),
    },
    diagnose=_q1_diagnose,
)

# --- q2 ------------------------------------------------------------------------------------

Q2_PROBE = np.array([[2.0, 1.0, 0.1], [0.5, 3.0, -1.0], [-2.0, -1.0, -3.0], [0.0, 0.0, 5.0],
                     [-800.0, -790.0, -805.0]])


def _q2_diagnose(outputs, expected):
    got, want = outputs[0], expected[0]
    if np.shape(got) == (Q2_PROBE.shape[1],):
        return ("You returned one entry per class (the argmax down axis 0, over the batch); "
                "the task asks for one class index per example: take it along axis 1.")
    if np.size(got) == np.size(want) and np.array_equal(np.ravel(got), want):
        return (f"The right indices, but in shape {np.shape(got)}: return one index per "
                "example, shape (batch,) (no keepdims).")
    if np.shape(got) == Q2_PROBE.shape and np.all((got >= 0) & (got <= 1)):
        return ("You returned a value per class (probabilities or yes/no flags), shape "
                "(batch, classes); the prediction is one class index per example.")
    return None


q2 = CheckedQuestion(
    "Predict one class per example",
    task=(
        'Write `predict(logits)` that takes logits of shape (batch, classes) for mutually '
        'exclusive classes and returns one class index per example, shape (batch,).'
    ),
    reference=lambda logits: np.argmax(logits, axis=1),
    probes=[(Q2_PROBE,)],
    hints=[
        "The logits have shape (batch, classes): one row per example.",
        "Take the argmax along the class axis, axis 1; the result has one entry per example.",
    ],
    solution="""
        def predict(logits):
            return np.argmax(logits, axis=1)  # or companion.predict_multiclass(logits, dim=1)
    """,
    mistakes={
        "argmax_over_batch": (
            lambda logits: np.argmax(logits, axis=0),
            "axis 0 runs over the examples in the batch: you picked, for each class, the "
            "example that scores highest. Take the argmax along axis 1, the classes.",
        ),
        "sigmoid_threshold": (
            lambda logits: sigmoid(logits) > 0.5,
            "Thresholding each class's sigmoid is multi-label thinking: an example may get "
            "zero or several classes. With mutually exclusive classes, pick the largest.",
        ),
        "argmin": (
            lambda logits: np.argmin(logits, axis=1),
            "argmin picks the *least* likely class; the prediction is the largest logit.",
        ),
    },
    diagnose=_q2_diagnose,
)

# --- q3 ------------------------------------------------------------------------------------

Q3_Z = np.array([2.0, -1.0, 0.5])  # cat, dog, bird
Q3_P = softmax(Q3_Z, dim=0)


def _q3_diagnose(outputs, expected):
    got = outputs[0]
    if np.ndim(got) == 0 and np.isfinite(got) and not 0 <= got <= 1:
        if abs(got / 100 - expected[0]) < 1e-3:
            return "That looks like a percentage: give the probability as a number in [0, 1]."
        return "A probability lies between 0 and 1; yours does not."
    return None


q3 = CheckedQuestion(
    "Dog or bird?",
    task=(
        'A model gives the logits $z = (2.0, -1.0, 0.5)$ for (cat, dog, bird). Suppose you '
        'learn that the image is a dog or a bird, not a cat. According to the model, what is '
        'the probability that it is a dog, $P(\\text{dog} \\mid \\text{dog or bird})$? Give it '
        'to at least 4 significant digits.'
    ),
    reference=float(sigmoid(Q3_Z[1] - Q3_Z[2])),
    rtol=3e-4,
    digits=4,
    hints=[
        "Given 'dog or bird', the probability of dog is p_dog / (p_dog + p_bird).",
        "With softmax probabilities that ratio depends only on the two logits: it is the "
        "sigmoid of their difference.",
        "sigma(z_dog - z_bird) = sigma(-1.5).",
    ],
    solution="""
        answer = sigmoid(-1.0 - 0.5)  # sigma(z_dog - z_bird) = 0.1824; the cat's logit drops out
    """,
    mistakes={
        "unconditional": (float(Q3_P[1]), "That is P(dog) among all three classes; given "
                          "that it is a dog or a bird, divide by p_dog + p_bird."),
        "sigmoid_of_one_logit": (float(sigmoid(Q3_Z[1])), "That is sigma(z_dog) alone, which "
                                 "compares the dog with a logit of 0. The question compares "
                                 "dog with bird: use the difference of their logits."),
        "flipped": (float(sigmoid(Q3_Z[2] - Q3_Z[1])), "That is P(bird | dog or bird): the "
                    "difference is taken the wrong way round."),
        "sum_not_ratio": (float(Q3_P[1] + Q3_P[2]), "That is P(dog or bird), the probability "
                          "of the condition itself; the question asks for dog within it."),
        "against_cat": (float(sigmoid(Q3_Z[1] - Q3_Z[0])), "That is sigma(z_dog - z_cat), dog "
                        "against cat; given 'dog or bird' the cat is ruled out and dog is "
                        "compared with bird."),
    },
    diagnose=_q3_diagnose,
)

# --- q4 ------------------------------------------------------------------------------------

Q4_PROBES = [(np.array([3, 0, 9, 3]), 10), (np.array([2, 0, 1]), 5), (np.array([0]), 3)]
Q4_WIDTH = (
    "Your one-hot rows have as many columns as the largest label in the batch plus one, not "
    "num_classes: a batch that happens to lack the last classes gets too few columns. Use "
    "num_classes for the width."
)
Q4_TRANSPOSED = "Your array is transposed: the task asks for shape (N, C), one row per label."
Q4_SHIFTED = (
    "Your 1 is one column off: class indices start at 0, so label y goes in column y "
    "(label 0 in the first column)."
)


def _q4_diagnose(outputs, expected):
    for got, want in zip(outputs, expected, strict=True):
        if got.shape == want.shape[::-1] and got.shape != want.shape:
            return Q4_TRANSPOSED
        if got.ndim == 2 and got.shape[0] == want.shape[0] and got.shape[1] != want.shape[1]:
            return Q4_WIDTH
        if got.shape == want.shape and not np.allclose(got.sum(axis=-1), 1):
            return ("Some of your rows do not hold exactly one 1 (their sums are not 1): "
                    "each label is one class.")
    if all(got.shape == want.shape and np.array_equal(np.roll(want, -1, axis=1), got)
           for got, want in zip(outputs, expected, strict=True)):
        return Q4_SHIFTED
    return None


q4 = CheckedQuestion(
    "One-hot labels",
    task=(
        'Write `one_hot(labels, num_classes)` that turns a NumPy array of $N$ class indices '
        '(integers from 0 to `num_classes - 1`) into their one-hot encoding, an array of '
        'shape $(N, C)$ of zeros with a single 1 per row, where $C$ is `num_classes`.'
    ),
    reference=lambda labels, num_classes: np.eye(num_classes)[labels],
    probes=Q4_PROBES,
    hints=[
        "Row n has a 1 in column labels[n] and 0 elsewhere.",
        "Row k of the identity matrix np.eye(C) is the one-hot vector of class k.",
        "Index the identity matrix with the labels: np.eye(num_classes)[labels].",
    ],
    solution="""
        def one_hot(labels, num_classes):
            return np.eye(num_classes)[labels]  # row k of the identity is one-hot for class k
    """,
    mistakes={
        "width_from_data": (lambda labels, num_classes: np.eye(labels.max() + 1)[labels],
                            Q4_WIDTH),
        "transposed": (lambda labels, num_classes: np.eye(num_classes)[labels].T,
                       Q4_TRANSPOSED),
        "one_based": (lambda labels, num_classes: np.eye(num_classes)[labels - 1], Q4_SHIFTED),
    },
    diagnose=_q4_diagnose,
)

# --- q5 ------------------------------------------------------------------------------------

Q5_PROBE = np.array([
    [0.7, 0.2, 0.1],
    [0.25, 0.25, 0.5],
    [1e-310, 0.5, 0.5],          # class 0 almost impossible: p_i / p_0 overflows
    [0.999998, 1e-6, 1e-6],
    [1e-200, 1e-100, 1.0 - 1e-100],
])
Q5_UNANCHORED = (
    "Your logits give back the right probabilities, but class 0's logit is not 0. Logits "
    "are only defined up to a common shift; the task fixes the shift by z_0 = 0, so "
    "subtract class 0's log-probability from every entry of its row."
)
Q5_ONE_VS_REST = (
    "Those are one-vs-rest log-odds, log(p_i / (1 - p_i)): each is the logit of the binary "
    "question 'class i or not'. The logits of a softmax compare classes with each other: "
    "z_i - z_0 = log(p_i / p_0)."
)
Q5_OVERFLOW = (
    "Your answer is inf where the logits are finite (in the row with p_0 = 1e-310): the ratio "
    "p_i / p_0 overflows there. Take logarithms first and subtract: log p_i - log p_0."
)
Q5_FLIPPED = "The sign is flipped: z_i - z_0 = log(p_i / p_0), not log(p_0 / p_i)."
Q5_DROPPED = (
    "Your array has one column too few: keep class 0's column (its logit is 0), so that z "
    "has the shape of p."
)
Q5_TINY = (
    "Your logits are right for ordinary probabilities but wrong where a probability is tiny "
    "(1e-310, 1e-200, 1e-100): did you add a small epsilon to p, or clip it, before the log? "
    "Every entry is positive, so take log(p) as it is."
)


def _q5_diagnose(outputs, expected):
    got, want = outputs[0], expected[0]
    if got.shape == (want.shape[0], want.shape[1] - 1):
        return Q5_DROPPED
    if got.shape != want.shape:
        return None
    if np.any(~np.isfinite(got) & np.isfinite(want)):
        return Q5_OVERFLOW
    if np.allclose(got, -want, rtol=1e-9, atol=1e-12):
        return Q5_FLIPPED
    with np.errstate(all="ignore"):
        back = softmax(got, dim=1) if np.all(np.isfinite(got)) else None
    if (back is not None and np.allclose(back, Q5_PROBE, rtol=1e-9, atol=1e-320)
            and not np.allclose(got[:, 0], 0)):
        return Q5_UNANCHORED
    ordinary = np.all(Q5_PROBE >= 1e-6, axis=1)  # rows with no tiny probability
    if (np.all(np.isfinite(got)) and np.allclose(got[ordinary], want[ordinary], rtol=1e-4,
                                                 atol=1e-4)
            and not np.allclose(got[~ordinary], want[~ordinary], rtol=1e-4, atol=1e-4)):
        return Q5_TINY
    return None


q5 = CheckedQuestion(
    "Logits from probabilities",
    task=(
        'Write `logits_from_probs(p)` that takes probabilities of shape (N, C), each row a '
        'point of the simplex with every entry positive (some as small as $10^{-310}$), and '
        'returns logits `z` of the same shape such that `softmax(z, dim=1)` gives back `p` '
        'and class 0 has logit 0 in every row, as in the binary case where class 0 has no '
        'logit of its own. (There is exactly one such `z`: why?)'
    ),
    reference=lambda p: np.log(p) - np.log(p[:, :1]),
    probes=[(Q5_PROBE,)],
    rtol=1e-9,
    atol=1e-12,
    hints=[
        "Pairwise log-odds: z_i - z_j = log(p_i / p_j) for every pair of classes. Take j = 0.",
        "With z_0 = 0 that gives z_i = log(p_i / p_0). Why is it the only answer? Any other "
        "logits with the same softmax differ by a constant per row, and z_0 = 0 fixes it.",
        "Compute log(p_i) - log(p_0) rather than log(p_i / p_0): the ratio can overflow "
        "when p_0 is tiny.",
    ],
    solution="""
        def logits_from_probs(p):
            # z_i - z_0 = log(p_i / p_0), with z_0 = 0; logs first, so no ratio overflows
            return np.log(p) - np.log(p[:, :1])
    """,
    mistakes={
        "log_probabilities": (np.log, Q5_UNANCHORED),
        "one_vs_rest_log_odds": (lambda p: np.log(p / (1 - p)), Q5_ONE_VS_REST),
        "ratio_overflows": (lambda p: np.log(p / p[:, :1]), Q5_OVERFLOW),
        "flipped": (lambda p: np.log(p[:, :1]) - np.log(p), Q5_FLIPPED),
        "dropped_class_0": (lambda p: np.log(p[:, 1:]) - np.log(p[:, :1]), Q5_DROPPED),
        "epsilon_in_log": (lambda p: np.log(p + 1e-12) - np.log(p[:, :1] + 1e-12), Q5_TINY),
    },
    diagnose=_q5_diagnose,
)
