"""Algebraic properties of the activations, checked on generated inputs (hypothesis).

Each property holds exactly in real arithmetic; the tolerances allow for the
companion's documented accuracy of a few ULP per operation.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import companion as C

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).tiny  # smallest normal float

PROPERTY = settings(max_examples=200, deadline=None, database=None)

MODERATE = 1e3
WIDE = 1e300


def finite(bound):
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False)


def logit_arrays(bound, max_dims=3):
    return arrays(np.float64, array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=6),
                  elements=finite(bound))


def with_dim(bound):
    """An array and one of its dims (negative ones included)."""
    return logit_arrays(bound).flatmap(
        lambda x: st.tuples(st.just(x), st.integers(-x.ndim, x.ndim - 1)))


BOTH_RANGES = st.sampled_from([MODERATE, WIDE]).flatmap(with_dim)


def ulp_distance(a, b):
    """Number of float64 steps between ``a`` and ``b``, elementwise (both finite)."""
    def ordered(v):
        i = np.asarray(v, dtype=np.float64).view(np.int64)
        return np.where(i < 0, np.int64(-(2**63)) - i, i)  # monotone map float -> int
    return np.abs(ordered(a) - ordered(b))


# ------------------------------------------------------------------------ softmax


@PROPERTY
@given(BOTH_RANGES)
def test_softmax_slices_sum_to_one_and_lie_in_unit_interval(x_dim):
    x, dim = x_dim
    p = C.softmax(x, dim)
    assert np.all((p >= 0) & (p <= 1))
    n = x.shape[dim]
    # each of the n terms is within ~2 ULP, and the sum rounds n - 1 more times
    np.testing.assert_allclose(p.sum(axis=dim), 1.0, rtol=0, atol=(n + 3) * EPS)


@PROPERTY
@given(
    arrays(np.float64, array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=8),
           elements=st.integers(-1000, 1000).map(float)),
    st.integers(-(10**9), 10**9).map(float),
)
def test_softmax_shift_invariance_exact(x, c):
    """Integer logits and shift: x + c is exact, and so must be the invariance."""
    for dim in range(x.ndim):
        np.testing.assert_array_equal(C.softmax(x + c, dim), C.softmax(x, dim))
        np.testing.assert_array_equal(C.log_softmax(x + c, dim), C.log_softmax(x, dim))


@PROPERTY
@given(with_dim(MODERATE), finite(MODERATE))
def test_softmax_shift_invariance_within_rounding(x_dim, c):
    x, dim = x_dim
    shifted = x + c  # rounded: each logit moves by up to half an ULP of |x + c|
    p, q = C.softmax(x, dim), C.softmax(shifted, dim)
    # exp turns an absolute error d in the logit differences into a relative error d,
    # on top of the few ULP of each softmax
    d = 2 * EPS * np.max(np.abs(shifted), initial=0.0)
    np.testing.assert_allclose(q, p, rtol=d + 8 * EPS, atol=1e-300)


@PROPERTY
@given(with_dim(MODERATE), st.integers(-(10**6), 10**6).map(float))
def test_logsumexp_is_shift_equivariant(x_dim, c):
    x, dim = x_dim
    x = np.round(x * 8) / 8  # multiples of 1/8 below 2**20: x + c stays exact
    a, b = C.logsumexp(x + c, dim), C.logsumexp(x, dim) + c
    bound = 4 * EPS * (np.abs(a) + abs(c) + np.max(np.abs(x), initial=0.0))
    assert np.all(np.abs(a - b) <= bound)


@PROPERTY
@given(BOTH_RANGES)
def test_softmax_preserves_order(x_dim):
    x, dim = x_dim
    p = C.softmax(x, dim)
    xs, ps = np.moveaxis(x, dim, -1), np.moveaxis(p, dim, -1)
    # compare every pair (i, j) inside each slice
    xi, xj, pi, pj = np.broadcast_arrays(xs[..., :, None], xs[..., None, :],
                                         ps[..., :, None], ps[..., None, :])
    assert np.all(pi[xi == xj] == pj[xi == xj])
    assert np.all(pi[xi < xj] <= pj[xi < xj])


@PROPERTY
@given(BOTH_RANGES)
def test_log_softmax_is_log_of_softmax(x_dim):
    x, dim = x_dim
    logp, p = C.log_softmax(x, dim), C.softmax(x, dim)
    normal = p > TINY  # below, softmax loses relative precision (or is 0)
    # log(p(1 + d)) = log p + d: softmax's relative error becomes an absolute one
    err = np.abs(logp[normal] - np.log(p[normal]))
    assert np.all(err <= 4 * EPS + 4 * EPS * np.abs(logp[normal]))
    assert np.all(logp <= 0)


@PROPERTY
@given(BOTH_RANGES)
def test_predict_multiclass_is_argmax_of_softmax(x_dim):
    x, dim = x_dim
    p = C.softmax(x, dim)
    pred = np.asarray(C.predict_multiclass(x, dim))
    at_pred = np.take_along_axis(p, np.expand_dims(pred, dim), axis=dim).squeeze(axis=dim)
    # the predicted class has the largest probability ...
    np.testing.assert_array_equal(at_pred, p.max(axis=dim))
    # ... and is the argmax of softmax wherever softmax has not rounded two logits together
    unique = (p == p.max(axis=dim, keepdims=True)).sum(axis=dim) == 1
    np.testing.assert_array_equal(pred[unique], np.argmax(p, axis=dim)[unique])


# ------------------------------------------------------------------------ sigmoid


@PROPERTY
@given(st.sampled_from([MODERATE, WIDE]).flatmap(
    lambda bound: arrays(np.float64, st.integers(1, 50), elements=finite(bound))))
def test_sigmoid_is_softmax_of_z_and_zero(z):
    pairs = np.stack([z, np.zeros_like(z)], axis=-1)
    p = C.softmax(pairs, -1)
    assert np.all(ulp_distance(C.sigmoid(z), p[:, 0]) <= 2)
    assert np.all(ulp_distance(C.sigmoid(-z), p[:, 1]) <= 2)
    # 1 - sigmoid(z) is the second probability, up to the rounding of the subtraction
    np.testing.assert_allclose(1 - C.sigmoid(z), p[:, 1], rtol=0, atol=2 * EPS)


@PROPERTY
@given(st.sampled_from([MODERATE, WIDE]).flatmap(
    lambda bound: arrays(np.float64, st.integers(2, 50), elements=finite(bound))))
def test_monotone_activations(z):
    z = np.sort(z)
    for fn in (C.sigmoid, C.log_sigmoid, C.softplus):
        assert np.all(np.diff(fn(z)) >= 0), fn.__name__
