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

__all__ = ["binary_diagram", "multiclass_diagram", "multilabel_diagram", "reliability_diagram",
           "sigmoid_curve", "temperature_bars", "ulp_error_plot"]

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
        footer=f"the probabilities sum to {float(probs.sum()):.3f}; "
               f"orange: above the threshold {threshold:g} (dashed), predicted",
        title="Multi-label: one sigmoid per class",
        threshold=threshold,
    )


def _diagram(inputs, activation, outputs, predicted, footer, title, threshold=None):
    """Draw logits -> activation -> probability bars.

    ``activation`` is one label for a single box spanning all rows, or a list
    with one label per output row, each wired to its own logit;
    predicted outputs are drawn in orange, the others in blue.
    """
    rows = max(len(inputs), len(outputs))
    fig, ax = new_figure(figsize=(7.2, 1.3 + 0.75 * rows))
    ax.set(xlim=(0, 10), ylim=(-0.9, rows - 0.2))
    ax.axis("off")
    ax.set_title(title, fontsize=12)
    in_y, out_y = _rows(len(inputs), rows), _rows(len(outputs), rows)
    for y in in_y:  # every logit goes into the activation ...
        ax.plot([2.75, 4.2], [y, y], color=GREY, linewidth=0.8)
    for y in out_y:  # ... and every probability comes out of it
        ax.plot([5.8, 6.6], [y, y], color=GREY, linewidth=0.8)
    for text, y in zip(inputs, in_y, strict=True):
        ax.text(2.55, y, text, ha="right", va="center", fontsize=11,
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


def reliability_diagram(*curves, titles=None, xlabel="confidence", ylabel="accuracy"):
    """Reliability diagrams, one column per curve, with the spread of confidences below.

    Each curve is the ``(confidence, accuracy, counts)`` triple returned by
    :func:`companion.calibration.reliability_curve`. In the top panel of a
    column, every non-empty bin of width 1/M gets a blue bar up to its
    accuracy, a vermillion line at its mean confidence and a hatched band
    for the gap between the two. Where the model is overconfident the bar
    stops short of the line; where it is underconfident the bar passes it.
    A calibrated model has no gaps: its lines and bars meet on the dashed
    diagonal. The panel also prints the ECE, the count-weighted mean gap.
    The bottom panel shows the fraction of examples in each bin, with the
    overall accuracy and mean confidence as vertical lines.

    Parameters
    ----------
    *curves : tuple of (ndarray, ndarray, ndarray)
        Per-bin mean confidence, accuracy (NaN for an empty bin) and count.
    titles : sequence of str, optional
        One title per curve.
    xlabel, ylabel : str
        Axis labels; for the sigmoid reading of ``reliability_curve`` use, for
        example, "predicted probability" and "fraction positive".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> curve = (np.array([0.25, 0.85]), np.array([0.5, 1.0]), np.array([2, 2]))
    >>> fig = reliability_diagram(curve, titles=["toy"])
    >>> fig.axes[0].get_title(), fig.axes[0].texts[0].get_text()
    ('toy', 'ECE = 0.2000')
    """
    n = len(curves)
    titles = [None] * n if titles is None else list(titles)
    fig, axes = new_figure(2, n, figsize=(3.5 * n + 0.4, 4.9), sharex=True, squeeze=False,
                           gridspec_kw={"height_ratios": [3, 1]})
    for k, (confidence, accuracy, counts) in enumerate(curves):
        confidence, accuracy = np.asarray(confidence, float), np.asarray(accuracy, float)
        counts = np.asarray(counts)
        n_bins, total = len(counts), counts.sum()
        width = 1.0 / n_bins
        centres = (np.arange(n_bins) + 0.5) * width
        used = counts > 0
        top, bottom = axes[0, k], axes[1, k]
        top.plot([0, 1], [0, 1], color=GREY, linestyle="--", linewidth=1,
                 label="perfect calibration")
        top.bar(centres[used], accuracy[used], width=width, color=BLUE, edgecolor="white",
                linewidth=0.5, label=f"{ylabel} in the bin")
        top.bar(centres[used], confidence[used] - accuracy[used], bottom=accuracy[used],
                width=width, facecolor=(1.0, 1.0, 1.0, 0.6), hatch="///",
                edgecolor=VERMILLION, linewidth=0.8, label=f"gap to mean {xlabel}")
        top.hlines(confidence[used], centres[used] - width / 2, centres[used] + width / 2,
                   color=VERMILLION, linewidth=1.5)
        ece = np.sum(counts[used] * np.abs(accuracy[used] - confidence[used])) / total
        top.text(0.97, 0.04, f"ECE = {ece:.4f}", ha="right", va="bottom", fontsize=10,
                 transform=top.transAxes,
                 bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=GREY))
        top.set(xlim=(0, 1), ylim=(0, 1), aspect="equal")
        if titles[k] is not None:
            top.set_title(titles[k], fontsize=11)
        bottom.bar(centres, counts / total, width=width, color=GREY, edgecolor="white",
                   linewidth=0.5)
        mean_confidence = np.sum(counts[used] * confidence[used]) / total
        mean_accuracy = np.sum(counts[used] * accuracy[used]) / total
        bottom.axvline(mean_accuracy, color=BLUE, linewidth=2,
                       label=f"{ylabel} {mean_accuracy:.3f}")
        bottom.axvline(mean_confidence, color=VERMILLION, linestyle="--", linewidth=2,
                       label=f"mean {xlabel} {mean_confidence:.3f}")
        bottom.set(ylim=(0, 1), xlabel=xlabel)
        bottom.legend(loc="upper left", fontsize=8, framealpha=0.9)
    axes[0, 0].set_ylabel(ylabel)
    axes[0, 0].legend(loc="upper left", fontsize=8, frameon=False)
    axes[1, 0].set_ylabel("fraction of\nexamples")
    return fig


def ulp_error_plot(z, errors_by_method, floor=1e-2, title=None):
    """ULP error against logit, one panel per method, on a logarithmic scale.

    The errors are precomputed (for example with
    :func:`companion.reference.ulp_error`), so the figure shows exactly the
    numbers a notebook printed. An error below ``floor`` (an exact result has
    error 0) is drawn on the floor; an infinite error (the method returned
    inf or NaN where the true value is finite) is drawn on a band above the
    largest finite error, labelled "inf or NaN". A dotted line marks 0.5 ULP,
    the error of a correctly rounded result. Each panel's title gives the
    method, its maximum error and how many points it returned inf or NaN.

    Parameters
    ----------
    z : array_like
        The logits, one per point (the horizontal axis).
    errors_by_method : dict of str to array_like
        For each method's name, its ULP error at every ``z``.
    floor : float, default 1e-2
        Lowest error drawn; smaller ones (and 0) sit on it.
    title : str, optional
        A title above all panels.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = ulp_error_plot([-1.0, 0.0, 1.0], {"good": [0.2, 0.0, 0.4],
    ...                                         "bad": [3.0, np.inf, 1e6]})
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['good: max 0.4 ULP', 'bad: max 1e+06 ULP, inf or NaN at 1 of 3 points']
    """
    z = np.asarray(z, dtype=float)
    errors = {name: np.asarray(e, dtype=float) for name, e in errors_by_method.items()}
    finite = np.concatenate([e[np.isfinite(e)] for e in errors.values()] + [np.array([1.0])])
    ceiling = 10.0 ** (np.ceil(np.log10(max(finite.max(), floor))) + 2)
    styles = [(BLUE, "o"), (VERMILLION, "s"), (GREEN, "^"), (ORANGE, "D")]
    n = len(errors)
    fig, axes = new_figure(n, 1, figsize=(6.4, 1.1 + 1.6 * n), sharex=True, sharey=True,
                           squeeze=False)
    for ax, (name, e), (colour, marker) in zip(axes[:, 0], errors.items(), styles, strict=False):
        broken = ~np.isfinite(e)
        shown = np.where(broken, ceiling, np.maximum(e, floor))
        ax.plot(z, shown, marker, color=colour, markersize=2.5, linestyle="none")
        ax.axhline(0.5, color=GREY, linestyle=":", linewidth=1)
        ax.axhspan(ceiling / 3, ceiling * 3, color="#F0F0F0", zorder=0)
        worst = e[~broken].max() if (~broken).any() else np.nan
        label = f"{name}: max {worst:.3g} ULP"
        if broken.any():
            label += f", inf or NaN at {int(broken.sum())} of {e.size} points"
        ax.set_title(label, fontsize=10, loc="left")
        ax.set_yscale("log")
        ax.set_ylabel("error (ULP)")
    low, high = int(np.floor(np.log10(floor))), int(np.log10(ceiling)) - 2
    step = next((s for s in (1, 2, 3, 5, 10, 20, 50) if s * 4 >= high - low), 100)
    decades = [k for k in range(low + 1, high + 1) if k % step == 0]
    ticks = [10.0 ** low] + [10.0 ** k for k in decades] + [ceiling]
    labels = [f"≤ $10^{{{low}}}$"] + [f"$10^{{{k}}}$" for k in decades] + ["inf or NaN"]
    for ax in axes[:, 0]:
        ax.minorticks_off()
    axes[0, 0].set_yticks(ticks, labels)
    axes[0, 0].set_ylim(floor / 3, ceiling * 3)
    axes[-1, 0].set_xlabel("logit z")
    if title is not None:
        fig.suptitle(title, fontsize=11)
    return fig
