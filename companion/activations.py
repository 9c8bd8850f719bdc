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

import numpy as np

from companion._checks import as_float_array, check_dim, working_copy

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax", "softplus"]


def sigmoid(input):
    r"""Logistic sigmoid, elementwise: :math:`\sigma(z) = 1 / (1 + e^{-z}) = e^z / (1 + e^z)`.

    The result lies in the open interval (0, 1) mathematically; in floating
    point it rounds to exactly 1.0 once :math:`e^{-z}` is below half an ULP
    of 1 (z > 36.7 in float64, z > 16.6 in float32) and to 0.0 below the
    smallest subnormal (z < -745.13 in float64).

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
    Each branch evaluates ``exp`` of a non-positive number, so it never
    overflows: :math:`1/(1+e^{-z})` for :math:`z \ge 0` and
    :math:`e^{z}/(1+e^{z})` for :math:`z < 0`. The second form keeps full
    relative accuracy where the result is tiny, down to subnormals
    (z in (-745.13, -708.40)), where ``1/(1 + exp(-z))`` would give 0.

    Examples
    --------
    >>> sigmoid([-2.0, 0.0, 2.0])
    array([0.11920292, 0.5       , 0.88079708])
    >>> sigmoid(-740.0) > 0  # a subnormal, not 0
    np.True_
    """
    z = as_float_array(input, "input")
    # In float64, exp's error (0.7 ULP) and the rounding of 1 + e and of the
    # division add up to 2.2 ULP where the result sits just below a power of
    # two. Long double (80-bit on x86-64) absorbs them: one rounding at the end.
    x = z.astype(np.longdouble)
    e = np.exp(-np.abs(x))  # in (0, 1]: no overflow on either branch
    out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))
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
    beta : float, default 1.0
        Sharpness, as in ``torch.nn.functional.softplus``.

    Returns
    -------
    ndarray
        Same shape and float dtype as ``input``; always :math:`\ge \max(z, 0)`.

    Notes
    -----
    Written as :math:`\max(x, 0) + \log(1 + e^{-|x|})` with :math:`x = \beta z`:
    ``exp`` never overflows and both terms are non-negative. torch's
    ``threshold`` argument is left out on purpose: torch returns ``z`` itself
    above it (20 by default), which is off by :math:`\log(1+e^{-z})`, about
    2e-9 at z = 20; this formula needs no threshold.

    Examples
    --------
    >>> softplus([-40.0, 0.0, 20.0])
    array([4.24835426e-18, 6.93147181e-01, 2.00000000e+01])
    >>> float(softplus(20.0))  # torch returns 20.0 here
    20.000000002061153
    """
    z = as_float_array(input, "input")
    x = working_copy(z) * beta
    out = (np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))) / beta
    return out.astype(z.dtype)


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
    z, x, axis = _prepare(input, dim)
    m, terms, rest = _shifted_terms(x, axis)
    out = np.where(np.isfinite(m), terms / (1.0 + rest), np.nan)
    return out.reshape(z.shape).astype(z.dtype)


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
    z, x, axis = _prepare(input, dim)
    m, _, rest = _shifted_terms(x, axis)
    hi, lo = _split_difference(x, m)
    out = np.where(np.isfinite(m), (hi - np.log1p(rest)) + lo, np.nan)
    return out.reshape(z.shape).astype(z.dtype)


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

    Accuracy is a few ULP except where the result itself is near 0 while
    :math:`m` is not (:math:`-\log n < m < 0`): there the two terms cancel and
    the error is a few ULP *of m*, which is what the problem's conditioning
    allows for inputs known to working precision.

    Edge cases, as in torch: an all ``-inf`` slice gives ``-inf``, a ``+inf``
    gives ``+inf``, NaN gives NaN, an empty slice gives ``-inf``.

    Examples
    --------
    >>> logsumexp([1000.0, 1000.0], dim=0)  # 1000 + log 2, no overflow
    array(1000.69314718)
    >>> logsumexp([0.0, -40.0], dim=0)  # log1p keeps e^-40
    array(4.24835426e-18)
    """
    z, x, axis = _prepare(input, dim)
    m, _, rest = _shifted_terms(x, axis)
    out = np.where(np.isfinite(m), m + np.log1p(rest), m)
    if not keepdim:
        out = np.squeeze(out, axis=axis)
    if z.ndim == 0:
        out = out.reshape(())
    return out.astype(z.dtype)


def _prepare(input, dim):
    """Return the checked input, its float64 working copy (at least 1-d) and the axis."""
    z = as_float_array(input, "input")
    axis = check_dim(dim, z.ndim)
    return z, working_copy(np.atleast_1d(z)), axis


def _shifted_terms(x, axis):
    """Return the slice maxima ``m``, the terms ``exp(x - m)`` and ``rest``.

    ``rest`` is the sum of every term but one largest (which is exactly 1),
    so ``1 + rest`` is the softmax denominator divided by ``exp(m)``. For a
    slice whose maximum is not finite the outputs are meaningless: callers
    replace them.
    """
    m = np.max(x, axis=axis, keepdims=True, initial=-np.inf)
    hi, lo = _split_difference(x, m)
    e = np.exp(hi)
    terms = e + e * lo  # exp(hi + lo) to within an ULP, since |lo| <= ulp(hi) / 2
    others = terms.copy()
    if x.size:
        np.put_along_axis(others, np.argmax(x, axis=axis, keepdims=True), 0.0, axis=axis)
    rest = np.sum(others, axis=axis, keepdims=True)
    return m, terms, rest


def _split_difference(x, m):
    """Return ``hi, lo`` with ``hi = fl(x - m)`` and ``hi + lo = x - m`` exactly.

    This is Knuth's TwoSum. ``lo`` is the rounding error of the subtraction,
    which matters once ``exp`` turns an absolute error in ``x - m`` into a
    relative error in a probability (700 ULP at x - m = -700). Where ``hi`` is
    infinite or NaN, ``lo`` is set to 0.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        hi = x - m
        m_part = hi - x  # the share of hi that came from -m ...
        x_part = hi - m_part  # ... and from x
        lo = (x - x_part) - (m + m_part)
    return hi, np.where(np.isfinite(hi), lo, 0.0)
