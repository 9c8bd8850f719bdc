"""Exercises for "More than one class?" (multi-label classification).

When an answer matches no catalogued mistake, each question's ``diagnose``
hook looks at *properties* of what it returned (NaN or inf where the answer
is finite, rows that sum to 1, a probability above 1, ``>=`` where ``>`` is
asked, indices instead of thresholds ...), so that near-variants of a mistake
get a message naming it.
"""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.exercises._question import Question
from companion.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
)

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import binary_cross_entropy_with_logits, sigmoid'


def _per_probe(probes, rtol, find):
    """A ``diagnose`` hook for Question: ``find(got, want, args)`` on the first probe
    where the answer differs from the reference (None: nothing specific to say)."""
    def diagnose(outputs, expected):
        for args, got, want in zip(probes, outputs, expected, strict=True):
            if got is None or _close(got, want, rtol, 0.0):
                continue
            return find(np.asarray(got), np.asarray(want), args)
        return None
    return diagnose


def _close(got, want, rtol, atol):
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return False
    if got.dtype.kind in "biuf" and want.dtype.kind in "biuf":
        return bool(np.allclose(got.astype(float), want.astype(float), rtol=rtol, atol=atol,
                                equal_nan=True))
    return bool(np.array_equal(got, want))


def _numeric(a):
    return a.dtype.kind in "biuf"


def _shape_message(got, want):
    """'Right values, wrong shape'; None when the shapes agree or the values are wrong too."""
    if got.shape == want.shape:
        return None
    if _numeric(got) and got.size == want.size and np.allclose(
            got.reshape(want.shape).astype(float), want.astype(float), rtol=1e-6,
            equal_nan=True):
        return (f"the values are right but the shape is not: you returned shape {got.shape}, "
                f"the task asks for shape {want.shape}.")
    return None


def _first_nonfinite(got, want, z):
    """The logit at the first place where ``got`` is NaN/inf and ``want`` is finite."""
    if not (_numeric(got) and got.shape == want.shape):
        return None
    bad = ~np.isfinite(got.astype(float)) & np.isfinite(want.astype(float))
    if not bad.any():
        return None
    z = np.asarray(z)
    if z.shape == got.shape:
        return float(z[bad][0])
    return float(z.flat[np.argmax(np.abs(z))])  # a reduced answer: name the largest |logit|


# ---------------------------------------------------------------- q1: probabilities

_Z = np.array([[2.0, 1.5, -3.0], [-1.0, -2.0, -0.5], [0.3, -4.0, 2.5], [1.0, 1.0, -3.0]])
_Z_WIDE = np.array([[800.0, -800.0, 0.0], [40.0, -40.0, 2.0], [-700.0, 710.0, 36.9]])
_Z_F32 = np.array([[100.0, -80.0, 0.0], [17.0, -17.0, 88.0], [-50.0, 30.0, 1.0]],
                   dtype=np.float32)

_SOFTMAX_MESSAGE = (
    "A softmax makes the labels compete for one unit of probability, so a film that is "
    "both comedy and romance cannot score high on both. Use one sigmoid per label.")
_NORMALISED_MESSAGE = (
    "Multi-label probabilities need not sum to 1: an example can have no label or all of "
    "them. Dividing by the sum ties each label to the others; keep the sigmoids as they are.")


def _diagnose_probs(got, want, args):
    shape = _shape_message(got, want)
    if shape:
        return shape
    z = args[0]
    where = _first_nonfinite(got, want, z)
    if where is not None:
        return (f"your function returns NaN or inf at logit {where:g}, where the probability "
                "is a finite number between 0 and 1: the formula overflows for large |z|. "
                "Use a sigmoid that is safe for every logit (the companion's or torch's).")
    if not _numeric(got):
        return None
    if _close(got, softmax(z, dim=0), 1e-6, 0.0):
        return _SOFTMAX_MESSAGE
    if got.ndim == 2 and any(np.allclose(got.astype(float).sum(axis=axis), 1.0, rtol=1e-6)
                             for axis in (0, 1)):
        return _NORMALISED_MESSAGE
    small = (got == 0) & (want > 0)
    if small.any():
        return (f"your function returns exactly 0 at logit {float(np.asarray(z)[small][0]):g}, "
                "where the probability is small but positive: the formula loses small "
                "probabilities (1 minus a number close to 1?). Use a sigmoid that is accurate "
                "for every logit (the companion's or torch's).")
    return None


q1 = Question(
    "Probabilities for a multi-label problem",
    task=(
        'A film can belong to several genres at once. Write `label_probs(logits)` that turns '
        'logits of shape (batch, labels) into one probability per label, an array of the '
        'same shape, for any logits (as large as 800 in float64, 100 in float32).'
    ),
    reference=sigmoid,
    rtol=1e-6,
    probes=[(_Z,), (_Z_WIDE,), (_Z_F32,)],
    hints=[
        "Each label is its own yes/no question: is this film a comedy? a romance?",
        "Apply the sigmoid to every logit independently; do not normalise.",
    ],
    solution="""
        def label_probs(logits):
            return sigmoid(logits)  # one independent probability per label
    """,
    mistakes={
        "softmax": (lambda z: softmax(z, dim=-1), _SOFTMAX_MESSAGE),
        "normalised_to_one": (
            lambda z: sigmoid(z) / sigmoid(z).sum(axis=-1, keepdims=True), _NORMALISED_MESSAGE),
    },
    diagnose=_per_probe([(_Z,), (_Z_WIDE,), (_Z_F32,)], 1e-9, _diagnose_probs),
)

# ---------------------------------------------------------------- q2: decisions

_THRESHOLDS = np.array([0.5, 0.5, 0.2])
_Z_TIES = np.array([[0.0, 0.0, -1.0], [0.0, 3.0, -2.0], [-40.0, 0.0, 800.0],
                    [800.0, -800.0, -1.5], [0.1, -0.1, -1.2]])


def _diagnose_decisions(got, want, args):
    shape = _shape_message(got, want)
    if shape:
        return shape
    if (got.dtype.kind == "f" and not np.isin(got, (0.0, 1.0)).all()
            and np.all((got >= 0) & (got <= 1))):
        return ("your function returns probabilities, not decisions: compare them with the "
                "thresholds and return the booleans.")
    z = np.asarray(args[0], dtype=float)
    differ = got.astype(bool) != want
    p = sigmoid(z)
    if differ.any() and np.all(p[differ] == np.broadcast_to(_THRESHOLDS, z.shape)[differ]):
        return _GE_MESSAGE
    return None


_GE_MESSAGE = (
    "Your decisions differ only where a probability equals its threshold exactly (at logit "
    "0 the probability is 0.5): a label is on when p > t, strictly, as in "
    "predict_multilabel. Use >, not >=.")

q2 = Question(
    "Decide with one threshold per label",
    task=(
        'The third label is a rare but serious finding, so it gets a lower threshold: the '
        'thresholds are $[0.5, 0.5, 0.2]$ on the probabilities, and a label is on when its '
        'probability is *above* its threshold. Write `predict_labels(logits)` that returns '
        'a boolean array of shape (batch, labels).'
    ),
    reference=lambda z: sigmoid(z) > _THRESHOLDS,
    probes=[(_Z,), (_Z_TIES,)],
    hints=[
        "The thresholds [0.5, 0.5, 0.2] are probabilities, one per label (last axis).",
        "Compare sigmoid(logits) with the thresholds; broadcasting lines them up with the "
        "last axis. 'Above' means >.",
    ],
    solution="""
        thresholds = np.array([0.5, 0.5, 0.2])

        def predict_labels(logits):
            return sigmoid(logits) > thresholds  # or predict_multilabel(logits, thresholds)
    """,
    mistakes={
        "single_label": (
            lambda z: np.eye(z.shape[-1], dtype=bool)[np.argmax(z, axis=-1)],
            "argmax gives exactly one label per example. In a multi-label problem an example "
            "can have zero, one or several labels: threshold each label on its own.",
        ),
        "softmax_threshold": (
            lambda z: softmax(z, dim=-1) > _THRESHOLDS,
            "Thresholding a softmax solves a multi-label problem with competing labels: two "
            "true labels split the probability between them. Use sigmoid per label.",
        ),
        "threshold_on_logits": (
            lambda z: z > _THRESHOLDS,
            "The thresholds are probabilities; compare them with sigmoid(logits), not with "
            "the logits.",
        ),
        "greater_or_equal": (lambda z: sigmoid(z) >= _THRESHOLDS, _GE_MESSAGE),
        "one_threshold": (
            lambda z: sigmoid(z) > 0.5,
            "You used 0.5 for every label; the third label has its own threshold, 0.2.",
        ),
    },
    diagnose=_per_probe([(_Z,), (_Z_TIES,)], 1e-9, _diagnose_decisions),
)

# ---------------------------------------------------------------- q3: the loss

_Y = np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
_Z_BIG = np.array([[40.0, -40.0, 2.0]])
_Y_BIG = np.array([[0.0, 1.0, 1.0]])
_Z_HUGE = np.array([[800.0, -800.0, 15.0], [-36.0, 37.5, 0.5]])
_Y_HUGE = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
_Z_LOSS32 = np.array([[100.0, -100.0, 15.0], [-17.0, 20.0, 0.5]], dtype=np.float32)
_Y_LOSS32 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]], dtype=np.float32)

_ON_PROBS_MESSAGE = (
    "Your loss is right for moderate logits but wrong for large ones, as a loss computed "
    "from probabilities is: at logits like 40 the sigmoid has rounded to 1, and log(1 - p) "
    "is capped or lost. Work on the logits: binary_cross_entropy_with_logits, or a formula "
    "with softplus / np.logaddexp.")


def _diagnose_loss(got, want, args):
    z, y = (np.asarray(a) for a in args)
    if got.shape != want.shape:
        per_entry = binary_cross_entropy_with_logits(z, y, reduction="none")
        if got.shape == z.shape and np.allclose(got.astype(float), per_entry, rtol=1e-6):
            return ("you returned one loss per entry; the task asks for the mean over all "
                    "entries, one number.")
        if got.shape == z.shape[:1] and np.allclose(got.astype(float), per_entry.mean(axis=-1),
                                                    rtol=1e-6):
            return ("you returned one loss per example (the mean over its labels); the task "
                    "asks for the mean over all entries, one number.")
        return _shape_message(got, want)
    if not np.all(np.isfinite(got.astype(float))):
        return (f"your loss is NaN or inf on logits reaching |z| = {np.abs(z).max():g}, where "
                "the true loss is finite: log(p) or log(1 - p) of a probability that "
                "rounded to 0 or 1. Work on the logits (binary_cross_entropy_with_logits, "
                "or softplus / np.logaddexp).")
    if np.isclose(float(got), float(want) * z.size, rtol=1e-6):
        return "you summed the losses; the task asks for the mean over all entries."
    if z.ndim == 2 and np.isclose(float(got), float(want) * z.shape[-1], rtol=1e-6):
        return ("you summed over the labels and averaged over the batch; the task asks for "
                "the mean over all entries (examples and labels), as torch's default "
                "reduction='mean' does.")
    if np.abs(z).max() >= 10:  # right on the moderate probe, wrong on this one
        return _ON_PROBS_MESSAGE
    return None


_Q3_PROBES = [(_Z, _Y), (_Z_BIG, _Y_BIG), (_Z_HUGE, _Y_HUGE), (_Z_LOSS32, _Y_LOSS32)]

q3 = Question(
    "The loss for a multi-label batch",
    task=(
        'Write `multilabel_loss(logits, targets)`, the training loss for a multi-label '
        "batch with 0/1 targets of the same shape as the logits: the binary cross-entropy "
        "of every entry, averaged over all entries (examples and labels), using the "
        "companion's losses. It must be right for any logits, however large (800 in "
        'float64, 100 in float32).'
    ),
    reference=binary_cross_entropy_with_logits,
    probes=_Q3_PROBES,
    rtol=1e-6,
    hints=[
        "Each label is a binary problem: which loss goes with a sigmoid?",
        "binary_cross_entropy_with_logits takes the raw logits and applies the sigmoid "
        "inside.",
    ],
    solution="""
        def multilabel_loss(logits, targets):
            return binary_cross_entropy_with_logits(logits, targets)  # logits, not sigmoid(logits)
    """,
    mistakes={
        "sigmoid_first": (
            lambda z, y: binary_cross_entropy_with_logits(sigmoid(z), y),
            "binary_cross_entropy_with_logits applies the sigmoid itself; giving it "
            "sigmoid(logits) applies it twice, so every 'probability' lands in (0.5, 0.73) "
            "and the loss cannot go to 0. Pass the raw logits.",
        ),
        "cross_entropy": (
            lambda z, y: cross_entropy(z, y),
            "cross_entropy puts one softmax over the labels: it is the loss for exactly one "
            "class per example. Multi-label targets need a binary loss per label.",
        ),
        "bce_on_sigmoid": (
            lambda z, y: binary_cross_entropy(sigmoid(z), y),
            "binary_cross_entropy(sigmoid(logits), targets) is right only for moderate "
            "logits: at logit 40 with target 0 the sigmoid has rounded to 1 and the loss "
            "is capped at 100 instead of 40. Pass the logits to "
            "binary_cross_entropy_with_logits.",
        ),
        "textbook_formula": (
            lambda z, y: _textbook_bce(z, y),
            "The textbook formula with p = 1/(1 + exp(-z)) gives inf once p rounds to 0 or 1 "
            "(log(0)): at logit 40 with target 0, 1 - p is 0. Work on the logits: "
            "binary_cross_entropy_with_logits, or softplus / np.logaddexp.",
        ),
    },
    diagnose=_per_probe(_Q3_PROBES, 1e-6, _diagnose_loss),
)


def _textbook_bce(z, y):
    with np.errstate(all="ignore"):
        p = 1 / (1 + np.exp(-z))
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


# ---------------------------------------------------------------- q4: a whole label set

_Z_SET = np.array([[2.0, -1.0, 0.5, -3.0], [40.0, -40.0, 1.0, 0.0], [-0.3, 0.8, 3.0, -2.0]])
_SETS = np.array([[1, 0, 1, 0], [0, 0, 1, 1], [0, 1, 1, 1]])
_Z_SET_WIDE = np.array([[36.0, -38.0, 30.0, 0.0], [-20.0, 25.0, -2.0, 5.0]])
_SETS_WIDE = np.array([[0, 0, 1, 0], [0, 1, 0, 0]])


def _set_probability(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    return np.exp(-binary_cross_entropy_with_logits(z, y, reduction="none").sum(axis=-1))


def _diagnose_set(got, want, args):
    if got.shape != want.shape:
        return _shape_message(got, want)
    if np.all(got <= 0) and np.allclose(np.exp(got.astype(float)), want, rtol=1e-6):
        return ("you returned the log of the probability (a sum of log-factors); the task "
                "asks for the probability itself: take the exponential.")
    if np.any(got > 1):
        return ("one of your probabilities is above 1: the probability of a set is the "
                "product of one factor per label, not their sum.")
    if np.any((got == 0) & (want > 0)):
        return ("your probability is exactly 0 where the true one is small but positive (at "
                "logit 40 with the label absent it is about e^-40): 1 - sigmoid(z) is 0 once "
                "sigmoid(z) has rounded to 1. Use sigmoid(-z) for an absent label, or "
                "exp(-sum of binary_cross_entropy_with_logits).")
    return None


_Q4_PROBES = [(_Z_SET, _SETS), (_Z_SET_WIDE, _SETS_WIDE)]

q4 = Question(
    "The probability of a whole label set",
    task=(
        'A one-sigmoid-per-label model treats the labels as independent given the input. '
        'Write `set_probability(logits, label_set)`: for logits of shape (batch, labels) and '
        'a 0/1 array `label_set` of the same shape, it returns, for each example, the '
        "probability the model gives to that exact set of labels (shape (batch,)). It must "
        'stay accurate for logits as large as 40.'
    ),
    reference=_set_probability,
    probes=_Q4_PROBES,
    hints=[
        "Each label contributes one factor: p_c if the label is in the set, 1 - p_c if not.",
        "Multiply the factors along the labels axis. For an absent label, 1 - sigmoid(z) is "
        "sigmoid(-z), which stays accurate for large z; or use exp(-sum of the per-label "
        "binary cross-entropies).",
    ],
    solution="""
        def set_probability(logits, label_set):
            signed = np.where(label_set == 1, logits, -logits)  # 1 - sigmoid(z) = sigmoid(-z)
            return sigmoid(signed).prod(axis=-1)
    """,
    mistakes={
        "one_minus_sigmoid": (
            lambda z, y: np.where(y == 1, sigmoid(z), 1 - sigmoid(z)).prod(axis=-1),
            "Right formula, but 1 - sigmoid(z) is 0 once sigmoid(z) rounds to 1 (from about "
            "z = 37 in float64), so a set with a confidently absent label gets probability "
            "exactly 0. Use sigmoid(-z) for the absent labels.",
        ),
        "positives_only": (
            lambda z, y: np.where(y == 1, sigmoid(z), 1.0).prod(axis=-1),
            "You multiplied only the factors of the labels in the set. The labels left out "
            "count too: each contributes 1 - p_c, the probability that it is absent.",
        ),
        "softmax": (
            lambda z, y: np.where(y == 1, softmax(z, dim=-1), 1.0).prod(axis=-1),
            "A softmax over the labels is not what this model outputs: each label has its own "
            "sigmoid, and the set's probability is the product of one factor per label.",
        ),
        "mean_of_factors": (
            lambda z, y: sigmoid(np.where(y == 1, z, -z)).mean(axis=-1),
            "You averaged the factors. Independent events multiply: the probability of the "
            "whole set is the product of the per-label factors.",
        ),
    },
    diagnose=_per_probe(_Q4_PROBES, 1e-9, _diagnose_set),
)

# ---------------------------------------------------------------- q5: tune thresholds

CANDIDATES = np.arange(1, 20) / 20  # 0.05, 0.10, ..., 0.95, exact where they can be


def _f1_table(probs, targets):
    """F1 of the rule p > t for every candidate t (rows) and label (columns)."""
    probs, targets = np.asarray(probs, dtype=float), np.asarray(targets) == 1
    table = []
    for t in CANDIDATES:
        on = probs > t
        tp = (on & targets).sum(axis=0)
        fp = (on & ~targets).sum(axis=0)
        fn = (~on & targets).sum(axis=0)
        denominator = 2 * tp + fp + fn
        table.append(np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0))
    return np.array(table)


def _best_thresholds(probs, targets):
    return CANDIDATES[np.argmax(_f1_table(probs, targets), axis=0)]


def _held_out(seed, n, c):
    """Made-up held-out probabilities that look like a real model's, and their targets."""
    rng = np.random.default_rng(seed)
    targets = (rng.random((n, c)) < np.linspace(0.2, 0.6, c)).astype(np.int64)
    logits = rng.normal(loc=np.where(targets == 1, 1.2, -1.2), scale=1.5)
    probs = np.round(sigmoid(logits), 2)  # two decimals: some land exactly on a candidate
    return probs, targets


_TIE_PROBS = np.array([[0.9, 0.25, 0.5], [0.8, 0.3, 0.5], [0.35, 0.6, 0.55], [0.1, 0.7, 0.2],
                       [0.2, 0.25, 0.45]])
_TIE_TARGETS = np.array([[1, 0, 1], [1, 1, 1], [0, 1, 0], [0, 1, 0], [0, 0, 1]])


def _diagnose_thresholds(got, want, args):
    if got.shape != want.shape:
        return _shape_message(got, want)
    if got.dtype.kind in "iu" or (np.all(got == np.round(got)) and np.all(got >= 0)):
        return ("you returned whole numbers: indices into the candidates? Return the "
                "thresholds themselves, candidates[index].")
    if not np.all(np.isin(np.round(got, 12), np.round(CANDIDATES, 12))):
        return "each threshold you return should be one of the candidates."
    table = _f1_table(*args)
    k_got = np.array([int(np.argmin(np.abs(CANDIDATES - g))) for g in got])
    best = table.max(axis=0)
    chosen = table[k_got, np.arange(len(got))]
    if np.allclose(chosen, best):
        return ("your thresholds reach the best F1, but where several thresholds tie the "
                "task asks for the lowest of them.")
    return None


_Q5_PROBES = [(_TIE_PROBS, _TIE_TARGETS), _held_out(0, 300, 3), _held_out(1, 120, 4)]

q5 = Question(
    "Tune one threshold per label on held-out data",
    task=(
        'On held-out data a model gave the probabilities `probs` (shape (N, C)) for 0/1 '
        'targets `targets` (same shape). For each label, try every threshold in '
        '`candidates` (0.05, 0.10, ..., 0.95), decide "on" where `probs > t`, and keep the '
        'threshold with the highest F1 $= 2\\,TP/(2\\,TP + FP + FN)$ (0 when TP = 0); if '
        'several tie, keep the lowest. Write `pick_thresholds(probs, targets)`, returning '
        'the C thresholds as an array of shape (C,).'
    ),
    reference=_best_thresholds,
    probes=_Q5_PROBES,
    hints=[
        "Loop over the candidates; for each, compute the boolean decisions probs > t and, "
        "per label (axis 0), the counts TP, FP and FN, hence one F1 per label.",
        "Stack the F1 values into an array of shape (number of candidates, C); np.argmax "
        "along axis 0 gives the first, lowest, best candidate for each label.",
    ],
    solution="""
        candidates = np.arange(1, 20) / 20  # 0.05, 0.10, ..., 0.95

        def pick_thresholds(probs, targets):
            truth = targets == 1
            f1 = []
            for t in candidates:
                on = probs > t
                tp = (on & truth).sum(axis=0)
                fp = (on & ~truth).sum(axis=0)
                fn = (~on & truth).sum(axis=0)
                f1.append(2 * tp / np.maximum(2 * tp + fp + fn, 1))  # 0 when TP = 0
            return candidates[np.argmax(f1, axis=0)]  # first (lowest) of tied maxima
    """,
    mistakes={
        "greater_or_equal": (
            lambda p, y: _best_thresholds_ge(p, y),
            "Your thresholds are those of the rule probs >= t. The task decides 'on' where "
            "probs > t, strictly; a probability equal to a candidate matters here.",
        ),
        "highest_of_ties": (
            lambda p, y: CANDIDATES[len(CANDIDATES) - 1
                                    - np.argmax(_f1_table(p, y)[::-1], axis=0)],
            "Where several thresholds give the same best F1, the task keeps the lowest; you "
            "kept the highest.",
        ),
        "accuracy": (
            lambda p, y: CANDIDATES[np.argmax(
                [((np.asarray(p) > t) == (np.asarray(y) == 1)).mean(axis=0)
                 for t in CANDIDATES], axis=0)],
            "You maximised accuracy, the fraction of right decisions. The task asks for F1, "
            "which ignores the true negatives and so cares about the positive labels.",
        ),
        "one_for_all": (
            lambda p, y: np.full(np.shape(p)[1], CANDIDATES[np.argmax(
                _f1_table(p, y).mean(axis=1))]),
            "You chose one threshold for all labels (the best average F1). Each label gets "
            "its own threshold: take the argmax over the candidates for each label separately.",
        ),
    },
    diagnose=_per_probe(_Q5_PROBES, 1e-9, _diagnose_thresholds),
)


def _best_thresholds_ge(probs, targets):
    shifted = np.asarray(probs, dtype=float)
    table = []
    truth = np.asarray(targets) == 1
    for t in CANDIDATES:
        on = shifted >= t
        tp, fp, fn = ((on & truth).sum(0), (on & ~truth).sum(0), (~on & truth).sum(0))
        table.append(2 * tp / np.maximum(2 * tp + fp + fn, 1))
    return CANDIDATES[np.argmax(table, axis=0)]


# ---------------------------------------------------------------- q6: pos_weight on maps

_W_MAPS = np.array([1.0, 5.0, 20.0])


def _maps(seed):
    rng = np.random.default_rng(seed)
    logits = 3.0 * rng.normal(size=(2, 3, 3, 3))
    logits[0, 1, 0, 0], logits[1, 2, 2, 1] = 45.0, -50.0  # confident entries
    targets = (rng.random((2, 3, 3, 3)) < 0.3).astype(float)
    targets[0, 1, 0, 0], targets[1, 2, 2, 1] = 0.0, 1.0  # ... and wrong
    return logits, targets, _W_MAPS


def _map_loss(logits, targets, pos_weight):
    return binary_cross_entropy_with_logits(
        logits, targets, pos_weight=np.asarray(pos_weight).reshape(-1, 1, 1))


def _diagnose_map_loss(got, want, args):
    if got.shape != want.shape:
        return _shape_message(got, want)
    if not np.isfinite(float(got)):
        return ("your loss is NaN or inf, where the true loss is finite: work on the logits "
                "(binary_cross_entropy_with_logits) rather than on sigmoid(logits).")
    logits, targets, w = args
    if np.isclose(float(got), float(want) * np.size(logits), rtol=1e-6):
        return "you summed the losses; the task asks for the mean over all entries."
    wrong = binary_cross_entropy_with_logits(logits, targets, pos_weight=np.reshape(w, (-1, 1)))
    if np.isclose(float(got), float(wrong), rtol=1e-6):
        return ("a pos_weight of shape (C, 1) is lined up with H, the height of the "
                "(N, C, H, W) maps. The labels are on dim 1: give it the shape (C, 1, 1).")
    return None


_Q6_PROBES = [_maps(0), _maps(1)]

q6 = Question(
    "pos_weight for per-pixel labels",
    task=(
        'A segmentation model outputs logits of shape (N, C, H, W): one logit per label and '
        'pixel; `targets` are 0/1 maps of the same shape, and `pos_weight` holds one weight '
        'per label, shape (C,). Write `map_loss(logits, targets, pos_weight)`, the mean '
        'binary cross-entropy with label $c$\'s positive terms weighted by `pos_weight[c]`, '
        'right for any logits.'
    ),
    reference=_map_loss,
    probes=_Q6_PROBES,
    rtol=1e-6,
    hints=[
        "binary_cross_entropy_with_logits (or torch's) takes pos_weight and broadcasts it "
        "against the logits from the right, like any NumPy operation.",
        "Broadcast from the right, a (C,) array lines up with W, the last dim. The labels "
        "are on dim 1: reshape the weight to (C, 1, 1).",
    ],
    solution="""
        def map_loss(logits, targets, pos_weight):
            weight = np.asarray(pos_weight).reshape(-1, 1, 1)  # (C, 1, 1): one per label, dim 1
            return binary_cross_entropy_with_logits(logits, targets, pos_weight=weight)
    """,
    mistakes={
        "weight_over_width": (
            lambda z, y, w: binary_cross_entropy_with_logits(z, y, pos_weight=w),
            "A pos_weight of shape (C,) broadcasts against the last dim of (N, C, H, W), the "
            "width W: here W = C, so nothing fails, but the weights go to the image's columns, "
            "not its labels. Reshape it to (C, 1, 1).",
        ),
        "weight_not_pos_weight": (
            lambda z, y, w: binary_cross_entropy_with_logits(z, y, weight=w.reshape(-1, 1, 1)),
            "You passed the weights as weight=, which rescales every term of the label, "
            "positive and negative alike. pos_weight= rescales only the positive terms.",
        ),
        "no_weight": (
            lambda z, y, w: binary_cross_entropy_with_logits(z, y),
            "Your loss ignores pos_weight: each label's positive terms must be multiplied by "
            "its weight.",
        ),
        "sigmoid_first": (
            lambda z, y, w: binary_cross_entropy(
                sigmoid(z), y, weight=1.0 + (w.reshape(-1, 1, 1) - 1.0) * y),
            "Computed from sigmoid(logits), the loss is wrong for confident logits: at logit "
            "45 with target 0 the sigmoid has rounded to 1 and log(1 - p) is capped. Pass the "
            "logits to binary_cross_entropy_with_logits.",
        ),
    },
    diagnose=_per_probe(_Q6_PROBES, 1e-6, _diagnose_map_loss),
)
