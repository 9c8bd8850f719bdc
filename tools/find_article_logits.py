"""Search for float32 logits that reproduce the article's PyTorch output exactly.

The article "Interpreting logits: Sigmoid vs Softmax" drew its logits with
``torch.randn(2, 3)*10 - 5`` and no seed, and printed them with 4 decimals.
Each true logit therefore lies within +-5e-05 of its printed value: a box of
six intervals, each holding a few dozen to a few hundred float32 numbers.

The search, with a fixed seed so that every run finds the same logits:

1. for each logit, keep the float32 values in its interval that print as the
   article's logit and whose torch sigmoid prints as the article's (each
   printed entry depends on its own logit only);
2. for each row, keep the combinations of those values whose row-wise torch
   softmax (``dim=1``, which sees one row at a time) prints as the article's row;
3. draw random pairs of surviving rows and keep those for which torch float32
   prints all eight of the article's tensors character for character, with
   the article's own code (``torch.nn.Softmax(dim)`` and ``torch.sum``).

    python tools/find_article_logits.py          # 2,000 random pairs (10 to 30 s)
    python tools/find_article_logits.py 20000    # more

It prints how many pairs reproduce every print and the first few, as float32
hex (exact) and as 9-significant-digit decimals (which round back to the same
float32 values). Chapter 7 uses the first one.
"""

import sys

import numpy as np
import torch

from companion.exercises.ch07_pytorch import ARTICLE_PRINTS as ARTICLE
from companion.exercises.ch07_pytorch import PRINTED_LOGITS as PRINTED
from companion.exercises.ch07_pytorch import article_prints as prints

HALF = 5e-5  # each printed logit stands for an interval of this half-width


def _tokens(name):
    """The printed numbers of one of the article's tensors, as strings."""
    text = ARTICLE[name].replace("tensor", " ")
    for ch in "()[],":
        text = text.replace(ch, " ")
    return text.split()


def _float32_in_box(i, j):
    """Every float32 value within HALF of printed logit (i, j), in increasing order."""
    ends = np.array([PRINTED[i, j] - HALF, PRINTED[i, j] + HALF], dtype=np.float32)
    bits = np.sort(ends.view(np.int32))
    values = np.arange(bits[0] - 2, bits[1] + 3, dtype=np.int32).view(np.float32)
    inside = np.abs(values.astype(np.float64) - PRINTED[i, j]) <= HALF
    return values[inside]


def _rows():
    """Step 1 and 2: for each row, the (k, 3) float32 combinations that survive."""
    logit_tokens = np.array(_tokens("logits")).reshape(2, 3)
    sigmoid_tokens = np.array(_tokens("sigmoid")).reshape(2, 3)
    softmax_tokens = np.array(_tokens("softmax(dim=1)")).reshape(2, 3)
    rows = []
    for i in range(2):
        columns = []
        for j in range(3):
            values = _float32_in_box(i, j)
            sig = torch.sigmoid(torch.from_numpy(values)).tolist()
            keep = [f"{float(v):.4f}" == logit_tokens[i, j] and f"{s:.4e}" == sigmoid_tokens[i, j]
                    for v, s in zip(values, sig, strict=True)]
            columns.append(values[keep])
        grid = np.stack(np.meshgrid(*columns, indexing="ij"), axis=-1).reshape(-1, 3)
        scores = torch.softmax(torch.from_numpy(grid), dim=1).tolist()
        keep = [all(f"{s:.4e}" == softmax_tokens[i, j] for j, s in enumerate(row))
                for row in scores]
        rows.append(grid[keep])
    return rows


def search(pairs=2000, seed=0):
    """Step 3: every random pair of rows (in draw order) that prints all eight tensors."""
    rows = _rows()
    rng = np.random.default_rng(seed)
    first = rng.integers(len(rows[0]), size=pairs)
    second = rng.integers(len(rows[1]), size=pairs)
    found = []
    for a, b in zip(first, second, strict=True):
        logits = torch.from_numpy(np.stack([rows[0][a], rows[1][b]]))
        if prints(logits) == ARTICLE:
            found.append(logits)
    return rows, found


def main(argv):
    pairs = int(argv[1]) if len(argv) > 1 else 2000
    rows, found = search(pairs)
    print(f"surviving rows: {len(rows[0])} for row 0, {len(rows[1])} for row 1")
    print(f"{len(found)} of {pairs:,} random pairs print all eight tensors as the article did")
    for logits in found[:5]:
        values = logits.flatten().tolist()
        print("hex:    ", [v.hex() for v in values])
        print("decimal:", [f"{v:.9g}" for v in values])


if __name__ == "__main__":
    main(sys.argv)
