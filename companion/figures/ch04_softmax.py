"""Figures of chapter 4, the softmax: the smooth maximum, a gallery of digits
with what a trained model says about them, and temperature.
"""

import numpy as np

from companion.activations import logsumexp, softmax
from companion.figures._style import BLUE, GREY, ORANGE, new_figure

__all__ = ["digit_gallery", "smooth_max", "temperature_bars"]


def smooth_max(x_range=(-6.0, 6.0), n=601):
    """logsumexp([x, 0]) between max(x, 0) and max(x, 0) + log 2.

    For two logits ``[x, 0]`` the curve of logsumexp lies in the band from
    the maximum to the maximum plus log C (C = 2), touches the top of the
    band where the logits are equal (x = 0) and approaches the bottom as they
    move apart.

    Parameters
    ----------
    x_range : (float, float)
        The interval of the first logit; the second is 0.
    n : int
        Number of points of the curves.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = smooth_max()
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['max(x, 0)', 'max(x, 0) + log 2', 'logsumexp([x, 0])']
    """
    x = np.linspace(*x_range, n)
    z = np.stack([x, np.zeros_like(x)], axis=1)
    top = np.maximum(x, 0.0)
    lse = logsumexp(z, dim=1)
    fig, ax = new_figure(figsize=(6.4, 3.6))
    ax.fill_between(x, top, top + np.log(2), color=BLUE, alpha=0.12, linewidth=0)
    ax.plot(x, top, color=GREY, linestyle="--", linewidth=1.5, label="max(x, 0)")
    ax.plot(x, top + np.log(2), color=GREY, linestyle=":", linewidth=1.5,
            label="max(x, 0) + log 2")
    ax.plot(x, lse, color=ORANGE, linewidth=2.5, label="logsumexp([x, 0])")
    ax.annotate(f"at x = 0: log 2 = {np.log(2):.3f}", xy=(0, np.log(2)), xytext=(-5.5, 3.0),
                arrowprops=dict(arrowstyle="->", color=GREY), fontsize=10)
    ax.set(xlabel="first logit x (the second is 0)", ylabel="value", xlim=x_range)
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.85), frameon=False, fontsize=10)
    ax.set_title("logsumexp is a smooth maximum: max ≤ LSE ≤ max + log C", fontsize=11)
    return fig


def digit_gallery(features, titles, ncols=6):
    """A grid of 8 x 8 digit images, each with a title above it.

    Parameters
    ----------
    features : array_like, shape (n, 64)
        Rows of :func:`companion.data.digits` (standardised pixels). They are
        mapped back to the grey levels 0 to 16 of scikit-learn's images, so a
        digit looks as it was written.
    titles : sequence of str
        One title per image, for example its label and the model's verdict.
    ncols : int
        Images per row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from companion.data import digits
    >>> fig = digit_gallery(digits().x_test[:2], ["first", "second"], ncols=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['first', 'second']
    >>> int(fig.axes[0].get_images()[0].get_array().max())  # grey levels again
    16
    """
    images = _grey_levels(np.asarray(features, dtype=float)).reshape(-1, 8, 8)
    n = len(images)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(7.2, 0.3 + 1.75 * nrows), squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, image, title in zip(axes.flat, images, titles, strict=True):
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=16, interpolation="nearest")
        ax.set_title(title, fontsize=9)
    return fig


def _grey_levels(features):
    """Undo the standardisation of :func:`companion.data.digits`.

    Each pixel was standardised with an affine map; the split's three parts
    together are a permutation of all scikit-learn images, so each pixel's
    map is fixed by matching the mean and the standard deviation of both.
    """
    from sklearn.datasets import load_digits

    from companion.data import digits

    split = digits()
    standardised = np.concatenate([split.x_train, split.x_val, split.x_test])
    raw = load_digits().data
    spread = standardised.std(axis=0)
    scale = np.ones_like(spread)
    np.divide(raw.std(axis=0), spread, out=scale, where=spread > 0)
    offset = raw.mean(axis=0) - scale * standardised.mean(axis=0)
    grey = features * scale + offset
    if np.abs(grey - np.round(grey)).max() > 1e-6:
        raise ValueError("features are not rows of companion.data.digits()")
    return np.round(grey)


def temperature_bars(logits=(1.0, 0.5, 2.0, 0.0, -1.0), temperatures=(0.25, 1.0, 4.0, 100.0),
                     class_names=None):
    """Softmax of the same logits at several temperatures, one bar chart per T.

    Each panel shows ``softmax(logits / T)``: the most probable class in
    orange, the others in blue, the uniform level 1/C as a dashed line, the
    largest bars labelled with their probability (every bar when there are at
    most five classes, the two largest otherwise) and each title with T and
    the maximum probability. Small T sharpens towards one-hot, large T
    flattens towards uniform; the order of the bars never changes.

    Parameters
    ----------
    logits : sequence of float
        One example's logits, one per class.
    temperatures : sequence of float
        Positive temperatures, one panel each, left to right.
    class_names : sequence of str, optional
        Tick labels; the class indices 0, 1, ... by default.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = temperature_bars([1.0, 0.5, 2.0], temperatures=(0.5, 2.0))
    >>> [ax.get_title() for ax in fig.axes]
    ['T = 0.5\\nmax p = 0.844', 'T = 2\\nmax p = 0.481']
    """
    z = np.asarray(logits, dtype=float)
    n = len(z)
    names = [str(k) for k in range(n)] if class_names is None else list(class_names)
    ncols = min(3, len(temperatures))  # at most three panels a row: legible at book width
    nrows = -(-len(temperatures) // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(7.2, 0.4 + 2.6 * nrows), sharey=True,
                           squeeze=False)
    for ax in axes.flat[len(temperatures):]:
        ax.set_visible(False)
    for ax, t in zip(axes.flat, temperatures, strict=False):
        probs = softmax(z / t, dim=0)
        top = int(np.argmax(probs))
        labelled = set(range(n)) if n <= 5 else set(np.argsort(probs)[-2:].tolist())
        colours = [ORANGE if k == top else BLUE for k in range(n)]
        bars = ax.bar(range(n), probs, color=colours, width=0.7)
        ax.bar_label(bars, labels=[f"{p:.2f}" if k in labelled else ""
                                   for k, p in enumerate(probs)], fontsize=8, padding=1)
        ax.axhline(1.0 / n, color=GREY, linestyle="--", linewidth=1)
        ax.set_title(f"T = {t:g}\nmax p = {probs[top]:.3f}", fontsize=10)
        ax.set_xticks(range(n), names, fontsize=8 if n > 5 else 10)
        ax.set_xlabel("class")
    for row in axes:
        row[0].set(ylim=(0, 1.15), ylabel="probability")
    fig.suptitle(f"softmax(z / T); dashed: uniform 1/C = {1.0 / n:.2f}", fontsize=11)
    return fig


