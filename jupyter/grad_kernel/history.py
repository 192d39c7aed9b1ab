"""The cells a kernel ran, for Jupyter's history requests (a console's Up arrow, %history-like
front-end features). Kept in memory: a restarted kernel starts a new, empty history."""

from fnmatch import fnmatchcase

# This kernel's one session; Jupyter also names the current session 0.
SESSION = 1


class CellHistory:
    def __init__(self):
        self.cells = []  # (execution count, code, value shown or None)

    def record(self, count, code, value):
        self.cells.append((count, code, value))

    def query(self, access, output=False, session=None, start=None, stop=None, n=None, pattern=None,
              unique=False):
        """The rows of a history_reply: (session, count, code), or (session, count, (code, value))."""
        if access == "range":
            if session not in (None, 0, SESSION):
                return []
            first = start or 0
            cells = [c for c in self.cells if c[0] >= first and (stop is None or c[0] < stop)]
        elif access == "search":
            cells = [c for c in self.cells if fnmatchcase(c[1], pattern or "*")]
            if unique:
                latest = {cell[1]: cell for cell in cells}  # each code's last run
                cells = [c for c in cells if latest[c[1]] is c]
            cells = cells[-n:] if n else cells
        else:  # tail
            cells = self.cells[-n:] if n else list(self.cells)
        return [(SESSION, count, (code, value) if output else code) for count, code, value in cells]
