"""Figures of the book, drawn from real numbers by the companion's own functions.

Figures 1 to 3 re-create the article's diagrams: logits on the left, the
activation in the middle, probabilities on the right, each with its value
printed. Colours come from the Okabe-Ito palette, which stays distinguishable
for colour-blind readers and in greyscale print; every figure also labels its
values in text, so no meaning rests on colour alone.

Every function returns a :class:`matplotlib.figure.Figure` made with
:func:`new_figure`, outside pyplot's list of open figures: a notebook cell
that ends with the call shows it exactly once, and nothing accumulates.
"""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from companion.activations import sigmoid, softmax

__all__ = ["binary_diagram", "multiclass_diagram", "multilabel_diagram", "sigmoid_curve",
           "temperature_bars"]

# Okabe & Ito (2008), "Color Universal Design".
BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#555555"


def new_figure(nrows=1, ncols=1, figsize=(6.4, 3.4), **subplot_kw):
    """A constrained-layout Figure and its axes, not registered with pyplot.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> type(fig).__name__, len(fig.axes)
    ('Figure', 1)
    """
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.subplots(nrows, ncols, **subplot_kw)


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


def binary_diagram(logit=1.5, labels=("class A", "not class A")):
    """Figure 1: one logit through the sigmoid to two complementary probabilities.

    Examples
    --------
    >>> fig = binary_diagram(1.5)
    >>> len(fig.axes)
    1
    """
    p = float(sigmoid(logit))
    return _diagram(
        inputs=[f"z = {logit:g}"],
        activation="sigmoid\nσ(z)",
        outputs=[(f"P({labels[0]}) = σ(z)", p), (f"P({labels[1]}) = 1 − σ(z)", 1.0 - p)],
        predicted=[p > 0.5, p <= 0.5],
        wiring=[(0, 0), (0, 1)],
        footer=f"the two probabilities sum to {p + (1.0 - p):g}; orange: the predicted class",
        title="Binary: one logit, one sigmoid",
    )


def multiclass_diagram(logits=(2.0, 1.0, 0.1), labels=("cat", "dog", "bird")):
    """Figure 2: C logits through one softmax to a distribution over C classes.

    Examples
    --------
    >>> fig = multiclass_diagram()
    >>> fig.axes[0].get_title()
    'Multi-class: one softmax over all logits'
    """
    probs = softmax(np.asarray(logits, dtype=float), dim=0)
    n = len(logits)
    return _diagram(
        inputs=[f"z_{label} = {z:g}" for label, z in zip(labels, logits, strict=True)],
        activation="softmax\nS(z)",
        outputs=[(f"P({label})", float(p)) for label, p in zip(labels, probs, strict=True)],
        predicted=[i == int(np.argmax(probs)) for i in range(n)],
        wiring=[(i, j) for i in range(n) for j in range(n)],
        footer=f"the probabilities sum to {float(probs.sum()):g}; orange: the predicted class",
        title="Multi-class: one softmax over all logits",
    )


def multilabel_diagram(logits=(2.0, -1.0, 0.8), labels=("comedy", "horror", "romance"),
                       threshold=0.5):
    """Figure 3: C logits, each through its own sigmoid, to C independent probabilities.

    Examples
    --------
    >>> fig = multilabel_diagram()
    >>> fig.axes[0].get_title()
    'Multi-label: one sigmoid per class'
    """
    probs = sigmoid(np.asarray(logits, dtype=float))
    n = len(logits)
    return _diagram(
        inputs=[f"z_{label} = {z:g}" for label, z in zip(labels, logits, strict=True)],
        activation=["σ"] * n,
        outputs=[(f"P({label})", float(p)) for label, p in zip(labels, probs, strict=True)],
        predicted=[bool(p > threshold) for p in probs],
        wiring=[(i, i) for i in range(n)],
        footer=f"the probabilities sum to {float(probs.sum()):.3f}; "
               f"orange: above the threshold {threshold:g} (dashed), predicted",
        title="Multi-label: one sigmoid per class",
        threshold=threshold,
    )


def _diagram(inputs, activation, outputs, predicted, wiring, footer, title, threshold=None):
    """Draw logits -> activation -> probability bars.

    ``activation`` is one label for a single box spanning all rows, or a list
    with one label per output row; ``wiring`` lists (input, output) pairs;
    predicted outputs are drawn in orange, the others in blue.
    """
    rows = max(len(inputs), len(outputs))
    fig, ax = new_figure(figsize=(7.2, 1.3 + 0.75 * rows))
    ax.set(xlim=(0, 10), ylim=(-0.9, rows - 0.2))
    ax.axis("off")
    ax.set_title(title, fontsize=12)
    in_y, out_y = _rows(len(inputs), rows), _rows(len(outputs), rows)
    for i, j in wiring:
        middle = (in_y[i] + out_y[j]) / 2
        ax.plot([2.6, 4.2], [in_y[i], middle], color=GREY, linewidth=0.8)
        ax.plot([5.8, 6.6], [middle, out_y[j]], color=GREY, linewidth=0.8)
    for text, y in zip(inputs, in_y, strict=True):
        ax.text(1.4, y, text, ha="center", va="center", fontsize=11,
                bbox=dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor=BLUE, lw=1.5))
    if isinstance(activation, str):
        top, bottom = max(in_y + out_y) + 0.35, min(in_y + out_y) - 0.35
        _box(ax, (top + bottom) / 2, top - bottom, activation)
    else:
        for label, y in zip(activation, out_y, strict=True):
            _box(ax, y, 0.6, label)
    for (text, p), y, chosen in zip(outputs, out_y, predicted, strict=True):
        ax.barh(y, 2.6 * p, left=6.7, height=0.42, color=ORANGE if chosen else BLUE)
        ax.barh(y, 2.6, left=6.7, height=0.42, fill=False, edgecolor=GREY, linewidth=0.8)
        ax.text(6.7, y + 0.3, f"{text} = {p:.3f}", fontsize=10, va="bottom")
        if threshold is not None:
            x = 6.7 + 2.6 * threshold
            ax.plot([x, x], [y - 0.3, y + 0.25], color=VERMILLION, linestyle="--", linewidth=1.5)
    ax.text(5.0, -0.75, footer, ha="center", fontsize=10, color=GREY)
    return fig


def _box(ax, y, height, label):
    """The activation: a grey box centred at height ``y``."""
    ax.add_patch(Rectangle((4.2, y - height / 2), 1.6, height, facecolor="#F0F0F0",
                               edgecolor=GREY))
    ax.text(5.0, y, label, ha="center", va="center", fontsize=12)


def _rows(count, other):
    """Vertical positions for ``count`` items, centred against ``other`` items."""
    offset = (max(count, other) - count) / 2
    return [max(count, other) - 1 - offset - k for k in range(count)]


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
    fig, axes = new_figure(1, len(temperatures), figsize=(1.75 * len(temperatures) + 0.6, 3.0),
                           sharey=True, squeeze=False)
    for ax, t in zip(axes[0], temperatures, strict=True):
        probs = softmax(z / t, dim=0)
        top = int(np.argmax(probs))
        colours = [ORANGE if k == top else BLUE for k in range(n)]
        bars = ax.bar(range(n), probs, color=colours, width=0.7)
        ax.bar_label(bars, labels=[f"{p:.2f}" for p in probs], fontsize=7, padding=1)
        ax.axhline(1.0 / n, color=GREY, linestyle="--", linewidth=1)
        ax.set_title(f"T = {t:g}\nmax p = {probs[top]:.3f}", fontsize=10)
        ax.set_xticks(range(n), [str(k) for k in range(n)])
        ax.set_xlabel("class")
    axes[0, 0].set(ylim=(0, 1.1), ylabel="probability")
    fig.suptitle(f"softmax(z / T); dashed: uniform 1/C = {1.0 / n:.2f}", fontsize=11)
    return fig
