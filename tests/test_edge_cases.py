"""The companion's decided edge cases, and how it rejects bad input.

Decisions tested here:

* Infinities and NaN: sigmoid(+-inf) = 1/0, log_sigmoid(-inf) = -inf,
  softplus(-inf) = 0 and softplus(inf) = inf; NaN propagates.
* Softmax family, per slice along ``dim``: a NaN spoils only its own slice; a
  ``-inf`` logit is a mask (probability exactly 0, log-probability -inf, the
  other entries as if it were absent); an all ``-inf`` slice gives NaN from
  softmax/log_softmax (as torch) and -inf from logsumexp; a ``+inf`` gives NaN
  from softmax (as torch) and +inf from logsumexp.
* Huge finite logits (up to the largest float) neither overflow nor warn.
* Empty batches keep their shape; the mean of an empty loss is NaN, its sum 0.
* Losses: BCE-with-logits at infinite logits is its limit (0 where the target
  agrees, inf otherwise; torch gives NaN); a zero probability target on a
  ``-inf`` logit costs 0 (torch: NaN); BCE clamps each log at -100.
* No function writes to its arguments.
* Dtypes: float16/32/64 are kept, ints and bools become float64, Python lists
  and scalars are accepted.
* Bad input raises TypeError (wrong kind of value) or ValueError (wrong value
  or shape), with a message that names the offending argument.
"""

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import companion as C

INF, NAN = np.inf, np.nan
FLOATS = [np.float16, np.float32, np.float64]
BIG = np.finfo(np.float64).max


def quietly(fn, *args, **kwargs):
    """Call ``fn`` with warnings and NumPy floating-point events turned into errors.

    Underflow is left alone (NumPy's default): ``exp(-1000) = 0`` is the right
    answer, not an accident. Overflow, division by zero and invalid operations
    must not escape the companion's own ``np.errstate`` blocks.
    """
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        return fn(*args, **kwargs)


def torch_of(fn, *arrays, **kwargs):
    return fn(*(torch.tensor(np.asarray(a, dtype=np.float64)) for a in arrays), **kwargs).numpy()


# ------------------------------------------------------------ infinities and NaN


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        (C.sigmoid, [1.0, 0.0, NAN]),
        (C.log_sigmoid, [0.0, -INF, NAN]),
        (C.softplus, [INF, 0.0, NAN]),
        (lambda x: C.softplus(x, beta=2.0), [INF, 0.0, NAN]),
        (lambda x: C.softplus(x, beta=0.5), [INF, 0.0, NAN]),
    ],
    ids=["sigmoid", "log_sigmoid", "softplus", "softplus-beta2", "softplus-beta0.5"],
)
def test_elementwise_at_inf_and_nan(fn, expected, dtype):
    got = quietly(fn, np.array([INF, -INF, NAN], dtype=dtype))
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, np.array(expected, dtype=dtype))


SLICE_FUNCTIONS = [C.softmax, C.log_softmax, C.logsumexp]


@pytest.mark.parametrize("dim", [0, 1])
@pytest.mark.parametrize("fn", SLICE_FUNCTIONS, ids=lambda f: f.__name__)
def test_nan_spoils_only_its_own_slice(fn, dim):
    x = np.random.default_rng(1).normal(size=(3, 4))
    with_nan = x.copy()
    with_nan[1, 2] = NAN
    slice_axis = 1 - dim  # the axis that numbers the slices along dim
    hit = (1, 2)[slice_axis]

    def slices(a):  # one entry per slice: rows/columns of a softmax, values of a logsumexp
        return np.moveaxis(a, slice_axis, 0) if a.ndim == 2 else a

    clean, spoiled = slices(quietly(fn, x, dim)), slices(quietly(fn, with_nan, dim))
    assert np.all(np.isnan(spoiled[hit]))
    others = [i for i in range(x.shape[slice_axis]) if i != hit]
    np.testing.assert_array_equal(spoiled[others], clean[others])
    assert not np.any(np.isnan(spoiled[others]))


MASKED_ROWS = [
    [2.0, -INF, 0.5, -INF, -1.0],
    [-INF, 3.0],
    [-INF, -INF, -INF, 7.0],
    [1e300, -INF, -1e300],
]


@pytest.mark.parametrize("row", MASKED_ROWS, ids=str)
def test_minus_inf_is_a_mask(row):
    x = np.array(row)
    kept = np.isfinite(x)
    p = quietly(C.softmax, x, dim=0)
    logp = quietly(C.log_softmax, x, dim=0)
    assert np.all(p[~kept] == 0.0)
    assert np.all(logp[~kept] == -INF)
    np.testing.assert_array_equal(p[kept], C.softmax(x[kept], dim=0))
    np.testing.assert_array_equal(logp[kept], C.log_softmax(x[kept], dim=0))
    assert C.logsumexp(x, 0) == C.logsumexp(x[kept], 0)
    # and torch agrees on the masked entries
    assert np.all(torch_of(F.softmax, x, dim=0)[~kept] == 0.0)


@pytest.mark.parametrize(
    ("row", "softmax_nan", "lse"),
    [([-INF, -INF, -INF], True, -INF),
     ([INF, 1.0, -2.0], True, INF),
     ([INF, -INF], True, INF),
     ([1.0, INF, INF], True, INF)],
    ids=["all -inf", "+inf", "+inf and -inf", "two +inf"],
)
def test_non_finite_maximum(row, softmax_nan, lse):
    x = np.array([row, [0.0] * len(row)])  # a second, ordinary slice must stay ordinary
    p = quietly(C.softmax, x, dim=1)
    logp = quietly(C.log_softmax, x, dim=1)
    assert np.all(np.isnan(p[0])) == softmax_nan
    assert np.all(np.isnan(logp[0])) == softmax_nan
    assert quietly(C.logsumexp, x, 1)[0] == lse
    np.testing.assert_array_equal(p[1], 1.0 / len(row))
    # the same as torch
    np.testing.assert_array_equal(p, torch_of(F.softmax, x, dim=1))
    np.testing.assert_array_equal(logp[0], torch_of(F.log_softmax, x, dim=1)[0])
    assert torch_of(torch.logsumexp, x, dim=1)[0] == lse


# ------------------------------------------------------------ huge finite logits

HUGE_SOFTMAX = [
    # logits, softmax, log_softmax, logsumexp
    ([1e308, -1e308], [1.0, 0.0], [0.0, -INF], 1e308),  # -2e308 overflows to -inf, rightly
    ([1e308, 1e308], [0.5, 0.5], [-np.log(2)] * 2, 1e308),
    ([-1e308, -1e308], [0.5, 0.5], [-np.log(2)] * 2, -1e308),
    ([BIG, BIG, BIG], [1 / 3] * 3, [-np.log(3)] * 3, BIG),
    ([BIG, 0.0, -BIG], [1.0, 0.0, 0.0], [0.0, -BIG, -INF], BIG),
    ([-BIG, 0.0], [0.0, 1.0], [-BIG, 0.0], 0.0),
]


@pytest.mark.parametrize(("x", "p", "logp", "lse"), HUGE_SOFTMAX, ids=str)
def test_huge_logits_softmax_family(x, p, logp, lse):
    np.testing.assert_allclose(quietly(C.softmax, x, dim=0), p, rtol=4e-16, atol=0)
    np.testing.assert_allclose(quietly(C.log_softmax, x, dim=0), logp, rtol=4e-16, atol=0)
    assert quietly(C.logsumexp, x, dim=0) == lse


@pytest.mark.parametrize(
    ("fn", "x", "expected"),
    [(C.sigmoid, [BIG, -BIG, 1e308], [1.0, 0.0, 1.0]),
     (C.log_sigmoid, [BIG, -BIG], [0.0, -BIG]),
     (C.softplus, [BIG, -BIG], [BIG, 0.0]),
     (lambda x: C.softplus(x, beta=0.5), [BIG, -BIG], [BIG, 0.0])],
    ids=["sigmoid", "log_sigmoid", "softplus", "softplus-beta0.5"],
)
def test_huge_logits_elementwise(fn, x, expected):
    np.testing.assert_array_equal(quietly(fn, x), expected)


def test_huge_logits_softplus_with_beta_above_one():
    # exact: 1e308 + log1p(exp(-2e308)) / 2 = 1e308; torch also returns 1e308
    np.testing.assert_array_equal(quietly(C.softplus, [1e308, -1e308], beta=2.0), [1e308, 0.0])


@pytest.mark.parametrize(
    ("fn", "args", "expected"),
    [(C.cross_entropy, ([[1e308, -1e308]], [0]), 0.0),
     (C.cross_entropy, ([[1e308, 1e308]], [1]), np.log(2)),
     (C.cross_entropy, ([[BIG, 0.0, -BIG]], [[1.0, 0.0, 0.0]]), 0.0),
     (C.binary_cross_entropy_with_logits, ([1e308, -1e308], [1.0, 0.0]), 0.0),
     (C.binary_cross_entropy_with_logits, ([-1e308], [1.0]), 1e308),
     (C.binary_cross_entropy_with_logits, ([1e308], [0.0]), 1e308),
     (C.predict_multiclass, ([-BIG, BIG, 1e308], 0), 1)],
    ids=["ce-right", "ce-tie", "ce-prob", "bcel-right", "bcel-wrong-pos", "bcel-wrong-neg",
         "argmax"],
)
def test_huge_logits_losses_and_decisions(fn, args, expected):
    assert quietly(fn, *args) == expected


# ---------------------------------------------------------------- empty batches

EMPTY = np.zeros((0, 4))
EMPTY_INDEX = np.zeros(0, dtype=np.int64)


@pytest.mark.parametrize(
    ("call", "shape"),
    [(lambda: C.sigmoid(EMPTY), (0, 4)),
     (lambda: C.log_sigmoid(EMPTY), (0, 4)),
     (lambda: C.softplus(EMPTY), (0, 4)),
     (lambda: C.softmax(EMPTY, 1), (0, 4)),
     (lambda: C.softmax(EMPTY, 0), (0, 4)),
     (lambda: C.log_softmax(EMPTY, -1), (0, 4)),
     (lambda: C.logsumexp(EMPTY, 1), (0,)),
     (lambda: C.logsumexp(EMPTY, 1, keepdim=True), (0, 1)),
     (lambda: C.predict_binary(EMPTY), (0, 4)),
     (lambda: C.predict_multiclass(EMPTY, 1), (0,)),
     (lambda: C.predict_multilabel(EMPTY, [0.1, 0.2, 0.3, 0.4]), (0, 4)),
     (lambda: C.binary_cross_entropy(EMPTY, EMPTY, reduction="none"), (0, 4)),
     (lambda: C.binary_cross_entropy_with_logits(EMPTY, EMPTY, reduction="none"), (0, 4)),
     (lambda: C.cross_entropy(EMPTY, EMPTY_INDEX, reduction="none"), (0,)),
     (lambda: C.cross_entropy(EMPTY, EMPTY, reduction="none"), (0,)),
     (lambda: C.nll_loss(EMPTY, EMPTY_INDEX, reduction="none"), (0,))],
    ids=["sigmoid", "log_sigmoid", "softplus", "softmax1", "softmax0", "log_softmax",
         "logsumexp", "logsumexp-keepdim", "binary", "multiclass", "multilabel", "bce", "bcel",
         "ce", "ce-prob", "nll"],
)
def test_empty_batch_keeps_shape(call, shape):
    assert np.shape(quietly(call)) == shape


def test_logsumexp_over_an_empty_slice_is_minus_inf():
    np.testing.assert_array_equal(quietly(C.logsumexp, EMPTY, 0), [-INF] * 4)


EMPTY_LOSSES = {
    "bce": lambda r: C.binary_cross_entropy(EMPTY, EMPTY, reduction=r),
    "bcel": lambda r: C.binary_cross_entropy_with_logits(EMPTY, EMPTY, reduction=r),
    "ce": lambda r: C.cross_entropy(EMPTY, EMPTY_INDEX, reduction=r),
    "ce-prob": lambda r: C.cross_entropy(EMPTY, EMPTY, reduction=r),
    "ce-smoothed": lambda r: C.cross_entropy(EMPTY, EMPTY_INDEX, reduction=r,
                                             label_smoothing=0.2),
    "nll": lambda r: C.nll_loss(EMPTY, EMPTY_INDEX, reduction=r, weight=[1.0, 2.0, 3.0, 4.0]),
}


@pytest.mark.parametrize("loss", EMPTY_LOSSES)
def test_empty_batch_mean_is_nan_and_sum_is_zero(loss):
    assert np.isnan(quietly(EMPTY_LOSSES[loss], "mean"))
    assert quietly(EMPTY_LOSSES[loss], "sum") == 0.0


# ----------------------------------------------------------------------- losses


@pytest.mark.parametrize(
    ("logit", "target", "pos_weight", "expected"),
    [(INF, 1.0, None, 0.0), (-INF, 0.0, None, 0.0),
     (INF, 0.0, None, INF), (-INF, 1.0, None, INF),
     (INF, 0.5, None, INF), (-INF, 0.5, None, INF),
     (INF, 1.0, 3.0, 0.0), (-INF, 1.0, 3.0, INF), (-INF, 0.0, 3.0, 0.0)],
)
def test_bce_with_logits_at_infinite_logits_is_the_limit(logit, target, pos_weight, expected):
    pw = None if pos_weight is None else [pos_weight]
    got = quietly(C.binary_cross_entropy_with_logits, [logit], [target], pos_weight=pw,
                  reduction="none")
    np.testing.assert_array_equal(got, [expected])


def test_torch_gives_nan_where_the_companion_gives_the_limit():
    """The documented difference: torch's formula meets 0 * inf at infinite logits."""
    x, y = [INF, -INF], [1.0, 0.0]
    assert np.all(np.isnan(torch_of(F.binary_cross_entropy_with_logits, x, y, reduction="none")))
    np.testing.assert_array_equal(C.binary_cross_entropy_with_logits(x, y, reduction="none"), 0)


@pytest.mark.parametrize(
    ("target", "expected"),
    [([[1.0, 0.0]], 0.0), ([[0.5, 0.5]], INF), ([[1.0, 0.0, 0.0]], 0.0)],
)
def test_cross_entropy_zero_probability_on_masked_logit(target, expected):
    x = [[0.0, -INF, -INF][: len(target[0])]]
    got = quietly(C.cross_entropy, x, target, reduction="none")
    np.testing.assert_array_equal(got, [expected])


def test_cross_entropy_index_target_on_masked_logit_is_inf():
    np.testing.assert_array_equal(quietly(C.cross_entropy, [[0.0, -INF]], [1], reduction="none"),
                                  [INF])


@pytest.mark.parametrize(
    ("p", "y", "expected"),
    [(0.0, 1.0, 100.0), (1.0, 0.0, 100.0), (0.0, 0.0, 0.0), (1.0, 1.0, 0.0),
     (0.0, 0.5, 50.0), (1e-50, 1.0, 100.0), (np.float32(1e-45), 1.0, 100.0)],
)
def test_bce_clamps_the_log_at_minus_100(p, y, expected):
    got = quietly(C.binary_cross_entropy, [p], [y], reduction="none")
    assert got[0] == expected
    assert torch_of(F.binary_cross_entropy, [p], [y], reduction="none")[0] == expected


# ------------------------------------------------------------- inputs untouched


def _untouched_cases():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 4))
    x[0, 1] = -INF
    p = rng.uniform(size=(3, 4))
    y = rng.uniform(size=(3, 4))
    w = rng.uniform(0.5, 2.0, size=4)
    idx = np.array([0, -100, 3])
    thr = np.array([0.1, 0.5, 0.9, 0.3])
    return [
        ("sigmoid", C.sigmoid, (x,), {}),
        ("log_sigmoid", C.log_sigmoid, (x,), {}),
        ("softplus", C.softplus, (x,), {"beta": 2.0}),
        ("softmax", C.softmax, (x,), {"dim": 1}),
        ("log_softmax", C.log_softmax, (x,), {"dim": 0}),
        ("logsumexp", C.logsumexp, (x,), {"dim": 1, "keepdim": True}),
        ("binary_cross_entropy", C.binary_cross_entropy, (p, y), {"weight": w}),
        ("binary_cross_entropy_with_logits", C.binary_cross_entropy_with_logits, (x, y),
         {"weight": w, "pos_weight": w}),
        ("cross_entropy", C.cross_entropy, (x, idx), {"weight": w, "label_smoothing": 0.1}),
        ("cross_entropy-prob", C.cross_entropy, (x, p), {"weight": w, "label_smoothing": 0.1}),
        ("nll_loss", C.nll_loss, (x, idx), {"weight": w}),
        ("predict_binary", C.predict_binary, (x,), {"threshold": np.array(0.3)}),
        ("predict_multiclass", C.predict_multiclass, (x,), {"dim": 1}),
        ("predict_multilabel", C.predict_multilabel, (x,), {"threshold": thr}),
    ]


def test_untouched_cases_cover_the_public_api():
    assert {name.split("-")[0] for name, *_ in _untouched_cases()} == set(C.__all__)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(("name", "fn", "args", "kwargs"), _untouched_cases(),
                         ids=[case[0] for case in _untouched_cases()])
def test_no_function_modifies_its_input(name, fn, args, kwargs, dtype):
    def cast(a):
        return a.astype(dtype) if isinstance(a, np.ndarray) and a.dtype.kind == "f" else a

    args = [cast(a) for a in args]
    kwargs = {k: cast(v) for k, v in kwargs.items()}
    before = [a.copy() if isinstance(a, np.ndarray) else a for a in [*args, *kwargs.values()]]
    fn(*args, **kwargs)
    for old, new in zip(before, [*args, *kwargs.values()], strict=True):
        if isinstance(old, np.ndarray):
            assert new.dtype == old.dtype
            np.testing.assert_array_equal(new, old)


# ----------------------------------------------------------------------- dtypes

# Each case: name, function of one logits-like argument, the dtype it returns for float64 in.
ONE_ARG = [
    ("sigmoid", C.sigmoid),
    ("log_sigmoid", C.log_sigmoid),
    ("softplus", C.softplus),
    ("softmax", lambda x: C.softmax(x, -1)),
    ("log_softmax", lambda x: C.log_softmax(x, -1)),
    ("logsumexp", lambda x: C.logsumexp(x, -1)),
    ("bce", lambda x: C.binary_cross_entropy((x > 0).astype(x.dtype), np.ones(np.shape(x)))),
    ("bcel", lambda x: C.binary_cross_entropy_with_logits(x, np.ones(np.shape(x)))),
    ("ce", lambda x: C.cross_entropy(x, np.zeros(np.shape(x)[:1], dtype=np.int64))),
    ("nll", lambda x: C.nll_loss(x, np.zeros(np.shape(x)[:1], dtype=np.int64))),
]


@pytest.mark.parametrize(
    ("in_dtype", "out_dtype"),
    [(np.float16, np.float16), (np.float32, np.float32), (np.float64, np.float64),
     (np.int8, np.float64), (np.int32, np.float64), (np.int64, np.float64),
     (np.uint8, np.float64), (np.bool_, np.float64)],
)
@pytest.mark.parametrize(("name", "fn"), ONE_ARG, ids=[name for name, _ in ONE_ARG])
def test_output_dtype(name, fn, in_dtype, out_dtype):
    x = np.array([[1, 0, 1], [0, 1, 1]]).astype(in_dtype)
    got = np.asarray(fn(x))
    assert got.dtype == out_dtype
    # the value is the float64 one, rounded once to the output dtype
    reference = np.asarray(fn(x.astype(np.float64)))
    np.testing.assert_array_max_ulp(got, reference.astype(out_dtype), maxulp=1)


@pytest.mark.parametrize("in_dtype", [np.float16, np.float32, np.float64, np.int64, np.bool_])
def test_decisions_return_bool_and_int64(in_dtype):
    x = np.array([[1, 0, 1], [0, 1, 1]]).astype(in_dtype)
    assert C.predict_binary(x).dtype == np.bool_
    assert C.predict_multilabel(x, [0.1, 0.6, 0.9]).dtype == np.bool_
    assert C.predict_multiclass(x, 1).dtype == np.int64


@pytest.mark.parametrize(
    ("call", "expected"),
    [(lambda: C.sigmoid(0.0), 0.5),
     (lambda: C.sigmoid(0), 0.5),
     (lambda: C.sigmoid(True), 1 / (1 + np.exp(-1.0))),
     (lambda: C.log_sigmoid([0, 0.0]), [-np.log(2)] * 2),
     (lambda: C.softplus([0]), [np.log(2)]),
     (lambda: C.softmax([1, 1, 1, 1], 0), [0.25] * 4),
     (lambda: C.softmax(3.0, 0), 1.0),
     (lambda: C.log_softmax([[0.0, 0.0]], 1), [[-np.log(2)] * 2]),
     (lambda: C.logsumexp([[0, 0], [1, 1]], -1), [np.log(2), 1 + np.log(2)]),
     (lambda: C.binary_cross_entropy([0.5], [1.0]), np.log(2)),
     (lambda: C.binary_cross_entropy_with_logits([0], [1]), np.log(2)),
     (lambda: C.cross_entropy([[0.0, 0.0]], [1]), np.log(2)),
     (lambda: C.cross_entropy([0, 0, 0], 2), np.log(3)),
     (lambda: C.nll_loss([[-1.0, -2.0]], [1], weight=[1, 3]), 2.0)],
    ids=["float", "int", "bool", "list", "int-list", "softmax-ints", "softmax-0d",
         "log_softmax-list", "logsumexp-list", "bce", "bcel-ints", "ce", "ce-unbatched", "nll"],
)
def test_python_lists_and_scalars(call, expected):
    got = call()
    assert np.asarray(got).dtype == np.float64
    assert np.shape(got) == np.shape(expected)
    np.testing.assert_allclose(got, expected, rtol=4e-16)


def test_python_lists_for_decisions():
    np.testing.assert_array_equal(C.predict_binary([-1, 0, 2]), [False, False, True])
    assert C.predict_multiclass([[0, 5, 5], [3, 1, 2]], 1).tolist() == [1, 0]
    np.testing.assert_array_equal(C.predict_multilabel([[2, -2]], [0.5, 0.05]), [[True, True]])


def test_numpy_integer_dim_is_accepted():
    np.testing.assert_array_equal(C.softmax([0.0, 0.0], np.int64(-1)), [0.5, 0.5])


# -------------------------------------------------------------------- bad input

X = np.zeros((2, 3))
P = np.full((2, 3), 0.5)
IDX = np.array([0, 2])

BAD_INPUT = [
    # non-numeric
    ("str input", lambda: C.sigmoid("abc"), TypeError, "input"),
    ("str list input", lambda: C.softplus(["1", "2"]), TypeError, "input"),
    ("object input", lambda: C.softmax(np.array([1.0, None], dtype=object), 0), TypeError,
     "input"),
    ("None input", lambda: C.logsumexp(None, 0), TypeError, "input"),
    ("str target bce", lambda: C.binary_cross_entropy(P, [["a"] * 3] * 2), TypeError, "target"),
    ("str target ce", lambda: C.cross_entropy(X, ["a", "b"]), TypeError, "target"),
    ("object weight", lambda: C.nll_loss(X, IDX, weight=np.array([1, None, 2])), TypeError,
     "weight"),
    ("object pos_weight", lambda: C.binary_cross_entropy_with_logits(
        X, P, pos_weight=np.array([1, None, 2])), TypeError, "pos_weight"),
    ("str logits", lambda: C.predict_binary(["x"]), TypeError, "logits"),
    ("str threshold", lambda: C.predict_multilabel(X, "0.5"), TypeError, "threshold"),
    # complex
    ("complex input", lambda: C.sigmoid([1 + 2j]), TypeError, "input.*complex"),
    ("complex softmax", lambda: C.log_softmax(np.ones(3, dtype=np.complex64), 0), TypeError,
     "input.*complex"),
    ("complex target ce", lambda: C.cross_entropy(X, [1j, 0j]), TypeError, "target.*complex"),
    ("complex target bcel", lambda: C.binary_cross_entropy_with_logits(X, X + 0j), TypeError,
     "target.*complex"),
    ("complex weight", lambda: C.cross_entropy(X, IDX, weight=[1j, 1, 1]), TypeError,
     "weight.*complex"),
    ("complex logits", lambda: C.predict_multiclass([1j, 2], 0), TypeError, "logits.*complex"),
    ("complex threshold", lambda: C.predict_binary([1.0], 0.5j), TypeError, "threshold"),
    # integer targets must be integers
    ("float index target nll", lambda: C.nll_loss(X, [0.0, 2.0]), TypeError, "target"),
    ("bool target ce", lambda: C.cross_entropy(X, [True, False]), TypeError, "target"),
    # ragged
    ("ragged input", lambda: C.sigmoid([[1.0, 2.0], [3.0]]), ValueError, "input.*ragged"),
    ("ragged softmax", lambda: C.softmax([1.0, [2.0, 3.0]], 0), ValueError, "input.*ragged"),
    ("ragged target nll", lambda: C.nll_loss(X, [0, [1]]), ValueError, "target.*ragged"),
    ("ragged target bce", lambda: C.binary_cross_entropy(P, [[1, 0, 1], [1]]), ValueError,
     "target.*ragged"),
    ("ragged weight", lambda: C.cross_entropy(X, IDX, weight=[1, [2, 3]]), ValueError,
     "weight.*ragged"),
    ("ragged threshold", lambda: C.predict_multilabel(X, [0.5, [0.5, 0.5]]), ValueError,
     "threshold.*ragged"),
    ("ragged logits", lambda: C.predict_multiclass([[1, 2], [3]], 1), ValueError,
     "logits.*ragged"),
    # dim out of range
    ("dim 2 of 2-d", lambda: C.softmax(X, 2), ValueError, "dim"),
    ("dim -3 of 2-d", lambda: C.log_softmax(X, -3), ValueError, "dim"),
    ("dim 1 of 0-d", lambda: C.logsumexp(1.0, 1), ValueError, "dim"),
    ("dim -2 of 1-d", lambda: C.predict_multiclass([1.0, 2.0], -2), ValueError, "dim"),
    # dim not an int
    ("float dim", lambda: C.softmax(X, 1.0), TypeError, "dim"),
    ("bool dim", lambda: C.log_softmax(X, True), TypeError, "dim"),
    ("None dim", lambda: C.logsumexp(X, None), TypeError, "dim"),
    ("str dim", lambda: C.softmax(X, "1"), TypeError, "dim"),
    ("numpy float dim", lambda: C.predict_multiclass(X, np.float64(1)), TypeError, "dim"),
    ("tuple dim softmax", lambda: C.softmax(X, (0, 1)), TypeError, "dim"),
    ("float in dim tuple", lambda: C.logsumexp(X, (0, 1.0)), TypeError, "dim"),
    # dim tuples torch rejects or reads otherwise than NumPy
    ("empty dim tuple", lambda: C.logsumexp(X, ()), ValueError, "dim.*ambiguous"),
    ("repeated dim", lambda: C.logsumexp(X, (0, 0)), ValueError, "dim.*more than once"),
    ("repeated negative dim", lambda: C.logsumexp(X, [1, -1]), ValueError, "dim.*more than once"),
    ("dim 2 in tuple", lambda: C.logsumexp(X, (0, 2)), ValueError, "dim"),
    # dtype= of softmax and log_softmax
    ("int dtype", lambda: C.softmax(X, 1, dtype=np.int64), TypeError, "dtype"),
    ("unknown dtype", lambda: C.log_softmax(X, 1, dtype="float33"), TypeError, "dtype"),
    ("complex dtype", lambda: C.softmax(X, 1, dtype=np.complex128), TypeError, "dtype"),
    # softplus's beta and threshold
    ("str beta", lambda: C.softplus(X, beta="2"), TypeError, "beta"),
    ("str threshold softplus", lambda: C.softplus(X, threshold="20"), TypeError, "threshold"),
    ("array threshold", lambda: C.softplus(X, threshold=np.array([20.0])), TypeError,
     "threshold"),
    # class target out of range
    ("target == C", lambda: C.cross_entropy(X, [0, 3]), ValueError, "target"),
    ("target -1", lambda: C.cross_entropy(X, [-1, 0]), ValueError, "target"),
    ("target huge nll", lambda: C.nll_loss(X, [0, 10**9]), ValueError, "target"),
    ("-100 with custom ignore", lambda: C.nll_loss(X, [-100, 0], ignore_index=1), ValueError,
     "target"),
    ("spatial target out of range", lambda: C.cross_entropy(
        np.zeros((1, 3, 2)), [[0, 5]]), ValueError, "target"),
    ("unbatched target out of range", lambda: C.cross_entropy([0.0, 0.0], 2), ValueError,
     "target"),
    # targets of the wrong shape
    ("float target (N,)", lambda: C.cross_entropy(X, [0.0, 2.0]), ValueError, "target"),
    ("float target (N, C+1)", lambda: C.cross_entropy(X, np.zeros((2, 4))), ValueError,
     "target"),
    ("float target transposed", lambda: C.cross_entropy(X, np.zeros((3, 2))), ValueError,
     "target"),
    ("int target (N, 1)", lambda: C.cross_entropy(X, [[0], [2]]), ValueError, "target"),
    ("int target (N+1,)", lambda: C.nll_loss(X, [0, 1, 2]), ValueError, "target"),
    ("int target ()", lambda: C.nll_loss(X, 0), ValueError, "target"),
    ("int target (1,) unbatched", lambda: C.cross_entropy([0.0, 0.0], [0]), ValueError,
     "target"),
    ("spatial int target", lambda: C.cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 3), int)),
     ValueError, "target"),
    ("bce target shape", lambda: C.binary_cross_entropy(P, [1.0, 0.0, 1.0]), ValueError,
     "target"),
    ("bce target transposed", lambda: C.binary_cross_entropy(P, P.T), ValueError, "target"),
    ("bcel target shape", lambda: C.binary_cross_entropy_with_logits(X, np.ones((1, 3))),
     ValueError, "target"),
    # class weights
    ("weight (C+1,)", lambda: C.cross_entropy(X, IDX, weight=[1.0] * 4), ValueError, "weight"),
    ("weight (1, C)", lambda: C.cross_entropy(X, IDX, weight=[[1.0] * 3]), ValueError,
     "weight"),
    ("weight scalar", lambda: C.cross_entropy(X, IDX, weight=2.0), ValueError, "weight"),
    ("weight prob targets", lambda: C.cross_entropy(X, P, weight=[1.0, 2.0]), ValueError,
     "weight"),
    ("weight nll", lambda: C.nll_loss(X, IDX, weight=[1.0, 2.0]), ValueError, "weight"),
    # reduction
    *[(f"reduction {r!r} {name}", (lambda f=f, r=r: f(r)), ValueError, "reduction")
      for name, f in [("bce", lambda r: C.binary_cross_entropy(P, P, reduction=r)),
                      ("bcel", lambda r: C.binary_cross_entropy_with_logits(X, P, reduction=r)),
                      ("ce", lambda r: C.cross_entropy(X, IDX, reduction=r)),
                      ("ce-prob", lambda r: C.cross_entropy(X, P, reduction=r)),
                      ("nll", lambda r: C.nll_loss(X, IDX, reduction=r))]
      for r in ["avg", "Mean", "", None]],
    # BCE probabilities
    *[(f"bce input {v}", (lambda v=v: C.binary_cross_entropy([0.5, v], [1.0, 0.0])),
       ValueError, "input") for v in [1.5, -0.1, 1 + 1e-16 * 3, -5e-324, NAN, INF, -INF]],
    # thresholds
    *[(f"threshold {t}", (lambda t=t: C.predict_binary(X, threshold=t)), ValueError, "threshold")
      for t in [1.5, -0.1, NAN, INF]],
    *[(f"multilabel threshold {t}", (lambda t=t: C.predict_multilabel(X, threshold=t)),
       ValueError, "threshold") for t in [2.0, [0.5, 0.5, 1.01], [-0.2, 0.5, 0.5],
                                          [0.5, NAN, 0.5]]],
    ("threshold too short", lambda: C.predict_multilabel(X, [0.5, 0.5]), ValueError,
     "threshold"),
    ("threshold too long", lambda: C.predict_multilabel(X, [0.5] * 4), ValueError, "threshold"),
    ("threshold (1, C)", lambda: C.predict_multilabel(X, [[0.5] * 3]), ValueError, "threshold"),
    ("threshold empty", lambda: C.predict_multilabel(X, []), ValueError, "threshold"),
    # label smoothing
    *[(f"label_smoothing {e}", (lambda e=e: C.cross_entropy(X, IDX, label_smoothing=e)),
       ValueError, "label_smoothing") for e in [-0.1, 1.1, NAN, INF]],
    ("label_smoothing prob targets", lambda: C.cross_entropy(X, P, label_smoothing=2.0),
     ValueError, "label_smoothing"),
]


@pytest.mark.parametrize(("call", "error", "match"), [case[1:] for case in BAD_INPUT],
                         ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_rejected(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_ragged_target_for_cross_entropy_is_named():
    with pytest.raises(ValueError, match=r"target.*ragged"):
        C.cross_entropy(X, [0, [1, 2]])


def test_softplus_is_never_below_its_input():
    z = np.array([11.2, 26.018371050712652])
    assert np.all(C.softplus(z, beta=3.0) >= z)


# Decisions made after review: argument checks and return types.

@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: C.binary_cross_entropy_with_logits(X, X * 0, weight=np.ones((4, 2, 3))),
     ValueError, "weight of shape"),
    (lambda: C.binary_cross_entropy_with_logits(X, X * 0, weight=np.ones(5)),
     ValueError, "weight of shape"),
    (lambda: C.binary_cross_entropy_with_logits(X, X * 0, pos_weight=np.ones(4)),
     ValueError, "pos_weight of shape"),
    (lambda: C.binary_cross_entropy(X * 0, X * 0, weight=np.ones((2, 2))),
     ValueError, "weight of shape"),
    (lambda: C.cross_entropy(1.0, 0), ValueError, "input must have shape"),
    (lambda: C.nll_loss(1.0, 0), ValueError, "input must have shape"),
    (lambda: C.cross_entropy(X, [0, 1], label_smoothing="0.1"), TypeError, "label_smoothing"),
    (lambda: C.softplus(1.0, beta=0.0), ValueError, "beta must be positive"),
    (lambda: C.predict_multiclass(np.zeros((2, 0)), dim=1), ValueError, "no classes"),
])
def test_more_bad_input_is_rejected(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_zero_weight_removes_an_infinite_loss_silently():
    with np.errstate(all="raise", under="ignore"):
        loss = C.binary_cross_entropy_with_logits([np.inf, 1.0], [0.0, 1.0], weight=[0.0, 1.0],
                                                  reduction="none")
    assert loss[0] == 0.0 and np.isfinite(loss[1])


def test_overflowing_loss_is_inf_without_warning():
    with np.errstate(all="raise", under="ignore"):
        total = C.binary_cross_entropy_with_logits([-1e308, -1e308], [1.0, 1.0], reduction="sum")
    assert total == np.inf


@pytest.mark.parametrize("call", [
    lambda: C.predict_multiclass([1.0, 3.0], dim=0),
    lambda: C.predict_multilabel(1.0),
    lambda: C.predict_binary(1.0),
    lambda: C.cross_entropy(X, [0, 1]),
    lambda: C.nll_loss(X, [0, 1]),
    lambda: C.binary_cross_entropy_with_logits(X, X * 0),
    lambda: C.binary_cross_entropy(X * 0, X * 0),
])
def test_results_are_ndarrays_even_when_0d(call):
    out = call()
    assert isinstance(out, np.ndarray) and out.ndim == 0


def test_predict_binary_rounds_in_the_logits_dtype_like_torch():
    z = np.float32([1e-9, 1e-6])
    expected = (torch.sigmoid(torch.from_numpy(z)) > 0.5).numpy()
    np.testing.assert_array_equal(C.predict_binary(z), expected)
