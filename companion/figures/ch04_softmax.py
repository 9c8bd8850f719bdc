"""Figures of chapter 4, the softmax.
"""

import numpy as np

from companion.activations import softmax
from companion.figures._style import BLUE, GREY, ORANGE, new_figure

__all__ = ["temperature_bars"]


def temperature_bars(logits=(1.0, 0.5, 2.0, 0.0, -1.0), temperatures=(0.25, 1.0, 4.0, 100.0)):
    """Softmax of the same logits at several temperatures, one bar chart per T.

    Each panel shows ``softmax(logits / T)``: the most probable class in
    orange, the others in blue, the uniform level 1/C as a dashed line, every
    bar labelled with its probability and each title with T and the maximum
    probability. Small T sharpens towards one-hot, large T flattens towards
    uniform; the order of the bars never changes.

    Parameters
    ----------
    logits : sequence of float
        One example's logits, one per class.
    temperatures : sequence of float
        Positive temperatures, one panel each, left to right.

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
    ncols = min(3, len(temperatures))  # at most three panels a row: legible at book width
    nrows = -(-len(temperatures) // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(7.2, 0.4 + 2.6 * nrows), sharey=True,
                           squeeze=False)
    for ax in axes.flat[len(temperatures):]:
        ax.set_visible(False)
    for ax, t in zip(axes.flat, temperatures, strict=False):
        probs = softmax(z / t, dim=0)
        top = int(np.argmax(probs))
        colours = [ORANGE if k == top else BLUE for k in range(n)]
        bars = ax.bar(range(n), probs, color=colours, width=0.7)
        ax.bar_label(bars, labels=[f"{p:.2f}" for p in probs], fontsize=8, padding=1)
        ax.axhline(1.0 / n, color=GREY, linestyle="--", linewidth=1)
        ax.set_title(f"T = {t:g}\nmax p = {probs[top]:.3f}", fontsize=10)
        ax.set_xticks(range(n), [str(k) for k in range(n)])
        ax.set_xlabel("class")
    for row in axes:
        row[0].set(ylim=(0, 1.15), ylabel="probability")
    fig.suptitle(f"softmax(z / T); dashed: uniform 1/C = {1.0 / n:.2f}", fontsize=11)
    return fig
