"""Decision rules: from logits to predicted labels.

Scores become probabilities, probabilities become decisions. Each rule here
states in its docstring what it compares, so a reader can tell a threshold on
probabilities from one on logits.
"""

import numpy as np

from companion._checks import as_float_array, check_dim, check_probability, working_copy
from companion.activations import sigmoid

__all__ = ["predict_binary", "predict_multiclass", "predict_multilabel"]


def predict_binary(logits, threshold=0.5):
    r"""Binary decision: positive where :math:`\sigma(z) > \text{threshold}`.

    Parameters
    ----------
    logits : array_like
        One logit per example.
    threshold : float in [0, 1], default 0.5
        A threshold on the *probability*, not on the logit.

    Returns
    -------
    ndarray of bool
        ``True`` for the positive class; same shape as ``logits``.

    Notes
    -----
    The probability is computed in the logits' dtype, as in torch. With
    threshold 0.5 this is the same as ``logits > 0``, up to the rounding of
    the sigmoid: :math:`\sigma(z) \approx 1/2 + z/4` rounds to exactly 0.5
    for :math:`0 < z \lesssim 2^{-52}` in float64 (:math:`2^{-23}` in float32),
    which is not above the threshold. NaN is never positive.

    Examples
    --------
    >>> predict_binary([-1.0, 0.0, 0.3, 4.0])
    array([False, False,  True,  True])
    >>> predict_binary([0.3, 4.0], threshold=0.9)  # sigmoid(0.3) = 0.57, sigmoid(4) = 0.98
    array([False,  True])
    """
    probs = sigmoid(as_float_array(logits, "logits"))  # in the logits' own dtype, as torch
    return np.asarray(probs > _threshold(threshold))


def predict_multiclass(logits, dim):
    """Multi-class decision: the index of the largest logit along ``dim``.

    Softmax preserves order, so this equals the argmax of the probabilities;
    there is no need to compute them to decide.

    Parameters
    ----------
    logits : array_like
        Logits with the classes along ``dim``.
    dim : int
        The class axis (1 or -1 for a (batch, classes) array).

    Returns
    -------
    ndarray of int64
        The predicted class, with ``dim`` removed. Ties go to the lowest
        index; a NaN in a slice makes its index the answer, as in torch.

    Examples
    --------
    >>> predict_multiclass([[5.0, -2.1], [5.0, 4.999], [-1.0, 3.0]], dim=1)
    array([0, 0, 1])
    """
    z = np.atleast_1d(as_float_array(logits, "logits"))
    axis = check_dim(dim, z.ndim)
    if z.shape[axis] == 0:
        raise ValueError(f"logits have no classes along dim={dim}: nothing to choose from")
    return np.asarray(np.argmax(z, axis=axis))


def predict_multilabel(logits, threshold=0.5):
    r"""Multi-label decision: every class whose :math:`\sigma(z_c) > \text{threshold}_c`.

    Parameters
    ----------
    logits : array_like
        Shape (..., C): one independent logit per class, classes last.
    threshold : float or array_like of shape (C,), default 0.5
        A probability threshold for all classes, or one per class.

    Returns
    -------
    ndarray of bool
        Same shape as ``logits``. Any number of classes can be on, including
        none or all: the probabilities need not sum to 1.

    Examples
    --------
    >>> predict_multilabel([[2.0, -1.0, 0.5]])
    array([[ True, False,  True]])
    >>> predict_multilabel([[2.0, -1.0, 0.5]], threshold=[0.9, 0.2, 0.7])
    array([[False,  True, False]])
    """
    z = as_float_array(logits, "logits")
    t = _threshold(threshold)
    if t.ndim and t.shape != z.shape[-1:]:
        raise ValueError(f"threshold must be a scalar or one per class, shape {z.shape[-1:]}, "
                         f"got shape {t.shape}")
    return np.asarray(sigmoid(z) > t)


def _threshold(threshold):
    t = working_copy(as_float_array(threshold, "threshold"))
    check_probability(t, "threshold")
    return t
