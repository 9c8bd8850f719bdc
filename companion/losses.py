r"""Loss functions: how far predicted probabilities are from the targets.

Each mirrors its namesake in ``torch.nn.functional``: the same arguments,
weights, reductions and corner cases (BCE clamps each log at -100; a mean over
nothing, or over targets that are all ``ignore_index``, is NaN). Two of them
take logits and apply the activation inside, which is both cheaper and more
accurate than applying it yourself:

================================  ======================  =======================
function                          takes                   applies inside
================================  ======================  =======================
binary_cross_entropy              probabilities in [0,1]  nothing
binary_cross_entropy_with_logits  logits                  log-sigmoid
cross_entropy                     logits                  log-softmax over dim 1
nll_loss                          log-probabilities       nothing
================================  ======================  =======================

Two deliberate differences from torch. Where a term is ``0 * inf`` (a target
of 0 on a class whose logit is infinite or masked with ``-inf``), torch returns
NaN and the companion uses the limit, 0, as in the convention
:math:`0 \log 0 = 0`. And a float16 loss is computed in float64 and rounded
once, while torch rounds intermediate values to float16: the two can differ by
more than float16's usual tolerance (the companion's is the float64 loss,
rounded).
"""

import numpy as np

from companion._checks import (
    as_float_array,
    as_index_array,
    as_numeric_array,
    check_broadcasts_to,
    check_probability,
    check_reduction,
    check_same_shape,
    reduce,
    working_copy,
)
from companion.activations import log_softmax, softplus

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "nll_loss"]


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    r"""Binary cross-entropy between probabilities and targets.

    .. math:: \ell = -w\,[\,y \log p + (1 - y) \log(1 - p)\,]

    with each logarithm clamped below at -100, as torch does, so that
    :math:`p = 0` or :math:`p = 1` gives a finite loss of at most 100.

    Parameters
    ----------
    input : array_like
        Probabilities :math:`p \in [0, 1]` (for example ``sigmoid(logits)``).
    target : array_like
        Targets :math:`y \in [0, 1]`, same shape as ``input``.
    weight : array_like, optional
        Rescales each element; broadcast to ``input``'s shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'

    Returns
    -------
    ndarray
        The loss, in ``input``'s float dtype: a scalar, or ``input``'s shape
        for ``reduction='none'``.

    Raises
    ------
    ValueError
        If ``input`` holds values outside [0, 1] or NaN (as torch does), or
        the shapes differ.

    Notes
    -----
    Prefer :func:`binary_cross_entropy_with_logits`: once the sigmoid has
    rounded to 1.0 (z > 37.4 in float64, z > 17.3 in float32), a wrong
    prediction costs the clamped 100 here whatever the logit was.

    In float16 the loss is computed in float64 and rounded once (torch rounds
    intermediate values to float16): the two can differ beyond float16's
    usual tolerance, a deliberate difference (see the module docstring).

    Examples
    --------
    >>> binary_cross_entropy([0.9, 0.2], [1.0, 0.0], reduction="none")
    array([0.10536052, 0.22314355])
    >>> float(binary_cross_entropy([1.0], [0.0]))  # log(0) clamped at -100
    100.0
    """
    probs = as_float_array(input, "input")
    check_probability(probs, "input (probabilities)")
    p, y = working_copy(probs), _targets_like(probs, target)
    with np.errstate(divide="ignore"):  # log(0) = -inf, clamped just below
        log_p = np.maximum(np.log(p), -100.0)
        log_not_p = np.maximum(np.log1p(-p), -100.0)
    loss = -(y * log_p + (1.0 - y) * log_not_p)
    return _finish(_apply_weight(loss, weight, probs), reduction, probs)


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean",
                                     pos_weight=None):
    r"""Binary cross-entropy on logits, with the sigmoid inside.

    .. math::
        \ell = -w\,[\,p_w\, y \log\sigma(z) + (1 - y) \log(1 - \sigma(z))\,]
             = w\,[\,p_w\, y\, \mathrm{softplus}(-z) + (1 - y)\, \mathrm{softplus}(z)\,]

    Parameters
    ----------
    input : array_like
        Logits ``z``.
    target : array_like
        Targets :math:`y \in [0, 1]`, same shape as ``input``.
    weight : array_like, optional
        Rescales each element; broadcast to ``input``'s shape.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
    pos_weight : array_like, optional
        Weight :math:`p_w` of the positive term, broadcast along the last
        dimension (one per class in multi-label problems).

    Returns
    -------
    ndarray
        The loss, in ``input``'s float dtype.

    Notes
    -----
    Written with softplus, both terms are non-negative, so nothing cancels
    and the loss is accurate to a few ULP for any logit: no sigmoid is ever
    rounded to 0 or 1. For an infinite logit the loss is its limit (0 when
    the target agrees, ``inf`` otherwise) where torch returns NaN.

    In float16 the loss is computed in float64 and rounded once (torch rounds
    intermediate values to float16): the two can differ beyond float16's
    usual tolerance, a deliberate difference (see the module docstring).

    Examples
    --------
    >>> binary_cross_entropy_with_logits([2.0, -1.0], [1.0, 0.0], reduction="none")
    array([0.12692801, 0.31326169])
    >>> float(binary_cross_entropy_with_logits([-500.0], [1.0]))  # BCE on sigmoid: 100
    500.0
    """
    z = as_float_array(input, "input")
    x, y = working_copy(z), _targets_like(z, target)
    positive = _elementwise_weight(pos_weight, z, "pos_weight")
    with np.errstate(over="ignore"):  # a loss beyond the largest float is inf
        loss = _times(positive * y, softplus(-x)) + _times(1.0 - y, softplus(x))
    return _finish(_apply_weight(loss, weight, z), reduction, z)


def nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean"):
    r"""Negative log-likelihood: minus the log-probability of the target class.

    .. math:: \ell_n = -w_{y_n}\, \mathrm{input}_{n, y_n}

    Parameters
    ----------
    input : array_like
        Log-probabilities (for example ``log_softmax(logits, dim=1)``), shape
        (C,), (N, C) or (N, C, d1, ...): the classes are on dim 1.
    target : array_like of int
        Class indices in [0, C), shape (), (N,) or (N, d1, ...).
    weight : array_like, optional
        One weight per class, shape (C,).
    ignore_index : int, default -100
        Targets equal to it contribute nothing, to the sum or to the count.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        'mean' divides by the summed weight of the counted targets, so it is
        NaN when every target is ignored, as in torch.

    Returns
    -------
    ndarray
        The loss, in ``input``'s float dtype.

    Notes
    -----
    Given raw logits instead of log-probabilities it still returns a number,
    just not a loss: -logit can be negative and does not care about the other
    classes.

    In float16 the loss is computed in float64 and rounded once (torch rounds
    intermediate values to float16): the two can differ beyond float16's
    usual tolerance, a deliberate difference (see the module docstring).

    Examples
    --------
    >>> logp = np.log([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    >>> float(nll_loss(logp, [0, 2]))  # (-log 0.7 - log 0.8) / 2
    0.2899092476264711
    """
    logp = _class_scores(input)
    check_reduction(reduction)
    loss, target_weight = _index_target_loss(working_copy(logp), target, weight, ignore_index)
    return _reduce_over_targets(loss, target_weight, reduction).astype(logp.dtype)


def cross_entropy(input, target, weight=None, ignore_index=-100, reduction="mean",
                  label_smoothing=0.0):
    r"""Cross-entropy on logits: log-softmax over the classes, then NLL.

    With class-index targets :math:`y_n` and smoothing :math:`\varepsilon`
    over :math:`C` classes:

    .. math::
        \ell_n = (1 - \varepsilon)\,\bigl(-w_{y_n} \log S(z_n)_{y_n}\bigr)
                 + \frac{\varepsilon}{C} \sum_c -w_c \log S(z_n)_c

    With class-probability targets :math:`t_{n,c}` (smoothed to
    :math:`(1-\varepsilon)t + \varepsilon / C`):
    :math:`\ell_n = -\sum_c w_c\, t_{n,c} \log S(z_n)_c`.

    Parameters
    ----------
    input : array_like
        Logits, shape (C,), (N, C) or (N, C, d1, ...): the classes are on dim 1.
    target : array_like
        Either class indices (integers), shape (), (N,) or (N, d1, ...), or
        class probabilities (floats) of ``input``'s shape.
    weight : array_like, optional
        One weight per class, shape (C,).
    ignore_index : int, default -100
        For index targets: targets equal to it contribute nothing.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        For index targets 'mean' divides by the summed weight of the counted
        targets; for probability targets, by the number of targets, as torch.
    label_smoothing : float in [0, 1], default 0.0

    Returns
    -------
    ndarray
        The loss, in ``input``'s float dtype.

    Notes
    -----
    Do not apply softmax first: the loss would then take log-softmax of
    probabilities, which squeezes every input into [0, 1] and flattens the
    loss (see the book's PyTorch chapter).

    In float16 the loss is computed in float64 and rounded once (torch rounds
    intermediate values to float16): the two can differ beyond float16's
    usual tolerance, a deliberate difference (see the module docstring).

    Examples
    --------
    >>> logits = [[2.0, 0.5, -1.0], [0.0, 3.0, 0.0]]
    >>> cross_entropy(logits, [0, 1], reduction="none")
    array([0.2413113 , 0.09492296])
    >>> cross_entropy(logits, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], reduction="none")
    array([0.2413113 , 0.09492296])
    """
    z = _class_scores(input)
    check_reduction(reduction)
    check_probability(as_float_array(label_smoothing, "label_smoothing"), "label_smoothing")
    logp = log_softmax(working_copy(z), dim=_class_dim(z))
    target = as_numeric_array(target, "target")
    if target.dtype.kind == "f":
        loss = _soft_target_loss(logp, target, weight, label_smoothing)
        return _finish(loss, reduction, z)
    loss, target_weight = _index_target_loss(logp, target, weight, ignore_index, label_smoothing)
    return _reduce_over_targets(loss, target_weight, reduction).astype(z.dtype)


def _index_target_loss(logp, target, weight, ignore_index, label_smoothing=0.0):
    """Per-target loss for class-index targets, and each target's class weight.

    The loss is -w_y log p_y, mixed with the smoothing term -sum_c w_c log p_c
    as (1 - eps) * nll + eps / C * smooth; ignored targets get loss 0 and weight 0.
    """
    picked, target_weight, counted = _pick_targets(logp, target, weight, ignore_index)
    loss = -_times(target_weight, picked)
    if label_smoothing == 0.0:
        return loss, target_weight
    n_classes = logp.shape[_class_dim(logp)]
    smooth = -np.sum(_times(_class_weights_along(weight, logp), logp), axis=_class_dim(logp))
    smooth = np.where(counted, smooth, 0.0)
    return (1.0 - label_smoothing) * loss + label_smoothing / n_classes * smooth, target_weight


def _soft_target_loss(logp, target, weight, label_smoothing):
    """Per-sample loss for class-probability targets: -sum_c w_c t_c log p_c."""
    t = working_copy(as_float_array(target, "target"))
    check_same_shape(logp, t)
    n_classes = logp.shape[_class_dim(logp)]
    t = t * (1.0 - label_smoothing) + label_smoothing / n_classes
    w = _class_weights_along(weight, logp)
    return -np.sum(_times(w * t, logp), axis=_class_dim(logp))


def _reduce_over_targets(loss, target_weight, reduction):
    """Reduce as torch's NLL does: 'mean' divides by the summed weight of the targets."""
    if reduction != "mean":
        return np.asarray(reduce(loss, reduction))
    with np.errstate(over="ignore", invalid="ignore"):  # every target ignored: 0 / 0 = NaN
        return np.asarray(loss.sum() / target_weight.sum())


def _class_scores(input):
    """Check the input of nll_loss and cross_entropy: classes on dim 1 (dim 0 if 1-d)."""
    scores = as_float_array(input, "input")
    if scores.ndim == 0:
        raise ValueError("input must have shape (C,), (N, C) or (N, C, d1, ...), got a scalar")
    return scores


def _class_dim(logp):
    """The classes are on dim 1, or dim 0 for a single unbatched sample of shape (C,)."""
    return 1 if logp.ndim >= 2 else 0


def _pick_targets(logp, target, weight, ignore_index):
    """Return each target's log-probability, its class weight (0 where ignored) and
    the mask of targets that count (not ``ignore_index``)."""
    y = as_index_array(target, "target")
    class_dim = _class_dim(logp)
    n_classes = logp.shape[class_dim]
    expected = logp.shape[:class_dim] + logp.shape[class_dim + 1:]
    if y.shape != expected:
        raise ValueError(f"target shape {y.shape} does not fit input shape {logp.shape}: "
                         f"class-index targets need shape {expected}")
    counted = y != ignore_index
    bad = counted & ((y < 0) | (y >= n_classes))
    if np.any(bad):
        raise ValueError(f"target holds class index {y[bad][0]}, outside [0, {n_classes}) "
                         f"(and not ignore_index={ignore_index})")
    safe = np.where(counted, y, 0)
    picked = np.squeeze(np.take_along_axis(logp, np.expand_dims(safe, class_dim), class_dim),
                        axis=class_dim)
    w = _class_weights(weight, n_classes)
    return picked, np.where(counted, w[safe], 0.0), counted


def _class_weights(weight, n_classes):
    """Return per-class weights as float64 of shape (C,), ones if ``weight`` is None."""
    if weight is None:
        return np.ones(n_classes)
    w = working_copy(as_float_array(weight, "weight"))
    if w.shape != (n_classes,):
        raise ValueError(f"weight must have shape ({n_classes},), one per class, got {w.shape}")
    return w


def _class_weights_along(weight, logp):
    """Per-class weights shaped to broadcast against ``logp`` along its class dim."""
    class_dim = _class_dim(logp)
    n_classes = logp.shape[class_dim]
    trailing = logp.ndim - class_dim - 1  # spatial dims d1, ... after the classes
    return _class_weights(weight, n_classes).reshape((n_classes,) + (1,) * trailing)


def _targets_like(input, target):
    """Return ``target`` in float64 after checking it has ``input``'s shape."""
    y = as_float_array(target, "target")
    check_same_shape(input, y)
    return working_copy(y)


def _apply_weight(loss, weight, input):
    """Multiply by the elementwise ``weight`` (a weight of 0 removes even an infinite loss)."""
    return _times(_elementwise_weight(weight, input, "weight"), loss)


def _elementwise_weight(weight, input, name):
    """``weight`` in float64, checked to broadcast to ``input``'s shape; 1.0 if None."""
    if weight is None:
        return 1.0
    w = working_copy(as_float_array(weight, name))
    check_broadcasts_to(w, input.shape, name)
    return w


def _times(coef, value):
    """``coef * value`` with ``0 * inf`` taken as its limit 0 (the 0 log 0 = 0 convention)."""
    with np.errstate(invalid="ignore"):
        return np.where(coef == 0, 0.0, coef * value)


def _finish(loss, reduction, like):
    """Reduce a float64 elementwise loss and round it once to ``like``'s dtype."""
    check_reduction(reduction)
    return np.asarray(reduce(loss, reduction), dtype=like.dtype)
