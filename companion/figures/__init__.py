"""Figures of the book, drawn from real numbers by the companion's own functions.

Figures 1 to 3 re-create the article's diagrams: logits on the left, the
activation in the middle, probabilities on the right, each with its value
printed. Colours come from the Okabe-Ito palette, which stays distinguishable
for colour-blind readers and in greyscale print; every figure also labels its
values in text, so no meaning rests on colour alone.

Every function returns a :class:`matplotlib.figure.Figure` made with
:func:`new_figure`, outside pyplot's list of open figures: a notebook cell
that ends with the call shows it exactly once, and nothing accumulates.

There is one module per chapter, named as in :mod:`companion.exercises`
(``ch01_sigmoid`` to ``ch07_pytorch``, ``app_stability``, ``app_calibration``),
``diagrams`` for the article's three diagrams, and ``explorables`` for the
interactive figures that run in the reader's browser. Every figure is
importable from here: ``from companion import figures``.
"""

from companion.figures._style import new_figure as new_figure
from companion.figures.app_calibration import *  # noqa: F403
from companion.figures.app_stability import *  # noqa: F403
from companion.figures.ch01_sigmoid import *  # noqa: F403
from companion.figures.ch02_binary import *  # noqa: F403
from companion.figures.ch03_multiclass import *  # noqa: F403
from companion.figures.ch04_softmax import *  # noqa: F403
from companion.figures.ch05_convergence import *  # noqa: F403
from companion.figures.ch06_multilabel import *  # noqa: F403
from companion.figures.ch07_pytorch import *  # noqa: F403
from companion.figures.diagrams import *  # noqa: F403
from companion.figures.explorables import *  # noqa: F403
