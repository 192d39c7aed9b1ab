#!/usr/bin/env python3
"""Check the derivative formulas Grad shows against SymPy.

For every row of Tests/GradLangTests/Fixtures/ad_cases.tsv whose function is one expression
of numbers, `(x, y) -> ...`, this asks Grad for `str(grad(f))`, reads the formula it shows
into SymPy, and checks it is the derivative SymPy takes of the same function: exactly where
expanding the difference gives 0, else at three points near the table's (evaluated to 40
digits), to 1e-13 of the size (the formula's numbers are doubles Grad folded).

    python3 scripts/check_formulas.py [GRAD_BINARY]     default .build/debug/grad

Needs SymPy. Exits 1 if a formula disagrees. (FormulaTests holds the same formulas to
automatic differentiation in every `swift test`; this is the independent, symbolic check.)
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import sympy

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "Tests/GradLangTests/Fixtures/ad_cases.tsv"

# Grad's names for the functions SymPy spells otherwise.
FUNCTIONS = {
    "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)),
    "log2": lambda u: sympy.log(u, 2),
    "log10": lambda u: sympy.log(u, 10),
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt,
    "pi": sympy.pi, "e": sympy.E,
}


def to_sympy(grad_source: str, names: list[str]):
    """A Grad expression as SymPy: `^` is `**`; numbers are read exactly as written."""
    local = dict(FUNCTIONS)
    local.update({n: sympy.Symbol(n, real=True) for n in names})
    return sympy.parse_expr(grad_source.replace("^", "**"), local_dict=local, evaluate=True)


def expression_rows():
    for line in TABLE.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, function, point = line.split("\t")[:3]
        if function.startswith("(") and "{" not in function:
            yield name, function, [float(x) for x in point.strip("[]").split(",")]


def shown_formulas(grad: str, functions: list[str]) -> list[str]:
    program = "\n".join(f"print(str(grad({f})))" for f in functions)
    out = subprocess.run([grad, "-"], input=program, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def agree(a, b, symbols, point) -> bool:
    difference = a - b
    # Cheap exact cases first; simplify on the table's larger products takes minutes.
    if sympy.expand(difference) == 0:
        return True
    rng = random.Random(20261203)
    for trial in range(3):
        shift = 0 if trial == 0 else 1
        values = {s: sympy.Rational(v) + shift * sympy.Rational(rng.randint(-100, 100), 10**4)
                  for s, v in zip(symbols, point)}
        exact_b = b.subs(values).evalf(40)
        # The formula's numbers are doubles Grad folded (3 * 0.1 is 0.30000000000000004):
        # equal to SymPy's to about 1e-16 of the size, not to 40 digits.
        if abs((difference.subs(values)).evalf(40)) > 1e-13 * max(1, abs(exact_b)):
            return False
    return True


def main() -> int:
    grad = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/debug/grad")
    rows = list(expression_rows())
    shown = shown_formulas(grad, [f for _, f, _ in rows])
    checked = failed = 0
    for (name, function, point), formula in zip(rows, shown):
        if formula.startswith("<"):
            continue  # no formula for this one: nothing to check
        head, body = function.split("->", 1)
        names = [n.strip() for n in head.strip().strip("()").split(",")]
        symbols = [sympy.Symbol(n, real=True) for n in names]
        f = to_sympy(body, names)
        shown_body = formula.split("->", 1)[1].strip()
        parts = shown_body[1:-1] if shown_body.startswith("[") else shown_body
        shown_parts = [to_sympy(p, names) for p in split_top_level(parts)] if len(names) > 1 else [to_sympy(parts, names)]
        checked += 1
        for s, d in zip(symbols, shown_parts):
            if not agree(d, sympy.diff(f, s), symbols, point):
                failed += 1
                print(f"DIFFERS {name}: d/d{s} of {function}\n  Grad shows {d}\n  SymPy says {sympy.diff(f, s)}")
    print(f"{checked} formulas checked against SymPy, {failed} differ", file=sys.stderr)
    return 1 if failed or checked == 0 else 0


def split_top_level(text: str) -> list[str]:
    """`a, b(c, d), e` at the outermost level."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


if __name__ == "__main__":
    sys.exit(main())
