"""Hostile inputs too large to commit, made when the tests run: (family, name, source bytes, header)."""


def cases():
    # A 20 MB program would take gigabytes to parse: refused before it starts, at line 1.
    too_large = {"exit": 1, "stderr": [":1:1: error: the program is 20 MiB of text, too large"]}
    yield ("sources", "semicolons-20MB", b";" * (20 << 20), too_large)
    yield ("sources", "calls-20MB", b"f(1)\n" * (4 << 20), too_large)
    # Just under the limit (8 MiB at the default budget of 2 GiB) it runs, within the budget.
    yield ("sources", "statements-7MB", b"x = 1\n" * (7 << 20 // 6) + b"print(x)\n", {"stdout": "1", "seconds": 120})
