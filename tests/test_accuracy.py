"""Accuracy in ULPs against mpmath at 256 bits.

Bars (the maximum over all test points):

* sigmoid, log_sigmoid, softplus, logsumexp: 2 ULP
* log_softmax, binary_cross_entropy_with_logits (reduction='none'): 4 ULP
* softmax: 8 ULP for every output that is a normal float

Test points cover float64 over [-800, 800] with the underflow edges of exp
(-709.78, where results turn subnormal, and -745.13, where they reach 0), and
float32 over [-110, 110] with its edges (-88.72 and -103.97). Subnormal
results are included: their ULP is the subnormal spacing.
"""

import mpmath
import numpy as np
import pytest

import companion
from companion import reference as ref

DTYPES = {
    np.float64: dict(limit=800.0, edges=(-709.78, -745.13)),
    np.float32: dict(limit=110.0, edges=(-88.72, -103.97)),
}


def scalar_points(dtype):
    """A grid, random points, dense points at the underflow edges, tiny and signed values."""
    rng = np.random.default_rng(20201)
    limit = DTYPES[dtype]["limit"]
    parts = [np.linspace(-limit, limit, 3001), rng.uniform(-limit, limit, 3000),
             rng.uniform(-40, 40, 2000)]
    for edge in DTYPES[dtype]["edges"]:
        parts.append(rng.uniform(edge - 2, edge + 2, 1000))
    tiny = 10.0 ** rng.uniform(-30, 0, 500)
    parts += [tiny, -tiny, [0.0, -0.0]]
    return np.concatenate(parts).astype(dtype)


def slice_rows(dtype, count=1200):
    """Rows of 1 to 12 logits: spread out, clustered, near-tied, and at the edges."""
    rng = np.random.default_rng(20202)
    limit = DTYPES[dtype]["limit"]
    rows = []
    for i in range(count):
        n = int(rng.integers(1, 13))
        center = rng.uniform(-limit, limit)
        kind = i % 4
        if kind == 0:
            row = rng.uniform(-limit, limit, n)
        elif kind == 1:
            row = center + rng.normal(0, 3, n)
        elif kind == 2:
            row = center + rng.normal(0, 40, n)
        else:
            row = center + rng.uniform(-1, 1, n) * 10.0 ** rng.uniform(-12, 1)
        rows.append(np.clip(row, -limit, limit).astype(dtype))
    return rows


def max_ulp(computed, exact, dtype):
    return max(ref.ulp_error(c, e, dtype) for c, e in zip(computed, exact, strict=True))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ["sigmoid", "log_sigmoid", "softplus"])
def test_elementwise_within_2_ulp(name, dtype):
    z = scalar_points(dtype)
    exact = [getattr(ref, name)(v) for v in z]
    worst = max_ulp(getattr(companion, name)(z), exact, dtype)
    assert worst <= 2, f"{name} {dtype.__name__}: {worst:.2f} ULP"


def _well_conditioned(row):
    """False where logsumexp cancels: its max m in (-log n, 0) and |result| < |m| / 2."""
    m = float(np.max(row))
    return not (-np.log(len(row)) < m < 0 and abs(float(ref.logsumexp(row))) < abs(m) / 2)


@pytest.mark.parametrize("dtype", DTYPES)
def test_logsumexp_within_2_ulp(dtype):
    rows = [r for r in slice_rows(dtype) if _well_conditioned(r)]
    computed = [companion.logsumexp(r, dim=0) for r in rows]
    worst = max_ulp(computed, [ref.logsumexp(r) for r in rows], dtype)
    assert worst <= 2, f"logsumexp {dtype.__name__}: {worst:.2f} ULP"


def test_logsumexp_where_it_cancels_is_within_2_ulp_of_its_terms():
    # -log n < max < 0: m + log1p(rest) cancels towards 0. No float64 method
    # does better without extra precision; the error stays at the scale of the
    # two terms, |m| and log1p(rest) = |m| + result.
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(2, 9))
        row = -rng.uniform(0, np.log(n), n)
        exact = ref.logsumexp(row)
        terms_scale = abs(max(row)) + abs(float(exact))
        err = abs(ref.mpf(float(companion.logsumexp(row, dim=0))) - exact)
        assert err <= 2 * np.spacing(terms_scale), (row, float(err))


@pytest.mark.parametrize("dtype", DTYPES)
def test_log_softmax_within_4_ulp(dtype):
    worst = 0.0
    for row in slice_rows(dtype):
        worst = max(worst, max_ulp(companion.log_softmax(row, dim=0), ref.log_softmax(row), dtype))
    assert worst <= 4, f"log_softmax {dtype.__name__}: {worst:.2f} ULP"


@pytest.mark.parametrize("dtype", DTYPES)
def test_softmax_within_8_ulp_where_normal(dtype):
    tiny = np.finfo(dtype).tiny
    worst = 0.0
    for row in slice_rows(dtype):
        exact = ref.softmax(row)
        normal = [i for i, e in enumerate(exact) if e >= tiny]
        computed = companion.softmax(row, dim=0)
        worst = max([worst] + [ref.ulp_error(computed[i], exact[i], dtype) for i in normal])
    assert worst <= 8, f"softmax {dtype.__name__}: {worst:.2f} ULP"


@pytest.mark.parametrize("dtype", DTYPES)
def test_bce_with_logits_within_4_ulp(dtype):
    z = scalar_points(dtype)
    rng = np.random.default_rng(20203)
    targets = [np.zeros_like(z), np.ones_like(z), rng.uniform(0, 1, z.size).astype(dtype)]
    worst = 0.0
    for y in targets:
        loss = companion.binary_cross_entropy_with_logits(z, y, reduction="none")
        exact = [ref.bce_with_logits(a, b) for a, b in zip(z, y, strict=True)]
        worst = max(worst, max_ulp(loss, exact, dtype))
    assert worst <= 4, f"binary_cross_entropy_with_logits {dtype.__name__}: {worst:.2f} ULP"


def first_float_at_or_above(value, dtype):
    """The smallest ``dtype`` float >= the mpmath number ``value``."""
    candidate = dtype(float(value))
    if ref.mpf(float(candidate)) < value:
        candidate = np.nextafter(candidate, dtype(np.inf))
    return candidate


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_reaches_1_and_0_exactly_where_the_exact_value_rounds_there(dtype):
    # 1 - sigma(z) = 1 / (1 + e^z) is half an ULP below 1, 2**-(p+1), at z = ln(2**(p+1) - 1);
    # sigma(z) is half the smallest subnormal, 2**(minexp - nmant - 1), at z = -ln(2**1075 - 1).
    info = np.finfo(dtype)
    one_from = first_float_at_or_above(mpmath.log(mpmath.mpf(2) ** (info.nmant + 2) - 1), dtype)
    below_zero = -first_float_at_or_above(
        mpmath.log(mpmath.mpf(2) ** (info.nmant - info.minexp + 1) - 1), dtype)
    for edge in (one_from, below_zero):
        steps = np.arange(-200, 201)
        z = (edge + steps * np.spacing(edge)).astype(dtype)  # 401 consecutive floats
        exact = np.array([float(ref.sigmoid(v)) for v in z]).astype(dtype)
        np.testing.assert_array_equal(companion.sigmoid(z) == 1, exact == 1)
        np.testing.assert_array_equal(companion.sigmoid(z) == 0, exact == 0)
    assert companion.sigmoid(one_from) == 1 and companion.sigmoid(np.nextafter(one_from, 0)) < 1
    assert companion.sigmoid(below_zero) == 0 and companion.sigmoid(
        np.nextafter(below_zero, dtype(0))) > 0


def test_no_long_double_in_the_companion():
    # np.longdouble is 80-bit on x86-64 Linux and float64 elsewhere: results would differ.
    import pathlib
    sources = pathlib.Path(companion.__file__).parent.rglob("*.py")
    assert not [str(path) for path in sources if "longdouble" in path.read_text()]


@pytest.mark.parametrize("dtype", DTYPES)
def test_sigmoid_is_one_half_exactly_where_the_exact_value_rounds_to_it(dtype):
    # sigma(z) = 1/2 + z/4 - z^3/48: it rounds to 1/2 for z in [-2**-(p+1), 2**-p]
    # (p = 53 or 24; half the spacing below 1/2 is half that above).
    p = np.finfo(dtype).nmant + 1
    edges = [dtype(-(2.0 ** -(p + 1))), dtype(2.0 ** -p)]
    for edge in edges:
        z = (edge + np.arange(-200, 201) * np.spacing(edge)).astype(dtype)
        exact = np.array([float(ref.sigmoid(v)) for v in z]).astype(dtype)
        np.testing.assert_array_equal(companion.sigmoid(z) == 0.5, exact == 0.5)
    assert np.all(companion.sigmoid(np.array(edges)) == 0.5)


def test_sigmoid_near_zero_is_its_taylor_polynomial_within_0_53_ulp():
    # |z| < 2**-10 uses 1/2 + z/4 - z^3/48 and no exp; check it densely up to the switch.
    rng = np.random.default_rng(20204)
    below = np.nextafter(2.0**-10, 0)
    z = np.concatenate([rng.uniform(-below, below, 3000), 10.0 ** rng.uniform(-20, -3.01, 500),
                        [below, -below]])
    worst = max_ulp(companion.sigmoid(z), [ref.sigmoid(v) for v in z], np.float64)
    assert worst <= 0.53, worst
