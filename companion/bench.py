"""Speed of the companion's softmax and log_softmax, as ratios.

Run ``python -m companion.bench`` (or ``make bench``). For each shape and
dtype it prints the median time of ``companion.softmax`` and
``companion.log_softmax`` along the last dim, divided by the median time of a
plain NumPy max-subtract version and of torch's. A ratio of 1.5 means 1.5
times as slow. Times depend on the machine; the ratios are what to compare.
"""

import statistics
import time

import numpy as np

import companion

SHAPES = [(100_000, 10), (1_000, 10_000)]
DTYPES = [np.float64, np.float32]
REPEATS = 7


def numpy_softmax(x):
    """The textbook stable softmax: subtract the max, exponentiate, normalise."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def numpy_log_softmax(x):
    """The textbook log-softmax: (x - max) - log(sum(exp(x - max)))."""
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def median_seconds(function, argument):
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    import torch

    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"median of {REPEATS} runs, last dim, torch on 1 thread; ratio = companion / other")
    print(f"{'shape':>14} {'dtype':>8} {'function':>12} {'companion':>10} "
          f"{'/ numpy':>8} {'/ torch':>8}")
    for shape in SHAPES:
        for dtype in DTYPES:
            x = (rng.standard_normal(shape) * 10).astype(dtype)
            t = torch.from_numpy(x)
            cases = [("softmax", companion.softmax, numpy_softmax, torch.softmax),
                     ("log_softmax", companion.log_softmax, numpy_log_softmax, torch.log_softmax)]
            for name, ours, plain, theirs in cases:
                mine = median_seconds(lambda a, f=ours: f(a, dim=-1), x)
                base = median_seconds(plain, x)
                reference = median_seconds(lambda a, f=theirs: f(a, dim=-1), t)
                print(f"{shape!s:>14} {np.dtype(dtype).name:>8} {name:>12} "
                      f"{mine * 1e3:>8.1f}ms {mine / base:>8.2f} {mine / reference:>8.2f}")


if __name__ == "__main__":
    main()
