"""Figures of chapter 1, the sigmoid.
"""

import numpy as np

from companion.activations import sigmoid
from companion.figures._style import BLUE, GREY, VERMILLION, new_figure

__all__ = ["sigmoid_curve"]


def sigmoid_curve(z_range=(-8.0, 8.0), marks=(-2.0, 0.0, 2.0)):
    """Plot sigma(z) with its asymptotes 0 and 1 and a few marked points.

    Parameters
    ----------
    z_range : (float, float)
        The logits shown on the horizontal axis.
    marks : sequence of float
        Logits to mark with their probability.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = sigmoid_curve()
    >>> [line.get_label() for line in fig.axes[0].get_lines()][0]
    'sigmoid(z)'
    """
    z = np.linspace(*z_range, 401)
    fig, ax = new_figure(figsize=(6.4, 3.4))
    ax.plot(z, sigmoid(z), color=BLUE, linewidth=2.5, label="sigmoid(z)")
    for level in (0.0, 1.0):
        ax.axhline(level, color=GREY, linestyle=":", linewidth=1)
    ax.axhline(0.5, color=GREY, linestyle="--", linewidth=0.8)
    for mark in marks:
        p = float(sigmoid(mark))
        ax.plot([mark], [p], "o", color=VERMILLION)
        ax.annotate(f"σ({mark:g}) = {p:.3f}", (mark, p), textcoords="offset points",
                    xytext=(8, -14 if p > 0.5 else 6), fontsize=10)
    ax.set(xlabel="logit z", ylabel="probability σ(z)", ylim=(-0.05, 1.05))
    ax.legend(loc="upper left", frameon=False)
    return fig
