"""Write the generated cells of every notebook in book/ from their single sources.

Two kinds of cells are generated, so that nothing is written twice:

* the install cell, first in every notebook, from the repository address in
  _config.yml. A notebook opened on Colab arrives alone; this cell installs
  the companion package when it is missing and does nothing elsewhere. It is
  tagged ``remove-cell``, so the HTML book does not show it;
* the "Exercises" section, last in every chapter, from the chapter's module
  in companion.exercises: the task, a cell to answer in, the hints and the
  solution come from the Question objects that also check the answers.

    python tools/sync_notebooks.py          # rewrite the cells (outputs are kept)
    python tools/sync_notebooks.py --check  # exit 1 if any notebook is out of date
    python tools/sync_notebooks.py book/02_binary.ipynb  # only the notebooks named

``make notebooks`` runs it before executing the notebooks.
"""

import importlib
import re
import sys
import textwrap
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
INSTALL_MARKER = "# Colab: install the companion package"
INSTALL_TEMPLATE = f"""{INSTALL_MARKER} when it is missing (does nothing elsewhere).
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("companion") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "git+{{url}}"], check=True)"""
EXERCISES_HEADING = "## Exercises"
EXERCISES_INTRO = """## Exercises

Each exercise has a cell for your answer: replace the `...` with it and run the
cell. The check prints whether the answer is right or, if not, what went wrong,
and returns `True` or `False` (shown under it). `ex.q1.hint()` prints a hint
(`ex.q1.hint(2)` the next one) and `ex.q1.solution()` the solution, which is
also folded under each exercise. {doc}`self_study` explains how to work
through the book."""

# Notebook -> its module in companion.exercises.
EXERCISE_MODULES = {
    "01_sigmoid": "ch01_sigmoid",
    "02_binary": "ch02_binary",
    "03_multiclass": "ch03_multiclass",
    "04_softmax": "ch04_softmax",
    "05_convergence": "ch05_convergence",
    "06_multilabel": "ch06_multilabel",
    "07_pytorch": "ch07_pytorch",
    "appendix_stability": "app_stability",
    "appendix_calibration": "app_calibration",
}


def install_cell():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    cell = nbformat.v4.new_code_cell(INSTALL_TEMPLATE.format(url=config["repository"]["url"]))
    cell.id = "install-companion"
    cell.metadata = {"tags": ["remove-cell"]}
    return cell


def answer_template(solution):
    """The reader's starting point: the solution's ``def`` line with body ``...``,
    or ``answer = ...``; and the name to pass to ``check``."""
    lines = textwrap.dedent(solution).strip().splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"def (\w+)\(", line)
        if match:
            return "\n".join([*lines[:i + 1], "    ...  # your code here"]), match.group(1)
    return "answer = ...  # your answer here", "answer"


def exercise_cells(module_name):
    """The Exercises section of a chapter, generated from its questions."""
    module = importlib.import_module(f"companion.exercises.{module_name}")
    new_md, new_code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    own = f"from companion.exercises import {module_name} as ex"
    # isort's groups: a blank line unless SETUP ends with companion imports too
    gap = "\n" if "from companion" in module.SETUP else "\n\n"
    imports = f"{module.SETUP}{gap}{own}" if module.SETUP else own
    cells = [new_md(EXERCISES_INTRO), new_code(imports)]
    questions = [(name, q) for name, q in vars(module).items() if name[0] == "q" and
                 hasattr(q, "check")]
    for name, question in questions:
        label = f"ex-{module_name.split('_', 1)[1]}-{name}"  # ch01_sigmoid.q1 -> ex-sigmoid-q1
        template, answer = answer_template(question.solution_text)
        check = f"ex.{name}.check({answer})"
        hints = "\n".join(f"{k}. {hint}" for k, hint in enumerate(question.hints, 1))
        solution = textwrap.dedent(question.solution_text).strip()
        cells += [
            new_md(f"```{{exercise}} {question.title}\n:label: {label}\n\n{question.task}\n```"),
            new_code(f"{template}\n\n{check}"),
            new_md(f"```{{admonition}} Hints\n:class: dropdown\n\n{hints}\n```"),
            new_md(f"```{{solution-start}} {label}\n:class: dropdown\n```"),
            new_code(f"{solution}\n\n{check}"),
            new_md("```{solution-end}\n```"),
        ]
    for k, cell in enumerate(cells):
        cell.id = f"{module_name.replace('_', '-')}-ex-{k:02d}"
    return cells


def synced(notebook, stem):
    """A copy of ``notebook`` with its generated cells rewritten (outputs of
    unchanged cells kept, so that only real changes need re-execution)."""
    notebook = nbformat.from_dict(notebook)
    cells = [c for c in notebook.cells if not c.source.startswith(INSTALL_MARKER)]
    wanted = [install_cell()]
    if stem in EXERCISE_MODULES:
        start = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                      and c.source.startswith(EXERCISES_HEADING)), len(cells))
        old = {c.id: c for c in cells[start:]}
        generated = exercise_cells(EXERCISE_MODULES[stem])
        for cell in generated:
            previous = old.get(cell.id)
            if previous is not None and previous.source == cell.source and "outputs" in cell:
                cell.outputs, cell.execution_count = previous.outputs, previous.execution_count
        cells = cells[:start] + generated
    notebook.cells = wanted + cells
    return notebook


def main(check=False, paths=()):
    stale = []
    for path in [Path(p) for p in paths] or sorted(BOOK.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        updated = synced(notebook, path.stem)
        if _sources(updated) != _sources(notebook):
            stale.append(path.name)
            if not check:
                nbformat.write(updated, path)
    if check and stale:
        print("generated cells out of date in: " + ", ".join(stale)
              + "\nrun `make notebooks` (or `python tools/sync_notebooks.py`, then execute)")
        return 1
    return 0


def _sources(notebook):
    return [(c.cell_type, c.source, c.get("metadata", {}).get("tags")) for c in notebook.cells]


if __name__ == "__main__":
    arguments = sys.argv[1:]
    sys.exit(main(check="--check" in arguments,
                  paths=[a for a in arguments if a != "--check"]))
