"""Figures of chapter 1, the sigmoid.
"""

import numpy as np

from companion.activations import sigmoid
from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["sigmoid_and_slope", "sigmoid_curve"]


def sigmoid_and_slope(z_range=(-8.0, 8.0), marks=(-2.0, 0.0, 2.0), flat_below=0.01):
    """Plot sigma(z) above its slope sigma'(z) = sigma(z)(1 - sigma(z)).

    The upper panel shows the sigmoid with its asymptotes 0 and 1 and a few
    marked probabilities; the lower one its derivative, with the marked
    slopes and the two tails where the slope is below ``flat_below``
    (shaded grey, and labelled), where the sigmoid is *saturated*.

    Parameters
    ----------
    z_range : (float, float)
        The logits shown on the horizontal axis.
    marks : sequence of float
        Logits to mark with their probability and their slope.
    flat_below : float
        Slope under which the tails are shaded as saturated.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = sigmoid_and_slope()
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['σ(z)', "σ'(z) = σ(z)(1 − σ(z))"]
    """
    z = np.linspace(*z_range, 801)
    p = sigmoid(z)
    slope = p * sigmoid(-z)
    fig, (top, bottom) = new_figure(2, 1, figsize=(6.4, 5.4), sharex=True)
    top.plot(z, p, color=BLUE, linewidth=2.5)
    for level in (0.0, 1.0):
        top.axhline(level, color=GREY, linestyle=":", linewidth=1)
    top.axhline(0.5, color=GREY, linestyle="--", linewidth=0.8)
    for mark in marks:
        pm = float(sigmoid(mark))
        top.plot([mark], [pm], "o", color=VERMILLION)
        top.annotate(f"σ({mark:g}) = {pm:.3f}", (mark, pm), textcoords="offset points",
                     xytext=(8, -14 if pm >= 0.5 else 2), fontsize=10)
    top.set(ylabel="σ(z)", ylim=(-0.05, 1.05), title="the sigmoid: never 0, never 1")

    # The tails where the slope is below flat_below: |z| > logit of the root of p(1-p) = c.
    edge = float(np.log((1 + np.sqrt(1 - 4 * flat_below)) / (1 - np.sqrt(1 - 4 * flat_below))))
    bottom.plot(z, slope, color=ORANGE, linewidth=2.5)
    for lo, hi in [(z_range[0], -edge), (edge, z_range[1])]:
        bottom.axvspan(lo, hi, facecolor="#E8E8E8", linewidth=0)
    bottom.text(z_range[0] + 0.2, 0.2, f"saturated:\nslope < {flat_below:g}\nfor z < {-edge:.2f}",
                fontsize=9, va="top")
    bottom.text(z_range[1] - 0.2, 0.2, f"saturated:\nslope < {flat_below:g}\nfor z > {edge:.2f}",
                fontsize=9, va="top", ha="right")
    for mark in marks:
        sm = float(sigmoid(mark) * sigmoid(-mark))
        bottom.plot([mark], [sm], "o", color=VERMILLION)
        bottom.annotate(f"{sm:.3f}", (mark, sm), textcoords="offset points",
                        xytext=(6, 4), fontsize=10)
    bottom.set(xlabel="logit z", ylabel="σ'(z) = σ(z)(1 − σ(z))", ylim=(-0.01, 0.29),
               title="its slope: largest at z = 0, vanishing in both tails")
    return fig


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
