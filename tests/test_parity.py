"""Parity with ``torch.nn.functional``: same values, dtypes and shapes.

Every expected value comes from torch. Float64 inputs are compared with torch in
float64; float32 inputs with torch run in float64 on the same values and rounded
to float32 (the companion computes in float64 and rounds once, so it should be
within 1 ULP of that, while torch's own float32 softmax is off by up to a dozen
ULP, and its log-softmax by hundreds near 0).
Tolerances for float64 are set by torch's error, not ours: where torch's formula
cancels (log-softmax and logsumexp near 0, BCE-with-logits for a confident
right answer) an absolute term of a few ULP of the inputs' magnitude is allowed.
"""

import zlib

import mpmath
import numpy as np
import pytest
import torch
import torch.nn.functional as F

import companion as C

EPS64 = np.finfo(np.float64).eps
DTYPES = [np.float32, np.float64]
SHAPES = [(), (5,), (3, 4), (2, 3, 4), (2, 0, 3), (0, 4)]
REDUCTIONS = ["none", "mean", "sum"]


def valid_dims(shape):
    """Every dim torch accepts for ``shape``, negative ones included (0 and -1 for 0-d)."""
    n = max(len(shape), 1)
    return range(-n, n)


SHAPE_DIMS = [(shape, dim) for shape in SHAPES for dim in valid_dims(shape)]


def rng_for(*key):
    """A Generator seeded from the test's parameters, so every case gets its own data."""
    return np.random.default_rng([zlib.crc32(repr(k).encode()) for k in key] + [2024])


def to_torch(value):
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f":
            value = value.astype(np.float64)  # torch always runs in float64 here
        return torch.tensor(value)  # a copy; keeps 0-d arrays 0-d
    return value


def torch_ref(fn, *args, dtype, **kwargs):
    """Call ``fn`` on float64 tensors and return its result as a NumPy array in ``dtype``."""
    args = [to_torch(a) for a in args]
    kwargs = {k: to_torch(v) for k, v in kwargs.items()}
    return fn(*args, **kwargs).numpy().astype(dtype)


def assert_close(actual, expected, *, atol64=0.0, rtol64=1e-13):
    """Check dtype, shape and values of ``actual`` against torch's ``expected``.

    float32: at most 1 ULP from torch-in-float64 rounded to float32.
    float64: ``|actual - expected| <= atol64 + rtol64 * |expected|``.
    Infinities and NaN must sit at the same places.
    """
    actual = np.asarray(actual)
    assert actual.dtype == expected.dtype
    assert actual.shape == expected.shape
    if expected.dtype == np.float32:
        np.testing.assert_array_max_ulp(actual, expected, maxulp=1)
    else:
        np.testing.assert_allclose(actual, expected, rtol=rtol64, atol=atol64, equal_nan=True)


def logits(shape, dtype, *key, scale=3.0):
    return (rng_for(shape, dtype, *key).normal(scale=scale, size=shape)).astype(dtype)


def mp_softplus(x, beta):
    """log(1 + exp(beta x)) / beta at 256 bits."""
    with mpmath.workprec(256):
        return float(mpmath.log1p(mpmath.exp(beta * mpmath.mpf(float(x)))) / beta)


def scale_of(x):
    """Largest finite magnitude in ``x`` (1 if empty): sets torch's absolute error."""
    return float(np.max(np.abs(x), initial=1.0))


# --------------------------------------------------------------------- activations


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [(C.sigmoid, torch.sigmoid), (C.log_sigmoid, F.logsigmoid)],
    ids=["sigmoid", "log_sigmoid"],
)
def test_elementwise_activation(ours, theirs, shape, dtype):
    x = logits(shape, dtype, ours.__name__, scale=10.0)
    assert_close(ours(x), torch_ref(theirs, x, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("beta", [0.5, 1.0, 3.0])
def test_softplus(shape, dtype, beta):
    x = logits(shape, dtype, beta, scale=10.0)
    got = C.softplus(x, beta=beta)
    expected = torch_ref(F.softplus, x, beta=beta, dtype=dtype)
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype
    # Above beta*x = 20 torch returns x itself (its `threshold`): compare with mpmath there.
    below = beta * x.astype(np.float64) < 20
    assert_close(got[below], expected[below])
    exact = np.array([mp_softplus(v, beta) for v in x[~below]], dtype=np.float64)
    assert_close(got[~below], exact.astype(dtype), rtol64=2 * EPS64)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("shape", "dim"), SHAPE_DIMS)
def test_softmax(shape, dim, dtype):
    x = logits(shape, dtype, dim, "softmax")
    assert_close(C.softmax(x, dim=dim), torch_ref(F.softmax, x, dim=dim, dtype=dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("shape", "dim"), SHAPE_DIMS)
def test_log_softmax(shape, dim, dtype):
    x = logits(shape, dtype, dim, "log_softmax")
    expected = torch_ref(F.log_softmax, x, dim=dim, dtype=dtype)
    # torch's x - max - log(sum) loses a few ULP of the inputs where the result is near 0.
    assert_close(C.log_softmax(x, dim=dim), expected, atol64=4 * EPS64 * scale_of(x))


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("shape", "dim"), SHAPE_DIMS)
def test_logsumexp(shape, dim, dtype, keepdim):
    x = logits(shape, dtype, dim, keepdim, "logsumexp")
    expected = torch_ref(torch.logsumexp, x, dim=dim, keepdim=keepdim, dtype=dtype)
    got = C.logsumexp(x, dim=dim, keepdim=keepdim)
    assert_close(got, expected, atol64=4 * EPS64 * scale_of(x))


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [(0,), (1, 2), (0, 2), (2, 0), [-1, 0], (0, 1, 2)])
def test_logsumexp_over_several_dims(dim, keepdim):
    x = logits((2, 3, 4), np.float64, dim, keepdim, "logsumexp dims")
    expected = torch_ref(torch.logsumexp, x, dim=tuple(dim), keepdim=keepdim, dtype=np.float64)
    assert_close(C.logsumexp(x, dim=dim, keepdim=keepdim), expected, atol64=4 * EPS64 * 3.0)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("input_dtype", [np.float16, np.float32, np.float64, np.int64])
@pytest.mark.parametrize(("ours", "theirs"),
                         [(C.softmax, F.softmax), (C.log_softmax, F.log_softmax)],
                         ids=["softmax", "log_softmax"])
def test_softmax_dtype_casts_the_input_first(ours, theirs, input_dtype, dtype):
    x = logits((3, 5), np.float64, "dtype", scale=16.0).astype(input_dtype)
    got = ours(x, dim=1, dtype=dtype)
    # torch casts the input to dtype, then computes; here torch runs in float64 on the cast values.
    expected = theirs(torch.from_numpy(x.astype(dtype).astype(np.float64)), dim=1).numpy()
    assert got.dtype == dtype
    if dtype == np.float64:
        np.testing.assert_allclose(got, expected, rtol=1e-13, atol=4 * EPS64 * scale_of(x))
    else:
        np.testing.assert_array_max_ulp(got, expected.astype(dtype), maxulp=1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("beta", "threshold"), [(1.0, 20.0), (3.0, 0.2), (2.0, -100.0), (0.5, 5)])
def test_softplus_threshold_as_torch(dtype, beta, threshold):
    x = logits((200,), dtype, beta, threshold, "threshold", scale=15.0)
    got = C.softplus(x, beta=beta, threshold=threshold)
    expected = torch_ref(F.softplus, x, beta=beta, threshold=threshold, dtype=dtype)
    assert_close(got, expected)


def test_logsumexp_default_keepdim_is_false():
    x = logits((3, 4), np.float64, "default")
    assert C.logsumexp(x, 1).shape == torch.logsumexp(torch.from_numpy(x), 1).shape == (3,)


# -------------------------------------------------------------------------- losses

BCE_SHAPES = [(5,), (3, 4), (2, 3, 4), (0, 4)]


def probabilities(shape, dtype, *key):
    """Probabilities in (0, 1) with a few exact 0s and 1s (where torch clamps log at -100)."""
    rng = rng_for(shape, dtype, *key)
    p = rng.uniform(size=shape)
    p[rng.uniform(size=shape) < 0.1] = 0.0
    p[rng.uniform(size=shape) < 0.1] = 1.0
    return p.astype(dtype)


def bce_targets(shape, dtype, *key):
    """Hard 0/1 targets mixed with soft ones."""
    rng = rng_for(shape, dtype, "target", *key)
    y = rng.uniform(size=shape)
    hard = rng.uniform(size=shape) < 0.5
    y[hard] = np.round(y[hard])
    return y.astype(dtype)


def elementwise_weight(kind, shape, dtype, *key):
    rng = rng_for(shape, dtype, kind, *key)
    if kind is None:
        return None
    size = shape[-1:] if kind == "per-class" else shape
    return rng.uniform(0.2, 3.0, size=size).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weight_kind", [None, "per-class", "full"])
@pytest.mark.parametrize("shape", BCE_SHAPES)
def test_binary_cross_entropy(shape, weight_kind, reduction, dtype):
    p = probabilities(shape, dtype, "bce")
    y = bce_targets(shape, dtype, "bce")
    w = elementwise_weight(weight_kind, shape, dtype, "bce")
    expected = torch_ref(F.binary_cross_entropy, p, y, weight=w, reduction=reduction, dtype=dtype)
    assert_close(C.binary_cross_entropy(p, y, weight=w, reduction=reduction), expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("pos_weight", [False, True])
@pytest.mark.parametrize("weight_kind", [None, "per-class", "full"])
@pytest.mark.parametrize("shape", BCE_SHAPES)
def test_binary_cross_entropy_with_logits(shape, weight_kind, pos_weight, reduction, dtype):
    x = logits(shape, dtype, "bcel", scale=5.0)
    y = bce_targets(shape, dtype, "bcel")
    w = elementwise_weight(weight_kind, shape, dtype, "bcel")
    pw = elementwise_weight("per-class", shape, dtype, "pos") if pos_weight else None
    expected = torch_ref(F.binary_cross_entropy_with_logits, x, y, weight=w, pos_weight=pw,
                         reduction=reduction, dtype=dtype)
    got = C.binary_cross_entropy_with_logits(x, y, weight=w, reduction=reduction, pos_weight=pw)
    # torch computes (1 - y) x - (1 + (pw - 1) y) log_sigmoid(x), which cancels for x << 0
    # and y near 0: its absolute error is a few ULP of |x| times the weights.
    w_max = 1.0 if w is None else scale_of(w)
    pw_max = 1.0 if pw is None else scale_of(pw)
    assert_close(got, expected, atol64=8 * EPS64 * scale_of(x) * w_max * pw_max)


# Cross-entropy/NLL layouts: input shape, index-target shape (classes on dim 1, or
# dim 0 for an unbatched sample of shape (C,)). N = 0 is an empty batch.
CE_LAYOUTS = {
    "(N,C)": ((6, 4), (6,)),
    "(N,C,d1,d2)": ((2, 4, 3, 2), (2, 3, 2)),
    "(C,)": ((4,), ()),
    "empty (0,C)": ((0, 4), (0,)),
}
N_CLASSES = 4
# ignore_index argument (None: use the default) and the value planted in the targets.
IGNORES = {"default -100": (None, -100), "in range 1": (1, 1), "custom 255": (255, 255)}


def index_targets(target_shape, ignored_value, *key):
    """Class indices in [0, C) with about a third of them set to ``ignored_value``."""
    rng = rng_for(target_shape, ignored_value, *key)
    y = rng.integers(0, N_CLASSES, size=target_shape)
    return np.where(rng.uniform(size=target_shape) < 0.35, ignored_value, y).astype(np.int64)


def class_weight(use_weight, dtype, *key):
    if not use_weight:
        return None
    return rng_for(dtype, *key).uniform(0.2, 3.0, size=N_CLASSES).astype(dtype)


def ignore_kwargs(ignore):
    ignore_index, _ = IGNORES[ignore]
    return {} if ignore_index is None else {"ignore_index": ignore_index}


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 1.0])
@pytest.mark.parametrize("use_weight", [False, True])
@pytest.mark.parametrize("ignore", IGNORES)
@pytest.mark.parametrize("layout", CE_LAYOUTS)
def test_cross_entropy_index_targets(layout, ignore, use_weight, label_smoothing, reduction,
                                     dtype):
    input_shape, target_shape = CE_LAYOUTS[layout]
    x = logits(input_shape, dtype, "ce", layout)
    y = index_targets(target_shape, IGNORES[ignore][1], layout, ignore)
    w = class_weight(use_weight, dtype, "ce")
    kwargs = {"weight": w, "reduction": reduction, "label_smoothing": label_smoothing,
              **ignore_kwargs(ignore)}
    expected = torch_ref(F.cross_entropy, x, y, dtype=dtype, **kwargs)
    assert_close(C.cross_entropy(x, y, **kwargs), expected, atol64=EPS64)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 1.0])
@pytest.mark.parametrize("use_weight", [False, True])
@pytest.mark.parametrize("layout", CE_LAYOUTS)
def test_cross_entropy_probability_targets(layout, use_weight, label_smoothing, reduction,
                                           dtype):
    input_shape, _ = CE_LAYOUTS[layout]
    class_dim = 1 if len(input_shape) >= 2 else 0
    x = logits(input_shape, dtype, "ce-prob", layout)
    raw = rng_for(input_shape, "targets").uniform(size=input_shape)
    t = (raw / raw.sum(axis=class_dim, keepdims=True)).astype(dtype)  # rows sum to 1
    w = class_weight(use_weight, dtype, "ce-prob")
    kwargs = {"weight": w, "reduction": reduction, "label_smoothing": label_smoothing}
    expected = torch_ref(F.cross_entropy, x, t, dtype=dtype, **kwargs)
    assert_close(C.cross_entropy(x, t, **kwargs), expected, atol64=EPS64)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("use_weight", [False, True])
@pytest.mark.parametrize("ignore", IGNORES)
@pytest.mark.parametrize("layout", CE_LAYOUTS)
def test_nll_loss(layout, ignore, use_weight, reduction, dtype):
    input_shape, target_shape = CE_LAYOUTS[layout]
    class_dim = 1 if len(input_shape) >= 2 else 0
    z = logits(input_shape, dtype, "nll", layout).astype(np.float64)
    logp = torch.log_softmax(torch.from_numpy(z), class_dim).numpy().astype(dtype)
    y = index_targets(target_shape, IGNORES[ignore][1], layout, ignore, "nll")
    w = class_weight(use_weight, dtype, "nll")
    kwargs = {"weight": w, "reduction": reduction, **ignore_kwargs(ignore)}
    expected = torch_ref(F.nll_loss, logp, y, dtype=dtype, **kwargs)
    assert_close(C.nll_loss(logp, y, **kwargs), expected)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    ("ours", "theirs", "kwargs"),
    [(C.cross_entropy, F.cross_entropy, {}),
     (C.cross_entropy, F.cross_entropy, {"label_smoothing": 0.1}),
     (C.nll_loss, F.nll_loss, {})],
    ids=["cross_entropy", "cross_entropy-smoothed", "nll_loss"],
)
@pytest.mark.parametrize("use_weight", [False, True])
def test_all_targets_ignored(ours, theirs, kwargs, reduction, use_weight):
    """Nothing counted: 'mean' is 0/0 = NaN as in torch, 'sum' is 0, 'none' all zeros."""
    x = logits((3, N_CLASSES), np.float64, "ignored")
    y = np.full(3, 2, dtype=np.int64)
    w = class_weight(use_weight, np.float64, "ignored")
    kwargs = {"weight": w, "reduction": reduction, "ignore_index": 2, **kwargs}
    expected = torch_ref(theirs, x, y, dtype=np.float64, **kwargs)
    got = ours(x, y, **kwargs)
    assert_close(got, expected)
    if reduction == "mean":
        assert np.isnan(got)
    else:
        assert np.all(got == 0.0)


# ----------------------------------------------------------------------- decisions

# Random logits plus the spots where sigmoid rounds to exactly 0.5, 0 or 1.
DECISION_SPECIALS = np.array([0.0, 1e-17, -1e-17, 5e-16, -5e-16, 40.0, -40.0, 800.0, -800.0])


def decision_logits(shape, *key):
    x = logits(shape, np.float64, "decide", *key)
    if x.size:
        flat = x.reshape(-1)
        k = min(flat.size, DECISION_SPECIALS.size)
        flat[:k] = DECISION_SPECIALS[:k]
    return x


@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("shape", [(), (20,), (4, 5), (0,)])
def test_predict_binary(shape, threshold):
    x = decision_logits(shape, threshold)
    expected = (torch.sigmoid(torch.from_numpy(x)) > threshold).numpy()
    got = C.predict_binary(x, threshold=threshold)
    assert np.shape(got) == expected.shape
    assert np.asarray(got).dtype == np.bool_
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(("shape", "dim"), [
    (s, d) for s, d in SHAPE_DIMS if 0 not in s  # argmax of an empty slice is an error
] + [((0, 4), 1), ((0, 4), -1)])
@pytest.mark.parametrize("ties", [False, True])
def test_predict_multiclass(shape, dim, ties):
    x = logits(shape, np.float64, dim, ties)
    if ties:  # few distinct values: ties must go to the lowest index, as in torch
        x = np.asarray(np.round(x / 4))
    expected = torch.argmax(torch.from_numpy(x), dim=dim).numpy()
    got = C.predict_multiclass(x, dim=dim)
    assert np.shape(got) == expected.shape
    assert np.asarray(got).dtype == np.int64
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "threshold",
    [0.0, 0.3, 0.5, 1.0, [0.1, 0.5, 0.9, 0.0, 1.0], np.array([0.5, 0.2, 0.7, 0.99, 0.01])],
    ids=["0.0", "0.3", "0.5", "1.0", "per-class-list", "per-class-array"],
)
@pytest.mark.parametrize("shape", [(5,), (7, 5), (2, 3, 5), (0, 5)])
def test_predict_multilabel(shape, threshold):
    x = decision_logits(shape, str(threshold))
    t = torch.as_tensor(np.asarray(threshold, dtype=np.float64))
    expected = (torch.sigmoid(torch.from_numpy(x)) > t).numpy()
    got = C.predict_multilabel(x, threshold=threshold)
    assert got.shape == expected.shape
    assert got.dtype == np.bool_
    np.testing.assert_array_equal(got, expected)

