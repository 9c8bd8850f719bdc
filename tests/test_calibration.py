"""companion.calibration against a direct reading of Guo et al. (2017), and
temperature scaling on data whose temperature is known."""

import numpy as np
import pytest
import torch

from companion import softmax
from companion.calibration import expected_calibration_error, fit_temperature, reliability_curve


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
