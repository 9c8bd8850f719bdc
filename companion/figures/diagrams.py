"""The article's three diagrams, re-created from real numbers: logits on the
left, the activation in the middle, probabilities on the right.
"""

import numpy as np
from matplotlib.patches import Rectangle

from companion.activations import sigmoid, softmax
from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["binary_diagram", "multiclass_diagram", "multilabel_diagram"]


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

    Inside the softmax box every logit is wired to every probability: each
    output depends on all the logits through the shared denominator. (In
    :func:`multilabel_diagram` each logit has its own box and one wire.)

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
        coupled=True,
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


def _diagram(inputs, activation, outputs, predicted, footer, title, threshold=None,
             coupled=False):
    """Draw logits -> activation -> probability bars.

    ``activation`` is one label for a single box spanning all rows, or a list
    with one label per output row, each wired to its own logit;
    predicted outputs are drawn in orange, the others in blue. With
    ``coupled``, the single box shows a wire from every input to every output
    and its label sits above it.
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
    if isinstance(activation, str) and coupled:
        top, bottom = max(in_y + out_y) + 0.35, min(in_y + out_y) - 0.35
        _box(ax, (top + bottom) / 2, top - bottom, "")
        for y_in in in_y:  # every logit reaches every probability
            for y_out in out_y:
                ax.plot([4.2, 5.8], [y_in, y_out], color=GREY, linewidth=0.8)
        ax.text(5.0, top + 0.05, activation.replace("\n", " "), ha="center", va="bottom",
                fontsize=11)
    elif isinstance(activation, str):
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
