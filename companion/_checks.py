"""Input checks shared by every public function.

Each helper turns a caller's argument into what the numerical code expects, or
raises a ``TypeError``/``ValueError`` whose message names the argument and the
problem. Nothing here modifies its input.
"""

import numbers

import numpy as np

REDUCTIONS = ("none", "mean", "sum")

# Floats narrower than float64 are computed in float64 and rounded once at the end.
_FLOAT_DTYPES = (np.float16, np.float32, np.float64)


def as_float_array(value, name, dtype=None):
    """Return ``value`` as a float16/32/64 NumPy array (ints and bools become float64).

    With ``dtype`` (a float16/32/64 NumPy dtype or its name), ``value`` is cast
    to it first, as torch's ``dtype=`` arguments do.
    """
    array = as_numeric_array(value, name)
    if dtype is not None:
        return array.astype(as_float_dtype(dtype, "dtype"))
    if array.dtype.kind in "biu":
        return array.astype(np.float64)
    if array.dtype.type not in _FLOAT_DTYPES:
        raise TypeError(f"{name} must be float16, float32 or float64, got dtype {array.dtype}")
    return array


def as_float_dtype(dtype, name):
    """Return ``dtype`` as a NumPy float16/32/64 dtype (``TypeError`` for anything else)."""
    try:
        checked = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{name} must be a NumPy float dtype, got {dtype!r}") from error
    if checked.type not in _FLOAT_DTYPES:
        raise TypeError(f"{name} must be float16, float32 or float64, got {checked}")
    return checked


def as_index_array(value, name):
    """Return ``value`` as an int64 array of class indices (integer dtypes only)."""
    array = as_numeric_array(value, name)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class indices, got dtype {array.dtype}")
    return array.astype(np.int64)


def as_numeric_array(value, name):
    """Return ``value`` as a real numeric (bool, int or float) NumPy array."""
    try:
        array = np.asarray(value)
    except ValueError as error:  # NumPy refuses ragged nested lists
        raise ValueError(f"{name} is ragged: every row must have the same length") from error
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must be real, got complex dtype {array.dtype}")
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric, got dtype {array.dtype}")
    return array


def working_copy(array):
    """Return ``array`` in float64, the precision every computation runs in."""
    return array.astype(np.float64)


def check_dim(dim, ndim, name="dim"):
    """Return ``dim`` as a non-negative axis for an array of ``ndim`` dimensions.

    As in torch, a 0-d array accepts ``dim`` 0 or -1 (callers treat it as
    an array of one element).
    """
    if isinstance(dim, bool) or not isinstance(dim, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(dim).__name__}")
    size = max(ndim, 1)
    if not -size <= dim < size:
        raise ValueError(f"{name}={dim} is out of range for an input with {ndim} dimension(s)")
    return int(dim) % size


def check_dims(dim, ndim, name="dim"):
    """Return ``dim``, an int or a tuple (or list) of ints, as a sorted tuple of axes.

    Each is checked as by :func:`check_dim`; repeats raise ``ValueError``, and
    so does an empty tuple, which torch reads as every dim or raises on
    (depending on ``keepdim``) while NumPy reads it as no dim at all.
    """
    if not isinstance(dim, (tuple, list)):
        return (check_dim(dim, ndim, name),)
    if not dim:
        raise ValueError(f"{name}=() is ambiguous (torch reduces every dim, NumPy none): "
                         f"name the dims to reduce")
    axes = [check_dim(d, ndim, name) for d in dim]
    if len(set(axes)) < len(axes):
        raise ValueError(f"{name}={tuple(dim)} names the same dim more than once")
    return tuple(sorted(axes))


def check_real(value, name):
    """Return ``value`` if it is a real number (a Python or NumPy int or float), else raise
    ``TypeError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return value


def check_reduction(reduction):
    """Raise ``ValueError`` unless ``reduction`` is 'none', 'mean' or 'sum'."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")


def check_same_shape(input, target):
    """Raise ``ValueError`` unless ``input`` and ``target`` have the same shape."""
    if input.shape != target.shape:
        raise ValueError(
            f"target shape {target.shape} must match input shape {input.shape}"
        )


def check_probability(value, name):
    """Raise ``ValueError`` unless every value lies in [0, 1] (NaN does not)."""
    inside = (value >= 0) & (value <= 1)
    if not np.all(inside):
        raise ValueError(f"{name} must lie in [0, 1], got {value[~inside].flat[0]}")


def check_broadcasts_to(value, shape, name):
    """Raise ``ValueError`` unless ``value`` broadcasts to ``shape`` without enlarging it."""
    try:
        fits = np.broadcast_shapes(value.shape, shape) == tuple(shape)
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"{name} of shape {value.shape} does not broadcast to the input's "
                         f"shape {tuple(shape)}")


def reduce(loss, reduction):
    """Apply torch's ``reduction`` to an elementwise loss ('mean' of nothing is NaN)."""
    if reduction == "none":
        return loss
    # A sum beyond the largest float is inf, silently; the mean of an empty batch is NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        return loss.sum() if reduction == "sum" else loss.sum() / loss.size
