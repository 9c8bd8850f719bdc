r"""Activations: from logits to probabilities and log-probabilities.

The functions mirror ``torch.nn.functional`` (same names, argument names and
semantics) and take NumPy arrays or anything :func:`numpy.asarray` accepts.
float64 stays float64, float32 and float16 stay what they are (computed in
float64 and rounded once), integers and bools become float64.

Every function here is accurate to a few units in the last place (ULP) over the
whole floating-point range. The tricks that get there are few and each is
explained where it is used:

* the sigmoid branches on the sign of ``z`` so that ``exp`` never overflows,
  and corrects its quotient with an exact residual (Dekker's product);
* ``log1p(exp(-|z|))`` keeps the small term of softplus and log-sigmoid exact;
* softmax, log-softmax and logsumexp subtract the maximum (so the largest term
  is ``exp(0) = 1``), split ``z - max`` exactly into ``hi + lo`` (TwoSum), and
  leave the largest term out of the sum so that ``log1p`` sees the rest.

All arithmetic is float64 (no long double), so a result is the same on every
IEEE-754 platform given the same ``exp`` and ``log1p`` results. Those two come
from NumPy, which does not fix them to the last bit (its AVX-512 code on CPUs
that have it, the C library elsewhere): the last bit of a result may differ
between machines, never by more than the accuracy each function documents.
"""

import math

import numpy as np

from companion._checks import (
    as_float_array,
    check_dim,
    check_dims,
    check_real,
    working_copy,
)

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax", "softplus"]


def sigmoid(input):
    r"""Logistic sigmoid, elementwise: :math:`\sigma(z) = 1 / (1 + e^{-z}) = e^z / (1 + e^z)`.

    The result lies in the open interval (0, 1) mathematically. Rounded to
    float64, the exact value is 1.0 from :math:`z = \ln(2^{54} - 1) = 37.429948`
    on (there :math:`1 - \sigma(z) = 1 / (1 + e^z)` reaches half an ULP below
    1, :math:`2^{-54}`), and 0.0 from :math:`z = -\ln(2^{1075} - 1) = -745.133219`
    down (half the smallest subnormal); in float32, 1.0 from
    :math:`\ln(2^{25} - 1) = 17.328679` and 0.0 from
    :math:`-\ln(2^{150} - 1) = -103.972077`. This function returns 1.0 and
    0.0 from exactly those floats on (tested on the 200 floats either side
    of each point). ``1/(1 + exp(-z))`` evaluated in the working precision,
    as torch does, reaches 1.0 earlier, where :math:`1 + e^{-z}` rounds to 1
    (z >= 53 ln 2 = 36.74 in float64, z >= 24 ln 2 = 16.64 in float32).

    Parameters
    ----------
    input : array_like
        Logits ``z``.

    Returns
    -------
    ndarray
        :math:`\sigma(z)`, same shape and float dtype as ``input``.
        ``sigmoid(inf) = 1``, ``sigmoid(-inf) = 0``, NaN stays NaN.

    Notes
    -----
    With :math:`e = e^{-|z|} \in (0, 1]`, the probability of the less likely
    side is :math:`s = e / (1 + e) \le 1/2`, and the result is :math:`s` for
    :math:`z < 0` and :math:`1 - s` for :math:`z \ge 0`. ``exp`` never
    overflows, and :math:`s` keeps full relative accuracy down to the
    subnormals (z in (-745.13, -708.40)), where ``1/(1 + exp(-z))`` overflows
    in ``exp`` and returns 0 below z = -709.78.

    Everything is float64 arithmetic. The quotient :math:`q = fl(e / (1 + e))`
    is corrected by its residual :math:`e - q(1 + e) = (e - q) - qe`, computed
    exactly with Dekker's product (``e - q`` is exact because
    :math:`e/2 \le q \le e`), and :math:`1 - s` is formed with the rounding
    error of :math:`1 - q` added back (TwoSum). What remains is one final
    rounding (0.5 ULP) plus the error of ``exp`` (passed on at most in full).
    For :math:`|z| < 2^{-10}` the result is the Taylor polynomial
    :math:`1/2 + z/4 - z^3/48` instead, within 0.53 ULP and with no ``exp``.
    With NumPy's ``exp`` here (0.69 ULP) the maximum over the test suite's
    points is 1.11 ULP in float64; float32 is computed in float64 and
    rounded once, within 0.5 ULP.

    Across platforms: the arithmetic is IEEE-754 float64 and gives the same
    bits everywhere for the same ``exp`` results. ``np.exp`` itself is not
    pinned to the bit: NumPy uses its own AVX-512 code on CPUs that have it
    and the C library elsewhere (they differ in the last bit for about 5% of
    arguments), so for :math:`|z| \ge 2^{-10}` the last bit of the result can
    differ between machines, within the accuracy above. Three things do not
    depend on it. Near 0 no ``exp`` is used, so the floats that give exactly
    0.5 are the same everywhere: those in :math:`[-2^{-53}, 2^{-52}]`, where
    the exact value rounds to 0.5. The 1.0 threshold holds for any ``exp``
    within a few ULP: the floats on either side of :math:`\ln(2^{54} - 1)`
    are 5.6 and 26 ULP of ``exp`` away from crossing it. The 0.0 threshold
    is where ``exp`` itself rounds to 0 (NumPy's and the C library's both do
    so at the exact point).

    Differences from torch, on purpose: integer and bool input gives
    float64 (torch: its default dtype, float32), and complex input raises
    ``TypeError`` (the companion is real-valued).

    Examples
    --------
    >>> sigmoid([-2.0, 0.0, 2.0])
    array([0.11920292, 0.5       , 0.88079708])
    >>> sigmoid(-740.0) > 0  # a subnormal, not 0
    np.True_
    >>> z = 37.42994775023705  # ln(2**54 - 1) rounded up to a float
    >>> float(sigmoid(z)), float(sigmoid(np.nextafter(z, 0)))
    (1.0, 0.9999999999999999)
    >>> sigmoid([-2.0**-53, 2.0**-52]) == 0.5  # the floats next to these are not 0.5
    array([ True,  True])
    """
    z = as_float_array(input, "input")
    x = working_copy(z)
    e = np.exp(-np.abs(x))  # in (0, 1]: no overflow
    q = e / (1 + e)  # sigma(-|z|), at most 1/2, before correction
    product, product_error = _two_product(q, e)
    correction = (((e - q) - product) - product_error) / (1 + e)  # s = q + correction
    low = 1 - q
    low_error = (1 - low) - q  # 1 - q = low + low_error exactly
    out = np.where(x >= 0, low + (low_error - correction), q + correction)
    near = np.abs(x) < _TAYLOR_BELOW
    small = np.where(near, x, 0.0)  # (so that x * x cannot overflow)
    taylor = 0.5 + (0.25 * small) * (1 - small * small / 12)  # 1/2 + z/4 - z^3/48, no exp
    return np.where(near, taylor, out).astype(z.dtype)


# Below 2**-10 the sigmoid's Taylor polynomial 1/2 + z/4 - z^3/48 is within
# 0.03 ULP of it (the next term is z^5/480), and uses no exp.
_TAYLOR_BELOW = 2.0**-10


# Dekker's exact product: a float64 splits into two halves of 26 bits, whose
# products are exact, so a * b = p + error with p = fl(a * b), both floats.
_SPLITTER = 2.0**27 + 1


def _two_product(a, b):
    """``fl(a * b)`` and its rounding error, exact unless the product underflows."""
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    error = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    return product, error


def _split(a):
    """Veltkamp's split: ``a = high + low`` exactly, each with at most 26 significant bits."""
    scaled = _SPLITTER * a
    high = scaled - (scaled - a)
    return high, a - high


def log_sigmoid(input):
    r"""Log of the sigmoid, elementwise: :math:`\log\sigma(z) = -\log(1 + e^{-z})`.

    Parameters
    ----------
    input : array_like
        Logits ``z``.

    Returns
    -------
    ndarray
        :math:`\log\sigma(z) \le 0`, same shape and float dtype as ``input``.
        ``log_sigmoid(-inf) = -inf``, ``log_sigmoid(inf) = 0``, NaN stays NaN.

    Notes
    -----
    Written as :math:`\min(z, 0) - \log(1 + e^{-|z|})`: ``exp`` never
    overflows, ``log1p`` keeps the small term exact for large ``|z|``, and
    the two terms have the same sign, so nothing cancels. It equals
    ``-softplus(-z)``.

    Examples
    --------
    >>> log_sigmoid([-1000.0, 0.0, 40.0])
    array([-1.00000000e+03, -6.93147181e-01, -4.24835426e-18])
    """
    z = as_float_array(input, "input")
    x = working_copy(z)
    out = np.minimum(x, 0.0) - np.log1p(np.exp(-np.abs(x)))
    return out.astype(z.dtype)


def softplus(input, beta=1.0, threshold=None):
    r"""Softplus, elementwise: :math:`\frac{1}{\beta}\log(1 + e^{\beta z})`.

    Parameters
    ----------
    input : array_like
        Logits ``z``.
    beta : float > 0, default 1.0
        Sharpness, as in ``torch.nn.functional.softplus``.
    threshold : float, optional
        As in torch: where :math:`\beta z` > ``threshold``, return ``z``
        itself. None (the default) means no threshold.

    Returns
    -------
    ndarray
        Same shape and float dtype as ``input``; always :math:`\ge \max(z, 0)`
        without a threshold.

    Notes
    -----
    Written as :math:`\max(z, 0) + \frac{1}{\beta}\log(1 + e^{-\beta|z|})`:
    ``exp`` never overflows, both terms are non-negative, and the first is
    exact, so the result never falls below ``max(z, 0)``.

    One deliberate difference from torch: its ``threshold`` defaults to 20,
    and above it torch returns ``z``, which is off by
    :math:`\log(1+e^{-\beta z})/\beta`, about 2e-9 at :math:`\beta z = 20`
    (a relative error of 1e-10, far above float64's rounding). This formula
    needs no threshold, so by default there is none; pass ``threshold`` to
    get torch's numbers (the comparison runs in float64).

    Examples
    --------
    >>> softplus([-40.0, 0.0, 20.0])
    array([4.24835426e-18, 6.93147181e-01, 2.00000000e+01])
    >>> float(softplus(20.0))  # torch returns 20.0 here
    20.000000002061153
    >>> float(softplus(20.5, threshold=20))  # as torch does
    20.5
    """
    z = as_float_array(input, "input")
    if not check_real(beta, "beta") > 0:
        raise ValueError(f"beta must be positive, got {beta}")
    if threshold is not None:
        check_real(threshold, "threshold")
    x = working_copy(z)
    with np.errstate(over="ignore"):  # beta * |z| may pass the largest float: exp(-inf) = 0
        out = np.maximum(x, 0.0) + np.log1p(np.exp(-beta * np.abs(x))) / beta
        if threshold is not None:
            out = np.where(beta * x > threshold, x, out)
    return out.astype(z.dtype)


def softmax(input, dim, dtype=None):
    r"""Softmax along ``dim``: :math:`S(z)_i = e^{z_i} / \sum_j e^{z_j}`.

    Parameters
    ----------
    input : array_like
        Logits.
    dim : int
        The axis that holds the classes: each slice along it becomes a
        probability distribution. Required, unlike NumPy's ``axis=None``
        habit: for a (batch, classes) array it is 1 (or -1), never 0.
    dtype : NumPy float dtype, optional
        As in torch: ``input`` is cast to it before the operation, and the
        result has it (``np.float16``, ``np.float32``, ``np.float64`` or a
        name such as ``"float32"``).

    Returns
    -------
    ndarray
        Probabilities, same shape as ``input``, in its float dtype (or
        ``dtype``); each slice along ``dim`` is non-negative and sums to 1
        (to rounding).

    Notes
    -----
    Computed as :math:`e^{z_i - m} / (1 + r)` with :math:`m = \max_j z_j` and
    :math:`r` the sum of the other terms :math:`e^{z_j - m}`: no term exceeds
    1, so nothing overflows, even for logits of 1e308. The difference
    :math:`z_i - m` is split exactly into ``hi + lo`` (TwoSum) and
    :math:`e^{z_i - m} \approx e^{hi}(1 + lo)`, so tiny probabilities keep full
    relative accuracy.

    Edge cases, as in torch: a ``-inf`` logit is a mask (probability exactly
    0); a slice whose maximum is not finite (it holds ``+inf`` or NaN, or it
    is all ``-inf``) becomes all NaN, and other slices are unaffected.

    A difference from torch, on purpose: complex input raises ``TypeError``,
    with or without ``dtype`` (torch's ``dtype=`` drops the imaginary part,
    with a warning).

    Examples
    --------
    >>> softmax([[1.0, 2.0, 3.0], [0.0, 0.0, -np.inf]], dim=1)
    array([[0.09003057, 0.24472847, 0.66524096],
           [0.5       , 0.5       , 0.        ]])
    >>> softmax([1000.0, 0.0], dim=0)  # no overflow
    array([1., 0.])
    >>> softmax([0, 1], dim=0, dtype=np.float32)  # int logits, float32 result
    array([0.26894143, 0.7310586 ], dtype=float32)
    """
    return _along_dim(_softmax_rows, as_float_array(input, "input", dtype), dim)


def log_softmax(input, dim, dtype=None):
    r"""Log of the softmax along ``dim``: :math:`z_i - \log\sum_j e^{z_j}`.

    Parameters
    ----------
    input : array_like
        Logits.
    dim : int
        The axis that holds the classes (required, as for :func:`softmax`).
    dtype : NumPy float dtype, optional
        As in torch: ``input`` is cast to it before the operation, and the
        result has it.

    Returns
    -------
    ndarray
        Log-probabilities, same shape as ``input``, in its float dtype (or
        ``dtype``), all :math:`\le 0`.

    Notes
    -----
    Computed as :math:`(hi_i - \log(1 + r)) + lo_i`, where
    :math:`hi_i + lo_i = z_i - m` exactly and :math:`r` sums
    :math:`e^{z_j - m}` over every term but the largest. Both parts of
    :math:`hi_i - \log(1 + r)` are :math:`\le 0`, so nothing cancels: for
    the dominant class the result is :math:`-\log(1 + r)`, accurate even when
    it is -1e-300, where ``z - logsumexp(z)`` would return 0.

    Edge cases are those of :func:`softmax`; a masked (``-inf``) logit gives
    ``-inf``. Differences from torch, on purpose: those of :func:`softmax`,
    and in float16 the result is computed in float64 and rounded once, where
    torch rounds intermediate values, so the two can differ in float16's
    last place.

    Examples
    --------
    >>> log_softmax([10.0, -30.0], dim=0)
    array([-4.24835426e-18, -4.00000000e+01])
    """
    return _along_dim(_log_softmax_rows, as_float_array(input, "input", dtype), dim)


def logsumexp(input, dim, keepdim=False):
    r"""Log of the sum of exponentials along ``dim``: :math:`\log\sum_j e^{z_j}`.

    Parameters
    ----------
    input : array_like
        Logits.
    dim : int or tuple of ints
        The axis or axes to reduce, as in torch: ``dim=(0, 1)`` sums over
        both. ``dim=()`` raises ``ValueError``: torch reduces every dim with
        it (and raises for most inputs when ``keepdim=False``), NumPy reduces
        none, so name the dims.
    keepdim : bool, default False
        Keep the reduced axes with length 1, as in torch.

    Returns
    -------
    ndarray
        Same float dtype as ``input``, with the ``dim`` axes removed (or kept
        with length 1).

    Notes
    -----
    Computed as :math:`m + \log(1 + r)` with :math:`m = \max_j z_j` and
    :math:`r` the sum of :math:`e^{z_j - m}` over every term but the largest:
    ``log1p`` keeps :math:`r` even when it is far below the rounding of 1.
    Shifting the input shifts the result: logsumexp(z + c) = logsumexp(z) + c
    (equivariant, not invariant).

    Accuracy is within 2 ULP except where the result is near 0 while its
    terms are not (:math:`-\log n < m < 0`): there :math:`m` and
    :math:`\log(1 + r)` cancel, and the error is within 2 ULP *of those
    terms*. Doing better would take arithmetic wider than float64.

    Edge cases, as in torch: an all ``-inf`` slice gives ``-inf``, a ``+inf``
    gives ``+inf``, NaN gives NaN, an empty slice gives ``-inf``.

    Differences from torch, on purpose: integer and bool input gives
    float64 (torch: float32), complex input raises ``TypeError``, and
    ``dim=()`` raises ``ValueError`` (see ``dim``).

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0], dim=0)  # 1000 + log 2, no overflow
    array(1000.69314718)
    >>> logsumexp([0.0, -40.0], dim=0)  # log1p keeps e^-40
    array(4.24835426e-18)
    >>> logsumexp(np.zeros((2, 3)), dim=(0, 1))  # log 6
    array(1.79175947)
    """
    return _reduce_dims(_logsumexp_rows, as_float_array(input, "input"), dim, keepdim)


# Softmax, log-softmax and logsumexp work on 2-d blocks of rows, classes along
# axis 1. A block is small enough for its arrays to stay in the CPU cache, and
# its arrays are allocated once per call and reused for every block (through
# NumPy's out= arguments): the TwoSum correction costs a few extra passes over
# the data, which are cheap in cache, while fresh temporaries per block would
# cost page faults whenever the allocator hands their memory back to the system.
_BLOCK_ELEMENTS = 1 << 16


def _along_dim(row_function, z, dim):
    """Apply ``row_function`` to every slice of the float array ``z`` along ``dim``;
    the result has ``z``'s shape and dtype."""
    axis = check_dim(dim, z.ndim)
    moved = np.moveaxis(np.atleast_1d(z), axis, -1)
    rows = moved.reshape(math.prod(moved.shape[:-1]), moved.shape[-1])
    out = np.moveaxis(_by_rows(row_function, rows, z.dtype).reshape(moved.shape), -1, axis)
    return out.reshape(z.shape)


def _reduce_dims(row_function, z, dim, keepdim):
    """Reduce the float array ``z`` over the axes ``dim`` with ``row_function``.

    The reduced axes are moved to the end and flattened into one row per index
    of the others; the result drops them, or keeps them with length 1.
    """
    axes = check_dims(dim, z.ndim)
    shape = np.shape(np.atleast_1d(z))
    kept = tuple(n for axis, n in enumerate(shape) if axis not in axes)
    moved = np.moveaxis(np.atleast_1d(z), axes, range(-len(axes), 0))
    rows = moved.reshape(math.prod(kept), math.prod(shape[axis] for axis in axes))
    out = _by_rows(row_function, rows, z.dtype, reduces=True).reshape(kept)
    if z.ndim == 0:
        return out.reshape(())
    return np.expand_dims(out, axes) if keepdim else out


def _by_rows(row_function, rows, dtype, reduces=False):
    """Apply ``row_function`` to the rows of a 2-d array, block by block, in float64.

    ``row_function(x, hi, lo, t)`` gets a float64 block ``x`` of shape
    (rows, C) and three scratch arrays of the same shape, and returns an
    array of shape (rows, C), or (rows, 1) if it ``reduces``. The result is
    rounded once to ``dtype``.
    """
    out = np.empty((rows.shape[0], 1 if reduces else rows.shape[1]), dtype=dtype)
    step = max(1, _BLOCK_ELEMENTS // max(rows.shape[1], 1))
    buffers = np.empty((4, min(step, rows.shape[0]), rows.shape[1]))  # x, hi, lo, t
    for start in range(0, rows.shape[0], step):
        block = rows[start:start + step]
        x, hi, lo, t = buffers[:, :len(block)]
        np.copyto(x, block)  # the float64 working copy
        out[start:start + step] = row_function(x, hi, lo, t)
    return out


# Each row function reuses x as scratch once _split_difference has read it.
def _softmax_rows(x, hi, lo, t):
    m = _row_max(x)
    _split_difference(x, m, hi, lo, t)
    terms = _exp_split(hi, lo, out=t, scratch=x)
    terms /= terms.sum(axis=1, keepdims=True)
    return _nan_where_max_not_finite(terms, m)


def _log_softmax_rows(x, hi, lo, t):
    m = _row_max(x)
    _split_difference(x, m, hi, lo, t)
    log_denominator = np.log1p(_rest(_exp_split(hi, lo, out=t, scratch=x)))  # one per row
    out = np.subtract(hi, log_denominator, out=hi)  # both <= 0: nothing cancels
    out += lo
    return _nan_where_max_not_finite(out, m)


def _logsumexp_rows(x, hi, lo, t):
    m = _row_max(x)
    _split_difference(x, m, hi, lo, t)
    out = m + np.log1p(_rest(_exp_split(hi, lo, out=t, scratch=x)))
    return np.where(np.isfinite(m), out, m)  # +inf, -inf (all masked or empty) or NaN


def _row_max(x):
    """Each row's maximum, as a column; -inf for an empty row."""
    return np.max(x, axis=1, keepdims=True, initial=-np.inf)


def _exp_split(hi, lo, out, scratch):
    """``exp(hi + lo)`` as ``exp(hi) + exp(hi) * lo``, exact to first order since
    |lo| <= ulp(hi)/2; written into ``out``, with ``hi`` and ``lo`` left as they were."""
    e = np.exp(hi, out=out)
    return np.add(e, np.multiply(lo, e, out=scratch), out=out)


def _rest(terms):
    """Sum of each row's terms but one largest (which is exp(0) = 1), so that
    ``log1p(rest)`` keeps a rest far below the rounding of 1. Overwrites ``terms``."""
    if terms.size:
        np.put_along_axis(terms, np.argmax(terms, axis=1, keepdims=True), 0.0, axis=1)
    return terms.sum(axis=1, keepdims=True)


def _nan_where_max_not_finite(out, m):
    """As in torch: a row holding +inf or NaN, or all -inf, becomes all NaN."""
    out[~np.isfinite(m[:, 0])] = np.nan
    return out


def _split_difference(x, m, hi, lo, t):
    """Write ``hi = fl(x - m)`` and ``lo`` with ``hi + lo = x - m`` exactly (``t`` is scratch).

    This is Knuth's TwoSum. ``lo`` is the rounding error of the subtraction,
    which matters once ``exp`` turns an absolute error in ``x - m`` into a
    relative error in a probability (700 ULP at x - m = -700). Where ``hi`` is
    infinite or NaN, ``lo`` is set to 0.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        np.subtract(x, m, out=hi)
        m_part = np.subtract(hi, x, out=lo)  # the share of hi that came from -m ...
        x_part = np.subtract(hi, m_part, out=t)  # ... and from x
        x_error = np.subtract(x, x_part, out=t)
        m_error = np.add(m, m_part, out=lo)
        np.subtract(x_error, m_error, out=lo)
    lo[~np.isfinite(hi)] = 0.0
