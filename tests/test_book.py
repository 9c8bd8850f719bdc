"""The book's notebooks as files: the table of contents, generated cells,
exercises, figures and stored outputs. (nbval re-executes them; this checks
what nbval does not.)"""

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import sync_notebooks  # noqa: E402
from book_toc import toc_files  # noqa: E402

from companion.exercises import NOT_ATTEMPTED  # noqa: E402

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
CHAPTERS = [p for p in NOTEBOOKS if p.stem in sync_notebooks.EXERCISE_MODULES]


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_page_is_in_the_toc_and_every_toc_entry_exists():
    pages = {f"book/{p.stem}" for p in (ROOT / "book").glob("*") if p.suffix in (".ipynb", ".md")}
    assert set(toc_files()) == pages


def test_the_pytorch_chapter_ends_the_numbered_sequence():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    numbered = [part for part in toc["parts"] if part.get("numbered")]
    assert len(numbered) == 1
    assert numbered[0]["chapters"][-1]["file"] == "book/07_pytorch"


def test_generated_cells_are_in_sync():
    assert sync_notebooks.main(check=True) == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_outputs_are_complete_and_clean(path):
    code = [c for c in read(path).cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "re-run from a fresh kernel: make notebooks"
    for cell in code:
        for output in cell.outputs:
            assert output.output_type != "error", cell.id
            assert output.get("name") != "stderr", cell.id
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"at 0x[0-9a-f]{6,}", text), f"memory address in {cell.id}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_figures_have_caption_label_and_alt_text(path):
    for cell in read(path).cells:
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if not images:
            continue
        assert len(images) == 1, f"{cell.id} shows its figure more than once"
        meta = cell.metadata.get("mystnb", {})
        assert meta.get("figure", {}).get("caption"), cell.id
        assert meta.get("figure", {}).get("name"), cell.id
        assert meta.get("image", {}).get("alt"), cell.id


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_has_three_exercises_not_attempted_then_solved(path):
    cells = read(path).cells
    exercises = [c for c in cells if c.cell_type == "markdown" and "{exercise}" in c.source]
    assert len(exercises) >= 3
    code = [c for c in cells if c.cell_type == "code"]
    outputs = ["".join(o.get("text", "") for o in c.outputs) for c in code]
    assert sum(NOT_ATTEMPTED in text for text in outputs) == len(exercises)
    assert sum(text.startswith("Correct!") for text in outputs) == len(exercises)


def test_solutions_are_collapsed():
    for path in CHAPTERS:
        for cell in read(path).cells:
            if "{solution-start}" in cell.source or "{admonition} Hints" in cell.source:
                assert ":class: dropdown" in cell.source


def test_the_landing_page_cites_the_article():
    text = "".join(c.source for c in read(ROOT / "book" / "index.ipynb").cells)
    assert "nanbhas2020sigmoidsoftmax" in text
    assert "@article" in text


def test_every_bibliography_entry_is_cited():
    keys = re.findall(r"^@\w+\{\s*([\w-]+),", (ROOT / "book" / "references.bib").read_text(), re.M)
    pages = "".join(c.source for p in NOTEBOOKS for c in read(p).cells)
    pages += "".join(p.read_text() for p in (ROOT / "book").glob("*.md"))
    assert keys
    for key in keys:
        assert f"`{key}`" in pages, f"{key} is never cited, so the references page omits it"


# The terms the chapters link with {term}`...`, spelled as the glossary defines them.
GLOSSARY_TERMS = [
    "logit", "odds", "log-odds", "probability", "sigmoid", "softmax", "log-softmax",
    "logsumexp", "likelihood", "negative log-likelihood", "cross-entropy",
    "binary cross-entropy", "one-hot", "simplex", "decision threshold", "precision", "recall",
    "multi-class", "multi-label", "calibration", "temperature", "ULP", "overflow", "underflow",
    "saturation",
]


def glossary_entries():
    """{term: definition} from the glossary directive of book/glossary.md."""
    block = (ROOT / "book" / "glossary.md").read_text().split("```{glossary}")[1].split("\n```")[0]
    entries, term = {}, None
    for line in block.splitlines():
        if line.strip() and not line.startswith((" ", ":")):
            term = line.strip()
            entries[term] = ""
        elif term:
            entries[term] += line.strip() + " "
    return entries


def test_the_glossary_defines_every_term_and_links_the_chapter_that_teaches_it():
    entries = glossary_entries()
    assert set(GLOSSARY_TERMS) <= set(entries)
    for term, definition in entries.items():
        assert re.search(r"\{doc\}`(0\d_\w+|appendix_\w+)`", definition), term


def test_the_reference_page_documents_every_public_module():
    """book/api.md names each module with a directive, or documents its package's submodules.

    Left out on purpose: the benchmark script (python -m companion.bench) and the
    exercises of each chapter (the chapters show them)."""
    import pkgutil

    import companion

    text = (ROOT / "book" / "api.md").read_text()
    named = set(re.findall(r"^\.\. (?:companion-api|automodule):: ([\w.]+)", text, re.M))
    packages = set(re.findall(r"^\.\. companion-api:: ([\w.]+)\n\s+:submodules:", text, re.M))
    for info in pkgutil.walk_packages(companion.__path__, "companion."):
        name = info.name
        if "._" in name or name == "companion.bench" or name.startswith("companion.exercises."):
            continue
        assert name in named or name.rsplit(".", 1)[0] in packages, f"{name} is not in book/api.md"
