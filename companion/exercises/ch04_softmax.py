"""Exercises for "The mighty softmax".

Each question's ``diagnose`` names the property a wrong answer lacks (NaN
where the answer is finite, rows that do not sum to 1, a gradient off by a
factor of N or of sign, a class paired with itself) on the first probe where
the answer goes wrong, and describes that probe by its shape and range when it
is too big to print.
"""

import numpy as np

from companion.activations import softmax
from companion.exercises._question import Question, _same, _show

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import logsumexp, softmax'

# float32 probes: a correct answer computed in float32 can be about 4e-6 (relative) from
# the companion's correctly rounded result where a probability is tiny, e^(z - max) with
# z - max near -80, because z - max itself is rounded to float32.
_RTOL = 1e-5


def _brief(args):
    """A probe as the reader can read it: small arrays in full, big ones summarised."""
    parts = []
    for a in args:
        a = np.asarray(a)
        if a.size <= 12:
            text = _show(a) + (" (float32)" if a.dtype == np.float32 else "")
        else:
            text = (f"an array of shape {a.shape} ({a.dtype}) with values from "
                    f"{a.min():.4g} to {a.max():.4g}")
        parts.append(text)
    return ", ".join(parts)


def _per_probe(explain, probes, rtol, atol=0.0):
    """A ``diagnose`` for Question: ``explain(got, want)`` on the first wrong probe."""
    def diagnose(outputs, expected):
        for k, (got, want) in enumerate(zip(outputs, expected, strict=True)):
            if got is None or _same([got], [want], rtol, atol):
                continue
            message = explain(got, want)
            if message is None:
                return None
            return message if probes is None else f"For input {_brief(probes[k])}, {message}"
        return None
    return diagnose


def _nonfinite(got, want):
    return got.dtype.kind == "f" and bool((~np.isfinite(got) & np.isfinite(want)).any())


OVERFLOW = ("your output has NaN or inf where every expected value is finite: an exponential "
            "overflowed (e^z is inf above z = 709.78 in float64, 88.72 in float32) or every "
            "term underflowed to 0. Subtract each row's maximum before exponentiating.")


def _softmax_rows(got, want):
    """Diagnose a softmax along the last axis."""
    if np.shape(got) != np.shape(want):
        return (f"your output has shape {np.shape(got)}, expected the input's shape "
                f"{np.shape(want)}: one probability per logit (keepdims=True keeps the "
                "reduced axis).")
    if _nonfinite(got, want):
        return OVERFLOW
    sums = got.sum(axis=-1)
    if got.ndim == 2 and np.allclose(got.sum(axis=0), 1) and not np.allclose(sums, 1):
        return ("your columns sum to 1, not your rows: you normalised along axis 0, "
                "but the classes are along the last axis.")
    if not np.allclose(sums, 1, rtol=1e-6):
        return ("your rows do not sum to 1 along the last axis, as a softmax's rows are "
                "expected to: divide each row by its own sum (axis=-1, keepdims=True).")
    return None


_Q1_PROBES = [
    (np.array([1.0, 2.0, 3.0]),),
    (np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]]),),
    (np.array([-1000.0, -1000.0]),),
    (np.array([[100.0, 0.0, -1.0], [-100.0, -100.0, -90.0]], dtype=np.float32),),
    (np.array([[800.0, 799.0], [-800.0, 3.0]]),),
]

q1 = Question(
    "A softmax that never overflows",
    task=(
        'Write `my_softmax(z)` that applies the softmax along the **last** axis of a 1-d or '
        '2-d array. It must give the right answer, without NaN, for logits such as $[1000, 0, '
        '-1000]$ and $[-1000, -1000]$.'
    ),
    reference=lambda z: softmax(z, dim=-1),
    probes=_Q1_PROBES,
    rtol=_RTOL,
    diagnose=_per_probe(_softmax_rows, _Q1_PROBES, _RTOL),
    hints=[
        "exp(1000) is inf in float64. Which property of the softmax lets you change the "
        "logits without changing the result?",
        "softmax(z) = softmax(z - c) for any constant c. Choose c so that no exponent is "
        "positive.",
        "Subtract each row's maximum, z.max(axis=-1, keepdims=True), and normalise along the "
        "last axis with keepdims=True.",
    ],
    solution="""
        def my_softmax(z):
            e = np.exp(z - z.max(axis=-1, keepdims=True))  # largest term is e^0 = 1
            return e / e.sum(axis=-1, keepdims=True)
    """,
    mistakes={
        "naive_overflow": (
            lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True),
            "exp(z) / sum(exp(z)) overflows: exp(1000) is inf and inf / inf is NaN; at "
            "-1000 every term underflows and you get 0 / 0. Subtract the row maximum first: "
            "the softmax is shift invariant.",
        ),
        "subtract_min": (
            lambda z: (lambda e: e / e.sum(axis=-1, keepdims=True))(
                np.exp(z - z.min(axis=-1, keepdims=True))),
            "Subtracting the minimum makes the largest term e^(max - min), which overflows "
            "once the logits span more than 709.78. Subtract the maximum, so the largest "
            "term is e^0 = 1.",
        ),
        "whole_batch": (
            lambda z: (lambda e: e / e.sum())(np.exp(z - z.max())),
            "You normalised over the whole array: for a batch, each row must sum to 1 on "
            "its own. Take max and sum along the last axis with keepdims=True.",
        ),
    },
)


def _limit_message(got, want):
    if got.dtype.kind not in "biuf":
        return "give three numbers, one probability per class."
    if np.shape(got) != np.shape(want):
        if np.size(got) == np.size(want):
            return None  # the right numbers in another shape: the general message
        return (f"you gave {np.size(got)} number(s); give three probabilities, "
                "one per logit.")
    if not np.isclose(got.sum(), 1, atol=1e-3):
        return (f"your three numbers sum to {got.sum():.3g}: a softmax output sums to 1 at "
                "every T, and so does its limit.")
    return ("that sums to 1 but is not the limit: what happens to the gaps 2 - 1 and "
            "1 - 0 between the logits when they are divided by a tiny T?")


q2 = Question(
    "Temperature going to zero",
    task=(
        'What does $\\mathrm{softmax}([2, 1, 0] / T)$ approach as the temperature $T \\to 0^+$? '
        'Give the three probabilities as an array.'
    ),
    reference=np.array([1.0, 0.0, 0.0]),
    rtol=1e-3,
    atol=1e-3,
    diagnose=_per_probe(_limit_message, None, 1e-3, 1e-3),
    hints=[
        "Compute softmax(z / T) for z = [2, 1, 0] and T = 1, 0.1, 0.01: what do you see?",
        "Dividing by a small T multiplies the gaps between logits by a large number.",
    ],
    solution="""
        answer = np.array([1.0, 0.0, 0.0])  # one-hot on the largest logit
    """,
    mistakes={
        "uniform": (np.full(3, 1 / 3), "The uniform distribution is the limit of a *large* "
                    "temperature; a small one sharpens the softmax."),
        "unchanged": (softmax(np.array([2.0, 1.0, 0.0]), dim=0), "That is softmax(z) at T = 1; "
                      "the temperature changes the distribution."),
        "smallest_wins": (np.array([0.0, 0.0, 1.0]), "That puts all the probability on the "
                          "smallest logit. Dividing by a positive T keeps the order of the "
                          "logits, so the largest one takes everything."),
    },
)

_SEG_DIMS = {0: "the batch", 1: "the classes", 2: "the height", 3: "the width"}


def _segmentation(got, want):
    if np.shape(got) != np.shape(want):
        return (f"your output has shape {np.shape(got)}, expected the logits' shape "
                f"{np.shape(want)}: one probability per class and pixel, with the classes "
                "still on dim 1.")
    if _nonfinite(got, want):
        return OVERFLOW
    for dim in (0, 2, 3):
        if np.allclose(got.sum(axis=dim), 1):
            return (f"your probabilities sum to 1 along dim {dim} ({_SEG_DIMS[dim]}); they "
                    "are expected to sum to 1 along dim 1, the classes.")
    if not np.allclose(got.sum(axis=1), 1):
        return ("your output does not sum to 1 over the classes (dim 1) at every pixel, as "
                "a softmax over the classes is expected to.")
    return None


def _extreme(seed, shape, scale, peak, dtype):
    """Random logits with one entry set to ``peak``, to reach the extremes."""
    logits = (np.random.default_rng(seed).normal(size=shape) * scale).astype(dtype)
    logits.flat[0] = peak
    return logits


_Q3_PROBES = [
    (np.random.default_rng(3).normal(size=(2, 3, 4, 5)) * 3,),
    (_extreme(4, (1, 4, 2, 3), 400.0, 800.0, np.float64),),
    (_extreme(5, (2, 3, 2, 2), 50.0, 100.0, np.float32),),
]

q3 = Question(
    "Softmax for a segmentation network",
    task=(
        'A segmentation network outputs logits of shape (batch, classes, height, width): one '
        'score per class for every pixel. Write `segmentation_probs(logits)` that turns them '
        'into per-pixel class probabilities with `softmax` from the companion.'
    ),
    reference=lambda logits: softmax(logits, dim=1),
    probes=_Q3_PROBES,
    rtol=_RTOL,
    diagnose=_per_probe(_segmentation, _Q3_PROBES, _RTOL),
    hints=[
        "The output has shape (batch, classes, height, width): every pixel of every image "
        "gets one logit per class.",
        "Each pixel needs a distribution over the classes: normalise along the class dim.",
    ],
    solution="""
        def segmentation_probs(logits):
            return softmax(logits, dim=1)  # dim=-3 is the same axis
    """,
    mistakes={
        "batch_dim": (
            lambda logits: softmax(logits, dim=0),
            "dim 0 runs over the images of the batch: each class would be normalised across "
            "images. The classes are on dim 1.",
        ),
        "last_dim": (
            lambda logits: softmax(logits, dim=-1),
            "The last dim is the width: each row of pixels would become a distribution. "
            "The classes are on dim 1.",
        ),
        "height_dim": (
            lambda logits: softmax(logits, dim=2),
            "dim 2 is the height: each column of pixels would become a distribution. "
            "The classes are on dim 1.",
        ),
    },
)


def _ce_grad_reference(logits, target):
    n, c = logits.shape
    return (softmax(logits, dim=1) - np.eye(c, dtype=logits.dtype)[target]) / n


def _ce_gradient(got, want):
    if np.shape(got) != np.shape(want):
        return (f"your gradient has shape {np.shape(got)}, expected the logits' shape "
                f"{np.shape(want)}: one partial derivative per logit.")
    if _nonfinite(got, want):
        return OVERFLOW
    n = want.shape[0]
    if not np.allclose(got.sum(axis=1), 0, atol=1e-6 / n):
        return ("the rows of your gradient do not sum to 0, although the expected gradient's "
                "rows do: the loss does not change when all logits of a row shift together. "
                "Check the -y term and the axis of your softmax.")
    scale = np.vdot(got, want) / np.vdot(want, want)
    if np.allclose(got, scale * want, rtol=1e-6, atol=1e-12):
        if np.isclose(scale, n) and n > 1:
            return ("your gradient is N times the expected one: that is the gradient of the "
                    "summed loss; the mean divides every row by N.")
        if np.isclose(scale, -1) or np.isclose(scale, -n):
            return "your gradient has the wrong sign: the loss's gradient is p - y, not y - p."
        return f"your gradient is {scale:.3g} times the expected one: check the factor 1/N."
    return None


_Q4_PROBES = [
    (np.random.default_rng(6).normal(size=(4, 3)) * 2, np.array([0, 2, 1, 1])),
    (np.array([[800.0, 0.0, -800.0], [0.0, 0.0, 0.0], [-800.0, 0.0, 800.0]]),
     np.array([2, 1, 2])),
    (np.array([[100.0, 0.0, -1.0], [0.0, 100.0, 50.0]], dtype=np.float32), np.array([2, 1])),
    (np.array([[1.0, 2.0, 3.0, 4.0]]), np.array([3])),
]

q4 = Question(
    "The gradient of cross-entropy",
    task=(
        'Derive the gradient of the mean cross-entropy `cross_entropy(logits, target)` with '
        'respect to the logits, for logits of shape (N, C) and class indices `target` of '
        'shape (N,), and write `ce_grad(logits, target)` that returns it as an array of the '
        'logits\' shape, computed with NumPy. It must stay finite for logits as large as '
        '$\\pm 800$. Then compare it with what `torch` autograd gives on a few random logits.'
    ),
    reference=_ce_grad_reference,
    probes=_Q4_PROBES,
    rtol=_RTOL,
    atol=1e-12,
    diagnose=_per_probe(_ce_gradient, _Q4_PROBES, _RTOL, 1e-12),
    hints=[
        "Write the loss of one example as logsumexp(z) - z_y and differentiate each term "
        "with respect to z_i.",
        "The derivative of logsumexp(z) is softmax(z); the derivative of z_y is the one-hot "
        "vector of y. So one example's gradient is p - y.",
        "The mean over N examples divides each row by N. Build the one-hot rows with "
        "np.eye(C)[target] and use the companion's softmax along dim 1.",
    ],
    solution="""
        def ce_grad(logits, target):
            n, c = logits.shape
            p = softmax(logits, dim=1)  # stable: no overflow at 800
            y = np.eye(c)[target]  # one-hot rows
            return (p - y) / n  # mean over the batch
    """,
    mistakes={
        "sum_reduction": (
            lambda z, t: softmax(z, dim=1) - np.eye(z.shape[1])[t],
            "That is the gradient of the summed loss. cross_entropy averages over the batch by "
            "default, so every row of the gradient is divided by N.",
        ),
        "sign_flipped": (
            lambda z, t: (np.eye(z.shape[1])[t] - softmax(z, dim=1)) / len(z),
            "The sign is flipped: y - p is the gradient of the log-likelihood, which training "
            "increases. The loss's gradient is p - y.",
        ),
        "forgot_target": (
            lambda z, t: softmax(z, dim=1) / len(z),
            "You left out the derivative of -z_y: the true class's logit also gets -1, so "
            "the gradient is (p - y) / N.",
        ),
        "only_target": (
            lambda z, t: -np.eye(z.shape[1])[t] / len(z),
            "That is the derivative of -z_y alone. logsumexp(z) depends on every logit too, "
            "and its derivative is the softmax p.",
        ),
        "softmax_over_batch": (
            lambda z, t: (softmax(z, dim=0) - np.eye(z.shape[1])[t]) / len(z),
            "Your softmax runs along dim 0, across the batch. Each example's probabilities "
            "come from its own row: softmax along dim 1.",
        ),
        "naive_softmax": (
            lambda z, t: (np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
                          - np.eye(z.shape[1])[t]) / len(z),
            "The formula p - y is right, but exp(z) / sum(exp(z)) overflows at z = 800 and "
            "gives NaN. Use the companion's softmax, or subtract each row's maximum first.",
        ),
    },
)


def _mean_gaps(logits, groups, values=None):
    """M[i, j]: mean over the examples of group i of values_i - values_j."""
    v = logits if values is None else values
    c = logits.shape[1]
    gaps = np.full((c, c), np.inf)
    for i in range(c):
        rows = v[groups == i]
        if len(rows):
            gaps[i] = (rows[:, [i]] - rows).mean(axis=0)
    return gaps


def _rivals(gaps, diagonal=False):
    gaps = gaps.copy()
    if not diagonal:
        np.fill_diagonal(gaps, np.inf)
    i, j = np.unravel_index(np.argmin(gaps), gaps.shape)
    return int(i), int(j)


def _rivals_probes():
    """Labelled logits where each class leans towards another one to a different degree;
    in the first, heavy-tailed noise makes some predictions wrong and some logits extreme,
    so grouping by prediction or averaging probabilities gives another pair."""
    probes = []
    for seed, (n, c), noisy in [(1, (30, 4), True), (7, (40, 4), False), (8, (60, 5), False),
                                (9, (30, 3), False)]:
        rng = np.random.default_rng(seed)
        labels = np.arange(n) % c
        lean = rng.permutation(c)  # class i leans towards class lean[i]
        if noisy:
            logits = rng.standard_t(2, size=(n, c)) * 1.5
            logits[np.arange(n), labels] += 3.0
        else:
            logits = rng.normal(size=(n, c)) * 1.5
            logits[np.arange(n), labels] += 4.0
        logits[np.arange(n), lean[labels]] += rng.uniform(0.5, 3.5, size=c)[labels]
        probes.append((logits, labels))
    # One outlier: for class 0 the gap to class 1 is 5 on four examples and -20 on the
    # fifth (mean 0, median 5), so a median picks the pair (1, 2) instead of (0, 1).
    labels = np.repeat(np.arange(3), 5)
    logits = np.zeros((15, 3))
    logits[:5] = [[6.0, 1.0, 0.0]] * 4 + [[6.0, 26.0, 0.0]]
    logits[5:10] = [4.0, 8.0, 6.0]
    logits[10:] = [0.0, 0.0, 6.0]
    probes.append((logits, labels))
    return probes


def _rivals_message(got, want):
    if np.shape(got) != (2,):
        return (f"you returned something of shape {np.shape(got)}, expected a pair of class "
                "indices (i, j), for example (3, 5).")
    if got[0] == got[1]:
        return ("you returned a class paired with itself: z_i - z_i = 0 for every example, "
                "so the pair expected has two different classes.")
    return None


_Q5_PROBES = _rivals_probes()

q5 = Question(
    "Which two classes does the model confuse?",
    task=(
        'A classifier\'s logits for labelled examples are `logits`, shape (N, C), and the true '
        'classes `labels`, shape (N,); every class occurs. For every ordered pair of different '
        'classes $(i, j)$, average the log-ratio $z_i - z_j = \\log(p_i / p_j)$ over the '
        'examples whose true class is $i$: how strongly, on average, the model prefers the '
        'right class $i$ to class $j$. Write `closest_rivals(logits, labels)` that returns the '
        'pair $(i, j)$ with the smallest average, as a tuple of two ints. (In this chapter, '
        '`closest_rivals(val_logits, data.y_val)` then names the digit the trained model '
        'finds hardest to tell from its rival, on the validation set.)'
    ),
    reference=lambda logits, labels: _rivals(_mean_gaps(logits, labels)),
    probes=_Q5_PROBES,
    rtol=0.0,
    diagnose=_per_probe(_rivals_message, _Q5_PROBES, 0.0),
    hints=[
        "Start with one true class i: take the rows of logits whose label is i, and compute "
        "z_i - z_j for every j on those rows.",
        "The mean of z_i - z_j over those rows, for each j, is one row of a C x C table. "
        "Leave out j = i (its gap is always 0), for example by setting the diagonal to inf.",
        "np.unravel_index(np.argmin(table), table.shape) turns the position of the smallest "
        "entry into the pair (i, j).",
    ],
    solution="""
        def closest_rivals(logits, labels):
            c = logits.shape[1]
            table = np.full((c, c), np.inf)  # table[i, j]: mean of z_i - z_j over class i
            for i in range(c):
                rows = logits[labels == i]
                table[i] = (rows[:, [i]] - rows).mean(axis=0)
            np.fill_diagonal(table, np.inf)  # a class is no rival of itself
            i, j = np.unravel_index(np.argmin(table), table.shape)
            return int(i), int(j)
    """,
    mistakes={
        "diagonal_included": (
            lambda logits, labels: _rivals(_mean_gaps(logits, labels), diagonal=True),
            "You let j equal i: z_i - z_i = 0 always, so a class paired with itself wins "
            "whenever the model prefers the right class on average. Leave out the diagonal.",
        ),
        "largest": (
            lambda logits, labels: _rivals(-_mean_gaps(logits, labels)),
            "That is the pair with the *largest* average log-ratio, the two classes the model "
            "separates best. The closest rivals have the smallest.",
        ),
        "transposed": (
            lambda logits, labels: _rivals(_mean_gaps(logits, labels))[::-1],
            "You returned (j, i): the first class of the pair should be the true class i, "
            "the second its rival j.",
        ),
        "predicted_classes": (
            lambda logits, labels: _rivals(_mean_gaps(logits, np.argmax(logits, axis=1))),
            "You grouped the examples by the predicted class (the argmax) instead of the true "
            "label: use labels == i to pick the examples of class i.",
        ),
        "probabilities": (
            lambda logits, labels: _rivals(_mean_gaps(logits, labels,
                                                      softmax(logits, dim=1))),
            "You averaged differences of probabilities, p_i - p_j. The task asks for the "
            "log-ratio z_i - z_j, the difference of the logits.",
        ),
        "median": (
            lambda logits, labels: _rivals(np.stack([
                np.median(logits[labels == i, [i]][:, None] - logits[labels == i], axis=0)
                for i in range(logits.shape[1])])),
            "You took the median of z_i - z_j; the task asks for the average (the mean), "
            "which also counts how far a single bad example falls behind.",
        ),
        "flat_index": (
            lambda logits, labels: int(np.argmin(
                _mean_gaps(logits, labels) + np.diag(np.full(logits.shape[1], np.inf)))),
            "You returned the flat position of the smallest entry. Turn it into the pair "
            "(i, j) with np.unravel_index(position, table.shape).",
        ),
    },
)

q6 = Question(
    "How far above the maximum?",
    task=(
        'Ten logits are all equal to 3. What is $\\operatorname{logsumexp}(\\mathbf z) - '
        '\\max_j z_j$? Give one number, to at least 6 significant digits.'
    ),
    reference=float(np.log(10.0)),
    rtol=2.5e-6,  # six significant digits, rounded
    hints=[
        "logsumexp(z) = log(e^3 + ... + e^3), ten terms.",
        "The sum is 10 e^3, so logsumexp(z) = 3 + log 10: the upper end of max <= LSE <= "
        "max + log C.",
    ],
    solution="""
        answer = logsumexp(np.full(10, 3.0), dim=0) - 3.0  # log 10 = 2.302585
    """,
    mistakes={
        "lower_bound": (0.0, "0 would mean logsumexp equals the maximum, which happens only "
                        "when one logit is far ahead of the others. Here all ten are equal."),
        "no_log": (10.0, "That is the sum of the ten e^(z_j - max) = 1 terms; logsumexp "
                   "takes its logarithm."),
        "forgot_max": (float(3 + np.log(10.0)), "That is logsumexp(z) itself; the question "
                       "asks how far it lies above the maximum, so subtract max z_j = 3."),
        "log10": (1.0, "That is log base 10 of 10. logsumexp uses the natural logarithm."),
        "c_minus_one": (float(np.log(9.0)), "log 9 counts only the nine terms besides the "
                        "maximum; the maximum's own term e^0 = 1 is in the sum too."),
    },
)
