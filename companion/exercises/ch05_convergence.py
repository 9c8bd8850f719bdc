"""Exercises for "Convergence": a two-logit model as a one-logit model, the
weight decay that makes them the same model, and the redundant direction.

Each question has a ``diagnose`` function: when an answer matches no
catalogued mistake, it names what is wrong from properties of the answer
(NaN or inf, values outside [0, 1], zeros where the probability is tiny but
positive, a column instead of a vector, the other class's probability, a
weight decay that is not proportional or not the right multiple, a sum that
grows under weight decay, the whole matrix instead of the sum of its rows).
The failure messages of q2 do not show the expected value for any plausible weight
decay (finite and not negative): it would be the answer.
"""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = "import numpy as np\n\nfrom companion import sigmoid"


def _is_numeric(values):
    return all(v.dtype.kind in "biuf" for v in values)


# --- q1: from two logits to one -------------------------------------------------------------

def _p_positive(W, b, x):
    W, b, x = np.asarray(W), np.asarray(b), np.asarray(x)
    return sigmoid(x @ (W[1] - W[0]) + (b[1] - b[0]))


def _q1_probes():
    rng = np.random.default_rng(5)
    moderate = (rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=(4, 3)))
    # Large logits for both classes, a moderate difference: e^z of either overflows.
    common = np.array([[100.0, -50.0, 30.0], [100.5, -50.0, 29.0]])
    big = (common, np.array([90.0, 92.0]),
           np.array([[8.0, 2.0, -1.0], [-8.0, -2.0, 1.0], [0.0, 0.0, 0.0]]))
    # Differences of about +-700: probabilities of about 1e-304 and 1 - 1e-304.
    wide = (np.array([[3.5, 0.0], [-3.5, 0.0]]), np.array([0.0, 0.0]),
            np.array([[100.0, 0.0], [-100.0, 0.0], [1.0, 5.0], [-1.0, 3.0]]))
    # float32, integer-valued (every logit is exact): logits near +-100, differences to +-80.
    f32 = (np.array([[10.0, -5.0], [12.0, -5.0]], dtype=np.float32),
           np.array([-1.0, 1.0], dtype=np.float32),
           np.array([[10.0, 2.0], [-9.0, 0.0], [-39.0, 1.0], [40.0, 3.0]], dtype=np.float32))
    return [moderate, big, wide, f32]


_Q1_MESSAGES = {
    "reversed": "These are the probabilities of class 0: you took row 0 minus row 1. Class 1 "
                "is the positive class, so the one logit is z1 - z0, with weights "
                "W[1] - W[0] and bias b[1] - b[0].",
    "row_one_only": "sigmoid(z1) is the probability of class 1 only when z0 = 0. The softmax "
                    "of two logits depends on their difference: use W[1] - W[0] and "
                    "b[1] - b[0].",
    "no_bias": "The bias is missing: the one-logit model's bias is b[1] - b[0].",
    "overflow": "Your answer returns NaN or inf where the probability is finite. The logits "
                "here are near 800, where e^z of a single logit overflows, though their "
                "difference is moderate: use only the difference z1 - z0.",
    "complement": "Your answer returns 0 where the probability of class 1 is tiny but positive "
                  "(about 1e-304 when z1 - z0 is -700): a step of your formula rounds it away, "
                  "as 1 minus a probability close to 1 (or 1 + tanh(...) near -1) does there. "
                  "Compute sigmoid(z1 - z0) with a sigmoid that keeps small values.",
    "bias_reversed": "The weights are right but the bias has the wrong sign: the one-logit "
                     "model's bias is b[1] - b[0], like its weights W[1] - W[0].",
    "half": "That halves the logit: softmax([z0, z1])[1] is sigmoid(z1 - z0), with no "
            "factor 1/2.",
    "logits": "Some of your values are outside [0, 1]: return the probability, the sigmoid "
              "of the one logit, not the logit itself.",
    "column": "Right values, wrong shape: one probability per row of x, as a 1-D array of "
              "shape (N,), not a column of shape (N, 1).",
    "softmax_dim0": "That softmax runs over dim 0, the batch: it makes each class sum to 1 "
                    "over the examples. The classes of a (N, 2) array of logits are dim 1.",
}


def _q1_diagnose(outputs, expected):
    if not _is_numeric(outputs):
        return None
    if any(g.shape != w.shape for g, w in zip(outputs, expected, strict=True)):
        if all(g.size == w.size and np.allclose(g.reshape(w.shape), w, rtol=1e-6, atol=0,
                                                equal_nan=True)
               for g, w in zip(outputs, expected, strict=True)):
            return _Q1_MESSAGES["column"]
        return None  # the general messages say where
    if any(not np.all(np.isfinite(g)) for g in outputs):
        return _Q1_MESSAGES["overflow"]
    if any(np.any((g < 0) | (g > 1)) for g in outputs):
        return _Q1_MESSAGES["logits"]
    if any(np.any((g == 0) & (w > 0)) for g, w in zip(outputs, expected, strict=True)):
        return _Q1_MESSAGES["complement"]
    if all(np.allclose(g, 1 - w, rtol=1e-6, atol=1e-12) for g, w in zip(outputs, expected,
                                                                         strict=True)):
        return _Q1_MESSAGES["reversed"]
    return None


def _naive_two_exp(W, b, x):
    z = x @ W.T + b
    return np.exp(z[:, 1]) / (np.exp(z[:, 0]) + np.exp(z[:, 1]))


q1 = Question(
    "From two logits to one",
    task=(
        "A binary model with two logits is linear: `W` of shape (2, d) holds one row of "
        "weights per class and `b` of shape (2,) one bias per class, so the logits of an "
        "input $\\mathbf x$ are $z_k = W_k \\cdot \\mathbf x + b_k$. Write "
        "`p_positive(W, b, x)` that builds the equivalent one-logit model (its weight vector "
        "and its bias) and uses it to return the probability of class 1, the positive class, "
        "for each row of the batch `x` of shape (N, d): an array of shape (N,). The logits "
        "of each class can be as large as 800 while their difference stays moderate; your "
        "probabilities must stay finite and keep tiny values (about $10^{-304}$) positive."
    ),
    reference=_p_positive,
    probes=_q1_probes(),
    rtol=1e-6,
    hints=[
        "By the chapter's identity, softmax([z0, z1])[1] = sigmoid(z1 - z0). Write z1 - z0 "
        "in terms of W, b and x.",
        "z1 - z0 = (W[1] - W[0]) . x + (b[1] - b[0]): that is a one-logit model with weights "
        "W[1] - W[0] and bias b[1] - b[0]. Apply a stable sigmoid (the companion's) to "
        "x @ w + c.",
    ],
    solution="""
        def p_positive(W, b, x):
            w = W[1] - W[0]  # the one-logit weights: class 1 minus class 0
            c = b[1] - b[0]  # and its bias
            return sigmoid(x @ w + c)  # the probability of class 1 of each row
    """,
    mistakes={
        "reversed": (lambda W, b, x: sigmoid(x @ (W[0] - W[1]) + (b[0] - b[1])),
                     _Q1_MESSAGES["reversed"]),
        "row_one_only": (lambda W, b, x: sigmoid(x @ W[1] + b[1]), _Q1_MESSAGES["row_one_only"]),
        "no_bias": (lambda W, b, x: sigmoid(x @ (W[1] - W[0])), _Q1_MESSAGES["no_bias"]),
        "bias_reversed": (lambda W, b, x: sigmoid(x @ (W[1] - W[0]) + (b[0] - b[1])),
                          _Q1_MESSAGES["bias_reversed"]),
        "overflow": (_naive_two_exp, _Q1_MESSAGES["overflow"]),
        "complement": (lambda W, b, x: 1 - sigmoid(x @ (W[0] - W[1]) + (b[0] - b[1])),
                       _Q1_MESSAGES["complement"]),
        "half": (lambda W, b, x: sigmoid((x @ (W[1] - W[0]) + (b[1] - b[0])) / 2),
                 _Q1_MESSAGES["half"]),
        "logits": (lambda W, b, x: x @ (W[1] - W[0]) + (b[1] - b[0]), _Q1_MESSAGES["logits"]),
        "column": (lambda W, b, x: _p_positive(W, b, x)[:, None], _Q1_MESSAGES["column"]),
        "softmax_dim0": (lambda W, b, x: softmax(x @ W.T + b, dim=0)[:, 1],
                         _Q1_MESSAGES["softmax_dim0"]),
    },
    diagnose=_q1_diagnose,
)


# --- q2: the weight decay that makes the two forms one model ---------------------------------

_Q2_MESSAGES = {
    "same": "With the same weight decay the two-logit model is penalised half as much: at its "
            "optimum w0 + w1 = 0, and its penalty (l2/2)(|w0|^2 + |w1|^2) is then "
            "(l2/4)|w1 - w0|^2. Set that equal to the one-logit penalty (l/2)|w|^2.",
    "half": "That goes the wrong way: for the same weight decay, the two-logit model is "
            "penalised less than the one-logit model, so it needs a larger one, not a "
            "smaller one.",
    "four": "Close, but count again: (l2/4)|u|^2 = (l/2)|u|^2 gives l2 = 2 l, not 4 l. "
            "(|w0|^2 + |w1|^2 is |u|^2 / 2 when w0 = -w1.)",
}


def _q2_diagnose(outputs, expected):
    if not _is_numeric(outputs):
        return None
    if any(g.shape != w.shape for g, w in zip(outputs, expected, strict=True)):
        return None  # the general messages say which
    if all(np.allclose(-g, w, rtol=1e-6) for g, w in zip(outputs, expected, strict=True)):
        return ("Check the sign: a weight decay is never negative (the penalty would reward "
                "large weights).")
    if any(not np.all(np.isfinite(g)) or np.any(g < 0) for g in outputs):
        return None  # the general messages: NaN or inf, or where it goes wrong
    # A plausible weight decay (finite, not negative) gets a message that does not give
    # the value away.
    probes = [0.01, 0.5, 3.0, 0.0]
    if not np.isclose(float(np.ravel(outputs[3])[0]), 0.0, atol=1e-12):
        return ("With no weight decay on the one-logit model (0.0), neither model is "
                "penalised, so the answer must be 0 there: lambda_2 is a multiple of lambda, "
                "with nothing added.")
    ratios = [float(np.ravel(g)[0]) / lam for g, lam in zip(outputs[:3], probes[:3],
                                                            strict=True)]
    if not np.allclose(ratios, ratios[0], rtol=1e-6):
        return ("Both penalties are quadratic in the weights, so the matching lambda_2 is a "
                "fixed multiple of lambda; your answer is not proportional to it. Compare "
                "the two penalties at the two-logit optimum, where w0 + w1 = 0.")
    return ("The right form, a fixed multiple of lambda, but not the right multiple: write "
            "|w0|^2 + |w1|^2 in terms of w1 - w0 when w0 + w1 = 0, and compare the two "
            "penalties again.")


q2 = Question(
    "The weight decay that matches",
    task=(
        "A one-logit model is fitted by minimising the mean binary cross-entropy plus "
        "$\\frac{\\lambda}{2}\\lVert \\mathbf w\\rVert^2$ (weight decay $\\lambda$, as "
        "`fit_full_batch` does). The two-logit model is fitted on the same data by minimising "
        "the mean cross-entropy plus "
        "$\\frac{\\lambda_2}{2}(\\lVert \\mathbf w_0\\rVert^2 + \\lVert \\mathbf w_1\\rVert^2)$. "
        "Write `two_logit_decay(weight_decay)` that returns the $\\lambda_2$ for which the "
        "two fits give the same probabilities, given the one-logit model's $\\lambda$."
    ),
    reference=lambda weight_decay: 2 * weight_decay,
    probes=[(0.01,), (0.5,), (3.0,), (0.0,)],
    rtol=1e-6,
    hints=[
        "The loss of the two-logit model depends only on u = w1 - w0. Write the penalty in "
        "terms of u and s = w0 + w1: |w0|^2 + |w1|^2 = (|u|^2 + |s|^2) / 2.",
        "The loss does not depend on s, so the best fit has s = 0. Compare what is left of "
        "the penalty, (l2/4)|u|^2, with (l/2)|u|^2.",
    ],
    solution="""
        def two_logit_decay(weight_decay):
            # (l2/2)(|w0|^2 + |w1|^2) = (l2/4)(|w1 - w0|^2 + |w0 + w1|^2); the fit sets
            # w0 + w1 = 0, leaving (l2/4)|u|^2, equal to (l/2)|u|^2 when l2 = 2 l
            return 2 * weight_decay
    """,
    mistakes={
        "same": (lambda weight_decay: weight_decay, _Q2_MESSAGES["same"]),
        "half": (lambda weight_decay: weight_decay / 2, _Q2_MESSAGES["half"]),
        "four": (lambda weight_decay: 4 * weight_decay, _Q2_MESSAGES["four"]),
    },
    diagnose=_q2_diagnose,
)


# --- q3: where the redundant direction goes ------------------------------------------------

def _redundant_after(W_init, lr, weight_decay, steps):
    W_init = np.asarray(W_init)
    return (1 - lr * weight_decay) ** steps * (W_init[0] + W_init[1])


_W_INIT = np.array([[0.3, -1.2, 0.5, 2.0], [0.1, 0.4, -0.5, 1.0]])
_Q3_PROBES = [(_W_INIT, 0.5, 0.0, 100), (_W_INIT, 0.5, 0.02, 500), (_W_INIT, 1.0, 0.5, 10),
              (_W_INIT, 0.1, 1.0, 3), (_W_INIT, 0.5, 0.02, 0)]

_Q3_MESSAGES = {
    "no_decay": "That is what plain gradient descent does (weight_decay = 0): the loss "
                "gradients of the two rows cancel, so W0 + W1 does not move. With weight decay "
                "the update also subtracts lr * weight_decay * W, which shrinks the sum at "
                "every step.",
    "zero": "Weight decay shrinks W0 + W1 by the same factor at every step, so after finitely "
            "many steps it is smaller but not 0; and without weight decay it does not move "
            "at all.",
    "linear": "The factor compounds: each step multiplies W0 + W1 by (1 - lr * weight_decay), "
              "so after t steps the factor is (1 - lr * weight_decay)^t, not "
              "1 - t * lr * weight_decay.",
    "exponential": "exp(-t * lr * weight_decay) is the limit of very small steps; one step of "
                   "gradient descent multiplies W0 + W1 by (1 - lr * weight_decay) exactly.",
    "one_step": "That is the effect of one step. Each of the `steps` steps multiplies "
                "W0 + W1 by (1 - lr * weight_decay) again.",
    "grows": "Your W0 + W1 grows under weight decay. The decay term lr * weight_decay * W is "
             "subtracted, so each step multiplies the sum by a factor below 1.",
    "difference": "That follows W1 - W0, the direction the loss sees, which depends on the "
                  "data. The question asks for the sum W0 + W1.",
    "whole_matrix": "Return the sum of the two rows, W0 + W1, a vector of shape (d,), not the "
                    "whole weight matrix.",
}


def _q3_diagnose(outputs, expected):
    if not _is_numeric(outputs):
        return None
    if all(g.shape == (2, *w.shape) and np.allclose(g.sum(axis=0), w, rtol=1e-6)
           for g, w in zip(outputs, expected, strict=True)):
        return _Q3_MESSAGES["whole_matrix"]
    start = np.abs(_W_INIT[0] + _W_INIT[1]).sum()
    for g, (_, _lr, weight_decay, steps) in zip(outputs, _Q3_PROBES, strict=True):
        if (weight_decay > 0 and steps > 0 and g.shape == (_W_INIT.shape[1],)
                and np.abs(g).sum() > start * (1 + 1e-9)):
            return _Q3_MESSAGES["grows"]
    return None


q3 = Question(
    "Where the redundant direction goes",
    task=(
        "A two-logit linear model with weights `W` of shape (2, d) is trained with "
        "cross-entropy by full-batch gradient descent with learning rate `lr` and weight "
        "decay `weight_decay`: each step is "
        "$W \\leftarrow W - \\text{lr}\\,(\\nabla_W \\ell + \\text{weight\\_decay}\\; W)$, on "
        "any data. Write `redundant_after(W_init, lr, weight_decay, steps)` that returns "
        "$W_0 + W_1$ (shape (d,)) after `steps` steps from `W_init`, without knowing the "
        "data."
    ),
    reference=_redundant_after,
    probes=_Q3_PROBES,
    rtol=1e-6,
    hints=[
        "The gradient of the cross-entropy with respect to the two logits is p - onehot(y), "
        "whose entries sum to 0. What does that make the sum of the gradients of the two "
        "rows of W?",
        "The loss gradients of W0 and W1 cancel in W0 + W1, so one step changes the sum only "
        "through the decay term: s <- s - lr * weight_decay * s. Apply that `steps` times.",
    ],
    solution="""
        def redundant_after(W_init, lr, weight_decay, steps):
            # the loss gradients of the two rows cancel in W0 + W1; only the decay acts,
            # multiplying the sum by (1 - lr * weight_decay) at every step
            return (1 - lr * weight_decay) ** steps * (W_init[0] + W_init[1])
    """,
    mistakes={
        "no_decay": (lambda W_init, lr, weight_decay, steps: W_init[0] + W_init[1],
                     _Q3_MESSAGES["no_decay"]),
        "zero": (lambda W_init, lr, weight_decay, steps: np.zeros_like(W_init[0]),
                 _Q3_MESSAGES["zero"]),
        "linear": (lambda W_init, lr, weight_decay, steps:
                   (1 - steps * lr * weight_decay) * (W_init[0] + W_init[1]),
                   _Q3_MESSAGES["linear"]),
        "one_step": (lambda W_init, lr, weight_decay, steps:
                     (1 - lr * weight_decay) * (W_init[0] + W_init[1]), _Q3_MESSAGES["one_step"]),
        "exponential": (lambda W_init, lr, weight_decay, steps:
                        np.exp(-steps * lr * weight_decay) * (W_init[0] + W_init[1]),
                        _Q3_MESSAGES["exponential"]),
        "difference": (lambda W_init, lr, weight_decay, steps:
                       (1 - lr * weight_decay) ** steps * (W_init[1] - W_init[0]),
                       _Q3_MESSAGES["difference"]),
        "whole_matrix": (lambda W_init, lr, weight_decay, steps:
                         (1 - lr * weight_decay) ** steps * W_init,
                         _Q3_MESSAGES["whole_matrix"]),
    },
    diagnose=_q3_diagnose,
)
