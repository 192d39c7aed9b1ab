#!/usr/bin/env python3
"""Generate exact gradient/Hessian/Jacobian reference cases for Grad's automatic differentiation.

Regenerate the fixtures (the output is deterministic: fixed seed, no timestamps):

    python3 scripts/gen_ad_cases.py --out Tests/GradLangTests/Fixtures/ad_cases.tsv \
        --matrices Tests/GradLangTests/Fixtures/ad_matrices.tsv

(without --out the first table goes to stdout; without --matrices the second is not made).
A per-category summary and the built-ins' coverage go to stderr. Needs SymPy (written
against 1.14) and mpmath. It takes some minutes, most of them in the large matrices.

Output (ad_cases.tsv): one case per line, tab separated, first line the header
    # name<TAB>function<TAB>point<TAB>gradient<TAB>hessian
and further lines starting with '#' are comments. `function` is a one-line Grad lambda,
`point` a Grad vector literal of exactly representable decimals, `gradient` a vector and
`hessian` a matrix `[[..], [..]]` (or `-` when omitted) of Python `repr(float(v))` where v
is the exact SymPy derivative evaluated to 40 digits.

Output (ad_matrices.tsv, --matrices): gradients and Hessians of 50 to 500 coordinates and
Jacobians, one case per line:
    # name<TAB>derivative<TAB>function<TAB>point<TAB>shape<TAB>nonzeros
where `derivative` is the built-in (grad, hessian, jacobian), `shape` `[n]` or `[rows, n]`
and `nonzeros` the entries that are not 0, `[[row, column, value], ...]` (grad: `[[i, value],
...]`). The functions are sums of terms (Jacobians: lists of outputs) that each involve few
coordinates, so the derivatives are taken term by term (see `sparse_derivative`) and
evaluated by mpmath at HIGH_PRECISION digits.

How a case stays honest:
  * Random cases are built from one expression-tree type (`Expr` below) that both prints
    Grad source (`src`) and converts to SymPy (`sym`), so the two cannot disagree.
  * Hand-written cases (classic test functions, loops, branches, recursion, programs, the
    built-in templates) write the Grad source and the SymPy form side by side; loops and
    recursion are mirrored by Python loops and recursion over SymPy expressions, and
    `descend` by a Python loop of SymPy gradient steps (`descend_sym`).
  * Every differentiable built-in has templates of its own (the "builtin" category), and
    the run fails unless each is called in at least MIN_COVERAGE cases.
  * Literals in functions are dyadic (or, for classic constants such as 0.26 and descend's
    default lr 0.1, SymPy gets the exact value of the double the interpreter parses); points
    are multiples of 1/8 or 1/16.
  * Non-smooth operations (abs, relu, min, max, the norms' absolute values, floor, ceil,
    round, if, while conditions) are resolved at the point, which must lie at least MARGIN
    away from the kink, jump or branch boundary; the reference is the derivative of the
    branch taken. The count of `range(a, b, step)` is resolved the same way.
  * A case is redrawn if its value or any derivative is not real and finite, if |value| or
    any |derivative| exceeds 1e12, if a derivative is nonzero but below 1e-9 (a saturated
    tanh/exp tests nothing), or if evaluating the derivatives in plain double precision
    (SymPy lambdify) already misses the exact values by more than COND_TOL of the test's
    1e-12 budget -- such cases measure floating-point conditioning, not AD. (A matrix case
    gets a new point instead; its entries below 1 are held to COND_TOL absolutely, as the
    Swift test compares them.)

Conventions the cases rely on (and so test):
  * A one-parameter lambda `w -> ...` is a vector function and its point has at least two
    coordinates, except in `descend` cases written `x -> ...` at a point of one coordinate,
    where x is the number; scalar functions have two or three parameters `(x, y[, z])`.
  * A number is also a vector of one element when read (`x[0]`, `len(x)`, `sum(x)`,
    `dot(x, y)`, `norm(x)` in the "numbervector" programs).
  * `-x^2` means -(x^2) (the printer relies on `^` binding tighter than unary minus).
  * In the random and older hand-written categories, local functions `p(n, t) = ...` get
    everything they use as parameters; the programs and the matrix cases use closures
    that capture parameters and locals on purpose. Lambdas passed to `grad` may capture
    the enclosing function's parameters.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import re
import sys
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

SEED = 20240229
MARGIN = Fraction(1, 20)    # minimum distance from a kink / branch boundary at the point
DOMAIN = 0.1                # minimum argument of log/sqrt and base of non-integer powers
DENOM = 0.2                 # minimum |denominator|
MAX_MAGNITUDE = 1e12        # largest |value| and |derivative| accepted
COND_TOL = 1e-14            # relative error a plain double evaluation may show (1% of 1e-12)
DIGITS = 40                 # digits of the exact evaluation before rounding to double
TINY = 1e-9                 # nonzero derivatives smaller than this mean a saturated case


class Reject(Exception):
    """The drawn case is unusable at its point (domain, kink, size or conditioning)."""


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

def Q(v) -> sp.Rational:
    """Exact SymPy rational from int / Fraction / decimal string (string: the double's value)."""
    if isinstance(v, str):
        v = Fraction(float(v))
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    return sp.Integer(v)


def D(text: str) -> sp.Rational:
    """Exact value of the double a Grad literal such as '0.26' parses to."""
    return Q(text)


def lit(v, bare=False) -> str:
    """Grad literal for an int / Fraction (dyadic) / decimal string.

    Negative literals come in parentheses unless `bare` (for comparisons and arguments)."""
    if isinstance(v, str):
        s = v
        neg = s.startswith("-")
    else:
        f = Fraction(v)
        if f.denominator == 1:
            s = str(f.numerator)
        else:
            x = float(f)
            assert Fraction(x) == f, f"literal {f} is not exactly representable"
            s = repr(x)
        neg = f < 0
    return f"({s})" if neg and not bare else s


def minus(c) -> str:
    """`- c` written sign-aware: ' - 1.5' or ' + 2'."""
    return f" + {lit(-Fraction(c))}" if c < 0 else f" - {lit(c)}"


def fmt_float(x: float) -> str:
    return "0.0" if x == 0 else repr(x)


def fmt_vec(xs) -> str:
    return "[" + ", ".join(xs) + "]"


def fmt_point(point) -> str:
    return fmt_vec(fmt_float(float(p)) for p in point)


def rc(rng: random.Random, lo, hi, dens=(1, 2, 4), nonzero=True) -> Fraction:
    """Random dyadic constant in [lo, hi]."""
    while True:
        d = rng.choice(dens)
        v = Fraction(rng.randint(math.ceil(lo * d), math.floor(hi * d)), d)
        if v != 0 or not nonzero:
            return v


def rpoint(rng, n, lo=-2, hi=2, den=8, avoid_zero=True) -> list[Fraction]:
    pts = []
    while len(pts) < n:
        v = Fraction(rng.randint(math.ceil(lo * den), math.floor(hi * den)), den)
        if avoid_zero and v == 0:
            continue
        pts.append(v)
    return pts


# --------------------------------------------------------------------------------------
# Evaluation context: exact values at the point, for branch choices and domain checks
# --------------------------------------------------------------------------------------

class Ctx:
    def __init__(self, env: dict, subs: dict):
        self.env = env      # Grad name -> SymPy expression / list of expressions
        self.subs = subs    # SymPy symbol -> exact value at the point

    def child(self, env_extra: dict, subs_extra: dict) -> "Ctx":
        return Ctx({**self.env, **env_extra}, {**self.subs, **subs_extra})

    def value(self, expr) -> float:
        """Numeric value of `expr` at the point (Reject when not real and finite)."""
        v = sp.N(sp.sympify(expr).xreplace(self.subs), 30)
        if not v.is_number:
            raise Reject("free symbol")
        re, im = v.as_real_imag()
        if abs(im) > 1e-25:
            raise Reject("complex")
        try:
            f = float(re)
        except (TypeError, ValueError):
            raise Reject("not a number")
        if not math.isfinite(f) or abs(f) > MAX_MAGNITUDE:
            raise Reject("too large")
        return f

    def compare(self, a, op: str, b) -> bool:
        """Truth of `a op b` at the point; non-constant sides must differ by >= MARGIN."""
        d = sp.sympify(a - b)
        if not d.free_symbols:                 # loop counters, recursion depths: exact
            dv = d if d.is_Rational else self.value(d)
        else:
            dv = self.value(d)
            if abs(dv) < MARGIN:
                raise Reject("too close to a branch boundary")
        return {"<": dv < 0, "<=": dv <= 0, ">": dv > 0, ">=": dv >= 0,
                "==": dv == 0, "!=": dv != 0}[op]

    def positive(self, expr, minimum=DOMAIN):
        if self.value(expr) < minimum:
            raise Reject("outside the domain")


# Real symbols keep SymPy's automatic assumption queries cheap on deep compositions.
def scalar_ctx(names, point):
    syms = [sp.Symbol(n, real=True) for n in names]
    subs = {s: Q(p) for s, p in zip(syms, point)}
    return syms, Ctx(dict(zip(names, syms)), subs)


def vector_ctx(name, point):
    syms = [sp.Symbol(f"{name}{i}", real=True) for i in range(len(point))]
    subs = {s: Q(p) for s, p in zip(syms, point)}
    return syms, Ctx({name: syms}, subs)


# --------------------------------------------------------------------------------------
# Expression trees: print Grad source, convert to SymPy
# --------------------------------------------------------------------------------------

LOWEST, ADD, MUL, NEG, POW, POSTFIX, ATOM = 0, 1, 2, 3, 4, 5, 6


class Expr:
    prec = ATOM

    def src(self) -> str:
        raise NotImplementedError

    def sym(self, ctx: Ctx):
        raise NotImplementedError

    def wrap(self, minimum: int) -> str:
        s = self.src()
        return s if self.prec >= minimum else f"({s})"

    def calls(self) -> int:
        """Number of function calls in the tree (a depth measure for compositions)."""
        return sum(c.calls() for c in self.children()) + (1 if isinstance(self, Call) else 0)

    def children(self):
        return []

    # Builders, so trees read like formulas.
    def __add__(self, o): return Bin("+", self, lift(o))
    def __radd__(self, o): return Bin("+", lift(o), self)
    def __sub__(self, o): return Bin("-", self, lift(o))
    def __rsub__(self, o): return Bin("-", lift(o), self)
    def __mul__(self, o): return times(self, lift(o))
    def __rmul__(self, o): return times(lift(o), self)
    def __truediv__(self, o): return Bin("/", self, lift(o))
    def __rtruediv__(self, o): return Bin("/", lift(o), self)
    def __pow__(self, o): return Pow(self, lift(o))
    def __rpow__(self, o): return Pow(lift(o), self)
    def __neg__(self): return Neg(self)
    def __getitem__(self, i): return Index(self, i)


def lift(v) -> Expr:
    return v if isinstance(v, Expr) else Num(v)


def times(a: "Expr", b: "Expr") -> "Expr":
    """a * b, leaving out a factor of exactly 1."""
    if isinstance(b, Num) and b.v == 1 and b.text is None:
        return a
    if isinstance(a, Num) and a.v == 1 and a.text is None:
        return b
    return Bin("*", a, b)


class Num(Expr):
    def __init__(self, v):
        self.text = v if isinstance(v, str) else None     # decimal as written (e.g. '0.26')
        self.v = Fraction(float(v)) if isinstance(v, str) else Fraction(v)
        self.prec = NEG if self.v < 0 else ATOM

    def src(self):
        if self.text is not None:
            return self.text
        if self.v.denominator == 1:
            return str(self.v.numerator)
        x = float(self.v)
        assert Fraction(x) == self.v, f"non-dyadic literal {self.v}"
        return repr(x)

    def sym(self, ctx):
        return Q(self.v)


class Var(Expr):
    def __init__(self, name):
        self.name = name

    def src(self):
        return self.name

    def sym(self, ctx):
        return ctx.env[self.name]


class Const(Expr):
    def __init__(self, name):
        self.name = name

    def src(self):
        return self.name

    def sym(self, ctx):
        return {"pi": sp.pi, "e": sp.E, "inf": sp.oo}[self.name]


class Neg(Expr):
    prec = NEG

    def __init__(self, a):
        self.a = a

    def children(self):
        return [self.a]

    def src(self):
        return "-" + self.a.wrap(POW)

    def sym(self, ctx):
        a = self.a.sym(ctx)
        return [-x for x in a] if isinstance(a, list) else -a


def is_negative(e: Expr) -> bool:
    return isinstance(e, Neg) or (isinstance(e, Num) and e.v < 0)


class Bin(Expr):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b
        self.prec = ADD if op in "+-" else MUL

    def children(self):
        return [self.a, self.b]

    def src(self):
        op, b = self.op, self.b
        # `a + (-t)` prints as `a - t` and `a - (-t)` as `a + t` (identical in IEEE arithmetic).
        if op in "+-" and is_negative(b):
            op = "-" if op == "+" else "+"
            b = Num(-b.v) if isinstance(b, Num) else b.a
        left = self.a.wrap(self.prec)
        right = b.wrap(self.prec + 1)
        if right.startswith("-"):          # never `x - -y` or `x * -2`
            right = f"({right})"
        return f"{left} {op} {right}"

    def sym(self, ctx):
        return binop(self.op, self.a.sym(ctx), self.b.sym(ctx), ctx, self.b)


def binop(op, a, b, ctx, b_node=None):
    if isinstance(a, list) or isinstance(b, list):
        if isinstance(a, list) and isinstance(b, list):
            assert len(a) == len(b)
            return [binop(op, x, y, ctx) for x, y in zip(a, b)]
        if isinstance(a, list):
            return [binop(op, x, b, ctx) for x in a]
        return [binop(op, a, y, ctx) for y in b]
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if abs(ctx.value(b)) < DENOM:
            raise Reject("denominator too small")
        return a / b
    raise ValueError(op)


class Pow(Expr):
    prec = POW

    def __init__(self, a, b):
        self.a, self.b = a, b

    def children(self):
        return [self.a, self.b]

    def src(self):
        return f"{self.a.wrap(POSTFIX)}^{self.b.wrap(POW)}"

    def sym(self, ctx):
        a, b = self.a.sym(ctx), self.b.sym(ctx)
        if isinstance(a, list):                  # element-wise, as Grad's `[1, 2]^2`
            return [power(x, b, ctx) for x in a]
        return power(a, b, ctx)


def power(a, b, ctx):
    if isinstance(b, sp.Integer):
        if b < 0 and abs(ctx.value(a)) < DENOM:
            raise Reject("negative power of a small base")
    else:
        ctx.positive(a)      # non-integer or variable exponent: positive base only
    return a ** b


class Index(Expr):
    prec = POSTFIX

    def __init__(self, base, i):
        self.base, self.i = base, i

    def children(self):
        return [self.base]

    def src(self):
        return f"{self.base.wrap(POSTFIX)}[{self.i}]"

    def sym(self, ctx):
        return self.base.sym(ctx)[self.i]


class Vec(Expr):
    def __init__(self, items):
        self.items = [lift(x) for x in items]

    def children(self):
        return self.items

    def src(self):
        return fmt_vec(x.src() for x in self.items)

    def sym(self, ctx):
        return [x.sym(ctx) for x in self.items]


def _sigmoid(a):
    return 1 / (1 + sp.exp(-a))


SMOOTH = {
    "sin": sp.sin, "cos": sp.cos, "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh,
    "tanh": sp.tanh, "exp": sp.exp, "sigmoid": _sigmoid,
}

UNARY = ("sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log", "log2",
         "log10", "sqrt", "abs", "sigmoid", "relu", "floor", "ceil", "round")


def elementwise(f, a):
    """f applied to a number, or to every element of a (nested) vector, as Grad does."""
    return [elementwise(f, x) for x in a] if isinstance(a, list) else f(a)


def unary(name: str, a, ctx: Ctx):
    """SymPy form of a one-number built-in at the point (kinks and domains checked)."""
    if name in SMOOTH:
        return SMOOTH[name](a)
    if name in ("log", "log2", "log10", "sqrt"):
        ctx.positive(a)
        return {"log": sp.log(a), "log2": sp.log(a) / sp.log(2),
                "log10": sp.log(a) / sp.log(10), "sqrt": sp.sqrt(a)}[name]
    if name in ("asin", "acos"):
        if abs(ctx.value(a)) > 0.9:
            raise Reject("asin/acos argument too close to +-1")
        return sp.asin(a) if name == "asin" else sp.acos(a)
    if name == "tan":
        if abs(math.cos(ctx.value(a))) < 0.2:
            raise Reject("tan too close to a pole")
        return sp.tan(a)
    if name == "abs":
        return absolute(a, ctx)
    if name == "relu":
        return a if ctx.compare(a, ">", 0) else sp.Integer(0)
    return step_value(name, a, ctx)


def absolute(a, ctx: Ctx):
    return a if ctx.compare(a, ">", 0) else -a


def step_value(name: str, a, ctx: Ctx):
    """floor, ceil, round: piecewise constant, so their value at the point (away from a jump)."""
    v = Fraction(ctx.value(a)).limit_denominator(10 ** 6)
    jumps_at_halves = name == "round"
    nearest_jump = round(v - Fraction(1, 2)) + Fraction(1, 2) if jumps_at_halves else round(v)
    if abs(v - nearest_jump) < MARGIN:
        raise Reject(f"{name} too close to a jump")
    return sp.Integer({"floor": math.floor(v), "ceil": math.ceil(v), "round": round(v)}[name])


def extreme(name: str, candidates: list, ctx: Ctx):
    """min/max: the first candidate strictly better than all before it (the first on a tie)."""
    better = "<" if name == "min" else ">"
    best = candidates[0]
    for c in candidates[1:]:
        if ctx.compare(c, better, best):
            best = c
    return best


def norm(v: list, order, ctx: Ctx):
    """norm(v, order): 2 (default), 1, inf, any other number, or a differentiated order."""
    if order == 2:
        s = sp.Add(*[u * u for u in v])
        ctx.positive(s, 0.01)
        return sp.sqrt(s)
    magnitudes = [absolute(u, ctx) for u in v]
    if order == 1:
        return sp.Add(*magnitudes)
    if order == sp.oo:
        return extreme("max", magnitudes, ctx)
    if order.free_symbols:
        ctx.positive(order - 1, 0)       # the order must be at least 1
    return sp.Add(*[m ** order for m in magnitudes]) ** (1 / order)


def linspace(a, b, n):
    """linspace(a, b, n): the last element is b itself, the others a + i * (b - a) / (n - 1)."""
    if n == 1:
        return [a]
    return [a + i * (b - a) / (n - 1) for i in range(n - 1)] + [b]


def grad_range(args: list, ctx: Ctx):
    """range(b), range(a, b), range(a, b, step): its count comes from the plain values at the
    point, so (b - a) / step must stay MARGIN away from a whole number (or be one exactly)."""
    start, stop = (sp.Integer(0), args[0]) if len(args) == 1 else (args[0], args[1])
    step = args[2] if len(args) == 3 else sp.Integer(1)
    span = sp.simplify((stop - start) / step)
    if span.free_symbols:
        v = ctx.value(span)
        if abs(v - round(v)) < MARGIN:
            raise Reject("range count too close to changing")
        count = max(0, math.ceil(v))
    else:
        count = max(0, math.ceil(span))
    return [start + i * step for i in range(count)]


class Call(Expr):
    def __init__(self, name, *args):
        self.name, self.args = name, [lift(a) for a in args]

    def children(self):
        return self.args

    def src(self):
        return f"{self.name}({', '.join(a.src() for a in self.args)})"

    def sym(self, ctx):
        n = self.name
        if n == "grad":
            return grad_call(self.args[0], self.args[1], ctx)
        args = [a.sym(ctx) for a in self.args]
        a = args[0]
        if n in UNARY:
            return elementwise(lambda x: unary(n, x, ctx), a)
        if n == "atan2":
            y, x = args
            xv, yv = ctx.value(x), ctx.value(y)
            if xv * xv + yv * yv < 0.04 or (xv < 0 and abs(yv) < MARGIN):
                raise Reject("atan2 near the origin or the branch cut")
            return sp.atan2(y, x)
        if n in ("min", "max"):
            return extreme(n, a if len(args) == 1 else args, ctx)
        if n == "sum":
            return sp.Add(*a)
        if n == "dot":
            assert len(args[0]) == len(args[1])
            return sp.Add(*[u * v for u, v in zip(*args)])
        if n == "norm":
            return norm(a if isinstance(a, list) else [a], args[1] if len(args) == 2 else 2, ctx)
        if n == "linspace":
            return linspace(args[0], args[1], int(args[2]))
        if n == "range":
            return grad_range(args, ctx)
        if n == "append":
            return a + [args[1]]
        raise ValueError(f"unknown function {n}")


class Lam(Expr):
    """`t -> body` (vector parameter, indexed in the body) or `(a, b) -> body`."""
    prec = LOWEST

    def __init__(self, params, body, vector):
        self.params, self.body, self.vector = params, body, vector
        assert not vector or len(params) == 1

    def children(self):
        return [self.body]

    def src(self):
        head = self.params[0] if self.vector else f"({', '.join(self.params)})"
        return f"{head} -> {self.body.src()}"


_fresh = itertools.count()


def grad_call(lam: Lam, point: Expr, ctx: Ctx):
    """SymPy form of Grad's `grad(lam, point)`: d(body)/d(params), evaluated at `point`."""
    pt = point.sym(ctx)
    assert isinstance(pt, list)
    k = next(_fresh)
    fresh = [sp.Symbol(f"_g{k}_{i}", real=True) for i in range(len(pt))]
    env = {lam.params[0]: fresh} if lam.vector else dict(zip(lam.params, fresh))
    inner = ctx.child(env, {s: p.xreplace(ctx.subs) for s, p in zip(fresh, pt)})
    body = lam.body.sym(inner)
    at = dict(zip(fresh, pt))
    return [sp.diff(body, s).xreplace(at) for s in fresh]


def call(name, *args) -> Call:
    return Call(name, *args)


# Small builders for random trees --------------------------------------------------------

def signed_sum(terms: list[tuple[int, Expr]]) -> Expr:
    """Fold (sign, term) pairs into `t1 - t2 + t3 ...`."""
    acc = None
    for sign, t in terms:
        if acc is None:
            acc = t if sign > 0 else negate_leading(t)
        else:
            acc = Bin("+" if sign > 0 else "-", acc, t)
    return acc


def product(factors: list[Expr]) -> Expr:
    acc = factors[0]
    for f in factors[1:]:
        acc = Bin("*", acc, f)
    return acc


def term(c: Fraction, factors: list[Expr]) -> tuple[int, Expr]:
    """(sign, |c| * f1 * f2 ...), the coefficient left out when it is 1."""
    sign = 1 if c > 0 else -1
    c = abs(c)
    if not factors:
        return sign, Num(c)
    return sign, product(factors if c == 1 else [Num(c)] + factors)


def negate_leading(t: Expr) -> Expr:
    """-t, written `-c * x`, `-x^2 * y` or `-(..)` (negation is exact, so all are equal)."""
    if isinstance(t, Num):
        return Num(-t.v)
    if isinstance(t, Bin) and t.op in "*/":
        return Bin(t.op, negate_leading(t.a), t.b)
    return Neg(t)


def monomial(rng, leaves, degree) -> list[Expr]:
    counts = {}
    for _ in range(degree):
        leaf = rng.randrange(len(leaves))
        counts[leaf] = counts.get(leaf, 0) + 1
    return [leaves[i] if k == 1 else Pow(leaves[i], Num(k)) for i, k in sorted(counts.items())]


def rpoly(rng, leaves, maxdeg=2, nterms=(1, 3), cmax=3, const=True, dens=(1, 2, 4)) -> Expr:
    terms, seen = [], set()
    for _ in range(rng.randint(*nterms)):
        factors = monomial(rng, leaves, rng.randint(1, maxdeg))
        key = " * ".join(f.src() for f in factors)
        if key not in seen:                    # no `x * y + 2 * x * y`
            seen.add(key)
            terms.append(term(rc(rng, -cmax, cmax, dens), factors))
    if const and rng.random() < 0.5:
        terms.append(term(rc(rng, -cmax, cmax, dens), []))
    return signed_sum(terms)


def lin(rng, leaves, cmax=2, const=True, dens=(1, 2, 4)) -> Expr:
    chosen = rng.sample(leaves, rng.randint(1, len(leaves)))
    terms = [term(rc(rng, -cmax, cmax, dens), [v]) for v in chosen]
    if const and rng.random() < 0.6:
        terms.append(term(rc(rng, -cmax, cmax, dens), []))
    return signed_sum(terms)


def combine(rng, parts: list[Expr], ops=("+", "-", "*")) -> Expr:
    acc = parts[0]
    for p in parts[1:]:
        acc = Bin(rng.choice(ops), acc, p)
    return acc


def scalar_vars(rng, choices=(2, 2, 3)):
    names = ["x", "y", "z"][: rng.choice(choices)]
    return names, [Var(n) for n in names]


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------

@dataclass
class Spec:
    src: str                  # the Grad lambda
    syms: list                # SymPy symbols, in point order
    expr: sp.Expr             # SymPy equivalent (branches resolved at the point)
    point: list               # exact coordinates (Fraction)
    tag: str = ""             # sub-kind, used in the case name
    hessian: bool = True


def tree_spec(names, body: Expr, point, tag="", vector=False, hessian=True) -> Spec:
    """Spec for `(x, y) -> body` or, with vector=True, `w -> body` (names = ['w'])."""
    if vector:
        syms, ctx = vector_ctx(names[0], point)
        src = f"{names[0]} -> {body.src()}"
    else:
        syms, ctx = scalar_ctx(names, point)
        src = f"({', '.join(names)}) -> {body.src()}"
    expr = body.sym(ctx)
    if not set(syms) <= sp.sympify(expr).free_symbols:
        raise Reject("a parameter is unused")      # keep every random case fully coupled
    return Spec(src, syms, expr, point, tag, hessian)


@dataclass
class Case:
    name: str
    category: str
    spec: Spec
    gradient: list
    hessian: list | None


def exact(expr, subs) -> float:
    v = sp.N(sp.sympify(expr).subs(subs), DIGITS)
    if not v.is_number:
        raise Reject("free symbol left")
    re, im = v.as_real_imag()
    if im != 0 and abs(im) > 1e-30:
        raise Reject("not real")
    try:
        f = float(re)
    except (TypeError, ValueError):
        raise Reject("not a number")
    if not math.isfinite(f) or abs(f) > MAX_MAGNITUDE:
        raise Reject("not finite or too large")
    return f


def conditioning_ok(syms, exprs, refs, point, absolute_below=1e-12) -> bool:
    """Plain double evaluation of the derivatives must agree with the exact values (relative,
    absolute for references below `absolute_below`)."""
    try:
        f = sp.lambdify(syms, exprs, modules="math")
        got = f(*[float(p) for p in point])
    except Exception:          # a domain error, overflow, or a function math lacks
        return False
    for g, r in zip(got, refs):
        if not isinstance(g, (int, float)) or not math.isfinite(g):
            return False
        scale = abs(r) if abs(r) >= absolute_below else 1.0
        if abs(g - r) > COND_TOL * scale:
            return False
    return True


def evaluate(spec: Spec, check_conditioning=True):
    subs = {s: Q(p) for s, p in zip(spec.syms, spec.point)}
    exact(spec.expr, subs)                                  # value: real, finite, <= 1e12
    grads = [sp.diff(spec.expr, s) for s in spec.syms]
    gvals = [exact(g, subs) for g in grads]
    flat_exprs, flat_refs = list(grads), list(gvals)
    hvals = None
    if spec.hessian:
        n = len(spec.syms)
        hvals = [[0.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i, n):
                h = sp.diff(grads[i], spec.syms[j])
                hvals[i][j] = hvals[j][i] = exact(h, subs)
                flat_exprs.append(h)
                flat_refs.append(hvals[i][j])
    if any(0 < abs(v) < TINY for v in flat_refs):
        raise Reject("a derivative is tiny but not zero (saturated)")
    if check_conditioning and not conditioning_ok(spec.syms, flat_exprs, flat_refs, spec.point):
        raise Reject("ill-conditioned in double precision")
    return gvals, hvals


# --------------------------------------------------------------------------------------
# Random categories (expression trees)
# --------------------------------------------------------------------------------------

def gen_poly(rng):
    names, v = scalar_vars(rng)
    style = rng.choice(["sum", "sum", "factored", "binpow"])
    if style == "sum":
        body = rpoly(rng, v, maxdeg=5, nterms=(3, 6), cmax=5)
    elif style == "factored":
        factors = []
        for _ in range(rng.randint(2, 3)):
            f = rpoly(rng, v, maxdeg=2, nterms=(1, 2), cmax=3)
            if rng.random() < 0.4:
                f = Pow(f, Num(rng.randint(2, 3)))
            factors.append(f)
        body = product(factors)
    else:
        body = Pow(lin(rng, v, cmax=2), Num(rng.randint(2, 4))) + rpoly(rng, v, maxdeg=3, nterms=(1, 3))
    return tree_spec(names, body, rpoint(rng, len(names)))


def explog_atom(rng, v):
    k = rng.choice(["exp_lin", "exp_gauss", "log_pos", "log_lin", "log2", "log10",
                    "base_pow", "e_pow", "softplus", "xlog"])
    if k == "exp_lin":
        return call("exp", lin(rng, v, cmax=1.5))
    if k == "exp_gauss":
        return call("exp", Neg(rpoly(rng, v, maxdeg=2, nterms=(1, 2), cmax=1, const=False) ** 2))
    if k == "log_pos":
        return call("log", Num(rc(rng, 1 / 2, 2)) + rpoly(rng, v, 1, (1, 2), 2, False) ** 2)
    if k == "log_lin":
        return call("log", lin(rng, v, cmax=2))
    if k in ("log2", "log10"):
        return call(k, Num(rc(rng, 1 / 4, 3)) + call("exp", lin(rng, v, cmax=1)))
    if k == "base_pow":
        return Num(rng.choice([Fraction(2), Fraction(3), Fraction(3, 2), Fraction(1, 2)])) ** lin(rng, v, cmax=1.5)
    if k == "e_pow":
        return Const("e") ** lin(rng, v, cmax=1.5)
    if k == "softplus":
        return call("log", 1 + call("exp", lin(rng, v, cmax=2)))
    return rng.choice(v) * call("log", rpoly(rng, v, 2, (1, 2), 2) ** 2 + Num(rc(rng, 1 / 4, 1)))


def gen_explog(rng):
    names, v = scalar_vars(rng)
    parts = [explog_atom(rng, v) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.5:
        parts[0] = rpoly(rng, v, 2, (1, 2), 3, const=False) * parts[0]
    return tree_spec(names, combine(rng, parts), rpoint(rng, len(names), -1.5, 1.5))


def trig_atom(rng, v):
    k = rng.choice(["sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sin2", "cos_poly"])
    if k in ("sin", "cos"):
        return call(k, lin(rng, v, cmax=2))
    if k == "tan":
        return call("tan", lin(rng, v, cmax=1))
    if k in ("asin", "acos"):
        return call(k, lin(rng, v, cmax=0.5, dens=(2, 4, 8)))
    if k == "atan":
        return call("atan", rpoly(rng, v, 2, (1, 3), 2))
    if k == "atan2":
        return call("atan2", lin(rng, v, cmax=2), lin(rng, v, cmax=2))
    if k == "sin2":
        return call(rng.choice(["sin", "cos"]), lin(rng, v, cmax=2)) ** Num(rng.randint(2, 3))
    return call(rng.choice(["sin", "cos"]), rpoly(rng, v, 2, (1, 2), 1.5))


def gen_trig(rng):
    names, v = scalar_vars(rng)
    parts = [trig_atom(rng, v) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.4:
        parts[-1] = rng.choice(v) * parts[-1]
    return tree_spec(names, combine(rng, parts), rpoint(rng, len(names), -1.5, 1.5))


def hyper_atom(rng, v):
    k = rng.choice(["sinh", "cosh", "tanh", "tanh", "tanh_poly", "tanh_tanh", "cosh_sq"])
    if k in ("sinh", "cosh", "tanh"):
        return call(k, lin(rng, v, cmax=1.5))
    if k == "tanh_poly":
        return call("tanh", rpoly(rng, v, 2, (1, 3), 1.5))
    if k == "tanh_tanh":
        return call("tanh", Num(rc(rng, 1 / 2, 2)) * call("tanh", lin(rng, v, cmax=2)))
    return call(rng.choice(["sinh", "cosh"]), lin(rng, v, cmax=1)) ** Num(2)


def gen_hyper(rng):
    names, v = scalar_vars(rng)
    parts = [hyper_atom(rng, v) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.4:
        parts[0] = rng.choice(v) * parts[0]
    return tree_spec(names, combine(rng, parts), rpoint(rng, len(names), -1.5, 1.5))


FRACTIONAL = [Fraction(1, 2), Fraction(3, 2), Fraction(5, 2), Fraction(-1, 2), Fraction(-3, 2),
              Fraction(1, 4), Fraction(3, 4), Fraction(-1, 4), Fraction(5, 4), Fraction(7, 8)]


def power_atom(rng, v):
    k = rng.choice(["sqrt", "sqrt", "frac_var", "frac_poly", "var_exp", "var_exp_poly", "sqrt_pow"])
    def pos_poly():         # positive at the (positive) point: positive coefficients
        terms = [term(rc(rng, 1 / 4, 2), monomial(rng, v, rng.randint(1, 2))) for _ in range(rng.randint(1, 3))]
        return signed_sum(terms + [term(rc(rng, 1 / 4, 2), [])])
    if k == "sqrt":
        return call("sqrt", pos_poly())
    if k == "frac_var":
        return rng.choice(v) ** Num(rng.choice(FRACTIONAL))
    if k == "frac_poly":
        return pos_poly() ** Num(rng.choice(FRACTIONAL))
    if k == "var_exp":
        a, b = rng.sample(v, 2)
        return a ** (b * Num(rc(rng, 1 / 4, 2))) if rng.random() < 0.5 else a ** b
    if k == "var_exp_poly":
        return pos_poly() ** lin(rng, v, cmax=1)
    return call("sqrt", pos_poly()) ** Num(rng.choice([3, 5, Fraction(3, 2)]))


def gen_powers(rng):
    names, v = scalar_vars(rng)
    parts = [power_atom(rng, v) for _ in range(rng.randint(2, 3))]
    return tree_spec(names, combine(rng, parts, ("+", "-", "*", "/")), rpoint(rng, len(names), 0.25, 2.5, 16))


def gen_quot(rng):
    names, v = scalar_vars(rng)
    k = rng.choice(["ratio", "ratio", "nested", "diff", "recip", "chain"])
    p = lambda: rpoly(rng, v, 2, (1, 3), 3)
    if k == "ratio":
        body = p() / p()
    elif k == "nested":
        body = p() / (lin(rng, v) + p() / p())
    elif k == "diff":
        body = p() / lin(rng, v) - p() / p()
    elif k == "recip":
        body = Num(rc(rng, -3, 3)) / (Num(rc(rng, 1 / 2, 2)) + p() ** 2) + lin(rng, v)
    else:
        names, v = ["x", "y", "z"], [Var("x"), Var("y"), Var("z")]
        body = product([rng.choice(v), v[0]]) / lin(rng, v) / lin(rng, v) - lin(rng, v) / v[1] / v[2]
    return tree_spec(names, body, rpoint(rng, len(names)))


DEEP_UNARY = ["sin", "cos", "tanh", "atan", "exp", "sqrt1", "log1", "sinh", "asin_t", "sigmoid", "cosh"]


def deep(rng, v, depth) -> Expr:
    if depth <= 0:
        return lin(rng, v, cmax=1.5) if rng.random() < 0.7 else rpoly(rng, v, 2, (1, 2), 1.5)
    r = rng.random()
    if r < 0.6:
        u = deep(rng, v, depth - 1)
        f = rng.choice(DEEP_UNARY)
        if f == "sqrt1":
            return call("sqrt", 1 + u ** 2)
        if f == "log1":
            return call("log", 1 + u ** 2)
        if f == "asin_t":
            return call("asin", call("tanh", u) / 2)
        if f in ("exp", "sinh", "cosh"):
            return call(f, u / 2)
        return call(f, u)
    if r < 0.9:
        a, b = deep(rng, v, depth - 1), deep(rng, v, depth - 1 - rng.randint(0, 1))
        op = rng.choice(["+", "-", "*", "*", "/"])
        if op == "/":
            return a / (Num(rc(rng, 1, 2)) + b ** 2)
        return Bin(op, a, b)
    return deep(rng, v, depth - 1) ** Num(rng.randint(2, 3))


def gen_compose(rng):
    names, v = scalar_vars(rng)
    while True:
        body = call(rng.choice(["sin", "cos", "tanh", "atan"]), deep(rng, v, rng.randint(3, 4)))
        if body.calls() >= 4:
            break
    return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5))


def nonsmooth_atom(rng, v):
    k = rng.choice(["sigmoid", "sigmoid", "relu", "relu", "min", "max", "abs", "abs", "relu_sin", "abs_prod"])
    if k == "sigmoid":
        return call("sigmoid", rpoly(rng, v, 2, (1, 2), 2))
    if k == "relu":
        return call("relu", lin(rng, v, cmax=2))
    if k in ("min", "max"):
        return call(k, rpoly(rng, v, 2, (1, 2), 2), lin(rng, v, cmax=2))
    if k == "abs":
        return call("abs", lin(rng, v, cmax=2))
    if k == "relu_sin":
        return call("relu", call("sin", lin(rng, v, cmax=2)) + rng.choice(v) / 2)
    return call("abs", rng.choice(v) * rng.choice(v) - Num(rc(rng, 0, 2, nonzero=False)))


def gen_nonsmooth(rng):
    names, v = scalar_vars(rng)
    parts = [nonsmooth_atom(rng, v) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.5:
        parts.append(call(rng.choice(["sin", "exp", "tanh"]), lin(rng, v, cmax=1)))
    if rng.random() < 0.4:
        parts[0] = rng.choice(v) * parts[0]
    return tree_spec(names, combine(rng, parts), rpoint(rng, len(names)))


VECTOR_KINDS = ["quad", "norm_shift", "gauss", "lse", "index_tree", "rational", "elementwise",
                "mixed", "scaled", "norm_pow", "index_trig", "loopless_sum"]


def gen_vector(rng, k):
    kind = VECTOR_KINDS[k % len(VECTOR_KINDS)]
    n = rng.randint(2, 6) if kind not in ("mixed", "index_trig") else 3
    w = Var("w")
    wi = [w[i] for i in range(n)]
    cvec = lambda lo=-2, hi=2: Vec([Num(rc(rng, lo, hi)) for _ in range(n)])
    if kind == "quad":
        body = call("sum", w * w) + call("dot", w, cvec())
    elif kind == "norm_shift":
        body = call("norm", w - cvec()) * Num(rc(rng, 1 / 2, 3))
    elif kind == "norm_pow":
        body = call("norm", w + cvec()) ** Num(rng.choice([3, Fraction(3, 2), -1]))
    elif kind == "gauss":
        d = w - cvec(-1, 1)
        body = call("exp", Neg(call("dot", d, d)) / Num(rc(rng, 1, 4)))
    elif kind == "lse":
        body = call("log", call("sum", Vec([call("exp", Num(rc(rng, 1 / 2, 2)) * x) for x in wi])))
    elif kind == "index_tree":
        body = rpoly(rng, wi, 3, (3, 5), 3) + call(rng.choice(["sin", "cos", "tanh", "exp"]), lin(rng, wi, cmax=1))
    elif kind == "index_trig":
        i, j, l = rng.sample(range(n), 3)
        body = call("sin", wi[i] * wi[j]) * call("cos", wi[l]) + call("atan", lin(rng, wi, 1)) * wi[l]
    elif kind == "rational":
        body = call("dot", w, w) / (Num(rc(rng, 1 / 2, 2)) + call("sum", w * cvec(-1, 1)) ** Num(2))
    elif kind == "elementwise":
        body = call("dot", w * cvec(), w + cvec()) + call("sum", w) * Num(rc(rng, -2, 2))
    elif kind == "mixed":
        i, j, l = rng.sample(range(n), 3)
        body = (call("norm", Vec([wi[i] * wi[j], call("sin", wi[l]), wi[j] - 1]))
                + call("sum", Vec([wi[i], wi[j] ** Num(2)]) * Num(rc(rng, 1 / 2, 3))))
    elif kind == "scaled":
        i, j = rng.sample(range(n), 2)
        body = (call("sum", Vec([wi[i], wi[j]]) * Num(rc(rng, 1 / 2, 3)) + Vec([Num(1), wi[i] * wi[j]]))
                * call("dot", w, w))
    else:  # loopless_sum: sum of a vector built from the parameter's entries
        body = call("sum", Vec([x ** Num(2) * Num(i + 1) for i, x in enumerate(wi)])) - call("norm", w) * wi[0]
    return tree_spec(["w"], body, rpoint(rng, n, -1.5, 1.5), tag=kind.replace("_", ""), vector=True)


# Nested grad -------------------------------------------------------------------------

def inner_piece(rng, t: Expr, o: Expr) -> Expr:
    """A small smooth function of the inner variable t that also involves the outer o."""
    c = Num(rc(rng, 1 / 2, 2))
    return rng.choice([
        lambda: t ** Num(2) * o,
        lambda: call("sin", t * o),
        lambda: call("exp", t * c) * o,
        lambda: c * t ** Num(3) + o * t,
        lambda: call("cos", t + o) * t,
        lambda: call("tanh", t * o) * c,
        lambda: t * t * o * o,
        lambda: call("sigmoid", t - o),
    ])()


NESTED_KINDS = ["scalar", "dot", "vector", "norm", "multi", "block", "double", "vecdot"]


def gen_nested(rng, k):
    kind = NESTED_KINDS[k % len(NESTED_KINDS)]
    x, y = Var("x"), Var("y")
    point = rpoint(rng, 2, -1.5, 1.5)
    if kind == "scalar":      # the brief's shape: (x, y) -> x * grad(t -> t[0]^2 * y, [x])[0]
        t0 = Var("t")[0]
        inner = inner_piece(rng, t0, rng.choice([x, y])) + inner_piece(rng, t0, rng.choice([x, y]))
        g = call("grad", Lam(["t"], inner, True), Vec([lin(rng, [x, y], 1.5)]))[0]
        body = rng.choice([x, y, call("sin", x)]) * g if rng.random() < 0.7 else g
        return tree_spec(["x", "y"], body, point, kind)
    if kind in ("dot", "norm"):
        t = Var("t")
        inner = inner_piece(rng, t[0], y) + inner_piece(rng, t[1], x) + t[0] * t[1] * Num(rc(rng, -2, 2))
        g = call("grad", Lam(["t"], inner, True), Vec([lin(rng, [x, y], 1.5), lin(rng, [x, y], 1.5)]))
        body = call("dot", g, Vec([Num(rc(rng, -2, 2)), x])) if kind == "dot" else call("norm", g)
        return tree_spec(["x", "y"], body, point, kind)
    if kind in ("vector", "vecdot"):   # the outer parameter itself is the point
        n = rng.randint(2, 4)
        vv = Var("v")
        inner = combine(rng, [inner_piece(rng, vv[i], vv[(i + 1) % n]) for i in range(n)], ("+", "-"))
        g = call("grad", Lam(["v"], inner, True), Var("w"))
        point = rpoint(rng, n, -1.5, 1.5)
        if kind == "vector":
            return tree_spec(["w"], call("sum", g) * Var("w")[0], point, kind, vector=True)
        # `w -> { g = grad(..); dot(g, g) + w[0] }`: printed by hand, SymPy from the same tree.
        syms, ctx = vector_ctx("w", point)
        gs = g.sym(ctx)
        src = f"w -> {{ g = {g.src()}; dot(g, g) + w[0] }}"
        return Spec(src, syms, sum(u * u for u in gs) + syms[0], point, kind)
    if kind == "multi":       # a two-parameter lambda differentiated at a two-point
        a, b = Var("a"), Var("b")
        inner = inner_piece(rng, a, y) + inner_piece(rng, b, x) + a * b
        g = call("grad", Lam(["a", "b"], inner, False), Vec([x * y, x - y]))
        body = g[rng.randint(0, 1)] * rng.choice([x, y, Num(rc(rng, 1 / 2, 2))])
        return tree_spec(["x", "y"], body, point, kind)
    if kind == "block":
        t = Var("t")
        inner = inner_piece(rng, t[0], y) * Num(rc(rng, 1 / 2, 2)) + inner_piece(rng, t[1], x) + t[0] * t[1]
        g = call("grad", Lam(["t"], inner, True), Vec([x, y]))
        # `{ g = grad(..); g[0] * g[1] + x }`: printed by hand, SymPy from the same tree.
        syms, ctx = scalar_ctx(["x", "y"], point)
        gs = g.sym(ctx)
        src = f"(x, y) -> {{ g = {g.src()}; g[0] * g[1] + x }}"
        return Spec(src, syms, gs[0] * gs[1] + syms[0], point, kind)
    # double: grad inside a lambda that is itself differentiated (perturbation confusion).
    # Its Hessian would need four nested levels of differentiation: omitted.
    a, b = Var("a")[0], Var("b")[0]
    innermost = Lam(["b"], inner_piece(rng, b, a) + b * b * a * y, True)
    middle = Lam(["a"], a * call("grad", innermost, Vec([a + x]))[0], True)
    body = call("grad", middle, Vec([x * y]))[0]
    return tree_spec(["x", "y"], body, point, kind, hessian=False)


# --------------------------------------------------------------------------------------
# Hand-written categories: Grad source and SymPy form side by side
# --------------------------------------------------------------------------------------

X, Y, Z = sp.symbols("x y z", real=True)


def mild(rng, v) -> Expr:
    """A short smooth random function used as a branch body or loop term."""
    k = rng.choice(["poly", "poly", "trig", "exp"])
    if k == "poly":
        return rpoly(rng, v, 3, (1, 3), 3)
    if k == "trig":
        return call(rng.choice(["sin", "cos"]), lin(rng, v, 2)) * rpoly(rng, v, 1, (1, 2), 2)
    return call("exp", lin(rng, v, 1)) + rpoly(rng, v, 2, (1, 2), 2)


def classic_cases():
    """Named optimisation test functions: (name, Grad source, SymPy builder, points)."""
    x, y = X, Y
    w = sp.symbols("w0:6", real=True)
    pi = sp.pi
    rosen4 = sum(100 * (w[i + 1] - w[i] ** 2) ** 2 + (1 - w[i]) ** 2 for i in range(3))
    table = [
        ("rosenbrock_2d", "(x, y) -> (1 - x)^2 + 100 * (y - x^2)^2",
         (1 - x) ** 2 + 100 * (y - x ** 2) ** 2,
         ["-1.25, 1.5", "1, 1", "0.5, -0.25"]),
        ("rosenbrock_4d", "w -> 100 * (w[1] - w[0]^2)^2 + (1 - w[0])^2 + 100 * (w[2] - w[1]^2)^2"
                          " + (1 - w[1])^2 + 100 * (w[3] - w[2]^2)^2 + (1 - w[2])^2",
         rosen4, ["-1.25, 0.5, 1.5, -0.75", "1, 1, 1, 1"]),
        ("rosenbrock_4d_loop", "w -> { s = 0; for i in range(3) { s = s + 100 * (w[i + 1] - w[i]^2)^2"
                               " + (1 - w[i])^2 }; s }",
         rosen4, ["0.25, -0.5, 0.75, 1.125", "-1, 1.5, 2, 0.875"]),
        ("beale", "(x, y) -> (1.5 - x + x * y)^2 + (2.25 - x + x * y^2)^2 + (2.625 - x + x * y^3)^2",
         (D("1.5") - x + x * y) ** 2 + (D("2.25") - x + x * y ** 2) ** 2 + (D("2.625") - x + x * y ** 3) ** 2,
         ["1, 1", "3, 0.5", "-0.75, 1.25"]),
        ("booth", "(x, y) -> (x + 2 * y - 7)^2 + (2 * x + y - 5)^2",
         (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2, ["1, 3", "-2.5, 0.75"]),
        ("himmelblau", "(x, y) -> (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
         (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2, ["3, 2", "-1.5, 2.25", "0.5, -3"]),
        ("matyas", "(x, y) -> 0.26 * (x^2 + y^2) - 0.48 * x * y",
         D("0.26") * (x ** 2 + y ** 2) - D("0.48") * x * y, ["1.5, -2", "0.125, 0.375"]),
        ("three_hump_camel", "(x, y) -> 2 * x^2 - 1.05 * x^4 + x^6 / 6 + x * y + y^2",
         2 * x ** 2 - D("1.05") * x ** 4 + x ** 6 / 6 + x * y + y ** 2, ["-1.25, 0.75", "0.5, 1"]),
        ("goldstein_price", "(x, y) -> (1 + (x + y + 1)^2 * (19 - 14 * x + 3 * x^2 - 14 * y + 6 * x * y"
                            " + 3 * y^2)) * (30 + (2 * x - 3 * y)^2 * (18 - 32 * x + 12 * x^2 + 48 * y"
                            " - 36 * x * y + 27 * y^2))",
         (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x ** 2 - 14 * y + 6 * x * y + 3 * y ** 2))
         * (30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x ** 2 + 48 * y - 36 * x * y + 27 * y ** 2)),
         ["0.25, -0.75"]),
        ("mccormick", "(x, y) -> sin(x + y) + (x - y)^2 - 1.5 * x + 2.5 * y + 1",
         sp.sin(x + y) + (x - y) ** 2 - D("1.5") * x + D("2.5") * y + 1, ["-0.5, -1.5"]),
        ("easom", "(x, y) -> -cos(x) * cos(y) * exp(-((x - pi)^2 + (y - pi)^2))",
         -sp.cos(x) * sp.cos(y) * sp.exp(-((x - pi) ** 2 + (y - pi) ** 2)), ["3, 3.25"]),
        ("rastrigin", "(x, y) -> 20 + x^2 - 10 * cos(2 * pi * x) + y^2 - 10 * cos(2 * pi * y)",
         20 + x ** 2 - 10 * sp.cos(2 * pi * x) + y ** 2 - 10 * sp.cos(2 * pi * y), ["0.375, -1.125"]),
        ("ackley", "(x, y) -> -20 * exp(-0.2 * sqrt(0.5 * (x^2 + y^2))) - exp(0.5 * (cos(2 * pi * x)"
                   " + cos(2 * pi * y))) + e + 20",
         -20 * sp.exp(-D("0.2") * sp.sqrt(D("0.5") * (x ** 2 + y ** 2)))
         - sp.exp(D("0.5") * (sp.cos(2 * pi * x) + sp.cos(2 * pi * y))) + sp.E + 20, ["0.625, -0.25"]),
        ("levi_13", "(x, y) -> sin(3 * pi * x)^2 + (x - 1)^2 * (1 + sin(3 * pi * y)^2)"
                    " + (y - 1)^2 * (1 + sin(2 * pi * y)^2)",
         sp.sin(3 * pi * x) ** 2 + (x - 1) ** 2 * (1 + sp.sin(3 * pi * y) ** 2)
         + (y - 1) ** 2 * (1 + sp.sin(2 * pi * y) ** 2), ["1.125, 0.8125"]),
        ("bohachevsky", "(x, y) -> x^2 + 2 * y^2 - 0.3 * cos(3 * pi * x) - 0.4 * cos(4 * pi * y) + 0.7",
         x ** 2 + 2 * y ** 2 - D("0.3") * sp.cos(3 * pi * x) - D("0.4") * sp.cos(4 * pi * y) + D("0.7"),
         ["0.1875, -0.3125"]),
        ("schaffer_2", "(x, y) -> 0.5 + (sin(x^2 - y^2)^2 - 0.5) / (1 + 0.001 * (x^2 + y^2))^2",
         D("0.5") + (sp.sin(x ** 2 - y ** 2) ** 2 - D("0.5")) / (1 + D("0.001") * (x ** 2 + y ** 2)) ** 2,
         ["1.25, 0.5"]),
        ("styblinski_tang_3d", "w -> sum(w * w * w * w - w * w * 16 + w * 5) / 2",
         sum(w[i] ** 4 - 16 * w[i] ** 2 + 5 * w[i] for i in range(3)) / 2, ["-2.875, 2.75, 0.5"]),
        ("zakharov_3d", "w -> { a = dot(w, w); b = dot(w, [0.5, 1, 1.5]); a + b^2 + b^4 }",
         sum(w[i] ** 2 for i in range(3)) + (w[0] / 2 + w[1] + D("1.5") * w[2]) ** 2
         + (w[0] / 2 + w[1] + D("1.5") * w[2]) ** 4, ["0.25, -0.5, 0.375"]),
        ("dixon_price_3d", "w -> (w[0] - 1)^2 + 2 * (2 * w[1]^2 - w[0])^2 + 3 * (2 * w[2]^2 - w[1])^2",
         (w[0] - 1) ** 2 + 2 * (2 * w[1] ** 2 - w[0]) ** 2 + 3 * (2 * w[2] ** 2 - w[1]) ** 2,
         ["1.5, -0.75, 0.625"]),
        ("trid_4d", "w -> sum((w - [1, 1, 1, 1]) * (w - [1, 1, 1, 1])) - (w[1] * w[0] + w[2] * w[1] + w[3] * w[2])",
         sum((w[i] - 1) ** 2 for i in range(4)) - (w[1] * w[0] + w[2] * w[1] + w[3] * w[2]),
         ["4, 6, 6, 4", "-0.5, 1.25, 2, -1.5"]),
        ("sphere_5d", "w -> dot(w, w)", sum(w[i] ** 2 for i in range(5)), ["0.5, -1, 1.5, -2, 0.25"]),
    ]
    for name, src, expr, points in table:
        for k, ptext in enumerate(points):
            point = [Fraction(float(s)) for s in ptext.split(",")]
            assert all(Fraction(s.strip()) == p for s, p in zip(ptext.split(","), point)), "inexact point"
            syms = list(w[: len(point)]) if src.startswith("w ->") else [X, Y][: len(point)]
            yield (name if k == 0 else f"{name}_p{k + 1}"), Spec(src, syms, expr, point)


# Loops ---------------------------------------------------------------------------------

def gen_loop(rng, k):
    t = k % 12
    if t == 0:      # weighted sum of squares over a vector
        n, c = rng.randint(2, 5), rc(rng, -2, 2)
        W = sp.symbols(f"w0:{n}")
        src = f"w -> {{ s = 0; for i in range({n}) {{ s = s + (w[i]{minus(c)})^2 * (i + 1) }}; s }}"
        expr = sum((W[i] - Q(c)) ** 2 * (i + 1) for i in range(n))
        return Spec(src, list(W), expr, rpoint(rng, n), "sum")
    if t == 1:      # product
        n = rng.randint(2, 5)
        W = sp.symbols(f"w0:{n}")
        src = f"w -> {{ p = 1; for i in range({n}) {{ p = p * (1 + w[i] / (i + 2)) }}; p }}"
        expr = sp.Mul(*[1 + W[i] / (i + 2) for i in range(n)])
        return Spec(src, list(W), expr, rpoint(rng, n), "prod")
    if t == 2:      # Horner over an inclusive range
        n = rng.randint(2, 5)
        src = f"(x, y) -> {{ s = 0; for k in 0..{n} {{ s = s * x + y / (k + 1) }}; s }}"
        s = sp.Integer(0)
        for kk in range(n + 1):
            s = s * X + Y / (kk + 1)
        return Spec(src, [X, Y], s, rpoint(rng, 2), "horner")
    if t == 3:      # while with a counter
        n = rng.randint(2, 6)
        src = f"(x, y) -> {{ s = 0; k = 0; while k < {n} {{ s = s + sin(k * x + y) / (k + 1); k = k + 1 }}; s }}"
        expr = sum(sp.sin(kk * X + Y) / (kk + 1) for kk in range(n))
        return Spec(src, [X, Y], expr, rpoint(rng, 2), "while")
    if t == 4:      # running power
        n = rng.randint(2, 5)
        src = f"(x, y) -> {{ s = 0; t = 1; for i in 1..{n} {{ t = t * x; s = s + t * cos(i * y) / i }}; s }}"
        expr = sum(X ** i * sp.cos(i * Y) / i for i in range(1, n + 1))
        return Spec(src, [X, Y], expr, rpoint(rng, 2, -1.5, 1.5), "powsum")
    if t == 5:      # logistic map iterations
        n = rng.randint(2, 4)
        src = f"(x, y) -> {{ z = x; for i in range({n}) {{ z = y * z * (1 - z) }}; z }}"
        z = X
        for _ in range(n):
            z = Y * z * (1 - z)
        point = [Fraction(rng.randint(1, 7), 8), Fraction(rng.randint(8, 24), 8)]
        return Spec(src, [X, Y], z, point, "logistic")
    if t == 6:      # nested loops, Hilbert quadratic form
        n = rng.randint(2, 4)
        W = sp.symbols(f"w0:{n}")
        src = (f"w -> {{ s = 0; for i in range({n}) {{ for j in range({n}) "
               f"{{ s = s + w[i] * w[j] / (i + j + 1) }} }}; s }}")
        expr = sum(W[i] * W[j] / (i + j + 1) for i in range(n) for j in range(n))
        return Spec(src, list(W), expr, rpoint(rng, n), "nested")
    if t == 7:      # Newton's square root, a fixed number of while iterations
        m = rng.randint(3, 6)
        src = f"(x, y) -> {{ g = 1; k = 0; while k < {m} {{ g = (g + x / g) / 2; k = k + 1 }}; g * y }}"
        g = sp.Integer(1)
        for _ in range(m):
            g = (g + X / g) / 2
        return Spec(src, [X, Y], g * Y, rpoint(rng, 2, 0.25, 4), "newton")
    if t == 8:      # iterate until a threshold: the count depends on the point (locally constant)
        limit = rng.randint(4, 10)
        src = f"(x, y) -> {{ s = y; n = 0; while s < {limit} {{ s = s * (1 + x^2); n = n + 1 }}; s + n }}"
        point = rpoint(rng, 2, 0.5, 1.5) if rng.random() < 0.5 else [rc(rng, -1.5, -0.5, (8,)), rc(rng, 0.25, 2, (8,))]
        _, ctx = scalar_ctx(["x", "y"], point)
        s, count = Y, 0
        while ctx.compare(s, "<", limit):
            s, count = s * (1 + X ** 2), count + 1
            if count > 60:
                raise Reject("too many iterations")
        return Spec(src, [X, Y], s + count, point, "until")
    if t == 9:      # vector accumulator with element-wise arithmetic
        n = rng.randint(2, 4)
        W = sp.symbols(f"w0:{n}")
        src = f"w -> {{ v = [0, 0]; for i in range({n}) {{ v = v + [w[i], w[i]^2] * (i + 1) }}; dot(v, v) }}"
        v0 = sum(W[i] * (i + 1) for i in range(n))
        v1 = sum(W[i] ** 2 * (i + 1) for i in range(n))
        return Spec(src, list(W), v0 * v0 + v1 * v1, rpoint(rng, n, -1.5, 1.5), "vec")
    if t == 10:     # Taylor series of exp(x * y), term by term
        n = rng.randint(3, 7)
        src = f"(x, y) -> {{ t = 1; s = 1; for k in 1..{n} {{ t = t * (x * y) / k; s = s + t }}; s }}"
        expr = sum((X * Y) ** kk / sp.factorial(kk) for kk in range(n + 1))
        return Spec(src, [X, Y], expr, rpoint(rng, 2, -1.5, 1.5), "taylor")
    # t == 11: count down with >=
    n, c = rng.randint(2, 5), rc(rng, 1 / 4, 3 / 4, (4,))
    W = sp.symbols(f"w0:{n}")
    src = f"w -> {{ i = {n - 1}; acc = 0; while i >= 0 {{ acc = acc * {lit(c)} + tanh(w[i]); i = i - 1 }}; acc }}"
    acc = sp.Integer(0)
    for i in range(n - 1, -1, -1):
        acc = acc * Q(c) + sp.tanh(W[i])
    return Spec(src, list(W), acc, rpoint(rng, n), "countdown")


# Branches ------------------------------------------------------------------------------

CMP = ["<", "<=", ">", ">="]


def gen_branch(rng, k):
    t = k % 8
    names, v = scalar_vars(rng, (2,)) if t != 3 else (["x", "y", "z"], [Var("x"), Var("y"), Var("z")])
    point = rpoint(rng, len(names))
    syms, ctx = scalar_ctx(names, point)
    head = f"({', '.join(names)})"
    if t == 0:      # if a op b { A } else { B }
        l, r, op = lin(rng, v), lin(rng, v), rng.choice(CMP)
        A, B = mild(rng, v), mild(rng, v)
        src = f"{head} -> {{ if {l.src()} {op} {r.src()} {{ {A.src()} }} else {{ {B.src()} }} }}"
        a, b = A.sym(ctx), B.sym(ctx)
        return Spec(src, syms, a if ctx.compare(l.sym(ctx), op, r.sym(ctx)) else b, point, "cmp")
    if t == 1:      # nested ifs
        c1, c2 = rc(rng, -1, 1), rc(rng, -1, 1)
        A, B, C = mild(rng, v), mild(rng, v), mild(rng, v)
        src = (f"{head} -> {{ if x > {lit(c1, True)} {{ if y < {lit(c2, True)} {{ {A.src()} }} else {{ {B.src()} }} }}"
               f" else {{ {C.src()} }} }}")
        a, b, c = A.sym(ctx), B.sym(ctx), C.sym(ctx)
        if ctx.compare(X, ">", Q(c1)):
            expr = a if ctx.compare(Y, "<", Q(c2)) else b
        else:
            expr = c
        return Spec(src, syms, expr, point, "nested")
    if t == 2:      # and / or / not
        c1, c2 = rc(rng, -1, 1), rc(rng, -1, 1)
        A, B = mild(rng, v), mild(rng, v)
        form = ["and", "or", "not"][(k // 8) % 3]          # each form at least once
        p1 = ctx.compare(X, ">", Q(c1))
        p2 = ctx.compare(X * Y, "<", Q(c2))
        a1, a2 = lit(c1, True), lit(c2, True)
        cond = {"and": f"x > {a1} and x * y < {a2}", "or": f"x > {a1} or x * y < {a2}",
                "not": f"not (x > {a1} and x * y < {a2})"}[form]
        truth = {"and": p1 and p2, "or": p1 or p2, "not": not (p1 and p2)}[form]
        src = f"{head} -> {{ if {cond} {{ {A.src()} }} else {{ {B.src()} }} }}"
        return Spec(src, syms, A.sym(ctx) if truth else B.sym(ctx), point, form)
    if t == 3:      # if as the right-hand side of an assignment
        c = rc(rng, -2, 2)
        A, B, C = mild(rng, v), mild(rng, v), mild(rng, v)
        src = (f"{head} -> {{ t = if x * y > {lit(c, True)} {{ {A.src()} }} else {{ {B.src()} }}; "
               f"t * ({C.src()}) + z }}")
        tt = A.sym(ctx) if ctx.compare(X * Y, ">", Q(c)) else B.sym(ctx)
        return Spec(src, syms, tt * C.sym(ctx) + Z, point, "assign")
    if t == 4:      # if inside a loop over a vector
        n = rng.randint(2, 5)
        W = sp.symbols(f"w0:{n}")
        point = rpoint(rng, n, -1.5, 1.5)
        point = [p if abs(p) >= MARGIN else p + 1 for p in point]
        src = (f"w -> {{ s = 0; for i in range({n}) {{ t = if w[i] > 0 {{ w[i]^2 }} else {{ -w[i]^4 / 2 }}; "
               f"s = s + t * (i + 1) }}; s }}")
        expr = sum((W[i] ** 2 if point[i] > 0 else -W[i] ** 4 / 2) * (i + 1) for i in range(n))
        return Spec(src, list(W), expr, point, "loop")
    if t == 5:      # == and != on a loop counter
        n = rng.randint(3, 6)
        j = rng.randint(0, n - 1)
        op = rng.choice(["==", "!="])
        src = (f"(x, y) -> {{ s = 0; for i in range({n}) {{ t = if i {op} {j} {{ x^2 * y }} else {{ y / (i + 1) }}; "
               f"s = s + t }}; s }}")
        expr = sum((X ** 2 * Y if (i == j) == (op == "==") else Y / (i + 1)) for i in range(n))
        return Spec(src, [X, Y], expr, point, "eq")
    if t == 6:      # else-if chain (piecewise)
        c1 = rc(rng, -1, 0.5)
        c2 = c1 + rc(rng, 0.5, 1.5)
        A, B, C = mild(rng, v), mild(rng, v), mild(rng, v)
        src = (f"{head} -> {{ if x < {lit(c1, True)} {{ {A.src()} }} else if x < {lit(c2, True)} {{ {B.src()} }} "
               f"else {{ {C.src()} }} }}")
        a, b, c = A.sym(ctx), B.sym(ctx), C.sym(ctx)
        expr = a if ctx.compare(X, "<", Q(c1)) else (b if ctx.compare(X, "<", Q(c2)) else c)
        return Spec(src, syms, expr, point, "chain")
    # t == 7: a hand-made max feeding a smooth expression
    A = mild(rng, v)
    src = f"{head} -> {{ m = if x > y {{ x }} else {{ y }}; m^2 + sin(x * y) + ({A.src()}) * m }}"
    m = X if ctx.compare(X, ">", Y) else Y
    return Spec(src, syms, m ** 2 + sp.sin(X * Y) + A.sym(ctx) * m, point, "max")


# Recursion -----------------------------------------------------------------------------

def gen_recursion(rng, k):
    t = k % 9
    point = rpoint(rng, 2, -1.5, 1.5)
    if t == 0:      # power by recursion
        n1, n2 = rng.randint(2, 6), rng.randint(1, 4)
        src = (f"(x, y) -> {{ p(n, t) = if n == 0 {{ 1 }} else {{ t * p(n - 1, t) }}; "
               f"p({n1}, x) * y + p({n2}, y) }}")
        return Spec(src, [X, Y], X ** n1 * Y + Y ** n2, point, "pow")
    if t == 1:      # geometric series 1 + t + ... + t^n
        n = rng.randint(2, 6)
        src = f"(x, y) -> {{ g(n, t) = if n == 0 {{ 1 }} else {{ 1 + t * g(n - 1, t) }}; g({n}, x * y) }}"

        def g(m, tt):
            return sp.Integer(1) if m == 0 else 1 + tt * g(m - 1, tt)
        return Spec(src, [X, Y], g(n, X * Y), rpoint(rng, 2, -1, 1), "geom")
    if t == 2:      # Newton's method for the square root, by recursion
        n = rng.randint(3, 5)
        src = (f"(x, y) -> {{ nt(k, a, g) = if k == 0 {{ g }} else {{ nt(k - 1, a, (g + a / g) / 2) }}; "
               f"nt({n}, x, 1) + y * nt({n}, y, 1) }}")

        def nt(kk, a, gg):
            return gg if kk == 0 else nt(kk - 1, a, (gg + a / gg) / 2)
        return Spec(src, [X, Y], nt(n, X, 1) + Y * nt(n, Y, 1), rpoint(rng, 2, 0.25, 3), "newton")
    if t == 3:      # a linear recurrence with a parameter (Lucas-like)
        n, c = rng.randint(3, 6), rc(rng, -1, 1)
        src = (f"(x, y) -> {{ f(n, a, b, t) = if n == 0 {{ a }} else {{ f(n - 1, b, a + b * t, t) }}; "
               f"f({n}, x, y, {lit(c, True)}) + f({n - 1}, y, x, x) }}")

        def f(m, a, b, tt):
            return a if m == 0 else f(m - 1, b, a + b * tt, tt)
        return Spec(src, [X, Y], f(n, X, Y, Q(c)) + f(n - 1, Y, X, X), point, "lucas")
    if t == 4:      # iterated cosine
        n = rng.randint(2, 5)
        src = f"(x, y) -> {{ c(n, t, s) = if n == 0 {{ t }} else {{ s * cos(c(n - 1, t, s)) }}; c({n}, x, y) }}"

        def c(m, tt, s):
            return tt if m == 0 else s * sp.cos(c(m - 1, tt, s))
        return Spec(src, [X, Y], c(n, X, Y), point, "cos")
    if t == 5:      # truncated exp series in Horner form, counting up with >
        n = rng.randint(3, 7)
        src = (f"(x, y) -> {{ ex(k, n, t) = if k > n {{ 1 }} else {{ 1 + t / k * ex(k + 1, n, t) }}; "
               f"ex(1, {n}, x) * y }}")

        def ex(kk, m, tt):
            return sp.Integer(1) if kk > m else 1 + tt / kk * ex(kk + 1, m, tt)
        return Spec(src, [X, Y], ex(1, n, X) * Y, point, "taylor")
    if t == 6:      # two recursive calls per level
        n = rng.randint(3, 5)
        src = (f"(x, y) -> {{ f(n, t) = if n <= 1 {{ t }} else {{ f(n - 1, t) * f(n - 2, t) + 1 }}; "
               f"f({n}, x) - y * f({n - 1}, y) }}")

        def f2(m, tt):
            return tt if m <= 1 else f2(m - 1, tt) * f2(m - 2, tt) + 1
        return Spec(src, [X, Y], f2(n, X) - Y * f2(n - 1, Y), rpoint(rng, 2, -1, 1), "tree", hessian=n < 5)
    if t == 7:      # recursion over a vector argument
        n, c = rng.randint(2, 5), rc(rng, 1 / 4, 3 / 4, (4,))
        W = sp.symbols(f"w0:{n}")
        src = (f"w -> {{ r(i, acc, v) = if i < 0 {{ acc }} else {{ r(i - 1, acc * {lit(c)} + v[i]^2, v) }}; "
               f"r({n - 1}, 0, w) + w[0] }}")

        def r(i, acc):
            return acc if i < 0 else r(i - 1, acc * Q(c) + W[i] ** 2)
        return Spec(src, list(W), r(n - 1, sp.Integer(0)) + W[0], rpoint(rng, n), "vector")
    # t == 8: Fourier partial sum
    n = rng.randint(2, 6)
    src = f"(x, y) -> {{ s(n, t) = if n == 0 {{ 0 }} else {{ s(n - 1, t) + sin(n * t) / n }}; s({n}, x) * exp(y / 4) }}"
    return Spec(src, [X, Y], sum(sp.sin(m * X) / m for m in range(1, n + 1)) * sp.exp(Y / 4), point, "fourier")


# Built-ins, one by one -------------------------------------------------------------------
#
# Every differentiable built-in gets templates of its own, so that each appears in several
# cases however the random categories happen to draw. A template takes rng and returns a Spec.

def unary_argument(rng, name, leaves) -> Expr:
    """A random argument for `name`, mostly inside its domain (the rest is rejected later)."""
    if name in ("asin", "acos"):
        return lin(rng, leaves, cmax=0.5, dens=(4, 8))
    if name in ("log", "log2", "log10", "sqrt"):
        if rng.random() < 0.5:
            return lin(rng, leaves, cmax=2)
        return Num(rc(rng, 1 / 4, 2)) + rpoly(rng, leaves, 1, (1, 2), 1.5, const=False) ** Num(2)
    if name in ("tan", "exp", "sinh", "cosh", "abs", "relu", "floor", "ceil", "round"):
        return lin(rng, leaves, cmax=1.5)
    return rpoly(rng, leaves, 2, (1, 3), 2)


def unary_scalar(name):
    """`(x, y) -> f(arg) * (linear) + f(arg')`: the rule inside a product and a sum."""
    def make(rng):
        names, v = scalar_vars(rng)
        body = call(name, unary_argument(rng, name, v)) * lin(rng, v, 1.5) + call(name, unary_argument(rng, name, v))
        return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5), tag=name)
    return make


def unary_vector(name):
    """`w -> sum(f(arg(w)) * w)`: the rule applied element-wise to a vector."""
    def make(rng):
        w = Var("w")
        body = call("sum", call(name, unary_argument(rng, name, [w])) * w)
        return tree_spec(["w"], body, rpoint(rng, rng.randint(2, 4), -1.5, 1.5), tag=name, vector=True)
    return make


def unary_inner(name):
    """`(x, y) -> grad(t -> f(arg(t[0], y)) * t[0], [x])[0] * y`: the rule's derivative,
    differentiated again (its Hessian needs third derivatives)."""
    def make(rng):
        x, y, t0 = Var("x"), Var("y"), Var("t")[0]
        inner = Lam(["t"], call(name, unary_argument(rng, name, [t0, y])) * t0, True)
        body = call("grad", inner, Vec([x]))[0] * y
        return tree_spec(["x", "y"], body, rpoint(rng, 2, -1.5, 1.5), tag=name)
    return make


def atan2_case(rng):
    names, v = scalar_vars(rng)
    y_arg, x_arg = rpoly(rng, v, 2, (1, 2), 2), lin(rng, v, 2)
    body = call("atan2", y_arg, x_arg) * lin(rng, v, 1.5)
    return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5), tag="atan2")


def extreme_of_numbers(name):
    """min/max of three or four numbers."""
    def make(rng):
        names, v = scalar_vars(rng)
        candidates = [rpoly(rng, v, 2, (1, 2), 2) for _ in range(rng.randint(3, 4))]
        body = call(name, *candidates) * lin(rng, v, 1.5)
        return tree_spec(names, body, rpoint(rng, len(names)), tag=name)
    return make


def extreme_of_vector(name):
    """min/max of one vector's elements."""
    def make(rng):
        w = Var("w")
        n = rng.randint(3, 5)
        shifted = w * Vec([Num(rc(rng, -2, 2)) for _ in range(n)]) + call("sin", w)
        body = call(name, shifted) * call("sum", w) + call("dot", w, w) / Num(4)
        return tree_spec(["w"], body, rpoint(rng, n), tag=name, vector=True)
    return make


def sum_case(rng):
    if rng.random() < 0.5:
        w = Var("w")
        n = rng.randint(2, 5)
        body = call("sum", w ** Num(3) * Vec([Num(rc(rng, -2, 2)) for _ in range(n)])) + call("sum", w) ** Num(2)
        return tree_spec(["w"], body, rpoint(rng, n, -1.5, 1.5), tag="sum", vector=True)
    names, v = scalar_vars(rng)
    body = call("sum", Vec([mild(rng, v), rng.choice(v) * rng.choice(v), call("sin", lin(rng, v))]) ** Num(2))
    return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5), tag="sum")


def dot_case(rng):
    if rng.random() < 0.5:
        w = Var("w")
        body = call("dot", w, call("sin", w * Num(rc(rng, 1 / 2, 2))) + w ** Num(2))
        return tree_spec(["w"], body, rpoint(rng, rng.randint(2, 5), -1.5, 1.5), tag="dot", vector=True)
    names, v = scalar_vars(rng)
    body = call("dot", Vec([rng.choice(v), lin(rng, v), mild(rng, v)]), Vec([mild(rng, v), rng.choice(v), Num(rc(rng, -2, 2))]))
    return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5), tag="dot")


def norm_case(order):
    """norm(v, order) for a fixed order (None: the default, 2)."""
    tag = "norm" if order is None else f"norm{'inf' if order == 'inf' else order}"
    def make(rng):
        names, v = scalar_vars(rng)
        entries = Vec([lin(rng, v, 2), rpoly(rng, v, 2, (1, 2), 2), rng.choice(v) * rng.choice(v) - Num(rc(rng, -1, 1))])
        args = [entries] if order is None else [entries, Const("inf") if order == "inf" else Num(order)]
        body = call("norm", *args) * lin(rng, v, 1.5)
        return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5), tag=tag)
    return make


def norm_order_case(order_at=None):
    """`(x, y, z) -> norm([...], x)`: the order is differentiated too; `order_at` pins x (1, 2)."""
    def make(rng):
        x, y, z = Var("x"), Var("y"), Var("z")
        entries = Vec([y, z - Num(rc(rng, -1, 1)), y * z + Num(rc(rng, 1 / 2, 2))])
        body = call("norm", entries, x) + x * y / Num(4)
        p = Fraction(order_at) if order_at else rc(rng, 5 / 4, 7 / 2, (8,))
        return tree_spec(["x", "y", "z"], body, [p] + rpoint(rng, 2, -1.5, 1.5), tag="normp")
    return make


def shaped(template, shape):
    """The template `template(rng, shape)` with its shape fixed, so that a shape whose draws
    are often rejected still gets its cases."""
    return lambda rng: template(rng, shape)


def linspace_case(rng, shape):
    x, y = Var("x"), Var("y")
    n = rng.randint(2, 6)
    body = [
        lambda: call("sum", call("linspace", x, y, Num(n)) ** Num(2)),
        lambda: call("dot", call("linspace", x, y, Num(n)), call("sin", call("linspace", y, x * y, Num(n)))),
        lambda: call("linspace", x * y, y, Num(n))[rng.randrange(n)] ** Num(3) + x,
        lambda: call("sum", call("exp", call("linspace", x, Num(rc(rng, -1, 1)), Num(n)) * y)),
    ][shape]()
    return tree_spec(["x", "y"], body, rpoint(rng, 2, -1.5, 1.5), tag="linspace")


def range_case(rng, shape):
    """range(a, b[, step]) as a value: its elements follow a and step; its count stays fixed."""
    x, y, z = Var("x"), Var("y"), Var("z")
    if shape == 0:
        n = rng.randint(2, 5)
        body = call("sum", call("range", x, x + Num(n)) ** Num(2)) * y
        return tree_spec(["x", "y"], body, rpoint(rng, 2, -1.5, 1.5), tag="range")
    if shape == 1:
        step = rc(rng, 1 / 4, 1, (4,))
        body = call("sum", call("sin", call("range", x, y, Num(step)) * x)) * y
        return tree_spec(["x", "y"], body, rpoint(rng, 2, -2, 2), tag="range")
    body = call("sum", call("range", x, y, z) ** Num(2)) * y + z * Num(rc(rng, -2, 2))
    point = [rc(rng, -2, 0, (8,)), rc(rng, 0, 2, (8,)), rc(rng, 1 / 2, 3 / 2, (8,))]
    return tree_spec(["x", "y", "z"], body, point, tag="range")


def append_case(rng, shape):
    if shape == 0:
        names, v = scalar_vars(rng)
        body = call("sum", call("append", Vec(v), mild(rng, v)) ** Num(2))
        return tree_spec(names, body, rpoint(rng, len(names), -1.5, 1.5), tag="append")
    if shape == 1:
        w = Var("w")
        body = call("dot", call("append", w, w[0] * w[1]), call("append", call("sin", w), Num(rc(rng, -2, 2))))
        return tree_spec(["w"], body, rpoint(rng, rng.randint(2, 4), -1.5, 1.5), tag="append", vector=True)
    n, c = rng.randint(2, 5), rc(rng, -2, 2)
    W = sp.symbols(f"w0:{n}", real=True)
    src = (f"w -> {{ v = []; for i in range({n}) {{ v = append(v, w[i] * (i + 1) + {lit(c)} * w[(i + 1) % {n}]^2) }}; "
           f"dot(v, v) }}")
    v = [W[i] * (i + 1) + Q(c) * W[(i + 1) % n] ** 2 for i in range(n)]
    return Spec(src, list(W), sum(e * e for e in v), rpoint(rng, n, -1.5, 1.5), "append")


def index_assign_case(rng, shape):
    """`v[i] = ...`: in a loop over a vector, on a copy of the parameter, in a matrix."""
    n, c = rng.randint(2, 5), rc(rng, -2, 2)
    W = sp.symbols(f"w0:{n}", real=True)
    point = rpoint(rng, n, -1.5, 1.5)
    if shape == 0:
        src = (f"w -> {{ v = zeros({n}); for i in range({n}) {{ v[i] = w[i] * w[(i + 1) % {n}]{minus(c)} * w[i] }}; "
               f"dot(v, v) + sum(v) }}")
        v = [W[i] * W[(i + 1) % n] - Q(c) * W[i] for i in range(n)]
        return Spec(src, list(W), sum(e * e for e in v) + sum(v), point, "setindex")
    if shape == 1:
        src = f"w -> {{ v = w; for i in 1..{n - 1} {{ v[i] = v[i] * v[i - 1] + {lit(c)} }}; v[0] = sin(v[{n - 1}]); dot(v, w) }}"
        v = list(W)
        for i in range(1, n):
            v[i] = v[i] * v[i - 1] + Q(c)
        v[0] = sp.sin(v[n - 1])
        return Spec(src, list(W), sum(a * b for a, b in zip(v, W)), point, "setindex")
    src = (f"w -> {{ m = zeros({n}, {n}); for i in range({n}) {{ for j in range({n}) {{ m[i][j] = w[i] * w[j] / (i + j + 1) }} }}; "
           f"s = 0; for row in m {{ s = s + sum(row)^2 }}; s }}")
    m = [[W[i] * W[j] / (i + j + 1) for j in range(n)] for i in range(n)]
    return Spec(src, list(W), sum(sum(row) ** 2 for row in m), point, "setindex")


def descend_sym(loss, start: list, lr=D("0.1"), steps=100) -> list:
    """Grad's `descend`: w <- w - lr * grad(loss, w), `steps` times, with SymPy's gradient of
    `loss` (a Python function of a list of SymPy expressions)."""
    k = next(_fresh)
    ws = [sp.Symbol(f"_d{k}_{i}", real=True) for i in range(len(start))]
    gradient = [sp.diff(loss(ws), s) for s in ws]
    w = list(start)
    for _ in range(steps):
        at = dict(zip(ws, w))
        w = [sp.expand(wi - lr * g.xreplace(at)) for wi, g in zip(w, gradient)]
    return w


def descend_case(rng, shape):
    """descend as a computation: the result depends on captured parameters and on the start."""
    if shape in (0, 1):     # one coordinate: the derivative is 1 - (1 - 2 * c * lr)^steps
        c = Fraction(1) if shape == 0 else rng.choice([Fraction(1, 2), Fraction(3, 2)])
        scaled = "" if c == 1 else f" * {lit(c)}"
        steps = rng.randint(5, 12) if shape == 0 else 100
        options = f", steps: {steps}" if shape == 0 else ""          # shape 1: the default 100 steps
        src = f"x -> descend(w -> (w[0] - x)^2{scaled}, [0]{options})[0]"
        w = descend_sym(lambda u: (u[0] - X) ** 2 * Q(c), [sp.Integer(0)], steps=steps)
        return Spec(src, [X], w[0], [rc(rng, -2, 2, (8,))], "descend")
    if shape == 2:      # the start is the point; lr given
        steps, c = rng.randint(3, 8), rc(rng, 1 / 4, 1)
        src = (f"(x, y) -> {{ w = descend(v -> (v[0] - 1)^2 + {lit(c)} * (v[1] - v[0])^2, [x, y], lr: 0.25, "
               f"steps: {steps}); w[0] * w[1] }}")
        w = descend_sym(lambda u: (u[0] - 1) ** 2 + Q(c) * (u[1] - u[0]) ** 2, [X, Y], Q(Fraction(1, 4)), steps)
        return Spec(src, [X, Y], w[0] * w[1], rpoint(rng, 2, -1.5, 1.5), "descend")
    if shape == 3:      # the learning rate is a parameter too
        steps, c = rng.randint(3, 8), rc(rng, 1 / 2, 2)
        src = f"(x, y) -> descend(w -> (w[0] - x)^2 * {lit(c)} + w[0]^2 * x / 4, [1], lr: y, steps: {steps})[0]"
        w = descend_sym(lambda u: (u[0] - X) ** 2 * Q(c) + u[0] ** 2 * X / 4, [sp.Integer(1)], Y, steps)
        return Spec(src, [X, Y], w[0], [rc(rng, -1, 1, (8,)), rc(rng, 1 / 16, 1 / 4, (16,))], "descend")
    steps = rng.randint(3, 6)    # a helper loss capturing both parameters, evaluated at the result
    src = (f"(x, y) -> {{ loss(w) = (w[0] - x)^2 + 2 * (w[1] - y)^2 + w[0] * w[1] / 4; "
           f"w = descend(loss, [0, 0], lr: 0.125, steps: {steps}); loss(w) + w[0] }}")
    loss = lambda u: (u[0] - X) ** 2 + 2 * (u[1] - Y) ** 2 + u[0] * u[1] / 4
    w = descend_sym(loss, [sp.Integer(0), sp.Integer(0)], Q(Fraction(1, 8)), steps)
    return Spec(src, [X, Y], loss(w) + w[0], rpoint(rng, 2, -1.5, 1.5), "descend")


def fresh_symbols(n: int) -> list:
    k = next(_fresh)
    return [sp.Symbol(f"_c{k}_{i}", real=True) for i in range(n)]


def partial_case(rng):
    """partial inside a function, by index or by parameter name."""
    a, b = fresh_symbols(2)
    c = rc(rng, -2, 2)
    inner = a ** 2 * b * X + sp.sin(a * Y) * Q(c)
    by_name = rng.random() < 0.5
    which = '"b"' if by_name else "1"
    src = f"(x, y) -> partial((a, b) -> a^2 * b * x + sin(a * y) * {lit(c)}, [x * y, y], {which}) * y"
    value = sp.diff(inner, b).xreplace({a: X * Y, b: Y})
    return Spec(src, [X, Y], value * Y, rpoint(rng, 2, -1.5, 1.5), "partial")


def hessian_case(rng):
    a, b = fresh_symbols(2)
    c = rc(rng, -2, 2)
    inner = a ** 3 * b + X * a * b ** 2 + Q(c) * sp.cos(a - b)
    src = (f"(x, y) -> {{ h = hessian((a, b) -> a^3 * b + x * a * b^2 + {lit(c)} * cos(a - b), [y, x]); "
           f"h[0][1] * y + h[1][1] }}")
    at = {a: Y, b: X}
    value = sp.diff(inner, a, b).xreplace(at) * Y + sp.diff(inner, b, b).xreplace(at)
    return Spec(src, [X, Y], value, rpoint(rng, 2, -1.5, 1.5), "hessian")


def jacobian_case(rng):
    t0, t1 = fresh_symbols(2)
    c = rc(rng, 1 / 2, 2)
    outputs = [t0 * t1 * X, sp.sin(t0) * Y + Q(c) * t1 ** 2]
    src = f"(x, y) -> sum(jacobian(t -> [t[0] * t[1] * x, sin(t[0]) * y + {lit(c)} * t[1]^2], [x, y])[1]) * x"
    at = {t0: X, t1: Y}
    row = [sp.diff(outputs[1], s).xreplace(at) for s in (t0, t1)]
    return Spec(src, [X, Y], sum(row) * X, rpoint(rng, 2, -1.5, 1.5), "jacobian")


def grad_function_case(rng):
    """grad(f) as a function value, called at a point that depends on the parameters."""
    t0, t1 = fresh_symbols(2)
    c = rc(rng, 1 / 2, 2)
    inner = t0 ** 2 * t1 * X + sp.exp(t1 * Q(c))
    src = f"(x, y) -> {{ g = grad(t -> t[0]^2 * t[1] * x + exp(t[1] * {lit(c)})); d = g([y, x]); d[0] * d[1] }}"
    at = {t0: Y, t1: X}
    d = [sp.diff(inner, s).xreplace(at) for s in (t0, t1)]
    return Spec(src, [X, Y], d[0] * d[1], rpoint(rng, 2, -1.5, 1.5), "gradf")


MIN_COVERAGE = 3      # each differentiable built-in is called in at least this many cases

SMOOTH_BUILTINS = ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log",
                   "log2", "log10", "sqrt", "abs", "sigmoid", "relu"]

# (template, how many cases). Piecewise-constant floor/ceil/round have derivative 0.
BUILTIN_TEMPLATES = (
    [(maker(name), 1) for name in SMOOTH_BUILTINS for maker in (unary_scalar, unary_vector, unary_inner)]
    + [(unary_scalar(name), MIN_COVERAGE) for name in ("floor", "ceil", "round")]
    + [(atan2_case, 3), (extreme_of_numbers("min"), 2), (extreme_of_vector("min"), 2),
       (extreme_of_numbers("max"), 2), (extreme_of_vector("max"), 2), (sum_case, 3), (dot_case, 3),
       (norm_case(None), 2), (norm_case(1), 3), (norm_case(3), 3), (norm_case("inf"), 3),
       (norm_order_case(), 3), (norm_order_case(1), 1), (norm_order_case(2), 1),
       (shaped(linspace_case, 0), 2), (shaped(linspace_case, 1), 1), (shaped(linspace_case, 2), 1),
       (shaped(linspace_case, 3), 1), (shaped(range_case, 0), 2), (shaped(range_case, 1), 1),
       (shaped(range_case, 2), 2), (shaped(append_case, 0), 1), (shaped(append_case, 1), 1),
       (shaped(append_case, 2), 1), (shaped(index_assign_case, 0), 2), (shaped(index_assign_case, 1), 1),
       (shaped(index_assign_case, 2), 1), (shaped(descend_case, 0), 2), (shaped(descend_case, 1), 1),
       (shaped(descend_case, 2), 1), (shaped(descend_case, 3), 2), (shaped(descend_case, 4), 1),
       (partial_case, MIN_COVERAGE), (hessian_case, MIN_COVERAGE), (jacobian_case, MIN_COVERAGE),
       (grad_function_case, 2)]
)
BUILTIN_SCHEDULE = [template for template, count in BUILTIN_TEMPLATES for _ in range(count)]


def gen_builtin(rng, k):
    return BUILTIN_SCHEDULE[k](rng)


# Programs ------------------------------------------------------------------------------
#
# Small programs in one line (`;` separates statements): helper functions, closures that
# capture parameters, recursion, loops with `v[i] =` and `append`, early return, break and
# continue, nested grads. Each is mirrored step by step in Python over SymPy expressions.

def gen_program(rng, k):
    return PROGRAMS[k % len(PROGRAMS)](rng)


def program_closure_loop(rng):
    """A helper that captures a local computed from the parameter."""
    n, a = rng.randint(2, 5), rc(rng, -2, 2)
    W = sp.symbols(f"w0:{n}", real=True)
    src = (f"w -> {{ c = w[0]; h(t) = sin(c * t) + {lit(a)} * t^2; s = 0; "
           f"for i in range({n}) {{ s = s + h(w[i]) * (i + 1) }}; s }}")
    h = lambda t: sp.sin(W[0] * t) + Q(a) * t ** 2
    return Spec(src, list(W), sum(h(W[i]) * (i + 1) for i in range(n)), rpoint(rng, n, -1.5, 1.5), "closure")


def program_recursive_closure(rng):
    """Recursion whose body reads the enclosing function's parameters; two calls per level."""
    n, a = rng.randint(2, 4), rc(rng, 1 / 4, 1)
    src = f"(x, y) -> {{ f(k) = if k == 0 {{ y }} else {{ x * f(k - 1) + sin(f(k - 1)) * {lit(a)} }}; f({n}) }}"

    def f(m):
        return Y if m == 0 else X * f(m - 1) + sp.sin(f(m - 1)) * Q(a)
    return Spec(src, [X, Y], f(n), rpoint(rng, 2, -1, 1), "recclosure")


def program_append_while(rng):
    """A vector grown with append until it is long enough; v[-1] is its last element."""
    n, a = rng.randint(3, 6), rc(rng, -1, 1)
    src = f"(x, y) -> {{ v = [x]; while len(v) < {n} {{ v = append(v, v[-1] * y + sin(v[-1]) * {lit(a)}) }}; sum(v) }}"
    v = [X]
    while len(v) < n:
        v.append(v[-1] * Y + sp.sin(v[-1]) * Q(a))
    return Spec(src, [X, Y], sum(v), rpoint(rng, 2, -1.25, 1.25), "appendwhile")


def program_nested_grad(rng):
    """The brief's `grad(p -> grad(f, p)[0], q)`: a row of f's Hessian, with f capturing x."""
    c = rc(rng, -2, 2)
    a, b = fresh_symbols(2)
    f = a ** 2 * b ** 3 + Q(c) * X * sp.sin(a * b)
    src = (f"(x, y) -> {{ f(a, b) = a^2 * b^3 + {lit(c)} * x * sin(a * b); g = grad(p -> grad(f, p)[0], [x, y]); "
           f"g[1] * y + g[0] }}")
    at = {a: X, b: Y}
    g = [sp.diff(f, a, a).xreplace(at), sp.diff(f, a, b).xreplace(at)]
    return Spec(src, [X, Y], g[1] * Y + g[0], rpoint(rng, 2, -1.5, 1.5), "nestedgrad", hessian=False)


def program_make_closure(rng):
    """A function that returns a closure; two closures over different captured values."""
    c = rc(rng, 1 / 2, 2)
    src = f"(x, y) -> {{ make(a) = t -> a * t^2 + sin(a * t * {lit(c)}); g = make(x); h = make(y); g(y) + h(x * y) }}"
    make = lambda a: (lambda t: a * t ** 2 + sp.sin(a * t * Q(c)))
    return Spec(src, [X, Y], make(X)(Y) + make(Y)(X * Y), rpoint(rng, 2, -1.5, 1.5), "makeclosure")


def program_newton_with_grad(rng):
    """Newton's square root, its derivative taken by grad at a tracked number."""
    n = rng.randint(3, 5)
    src = f"(x, y) -> {{ r = 1; for k in range({n}) {{ r = r - (r^2 - x) / grad(t -> t^2 - x, r) }}; r * y }}"
    r = sp.Integer(1)
    for _ in range(n):
        r = r - (r ** 2 - X) / (2 * r)
    return Spec(src, [X, Y], r * Y, rpoint(rng, 2, 0.25, 3), "newtongrad")


def program_early_return(rng):
    """A helper that returns from inside a loop: the first element above c, squared."""
    n, c = rng.randint(3, 5), rc(rng, -1, 1)
    W = sp.symbols(f"w0:{n}", real=True)
    point = rpoint(rng, n, -1.5, 1.5)
    _, ctx = vector_ctx("w", point)
    src = (f"w -> {{ first(v) = {{ for t in v {{ if t > {lit(c, True)} {{ return t^2 }} }}; 0 }}; "
           f"first(w) * w[0] + w[{n - 1}] }}")
    first = next((W[i] ** 2 for i in range(n) if ctx.compare(W[i], ">", Q(c))), sp.Integer(0))
    return Spec(src, list(W), first * W[0] + W[n - 1], point, "return")


def program_continue_break(rng):
    n, c, limit = rng.randint(3, 6), rc(rng, -1, 1), rc(rng, 1, 4)
    W = sp.symbols(f"w0:{n}", real=True)
    point = rpoint(rng, n, -1.5, 1.5)
    _, ctx = vector_ctx("w", point)
    src = (f"w -> {{ s = 0; for i in range({n}) {{ if w[i] < {lit(c, True)} {{ continue }}; "
           f"if s > {lit(limit, True)} {{ break }}; s = s + w[i]^3 + w[i] * s }}; s }}")
    s = sp.Integer(0)
    for i in range(n):
        if ctx.compare(W[i], "<", Q(c)):
            continue
        if ctx.compare(s, ">", Q(limit)):
            break
        s = s + W[i] ** 3 + W[i] * s
    return Spec(src, list(W), s, point, "break")


def program_for_in_append(rng):
    n = rng.randint(2, 5)
    W = sp.symbols(f"w0:{n}", real=True)
    c = rc(rng, 1 / 2, 2)
    src = f"w -> {{ out = []; for t in w {{ out = append(out, tanh(t * {lit(c)}) * t) }}; dot(out, w) }}"
    return Spec(src, list(W), sum(sp.tanh(t * Q(c)) * t * t for t in W), rpoint(rng, n, -1.5, 1.5), "forin")


def program_trapezoid(rng):
    """The trapezoid rule over linspace(0, y, n): derivative in the integrand and the limit."""
    n = rng.randint(3, 7)
    src = (f"(x, y) -> {{ ts = linspace(0, y, {n}); s = 0; for i in range({n - 1}) "
           f"{{ s = s + (ts[i + 1] - ts[i]) * (sin(x * ts[i]) + sin(x * ts[i + 1])) / 2 }}; s }}")
    ts = linspace(sp.Integer(0), Y, n)
    s = sum((ts[i + 1] - ts[i]) * (sp.sin(X * ts[i]) + sp.sin(X * ts[i + 1])) / 2 for i in range(n - 1))
    return Spec(src, [X, Y], s, rpoint(rng, 2, -1.5, 1.5), "trapezoid")


def program_compound_assignment(rng):
    n = rng.randint(2, 5)
    src = f"(x, y) -> {{ s = x; p = 1; for k in 1..{n} {{ p *= y / k; s += p * cos(k * x); s -= x / (k + 1) }}; s }}"
    s, p = X, sp.Integer(1)
    for k in range(1, n + 1):
        p = p * Y / k
        s = s + p * sp.cos(k * X) - X / (k + 1)
    return Spec(src, [X, Y], s, rpoint(rng, 2, -1.5, 1.5), "compound")


def loop_over_bounds(bounds, tag):
    """A for loop over `bounds`, made of the parameter x: the loop variable carries x's
    derivative (the count stays fixed near the point)."""
    def make(rng):
        n = rng.randint(2, 5)
        src = f"(x, y) -> {{ s = 0; for t in {bounds(n)} {{ s = s + sin(t * y) }}; s }}"
        return Spec(src, [X, Y], sum(sp.sin((X + i) * Y) for i in range(n)), rpoint(rng, 2, -1.5, 1.5), tag)
    return make


def program_number_as_vector(rng):
    """A number is also a vector of one element when read: index it, sum it, take its
    length, norm and dot product (append to it stays an error, grammar.md section 4)."""
    c = rc(rng, -2, 2)
    src = f"(x, y) -> {{ v = append([x], y); x[0] * sum(y) + len(x) * dot(x, v[1]) + norm(x) * {lit(c)} }}"
    point = rpoint(rng, 2, -1.5, 1.5)
    _, ctx = scalar_ctx(["x", "y"], point)
    return Spec(src, [X, Y], X * Y + X * Y + absolute(X, ctx) * Q(c), point, "numbervector")


PROGRAMS = [program_closure_loop, program_recursive_closure, program_append_while, program_nested_grad,
            program_make_closure, program_newton_with_grad, program_early_return, program_continue_break,
            program_for_in_append, program_trapezoid, program_compound_assignment,
            loop_over_bounds(lambda n: f"range(x, x + {n})", "rangeloop"),
            loop_over_bounds(lambda n: f"x..x + {n - 1}", "inclusive"), program_number_as_vector]


# --------------------------------------------------------------------------------------
# The second fixture: large gradients, Hessians and Jacobians, stored by their nonzeros
# --------------------------------------------------------------------------------------
#
# A function of 50 to 500 coordinates is a sum of terms (or, for a Jacobian, a list of
# outputs) that each involve a few coordinates, so its exact derivatives are found term by
# term: d/dw_i of a sum is the sum of the terms' d/dw_i, and a term contributes only to the
# coordinates it contains. Dense cases (logsumexp, softmax) are one term in every coordinate.

@dataclass
class MatrixSpec:
    name: str
    derivative: str          # the built-in that computes it: "grad", "hessian" or "jacobian"
    src: str
    syms: list
    parts: list              # SymPy terms summed to f, or f's outputs (jacobian)
    point: list


def add_to(entries: dict, key, expr):
    entries[key] = entries.get(key, 0) + expr


def sparse_derivative(spec: MatrixSpec) -> dict:
    """{(row, column): SymPy expression} of every entry that is not structurally zero."""
    index = {s: i for i, s in enumerate(spec.syms)}
    entries: dict = {}
    for r, part in enumerate(spec.parts):
        own = sorted(part.free_symbols & index.keys(), key=index.get)
        for s in own:
            first = sp.diff(part, s)
            if spec.derivative == "grad":
                add_to(entries, (0, index[s]), first)
            elif spec.derivative == "jacobian":
                add_to(entries, (r, index[s]), first)
            else:
                for t in own:
                    add_to(entries, (index[s], index[t]), sp.diff(first, t))
    return entries


def matrix_shape(spec: MatrixSpec) -> list:
    n = len(spec.syms)
    return {"grad": [n], "hessian": [n, n], "jacobian": [len(spec.parts), n]}[spec.derivative]


def high_precision_values(syms, exprs, point) -> list[float]:
    """The exact derivatives at the point, evaluated by mpmath with HIGH_PRECISION working
    digits and rounded to double. (SymPy's N is much slower on thousands of dense entries; the
    margin of 40 digits over a double's 17 covers any cancellation the conditioning check,
    which follows, lets through.)"""
    f = sp.lambdify(syms, exprs, modules="mpmath")
    with mpmath.workdps(HIGH_PRECISION):
        values = [float(v) for v in f(*[mpmath.mpf(p.numerator) / p.denominator for p in point])]
    if not all(math.isfinite(v) and abs(v) <= MAX_MAGNITUDE for v in values):
        raise Reject("not finite or too large")
    return values


def evaluate_matrix(spec: MatrixSpec) -> list:
    """[(row, column, value)] of the nonzero entries, exact values rounded to double."""
    entries = sparse_derivative(spec)
    keys = sorted(entries)
    values = high_precision_values(spec.syms, [entries[k] for k in keys], spec.point)
    # Absolute below 1, as the Swift test compares: a small entry made by cancellation
    # (0.01 from terms near 1) carries a relative rounding error that the test never sees.
    if not conditioning_ok(spec.syms, [entries[k] for k in keys], values, spec.point, absolute_below=1.0):
        raise Reject("ill-conditioned in double precision")
    return [(r, c, v) for (r, c), v in zip(keys, values) if v != 0]


def coupling_chain_case(rng, n):
    """f(w) = sum of a smooth coupling of w[i] and w[i + 1], written with a loop and a helper."""
    a, b = rc(rng, 1 / 4, 1), rc(rng, 1 / 4, 2)
    W = sp.symbols(f"w0:{n}", real=True)
    src = (f"w -> {{ c(p, q) = (q - p^2)^2 * {lit(a)} + sin(p * q) + log(1 + (p - q)^2) * {lit(b)}; s = 0; "
           "for i in range(len(w) - 1) { s = s + c(w[i], w[i + 1]) }; s }")
    c = lambda p, q: (q - p ** 2) ** 2 * Q(a) + sp.sin(p * q) + sp.log(1 + (p - q) ** 2) * Q(b)
    return W, src, [c(W[i], W[i + 1]) for i in range(n - 1)]


def closure_chain_case(rng, n):
    """A closure capturing a weight, summed over neighbours with `v[i] =` into a vector first."""
    k = rc(rng, 1 / 2, 2)
    W = sp.symbols(f"w0:{n}", real=True)
    src = (f"w -> {{ k = {lit(k)}; g(p, q) = tanh(k * p - q) * q + exp(p * q / 4); v = zeros(len(w) - 1); "
           "for i in range(len(w) - 1) { v[i] = g(w[i], w[i + 1]) }; sum(v) + dot(w, w) / 8 }")
    g = lambda p, q: sp.tanh(Q(k) * p - q) * q + sp.exp(p * q / 4)
    return W, src, [g(W[i], W[i + 1]) for i in range(n - 1)] + [t ** 2 / 8 for t in W]


def logsumexp_case(rng, n):
    c = rc(rng, 1 / 4, 1)
    W = sp.symbols(f"w0:{n}", real=True)
    src = f"w -> log(sum(exp(w * {lit(c)})))"
    return W, src, [sp.log(sp.Add(*[sp.exp(t * Q(c)) for t in W]))]


def products_jacobian_case(rng, n):
    """The brief's jacobian of w -> [w[i] * w[i + 1] ...], built with `v[i] =`."""
    W = sp.symbols(f"w0:{n}", real=True)
    src = "w -> { v = zeros(len(w) - 1); for i in range(len(w) - 1) { v[i] = w[i] * w[i + 1] }; v }"
    return W, src, [W[i] * W[i + 1] for i in range(n - 1)]


def append_jacobian_case(rng, n):
    c = rc(rng, 1 / 2, 2)
    W = sp.symbols(f"w0:{n}", real=True)
    src = (f"w -> {{ n = len(w); v = []; for i in range(n) {{ v = append(v, sin(w[i]) * w[(i + 1) % n] "
           f"+ {lit(c)} * w[i]^2) }}; v }}")
    return W, src, [sp.sin(W[i]) * W[(i + 1) % n] + Q(c) * W[i] ** 2 for i in range(n)]


def softmax_jacobian_case(rng, n):
    W = sp.symbols(f"w0:{n}", real=True)
    total = sp.Add(*[sp.exp(t) for t in W])
    return W, "w -> exp(w) / sum(exp(w))", [sp.exp(t) / total for t in W]


def small_jacobian_case(rng, n):
    """A few outputs of two or three parameters, through a loop and a helper."""
    names = ["x", "y", "z"][:n]
    syms = [X, Y, Z][:n]
    c = rc(rng, -2, 2)
    src = (f"({', '.join(names)}) -> {{ h(t) = t * exp(t / 4); out = []; for k in range(3) "
           f"{{ out = append(out, h({names[-1]} + k) * {names[0]} + {lit(c)} * sin(k * {names[0]} * {names[1]})) }}; out }}")
    h = lambda t: t * sp.exp(t / 4)
    outputs = [h(syms[-1] + k) * syms[0] + Q(c) * sp.sin(k * syms[0] * syms[1]) for k in range(3)]
    return syms, src, outputs


# (name, derivative, builder, number of coordinates)
MATRIX_CASES = [
    ("chain_gradient_500", "grad", coupling_chain_case, 500),
    ("chain_hessian_50", "hessian", coupling_chain_case, 50),
    ("chain_hessian_500", "hessian", coupling_chain_case, 500),
    ("closure_hessian_120", "hessian", closure_chain_case, 120),
    ("closure_gradient_300", "grad", closure_chain_case, 300),
    ("logsumexp_hessian_50", "hessian", logsumexp_case, 50),
    ("products_jacobian_500", "jacobian", products_jacobian_case, 500),
    ("append_jacobian_200", "jacobian", append_jacobian_case, 200),
    ("softmax_jacobian_50", "jacobian", softmax_jacobian_case, 50),
    ("small_jacobian_2", "jacobian", small_jacobian_case, 2),
    ("small_jacobian_3", "jacobian", small_jacobian_case, 3),
    ("small_jacobian_3b", "jacobian", small_jacobian_case, 3),
]


MATRIX_ATTEMPTS = 10
HIGH_PRECISION = 60


def build_matrix_cases(seed: int, log=lambda *a: None) -> list:
    rng = random.Random(f"{seed}:matrices")
    cases = []
    for name, derivative, builder, n in MATRIX_CASES:
        syms, src, parts = builder(rng, n)
        for attempt in range(MATRIX_ATTEMPTS):      # a new point when one is ill-conditioned
            spec = MatrixSpec(name, derivative, src, list(syms), parts, rpoint(rng, len(syms), -1.5, 1.5))
            try:
                cases.append((spec, evaluate_matrix(spec)))
                break
            except Reject:
                continue
        else:
            raise RuntimeError(f"{name}: no well-conditioned point in {MATRIX_ATTEMPTS} attempts")
        log(f"  {name:24s} {derivative:8s} {len(cases[-1][1]):5d} nonzeros")
    return cases


def render_matrices(cases: list, seed: int) -> str:
    lines = [
        "# name\tderivative\tfunction\tpoint\tshape\tnonzeros",
        f"# Generated by scripts/gen_ad_cases.py (seed {seed}); do not edit by hand.",
        "# derivative(f, point) has the given shape; nonzeros lists [row, column, value] (grad:",
        "# [index, value]) of every entry that is not 0, exact SymPy values rounded to double;",
        "# every other entry must be 0. Compare within 1e-12, relative above 1 and absolute below.",
    ]
    for spec, entries in cases:
        assert "\t" not in spec.src and "\n" not in spec.src
        if spec.derivative == "grad":
            items = (f"[{c}, {fmt_float(v)}]" for _, c, v in entries)
        else:
            items = (f"[{r}, {c}, {fmt_float(v)}]" for r, c, v in entries)
        shape = fmt_vec(str(d) for d in matrix_shape(spec))
        lines.append("\t".join([spec.name, spec.derivative, spec.src, fmt_point(spec.point), shape, fmt_vec(items)]))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------

# (category, name prefix, generator, count). Random generators take rng; indexed ones
# (rng, k) cycle through their templates.
CATEGORIES = [
    ("polynomial", "poly", gen_poly, 25),
    ("exp/log", "explog", gen_explog, 25),
    ("trig", "trig", gen_trig, 25),
    ("hyperbolic", "hyper", gen_hyper, 25),
    ("powers", "pow", gen_powers, 25),
    ("quotient", "quot", gen_quot, 25),
    ("composition", "comp", gen_compose, 25),
    ("classic", None, None, None),
    ("vector", "vec", gen_vector, 25),
    ("loop", "loop", gen_loop, 25),
    ("branch", "branch", gen_branch, 25),
    ("recursion", "rec", gen_recursion, 25),
    ("nested grad", "nested", gen_nested, 25),
    ("nonsmooth", "nonsmooth", gen_nonsmooth, 25),
    ("builtin", "builtin", gen_builtin, len(BUILTIN_SCHEDULE)),
    ("program", "prog", gen_program, 2 * len(PROGRAMS)),
]
INDEXED = {gen_vector, gen_nested, gen_loop, gen_branch, gen_recursion, gen_builtin, gen_program}
MAX_ATTEMPTS = 400

# Built-ins that must each be called in at least MIN_COVERAGE cases (`range` and `..` are
# counted by their own templates, since loops use them too).
COVERED = SMOOTH_BUILTINS + ["atan2", "min", "max", "sum", "dot", "norm", "linspace", "append", "descend",
                             "floor", "ceil", "round", "grad", "partial", "hessian", "jacobian"]


def check_coverage(cases: list[Case], log):
    counts = {name: sum(1 for c in cases if re.search(rf"\b{name}\(", c.spec.src)) for name in COVERED}
    counts["range (a value)"] = sum(1 for c in cases if c.spec.tag == "range")
    log("built-in coverage (cases calling it): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    missing = [k for k, v in counts.items() if v < MIN_COVERAGE]
    assert not missing, f"built-ins in fewer than {MIN_COVERAGE} cases: {missing}"


def build_cases(seed: int, log=lambda *a: None) -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()
    for category, prefix, gen, count in CATEGORIES:
        if gen is None:
            for name, spec in classic_cases():
                g, h = evaluate(spec)          # fixed cases must pass every check
                cases.append(Case(name, category, spec, g, h))
            continue
        rng = random.Random(f"{seed}:{category}")
        made, rejected = 0, 0
        while made < count:
            reasons = []
            for attempt in range(MAX_ATTEMPTS):
                try:
                    spec = gen(rng, made) if gen in INDEXED else gen(rng)
                    if spec.src in seen:
                        raise Reject("duplicate")
                    g, h = evaluate(spec)
                    break
                except Reject as why:
                    rejected += 1
                    reasons.append(str(why))
            else:
                raise RuntimeError(f"{category}: no usable case after {MAX_ATTEMPTS} attempts "
                                   f"(last reasons: {sorted(set(reasons[-20:]))})")
            made += 1
            seen.add(spec.src)
            tag = f"_{spec.tag}" if spec.tag else ""
            cases.append(Case(f"{prefix}{tag}_{made:03d}", category, spec, g, h))
        log(f"  {category:12s} {count:3d} cases ({rejected} draws rejected)")
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    check_coverage(cases, log)
    return cases


def render(cases: list[Case], seed: int) -> str:
    lines = [
        "# name\tfunction\tpoint\tgradient\thessian",
        f"# Generated by scripts/gen_ad_cases.py (seed {seed}); do not edit by hand.",
        "# Exact SymPy derivatives evaluated to 40 digits and rounded to double (Python repr).",
        "# Compare within 1e-12 relative (absolute when |reference| < 1e-12); '-' = Hessian omitted.",
    ]
    for c in cases:
        assert "\t" not in c.spec.src and "\n" not in c.spec.src
        grad = fmt_vec(fmt_float(v) for v in c.gradient)
        hess = "-" if c.hessian is None else fmt_vec(fmt_vec(fmt_float(v) for v in row) for row in c.hessian)
        lines.append("\t".join([c.name, c.spec.src, fmt_point(c.spec.point), grad, hess]))
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="write the TSV here instead of stdout")
    ap.add_argument("--matrices", help="also write the large gradients, Hessians and Jacobians here")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = ap.parse_args(argv)
    log = lambda *a: print(*a, file=sys.stderr)
    log(f"generating Grad AD cases (seed {args.seed})")
    cases = build_cases(args.seed, log)
    text = render(cases, args.seed)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    counts: dict[str, list[int]] = {}
    for c in cases:
        e = counts.setdefault(c.category, [0, 0])
        e[0] += 1
        e[1] += c.hessian is not None
    log("summary (cases / with Hessian):")
    for cat, (n, h) in counts.items():
        log(f"  {cat:12s} {n:3d} / {h:3d}")
    total, with_h = len(cases), sum(c.hessian is not None for c in cases)
    log(f"  {'total':12s} {total:3d} / {with_h:3d}")
    if args.matrices:
        log("matrix cases:")
        text = render_matrices(build_matrix_cases(args.seed, log), args.seed)
        with open(args.matrices, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
