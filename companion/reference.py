"""Exact references in mpmath (256 bits) and ULP distances.

The accuracy tests and the book's numerical-stability appendix measure the
companion against these. They are written from the definitions, not from the
companion's formulas, in arbitrary precision; ``log1p`` appears only where
the definition is log(1 + t) with t possibly below 2**-256, where mpmath's
log1p stays exact. Each function takes Python or NumPy floats and returns an
``mpmath.mpf`` (or a list of them).

>>> float(sigmoid(-740.0))  # a subnormal float64
4.2e-322
"""

import mpmath
import numpy as np

mpmath.mp.prec = 256
mpf = mpmath.mpf


__all__ = ["bce_with_logits", "log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax",
           "softplus", "ulp_error"]


def sigmoid(x):
    return 1 / (1 + mpmath.exp(-mpf(float(x))))


def softplus(x):
    return mpmath.log1p(mpmath.exp(mpf(float(x))))


def log_sigmoid(x):
    return -softplus(-float(x))


def _max_and_rest(row):
    """The largest entry m and the sum of exp(v - m) over all other entries."""
    row = [mpf(float(v)) for v in row]
    m = max(row)
    k = row.index(m)
    return row, m, mpmath.fsum(mpmath.exp(v - m) for i, v in enumerate(row) if i != k)


def logsumexp(row):
    _, m, rest = _max_and_rest(row)
    return m + mpmath.log1p(rest)


def log_softmax(row):
    # (v - m) - log(1 + rest), not v - logsumexp: at 256 bits, m + log1p(rest)
    # would already have rounded away a rest below 2**-256.
    row, m, rest = _max_and_rest(row)
    return [(v - m) - mpmath.log1p(rest) for v in row]


def softmax(row):
    return [mpmath.exp(v) for v in log_softmax(row)]


def bce_with_logits(x, y, pos_weight=1):
    x, y = mpf(float(x)), mpf(float(y))
    return pos_weight * y * softplus(-x) + (1 - y) * softplus(x)


def ulp_error(computed, exact, dtype):
    r"""``|computed - exact|`` in units of the last place of ``exact`` in ``dtype``.

    The ULP of a number :math:`t` is :math:`2^{e - p + 1}` with
    :math:`e = \lfloor \log_2 |t| \rfloor`, clamped below at the subnormal
    spacing. An infinite or NaN computed value where the exact one is finite
    counts as an infinite error.
    """
    info = np.finfo(dtype)
    computed = float(computed)
    if not np.isfinite(computed):
        return 0.0 if mpmath.isinf(exact) and computed == float(exact) else np.inf
    if exact == 0:
        exponent = info.minexp
    else:
        exponent = max(int(mpmath.floor(mpmath.log(abs(exact), 2))), info.minexp)
    ulp = mpmath.ldexp(1, exponent - info.nmant)
    return float(abs(mpf(computed) - exact) / ulp)
