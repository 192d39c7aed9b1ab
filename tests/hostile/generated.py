"""Hostile inputs too large to commit, made when the tests run: (family, name, source bytes, header)."""


def cases():
    yield ("sources", "semicolons-20MB", b";" * (20 << 20), {"exit": 0, "seconds": 60})
