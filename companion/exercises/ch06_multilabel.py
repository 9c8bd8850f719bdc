"""Exercises for "More than one class?"."""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.exercises._question import Question
from companion.losses import binary_cross_entropy_with_logits, cross_entropy

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import binary_cross_entropy_with_logits, sigmoid'


_LOGITS = np.array([[2.0, 1.5, -3.0], [-1.0, -2.0, -0.5], [0.3, -4.0, 2.5], [1.0, 1.0, -3.0]])
_TARGETS = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
_THRESHOLDS = np.array([0.5, 0.5, 0.2])

q1 = Question(
    "Probabilities for a multi-label problem",
    task=(
        'A film can belong to several genres at once. Write `label_probs(logits)` that turns '
        'logits of shape (batch, labels) into one probability per label.'
    ),
    reference=sigmoid,
    probes=[(_LOGITS,)],
    hints=[
        "Each label is its own yes/no question: is this film a comedy? a romance?",
        "Apply the sigmoid to every logit independently; do not normalise.",
    ],
    solution="""
        def label_probs(logits):
            return sigmoid(logits)  # one independent probability per label
    """,
    mistakes={
        "softmax": (
            lambda z: softmax(z, dim=-1),
            "A softmax makes the labels compete for one unit of probability, so a film that "
            "is both comedy and romance cannot score high on both. Use one sigmoid per label.",
        ),
        "normalised_to_one": (
            lambda z: sigmoid(z) / sigmoid(z).sum(axis=-1, keepdims=True),
            "Multi-label probabilities need not sum to 1: an example can have no label or "
            "all of them. Dividing by the sum ties each label to the others; keep the "
            "sigmoids as they are.",
        ),
    },
)

q2 = Question(
    "Decide with one threshold per label",
    task=(
        'The third label is a rare but serious finding, so it gets a lower threshold: the '
        'thresholds are $[0.5, 0.5, 0.2]$ on the probabilities. Write '
        '`predict_labels(logits)` that returns a boolean array of shape (batch, labels).'
    ),
    reference=lambda z: sigmoid(z) > _THRESHOLDS,
    probes=[(_LOGITS,)],
    hints=[
        "The thresholds [0.5, 0.5, 0.2] are probabilities, one per label (last axis).",
        "Compare sigmoid(logits) with the thresholds; broadcasting lines them up with the "
        "last axis.",
    ],
    solution="""
        thresholds = np.array([0.5, 0.5, 0.2])

        def predict_labels(logits):
            return sigmoid(logits) > thresholds  # or predict_multilabel(logits, thresholds)
    """,
    mistakes={
        "single_label": (
            lambda z: np.eye(z.shape[-1], dtype=bool)[np.argmax(z, axis=-1)],
            "argmax gives exactly one label per example. In a multi-label problem an example "
            "can have zero, one or several labels: threshold each label on its own.",
        ),
        "softmax_threshold": (
            lambda z: softmax(z, dim=-1) > _THRESHOLDS,
            "Thresholding a softmax solves a multi-label problem with competing labels: two "
            "true labels split the probability between them. Use sigmoid per label.",
        ),
        "threshold_on_logits": (
            lambda z: z > _THRESHOLDS,
            "The thresholds are probabilities; compare them with sigmoid(logits), not with "
            "the logits.",
        ),
    },
)

q3 = Question(
    "The loss for a multi-label batch",
    task=(
        'Write `multilabel_loss(logits, targets)`, the mean training loss for a multi-label '
        "batch with 0/1 targets of the same shape as the logits, using the companion's "
        'losses.'
    ),
    reference=binary_cross_entropy_with_logits,
    probes=[(_LOGITS, _TARGETS)],
    hints=[
        "Each label is a binary problem: which loss goes with a sigmoid?",
        "binary_cross_entropy_with_logits takes the raw logits and applies the sigmoid "
        "inside.",
    ],
    solution="""
        def multilabel_loss(logits, targets):
            return binary_cross_entropy_with_logits(logits, targets)  # logits, not sigmoid(logits)
    """,
    mistakes={
        "sigmoid_first": (
            lambda z, y: binary_cross_entropy_with_logits(sigmoid(z), y),
            "binary_cross_entropy_with_logits applies the sigmoid itself; giving it "
            "sigmoid(logits) applies it twice, so every 'probability' lands in (0.5, 0.73) "
            "and the loss cannot go to 0. Pass the raw logits.",
        ),
        "cross_entropy": (
            lambda z, y: cross_entropy(z, y),
            "cross_entropy puts one softmax over the labels: it is the loss for exactly one "
            "class per example. Multi-label targets need a binary loss per label.",
        ),
    },
)
