"""What every figure shares: the palette and a Figure made outside pyplot.
"""

from matplotlib.figure import Figure

__all__ = ["BLUE", "GREEN", "GREY", "ORANGE", "VERMILLION", "new_figure"]


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
