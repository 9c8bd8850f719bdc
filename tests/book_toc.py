"""The book's pages in table-of-contents order, as the tests see them."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_files():
    """Every page of _toc.yml, root first, as paths without suffix (``book/01_sigmoid``)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
