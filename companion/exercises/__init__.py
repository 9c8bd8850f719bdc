"""Self-study questions with checkers, one module per chapter.

In a chapter::

    from companion.exercises import ch01_sigmoid as ex
    ex.q1.check(my_answer)   # prints a verdict, returns True or False
    ex.q1.hint()             # ex.q1.hint(2) for the next one
    ex.q1.solution()

:func:`questions` lists every question in book order.
"""

import importlib

from companion.exercises._question import NOT_ATTEMPTED, Question

__all__ = ["CHAPTERS", "NOT_ATTEMPTED", "Question", "questions"]

CHAPTERS = [
    "ch01_sigmoid",
    "ch02_binary",
    "ch03_multiclass",
    "ch04_softmax",
    "ch05_convergence",
    "ch06_multilabel",
    "ch07_pytorch",
    "app_stability",
    "app_calibration",
]


def questions():
    """Every question of the book, in book order.

    Each one's ``label`` names where it lives, for example "ch01_sigmoid.q1".
    """
    found = []
    for chapter in CHAPTERS:
        module = importlib.import_module(f"companion.exercises.{chapter}")
        for name, question in vars(module).items():
            if isinstance(question, Question):
                question.label = f"{chapter}.{name}"
                found.append(question)
    return found
