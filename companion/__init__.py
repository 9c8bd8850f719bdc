"""Reference implementations for the book "Interpreting logits: sigmoid vs softmax".

Every function mirrors its namesake in ``torch.nn.functional`` (names, argument
names and semantics) on NumPy arrays, and is accurate to a few ULP.

Modules follow the book's concepts:

* :mod:`companion.activations`: sigmoid, softmax and their logs;
* :mod:`companion.losses`: the cross-entropy family;
* :mod:`companion.decisions`: from logits to predicted labels.
"""

from companion.activations import (
    log_sigmoid,
    log_softmax,
    logsumexp,
    sigmoid,
    softmax,
    softplus,
)
from companion.decisions import predict_binary, predict_multiclass, predict_multilabel
from companion.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    nll_loss,
)

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "nll_loss",
    "predict_binary",
    "predict_multiclass",
    "predict_multilabel",
    "sigmoid",
    "softmax",
    "softplus",
]
