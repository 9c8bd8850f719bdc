"""Figures of chapter 5, where the softmax of two logits meets the sigmoid: the
two formulas for the probability of the other class on a log scale, and the
redundant direction of a two-logit model during training.
"""

import numpy as np

from companion.activations import sigmoid
from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["complement_log_scale", "redundant_direction"]


def complement_log_scale(ranges=((25.0, 45.0), (8.0, 22.0)), dtypes=("float64", "float32"),
                         n=2001):
    """sigma(-z) against 1 - sigma(z), computed in floats, on a log scale.

    Mathematically the two are the same number, the probability of the class
    whose logit is pinned below the other by z. Computed, sigma(-z) follows
    e^-z down the whole range, while 1 - sigma(z) turns into a staircase and
    then into exactly 0 (which a log scale cannot show: the panel marks the
    first z where it happens). One panel per dtype.

    Parameters
    ----------
    ranges : sequence of (float, float)
        The interval of z of each panel.
    dtypes : sequence of str
        The dtype of each panel ("float64", "float32").
    n : int
        Number of points per panel.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = complement_log_scale()
    >>> [ax.get_title() for ax in fig.axes]
    ['float64', 'float32']
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:2]
    ['σ(−z)', '1 − σ(z)']
    """
    fig, axes = new_figure(1, len(dtypes), figsize=(7.2, 3.6), squeeze=False)
    for ax, (lo, hi), dtype in zip(axes[0], ranges, dtypes, strict=True):
        z = np.linspace(lo, hi, n).astype(dtype)
        direct = sigmoid(-z)
        complement = 1 - sigmoid(z)
        zero_from = float(z[complement == 0].min())
        ax.semilogy(z, direct, color=BLUE, linewidth=4, alpha=0.6, label="σ(−z)")
        kept = complement > 0
        ax.semilogy(z[kept], complement[kept], color=ORANGE, linewidth=1.4,
                    label="1 − σ(z)")
        off = np.flatnonzero(kept & (np.abs(complement - direct) > 0.25 * direct))[0]
        ax.annotate("steps", xy=(z[off], complement[off]), xytext=(-40, -28),
                    textcoords="offset points", color=ORANGE, fontsize=9,
                    arrowprops=dict(arrowstyle="->", color=ORANGE))
        ax.axvline(zero_from, color=VERMILLION, linestyle=":", linewidth=1.5)
        ax.annotate(f"1 − σ(z) = 0\nfrom z = {zero_from:.1f}", xy=(zero_from, direct.max()),
                    xytext=(-6, -4), textcoords="offset points", ha="right", va="top",
                    color=VERMILLION, fontsize=9)
        ax.set(title=dtype, xlabel="z", xlim=(lo, hi))
        ax.set_ylim(float(direct.min()) / 10, float(direct.max()) * 10)
    axes[0][0].set_ylabel("probability of the other class")
    axes[0][0].legend(loc="lower left", frameon=False, fontsize=10)
    return fig


def redundant_direction(steps, sums, differences, labels):
    """The size of W0 + W1 and of W1 - W0 of two-logit models during training.

    Parameters
    ----------
    steps : array_like
        The step numbers.
    sums, differences : sequence of array_like
        For each run, the norm of W0 + W1 and of W1 - W0 at each step.
    labels : sequence of str
        The name of each run, for example "no weight decay".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = redundant_direction([0, 1, 2], [[1, 1, 1], [1, 0.5, 0.25]],
    ...                           [[0, 1, 2], [0, 1, 2]], ["plain", "decay"])
    >>> [ax.get_title() for ax in fig.axes]
    ['‖W0 + W1‖ (the redundant direction)', '‖W1 − W0‖ (what the loss sees)']
    """
    fig, (left, right) = new_figure(1, 2, figsize=(7.2, 3.4))
    styles = [(BLUE, "-"), (ORANGE, "--"), (GREY, ":")]
    for (color, style), s, d, label in zip(styles, sums, differences, labels, strict=False):
        left.plot(steps, s, color=color, linestyle=style, linewidth=2, label=label)
        right.plot(steps, d, color=color, linestyle=style, linewidth=2, label=label)
        end = np.asarray(s)[-1]
        below = end > 0.5 * np.max(np.asarray(sums, dtype=float))  # keep the label inside
        left.annotate(f"{end:.3f}", xy=(steps[-1], end), xytext=(-4, -13 if below else 5),
                      textcoords="offset points", ha="right", color=color, fontsize=9)
    left.set(title="‖W0 + W1‖ (the redundant direction)", xlabel="step", ylim=(0, None))
    right.set(title="‖W1 − W0‖ (what the loss sees)", xlabel="step", ylim=(0, None))
    left.legend(loc="lower left", frameon=False, fontsize=9)
    for ax in (left, right):
        ax.title.set_fontsize(10)
    return fig
