"""Figures of chapter 6, more than one label."""

import numpy as np

from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["label_set_frequencies", "threshold_sweep"]


def threshold_sweep(thresholds, precision, recall, f1, labels, chosen=None):
    """Precision, recall and F1 of each label against its decision threshold.

    One panel per label, in a grid of two columns. The threshold with the
    highest F1 (or the one given in ``chosen``) is marked with its value.

    Parameters
    ----------
    thresholds : array_like, shape (T,)
        The thresholds t on the probability that were tried.
    precision, recall, f1 : array_like, shape (T, C)
        The scores of the rule p > t for each threshold and label.
    labels : sequence of str, length C
        The name of each label, used as the panel's title.
    chosen : array_like, shape (C,), optional
        The threshold to mark in each panel; by default the first one with
        the highest F1.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> t = np.linspace(0.1, 0.9, 9)
    >>> prec = np.stack([t, t], axis=1)
    >>> rec = 1 - prec
    >>> f1 = 2 * prec * rec / (prec + rec)
    >>> fig = threshold_sweep(t, prec, rec, f1, ["a", "b"])
    >>> [ax.get_title() for ax in fig.axes]
    ['a: best F1 0.500 at t = 0.50', 'b: best F1 0.500 at t = 0.50']
    """
    t = np.asarray(thresholds, dtype=float)
    precision, recall, f1 = (np.asarray(a, dtype=float) for a in (precision, recall, f1))
    n = len(labels)
    if chosen is None:
        chosen = t[np.argmax(f1, axis=0)]
    rows = (n + 1) // 2
    fig, axes = new_figure(rows, 2, figsize=(7.2, 2.6 * rows), sharex=True, sharey=True,
                           squeeze=False)
    for c, ax in enumerate(axes.flat):
        if c >= n:
            ax.axis("off")
            continue
        ax.plot(t, precision[:, c], color=BLUE, linestyle="--", marker="s", markersize=3,
                label="precision")
        ax.plot(t, recall[:, c], color=ORANGE, linestyle=":", marker="^", markersize=3,
                label="recall")
        ax.plot(t, f1[:, c], color=VERMILLION, linewidth=2.2, marker="o", markersize=3,
                label="F1")
        best = float(chosen[c])
        k = int(np.argmin(np.abs(t - best)))
        ax.axvline(best, color=GREY, linewidth=1)
        ax.plot([best], [f1[k, c]], "o", color="black", markersize=6)
        ax.set_title(f"{labels[c]}: best F1 {f1[k, c]:.3f} at t = {best:.2f}", fontsize=10)
        ax.grid(alpha=0.3)
        if c % 2 == 0:
            ax.set_ylabel("score")
        if c >= n - 2:
            ax.set_xlabel("threshold t on the probability")
    axes.flat[0].legend(loc="lower center", fontsize=9, frameon=False)
    return fig


def label_set_frequencies(label_sets, observed, implied, names):
    """Observed frequency of each label set against the one a model implies.

    Parameters
    ----------
    label_sets : array_like of 0/1, shape (K, C)
        The label sets, one per row.
    observed, implied : array_like, shape (K,)
        The fraction of examples with each set, and the model's probability
        of it averaged over the same examples.
    names : sequence of str, length C
        Short names of the labels, used to write each set.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> sets = [[0, 0], [0, 1], [1, 0], [1, 1]]
    >>> fig = label_set_frequencies(sets, [0.5, 0, 0, 0.5], [0.3, 0.2, 0.2, 0.3], ["a", "b"])
    >>> len(fig.axes[0].patches)
    8
    """
    sets = np.asarray(label_sets)
    observed, implied = np.asarray(observed, dtype=float), np.asarray(implied, dtype=float)
    text = ["{" + ", ".join(n for n, on in zip(names, row, strict=True) if on) + "}"
            for row in sets]
    y = np.arange(len(sets))[::-1]
    fig, ax = new_figure(figsize=(7.2, 0.34 * len(sets) + 1.2))
    ax.barh(y + 0.2, observed, height=0.38, color=BLUE, label="observed frequency")
    ax.barh(y - 0.2, implied, height=0.38, color=ORANGE, hatch="//", edgecolor="white",
            label="model's average probability")
    for k in range(len(sets)):
        never = observed[k] == 0
        ax.text(max(observed[k], implied[k]) + 0.004, y[k],
                f"{observed[k]:.3f} / {implied[k]:.3f}" + ("  (never observed)" if never else ""),
                va="center", fontsize=8, color=VERMILLION if never else "black")
    ax.set_yticks(y, text, fontsize=8)
    ax.set_xlim(0, 1.35 * max(observed.max(), implied.max()))
    ax.set_xlabel("fraction of test digits (observed) / probability (model)")
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    return fig
