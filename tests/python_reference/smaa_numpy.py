"""SMAA-2 on numpy's model, the reference ArchDecide's benchmark runs beside its own: one
stakeholder's fixed cells, weights Dirichlet(1) (uniform on the simplex), vectorised.
Reads {"scores": [[driver][option]], "samples": n, "runs": r, "seed": s} on stdin; prints
{"median_ms": …, "win": [per option]} (the time is the sampling and ranking only)."""
import json
import sys
import time

import numpy as np


def smaa(rng, scores, samples):
    """Rank acceptabilities, options × ranks, of `scores` (drivers × options)."""
    drivers, options = scores.shape
    weights = rng.dirichlet(np.ones(drivers), size=samples)  # samples × drivers
    totals = weights @ scores  # samples × options
    order = np.argsort(-totals, axis=1, kind="stable")  # best first
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(options)[None, :].repeat(samples, axis=0), axis=1)
    counts = np.zeros((options, options))
    for rank in range(options):
        counts[:, rank] = (ranks == rank).sum(axis=0)
    return counts / samples


if __name__ == "__main__":
    task = json.load(sys.stdin)
    scores = np.array(task["scores"], dtype=float)
    times = []
    for run in range(task["runs"]):
        rng = np.random.default_rng(task["seed"] + run)
        start = time.perf_counter()
        acceptability = smaa(rng, scores, task["samples"])
        times.append((time.perf_counter() - start) * 1000.0)
    times.sort()
    print(json.dumps({"median_ms": times[len(times) // 2], "win": acceptability[:, 0].tolist()}))
