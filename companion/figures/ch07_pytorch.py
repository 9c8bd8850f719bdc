"""Figures of chapter 7, the PyTorch implementation.
"""

import numpy as np

from companion.activations import softmax
from companion.figures._style import BLUE, GREEN, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["mistake_curves", "softmax_dims_grid"]


def softmax_dims_grid(logits):
    """A (2, 3) tensor of logits and its softmax over each dim, as three labelled grids.

    Left: the logits, rows = examples (dim 0 indexes them), columns = classes
    (dim 1 indexes them). Middle: ``softmax(logits, dim=0)``, with each column
    boxed and its sum (1) written under it, and the row sums (not 1) beside
    it. Right: ``softmax(logits, dim=1)``, with each row boxed and its sum (1)
    beside it, and the column sums (not 1) under it. Every cell shows its value.

    Parameters
    ----------
    logits : array_like, shape (2, 3)

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = softmax_dims_grid([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
    >>> [ax.get_title().splitlines()[0] for ax in fig.axes]
    ['logits z', 'softmax(z, dim=0)', 'softmax(z, dim=1)']
    """
    from matplotlib.patches import Rectangle

    z = np.asarray(logits, dtype=np.float64)
    panels = [("logits z", "", z, None),
              ("softmax(z, dim=0)", "each column sums to 1", softmax(z, dim=0), 0),
              ("softmax(z, dim=1)", "each row sums to 1", softmax(z, dim=1), 1)]
    fig, axes = new_figure(1, 3, figsize=(9.6, 3.3))
    for ax, (title, subtitle, values, dim) in zip(axes, panels, strict=True):
        rows, cols = values.shape
        for i in range(rows):
            for j in range(cols):
                text = f"{values[i, j]:.4g}" if dim is None else f"{values[i, j]:.2e}"
                ax.text(j, i, text, ha="center", va="center", fontsize=9 if dim is None else 7.5)
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=GREY,
                                       linewidth=0.6))
        if dim == 0:
            for j in range(cols):  # one distribution per column
                ax.add_patch(Rectangle((j - 0.45, -0.45), 0.9, rows - 0.1, fill=False,
                                       edgecolor=ORANGE, linewidth=2.2))
                ax.text(j, rows - 0.42, f"sum {values[:, j].sum():.4g}", ha="center",
                        va="top", fontsize=8.5, color="black", fontweight="bold")
            for i in range(rows):
                ax.text(cols - 0.35, i, f"sum\n{values[i].sum():.4g}", ha="left",
                        va="center", fontsize=8, color=GREY)
        elif dim == 1:
            for i in range(rows):  # one distribution per row
                ax.add_patch(Rectangle((-0.45, i - 0.45), cols - 0.1, 0.9, fill=False,
                                       edgecolor=BLUE, linewidth=2.2))
                ax.text(cols - 0.35, i, f"sum\n{values[i].sum():.4g}", ha="left",
                        va="center", fontsize=8.5, fontweight="bold")
            for j in range(cols):
                ax.text(j, rows - 0.42, f"sum {values[:, j].sum():.4g}", ha="center",
                        va="top", fontsize=8, color=GREY)
        ax.set_xlim(-0.5, cols + 0.3)
        ax.set_ylim(rows - 0.05, -0.5)
        ax.set_xticks(range(cols), [f"class {j}" for j in range(cols)], fontsize=8)
        ax.set_yticks(range(rows), [f"example {i}" for i in range(rows)], fontsize=8)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        note = subtitle if subtitle else "(dim 0 indexes rows, dim 1 columns)"
        ax.set_title(f"{title}\n{note}", fontsize=9.5)
    return fig


def mistake_curves(scales=None):
    r"""Loss and gradient norm against the scale s of a correct (left) and wrong logit.

    Left panel: the loss of a confidently *correct* prediction of scale ``s``
    (3-class logits (s, 0, 0) with target 0; one logit s with target 1) for
    ``cross_entropy(z)`` and for the three classic mistakes, each with its
    floor as a dotted line: ``cross_entropy(softmax(z))`` (floor
    :math:`\log(1 + 2/e)`), ``bce_with_logits(sigmoid(z))`` (floor
    :math:`\log(1 + 1/e)`) and ``bce(sigmoid(z))`` in float64, which equals
    the right one-logit loss :math:`\log(1 + e^{-s})` (from log 2, not log 3).
    Right panel: the norm of the gradient with respect to the
    logits of a confidently *wrong* prediction (logits (0, s, 0), target 0;
    one logit -s, target 1), on a log scale: the right cross-entropy keeps a
    norm near :math:`\sqrt 2`, the mistakes collapse (``bce(sigmoid(z))``
    beyond s = 27.6, where torch's backward divides by max(p(1 - p), 1e-12)).
    Computed with torch in float64.

    Parameters
    ----------
    scales : array_like, optional
        The scales s (default 0 to 60).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = mistake_curves(np.linspace(0.0, 40.0, 41))
    >>> fig.axes[0].get_xlabel(), fig.axes[1].get_yscale()
    ('logit scale s', 'log')
    """
    import torch
    import torch.nn.functional as F

    s_values = np.linspace(0.0, 60.0, 241) if scales is None else np.asarray(scales, float)
    target3, one = torch.tensor([0]), torch.ones(1, dtype=torch.float64)

    def losses(s):
        right = torch.tensor([[s, 0.0, 0.0]], dtype=torch.float64)
        z = torch.tensor([s], dtype=torch.float64)
        return (F.cross_entropy(right, target3).item(),
                F.cross_entropy(torch.softmax(right, dim=1), target3).item(),
                F.binary_cross_entropy_with_logits(torch.sigmoid(z), one).item(),
                F.binary_cross_entropy(torch.sigmoid(z), one).item())

    def grads(s):
        out = []
        for kind in range(4):
            if kind < 2:
                z = torch.tensor([[0.0, s, 0.0]], dtype=torch.float64, requires_grad=True)
                inp = z if kind == 0 else torch.softmax(z, dim=1)
                loss = F.cross_entropy(inp, target3)
            else:
                z = torch.tensor([-s], dtype=torch.float64, requires_grad=True)
                p = torch.sigmoid(z)
                loss = (F.binary_cross_entropy_with_logits(p, one) if kind == 2
                        else F.binary_cross_entropy(p, one))
            (g,) = torch.autograd.grad(loss, z)
            out.append(g.norm().item())
        return out

    loss_table = np.array([losses(s) for s in s_values])
    grad_table = np.array([grads(s) for s in s_values])
    styles = [("cross_entropy(z): right", "black", "-"),
              ("cross_entropy(softmax(z))", ORANGE, "--"),
              ("bce_with_logits(sigmoid(z))", BLUE, "-."),
              ("bce(sigmoid(z)), float64: = log(1 + e^-s)", VERMILLION, ":")]
    fig, (left, right) = new_figure(1, 2, figsize=(9.6, 3.8))
    for k, (label, colour, line) in enumerate(styles):
        left.plot(s_values, loss_table[:, k], color=colour, linestyle=line, linewidth=2,
                  label=label)
        right.semilogy(s_values, np.maximum(grad_table[:, k], 1e-300), color=colour,
                       linestyle=line, linewidth=2, label=label)
    for floor, colour, name in ((np.log1p(2 / np.e), ORANGE, "log(1 + 2/e)"),
                                (np.log1p(1 / np.e), BLUE, "log(1 + 1/e)")):
        left.axhline(floor, color=colour, linestyle=":", linewidth=1)
        left.text(s_values[-1], floor + 0.03, f"floor {name} = {floor:.4f}", ha="right",
                  va="bottom", fontsize=8, color="black")
    left.set(xlabel="logit scale s", ylabel="loss", ylim=(-0.05, 1.2),
             title="correct prediction: (s, 0, 0), target 0 / z = s, target 1")
    right.set(xlabel="logit scale s", ylabel="|gradient w.r.t. the logits|",
              ylim=(1e-30, 10), title="wrong prediction: (0, s, 0), target 0 / z = -s, target 1")
    right.axvline(np.log(1e12), color=GREEN, linewidth=1)
    right.text(np.log(1e12) + 0.5, 1e-27, "s = 27.6:\np(1 - p) < 1e-12", fontsize=8)
    left.title.set_fontsize(9)
    right.title.set_fontsize(9)
    left.legend(fontsize=8, loc="upper right")
    return fig
