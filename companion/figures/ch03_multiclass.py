"""Figures of chapter 3, multi-class classification (and of the landing page).
"""

import numpy as np

from companion.activations import sigmoid, softmax
from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION, new_figure

__all__ = ["argmax_hides_confidence", "simplex_in_cube"]


def simplex_in_cube(logits=(2.0, 1.0, 0.1)):
    """The probability simplex of three classes inside the cube [0, 1]^3.

    Left, in three dimensions: the unit cube, where any three numbers in
    [0, 1] live, and inside it the triangle (the simplex) of the three-class
    distributions, whose corners are the one-hot vectors. Two readings of
    the same ``logits`` are marked: one sigmoid per class (a point of the
    cube, off the triangle) and the softmax (a point of the triangle).
    Right: the triangle laid flat, with the same softmax point, the uniform
    distribution and the corners.

    Parameters
    ----------
    logits : sequence of 3 floats
        The logits whose two readings are marked.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = simplex_in_cube()
    >>> [ax.get_title() for ax in fig.axes]
    ['the cube [0, 1]³ and the simplex inside it', 'the simplex laid flat']
    """
    z = np.asarray(logits, dtype=float)
    independent, distribution = sigmoid(z), softmax(z, dim=0)
    fig, (cube, flat) = new_figure(1, 2, figsize=(7.6, 4.2),
                                   subplot_kw={"projection": "3d"})
    # The cube's 12 edges.
    corners = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)], float)
    for a in range(8):
        for b in range(a + 1, 8):
            if np.abs(corners[a] - corners[b]).sum() == 1:
                cube.plot(*zip(corners[a], corners[b], strict=True), color=GREY,
                          linewidth=0.8)
    eye = np.eye(3)
    tri = np.vstack([eye, eye[:1]])
    cube.plot_trisurf(eye[:, 0], eye[:, 1], eye[:, 2], color=BLUE, alpha=0.25, linewidth=0)
    cube.plot(tri[:, 0], tri[:, 1], tri[:, 2], color=BLUE, linewidth=1.5)
    for k in range(3):
        cube.text(*(eye[k] * 1.08), f"one-hot {k}", fontsize=8, ha="center")
    cube.scatter(*independent, color=VERMILLION, s=30, depthshade=False)
    cube.plot(*zip(independent, distribution, strict=True), color=GREY, linestyle="--",
              linewidth=1)
    cube.text(*independent, f"  one sigmoid per class\n  (sum {independent.sum():.2f})",
              fontsize=8)
    cube.scatter(*distribution, color=ORANGE, marker="s", s=30, depthshade=False)
    cube.text(*distribution, "  softmax", fontsize=8)
    cube.set(xlabel="p₀", ylabel="p₁", zlabel="p₂", xticks=[0, 1], yticks=[0, 1],
             zticks=[0, 1], title="the cube [0, 1]³ and the simplex inside it")
    cube.view_init(elev=12, azim=-20)

    # The triangle laid flat: corner k at the vertices of an equilateral triangle.
    flat.remove()
    flat = fig.add_subplot(1, 2, 2)
    vertices = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])

    def place(p):
        return np.asarray(p) @ vertices

    outline = np.vstack([vertices, vertices[:1]])
    flat.fill(outline[:, 0], outline[:, 1], color=BLUE, alpha=0.15)
    flat.plot(outline[:, 0], outline[:, 1], color=BLUE, linewidth=1.5)
    names = ["(1, 0, 0)\none-hot 0", "(0, 1, 0)\none-hot 1", "(0, 0, 1)\none-hot 2"]
    offsets = [(-0.02, -0.1), (0.02, -0.1), (0.0, 0.04)]
    aligns = ["left", "right", "center"]
    for k in range(3):
        flat.text(vertices[k, 0] + offsets[k][0], vertices[k, 1] + offsets[k][1], names[k],
                  fontsize=8, ha=aligns[k], va="bottom" if k == 2 else "top")
    uniform = place(np.full(3, 1 / 3))
    flat.plot(*uniform, "o", color=GREY)
    flat.annotate("uniform (⅓, ⅓, ⅓)", uniform, textcoords="offset points", xytext=(6, 4),
                  fontsize=8)
    point = place(distribution)
    flat.plot(*point, "s", color=ORANGE)
    flat.annotate("softmax (" + ", ".join(f"{v:.2f}" for v in distribution) + ")", point,
                  textcoords="offset points", xytext=(-10, 10), fontsize=8, ha="center")
    flat.set(xlim=(-0.15, 1.15), ylim=(-0.22, 1.0), aspect="equal",
             title="the simplex laid flat")
    flat.axis("off")
    return fig


def argmax_hides_confidence(z_a=5.0, z_b=(-2.1, 4.999, -200.0)):
    """Three inputs with the same argmax and very different probabilities.

    One row per input: its two logits, and the two probabilities (a softmax
    over the two) as bars with their values written on them.

    Parameters
    ----------
    z_a : float
        The logit of class A, the same for every input.
    z_b : sequence of float
        The logit of class B, one per input.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = argmax_hides_confidence()
    >>> len(fig.axes[0].patches)  # two bars and two frames per input
    12
    """
    logits = np.array([[z_a, b] for b in z_b], dtype=float)
    probs = softmax(logits, dim=1)
    rows = len(z_b)
    fig, ax = new_figure(figsize=(7.2, 0.9 + 0.95 * rows))
    ax.set(xlim=(0, 10), ylim=(-0.6, rows - 0.3))
    ax.axis("off")
    for r in range(rows):
        y = rows - 1 - r
        ax.text(0.0, y, f"logits: A {z_a:g}, B {z_b[r]:g}\nargmax: A", fontsize=10, va="center")
        for k, (name, colour) in enumerate([("A", ORANGE), ("B", BLUE)]):
            yk = y + 0.18 - 0.36 * k
            p = float(probs[r, k])
            ax.barh(yk, 4.5 * p, left=4.2, height=0.3, color=colour)
            ax.barh(yk, 4.5, left=4.2, height=0.3, fill=False, edgecolor=GREY, linewidth=0.8)
            text = f"{p:.4f}" if p >= 1e-4 else f"{p:.1e}"
            ax.text(3.1, yk, f"P({name})", fontsize=10, va="center")
            ax.text(8.8, yk, text, fontsize=10, va="center")
    ax.set_title("Same argmax, different confidence", fontsize=12)
    ax.text(5.0, -0.55, "bars: the probabilities of A (orange) and B (blue), "
            "a softmax over the two logits", ha="center", fontsize=9, color=GREY)
    return fig
