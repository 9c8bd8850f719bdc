"""Exercises for "PyTorch implementation". Answers are written in PyTorch:
the checkers call them with ``torch`` tensors."""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.exercises._question import Question
from companion.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    nll_loss,
)

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\nimport torch\n\nfrom companion import softmax'


def _tensor(array):
    import torch  # imported here: only this chapter's checkers need torch

    return torch.from_numpy(array)


_ARTICLE_LOGITS = np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]],
                           dtype=np.float32)
_BATCH = np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [-1.0, 4.0, 0.0], [1.0, 1.0, 1.0]],
                  dtype=np.float32)
_TARGET = np.array([0, 2, 1, 2])

q1 = Question(
    "Class probabilities for a batch",
    task=(
        'Write `probabilities(logits)` in PyTorch: for a tensor of shape (batch, classes) it '
        'returns class probabilities for each example.'
    ),
    reference=lambda z: softmax(z, dim=1),
    probes=[(_ARTICLE_LOGITS,), (_BATCH,)],
    prepare=_tensor,
    rtol=1e-5,
    atol=1e-30,
    hints=[
        "The logits have shape (batch, classes). Which dim holds the classes?",
        "torch.softmax(logits, dim=1): each row (an example) sums to 1.",
    ],
    solution="""
        def probabilities(logits):
            return torch.softmax(logits, dim=1)  # dim=-1 works too
    """,
    mistakes={
        "softmax_over_batch": (
            lambda z: softmax(z, dim=0),
            "dim=0 normalises each class across the examples of the batch: the columns sum "
            "to 1 and an example's 'probabilities' depend on the other examples. Use dim=1.",
        ),
        "sigmoid": (
            sigmoid,
            "The sigmoid works element by element, so the rows do not sum to 1: that is the "
            "multi-label reading. Mutually exclusive classes need a softmax over dim 1.",
        ),
    },
)

q2 = Question(
    "The training loss for a multi-class batch",
    task=(
        'Write `loss(logits, target)` in PyTorch: the mean training loss for a multi-class '
        'batch, given logits of shape (batch, classes) and class indices of shape (batch,).'
    ),
    reference=cross_entropy,
    probes=[(_BATCH, _TARGET)],
    prepare=_tensor,
    rtol=1e-5,
    hints=[
        "torch.nn.functional.cross_entropy takes raw logits and class indices.",
        "It applies log_softmax itself: do not apply softmax (or log_softmax) before it.",
    ],
    solution="""
        def loss(logits, target):
            return torch.nn.functional.cross_entropy(logits, target)
    """,
    mistakes={
        "softmax_first": (
            lambda z, y: cross_entropy(softmax(z, dim=1), y),
            "cross_entropy applies log_softmax itself; giving it softmax(logits) squeezes "
            "every input into [0, 1], so even a perfect prediction keeps a loss near 0.55 "
            "for 3 classes and the gradients shrink. Pass the raw logits.",
        ),
        "logits_to_nll": (
            nll_loss,
            "nll_loss expects log-probabilities; given raw logits it returns minus the "
            "target's logit, which ignores the other classes and can be negative. Use "
            "cross_entropy on logits, or nll_loss(log_softmax(logits, dim=1), target).",
        ),
        "probabilities_to_nll": (
            lambda z, y: nll_loss(softmax(z, dim=1), y),
            "nll_loss expects log-probabilities, not probabilities: take log_softmax, not "
            "softmax.",
        ),
    },
)

q3 = Question(
    "From one-hot labels to class indices",
    task=(
        'Your labels arrive one-hot encoded, as an integer tensor of shape (batch, classes). '
        'Write `class_indices(one_hot)` that returns the integer targets that '
        '`torch.nn.functional.cross_entropy` expects.'
    ),
    reference=lambda one_hot: np.argmax(one_hot, axis=1),
    probes=[(np.eye(3, dtype=np.int64)[[2, 0, 1, 1]],)],
    prepare=_tensor,
    hints=[
        "cross_entropy with integer targets expects shape (batch,): one class index per "
        "example.",
        "The index of the 1 in each row is its argmax along dim 1.",
    ],
    solution="""
        def class_indices(one_hot):
            return one_hot.argmax(dim=1)
    """,
    mistakes={
        "one_hot_as_is": (
            lambda one_hot: one_hot,
            "cross_entropy expects class indices of shape (batch,), not one-hot rows of shape "
            "(batch, classes). Convert with argmax along dim 1.",
        ),
        "argmax_over_batch": (
            lambda one_hot: np.argmax(one_hot, axis=0),
            "argmax over dim 0 finds, for each class, the first example that has it. Take "
            "the argmax along dim 1, within each row.",
        ),
    },
)

q4 = Question(
    "The loss for a binary classifier",
    task=(
        'Write `binary_loss(logits, target)` in PyTorch: the mean loss of a binary classifier '
        'with one logit per example and 0/1 float targets, correct even for very confident '
        'logits.'
    ),
    reference=binary_cross_entropy_with_logits,
    probes=[(np.array([-200.0, -3.0, 0.5, 4.0, 30.0], dtype=np.float32),
             np.array([1.0, 0.0, 1.0, 0.0, 0.0], dtype=np.float32))],
    prepare=_tensor,
    rtol=1e-5,
    hints=[
        "Which torch loss takes logits for a binary problem?",
        "torch.nn.functional.binary_cross_entropy_with_logits(logits, target): the sigmoid "
        "happens inside, in a form that never saturates.",
    ],
    solution="""
        def binary_loss(logits, target):
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
    """,
    mistakes={
        "sigmoid_first": (
            lambda z, y: binary_cross_entropy_with_logits(sigmoid(z), y),
            "binary_cross_entropy_with_logits applies the sigmoid itself; giving it "
            "sigmoid(logits) applies it twice and the loss can no longer reach 0. Pass the "
            "raw logits.",
        ),
        "bce_on_saturated_probabilities": (
            lambda z, y: binary_cross_entropy(sigmoid(z), y),
            "binary_cross_entropy on sigmoid(logits) saturates: in float32 sigmoid(30) rounds "
            "to 1.0 and sigmoid(-200) to 0.0, the log is clamped at -100 and a logit of -200 "
            "costs 100 instead of 200. Use binary_cross_entropy_with_logits on the logits.",
        ),
    },
)


# What the article printed: its logits, rounded to 4 decimals, and the outputs.
ARTICLE_OUTPUTS = {
    "sigmoid": [["2.3979e-05", "3.4550e-02", "9.9997e-01"],
                ["8.2977e-04", "9.9998e-01", "3.6393e-11"]],
    "softmax dim=0": [["2.8065e-02", "6.2851e-07", "1.0000e+00"],
                      ["9.7194e-01", "1.0000e+00", "1.0127e-15"]],
    "softmax dim=1": [["6.6729e-10", "9.9584e-07", "1.0000e+00"],
                      ["1.4585e-08", "1.0000e+00", "6.3917e-16"]],
}


def _article_outputs(logits):
    """torch's float32 outputs for ``logits``, formatted as torch printed them."""
    import torch

    z = torch.tensor(np.asarray(logits, dtype=np.float64), dtype=torch.float32)
    values = {"sigmoid": torch.sigmoid(z), "softmax dim=0": torch.softmax(z, dim=0),
              "softmax dim=1": torch.softmax(z, dim=1)}
    return {name: [[f"{v:.4e}" for v in row] for row in t.tolist()] for name, t in values.items()}


def _reproduces_the_article(logits):
    """None if ``logits`` round to the printed ones and give every printed digit."""
    if np.shape(logits) != (2, 3):
        return f"expected an array of shape (2, 3), got shape {np.shape(logits)}."
    gap = np.abs(np.asarray(logits, dtype=np.float64) - _ARTICLE_LOGITS.astype(np.float64))
    if np.any(gap > 5e-5):
        i, j = np.unravel_index(np.argmax(gap), gap.shape)
        return (f"logit [{i}, {j}] = {logits[i, j]:.6f} would not print as "
                f"{_ARTICLE_LOGITS[i, j]:.4f}: expected within 5e-05 of it.")
    ours = _article_outputs(logits)
    for name, printed in ARTICLE_OUTPUTS.items():
        for i, row in enumerate(printed):
            for j, text in enumerate(row):
                if ours[name][i][j] != text:
                    return (f"{name} [{i}, {j}] prints as {ours[name][i][j]}, expected {text} "
                            f"as in the article.")
    return None


q5 = Question(
    "Recover the article's logits",
    task=(
        "The article printed its random logits rounded to 4 decimals, and with those rounded "
        "logits a few of its printed outputs come out different in the last digit. Find a "
        "float64 array `answer` of shape (2, 3), each entry within $\\pm 5 \\times 10^{-5}$ of "
        "the printed logit, for which torch's float32 `sigmoid`, `softmax(dim=0)` and "
        "`softmax(dim=1)` print every digit the article printed. The printed values are in "
        "`ex.ARTICLE_OUTPUTS`."
    ),
    reference=np.array([[-10.63830819, -3.33019469, 10.48948659],
                        [-7.09353455, 10.9497134, -24.03664282]]),
    accept=_reproduces_the_article,
    hints=[
        "Each printed logit stands for an interval of width 1e-4; the true logits are somewhere "
        "in that box of six intervals.",
        "Each printed output, 5 significant digits, is itself an interval. A sigmoid value pins "
        "its own logit; the softmax values pin differences between logits.",
        "Search: draw a few hundred thousand candidates uniformly in the box, compute the "
        "outputs with NumPy in float64, keep those whose every value is within half a unit of "
        "the printed fifth digit, then confirm one with torch.",
    ],
    solution="""
        printed = np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]])
        rng = np.random.default_rng(0)
        z = printed + rng.uniform(-5e-5, 5e-5, size=(300_000, 2, 3))
        # z stacks the candidates on dim 0, so the article's dims 0 and 1 are our 1 and 2.
        # (These logits are moderate: the textbook sigmoid is safe here, and faster.)
        outputs = {"sigmoid": 1 / (1 + np.exp(-z)),
                   "softmax dim=0": softmax(z, dim=1),
                   "softmax dim=1": softmax(z, dim=2)}
        keep = np.ones(len(z), dtype=bool)
        for name, values in outputs.items():
            target = np.array(ex.ARTICLE_OUTPUTS[name], dtype=float)
            half_unit = 0.5 * 10.0 ** (np.floor(np.log10(target)) - 4)
            keep &= np.all(np.abs(values - target) <= half_unit, axis=(1, 2))
        answer = z[keep][0]  # the first candidate that prints every digit
    """,
    mistakes={
        "printed_logits": (
            _ARTICLE_LOGITS.astype(np.float64),
            "Those are the logits as printed, rounded to 4 decimals. They reproduce most "
            "outputs but not all: the outputs depend on the decimals the print dropped. Search "
            "the box of +-5e-05 around them.",
        ),
    },
)
