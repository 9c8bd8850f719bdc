"""Exercises for "Multi-class classification"."""

import numpy as np

from companion.activations import sigmoid
from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = 'import numpy as np\n\nfrom companion import sigmoid'


q1 = Question(
    "Do independent sigmoids sum to 1?",
    task=(
        'Apply a separate sigmoid to each of the logits $[2, 1, 0.1]$ and add up the three '
        'results. What is the sum?'
    ),
    reference=float(np.sum(sigmoid([2.0, 1.0, 0.1]))),
    rtol=1e-3,
    hints=[
        "Apply the sigmoid to each logit separately, then add the three numbers.",
        "sigma(2) = 0.881, sigma(1) = 0.731, sigma(0.1) = 0.525.",
    ],
    solution="""
        answer = sigmoid(np.array([2.0, 1.0, 0.1])).sum()  # 2.137: not a distribution
    """,
    mistakes={
        "assumed_one": (1.0, "Independent sigmoids know nothing of each other, so nothing "
                        "makes them sum to 1: here they sum to 2.137."),
    },
)

q2 = Question(
    "Predict one class per example",
    task=(
        'Write `predict(logits)` that takes logits of shape (batch, classes) for mutually '
        'exclusive classes and returns one class index per example.'
    ),
    reference=lambda logits: np.argmax(logits, axis=1),
    probes=[(np.array([[2.0, 1.0, 0.1], [0.5, 3.0, -1.0], [-2.0, -1.0, -3.0], [0.0, 0.0, 5.0]]),)],
    hints=[
        "The logits have shape (batch, classes): one row per example.",
        "Take the argmax along the class axis, axis 1; the result has one entry per example.",
    ],
    solution="""
        def predict(logits):
            return np.argmax(logits, axis=1)  # or companion.predict_multiclass(logits, dim=1)
    """,
    mistakes={
        "argmax_over_batch": (
            lambda logits: np.argmax(logits, axis=0),
            "axis 0 runs over the examples in the batch: you picked, for each class, the "
            "example that scores highest. Take the argmax along axis 1, the classes.",
        ),
        "sigmoid_threshold": (
            lambda logits: sigmoid(logits) > 0.5,
            "Thresholding each class's sigmoid is multi-label thinking: an example may get "
            "zero or several classes. With mutually exclusive classes, pick the largest.",
        ),
        "argmin": (
            lambda logits: np.argmin(logits, axis=1),
            "argmin picks the *least* likely class; the prediction is the largest logit.",
        ),
    },
)

q3 = Question(
    "Degrees of freedom of a distribution over 4 classes",
    task=(
        'How many numbers do you need to specify a probability distribution over 4 mutually '
        'exclusive classes completely (its degrees of freedom)?'
    ),
    reference=3,
    hints=[
        "A distribution over 4 classes has 4 probabilities. Are they free to vary independently?",
        "They must sum to 1.",
    ],
    solution="""
        answer = 3  # the fourth probability is 1 minus the other three
    """,
    mistakes={
        "one_per_class": (4, "The probabilities must sum to 1, so once three are known the "
                          "fourth is fixed: 3 degrees of freedom."),
    },
)
