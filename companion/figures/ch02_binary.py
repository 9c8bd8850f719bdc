"""Figures of chapter 2, binary classification.
"""

import numpy as np

from companion.activations import sigmoid
from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["decision_boundary", "threshold_on_sigmoid"]


def decision_boundary(x, y, weight, bias, feature_names=("feature 0", "feature 1"),
                      class_names=("class 0", "class 1"), levels=(-2.0, 0.0, 2.0)):
    r"""Two features of a labelled data set and the lines where a linear logit is constant.

    The model's logit is :math:`z = w_0 x_0 + w_1 x_1 + b`; the decision boundary
    at threshold 0.5 is the line :math:`z = 0`, and each other level is drawn as a
    dashed line labelled with its logit and probability.

    Parameters
    ----------
    x : array_like, shape (N, 2)
        The two features of N examples.
    y : array_like of int, shape (N,)
        Labels, 0 or 1.
    weight : array_like, shape (2,)
        The weights :math:`w_0, w_1`.
    bias : float
        The bias :math:`b`.
    feature_names, class_names : (str, str)
        Axis labels and legend labels (class 0 first).
    levels : sequence of float
        Logits at which to draw a line; 0 is drawn solid.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = decision_boundary([[0.0, 1.0], [1.0, 0.0]], [0, 1], [1.0, -1.0], 0.0)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['class 0', 'class 1']
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y)
    w0, w1 = (float(v) for v in np.ravel(weight))
    fig, ax = new_figure(figsize=(6.4, 4.4))
    markers = [("x", VERMILLION), ("o", BLUE)]
    for label in (0, 1):
        marker, colour = markers[label]
        pts = x[y == label]
        ax.scatter(pts[:, 0], pts[:, 1], s=22, linewidths=1.2, label=class_names[label],
                   **_marker_style(marker, colour))
    lo, hi = x.min(axis=0) - 0.3, x.max(axis=0) + np.array([0.8, 0.3])  # room for labels
    x0 = np.linspace(lo[0], hi[0], 200)
    for level in levels:
        # w0 x0 + w1 x1 + b = level  ->  x1 = (level - b - w0 x0) / w1
        x1 = (level - bias - w0 * x0) / w1
        inside = (x1 >= lo[1]) & (x1 <= hi[1])
        style = dict(color="black", linewidth=2) if level == 0 else \
            dict(color=GREY, linewidth=1.2, linestyle="--")
        ax.plot(x0, x1, **style)
        if inside.any():  # label the line where it leaves the plot at the bottom
            k = np.flatnonzero(inside)[np.argmin(x1[inside])]
            ax.annotate(f"z = {level:g}\np = {float(sigmoid(level)):.2f}", (x0[k], x1[k]),
                        textcoords="offset points", xytext=(4, 2), fontsize=9,
                        color="black" if level == 0 else GREY)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]),
           xlabel=f"{feature_names[0]} (standardised)",
           ylabel=f"{feature_names[1]} (standardised)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def threshold_on_sigmoid(logits, labels, threshold, class_names=("class 0", "class 1")):
    r"""The sigmoid with a probability threshold t and the logit threshold logit(t).

    Each example is drawn at its logit in a strip, class 1 above the curve and
    class 0 below it; those right of :math:`\operatorname{logit}(t)`, where the
    curve is above :math:`t`, are predicted positive.

    Parameters
    ----------
    logits : array_like, shape (N,)
        One logit per example.
    labels : array_like of int, shape (N,)
        Their labels, 0 or 1.
    threshold : float in (0, 1)
        The probability threshold t.
    class_names : (str, str)
        Legend labels, class 0 first.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = threshold_on_sigmoid([-3.0, 0.5, 4.0], [0, 1, 1], 0.9)
    >>> fig.axes[0].get_xlabel()
    'logit z'
    """
    z, y = np.asarray(logits, dtype=float), np.asarray(labels)
    t = float(threshold)
    c = float(np.log(t / (1 - t)))
    lo, hi = min(z.min(), c) - 1.0, max(z.max(), c) + 1.0
    grid = np.linspace(lo, hi, 400)
    fig, ax = new_figure(figsize=(6.4, 3.8))
    ax.plot(grid, sigmoid(grid), color=GREY, linewidth=1.5, label="σ(z)")
    ax.axvspan(c, hi, color=ORANGE, alpha=0.12, linewidth=0)
    ax.axhline(t, color="black", linestyle="--", linewidth=1)
    ax.axvline(c, color="black", linestyle="--", linewidth=1)
    markers = [("x", VERMILLION), ("o", BLUE)]
    strips = (-0.1, 1.1)  # each example at its logit: class 0 below the plot, class 1 above
    for label in (0, 1):
        marker, colour = markers[label]
        zs = z[y == label]
        ax.scatter(zs, np.full(zs.shape, strips[label]), s=18, linewidths=1,
                   label=f"{class_names[label]} (at its logit)", **_marker_style(marker, colour))
    ax.annotate(f"t = {t:.3f}", (lo, t), textcoords="offset points", xytext=(4, 4), fontsize=10)
    ax.annotate(f"logit(t) = {c:.3f}", (c, 0.25), textcoords="offset points", xytext=(4, 0),
                fontsize=10, ha="left")
    ax.annotate("predicted\npositive", (hi, 0.6), textcoords="offset points", xytext=(-4, 0),
                fontsize=10, ha="right")
    ax.set(xlim=(lo, hi), ylim=(-0.2, 1.2), yticks=[0, 0.25, 0.5, 0.75, 1],
           xlabel="logit z", ylabel="probability σ(z)")
    ax.legend(loc="center left", frameon=True)
    return fig


def _marker_style(marker, colour):
    # hollow circles and line crosses, told apart by shape as well as colour
    if marker == "o":
        return dict(marker="o", facecolors="none", edgecolors=colour)
    return dict(marker=marker, color=colour)
