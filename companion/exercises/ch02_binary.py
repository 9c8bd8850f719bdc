"""Exercises for "Binary classification".

Two small helpers extend :class:`~companion.exercises._question.Question`
without changing it: :func:`_value_accept` judges a number without ever
printing the expected value (wrong shape and too few digits get their own
messages), and :class:`_FunctionQuestion` diagnoses a wrong function by
property (NaN or inf where a finite value is expected, the right values in
the wrong shape) when no catalogued mistake matches.

Examples
--------
>>> q1.check(lambda z, t: sigmoid(z) > t)
Correct!
True
>>> q1.check(lambda z, t: sigmoid(z) >= t)  # doctest: +ELLIPSIS
Not quite: At a logit of exactly 0 with t = 0.5 ...
False
"""

import numpy as np

from companion.activations import sigmoid
from companion.exercises._question import Question, _show

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\nimport torch\n\nfrom companion import sigmoid'


def _value_accept(expected, what, rtol=1e-3):
    """An ``accept`` for a value question that never reveals ``expected``."""
    def accept(value):
        if value.dtype.kind not in "biuf":
            return f"Give a number: a {what} was expected, not {_show(value)}."
        if value.size != 1:
            return f"Give one number, not an array of shape {value.shape}."
        number = float(value.reshape(()))
        if not np.isfinite(number):
            return f"Your answer is {number}; the {what} expected here is a finite number."
        if value.ndim > 0 and np.isclose(number, expected, rtol=rtol, atol=0):
            return "Right value, but give one number, not an array of one."
        if np.isclose(number, expected, rtol=rtol, atol=0):
            return None
        if np.isclose(number, expected, rtol=0.02, atol=0):
            return "Close: give more digits (at least four significant)."
        return f"{_show(value)} is not the {what} expected here; check each step."
    return accept


class _FunctionQuestion(Question):
    """A function question that, when no catalogued mistake matches, names the
    property that is wrong before falling back to the first differing probe."""

    def __init__(self, *args, diagnose=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.diagnose = diagnose  # diagnose(outputs, expected): a message, or None

    def _problem(self, outputs, expected):
        problem = super()._problem(outputs, expected)
        if problem is None:
            return None
        if any(got is None or got is Ellipsis for got in outputs):
            return "Your function returned None: did you print instead of return?"
        if self.diagnose is not None:
            message = self.diagnose(outputs, expected)
            if message is not None:
                return message
        for k, (got, want) in enumerate(zip(outputs, expected, strict=True)):
            where = f"For input {_show(self.probes[k])}: "
            if got.dtype.kind in "biuf" and want.dtype.kind in "biuf":
                if got.size == 1 and want.size > 1:
                    return (f"{where}you returned one number; expected one value per input "
                            f"element, an array of shape {want.shape}.")
                if got.shape != want.shape and got.size == want.size and \
                        np.allclose(got.reshape(want.shape), want, rtol=self.rtol,
                                    atol=self.atol, equal_nan=True):
                    return (f"{where}the values are right but the shape is {got.shape}; "
                            f"expected shape {want.shape}, the shape of the input.")
                if got.shape == want.shape and want.dtype.kind == "f":
                    bad = ~np.isfinite(got) & np.isfinite(want)
                    if bad.any():
                        first = np.flatnonzero(np.ravel(bad))[0]
                        inputs = np.ravel(self.probes[k][0])
                        at = f" at z = {inputs[first]:g}" if inputs.size == got.size else ""
                        return (f"{where}your function returned {np.ravel(got)[first]}{at}, "
                                "where a finite value is expected. Some step overflows or "
                                "divides 0 by 0 there: simplify the formula before coding it.")
        return problem


def _answer_fixed_threshold(z, t):
    return sigmoid(z) > 0.8


# q1 probes: logits either side of logit(0.8) = 1.3863, of logit(0.9) = 2.1972 and
# exactly at 0 with t = 0.5 (where > and >= differ); the extremes (800 in float64,
# 100 in float32) where a formula that forms e^z overflows.
_Z64 = np.array([-800.0, -3.0, -1e-3, 0.0, 0.6, 1.0, 1.38, 1.3862, 1.3864, 1.39, 2.0, 2.1972,
                 2.1973, 3.0, 800.0])
_Z32 = np.array([-100.0, -2.0, 0.0, 1.38, 1.39, 2.19, 2.21, 100.0], dtype=np.float32)

def _diagnose_q1(outputs, expected):
    """Name the property a wrong rule has, for answers not in the catalogue."""
    got = [out if out.dtype.kind == "b" and out.shape == want.shape else None
           for out, want in zip(outputs, expected, strict=True)]
    if any(g is None for g in got):
        return None
    if np.array_equal(got[0], got[1]) and np.array_equal(got[0], got[2]):
        return ("Your rule gives the same decisions at t = 0.8, 0.5 and 0.9: it ignores t. "
                "Use the argument t.")
    wrong = [g != w for g, w in zip(got, expected, strict=True)]
    at_zero = _Z64 == 0.0
    if wrong[1][at_zero].all() and sum(int(w.sum()) for w in wrong) == 1:
        return ("At a logit of exactly 0 with t = 0.5 your rule says positive, but the "
                "probability 0.5 is not *above* 0.5: a strict > was expected, not >=.")
    extremes = [np.abs(np.asarray(args[0])) == np.abs(np.asarray(args[0])).max()
                for args in q1.probes]
    if all(not (w & ~e).any() for w, e in zip(wrong, extremes, strict=True)):
        return ("Your rule goes wrong only at the largest logits (800 in float64, 100 in "
                "float32), where a formula that forms e^z overflows; a finite decision was "
                "expected there. Use a stable sigmoid, or compare z with log(t / (1 - t)).")
    return None


q1 = _FunctionQuestion(
    "Decide at a probability threshold",
    task=(
        'A screening rule flags an example when the probability of the positive class is '
        '**above** a threshold `t`. Write `predict(z, t)` that takes an array of logits `z` '
        '(float32 or float64, any values) and a threshold `t` between 0 and 1, and returns a '
        'boolean array of decisions, `True` for the positive class. For example, with '
        '`t = 0.8` a logit of 1 is not flagged, since $\\sigma(1) = 0.73$.'
    ),
    reference=lambda z, t: sigmoid(z) > t,
    probes=[(_Z64, 0.8), (_Z64, 0.5), (_Z64, 0.9), (_Z32, 0.8), (_Z32, 0.9)],
    diagnose=_diagnose_q1,
    hints=[
        "t is a threshold on the probability sigma(z), not on the logit z.",
        "Either compare sigmoid(z) with t, or compare z with the logit of t, log(t / (1 - t)): "
        "for t = 0.8 that is 1.386. 'Above' means a strict >.",
    ],
    solution="""
        def predict(z, t):
            return sigmoid(z) > t  # or: z > np.log(t / (1 - t))
    """,
    mistakes={
        "threshold_on_logits": (
            lambda z, t: z > t,
            "You compared the logits with t, but t is a threshold on probabilities: with "
            "t = 0.8, z = 1 gives sigma(1) = 0.73, not above 0.8. Compare sigmoid(z) with t, "
            "or z with logit(t) = log(t / (1 - t)).",
        ),
        "logit_at_zero": (
            lambda z, t: z > 0,
            "z > 0 is the rule for a threshold of 0.5 only. For another t the logit must "
            "exceed logit(t) = log(t / (1 - t)), 1.386 for t = 0.8.",
        ),
        "wrong_side": (
            lambda z, t: sigmoid(z) < t,
            "That predicts the positive class when its probability is *below* the threshold.",
        ),
        "greater_equal": (
            lambda z, t: sigmoid(z) >= t,
            "At a logit of exactly 0 with t = 0.5 your rule says positive, but sigma(0) = 0.5 "
            "is not *above* 0.5: use a strict >, not >=.",
        ),
        "fixed_threshold": (
            _answer_fixed_threshold,
            "Your rule ignores t: it gives the same decisions at t = 0.5 and t = 0.9 as at "
            "t = 0.8. Use the argument t.",
        ),
        "odds_not_log_odds": (
            lambda z, t: z > t / (1 - t),
            "You compared z with the odds t / (1 - t); a logit is a log-odds, so compare it "
            "with log(t / (1 - t)).",
        ),
        "log_of_t": (
            lambda z, t: z > np.log(t),
            "log(t) is not the logit of t: the logit is the log of the odds, log(t / (1 - t)).",
        ),
        "naive_overflow": (
            lambda z, t: np.exp(z) / (1 + np.exp(z)) > t,
            "At the largest logits (800 in float64, 100 in float32) your rule says negative: "
            "e^z overflows to inf there, inf / inf is NaN, and NaN > t is False. Use a stable "
            "sigmoid, or compare z with log(t / (1 - t)).",
        ),
    },
)

q2 = Question(
    "The logit threshold that costs set",
    task=(
        'Calling a negative example positive (a false positive) costs 4; calling a positive '
        'example negative (a false negative) costs 1. For a model whose probabilities are '
        'calibrated, which **logit** threshold $c$ makes the rule "positive when $z > c$" the '
        'one with the lowest expected cost? Give the number.'
    ),
    reference=np.log(4.0),
    accept=_value_accept(np.log(4.0), "logit threshold"),
    rtol=1e-3,
    hints=[
        "First the probability threshold: predict positive when p c_FN > (1 - p) c_FP, that is "
        "p > t* = c_FP / (c_FP + c_FN).",
        "Then move to the logit scale: z > log(t* / (1 - t*)), which simplifies to "
        "log(c_FP / c_FN).",
    ],
    solution="""
        t_star = 4 / (4 + 1)  # 0.8, a probability
        answer = np.log(t_star / (1 - t_star))  # = log(4 / 1) = 1.386...
    """,
    mistakes={
        "probability_threshold": (0.8, "0.8 is t*, the threshold on the probability; the "
                                  "question asks for the threshold on the logit."),
        "costs_swapped": (np.log(0.25), "That is the threshold with the costs swapped: a "
                          "costly false positive should make the rule *harder* to pass, so "
                          "the logit threshold is positive."),
        "swapped_probability": (0.2, "0.2 is c_FN / (c_FP + c_FN), a probability threshold "
                                "with the costs swapped; the question asks for a logit."),
        "odds_without_log": (4.0, "4 is the cost ratio, the odds at the threshold; a logit is "
                             "the logarithm of the odds."),
    },
)

q3 = Question(
    "A new base rate",
    task=(
        'A spam filter was trained on mail of which half was spam. It is now used on an '
        'account where only 10% of the mail is spam (spam and normal mail look as before). For '
        'one email it outputs the logit $z = 1.5$ (spam is class 1). What is the probability '
        'that this email is spam on the new account? Give the number.'
    ),
    reference=float(sigmoid(1.5 + np.log(0.1 / 0.9) - np.log(0.5 / 0.5))),
    accept=_value_accept(float(sigmoid(1.5 + np.log(0.1 / 0.9))), "probability"),
    rtol=1e-3,
    hints=[
        "A logit is log prior odds plus log likelihood ratio; only the prior odds change.",
        "Add log(0.1 / 0.9) - log(0.5 / 0.5) to the logit, then apply the sigmoid.",
    ],
    solution="""
        shift = np.log(0.1 / 0.9) - np.log(0.5 / 0.5)  # log of the ratio of the prior odds
        answer = float(sigmoid(1.5 + shift))  # about 0.332
    """,
    mistakes={
        "no_shift": (float(sigmoid(1.5)), "0.818 is the probability on the training mail; the "
                     "base rate changed, so the logit must shift first."),
        "shift_wrong_sign": (float(sigmoid(1.5 - np.log(0.1 / 0.9))),
                             "You shifted the logit the wrong way: spam is rarer now, so its "
                             "probability must go down."),
        "logit_not_probability": (1.5 + np.log(0.1 / 0.9),
                                  "That is the shifted logit; the question asks for the "
                                  "probability, sigma of it."),
        "probability_not_odds": (float(sigmoid(1.5 + np.log(0.1) - np.log(0.5))),
                                 "You shifted by the log of the ratio of the base rates; the "
                                 "logit holds log prior *odds*, log(0.1 / 0.9) - log(0.5 / 0.5)."),
        "scaled_probability": (float(sigmoid(1.5)) * 0.1 / 0.5,
                               "Scaling the probability by 0.1 / 0.5 is not Bayes' rule: "
                               "scale the *odds*, that is, shift the logit."),
    },
)


def _bce_grad(z, y):
    z, y = np.asarray(z), np.asarray(y)
    return (sigmoid(z) - y) / z.size


def _chain_rule_unsimplified(z, y):
    p = 1 / (1 + np.exp(-np.asarray(z, dtype=float)))
    dl_dp = -y / p + (1 - y) / (1 - p)
    return dl_dp * p * (1 - p) / np.size(z)


_GRAD_Z = np.array([-800.0, -40.0, -3.0, -0.5, 0.0, 0.7, 2.0, 35.0, 800.0])
_GRAD_Y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])

q4 = _FunctionQuestion(
    "The gradient of the binary cross-entropy",
    task=(
        'For a batch of $N$ logits $z_n$ with labels $y_n \\in \\{0, 1\\}$, the mean binary '
        'cross-entropy is $L = \\frac1N \\sum_n \\ell(z_n, y_n)$ with '
        '$\\ell(z, y) = -[\\,y \\log \\sigma(z) + (1 - y)\\log(1 - \\sigma(z))\\,]$, what '
        '`torch.nn.BCEWithLogitsLoss()` computes. Derive $\\partial L / \\partial z_n$ and write '
        '`bce_grad(z, y)` that returns it for every $n$ (an array of the shape of `z`, finite '
        'for every finite logit, float64 or float32). Then check your function against '
        'autograd on a few logits of your own.'
    ),
    reference=_bce_grad,
    probes=[(_GRAD_Z, _GRAD_Y), (_GRAD_Z, 1.0 - _GRAD_Y),
            (_GRAD_Z[1:-1].astype(np.float32), _GRAD_Y[1:-1].astype(np.float32)),
            (np.array([-100.0, 100.0], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32))],
    rtol=1e-5,
    atol=1e-12,
    hints=[
        "Write the loss in the logit first: l(z, y) = log(1 + e^z) - y z (the chapter's "
        "softplus form).",
        "d l / dz = sigma(z) - y; the mean divides by N. A formula that divides by "
        "p (1 - p) becomes 0 / 0 where sigma(z) rounds to 0 or 1.",
    ],
    solution="""
        def bce_grad(z, y):
            z, y = np.asarray(z), np.asarray(y)
            return (sigmoid(z) - y) / z.size  # d/dz_n of the mean loss: (p_n - y_n) / N

        # the check against autograd
        z = torch.tensor([-30.0, -1.0, 0.0, 2.0, 30.0], dtype=torch.float64, requires_grad=True)
        y = torch.tensor([1.0, 0.0, 1.0, 1.0, 0.0], dtype=torch.float64)
        torch.nn.BCEWithLogitsLoss()(z, y).backward()
        assert np.allclose(z.grad.numpy(), bce_grad(z.detach().numpy(), y.numpy()), atol=1e-15)
    """,
    mistakes={
        "gradient_of_the_sum": (
            lambda z, y: sigmoid(np.asarray(z)) - np.asarray(y),
            "That is the gradient of the *sum* of the losses; the loss is their mean, so each "
            "component is divided by N.",
        ),
        "sign_flipped": (
            lambda z, y: (np.asarray(y) - sigmoid(np.asarray(z))) / np.size(z),
            "The sign is flipped: the gradient is p - y, positive when the model gives the "
            "positive class too much probability.",
        ),
        "extra_sigmoid_slope": (
            lambda z, y: (sigmoid(np.asarray(z)) - y) * sigmoid(np.asarray(z))
            * sigmoid(-np.asarray(z)) / np.size(z),
            "Your gradient has an extra factor sigma(z) (1 - sigma(z)): the derivative of the "
            "log cancels it. (With the factor, this is the gradient of the squared error "
            "(p - y)^2 / 2, which vanishes where the model is confidently wrong.)",
        ),
        "unsimplified_chain_rule": (
            _chain_rule_unsimplified,
            "At z = 800 (and z = -800) your gradient is NaN: (-y/p + (1-y)/(1-p)) p (1-p) "
            "computes 0 / 0 once sigma(z) rounds to 1 or 0. Simplify first: the factors "
            "cancel to sigma(z) - y.",
        ),
        "mean_of_gradient": (
            lambda z, y: np.full(np.shape(z), np.mean(sigmoid(np.asarray(z)) - y)),
            "You returned one averaged number for every logit; each logit has its own "
            "gradient, (p_n - y_n) / N.",
        ),
    },
)


_THRESHOLDS = np.linspace(0.01, 0.99, 99)


def _costs(p, y, c_fp, c_fn, thresholds=_THRESHOLDS):
    p, y = np.asarray(p, dtype=float), np.asarray(y)
    positive = p[:, None] > thresholds
    fp = np.sum(positive & (y[:, None] == 0), axis=0)
    fn = np.sum(~positive & (y[:, None] == 1), axis=0)
    return c_fp * fp + c_fn * fn, fp, fn


def _pick_threshold(p, y, c_fp, c_fn):
    cost, _, _ = _costs(p, y, c_fp, c_fn)
    return float(_THRESHOLDS[np.argmin(cost)])


def _held_out(seed, n, rate):
    # made-up held-out predictions of a decent, imperfect classifier
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < rate).astype(np.int64)
    z = np.where(y == 1, 1.8, -1.8) + rng.normal(0, 1.6, n)
    return sigmoid(z), y


_P1, _Y1 = _held_out(1, 200, 0.6)
_P2, _Y2 = _held_out(2, 150, 0.3)
_P3, _Y3 = _held_out(3, 20, 0.5)  # few examples: several thresholds tie

q5 = _FunctionQuestion(
    "Pick a threshold for given costs on held-out predictions",
    task=(
        'Write `pick_threshold(p, y, c_fp, c_fn)`: given held-out probabilities `p` of the '
        'positive class, their labels `y` (0 or 1) and the two costs, it returns the threshold '
        '`t` among `np.linspace(0.01, 0.99, 99)` whose rule "positive when p > t" has the '
        'lowest total cost, $c_{fp} \\times$ (number of false positives) $+$ '
        '$c_{fn} \\times$ (number of false negatives), on these examples, the smallest such '
        '`t` if several tie. Then apply it to '
        'the chapter\'s validation predictions, `sigmoid(z_val)` and `data.y_val`, with '
        'c_fp = 10 and c_fn = 1, and compare the result with $t^\\ast$.'
    ),
    reference=_pick_threshold,
    probes=[(_P1, _Y1, 10.0, 1.0), (_P1, _Y1, 1.0, 1.0), (_P2, _Y2, 1.0, 5.0),
            (_P2, _Y2, 3.0, 1.0), (_P3, _Y3, 2.0, 1.0)],
    rtol=1e-9,
    hints=[
        "For each candidate t: positive = p > t; a false positive is positive & (y == 0), a "
        "false negative is ~positive & (y == 1).",
        "Compute the cost for every t (a loop, or a (N, 99) comparison p[:, None] > t) and "
        "return the t at np.argmin of the costs (argmin returns the first minimum).",
    ],
    solution="""
        def pick_threshold(p, y, c_fp, c_fn):
            p, y = np.asarray(p), np.asarray(y)
            thresholds = np.linspace(0.01, 0.99, 99)
            positive = p[:, None] > thresholds  # one column per candidate threshold
            fp = np.sum(positive & (y[:, None] == 0), axis=0)
            fn = np.sum(~positive & (y[:, None] == 1), axis=0)
            return thresholds[np.argmin(c_fp * fp + c_fn * fn)]

        # On the chapter's validation predictions: 0.72, not t* = 10/11 = 0.909. The
        # chapter explains why this minimum rests on a single malignant tumour.
        assert round(float(pick_threshold(sigmoid(z_val), data.y_val, 10.0, 1.0)), 2) == 0.72
    """,
    mistakes={
        "costs_swapped": (
            lambda p, y, c_fp, c_fn: _pick_threshold(p, y, c_fn, c_fp),
            "You charged c_fn for false positives and c_fp for false negatives: a false "
            "positive is a negative example (y = 0) predicted positive.",
        ),
        "formula_only": (
            lambda p, y, c_fp, c_fn: c_fp / (c_fp + c_fn),
            "That is t* = c_fp / (c_fp + c_fn), the best threshold if the probabilities were "
            "exactly right; the task asks for the threshold with the lowest cost on these "
            "examples, which you must count.",
        ),
        "highest_cost": (
            lambda p, y, c_fp, c_fn: float(_THRESHOLDS[np.argmax(_costs(p, y, c_fp, c_fn)[0])]),
            "You returned the threshold with the *highest* cost: use argmin.",
        ),
        "returned_cost": (
            lambda p, y, c_fp, c_fn: float(_costs(p, y, c_fp, c_fn)[0].min()),
            "You returned the lowest cost; the task asks for the threshold that achieves it.",
        ),
        "errors_not_costs": (
            lambda p, y, c_fp, c_fn: _pick_threshold(p, y, 1.0, 1.0),
            "Your threshold minimises the number of errors, ignoring the costs: weight the "
            "false positives by c_fp and the false negatives by c_fn.",
        ),
        "last_of_ties": (
            lambda p, y, c_fp, c_fn: float(_THRESHOLDS[len(_THRESHOLDS) - 1 - np.argmin(
                _costs(p, y, c_fp, c_fn)[0][::-1])]),
            "Where several thresholds tie for the lowest cost you returned the largest; the "
            "task asks for the smallest (np.argmin returns the first minimum).",
        ),
    },
)
