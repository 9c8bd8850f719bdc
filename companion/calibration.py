r"""Calibration: do predicted probabilities match observed frequencies?

A model is calibrated when, among the examples it gives confidence 0.7, about
70% are right. These functions follow Guo et al. (2017), "On Calibration of
Modern Neural Networks": confidences are grouped in ``n_bins`` equal-width
bins :math:`B_m = ((m-1)/M, m/M]`, and

.. math:: \mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n}\,
          \bigl|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\bigr|.

Two readings of ``probs``, chosen by its shape:

* shape (N, C), with class-index ``labels`` of shape (N,): the *top-label*
  calibration of a softmax classifier, confidence = the largest probability,
  accuracy = whether its class is the label;
* shape (N,), with 0/1 ``labels``: the calibration of one sigmoid output
  (a binary classifier, or one class of a multi-label one), confidence = the
  probability of the positive class, "accuracy" = the fraction of positives.
"""

import numpy as np

from companion._checks import as_float_array, as_index_array, check_probability
from companion.activations import log_softmax

__all__ = ["expected_calibration_error", "fit_temperature", "reliability_curve"]


def reliability_curve(probs, labels, n_bins=15):
    """Per-bin mean confidence, accuracy and count: the data of a reliability diagram.

    Parameters
    ----------
    probs : array_like
        Shape (N, C) class probabilities, or shape (N,) positive-class
        probabilities (see the module docstring).
    labels : array_like of int
        Shape (N,): class indices, or 0/1 for shape (N,) ``probs``.
    n_bins : int, default 15
        Number of equal-width bins over [0, 1].

    Returns
    -------
    confidence, accuracy : ndarray of shape (n_bins,)
        Mean confidence and accuracy in each bin; NaN for an empty bin.
    counts : ndarray of int64, shape (n_bins,)
        Number of examples in each bin.

    Examples
    --------
    >>> conf, acc, counts = reliability_curve([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 1], n_bins=2)
    >>> conf, acc, counts
    (array([0.25, 0.85]), array([0.5, 1. ]), array([2, 2]))
    """
    confidence, correct = _confidence_and_outcome(probs, labels)
    bins = _bin_index(confidence, n_bins)
    counts = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore"):  # empty bins: 0 / 0 = NaN, as documented
        mean_confidence = np.bincount(bins, weights=confidence, minlength=n_bins) / counts
        accuracy = np.bincount(bins, weights=correct, minlength=n_bins) / counts
    return mean_confidence, accuracy, counts


def expected_calibration_error(probs, labels, n_bins=15):
    """Expected calibration error (Guo et al., 2017) with equal-width bins.

    Parameters
    ----------
    probs, labels, n_bins
        As for :func:`reliability_curve`.

    Returns
    -------
    float
        The count-weighted mean gap between accuracy and confidence, in [0, 1].

    Examples
    --------
    >>> round(expected_calibration_error([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 1], n_bins=2), 12)
    0.2
    """
    confidence, accuracy, counts = reliability_curve(probs, labels, n_bins)
    used = counts > 0
    gaps = np.abs(accuracy[used] - confidence[used])
    return float(np.sum(counts[used] * gaps) / np.sum(counts))


def fit_temperature(logits, labels):
    r"""The temperature :math:`T` that minimises the NLL of ``softmax(logits / T)``.

    Temperature scaling divides every logit by one positive number, fitted on
    held-out data. It changes confidences but not the argmax, so accuracy is
    unchanged.

    Parameters
    ----------
    logits : array_like
        Shape (N, C) for a softmax classifier, or shape (N,) for sigmoid
        outputs (then ``labels`` are 0/1 and the NLL is the binary one).
    labels : array_like of int
        Shape (N,).

    Returns
    -------
    float
        The fitted temperature; above 1 means the model was overconfident.

    Notes
    -----
    The NLL is convex in :math:`\beta = 1/T` (a log-sum-exp minus a linear
    term), so its derivative in :math:`\beta`, the mean of
    :math:`\mathbb{E}_{p_\beta}[z] - z_y`, increases with :math:`\beta`.
    Bisection on :math:`\log\beta` finds its zero with no step size to tune;
    the search is bounded to :math:`T \in [10^{-3}, 10^3]`. On data the
    logits already separate perfectly the NLL keeps falling as
    :math:`T \to 0`: the search then stops at the small T where float64 no
    longer resolves the slope, which means "sharpen as far as you can", not
    a true minimum.

    Examples
    --------
    >>> logits = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    >>> round(fit_temperature(logits, [0, 0, 1, 1]), 4)  # right 3 times in 4: T = 4 / log 3
    3.641
    """
    z = as_float_array(logits, "logits").astype(np.float64)
    y = as_index_array(labels, "labels")
    if z.ndim == 1:  # sigmoid(z) is softmax([0, z])[1]: the binary case is C = 2
        z = np.stack([np.zeros_like(z), z], axis=1)
    _check_labels(y, z.shape[0], z.shape[1])
    low, high = np.log(1e-3), np.log(1e3)  # bounds on log(beta) = -log(T)
    for _ in range(100):
        middle = (low + high) / 2
        if _nll_slope(z, y, np.exp(middle)) < 0:
            low = middle
        else:
            high = middle
    return float(np.exp(-(low + high) / 2))


def _nll_slope(z, y, beta):
    """d/d(beta) of the mean NLL of softmax(beta * z): mean of E_p[z] - z_y."""
    probs = np.exp(log_softmax(beta * z, dim=1))
    return float(np.mean(np.sum(probs * z, axis=1) - z[np.arange(len(y)), y]))


def _confidence_and_outcome(probs, labels):
    """Confidence per example and 1.0 where it was borne out, else 0.0."""
    p = as_float_array(probs, "probs").astype(np.float64)
    check_probability(p, "probs")
    y = as_index_array(labels, "labels")
    if p.ndim == 1:
        _check_labels(y, p.shape[0], 2)
        return p, y.astype(np.float64)
    if p.ndim != 2:
        raise ValueError(f"probs must have shape (N,) or (N, C), got {p.shape}")
    _check_labels(y, p.shape[0], p.shape[1])
    return p.max(axis=1), (p.argmax(axis=1) == y).astype(np.float64)


def _check_labels(y, n, n_classes):
    if y.shape != (n,):
        raise ValueError(f"labels must have shape ({n},), one per example, got {y.shape}")
    if np.any((y < 0) | (y >= n_classes)):
        raise ValueError(f"labels must lie in [0, {n_classes}), got {y.min()} to {y.max()}")


def _bin_index(confidence, n_bins):
    """Index m - 1 of the bin ((m-1)/M, m/M] holding each confidence (0 goes in the first)."""
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive int, got {n_bins!r}")
    upper_edges = np.arange(1, n_bins + 1) / n_bins
    return np.minimum(np.searchsorted(upper_edges, confidence, side="left"), n_bins - 1)

