"""Figures of the calibration appendix.
"""

import numpy as np

from companion.figures._style import BLUE, GREY, VERMILLION, new_figure

__all__ = ["reliability_diagram"]


def reliability_diagram(*curves, titles=None, xlabel="confidence", ylabel="accuracy",
                        intervals=None, min_count=0):
    """Reliability diagrams, one column per curve, with the spread of confidences below.

    Each curve is the ``(confidence, accuracy, counts)`` triple returned by
    :func:`companion.calibration.reliability_curve`. In the top panel of a
    column, every non-empty bin of width 1/M gets a blue bar up to its
    accuracy, a vermillion line at its mean confidence and a hatched band
    for the gap between the two. Where the model is overconfident the bar
    stops short of the line; where it is underconfident the bar passes it.
    A calibrated model has no gaps: its lines and bars meet on the dashed
    diagonal. The panel also prints the ECE, the count-weighted mean gap.
    With ``intervals``, each bin gets an error bar (for example a bootstrap
    interval of its accuracy); bins with fewer than ``min_count`` examples
    are drawn in light grey, without a gap band, so that nobody reads
    meaning into them. The bottom panel shows the fraction of examples in
    each bin, with its count printed above it, and the overall accuracy and
    mean confidence as vertical lines.

    Parameters
    ----------
    *curves : tuple of (ndarray, ndarray, ndarray)
        Per-bin mean confidence, accuracy (NaN for an empty bin) and count.
    titles : sequence of str, optional
        One title per curve.
    xlabel, ylabel : str
        Axis labels; for the sigmoid reading of ``reliability_curve`` use, for
        example, "predicted probability" and "fraction positive".
    intervals : sequence of (ndarray, ndarray), optional
        One ``(low, high)`` pair of per-bin arrays per curve (NaN: no bar).
    min_count : int, default 0
        Bins with fewer examples are greyed out.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> curve = (np.array([0.25, 0.85]), np.array([0.5, 1.0]), np.array([2, 2]))
    >>> fig = reliability_diagram(curve, titles=["toy"])
    >>> fig.axes[0].get_title(), fig.axes[0].texts[0].get_text()
    ('toy', 'ECE = 0.2000')
    >>> fig = reliability_diagram(curve, intervals=[(np.array([0.3, 0.9]), np.array([0.7, 1.0]))],
    ...                           min_count=3)
    >>> [t.get_text() for t in fig.axes[1].texts]  # counts above the bins
    ['2', '2']
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
        solid = used & (counts >= min_count)
        sparse = used & (counts < min_count)
        top.bar(centres[solid], accuracy[solid], width=width, color=BLUE, edgecolor="white",
                linewidth=0.5, label=f"{ylabel} in the bin")
        top.bar(centres[solid], confidence[solid] - accuracy[solid], bottom=accuracy[solid],
                width=width, facecolor=(1.0, 1.0, 1.0, 0.6), hatch="///",
                edgecolor=VERMILLION, linewidth=0.8, label=f"gap to mean {xlabel}")
        top.hlines(confidence[solid], centres[solid] - width / 2, centres[solid] + width / 2,
                   color=VERMILLION, linewidth=1.5)
        if sparse.any():
            top.bar(centres[sparse], accuracy[sparse], width=width, color="#CCCCCC",
                    edgecolor="white", linewidth=0.5,
                    label=f"fewer than {min_count} examples")
        if intervals is not None:
            low, high = (np.asarray(a, float) for a in intervals[k])
            bar = used & np.isfinite(low) & np.isfinite(high)
            top.errorbar(centres[bar], accuracy[bar],
                         yerr=[np.maximum(accuracy[bar] - low[bar], 0),
                               np.maximum(high[bar] - accuracy[bar], 0)],
                         fmt="none", ecolor="black", elinewidth=1, capsize=2,
                         label="95% bootstrap interval")
        ece = np.sum(counts[used] * np.abs(accuracy[used] - confidence[used])) / total
        top.text(0.97, 0.04, f"ECE = {ece:.4f}", ha="right", va="bottom", fontsize=10,
                 transform=top.transAxes,
                 bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=GREY))
        top.set(xlim=(0, 1), ylim=(0, 1), aspect="equal")
        if titles[k] is not None:
            top.set_title(titles[k], fontsize=11)
        bottom.bar(centres, counts / total, width=width, color=GREY, edgecolor="white",
                   linewidth=0.5)
        for m in np.flatnonzero(used):
            bottom.text(centres[m], counts[m] / total + 0.03, str(counts[m]), ha="center",
                        va="bottom", fontsize=6.5)
        mean_confidence = np.sum(counts[used] * confidence[used]) / total
        mean_accuracy = np.sum(counts[used] * accuracy[used]) / total
        bottom.axvline(mean_accuracy, color=BLUE, linewidth=2,
                       label=f"{ylabel} {mean_accuracy:.3f}")
        bottom.axvline(mean_confidence, color=VERMILLION, linestyle="--", linewidth=2,
                       label=f"mean {xlabel} {mean_confidence:.3f}")
        bottom.set(ylim=(0, 1), xlabel=xlabel)
        bottom.legend(loc="upper left", fontsize=8, framealpha=0.9)
    axes[0, 0].set_ylabel(ylabel)
    axes[0, 0].legend(loc="upper left", fontsize=8, framealpha=0.8)
    axes[1, 0].set_ylabel("fraction of\nexamples")
    return fig
