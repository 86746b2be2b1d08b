"""Compares ArchDecide's AHP and weighted sum with Python reference packages.

AHPy (AHP weights and consistency ratio, Saaty's random index) and pymcdm (the weighted sum
model, WSM) compute the same quantities from the same judgements and scores. The sessions are
written as ArchDecide session files, imported with `archdecide import` into a throw-away data
folder and analysed with `archdecide analyze --json`, so the whole app path is compared.

Speed: the Python timings are printed here; ArchDecide's are printed by
`cargo bench -p archdecide --bench figures` (the CLI's start-up would swamp a microsecond
measurement).

Run with tests/python_reference/run.sh.
"""

import json
import math
import random
import subprocess
import sys
import tempfile
import timeit
import uuid
from pathlib import Path

import ahpy
import numpy as np
from pymcdm.methods import WSM

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/debug/archdecide"
NOW = "2026-11-25T10:00:00Z"


def saaty(x):
    """The nearest value on Saaty's scale (1..9 or its reciprocal)."""
    if x >= 1:
        return float(min(9, max(1, round(x))))
    return 1.0 / min(9, max(1, round(1 / x)))


def session_file(drivers, options, people, comparisons, scores, weighting):
    sid = str(uuid.uuid4())
    ids = {name: str(uuid.uuid4()) for name in drivers + options + people}
    session = {
        "id": sid, "title": f"Reference {sid[:8]}", "context": "", "facilitator": "", "held_on": None,
        "tags": [], "status": "scoring", "created_at": NOW, "updated_at": NOW, "review_by": None,
        "revisit_of": None, "weighting": weighting,
    }
    stakeholders = [{"id": ids[p], "session_id": sid, "name": p, "role": "", "raci": "consulted",
                     "influence": 1.0, "position": i} for i, p in enumerate(people)]
    driver_rows = [{"id": ids[d], "session_id": sid, "template_key": None, "title": d, "description": "",
                    "category": "custom", "must_have": False, "position": i} for i, d in enumerate(drivers)]
    option_rows = [{"id": ids[o], "session_id": sid, "catalog_key": None, "name": o, "definition": "",
                    "pros": [], "cons": [], "use_cases": [], "position": i} for i, o in enumerate(options)]
    comparison_rows = []
    for (person, a, b), value in comparisons.items():
        ia, ib = ids[a], ids[b]
        if ia > ib:
            ia, ib, value = ib, ia, 1.0 / value
        comparison_rows.append({"stakeholder_id": ids[person], "driver_a": ia, "driver_b": ib, "value": value})
    score_rows = [{"stakeholder_id": ids[p], "driver_id": ids[d], "option_id": ids[o], "value": v,
                   "rationale": "", "suggested": False} for (p, d, o), v in scores.items()]
    return sid, ids, {
        "format": "archdecide-session", "version": 1, "session": session, "stakeholders": stakeholders,
        "drivers": driver_rows, "options": option_rows, "importances": [], "scores": score_rows,
        "comparisons": comparison_rows, "decision": None,
    }


def archdecide(data_dir, *args):
    out = subprocess.run([BINARY, "--data-dir", data_dir, *args], check=True, capture_output=True, text=True)
    return out.stdout


def analyse(data_dir, document):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(document, f)
    archdecide(data_dir, "import", f.name)
    return json.loads(archdecide(data_dir, "analyze", document["session"]["id"], "--json", "--samples", "100"))


def compare_ahp(data_dir, n, rng):
    drivers = [f"D{i}" for i in range(n)]
    hidden = [rng.uniform(1, 9) for _ in drivers]
    judgements = {}
    for i in range(n):
        for j in range(i + 1, n):
            judgements[(drivers[i], drivers[j])] = saaty(hidden[i] / hidden[j] * rng.uniform(0.7, 1.4))
    # ArchDecide: one stakeholder's comparisons; options and one score so there is a result.
    _, ids, document = session_file(drivers, ["A", "B"], ["Ana"],
                                    {("Ana", a, b): v for (a, b), v in judgements.items()},
                                    {("Ana", drivers[0], "A"): 3, ("Ana", drivers[0], "B"): 4}, "ahp")
    ours = analyse(data_dir, document)
    our_weights = {d: w["weight"] for d, w in zip(drivers, ours["weights"])}
    our_cr = ours["ahp"]["group"]["consistency_ratio"]
    reference = ahpy.Compare("reference", judgements, precision=10, random_index="saaty", iterations=1000, tolerance=1e-12)
    worst = max(abs(our_weights[d] - reference.target_weights[d]) for d in drivers)
    print(f"AHP, {n} drivers: largest weight difference {worst:.2e}; CR ours {our_cr:.4f}, AHPy {reference.consistency_ratio:.4f}"
          f" (ours uses Saaty 1980 up to 10 drivers, Saaty 2005 beyond; AHPy 'saaty' table)")
    assert worst < 1e-6, "AHP weights differ"
    seconds = min(timeit.repeat(lambda: ahpy.Compare("t", judgements, precision=10, random_index="saaty"), number=20, repeat=5)) / 20
    return seconds


def compare_weighted_sum(data_dir, rng, n_drivers=30, n_options=8, n_people=15):
    drivers = [f"D{i}" for i in range(n_drivers)]
    options = [f"O{i}" for i in range(n_options)]
    people = [f"P{i}" for i in range(n_people)]
    scores = {(p, d, o): rng.randint(0, 5) for p in people for d in drivers for o in options}
    _, ids, document = session_file(drivers, options, people, {}, scores, "direct")
    ours = analyse(data_dir, document)
    # Cell means (equal influence), equal weights (nobody rated importance): the WSM decision
    # matrix is options × drivers, normalised to the 0–1 range as ArchDecide does (÷ 5).
    matrix = np.array([[np.mean([scores[(p, d, o)] for p in people]) for d in drivers] for o in options])
    weights = np.full(n_drivers, 1.0 / n_drivers)
    wsm = WSM(normalization_function=lambda x, cost: x / 5.0)
    reference = wsm(matrix, weights, np.ones(n_drivers)) * 100
    our_totals = [o["total"] for o in ours["options"]]
    worst = max(abs(a - b) for a, b in zip(our_totals, reference))
    print(f"Weighted sum, {n_drivers} drivers × {n_options} options × {n_people} stakeholders: largest total difference {worst:.2e}")
    assert worst < 1e-9, "weighted totals differ"
    seconds = min(timeit.repeat(lambda: wsm(matrix, weights, np.ones(n_drivers)), number=200, repeat=5)) / 200
    return seconds


def main():
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as data_dir:
        for n in (3, 5, 10, 15):
            ahp_seconds = compare_ahp(data_dir, n, rng)
        wsm_seconds = compare_weighted_sum(data_dir, rng)
    print(f"AHPy, 15 drivers: {ahp_seconds * 1000:.3f} ms per matrix")
    print(f"pymcdm WSM, 30 drivers × 8 options (means precomputed): {wsm_seconds * 1000:.4f} ms")
    print("ArchDecide's figures: cargo bench -p archdecide --bench figures (AHP 15 drivers; the full analysis of 30 × 8 × 15)")


if __name__ == "__main__":
    main()
