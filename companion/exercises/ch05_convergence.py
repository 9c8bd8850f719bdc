"""Exercises for "Convergence"."""

from companion.exercises._question import Question

# What the book's exercise cells import before the solutions run.
SETUP = ''


q1 = Question(
    "Two logits, one sigmoid",
    task=(
        'The two-class softmax is a sigmoid: $\\mathrm{softmax}([z_1, z_2])_1 = \\sigma(f(z_1, '
        'z_2))$. Write `argument(z1, z2)` that returns $f(z_1, z_2)$.'
    ),
    reference=lambda z1, z2: z1 - z2,
    probes=[(2.0, 0.5), (-1.0, 3.0), (0.0, 0.0), (4.0, 4.0), (0.0, 2.0)],
    hints=[
        "softmax([z1, z2])[0] = e^z1 / (e^z1 + e^z2). Divide numerator and denominator by "
        "e^z2.",
        "You get 1 / (1 + e^-(something)): that something is the sigmoid's argument.",
    ],
    solution="""
        def argument(z1, z2):
            return z1 - z2  # softmax([z1, z2])[0] = sigmoid(z1 - z2)
    """,
    mistakes={
        "reversed": (lambda z1, z2: z2 - z1, "That gives the probability of the second "
                     "class: sigmoid(z2 - z1) = softmax([z1, z2])[1]. Check the sign."),
        "first_only": (lambda z1, z2: z1, "sigmoid(z1) is the special case z2 = 0 (the "
                       "logits [z, 0]). In general only the difference matters."),
        "sum": (lambda z1, z2: z1 + z2, "Adding the same constant to both logits changes "
                "nothing, but it changes z1 + z2: the argument must be the difference."),
    },
)

q2 = Question(
    "softmax([3, 1]) as a sigmoid",
    task=(
        '$\\mathrm{softmax}([3, 1])_1 = \\sigma(a)$. What is $a$?'
    ),
    reference=2.0,
    rtol=1e-6,
    hints=["Use the identity from the previous exercise with z1 = 3, z2 = 1."],
    solution="""
        answer = 3.0 - 1.0  # softmax([3, 1])[0] = sigmoid(2)
    """,
    mistakes={
        "first_logit": (3.0, "sigmoid(3) would be softmax([3, 0]); here the second logit is "
                        "1, so subtract it."),
        "reversed": (-2.0, "sigmoid(-2) is the probability of the second class."),
        "sum": (4.0, "The argument is the difference of the logits, not their sum."),
    },
)

q3 = Question(
    "How many logits does a binary classifier need?",
    task=(
        'What is the smallest number of logits a binary classifier needs?'
    ),
    reference=1,
    hints=["With two logits, what happens if you add the same number to both?"],
    solution="""
        answer = 1  # only z1 - z2 matters; a single logit with a sigmoid says it all
    """,
    mistakes={
        "two": (2, "Two logits work, but one of them is redundant: adding the same constant "
                "to both changes nothing, only z1 - z2 matters. One logit and a sigmoid "
                "suffice."),
    },
)
