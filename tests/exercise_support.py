"""What the per-chapter exercise tests share (test_exercises.py checks every
question's reference and catalogued mistakes; the chapter files add learner-style
answers)."""


def verdict(capsys, question, answer):
    """Whether ``question`` accepts ``answer``, and what its check printed."""
    passed = question.check(answer)
    return passed, capsys.readouterr().out
