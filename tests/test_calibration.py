"""companion.calibration against a direct reading of Guo et al. (2017), and
temperature scaling on data whose temperature is known."""

import mpmath
import numpy as np
import pytest
import torch

from companion import softmax, softplus
from companion.calibration import (
    _nll_slope,
    expected_calibration_error,
    fit_temperature,
    reliability_curve,
)


def loop_reliability(confidence, correct, n_bins):
    """Bins ((m-1)/M, m/M] by direct comparison, one bin at a time (0 joins the first)."""
    rows = []
    for m in range(1, n_bins + 1):
        lower, upper = (m - 1) / n_bins, m / n_bins
        inside = [(c, a) for c, a in zip(confidence, correct, strict=True)
                  if lower < c <= upper or (m == 1 and c == 0)]
        if inside:
            rows.append((sum(c for c, _ in inside) / len(inside),
                         sum(a for _, a in inside) / len(inside), len(inside)))
        else:
            rows.append((np.nan, np.nan, 0))
    return [np.array(column) for column in zip(*rows, strict=True)]


def loop_ece(confidence, correct, n_bins):
    conf, acc, counts = loop_reliability(confidence, correct, n_bins)
    n = len(confidence)
    return sum(k / n * abs(a - c) for c, a, k in zip(conf, acc, counts, strict=True) if k)


@pytest.fixture
def multiclass():
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 3, size=(2000, 4))
    labels = rng.integers(0, 4, size=2000)
    probs = softmax(logits, dim=1)
    # A few confidences exactly on bin edges, where the interval ends matter.
    probs[:3] = [[0.4, 0.2, 0.2, 0.2], [0.6, 0.2, 0.1, 0.1], [1.0, 0.0, 0.0, 0.0]]
    return probs, labels


@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
def test_multiclass_matches_the_definition(multiclass, n_bins):
    probs, labels = multiclass
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(float)
    expected = loop_reliability(confidence, correct, n_bins)
    for got, want in zip(reliability_curve(probs, labels, n_bins), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)
    assert expected_calibration_error(probs, labels, n_bins) == pytest.approx(
        loop_ece(confidence, correct, n_bins), rel=1e-12)


def test_binary_probabilities_use_the_positive_class():
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 500)
    y = (rng.uniform(0, 1, 500) < p).astype(int)
    assert expected_calibration_error(p, y, 10) == pytest.approx(loop_ece(p, y, 10), rel=1e-12)


def test_perfectly_calibrated_data_has_small_ece():
    rng = np.random.default_rng(2)
    p = rng.uniform(0, 1, 200_000)
    y = (rng.uniform(0, 1, p.size) < p).astype(int)
    assert expected_calibration_error(p, y) < 0.01


def true_logits_and_labels(n, n_classes, seed):
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 2, size=(n, n_classes))
    probs = softmax(logits, dim=1)
    labels = (rng.uniform(size=(n, 1)) > np.cumsum(probs, axis=1)).sum(axis=1)
    return logits, labels


@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0, 3.0])
def test_fit_temperature_recovers_a_known_temperature(temperature):
    logits, labels = true_logits_and_labels(20_000, 5, seed=3)
    fitted = fit_temperature(logits * temperature, labels)
    assert fitted == pytest.approx(temperature, rel=0.05)


def test_fit_temperature_minimises_torch_nll():
    logits, labels = true_logits_and_labels(5000, 3, seed=4)
    scaled = torch.from_numpy(logits * 2.5)
    target = torch.from_numpy(labels)
    fitted = fit_temperature(logits * 2.5, labels)

    def nll(t):
        return torch.nn.functional.cross_entropy(scaled / t, target).item()

    assert nll(fitted) <= min(nll(fitted * 0.99), nll(fitted * 1.01))


def test_fit_temperature_binary_logits():
    rng = np.random.default_rng(5)
    z = rng.normal(0, 2, 20_000)
    y = (rng.uniform(size=z.size) < 1 / (1 + np.exp(-z))).astype(int)
    assert fit_temperature(z * 2.0, y) == pytest.approx(2.0, rel=0.05)


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: expected_calibration_error([[0.5, 0.5]], [2]), ValueError, "labels must lie"),
    (lambda: expected_calibration_error([[0.5, 0.5]], [0, 1]), ValueError, "labels must have"),
    (lambda: expected_calibration_error([1.5], [1]), ValueError, "probs must lie in"),
    (lambda: expected_calibration_error([0.5], [1], n_bins=0), ValueError, "n_bins"),
    (lambda: expected_calibration_error([0.5], [1.0]), TypeError, "labels must hold integer"),
    (lambda: fit_temperature([[1.0, 2.0]], [3]), ValueError, "labels must lie"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def mp_log_minus_slope(z, y, beta):
    """log(-slope) of the mean NLL of softmax(beta z) in mpmath, from the definition
    E_p[z] - z_y (the slope is negative on these data). It cancels as the float64
    form does, so the precision grows with beta: 256 bits beyond the cancellation."""
    spread = float(np.max(z) - np.min(z))
    with mpmath.workprec(256 + int(beta * spread / np.log(2))):
        total = mpmath.mpf(0)
        for row, label in zip(z, y, strict=True):
            row = [mpmath.mpf(float(v)) for v in row]
            weights = [mpmath.exp(beta * v) for v in row]
            total += mpmath.fsum(w * v for w, v in zip(weights, row, strict=True)) / mpmath.fsum(
                weights) - row[label]
        return float(mpmath.log(-total / len(y)))


def log_minus_slope(z, y, beta):
    scaled, log_scale = _nll_slope(z, y, beta)
    assert scaled < 0
    return np.log(-scaled) + log_scale


@pytest.mark.parametrize("temperature", [3e-3, 1e-3, 3e-4, 1e-4])
def test_nll_slope_at_small_temperatures_matches_mpmath(temperature):
    # Every label the argmax: the slope is negative and about -margin * exp(-margin / T),
    # far below the rounding of the terms of E_p[z] - z_y (and below the smallest float
    # at T = 1e-4), so the cancelling form returns 0.
    rng = np.random.default_rng(6)
    z = rng.normal(0, 0.1, size=(30, 4))
    y = z.argmax(axis=1)
    z[np.arange(30), y] += 0.1  # every margin at least 0.1: slope < e^-1000 at T = 1e-4
    beta = 1 / temperature
    # An absolute error in log|slope| is a relative error in the slope.
    assert log_minus_slope(z, y, beta) == pytest.approx(mp_log_minus_slope(z, y, beta), abs=1e-12)


@pytest.mark.parametrize("temperature", [1e-3, 1e-6, 1e-9])
@pytest.mark.parametrize("margin", [0.01, 0.5, 3.0])
def test_nll_slope_of_two_classes_is_minus_margin_times_sigmoid(margin, temperature):
    # z = (0, -a) with label 0: slope = -a * p_1 = -a / (1 + e^(a / T)), so
    # log(-slope) = log a - softplus(a / T).
    beta = 1 / temperature
    expected = np.log(margin) - softplus(margin * beta)
    assert log_minus_slope(np.array([[0.0, -margin]]), np.array([0]), beta) == pytest.approx(
        expected, rel=1e-13)


@pytest.mark.parametrize("margin", [0.1, 0.7, 4.0, 40.0])
def test_fit_temperature_on_separable_logits_returns_the_lower_bound(margin):
    # The NLL falls for ever as T -> 0; a slope that cancelled or underflowed to 0
    # would stop the search early (at T = 0.0054 for margin 4 when it underflows).
    rng = np.random.default_rng(8)
    z = rng.normal(0, 1, size=(200, 3))
    y = z.argmax(axis=1)
    z[np.arange(200), y] += margin
    assert fit_temperature(z, y) == pytest.approx(1e-3, rel=1e-12)


def test_fit_temperature_does_not_modify_its_input():
    logits, labels = true_logits_and_labels(100, 3, seed=9)
    before = logits.copy(), labels.copy()
    fit_temperature(logits, labels)
    np.testing.assert_array_equal(logits, before[0])
    np.testing.assert_array_equal(labels, before[1])
