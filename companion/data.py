"""Real data for the book's trained models, the same on every machine.

The datasets ship with scikit-learn, so nothing is downloaded:

* :func:`breast_cancer`: 569 tumours, 30 features, label 1 = benign (binary);
* :func:`digits`: 1,797 handwritten digits, 8 x 8 pixels, labels 0 to 9
  (ten classes), and :func:`digit_attributes` turns those labels into four
  overlapping yes/no labels (multi-label).

Each loader shuffles with a fixed seed, splits into training, validation and
test sets, and standardises every feature with the training set's mean and
standard deviation (so no information leaks from the held-out sets). Arrays
are float64 features and int64 labels.
"""

from typing import NamedTuple

import numpy as np

__all__ = ["ATTRIBUTES", "Split", "breast_cancer", "digit_attributes", "digits"]


class Split(NamedTuple):
    """Features ``x_*`` (float64, standardised) and labels ``y_*`` (int64) of the
    training, validation and test sets, with the names of features and classes."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    feature_names: tuple
    class_names: tuple


def breast_cancer(seed=0, fractions=(0.6, 0.2, 0.2)):
    """The Wisconsin breast-cancer data: label 0 = malignant, 1 = benign.

    Examples
    --------
    >>> data = breast_cancer()
    >>> data.x_train.shape, data.x_val.shape, data.x_test.shape
    ((341, 30), (114, 30), (114, 30))
    >>> data.class_names
    ('malignant', 'benign')
    """
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    return _split(bunch.data, bunch.target, seed, fractions, tuple(bunch.feature_names),
                  tuple(str(name) for name in bunch.target_names))


def digits(seed=0, fractions=(0.6, 0.2, 0.2)):
    """The handwritten digits: 8 x 8 grey levels flattened to 64 features, labels 0 to 9.

    Examples
    --------
    >>> data = digits()
    >>> data.x_train.shape, data.x_val.shape, data.x_test.shape
    ((1078, 64), (359, 64), (360, 64))
    >>> np.bincount(data.y_train)
    array([106, 109,  92, 117, 105, 110, 102, 121, 109, 107])
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return _split(bunch.data, bunch.target, seed, fractions, tuple(bunch.feature_names),
                  tuple(str(name) for name in bunch.target_names))


#: Four yes/no properties of a digit; a digit may have any number of them.
ATTRIBUTES = {
    "even": (0, 2, 4, 6, 8),
    "prime": (2, 3, 5, 7),
    "at least 5": (5, 6, 7, 8, 9),
    "closed loop": (0, 6, 8, 9),  # as usually written: a 4 is open at the top
}


def digit_attributes(labels):
    """Multi-label targets from digit labels: column k is 1 where the digit has
    attribute k of :data:`ATTRIBUTES` (even, prime, at least 5, closed loop).

    Examples
    --------
    >>> digit_attributes([0, 7, 1])
    array([[1, 0, 0, 1],
           [0, 1, 1, 0],
           [0, 0, 0, 0]])
    """
    labels = np.asarray(labels)
    return np.stack([np.isin(labels, members) for members in ATTRIBUTES.values()],
                    axis=-1).astype(np.int64)


def _split(x, y, seed, fractions, feature_names, class_names):
    order = np.random.default_rng(seed).permutation(len(y))
    n_train = round(fractions[0] * len(y))
    n_val = round(fractions[1] * len(y))
    parts = np.split(order, [n_train, n_train + n_val])
    mean = x[parts[0]].mean(axis=0)
    scale = x[parts[0]].std(axis=0)
    scale[scale == 0] = 1.0  # a pixel that is blank in every training image stays 0
    xs = [(x[idx] - mean) / scale for idx in parts]
    ys = [y[idx].astype(np.int64) for idx in parts]
    return Split(xs[0], ys[0], xs[1], ys[1], xs[2], ys[2], feature_names, class_names)
