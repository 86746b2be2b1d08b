"""Fits the polynomials of SMAA-2's own ln, exp and sin/cos (src-tauri/core/src/analysis/smaa.rs)
and prints them as Rust f32 constants: least squares on Chebyshev nodes of each reduced range,
against the Taylor series summed in long double. Fewer terms than the Taylor series for the
same accuracy; the Rust test `the_samplers_elementary_functions_are_accurate` checks the
result against libm.

Run: target/python-reference/bin/python tests/python_reference/series_fit.py"""

import math

import numpy as np

L = np.longdouble


def taylor(terms):
    def value(x):
        out = np.zeros_like(x)
        for c in reversed(terms):
            out = out * x + c
        return out

    return value


def fit(name, reference, lo, hi, degree):
    nodes = (lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (np.arange(4000) + 0.5) / 4000)
    series = np.polynomial.chebyshev.Chebyshev.fit(nodes, reference(nodes.astype(L)).astype(np.float64), degree)
    coefficients = series.convert(kind=np.polynomial.Polynomial, domain=[lo, hi], window=[lo, hi]).coef
    xs = np.linspace(lo, hi, 400001)
    p = np.zeros_like(xs)
    for c in reversed(coefficients.astype(np.float32)):
        p = p * xs + np.float64(c)
    exact = reference(xs.astype(L))
    error = float(np.max(np.abs((p.astype(L) - exact) / exact)))
    print(f"/// {name}: degree {degree} on [{lo:.6}, {hi:.6}], relative error {error:.1e}.")
    print(f"const {name}: [f32; {degree + 1}] = [{', '.join(str(np.float32(c)) for c in coefficients)}];")


def factorial(n):
    return L(math.factorial(n))


s = (math.sqrt(2) - 1) / (math.sqrt(2) + 1)  # ln's reduced argument: |s| ≤ this
fit("LN_SERIES", taylor([L(1) / (2 * k + 1) for k in range(40)]), 0.0, s * s, 2)
half_ln2 = math.log(2) / 2
fit("EXP_SERIES", taylor([1 / factorial(k) for k in range(40)]), -half_ln2, half_ln2, 5)
quarter = (math.pi / 4) ** 2
fit("SIN_SERIES", taylor([(-1) ** k / factorial(2 * k + 1) for k in range(25)]), 0.0, quarter, 3)
fit("COS_SERIES", taylor([(-1) ** k / factorial(2 * k) for k in range(25)]), 0.0, quarter, 3)
