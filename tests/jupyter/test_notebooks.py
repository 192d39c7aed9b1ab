"""The lesson notebooks (examples/lesson/*.ipynb), run headlessly with nbclient and the Grad
kernel: each picture drawn in a cell arrives as SVG, and the text the cells print is what
`grad` prints running the lesson file (examples/lesson/*.expected), pictures aside."""

import glob
import os
import re
import sys
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LESSONS = os.path.join(ROOT, "examples", "lesson")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import make_notebooks  # noqa: E402 - found through the path set just above
PICTURE_CALL = re.compile(r"^(plot|contour|surface|figure)\(")
# Characters only terminal pictures use: braille dots, box drawing, arrows, shades.
PICTURE_CHARACTERS = re.compile("[\u2800-\u28ff\u2500-\u257f\u2190-\u21ff\u2580-\u259f]")


def pictures_drawn_here(source):
    """How many top-level picture calls in the cell draw on the page (not into a file:)."""
    count, lines = 0, source.splitlines()
    for i, line in enumerate(lines):
        if PICTURE_CALL.match(line):
            call, depth = "", 0
            for rest in lines[i:]:
                call += rest + "\n"
                depth += rest.count("(") - rest.count(")")
                if depth <= 0:
                    break
            count += "file:" not in call
    return count


def picture_blocks(lines):
    """Indexes of the lines of the terminal pictures in a lesson's expected output: each run of
    lines without a blank one that holds a line drawn with picture characters."""
    inside, block = set(), []
    for i, line in enumerate(lines + [""]):
        if line.strip():
            block.append(i)
            continue
        if any(PICTURE_CHARACTERS.search(lines[j]) for j in block):
            inside.update(block)
        block = []
    return inside


class LessonNotebookTests(unittest.TestCase):
    def check_notebook(self, path):
        nb = nbformat.read(path, as_version=4)
        made = make_notebooks.notebook(path[: -len(".ipynb")] + ".grad")
        self.assertEqual([(c.cell_type, c.source) for c in nb.cells],
                         [(c["cell_type"], c["source"]) for c in made["cells"]],
                         f"{os.path.basename(path)} is not made from the lesson as it is now: run scripts/make-notebooks")
        with tempfile.TemporaryDirectory() as folder:
            NotebookClient(nb, kernel_name="grad", timeout=300, record_timing=False,
                           resources={"metadata": {"path": folder}}).execute()
        printed = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            outputs = cell.outputs
            self.assertEqual([o for o in outputs if o.output_type == "error"], [], cell.source)
            svgs = [o for o in outputs if o.output_type == "display_data" and "image/svg+xml" in o.data]
            self.assertEqual(len(svgs), pictures_drawn_here(cell.source), cell.source)
            for svg in svgs:
                self.assertIn("<svg", svg.data["image/svg+xml"])
            printed += [o.text for o in outputs if o.output_type == "stream"]
            if os.path.basename(path) == "03_bowl.ipynb" and 'print("Arrows at five points' in cell.source:
                with open(os.path.join(LESSONS, "..", "..", "docs", "notebook-cell.svg"), encoding="utf-8") as f:
                    self.assertEqual(svgs[0].data["image/svg+xml"], f.read(),
                                     "the README's picture is this cell's (scripts/make-notebooks remakes it)")

        with open(path[: -len(".ipynb")] + ".expected", encoding="utf-8") as f:
            expected = f.read().splitlines()
        got = "".join(printed).splitlines()
        # Every printed line, in order, is a line of the expected output...
        matched, at = set(), 0
        for line in got:
            while at < len(expected) and expected[at] != line:
                at += 1
            self.assertLess(at, len(expected), f"{os.path.basename(path)} printed {line!r}, not expected there")
            matched.add(at)
            at += 1
        # ...and every expected line that is not part of a terminal picture was printed.
        missing = [expected[i] for i in range(len(expected))
                   if i not in matched and i not in picture_blocks(expected)]
        self.assertEqual(missing, [], os.path.basename(path))


def add_test(path):
    name = "test_" + os.path.basename(path)[: -len(".ipynb")]
    setattr(LessonNotebookTests, name, lambda self: self.check_notebook(path))


for notebook_path in sorted(glob.glob(os.path.join(LESSONS, "*.ipynb"))):
    add_test(notebook_path)

if __name__ == "__main__":
    unittest.main()
