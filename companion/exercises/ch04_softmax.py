"""Exercises for "The mighty softmax"."""

import numpy as np

from companion.activations import softmax
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import softmax'


q1 = Question(
    "A softmax that never overflows",
    task=(
        'Write `my_softmax(z)` that applies the softmax along the **last** axis of a 1-d or '
        '2-d array. It must give the right answer, without NaN, for logits such as $[1000, 0, '
        '-1000]$ and $[-1000, -1000]$.'
    ),
    reference=lambda z: softmax(z, dim=-1),
    probes=[
        (np.array([1.0, 2.0, 3.0]),),
        (np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]),),
        (np.array([-1000.0, -1000.0]),),
    ],
    hints=[
        "exp(1000) is inf in float64. Which property of the softmax lets you change the "
        "logits without changing the result?",
        "softmax(z) = softmax(z - c) for any constant c. Choose c so that no exponent is "
        "positive.",
        "Subtract each row's maximum, z.max(axis=-1, keepdims=True), and normalise along the "
        "last axis with keepdims=True.",
    ],
    solution="""
        def my_softmax(z):
            e = np.exp(z - z.max(axis=-1, keepdims=True))  # largest term is e^0 = 1
            return e / e.sum(axis=-1, keepdims=True)
    """,
    mistakes={
        "naive_overflow": (
            lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True),
            "exp(z) / sum(exp(z)) overflows: exp(1000) is inf and inf / inf is NaN; at "
            "-1000 every term underflows and you get 0 / 0. Subtract the row maximum first: "
            "the softmax is shift invariant.",
        ),
        "subtract_min": (
            lambda z: (lambda e: e / e.sum(axis=-1, keepdims=True))(
                np.exp(z - z.min(axis=-1, keepdims=True))),
            "Subtracting the minimum makes the largest term e^(max - min), which overflows "
            "once the logits span more than 709.78. Subtract the maximum, so the largest "
            "term is e^0 = 1.",
        ),
        "whole_batch": (
            lambda z: (lambda e: e / e.sum())(np.exp(z - z.max())),
            "You normalised over the whole array: for a batch, each row must sum to 1 on "
            "its own. Take max and sum along the last axis with keepdims=True.",
        ),
    },
)

q2 = Question(
    "Temperature going to zero",
    task=(
        'What does $\\mathrm{softmax}([2, 1, 0] / T)$ approach as the temperature $T \\to 0^+$? '
        'Give the three probabilities as an array.'
    ),
    reference=np.array([1.0, 0.0, 0.0]),
    rtol=1e-3,
    atol=1e-3,
    hints=[
        "Compute softmax(z / T) for z = [2, 1, 0] and T = 1, 0.1, 0.01: what do you see?",
        "Dividing by a small T multiplies the gaps between logits by a large number.",
    ],
    solution="""
        answer = np.array([1.0, 0.0, 0.0])  # one-hot on the largest logit
    """,
    mistakes={
        "uniform": (np.full(3, 1 / 3), "The uniform distribution is the limit of a *large* "
                    "temperature; a small one sharpens the softmax."),
        "unchanged": (softmax(np.array([2.0, 1.0, 0.0]), dim=0), "That is softmax(z) at T = 1; "
                      "the temperature changes the distribution."),
    },
)

q3 = Question(
    "Softmax for a segmentation network",
    task=(
        'A segmentation network outputs logits of shape (batch, classes, height, width): one '
        'score per class for every pixel. Write `segmentation_probs(logits)` that turns them '
        'into per-pixel class probabilities with `softmax` from the companion.'
    ),
    reference=lambda logits: softmax(logits, dim=1),
    probes=[(np.random.default_rng(3).normal(size=(2, 3, 4, 5)) * 3,)],
    hints=[
        "The output has shape (batch, classes, height, width): every pixel of every image "
        "gets one logit per class.",
        "Each pixel needs a distribution over the classes: normalise along the class dim.",
    ],
    solution="""
        def segmentation_probs(logits):
            return softmax(logits, dim=1)  # dim=-3 is the same axis
    """,
    mistakes={
        "batch_dim": (
            lambda logits: softmax(logits, dim=0),
            "dim 0 runs over the images of the batch: each class would be normalised across "
            "images. The classes are on dim 1.",
        ),
        "last_dim": (
            lambda logits: softmax(logits, dim=-1),
            "The last dim is the width: each row of pixels would become a distribution. "
            "The classes are on dim 1.",
        ),
        "height_dim": (
            lambda logits: softmax(logits, dim=2),
            "dim 2 is the height: each column of pixels would become a distribution. "
            "The classes are on dim 1.",
        ),
    },
)
