"""Writes tests/fixtures/smaa/numpy_reference.json: numpy's SMAA-2 rank acceptabilities for
one stakeholder's 30 × 8 matrix under Dirichlet(1) weights, at 1,000,000 samples, which
ArchDecide's SMAA-2 must match within sampling error (core test
`matches_numpy_on_numpys_model`). The matrix is drawn once from a fixed seed and written out
with the answer, so the test needs neither numpy nor this script.
Run: target/python-reference/bin/python tests/python_reference/smaa_fixture.py"""
import json
import pathlib

import numpy as np

from smaa_numpy import smaa

SAMPLES = 1_000_000
rng = np.random.default_rng(20261204)
# Each option strong on its own third of the drivers, so several options can win.
drivers, options = 30, 8
scores = rng.integers(1, 5, size=(drivers, options))
for option in range(options):
    strong = rng.choice(drivers, size=drivers // 3, replace=False)
    scores[strong, option] = np.minimum(5, scores[strong, option] + 2)
acceptability = smaa(np.random.default_rng(1), scores.astype(float), SAMPLES)
out = pathlib.Path(__file__).parent.parent / "fixtures/smaa/numpy_reference.json"
out.parent.mkdir(exist_ok=True)
out.write_text(
    json.dumps(
        {
            "about": "numpy's SMAA-2 (tests/python_reference/smaa_fixture.py): Dirichlet(1) weights, "
            "one stakeholder's scores, rank acceptabilities per option",
            "numpy": np.__version__,
            "samples": SAMPLES,
            "scores": scores.tolist(),
            "ranks": acceptability.tolist(),
        },
        indent=1,
    )
    + "\n"
)
print([round(p, 4) for p in acceptability[:, 0]])
