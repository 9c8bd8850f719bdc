r"""Activations: from logits to probabilities and log-probabilities.

The functions mirror ``torch.nn.functional`` (same names, argument names and
semantics) and take NumPy arrays or anything :func:`numpy.asarray` accepts.
float64 stays float64, float32 and float16 stay what they are (computed in
float64 and rounded once), integers and bools become float64.

Every function here is accurate to a few units in the last place (ULP) over the
whole floating-point range. The tricks that get there are few and each is
explained where it is used:

* the sigmoid branches on the sign of ``z`` so that ``exp`` never overflows;
* ``log1p(exp(-|z|))`` keeps the small term of softplus and log-sigmoid exact;
* softmax, log-softmax and logsumexp subtract the maximum (so the largest term
  is ``exp(0) = 1``), split ``z - max`` exactly into ``hi + lo`` (TwoSum), and
  leave the largest term out of the sum so that ``log1p`` sees the rest.
"""

import math

import numpy as np

from companion._checks import as_float_array, check_dim, working_copy

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax", "softplus"]


def sigmoid(input):
    r"""Logistic sigmoid, elementwise: :math:`\sigma(z) = 1 / (1 + e^{-z}) = e^z / (1 + e^z)`.

    The result lies in the open interval (0, 1) mathematically; correctly
    rounded, it becomes exactly 1.0 once :math:`1 - \sigma(z) < 2^{-p-1}`
    (z > 54 ln 2 = 37.43 in float64, z > 25 ln 2 = 17.33 in float32) and 0.0
    once it falls below half the smallest subnormal (z < -745.13 in float64).
    ``1/(1 + exp(-z))`` evaluated in the working precision, as torch does,
    reaches 1.0 earlier, where :math:`1 + e^{-z}` rounds to 1 (z > 36.74 in
    float64, z > 16.64 in float32).

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
    With :math:`e = e^{-|z|} \in (0, 1]`, the probability of the less
    likely side is :math:`s = e / (1 + e) \le 1/2`, and the result is
    :math:`s` for :math:`z < 0` and :math:`1 - s` for :math:`z \ge 0`.
    ``exp`` never overflows; :math:`s` keeps full relative accuracy down to
    the subnormals (z in (-745.13, -708.40)), where ``1/(1 + exp(-z))``
    overflows in ``exp`` and returns 0 below z = -709.78; and :math:`1 - s`
    rounds to 1.0 exactly where the true value does.

    The arithmetic runs in NumPy's long double (80-bit on x86-64 Linux) and
    is rounded to the input's dtype at the end: within 0.5 ULP, plus at most
    :math:`2^{-11}` ULP where the long double result lands on a float64
    midpoint and the second rounding goes to even (so float64 reaches 1.0 at
    z = 37.4295 rather than at 54 ln 2 = 37.4299). Where long double is
    plain float64 (Windows, Apple silicon) the errors of ``exp`` and of two
    roundings add up to about 2.2 ULP at worst.

    Examples
    --------
    >>> sigmoid([-2.0, 0.0, 2.0])
    array([0.11920292, 0.5       , 0.88079708])
    >>> sigmoid(-740.0) > 0  # a subnormal, not 0
    np.True_
    """
    z = as_float_array(input, "input")
    x = z.astype(np.longdouble)
    e = np.exp(-np.abs(x))  # in (0, 1]: no overflow
    s = e / (1 + e)  # sigma(-|z|), at most 1/2
    out = np.where(x >= 0, 1 - s, s)
    return out.astype(z.dtype)


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


def softplus(input, beta=1.0):
    r"""Softplus, elementwise: :math:`\frac{1}{\beta}\log(1 + e^{\beta z})`.

    Parameters
    ----------
    input : array_like
        Logits ``z``.
    beta : float > 0, default 1.0
        Sharpness, as in ``torch.nn.functional.softplus``.

    Returns
    -------
    ndarray
        Same shape and float dtype as ``input``; always :math:`\ge \max(z, 0)`.

    Notes
    -----
    Written as :math:`\max(z, 0) + \frac{1}{\beta}\log(1 + e^{-\beta|z|})`:
    ``exp`` never overflows, both terms are non-negative, and the first is
    exact, so the result never falls below ``max(z, 0)``. torch's
    ``threshold`` argument is left out on purpose: torch returns ``z``
    itself above it (20 by default), which is off by
    :math:`\log(1+e^{-z})`, about 2e-9 at z = 20; this formula needs no
    threshold.

    Examples
    --------
    >>> softplus([-40.0, 0.0, 20.0])
    array([4.24835426e-18, 6.93147181e-01, 2.00000000e+01])
    >>> float(softplus(20.0))  # torch returns 20.0 here
    20.000000002061153
    """
    z = as_float_array(input, "input")
    if not beta > 0:
        raise ValueError(f"beta must be positive, got {beta}")
    x = working_copy(z)
    with np.errstate(over="ignore"):  # beta * |z| may pass the largest float: exp(-inf) = 0
        tail = np.log1p(np.exp(-beta * np.abs(x))) / beta
    return (np.maximum(x, 0.0) + tail).astype(z.dtype)


def softmax(input, dim):
    r"""Softmax along ``dim``: :math:`S(z)_i = e^{z_i} / \sum_j e^{z_j}`.

    Parameters
    ----------
    input : array_like
        Logits.
    dim : int
        The axis that holds the classes: each slice along it becomes a
        probability distribution. Required, unlike NumPy's ``axis=None``
        habit: for a (batch, classes) array it is 1 (or -1), never 0.

    Returns
    -------
    ndarray
        Probabilities, same shape and float dtype as ``input``; each slice
        along ``dim`` is non-negative and sums to 1 (to rounding).

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

    Examples
    --------
    >>> softmax([[1.0, 2.0, 3.0], [0.0, 0.0, -np.inf]], dim=1)
    array([[0.09003057, 0.24472847, 0.66524096],
           [0.5       , 0.5       , 0.        ]])
    >>> softmax([1000.0, 0.0], dim=0)  # no overflow
    array([1., 0.])
    """
    return _along_dim(_softmax_rows, input, dim)


def log_softmax(input, dim):
    r"""Log of the softmax along ``dim``: :math:`z_i - \log\sum_j e^{z_j}`.

    Parameters
    ----------
    input : array_like
        Logits.
    dim : int
        The axis that holds the classes (required, as for :func:`softmax`).

    Returns
    -------
    ndarray
        Log-probabilities, same shape and float dtype as ``input``, all
        :math:`\le 0`.

    Notes
    -----
    Computed as :math:`(hi_i - \log(1 + r)) + lo_i`, where
    :math:`hi_i + lo_i = z_i - m` exactly and :math:`r` sums
    :math:`e^{z_j - m}` over every term but the largest. Both parts of
    :math:`hi_i - \log(1 + r)` are :math:`\le 0`, so nothing cancels: for
    the dominant class the result is :math:`-\log(1 + r)`, accurate even when
    it is -1e-300, where ``z - logsumexp(z)`` would return 0.

    Edge cases are those of :func:`softmax`; a masked (``-inf``) logit gives
    ``-inf``.

    Examples
    --------
    >>> log_softmax([10.0, -30.0], dim=0)
    array([-4.24835426e-18, -4.00000000e+01])
    """
    return _along_dim(_log_softmax_rows, input, dim)


def logsumexp(input, dim, keepdim=False):
    r"""Log of the sum of exponentials along ``dim``: :math:`\log\sum_j e^{z_j}`.

    Parameters
    ----------
    input : array_like
        Logits.
    dim : int
        The axis to reduce.
    keepdim : bool, default False
        Keep the reduced axis with length 1, as in torch.

    Returns
    -------
    ndarray
        Same float dtype as ``input``, with ``dim`` removed (or kept with
        length 1).

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

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0], dim=0)  # 1000 + log 2, no overflow
    array(1000.69314718)
    >>> logsumexp([0.0, -40.0], dim=0)  # log1p keeps e^-40
    array(4.24835426e-18)
    """
    return _along_dim(_logsumexp_rows, input, dim, reduces=True, keepdim=keepdim)


# Softmax, log-softmax and logsumexp work on 2-d blocks of rows, classes along
# axis 1. A block is small enough for its arrays to stay in the CPU cache, and
# its arrays are allocated once per call and reused for every block (through
# NumPy's out= arguments): the TwoSum correction costs a few extra passes over
# the data, which are cheap in cache, while fresh temporaries per block would
# cost page faults whenever the allocator hands their memory back to the system.
_BLOCK_ELEMENTS = 1 << 16


def _along_dim(row_function, input, dim, reduces=False, keepdim=False):
    """Apply ``row_function`` to every slice of ``input`` along ``dim``.

    ``row_function(x, hi, lo, t)`` gets a float64 block ``x`` of shape
    (rows, C) and three scratch arrays of the same shape, and returns an
    array of shape (rows, C), or (rows, 1) if it ``reduces``. The result has
    ``dim`` back in its place (removed by a reduction unless ``keepdim``) and
    is rounded once to ``input``'s dtype.
    """
    z = as_float_array(input, "input")
    axis = check_dim(dim, z.ndim)
    moved = np.moveaxis(np.atleast_1d(z), axis, -1)
    rows = moved.reshape(math.prod(moved.shape[:-1]), moved.shape[-1])
    width = 1 if reduces else rows.shape[1]
    out = np.empty((rows.shape[0], width), dtype=z.dtype)
    step = max(1, _BLOCK_ELEMENTS // max(rows.shape[1], 1))
    buffers = np.empty((4, min(step, rows.shape[0]), rows.shape[1]))  # x, hi, lo, t
    for start in range(0, rows.shape[0], step):
        block = rows[start:start + step]
        x, hi, lo, t = buffers[:, :len(block)]
        np.copyto(x, block)  # the float64 working copy
        out[start:start + step] = row_function(x, hi, lo, t)
    out = np.moveaxis(out.reshape((*moved.shape[:-1], width)), -1, axis)
    if reduces and not keepdim:
        out = np.squeeze(out, axis=axis)
    return out.reshape(()) if z.ndim == 0 else out


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
