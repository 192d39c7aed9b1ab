"""Hostile inputs too large to commit, made when the tests run: (family, name, source bytes, header)."""

TERMS = 100_000
NESTED = {"exit": 1, "stderr": "nested too deeply"}


def joined(term, separator, count=TERMS):
    return separator.join([term] * count)


def cases():
    # A 20 MB program would take gigabytes to parse: refused before it starts, at line 1.
    too_large = {"exit": 1, "stderr": [":1:1: error: the program is 20 MiB of text, too large"]}
    yield ("sources", "semicolons-20MB", b";" * (20 << 20), too_large)
    yield ("sources", "calls-20MB", b"f(1)\n" * (4 << 20), too_large)
    # Just under the limit (8 MiB at the default budget of 2 GiB) it runs, within the budget.
    yield ("sources", "statements-7MB", b"x = 1\n" * (7 << 20 // 6) + b"print(x)\n", {"stdout": "1", "seconds": 120})
    yield from long_chains()
    yield from deep_nesting()
    yield from line_ends()


def long_chains():
    """A run of left-associative operators is not nesting: any length parses, runs and is freed."""
    def program(text):
        return text.encode()
    yield ("sources", "sum-100000-terms", program(f"print({joined('1', '+')})"), {"stdout": str(TERMS)})
    yield ("sources", "sum-100000-lines", program(f"print({joined('1', ' +' + chr(10))})"), {"stdout": str(TERMS)})
    yield ("sources", "sum-1000000-terms", program(f"print({joined('1', '+', 1_000_000)})"),
           {"stdout": "1000000", "seconds": 120})
    yield ("sources", "plus-minus-100000", program(f"print(1{joined(' + 2 - 2', '', TERMS // 2)})"), {"stdout": "1"})
    yield ("sources", "product-100000", program(f"print(3{joined(' * 2 / 2', '', TERMS // 2)})"), {"stdout": "3"})
    powers = " + ".join(f"a^{i}" for i in range(1, 1000))
    yield ("sources", "powers-999-terms", program(f"a = 1\nprint({powers})"), {"stdout": "999"})
    yield ("sources", "and-100000", program(f"print({joined('true', ' and ')})"), {"stdout": "true"})
    yield ("sources", "or-100000", program(f"print({joined('false', ' or ')} or true)"), {"stdout": "true"})
    yield ("sources", "lambda-body-100000", program(f"f = x -> {joined('x', '+')}\nprint(f(2))"),
           {"stdout": str(2 * TERMS)})
    yield ("sources", "grad-of-100000-terms", program(f"print(grad(x -> {joined('x*x', ' + ')}, 3))"),
           {"stdout": str(6 * TERMS)})
    yield ("sources", "vector-sum-100000", program(f"print({joined('[1, 2]', '+')})"),
           {"stdout": f"[{TERMS}, {2 * TERMS}]"})
    block = "{\n" + "x = x + 1\n" * TERMS + "x }"
    yield ("sources", "block-100000-statements", program(f"f(x) = {block}\nprint(f(0))"), {"stdout": str(TERMS)})
    # Calls nested in first arguments, around 100,000 names: each call keeps at most a few
    # of the names for its advice, so lowering stays linear. The advice still comes.
    distinct = " + ".join(f"x{i}" for i in range(TERMS))
    yield ("sources", "nested-first-arguments-100000-names",
           program("f(v) = v\n" + "f(" * 450 + distinct + ")" * 450),
           {"exit": 1, "stderr": ":2:" + str(450 * 2 + 1) + ": error: name 'x0' is not defined"})
    yield ("sources", "grad-nested-first-arguments-100000-names",
           program("grad(" + "sin(" * 450 + joined("x", " + ") + ")" * 450 + ", [1])"),
           {"exit": 1, "stderr": "grad needs a function, but its first argument is an expression in x"})
    # An error at the end of a long chain points at the chain from its start, as for `a + b`.
    yield ("sources", "sum-100000-then-error", program(f"{joined('1', '+')} + \"a\""),
           {"exit": 1, "stderr": ":1:1: error: cannot apply '+' to number and string"})


def deep_nesting():
    """Real nesting, 100,000 levels of it: a clean error, never a crash."""
    for name, opener, closer in [("parens", "(", ")"), ("brackets", "[", "]"), ("braces", "{", "}"),
                                 ("calls", "f(", ")")]:
        source = opener * TERMS + "1" + closer * TERMS
        yield ("sources", f"{name}-100000-deep", source.encode(), NESTED)
    yield ("sources", "minus-100000-deep", ("-" * TERMS + "1").encode(), NESTED)
    yield ("sources", "not-100000-deep", ("not " * TERMS + "true").encode(), NESTED)
    yield ("sources", "power-100000-deep", joined("2", "^").encode(), NESTED)
    yield ("sources", "call-chain-100000", ("f = x -> f\nf" + "(1)" * TERMS).encode(), NESTED)
    yield ("sources", "index-chain-100000", ("v = [0]\nv" + "[0]" * TERMS).encode(), NESTED)
    yield ("sources", "parenthesized-sums-100000", ("(" * TERMS + "1" + "+1)" * TERMS).encode(), NESTED)


def line_ends():
    """\\r\\n and a lone \\r end lines as \\n does, in errors too."""
    for name, ending in [("crlf", b"\r\n"), ("cr", b"\r")]:
        lines = [b"x = 1", b"y = x + gard(1)", b"print(y)", b""]
        yield ("sources", f"{name}-error-line-2", ending.join(lines),
               {"exit": 1, "stderr": ["2:9: error: name 'gard'", "    y = x + gard(1)\n            ^~~~"]})
        yield ("sources", f"{name}-100000-lines", ending.join([b"x = 1"] * TERMS + [b"print(x)"]), {"stdout": "1"})
