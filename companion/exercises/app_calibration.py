"""Exercises for the appendix "Are these probabilities?"."""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.calibration import (
    brier_decomposition,
    expected_calibration_error,
    fit_temperature,
)
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = ("import numpy as np\n\nfrom companion import softmax\n"
         "from companion.calibration import fit_temperature")


def _ece(confidence, correct, n_bins):
    """The reference: the companion's ECE, in its binary reading (0/1 outcomes)."""
    return expected_calibration_error(np.asarray(confidence, dtype=float),
                                      np.asarray(correct).astype(np.int64), n_bins)


def _per_bin(confidence, correct, n_bins, left_closed=False):
    """Bin index, count, mean confidence and accuracy per non-empty bin (for the mistakes)."""
    conf = np.asarray(confidence, dtype=float)
    hit = np.asarray(correct, dtype=float)
    if left_closed:  # [(m-1)/M, m/M): an edge value goes to the bin above
        index = np.minimum(np.floor(conf * n_bins).astype(int), n_bins - 1)
    else:  # ((m-1)/M, m/M], as Guo et al. (2017)
        index = np.maximum(np.ceil(conf * n_bins).astype(int) - 1, 0)
    used = np.unique(index)
    counts = np.array([np.sum(index == m) for m in used])
    mean_conf = np.array([conf[index == m].mean() for m in used])
    accuracy = np.array([hit[index == m].mean() for m in used])
    return counts, mean_conf, accuracy, hit.mean()


def _unweighted(confidence, correct, n_bins):
    _, conf, acc, _ = _per_bin(confidence, correct, n_bins)
    return np.mean(np.abs(acc - conf))


def _left_closed(confidence, correct, n_bins):
    counts, conf, acc, _ = _per_bin(confidence, correct, n_bins, left_closed=True)
    return np.sum(counts * np.abs(acc - conf)) / np.sum(counts)


def _signed(confidence, correct, n_bins):
    counts, conf, acc, _ = _per_bin(confidence, correct, n_bins)
    return np.sum(counts * (acc - conf)) / np.sum(counts)


def _overall_accuracy(confidence, correct, n_bins):
    counts, conf, _, overall = _per_bin(confidence, correct, n_bins)
    return np.sum(counts * np.abs(overall - conf)) / np.sum(counts)


def _overall_gap(confidence, correct, n_bins):
    return abs(np.mean(np.asarray(correct, dtype=float)) - np.mean(confidence))


def _diagnose_edges(outputs, expected):
    """Right where no confidence sits on an edge, wrong where some do: the bins' ends."""
    got, want = np.asarray(outputs[-1], dtype=float), np.asarray(expected[-1], dtype=float)
    if got.shape == want.shape and np.allclose(got, want, rtol=1e-9):
        return ("your ECE is right when no confidence sits exactly on a bin edge, and wrong "
                "when some do: an edge value such as 0.6 with M = 5 lands in the wrong bin "
                "(np.digitize, np.histogram and floor(conf * M) make bins closed on the left; "
                "np.linspace edges are not exact either). Use ((m-1)/M, m/M]: "
                "lo < confidence <= hi.")
    return None


_rng = np.random.default_rng(5)
_CONF = np.round(_rng.uniform(0.25, 1.0, size=60), 2)  # many values exactly on edges
_CORRECT = (_rng.random(60) < _CONF - 0.15).astype(np.int64)  # overconfident overall

q1 = Question(
    "Expected calibration error from scratch",
    task=(
        'Write `my_ece(confidence, correct, n_bins)`, the ECE {eq}`calibration-ece` without '
        'the companion. `confidence` is a 1-d NumPy array of confidences in $(0, 1]$, '
        '`correct` a 1-d array of the same length holding 1 where the prediction was right '
        'and 0 where it was wrong, and `n_bins` the number $M$ of bins $\\bigl(\\tfrac{m-1}{M}, '
        '\\tfrac{m}{M}\\bigr]$. Return the ECE as a float. The checker uses confidences that '
        'sit exactly on bin edges.'
    ),
    reference=_ece,
    probes=[
        (np.array([0.6, 0.6, 0.6, 0.8, 0.9, 0.95, 0.3, 0.55]),
         np.array([1, 1, 1, 0, 1, 1, 0, 0]), 5),
        (_CONF, _CORRECT, 5),
        (_CONF, _CORRECT, 15),
        (_CONF - 0.004, _CORRECT, 5),  # no confidence on an edge: bins' ends do not matter
    ],
    diagnose=_diagnose_edges,
    hints=[
        "Put each confidence in one of n_bins bins of width 1/n_bins, compare accuracy and mean "
        "confidence inside each bin, then average the gaps.",
        "Bin m (counting from 1) is ((m-1)/M, m/M]: open on the left, closed on the right, so a "
        "confidence of exactly 0.6 with M = 5 belongs to (0.4, 0.6]. Skip empty bins.",
        "Weight each bin's |accuracy - mean confidence| by its share of the examples, "
        "count / N, and add them up.",
    ],
    solution="""
        def my_ece(confidence, correct, n_bins):
            total = 0.0
            for m in range(n_bins):
                lo, hi = m / n_bins, (m + 1) / n_bins
                in_bin = (confidence > lo) & (confidence <= hi)
                if in_bin.any():
                    gap = abs(correct[in_bin].mean() - confidence[in_bin].mean())
                    total += in_bin.sum() / len(confidence) * gap
            return total
    """,
    mistakes={
        "unweighted": (
            _unweighted,
            "You averaged the per-bin gaps with equal weights. A bin holding 3 examples then "
            "counts as much as one holding 3000; weight each gap by count / N.",
        ),
        "left_closed": (
            _left_closed,
            "Your bins are [(m-1)/M, m/M): a confidence exactly on an edge, such as 0.6 with "
            "M = 5, lands one bin too high. Guo et al. (2017) use ((m-1)/M, m/M]: test "
            "lo < confidence <= hi.",
        ),
        "signed": (
            _signed,
            "You kept the sign of accuracy - confidence, so overconfident and underconfident "
            "bins cancel (and an overconfident model gets a negative ECE). Take the absolute "
            "value of each bin's gap before averaging.",
        ),
        "overall_accuracy": (
            _overall_accuracy,
            "You compared each bin's confidence with the accuracy over all examples. Each bin "
            "needs its own accuracy: the fraction correct among the examples in that bin.",
        ),
        "overall_gap": (
            _overall_gap,
            "That is |mean accuracy - mean confidence| over all examples: a single bin, in "
            "which over- and underconfident predictions cancel. Bin by confidence first.",
        ),
    },
)

q2 = Question(
    "One bin",
    task=(
        'A model gives confidence $0.9$ to each of 100 test examples, and 72 of its '
        'predictions are right. What is its ECE? (The number of bins does not matter here.)'
    ),
    reference=0.18,
    rtol=1e-3,
    hints=[
        "Every prediction has confidence 0.9, so all 100 fall in the same bin.",
        "With one bin, the ECE is |accuracy - confidence| of that bin.",
    ],
    solution="""
        answer = abs(72 / 100 - 0.9)  # 0.18: the model is 18 points overconfident
    """,
    mistakes={
        "accuracy": (0.72, "0.72 is the accuracy. The ECE is the gap between accuracy and "
                           "confidence."),
        "confidence": (0.9, "0.9 is the confidence. The ECE is the gap between accuracy and "
                            "confidence."),
        "signed": (-0.18, "An ECE is never negative: it averages absolute gaps. The sign only "
                          "says the model is overconfident."),
        "error_rate": (0.28, "0.28 is the error rate, 1 - accuracy. Compare the accuracy with "
                             "the confidence instead."),
        "percent": (18.0, "That is the gap in percentage points. An ECE, like a probability, "
                          "is a fraction between 0 and 1."),
    },
)

q3 = Question(
    "Accuracy after temperature scaling",
    task=(
        'A classifier has test accuracy $0.80$ and mean test confidence $0.95$. Temperature '
        'scaling with $T = 2.5$, fitted on a validation split, brings its mean test '
        'confidence down to $0.81$. What is its test accuracy after scaling, as a fraction '
        'between 0 and 1?'
    ),
    reference=0.80,
    rtol=1e-3,
    hints=[
        "Temperature scaling divides all logits of an example by the same T > 0.",
        "Does dividing by a positive number change which logit is the largest?",
    ],
    solution="""
        answer = 0.80  # z / T keeps the order of the logits: same argmax, same accuracy
    """,
    mistakes={
        "confidence_after": (
            0.81,
            "0.81 is the mean confidence after scaling. Temperature scaling moves the "
            "confidence towards the accuracy; the accuracy itself stays put, because the "
            "argmax of z / T is the argmax of z.",
        ),
        "divided_by_t": (
            0.32,
            "Dividing the logits by T does not divide the accuracy by T: the largest logit "
            "stays the largest, so every prediction, and the accuracy, is unchanged.",
        ),
        "confidence_before": (
            0.95,
            "0.95 is the mean confidence before scaling, not an accuracy. The argmax of z / T "
            "is the argmax of z, so the accuracy does not move.",
        ),
        "percent": (
            80.0,
            "That is a percentage; the task asks for the accuracy as a fraction between 0 "
            "and 1.",
        ),
    },
)

_LOGITS = np.array([[2.0, 0.5, -1.0], [0.0, 3.0, 1.0], [-2.0, -1.0, 4.0], [1.0, 1.0, 0.0]])

q4 = Question(
    "Apply a temperature",
    task=(
        'Write `scaled_probs(logits, T)`: the probabilities {eq}`calibration-temperature` of '
        'a softmax classifier after temperature scaling, for `logits` of shape (batch, '
        'classes) and a temperature `T > 0`. Use `softmax` from the companion (imported at '
        'the top of this page).'
    ),
    reference=lambda logits, T: softmax(logits / T, dim=1),
    probes=[(_LOGITS, 2.0), (_LOGITS, 0.5), (_LOGITS[:2], 3.0),
            (np.array([[800.0, 0.0, -800.0], [-800.0, -790.0, -805.0]]), 0.5)],
    hints=[
        "The temperature acts on the logits, before the softmax.",
        "Divide every logit by T, then take the softmax over the classes (dim=1 for a "
        "(batch, classes) array).",
    ],
    solution="""
        def scaled_probs(logits, T):
            return softmax(logits / T, dim=1)
    """,
    mistakes={
        "multiplied": (
            lambda logits, T: softmax(logits * T, dim=1),
            "You multiplied the logits by T, which sharpens the distribution when T > 1 "
            "instead of softening it. Divide: softmax(logits / T).",
        ),
        "probs_divided": (
            lambda logits, T: softmax(logits, dim=1) / T,
            "Dividing the probabilities by T leaves rows that no longer sum to 1. Divide the "
            "logits, then apply the softmax.",
        ),
        "power_unnormalised": (
            lambda logits, T: softmax(logits, dim=1) ** (1 / T),
            "softmax(z) ** (1/T) has the right shape but is not normalised: renormalise it, "
            "or more simply compute softmax(logits / T).",
        ),
        "wrong_dim": (
            lambda logits, T: softmax(logits / T, dim=0),
            "dim=0 normalises each class across the batch. Each example needs a distribution "
            "over its classes: dim=1.",
        ),
    },
)

_rng4 = np.random.default_rng(7)
_ML_LOGITS = _rng4.normal(size=(400, 3)) * np.array([6.0, 3.0, 1.0])
_ML_TARGETS = (_rng4.random((400, 3)) < sigmoid(_ML_LOGITS / np.array([2.0, 3.0, 0.8]))
               ).astype(np.int64)

_Q5_PROBES = [(_ML_LOGITS, _ML_TARGETS)]


def _diagnose_label_shape(outputs, expected):
    """One temperature per column: name an answer with one per row (per example)."""
    for got, want, (logits, _) in zip(outputs, expected, _Q5_PROBES, strict=True):
        shape = np.shape(np.asarray(got, dtype=object))
        if shape == (len(logits),) != np.shape(want):
            return (f"you returned shape {shape}, one value per example, but there are "
                    f"{np.size(want)} labels: one temperature per label, shape (n_labels,). "
                    "The labels are the columns: fit on logits[:, k] and targets[:, k], not "
                    "on the rows.")
    return None


q5 = Question(
    "One temperature per label",
    task=(
        'Write `label_temperatures(logits, targets)` for a multi-label model: `logits` has '
        'shape (examples, labels), `targets` the same shape with 0/1 entries, both from a '
        'validation split. Return a NumPy array with one temperature per label, each '
        "minimising the NLL of that label's sigmoid. Use `fit_temperature` from the "
        'companion.'
    ),
    reference=lambda logits, targets: np.array(
        [fit_temperature(logits[:, k], targets[:, k]) for k in range(logits.shape[1])]),
    probes=_Q5_PROBES,
    rtol=1e-6,
    diagnose=_diagnose_label_shape,
    hints=[
        "In a multi-label model every label has its own sigmoid, so every label can be "
        "miscalibrated in its own way.",
        "fit_temperature accepts 1-d logits with 0/1 labels. Call it once per column of "
        "logits and targets.",
        "Return an array with one temperature per label: shape (n_labels,).",
    ],
    solution="""
        def label_temperatures(logits, targets):
            return np.array([fit_temperature(logits[:, k], targets[:, k])
                             for k in range(logits.shape[1])])
    """,
    mistakes={
        "shared": (
            lambda logits, targets: np.full(
                logits.shape[1], fit_temperature(logits.ravel(), targets.ravel())),
            "You fitted one temperature for all labels together. The labels are independent "
            "sigmoids and may be over- or underconfident by different amounts: fit each "
            "column on its own.",
        ),
        "probabilities": (
            lambda logits, targets: np.array(
                [fit_temperature(sigmoid(logits[:, k]), targets[:, k])
                 for k in range(logits.shape[1])]),
            "You passed sigmoid probabilities to fit_temperature. The temperature divides "
            "the logits, so fit it on the logits themselves.",
        ),
    },
)


def _murphy(probs, labels):
    """The reference: Murphy's three terms, grouping equal forecasts."""
    d = brier_decomposition(np.asarray(probs, dtype=float), np.asarray(labels).astype(np.int64))
    return np.array([d.reliability, d.resolution, d.uncertainty])


def _groups(probs, labels):
    p, y = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)
    values = np.unique(p)
    counts = np.array([np.sum(p == v) for v in values])
    rates = np.array([y[p == v].mean() for v in values])
    return values, counts, rates, y.mean(), len(y)


def _murphy_unweighted(probs, labels):
    f, _, r, base, _ = _groups(probs, labels)
    return np.array([np.mean((f - r) ** 2), np.mean((r - base) ** 2), base * (1 - base)])


def _murphy_forecast_mean(probs, labels):
    f, k, r, base, n = _groups(probs, labels)
    centre = np.sum(k * f) / n  # the mean forecast instead of the base rate
    return np.array([np.sum(k * (f - r) ** 2) / n, np.sum(k * (r - centre) ** 2) / n,
                     base * (1 - base)])


def _murphy_base_rate(probs, labels):
    f, k, r, base, n = _groups(probs, labels)
    return np.array([np.sum(k * (f - r) ** 2) / n, np.sum(k * (r - base) ** 2) / n, base])


def _murphy_unsquared(probs, labels):
    f, k, r, base, n = _groups(probs, labels)
    return np.array([np.sum(k * np.abs(f - r)) / n, np.sum(k * np.abs(r - base)) / n,
                     base * (1 - base)])


def _diagnose_murphy(outputs, expected):
    """Name a decomposition whose terms do not add up to the Brier score."""
    if all(np.shape(got) == (3,) and np.allclose(np.asarray(got, dtype=float)[[1, 0, 2]], want,
                                                  rtol=1e-9, atol=1e-12)
           for got, want in zip(outputs, expected, strict=True)):
        return ("your terms are right but in the wrong order: return (reliability, "
                "resolution, uncertainty), reliability (the calibration gap) first.")
    for got, (probs, labels) in zip(outputs, _MURPHY_PROBES, strict=True):
        got = np.asarray(got, dtype=float)
        if got.shape != (3,):
            return None  # not three terms: the general messages say what differs
        brier = np.mean((np.asarray(probs) - np.asarray(labels)) ** 2)
        if not np.isclose(got[0] - got[1] + got[2], brier, rtol=1e-9, atol=1e-12):
            return ("your reliability - resolution + uncertainty does not equal the Brier "
                    "score mean((p - y)^2), which Murphy's decomposition reproduces exactly: "
                    "check each term's weights n_k / n and squares.")
    return None


_rng6 = np.random.default_rng(11)
_F6 = _rng6.choice([0.1, 0.3, 0.5, 0.7, 0.9, 1.0], size=80)
_Y6 = (_rng6.random(80) < _F6 ** 1.4).astype(np.int64)
_MURPHY_PROBES = [
    (np.array([0.8, 0.8, 0.8, 0.2, 0.2]), np.array([1, 1, 0, 0, 0])),
    (_F6, _Y6),
    (np.array([0.0, 0.0, 1.0, 1.0, 0.5, 0.5]), np.array([0, 0, 1, 0, 1, 1])),
]

q6 = Question(
    "Murphy's decomposition of the Brier score",
    task=(
        'Write `murphy(probs, labels)` for a binary forecast that takes only a few distinct '
        'values: `probs` a 1-d NumPy array of probabilities, `labels` the 0/1 outcomes. '
        'Return the three terms of {eq}`calibration-murphy`, `(reliability, resolution, '
        'uncertainty)`, grouping the examples by equal forecast values, without the '
        "companion's `brier_decomposition`. Check that reliability - resolution + "
        'uncertainty equals `np.mean((probs - labels) ** 2)`.'
    ),
    reference=_murphy,
    probes=_MURPHY_PROBES,
    rtol=1e-9,
    atol=1e-12,
    diagnose=_diagnose_murphy,
    hints=[
        "np.unique(probs) lists the groups; for each, count its examples n_k and take the "
        "fraction of positives among them.",
        "Reliability: sum of n_k (f_k - ybar_k)^2 / n. Resolution: sum of n_k (ybar_k - ybar)^2 "
        "/ n, with ybar the fraction positive over all examples. Uncertainty: ybar (1 - ybar).",
    ],
    solution="""
        def murphy(probs, labels):
            n, base = len(labels), labels.mean()
            reliability = resolution = 0.0
            for f in np.unique(probs):
                group = probs == f
                rate = labels[group].mean()
                reliability += group.sum() / n * (f - rate) ** 2
                resolution += group.sum() / n * (rate - base) ** 2
            return reliability, resolution, base * (1 - base)
    """,
    mistakes={
        "unweighted": (
            _murphy_unweighted,
            "You averaged over the groups with equal weights. Each group's term is weighted "
            "by its share of the examples, n_k / n: a forecast used once must not count as "
            "much as one used 50 times.",
        ),
        "forecast_mean": (
            _murphy_forecast_mean,
            "Your resolution measures the groups' fractions positive against the mean "
            "forecast. It is measured against the base rate, the fraction positive over all "
            "examples: resolution is about the outcomes, not the forecasts.",
        ),
        "base_rate": (
            _murphy_base_rate,
            "Your uncertainty is the base rate ybar itself. It is the variance of a 0/1 "
            "outcome with that rate, ybar (1 - ybar): 0 when every outcome is the same.",
        ),
        "unsquared": (
            _murphy_unsquared,
            "You used absolute gaps, as in the ECE. The Brier score is a mean of squares, and "
            "so are its reliability and resolution terms: square each gap.",
        ),
    },
)
