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
    term), so its derivative in :math:`\beta`, the mean over examples of

    .. math:: \mathbb{E}_{p}[z] - z_y = \sum_j p_j\,(z_j - z_y),
              \qquad p = \mathrm{softmax}(\beta z),

    increases with :math:`\beta`. Bisection on :math:`\log\beta` finds its
    zero with no step size to tune; the search is bounded to
    :math:`T \in [10^{-3}, 10^3]`. The slope is computed in the second form.
    The first cancels once :math:`p_y` is within rounding of 1: on the
    calibration appendix's training split it is 2.5 times too steep at
    T = 0.0028 (where the slope is -7.1e-19), positive at 0.0027 and exactly
    0 at 0.0025, which stopped the search early. In the second the target's
    own term is 0 and every other term is accurate. The terms are summed
    relative to the largest one, so the sign stays right even where the
    slope itself is below the smallest float (a runner-up logit more than
    :math:`745\,T` behind).

    On data the logits already separate perfectly (every label is the
    argmax) the slope is negative at every T and the NLL keeps falling as
    :math:`T \to 0`: the fit returns the lower bound :math:`10^{-3}`, which
    means "sharpen as far as you can", not a minimum.

    Examples
    --------
    >>> logits = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    >>> round(fit_temperature(logits, [0, 0, 1, 1]), 4)  # right 3 times in 4: T = 4 / log 3
    3.641
    >>> round(fit_temperature(logits, [0, 0, 0, 1]), 6)  # always right: the lower bound
    0.001
    """
    z = as_float_array(logits, "logits").astype(np.float64)
    y = as_index_array(labels, "labels")
    if z.ndim == 1:  # sigmoid(z) is softmax([0, z])[1]: the binary case is C = 2
        z = np.stack([np.zeros_like(z), z], axis=1)
    _check_labels(y, z.shape[0], z.shape[1])
    low, high = np.log(1e-3), np.log(1e3)  # bounds on log(beta) = -log(T)
    for _ in range(100):
        middle = (low + high) / 2
        scaled_slope, _ = _nll_slope(z, y, np.exp(middle))
        if scaled_slope < 0:
            low = middle
        else:
            high = middle
    return float(np.exp(-(low + high) / 2))


def _nll_slope(z, y, beta):
    """The slope d/d(beta) of the mean NLL of softmax(beta * z), as ``(scaled, log_scale)``
    with slope = scaled * exp(log_scale), so that its sign survives where it underflows.

    The slope is the mean of sum_j p_j (z_j - z_y). That equals E_p[z] - z_y, but
    the latter cancels: once p_y is within rounding of 1, E_p[z] rounds to z_y and
    the slope to 0 while it is still, say, -1e-19. Here the target's own term is
    exactly 0, and the others are scaled by exp(-log_scale), log_scale being the
    largest log-probability of a non-target class, so the largest is exp(0) = 1.
    """
    rows = np.arange(len(y))
    gaps = z - z[rows, y][:, np.newaxis]  # z_j - z_y, 0 for j = y
    log_others = log_softmax(beta * z, dim=1)
    log_others[rows, y] = -np.inf  # the target's term, p_y * 0, is left out
    log_scale = np.max(log_others, initial=-np.inf)
    if not np.isfinite(log_scale):  # one class, or every other class masked: no slope
        return 0.0, -np.inf
    scaled = np.mean(np.sum(np.exp(log_others - log_scale) * gaps, axis=1))
    return float(scaled), float(log_scale)


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



# ---------------------------------------------------------------------------
# Added for the reworked calibration appendix: Brier score and its
# decomposition, classwise ECE, Platt scaling and bootstrap intervals.
# ---------------------------------------------------------------------------

__all__ += ["BrierDecomposition", "bootstrap_interval", "brier_decomposition", "brier_score",
            "classwise_ece", "fit_platt"]

import warnings  # noqa: E402
from typing import NamedTuple  # noqa: E402


def brier_score(probs, labels):
    r"""The Brier score (Brier, 1950): the mean squared error of the probabilities.

    .. math:: \mathrm{BS} = \frac1n \sum_{i=1}^{n} (p_i - y_i)^2
              \quad\text{(shape (N,), 0/1 labels)},\qquad
              \mathrm{BS} = \frac1n \sum_{i=1}^{n} \sum_{k=0}^{C-1}
              (p_{ik} - \mathbf 1[y_i = k])^2 \quad\text{(shape (N, C))}.

    The binary form, in [0, 1], is the one scikit-learn's ``brier_score_loss``
    computes; the (N, C) form, Brier's own, is in [0, 2], and for two classes
    it is twice the binary form.

    Parameters
    ----------
    probs : array_like
        Shape (N,) positive-class probabilities, or shape (N, C) class probabilities.
    labels : array_like of int
        Shape (N,): 0/1 for shape (N,) ``probs``, class indices for shape (N, C).

    Returns
    -------
    float

    Examples
    --------
    >>> round(brier_score([0.9, 0.2], [1, 1]), 12)  # ((0.1)^2 + (0.8)^2) / 2
    0.325
    >>> round(brier_score([[0.1, 0.9], [0.8, 0.2]], [1, 1]), 12)  # twice the above
    0.65
    """
    p = as_float_array(probs, "probs").astype(np.float64)
    check_probability(p, "probs")
    y = as_index_array(labels, "labels")
    if p.ndim == 1:
        _check_labels(y, p.shape[0], 2)
        return float(np.mean((p - y) ** 2))
    if p.ndim != 2:
        raise ValueError(f"probs must have shape (N,) or (N, C), got {p.shape}")
    _check_labels(y, p.shape[0], p.shape[1])
    one_hot = np.zeros_like(p)
    one_hot[np.arange(len(y)), y] = 1.0
    return float(np.mean(np.sum((p - one_hot) ** 2, axis=1)))


class BrierDecomposition(NamedTuple):
    """Murphy's (1973) three terms: ``brier == reliability - resolution + uncertainty``."""

    brier: float
    reliability: float
    resolution: float
    uncertainty: float


def brier_decomposition(probs, labels, n_bins=None):
    r"""Murphy's decomposition of the binary Brier score: reliability - resolution + uncertainty.

    Group the examples by forecast value; group :math:`k` has :math:`n_k`
    examples, forecast :math:`f_k` and fraction positive :math:`\bar y_k`,
    and :math:`\bar y` is the overall fraction positive. Then

    .. math:: \mathrm{BS}
              = \underbrace{\frac1n \sum_k n_k (f_k - \bar y_k)^2}_{\text{reliability}}
              - \underbrace{\frac1n \sum_k n_k (\bar y_k - \bar y)^2}_{\text{resolution}}
              + \underbrace{\bar y\,(1 - \bar y)}_{\text{uncertainty}} .

    Reliability is the calibration term (0 for a calibrated forecast);
    uncertainty - resolution is the *refinement*, what is left once the
    forecast is calibrated. The identity is exact for a forecast that takes
    finitely many values. With ``n_bins``, every probability is first replaced
    by the mean probability of its bin ((m-1)/M, m/M] (as in
    :func:`reliability_curve`), and the terms are those of that binned
    forecast, whose Brier score ``brier`` is returned. It differs from the
    Brier score of the raw probabilities, in either direction, by the
    within-bin terms :math:`\frac1n \sum_i [(p_i - f_{k(i)})^2 - 2 (p_i - f_{k(i)})\, y_i]`
    (the spread of the forecasts in a bin, and how they vary with the outcome there).

    Parameters
    ----------
    probs : array_like
        Shape (N,): forecast probabilities of the positive class.
    labels : array_like of int
        Shape (N,), 0/1.
    n_bins : int, optional
        Bin the forecasts first; by default every distinct value is a group.

    Returns
    -------
    BrierDecomposition
        ``(brier, reliability, resolution, uncertainty)``, floats.

    Examples
    --------
    >>> d = brier_decomposition([0.8, 0.8, 0.8, 0.2, 0.2], [1, 1, 0, 0, 0])
    >>> [round(v, 6) for v in d]
    [0.16, 0.026667, 0.106667, 0.24]
    >>> round(d.reliability - d.resolution + d.uncertainty, 12)
    0.16
    """
    p = as_float_array(probs, "probs").astype(np.float64)
    check_probability(p, "probs")
    if p.ndim != 1:
        raise ValueError(f"probs must have shape (N,) (binary forecasts), got {p.shape}")
    y = as_index_array(labels, "labels")
    _check_labels(y, p.shape[0], 2)
    if p.size == 0:
        raise ValueError("probs must hold at least one forecast")
    if n_bins is None:
        _, group = np.unique(p, return_inverse=True)
        forecast = p
    else:
        group = _bin_index(p, n_bins)
        sums = np.bincount(group, weights=p, minlength=n_bins)
        forecast = (sums / np.maximum(np.bincount(group, minlength=n_bins), 1))[group]
    counts = np.bincount(group)
    used = counts > 0
    f_k = np.bincount(group, weights=forecast)[used] / counts[used]
    y_k = np.bincount(group, weights=y)[used] / counts[used]
    n, base_rate = len(y), float(np.mean(y))
    reliability = float(np.sum(counts[used] * (f_k - y_k) ** 2) / n)
    resolution = float(np.sum(counts[used] * (y_k - base_rate) ** 2) / n)
    brier = float(np.mean((forecast - y) ** 2))
    return BrierDecomposition(brier, reliability, resolution, base_rate * (1 - base_rate))


def classwise_ece(probs, targets, n_bins=15):
    r"""Classwise ECE of multi-label (or one-vs-rest) outputs: the mean of the per-label ECEs.

    .. math:: \mathrm{ECE}_{\text{classwise}} = \frac1L \sum_{k=0}^{L-1}
              \mathrm{ECE}\bigl(p_{\cdot k},\, y_{\cdot k}\bigr),

    each label's ECE in the sigmoid reading of :func:`expected_calibration_error`
    (probability of the label against the fraction of examples that have it).

    Parameters
    ----------
    probs : array_like
        Shape (N, L): one probability per example and label.
    targets : array_like of int
        Shape (N, L), 0/1.
    n_bins : int, default 15

    Returns
    -------
    float

    Examples
    --------
    >>> p = [[0.9, 0.5], [0.9, 0.5]]
    >>> round(classwise_ece(p, [[1, 0], [0, 1]], n_bins=10), 12)  # (0.4 + 0.0) / 2
    0.2
    """
    p = as_float_array(probs, "probs").astype(np.float64)
    y = as_index_array(targets, "targets")
    if p.ndim != 2:
        raise ValueError(f"probs must have shape (N, L), got {p.shape}")
    if y.shape != p.shape:
        raise ValueError(f"targets must have the shape of probs, {p.shape}, got {y.shape}")
    if np.any((y != 0) & (y != 1)):
        raise ValueError("targets must be 0 or 1")
    return float(np.mean([expected_calibration_error(p[:, k], y[:, k], n_bins)
                          for k in range(p.shape[1])]))


def fit_platt(logits, labels, max_iter=100):
    r"""Platt scaling (Platt, 1999): the a, b minimising the NLL of :math:`\sigma(a z + b)`.

    The fit is a logistic regression with the one feature :math:`z`. Its mean NLL

    .. math:: \frac1n \sum_i \bigl[\operatorname{softplus}(a z_i + b) - y_i (a z_i + b)\bigr]

    is convex in :math:`(a, b)`; Newton's method with step halving finds the
    minimum. Temperature scaling is the special case :math:`a = 1/T, b = 0`.
    Platt also replaced the 0/1 targets by slightly smoothed ones; this is the
    plain maximum-likelihood fit.

    Parameters
    ----------
    logits : array_like
        Shape (N,): one logit per example (a binary classifier, or one label).
    labels : array_like of int
        Shape (N,), 0/1, with both values present.
    max_iter : int, default 100

    Returns
    -------
    tuple of float
        ``(a, b)``.

    Examples
    --------
    >>> z = np.array([-2.0, -1.0, 1.0, 2.0, -2.0, 2.0])
    >>> a, b = fit_platt(z, [0, 0, 1, 1, 1, 0])
    >>> round(a, 4), round(b, 4) + 0.0  # symmetric data: no offset
    (0.2257, 0.0)
    """
    from companion.activations import sigmoid, softplus

    z = as_float_array(logits, "logits").astype(np.float64)
    y = as_index_array(labels, "labels")
    if z.ndim != 1:
        raise ValueError(f"logits must have shape (N,), got {z.shape}")
    _check_labels(y, z.shape[0], 2)
    if np.all(y == 0) or np.all(y == 1):
        raise ValueError("labels must contain both 0 and 1: otherwise no minimum exists")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite")
    features = np.stack([z, np.ones_like(z)], axis=1)

    def nll(w):
        s = features @ w
        return float(np.mean(softplus(s) - y * s))

    w = np.array([1.0, 0.0])
    current = nll(w)
    for _ in range(max_iter):
        p = sigmoid(features @ w)
        gradient = features.T @ (p - y) / len(y)
        hessian = (features * (p * (1 - p))[:, None]).T @ features / len(y)
        try:
            step = np.linalg.solve(hessian + 1e-12 * np.eye(2), gradient)
        except np.linalg.LinAlgError:
            step = gradient
        for _ in range(60):  # step halving keeps every step downhill
            candidate = w - step
            value = nll(candidate)
            if value <= current:
                break
            step = step / 2
        else:
            break
        w, previous, current = candidate, current, value
        if previous - current <= 1e-16 * max(1.0, abs(current)) and np.max(
                np.abs(gradient)) < 1e-12:
            break
    return float(w[0]), float(w[1])


def bootstrap_interval(statistic, *arrays, n_boot=1000, level=0.95, seed=0):
    r"""Percentile bootstrap interval of ``statistic(*arrays)``, resampling examples.

    Each of ``n_boot`` replicates draws :math:`n` row indices with replacement
    (the same rows from every array) from ``np.random.default_rng(seed)``,
    and evaluates the statistic on the resampled arrays. The interval is the
    :math:`(1 - \text{level})/2` and :math:`(1 + \text{level})/2` percentiles
    of the replicates. A statistic may return an array (say, one accuracy per
    bin); NaN replicates (a bin left empty by a resample) are skipped.

    Parameters
    ----------
    statistic : callable
        ``statistic(*arrays)`` returns a float or an array of floats.
    *arrays : array_like
        The data, all with the same first dimension :math:`n`.
    n_boot : int, default 1000
    level : float, default 0.95
    seed : int, default 0

    Returns
    -------
    low, high : float or ndarray
        Shaped like the statistic's value (NaN where every replicate was NaN).

    Examples
    --------
    >>> x = np.arange(10.0)
    >>> low, high = bootstrap_interval(np.mean, x, n_boot=2000)
    >>> round(low, 2), round(high, 2)
    (2.7, 6.3)
    """
    if not callable(statistic):
        raise TypeError(f"statistic must be callable, got {type(statistic).__name__}")
    if not arrays:
        raise ValueError("arrays: give at least one array to resample")
    data = [np.asarray(a) for a in arrays]
    n = len(data[0]) if data[0].ndim else 0
    if n == 0 or any(a.ndim == 0 or len(a) != n for a in data):
        raise ValueError("arrays must be non-empty and share their first dimension")
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive int, got {n_boot!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must lie in (0, 1), got {level!r}")
    rng = np.random.default_rng(seed)
    replicates = []
    for _ in range(n_boot):
        rows = rng.integers(0, n, size=n)
        replicates.append(np.asarray(statistic(*(a[rows] for a in data)), dtype=np.float64))
    replicates = np.stack(replicates)
    tails = [100 * (1 - level) / 2, 100 * (1 + level) / 2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN, as documented
        low, high = np.nanpercentile(replicates, tails, axis=0)
    if np.ndim(low) == 0:
        return float(low), float(high)
    return low, high

