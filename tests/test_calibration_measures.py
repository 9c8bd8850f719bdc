"""The measures added to companion.calibration (Brier score and decomposition,
classwise ECE, Platt scaling, bootstrap intervals), each against a direct loop
over its definition."""

import numpy as np
import pytest

from companion import sigmoid, softmax
from companion.calibration import (
    bootstrap_interval,
    brier_decomposition,
    brier_score,
    classwise_ece,
    expected_calibration_error,
    fit_platt,
)


@pytest.fixture
def binary():
    rng = np.random.default_rng(3)
    p = rng.uniform(size=500)
    y = (rng.uniform(size=500) < p ** 1.5).astype(np.int64)
    return p, y


def test_brier_binary_matches_a_loop(binary):
    p, y = binary
    loop = sum((pi - yi) ** 2 for pi, yi in zip(p, y, strict=True)) / len(p)
    assert brier_score(p, y) == pytest.approx(loop, rel=1e-12)


def test_brier_multiclass_matches_a_loop():
    rng = np.random.default_rng(4)
    probs = softmax(rng.normal(0, 2, size=(300, 5)), dim=1)
    labels = rng.integers(0, 5, size=300)
    loop = 0.0
    for row, label in zip(probs, labels, strict=True):
        loop += sum((row[k] - (1.0 if k == label else 0.0)) ** 2 for k in range(5))
    assert brier_score(probs, labels) == pytest.approx(loop / 300, rel=1e-12)
    two = np.stack([1 - probs[:, 0], probs[:, 0]], axis=1)  # two classes: twice the binary form
    y01 = (labels == 0).astype(np.int64)
    assert brier_score(two, y01) == pytest.approx(2 * brier_score(probs[:, 0], y01), rel=1e-12)


def loop_decomposition(forecast, y):
    """Murphy's terms by grouping equal forecasts with a dict."""
    groups = {}
    for f, t in zip(forecast, y, strict=True):
        groups.setdefault(f, []).append(t)
    n, base = len(y), sum(y) / len(y)
    rel = sum(len(ts) * (f - sum(ts) / len(ts)) ** 2 for f, ts in groups.items()) / n
    res = sum(len(ts) * (sum(ts) / len(ts) - base) ** 2 for ts in groups.values()) / n
    return rel, res, base * (1 - base)


@pytest.mark.parametrize("n_bins", [None, 5, 15])
def test_brier_decomposition_matches_a_loop_and_adds_up(binary, n_bins):
    p, y = binary
    if n_bins is None:
        p = np.round(p, 1)  # a forecast with few values
        forecast = p
    else:  # each probability replaced by its bin's mean, bins ((m-1)/M, m/M]
        forecast = np.empty_like(p)
        for m in range(n_bins):
            inside = (p > m / n_bins) & (p <= (m + 1) / n_bins) | ((m == 0) & (p == 0))
            forecast[inside] = p[inside].mean() if inside.any() else 0
    d = brier_decomposition(p, y, n_bins=n_bins)
    rel, res, unc = loop_decomposition(list(forecast), list(y))
    assert d.reliability == pytest.approx(rel, rel=1e-10, abs=1e-15)
    assert d.resolution == pytest.approx(res, rel=1e-10)
    assert d.uncertainty == pytest.approx(unc, rel=1e-12)
    assert d.brier == pytest.approx(brier_score(forecast, y), rel=1e-12)
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(d.brier, abs=1e-15)


def test_brier_decomposition_of_raw_forecast_equals_the_brier_score(binary):
    p, y = binary
    d = brier_decomposition(p, y)  # every value distinct: still exact
    assert d.brier == pytest.approx(brier_score(p, y), rel=1e-12)
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(d.brier, abs=1e-15)


def test_classwise_ece_matches_a_loop():
    rng = np.random.default_rng(5)
    probs = sigmoid(rng.normal(0, 3, size=(400, 4)))
    targets = (rng.uniform(size=(400, 4)) < probs ** 0.7).astype(np.int64)
    per_label = []
    for k in range(4):
        total = 0.0
        for m in range(10):
            inside = (probs[:, k] > m / 10) & (probs[:, k] <= (m + 1) / 10)
            if inside.any():
                total += inside.sum() / 400 * abs(targets[inside, k].mean()
                                                  - probs[inside, k].mean())
        per_label.append(total)
    assert classwise_ece(probs, targets, n_bins=10) == pytest.approx(np.mean(per_label), rel=1e-12)


def test_platt_is_the_minimum_of_the_nll():
    rng = np.random.default_rng(6)
    z = rng.normal(0, 4, size=800)
    y = (rng.uniform(size=800) < sigmoid(0.4 * z - 0.7)).astype(np.int64)
    a, b = fit_platt(z, y)

    def nll(a, b):
        return sum(-np.log(sigmoid(a * zi + b)) if yi else -np.log(1 - sigmoid(a * zi + b))
                   for zi, yi in zip(z, y, strict=True)) / len(z)

    # the gradient, by a loop over its definition, vanishes
    ga = sum((sigmoid(a * zi + b) - yi) * zi for zi, yi in zip(z, y, strict=True)) / len(z)
    gb = sum(sigmoid(a * zi + b) - yi for zi, yi in zip(z, y, strict=True)) / len(z)
    assert abs(ga) < 1e-10 and abs(gb) < 1e-10
    best = nll(a, b)
    for da, db in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        assert nll(a + da, b + db) > best
    assert a == pytest.approx(0.4, abs=0.06) and b == pytest.approx(-0.7, abs=0.25)


def test_platt_agrees_with_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(7)
    z = rng.normal(0, 5, size=600)
    y = (rng.uniform(size=600) < sigmoid(z / 3 + 0.5)).astype(np.int64)
    reference = LogisticRegression(C=1e12, tol=1e-12, max_iter=10_000).fit(z[:, None], y)
    a, b = fit_platt(z, y)
    assert a == pytest.approx(reference.coef_[0, 0], rel=1e-6)
    assert b == pytest.approx(reference.intercept_[0], rel=1e-6)


def test_platt_at_large_logits_stays_finite():
    z = np.array([-800.0, -400.0, 0.5, 400.0, 800.0, -0.5])
    a, b = fit_platt(z, [0, 0, 1, 1, 1, 1])
    assert np.isfinite(a) and np.isfinite(b)


def test_bootstrap_matches_a_loop():
    rng = np.random.default_rng(8)
    conf = rng.uniform(0.3, 1, size=200)
    correct = (rng.uniform(size=200) < conf).astype(np.int64)
    low, high = bootstrap_interval(expected_calibration_error, conf, correct, n_boot=300, seed=2)
    draw = np.random.default_rng(2)
    values = []
    for _ in range(300):
        rows = draw.integers(0, 200, size=200)
        values.append(expected_calibration_error(conf[rows], correct[rows]))
    assert (low, high) == pytest.approx(tuple(np.percentile(values, [2.5, 97.5])), rel=1e-12)


def test_bootstrap_of_an_array_statistic_skips_nan():
    x = np.array([0.0, 0.0, 0.0, 1.0])
    low, high = bootstrap_interval(lambda v: np.array([v.mean(), np.nan]), x, n_boot=200)
    assert 0 <= low[0] <= high[0] <= 1 and np.isnan(low[1]) and np.isnan(high[1])


def test_no_input_is_modified(binary):
    p, y = binary
    p0, y0 = p.copy(), y.copy()
    brier_score(p, y)
    brier_decomposition(p, y, n_bins=10)
    fit_platt(p * 4 - 2, y)
    bootstrap_interval(brier_score, p, y, n_boot=20)
    classwise_ece(np.stack([p, p], 1), np.stack([y, y], 1))
    assert np.array_equal(p, p0) and np.array_equal(y, y0)


@pytest.mark.parametrize("call, error, word", [
    (lambda: brier_score([1.2, 0.1], [1, 0]), ValueError, "probs"),
    (lambda: brier_score([0.2, 0.1], [1.0, 0.0]), TypeError, "labels"),
    (lambda: brier_score([0.2, 0.1], [2, 0]), ValueError, "labels"),
    (lambda: brier_decomposition([[0.2, 0.8]], [1]), ValueError, "probs"),
    (lambda: brier_decomposition([0.2], [1], n_bins=0), ValueError, "n_bins"),
    (lambda: classwise_ece([0.2, 0.4], [1, 0]), ValueError, "probs"),
    (lambda: classwise_ece([[0.2, 0.4]], [[1, 2]]), ValueError, "targets"),
    (lambda: classwise_ece([[0.2, 0.4]], [[1]]), ValueError, "targets"),
    (lambda: fit_platt([1.0, 2.0], [1, 1]), ValueError, "labels"),
    (lambda: fit_platt([[1.0, 2.0]], [1, 0]), ValueError, "logits"),
    (lambda: fit_platt([1.0, np.inf], [1, 0]), ValueError, "logits"),
    (lambda: bootstrap_interval(3.0, [1.0]), TypeError, "statistic"),
    (lambda: bootstrap_interval(np.mean, [1.0], n_boot=0), ValueError, "n_boot"),
    (lambda: bootstrap_interval(np.mean, [1.0], level=95), ValueError, "level"),
    (lambda: bootstrap_interval(np.mean, [1.0, 2.0], [1.0]), ValueError, "arrays"),
])
def test_bad_input_names_the_argument(call, error, word):
    with pytest.raises(error, match=word):
        call()
