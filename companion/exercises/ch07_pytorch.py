"""Exercises for "PyTorch implementation". Answers are written in PyTorch:
the checkers call them with ``torch`` tensors."""

import copy
import warnings

import numpy as np

from companion.activations import log_softmax, sigmoid, softmax
from companion.exercises._question import Question
from companion.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    nll_loss,
)

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\nimport torch\n\nfrom companion import softmax'


def _tensor(array):
    import torch  # imported here: only this chapter's checkers need torch

    return torch.from_numpy(array)


class _TorchQuestion(Question):
    """A Question whose answers are also inspected as returned, before the usual check.

    ``inspect(outputs, expected, caught)`` sees the answer's raw outputs on the
    probes (torch tensors, not converted), the reference's outputs as arrays and
    the warnings the answer raised, and returns a message or None. It catches
    what comparing values cannot: a missing ``dim`` (torch warns and guesses), a
    NumPy array or a float tensor where a long tensor is needed, NaN or inf where
    a finite value is expected. Anything it does not flag, and any answer that
    raises, goes to :meth:`Question.check` as usual.
    """

    def __init__(self, *args, inspect=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspect = inspect

    def check(self, answer):
        if self.inspect is not None and callable(answer):
            message = self._inspect(answer)
            if message is not None:
                print(f"Not quite: {message}")
                return False
        return super().check(answer)

    def _inspect(self, answer):
        outputs, expected = [], []
        with np.errstate(all="ignore"), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for args in self.probes:
                prepared = [self.prepare(copy.deepcopy(a)) for a in args]
                try:
                    out = answer(*prepared)
                except Exception:  # reported by Question.check
                    return None
                if out is None or out is Ellipsis:
                    return None
                outputs.append(out)
                ref = self.reference(*[self.prepare(copy.deepcopy(a)) for a in args])
                expected.append(_numpy(ref))
        return self.inspect(outputs, expected, caught)


def _numpy(value):
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def _non_finite_where_finite(outputs, expected):
    """True if some output is NaN or inf where the reference is finite."""
    for out, want in zip(outputs, expected, strict=True):
        try:
            got = _numpy(out).astype(np.float64)
        except (TypeError, ValueError):
            return False
        if got.shape == want.shape and np.any(~np.isfinite(got) & np.isfinite(want)):
            return True
    return False


# The article's logits as it printed them (4 decimals), and their float32 roundings.
PRINTED_LOGITS = np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]])
_ARTICLE_LOGITS = PRINTED_LOGITS.astype(np.float32)
_BATCH = np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0], [-1.0, 4.0, 0.0], [1.0, 1.0, 1.0]],
                  dtype=np.float32)
_TARGET = np.array([0, 2, 1, 2])
# Extreme rows: exp(100) overflows float32, exp(800) overflows float64.
_EXTREME32 = np.array([[100.0, 0.0, -1.0], [-100.0, 50.0, 100.0]], dtype=np.float32)
_EXTREME64 = np.array([[800.0, 0.0, -800.0], [1.0, 2.0, 3.0]])

_NAIVE_SOFTMAX = (
    "exp of a large logit overflows (exp(100) is inf in float32, exp(800) in float64) and "
    "inf / inf is nan: for logits like [[100, 0, -1]] your probabilities are nan. Use "
    "torch.softmax(logits, dim=1), which subtracts each row's maximum first."
)


def _naive_softmax(z):
    e = z.exp()
    return e / e.sum(dim=1, keepdim=True)


def _inspect_probabilities(outputs, expected, caught):
    if any("Implicit dimension choice" in str(w.message) for w in caught):
        return ("you called softmax without dim, so torch guessed it (and warned). The guess "
                "is dim=1 for 2-d input but dim=0 for 3-d input: always pass dim, here "
                "dim=1 (or dim=-1).")
    if _non_finite_where_finite(outputs, expected):
        return _NAIVE_SOFTMAX
    return None


q1 = _TorchQuestion(
    "Class probabilities for a batch",
    task=(
        'Write `probabilities(logits)` in PyTorch: for a tensor of shape (batch, classes) it '
        'returns class probabilities for each example.'
    ),
    reference=lambda z: softmax(z, dim=1),
    probes=[(_ARTICLE_LOGITS,), (_BATCH,), (_EXTREME32,), (_EXTREME64,)],
    prepare=_tensor,
    inspect=_inspect_probabilities,
    rtol=1e-5,
    atol=1e-30,
    hints=[
        "The logits have shape (batch, classes). Which dim holds the classes?",
        "torch.softmax(logits, dim=1): each row (an example) sums to 1.",
    ],
    solution="""
        def probabilities(logits):
            return torch.softmax(logits, dim=1)  # dim=-1 works too
    """,
    mistakes={
        "softmax_over_batch": (
            lambda z: softmax(z, dim=0),
            "dim=0 normalises each class across the examples of the batch: the columns sum "
            "to 1 and an example's 'probabilities' depend on the other examples. Use dim=1.",
        ),
        "sigmoid": (
            sigmoid,
            "The sigmoid works element by element, so the rows do not sum to 1: that is the "
            "multi-label reading. Mutually exclusive classes need a softmax over dim 1.",
        ),
        "naive_overflow": (_naive_softmax, _NAIVE_SOFTMAX),
    },
)

_CONFIDENT32 = (np.array([[0.0, 200.0], [3.0, -90.0]], dtype=np.float32), np.array([0, 1]))
_CONFIDENT64 = (np.array([[0.0, 800.0, -800.0]]), np.array([0]))

_LOG_OF_SOFTMAX = (
    "taking log(softmax(logits)) loses the small probabilities: softmax([0, 200]) in float32 "
    "gives exactly 0 for class 0, and -log 0 is inf, where the right loss is 200. "
    "cross_entropy (or nll_loss(log_softmax(...))) computes the log-probability directly."
)


def _log_of_softmax(z, y):
    import torch

    return -torch.log(torch.softmax(z, dim=1)[torch.arange(len(y)), y]).mean()


def _inspect_loss(outputs, expected, caught):
    return _LOG_OF_SOFTMAX if _non_finite_where_finite(outputs, expected) else None


q2 = _TorchQuestion(
    "The training loss for a multi-class batch",
    task=(
        'Write `loss(logits, target)` in PyTorch: the mean training loss for a multi-class '
        'batch, given logits of shape (batch, classes) and class indices of shape (batch,).'
    ),
    reference=cross_entropy,
    probes=[(_BATCH, _TARGET), _CONFIDENT32, _CONFIDENT64],
    prepare=_tensor,
    inspect=_inspect_loss,
    rtol=1e-5,
    hints=[
        "torch.nn.functional.cross_entropy takes raw logits and class indices.",
        "It applies log_softmax itself, so give it the raw logits: a softmax before it "
        "changes the loss. (log_softmax before it happens to be harmless, since "
        "log_softmax(log_softmax(z)) = log_softmax(z), but it only adds work.)",
    ],
    solution="""
        def loss(logits, target):
            return torch.nn.functional.cross_entropy(logits, target)
    """,
    mistakes={
        "softmax_first": (
            lambda z, y: cross_entropy(softmax(z, dim=1), y),
            "cross_entropy applies log_softmax itself; giving it softmax(logits) squeezes "
            "every input into [0, 1], so even a perfect prediction keeps a loss near 0.55 "
            "for 3 classes and the gradients shrink. Pass the raw logits.",
        ),
        "logits_to_nll": (
            nll_loss,
            "nll_loss expects log-probabilities; given raw logits it returns minus the "
            "target's logit, which ignores the other classes and can be negative. Use "
            "cross_entropy on logits, or nll_loss(log_softmax(logits, dim=1), target).",
        ),
        "probabilities_to_nll": (
            lambda z, y: nll_loss(softmax(z, dim=1), y),
            "nll_loss expects log-probabilities, not probabilities: take log_softmax, not "
            "softmax.",
        ),
        "log_of_softmax": (_log_of_softmax, _LOG_OF_SOFTMAX),
        "sum_not_mean": (
            lambda z, y: cross_entropy(z, y, reduction="sum"),
            "That is the sum of the per-example losses; the task asks for the mean over the "
            "batch (cross_entropy's default reduction), which does not grow with the batch size.",
        ),
    },
)

def _inspect_indices(outputs, expected, caught):
    import torch

    for out, want in zip(outputs, expected, strict=True):
        values = _numpy(out)
        if values.shape in ((*want.shape, 1), (1, *want.shape)):
            values = values.reshape(want.shape)
            if np.array_equal(values, want):
                return ("right indices, but shape (batch, 1): cross_entropy wants one index per "
                        "example, shape (batch,). Drop keepdim (or squeeze the extra dim).")
        if values.shape != want.shape or not np.array_equal(values, want):
            return None  # a wrong value: Question.check explains it
        if not isinstance(out, torch.Tensor):
            return (f"right indices, but a {type(out).__module__}.{type(out).__name__}, not a "
                    "torch tensor: cross_entropy needs a tensor. Stay in torch: "
                    "one_hot.argmax(dim=1).")
        if out.dtype != torch.long:
            return (f"right indices, but of dtype {out.dtype}: cross_entropy needs class "
                    "indices of dtype torch.long (int64) and raises 'expected target dtype to "
                    "be Long' otherwise. argmax already returns long: do not convert it.")
    return None


q3 = _TorchQuestion(
    "From one-hot labels to class indices",
    task=(
        'Your labels arrive one-hot encoded, as an integer tensor of shape (batch, classes). '
        'Write `class_indices(one_hot)` that returns the integer targets that '
        '`torch.nn.functional.cross_entropy` expects.'
    ),
    reference=lambda one_hot: one_hot.argmax(dim=1),
    probes=[(np.eye(3, dtype=np.int64)[[2, 0, 1, 1]],), (np.eye(5, dtype=np.int64)[[4, 4, 0]],)],
    prepare=_tensor,
    inspect=_inspect_indices,
    hints=[
        "cross_entropy with integer targets expects shape (batch,): one class index per "
        "example.",
        "The index of the 1 in each row is its argmax along dim 1.",
    ],
    solution="""
        def class_indices(one_hot):
            return one_hot.argmax(dim=1)
    """,
    mistakes={
        "one_hot_as_is": (
            lambda one_hot: one_hot,
            "cross_entropy expects class indices of shape (batch,), not one-hot rows of shape "
            "(batch, classes). Convert with argmax along dim 1.",
        ),
        "argmax_over_batch": (
            lambda one_hot: one_hot.argmax(dim=0),
            "argmax over dim 0 finds, for each class, the first example that has it. Take "
            "the argmax along dim 1, within each row.",
        ),
    },
)

q4 = Question(
    "The loss for a binary classifier",
    task=(
        'Write `binary_loss(logits, target)` in PyTorch: the mean loss of a binary classifier '
        'with one logit per example and 0/1 float targets, correct even for very confident '
        'logits.'
    ),
    reference=binary_cross_entropy_with_logits,
    probes=[(np.array([-200.0, -3.0, 0.5, 4.0, 30.0], dtype=np.float32),
             np.array([1.0, 0.0, 1.0, 0.0, 0.0], dtype=np.float32))],
    prepare=_tensor,
    rtol=1e-5,
    hints=[
        "Which torch loss takes logits for a binary problem?",
        "torch.nn.functional.binary_cross_entropy_with_logits(logits, target): the sigmoid "
        "happens inside, computed from the logit, so the loss stays right where sigmoid(z) "
        "itself would round to 0 or 1.",
    ],
    solution="""
        def binary_loss(logits, target):
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, target)
    """,
    mistakes={
        "sigmoid_first": (
            lambda z, y: binary_cross_entropy_with_logits(sigmoid(z), y),
            "binary_cross_entropy_with_logits applies the sigmoid itself; giving it "
            "sigmoid(logits) applies it twice and the loss can no longer reach 0. Pass the "
            "raw logits.",
        ),
        "bce_on_saturated_probabilities": (
            lambda z, y: binary_cross_entropy(sigmoid(z), y),
            "binary_cross_entropy on sigmoid(logits) saturates: in float32 sigmoid(30) rounds "
            "to 1.0 and sigmoid(-200) to 0.0, the log is clamped at -100 and a logit of -200 "
            "costs 100 instead of 200. Use binary_cross_entropy_with_logits on the logits.",
        ),
        "sum_not_mean": (
            lambda z, y: binary_cross_entropy_with_logits(z, y, reduction="sum"),
            "That is the sum of the per-example losses; the task asks for the mean "
            "(the default reduction).",
        ),
    },
)


# What the article printed: its logits, rounded to 4 decimals, and the outputs.
ARTICLE_OUTPUTS = {
    "sigmoid": [["2.3979e-05", "3.4550e-02", "9.9997e-01"],
                ["8.2977e-04", "9.9998e-01", "3.6393e-11"]],
    "softmax dim=0": [["2.8065e-02", "6.2851e-07", "1.0000e+00"],
                      ["9.7194e-01", "1.0000e+00", "1.0127e-15"]],
    "softmax dim=1": [["6.6729e-10", "9.9584e-07", "1.0000e+00"],
                      ["1.4585e-08", "1.0000e+00", "6.3917e-16"]],
}

# All eight tensors the article's script printed, character for character.
ARTICLE_PRINTS = {
    "logits": "tensor([[-10.6383,  -3.3302,  10.4895],\n"
              "        [ -7.0935,  10.9497, -24.0366]])",
    "sigmoid": "tensor([[2.3979e-05, 3.4550e-02, 9.9997e-01],\n"
               "        [8.2977e-04, 9.9998e-01, 3.6393e-11]])",
    "softmax(dim=0)": "tensor([[2.8065e-02, 6.2851e-07, 1.0000e+00],\n"
                      "        [9.7194e-01, 1.0000e+00, 1.0127e-15]])",
    "softmax(dim=0).sum(0)": "tensor([1., 1., 1.])",
    "softmax(dim=0).sum(1)": "tensor([1.0281, 1.9719])",
    "softmax(dim=1)": "tensor([[6.6729e-10, 9.9584e-07, 1.0000e+00],\n"
                      "        [1.4585e-08, 1.0000e+00, 6.3917e-16]])",
    "softmax(dim=1).sum(0)": "tensor([1.5252e-08, 1.0000e+00, 1.0000e+00])",
    "softmax(dim=1).sum(1)": "tensor([1., 1.])",
}


def article_prints(logits):
    """The eight prints of the article's script for a (2, 3) tensor of logits.

    Examples
    --------
    >>> import torch
    >>> article_prints(torch.zeros(2, 3))["softmax(dim=0).sum(1)"]
    'tensor([1.5000, 1.5000])'
    """
    import torch

    with torch.no_grad():
        out = {"logits": str(logits), "sigmoid": str(torch.sigmoid(logits))}
        for dim in (0, 1):
            scores = torch.nn.Softmax(dim=dim)(logits)
            out[f"softmax(dim={dim})"] = str(scores)
            out[f"softmax(dim={dim}).sum(0)"] = str(torch.sum(scores, dim=0))
            out[f"softmax(dim={dim}).sum(1)"] = str(torch.sum(scores, dim=1))
    return out


def _reproduces_the_article(logits):
    """None if ``logits`` lie in the article's box and torch float32 prints all eight tensors."""
    import torch

    if np.shape(logits) != (2, 3):
        return f"expected an array of shape (2, 3), got shape {np.shape(logits)}."
    values = np.asarray(logits, dtype=np.float64)
    gap = np.abs(values - PRINTED_LOGITS)  # the printed decimals, not their float32 roundings
    if not np.all(gap <= 5e-5):
        i, j = np.unravel_index(np.argmax(np.where(np.isfinite(gap), gap, np.inf)), gap.shape)
        return (f"logit [{i}, {j}] = {values[i, j]:.6f} is more than 5e-05 from the printed "
                f"{PRINTED_LOGITS[i, j]:.4f}.")
    ours = article_prints(torch.tensor(values, dtype=torch.float32))
    for name, text in ARTICLE_PRINTS.items():
        if ours[name] != text:
            return (f"with these logits (rounded to float32) torch prints {name} as "
                    f"{' '.join(ours[name].split())}, not as the article did.")
    return None


q5 = Question(
    "Recover the article's logits",
    task=(
        "The article printed its random logits rounded to 4 decimals, and with those rounded "
        "logits four of its eight printed tensors come out different. Find an array `answer` "
        "of shape (2, 3), each entry within $\\pm 5 \\times 10^{-5}$ of the printed logit, for "
        "which torch's float32 computations print all eight tensors exactly as the article did "
        "(`ex.article_prints(logits)` runs the article's script and returns its prints; the "
        "article's are in `ex.ARTICLE_PRINTS`, its printed numbers in `ex.ARTICLE_OUTPUTS`)."
    ),
    reference=np.array([[-10.6383152, -3.33019161, 10.4894848],
                        [-7.09353495, 10.9497271, -24.0366344]]),
    accept=_reproduces_the_article,
    hints=[
        "Each printed logit stands for an interval of width 1e-4; the true logits are somewhere "
        "in that box of six intervals.",
        "Each printed sigmoid value is itself an interval, and the sigmoid is increasing: its "
        "inverse, log(p / (1 - p)), turns it into a narrower interval for each logit.",
        "Draw candidates uniformly in the narrowed box, rounded to float32; keep those whose "
        "softmax values (NumPy, float64) are within half a unit of the printed fifth digit; "
        "then check the survivors with ex.article_prints until one prints all eight.",
    ],
    solution="""
        printed = np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]])
        p = np.array(ex.ARTICLE_OUTPUTS["sigmoid"], dtype=float)
        half = 0.5 * 10.0 ** (np.floor(np.log10(p)) - 4)  # half a unit of the 5th digit
        # the sigmoid print pins each logit: z in [logit(p - half), logit(p + half)]
        low = np.maximum(printed - 5e-5, np.log((p - half) / (1 - p + half)))
        high = np.minimum(printed + 5e-5, np.log((p + half) / (1 - p - half)))
        rng = np.random.default_rng(0)
        z = rng.uniform(low, high, size=(100_000, 2, 3)).astype(np.float32)
        # z stacks the candidates on dim 0, so the article's dims 0 and 1 are our 1 and 2.
        keep = np.ones(len(z), dtype=bool)
        for name, dim in (("softmax dim=0", 1), ("softmax dim=1", 2)):
            target = np.array(ex.ARTICLE_OUTPUTS[name], dtype=float)
            unit = 10.0 ** (np.floor(np.log10(target)) - 4)
            values = softmax(z.astype(np.float64), dim=dim)
            keep &= np.all(np.abs(values - target) <= unit / 2, axis=(1, 2))
        # only torch's own float32 prints decide
        answer = next(c for c in z[keep]
                      if ex.article_prints(torch.from_numpy(c)) == ex.ARTICLE_PRINTS)
        answer = answer.astype(np.float64)
    """,
    mistakes={
        "printed_logits": (
            np.array([[-10.6383, -3.3302, 10.4895], [-7.0935, 10.9497, -24.0366]]),
            "Those are the logits as printed, rounded to 4 decimals. They reproduce four of the "
            "eight prints: the outputs depend on the decimals the print dropped. Search the box "
            "of +-5e-05 around them.",
        ),
    },
)


# Sequence logits (batch, positions, classes) with as many positions as classes, so that
# the uncorrected call runs; one float32 probe with large logits.
_SEQ_RNG = np.random.default_rng(7)
_SEQ_PROBES = [
    (_SEQ_RNG.normal(size=(2, 3, 3)) * 2, _SEQ_RNG.integers(0, 3, size=(2, 3))),
    (_SEQ_RNG.normal(size=(3, 4, 4)), _SEQ_RNG.integers(0, 4, size=(3, 4))),
    (np.array([[[90.0, -90.0], [0.0, 100.0]]], dtype=np.float32), np.array([[0, 0]])),
]


def _sequence_reference(z, y):
    return cross_entropy(np.swapaxes(np.asarray(z), 1, 2), np.asarray(y))


q6 = Question(
    "Fix the loss of a sequence model",
    task=(
        "A tagger outputs logits of shape (batch, positions, classes), and the targets are "
        "class indices of shape (batch, positions). Its training code computes "
        "`F.cross_entropy(logits, target)`: that raises when positions and classes differ, "
        "and runs, wrongly, when they are equal. Write `sequence_loss(logits, target)`: the "
        "mean cross-entropy over every position of every example, correct for any shape. "
        "Check your answer against the definition on a small example first: "
        "$-\\log$ of the softmax over the classes at the target class, averaged over the "
        "batch and the positions."
    ),
    reference=_sequence_reference,
    probes=_SEQ_PROBES,
    prepare=_tensor,
    rtol=1e-5,
    hints=[
        "cross_entropy reads the classes from dim 1: for (N, C, d1) input it expects (N, d1) "
        "targets. Which dim of your logits holds the classes?",
        "Move the classes to dim 1 with logits.transpose(1, 2), or flatten: "
        "logits.reshape(-1, C) with target.reshape(-1).",
        "reshape(N, C, L) is not the same as transpose(1, 2): it keeps the memory order and "
        "mixes positions with classes (check it on a (1, 2, 3) example).",
    ],
    solution="""
        def sequence_loss(logits, target):
            # classes to dim 1: (batch, classes, positions), as cross_entropy expects
            return torch.nn.functional.cross_entropy(logits.transpose(1, 2), target)
    """,
    mistakes={
        "classes_not_on_dim_1": (
            lambda z, y: cross_entropy(np.asarray(z), np.asarray(y)),
            "That gives the loss of the original call: cross_entropy takes dim 1 as the "
            "classes, so with as many positions as classes it normalises over the positions "
            "and reads your classes as positions. (A reshape to (N, C, L) does not help: it "
            "keeps the memory order and only relabels the dims.) Move the classes to dim 1 "
            "with transpose(1, 2), or flatten to (N * L, C).",
        ),
        "softmax_first": (
            lambda z, y: cross_entropy(np.swapaxes(softmax(np.asarray(z), dim=-1), 1, 2),
                                       np.asarray(y)),
            "The dims are right, but cross_entropy applies log_softmax itself: a softmax "
            "before it squeezes the loss into a band of width 1. Pass the raw logits.",
        ),
        "log_softmax_last_no_transpose": (
            lambda z, y: nll_loss(log_softmax(np.asarray(z), dim=-1), np.asarray(y)),
            "log_softmax over dim=-1 is right, but nll_loss also reads the classes from dim 1: "
            "given (batch, positions, classes) it picks entries by position. Transpose the "
            "log-probabilities to (batch, classes, positions) before nll_loss.",
        ),
        "sum_not_mean": (
            lambda z, y: cross_entropy(np.swapaxes(np.asarray(z), 1, 2), np.asarray(y),
                                       reduction="sum"),
            "The dims are right, but that is the sum over every position of every example; "
            "the task asks for the mean (cross_entropy's default reduction).",
        ),
    },
)
