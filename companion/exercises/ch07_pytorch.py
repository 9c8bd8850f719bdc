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
SETUP = 'import torch'


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
