"""Figures of the numerics appendix.
"""

import numpy as np

from companion.figures._style import BLUE, GREEN, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["conditioning_plot", "ulp_error_plot"]


def _bound(worst):
    """A machine-independent label for a maximum error: "< 1", "< 2" or "~1eK"."""
    if not np.isfinite(worst):
        return "n/a"
    for bound in (1, 2):
        if worst < bound:
            return f"< {bound}"
    return f"~1e{int(np.floor(np.log10(worst)))}"


def ulp_error_plot(z, errors_by_method, floor=1e-2, title=None):
    """ULP error against logit, one panel per method, on a logarithmic scale.

    The errors are precomputed (for example with
    :func:`companion.reference.ulp_error`), so the figure shows exactly the
    numbers a notebook printed. An error below ``floor`` (an exact result has
    error 0) is drawn on the floor; an infinite error (the method returned
    inf or NaN where the true value is finite) is drawn on a band above the
    largest finite error, labelled "inf or NaN". A dotted line marks 0.5 ULP,
    the error of a correctly rounded result. Each panel's title gives the
    method, a bound on its maximum finite error ("< 1", "< 2" or its power of
    ten, not its digits, which depend on the CPU's ``exp``) and how many
    points it returned inf or NaN.

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
    ['good: max < 1 ULP', 'bad: max ~1e6 ULP, inf or NaN at 1 of 3 points']
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
        label = f"{name}: max {_bound(worst)} ULP"
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


def conditioning_plot(kappa, rel_errors_by_method, extra=8):
    """Relative error (in units of u) against condition number, one marker style per method.

    The line ``error = kappa + extra`` is the bound that a backward stable
    algorithm meets: the condition number times the unit roundoff, plus a
    few roundings of its own. Points on or below it are errors the problem's
    conditioning already warrants.

    Parameters
    ----------
    kappa : array_like
        The condition number of each computed value.
    rel_errors_by_method : dict of str to array_like
        For each method's name, the relative error of each value divided by
        the unit roundoff u.
    extra : float, default 8
        The allowance for the algorithm's own roundings.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = conditioning_plot([1.0, 10.0, 500.0], {"shifted": [0.5, 9.0, 400.0]})
    >>> fig.axes[0].get_xlabel()
    'condition number κ'
    """
    kappa = np.asarray(kappa, dtype=float)
    fig, ax = new_figure(figsize=(6.4, 3.6))
    styles = [(VERMILLION, "s", 10), (BLUE, "o", 6), (GREEN, "^", 6)]
    for (name, e), (colour, marker, size) in zip(rel_errors_by_method.items(), styles,
                                                   strict=False):
        e = np.maximum(np.asarray(e, dtype=float), 1e-2)
        ax.scatter(np.maximum(kappa, 1e-2), e, s=size, marker=marker, color=colour,
                   label=name, alpha=0.7, linewidths=0)
    k = np.geomspace(1e-2, max(kappa.max(), 1.0) * 2, 200)
    ax.plot(k, k + extra, color=GREY, linestyle="--", linewidth=1.2,
            label=f"bound (κ + {extra:g}) u")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("condition number κ")
    ax.set_ylabel("relative error / u")
    ax.legend(loc="upper left", fontsize=9, frameon=False)
    return fig
