"""Builds examples/lesson/*.ipynb from examples/lesson/*.grad, the one source of truth:
a lesson's comments become markdown cells, its code (split at blank lines) code cells.
Then, when nbclient is there (scripts/make-notebooks runs this in the Jupyter venv), runs
each notebook with the Grad kernel and keeps the outputs, so they show on GitHub too.

    python scripts/make_notebooks.py [--no-execute] [LESSON.grad ...]
"""

import json
import os
import re
import sys
import tempfile

LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "lesson")

# A lesson file says how to run it from a shell; in a notebook each cell runs with Shift-Enter.
SHELL_ONLY = re.compile(r"^Run it:")
LIST_ITEM = re.compile(r"^\d+\. ")


def markdown(comment_lines):
    """Comment text as markdown: the first `Lesson N: title` line a heading, lines indented
    four spaces (a formula) a code block unless they continue a numbered point."""
    out, formula, in_list = [], [], False

    def end_formula():
        if formula:
            out.extend(["", "```"] + formula + ["```", ""])
            formula.clear()

    for line in comment_lines:
        if SHELL_ONLY.match(line.strip()):
            continue
        if line.startswith("    ") and not in_list:
            formula.append(line[4:])
            continue
        end_formula()
        if re.match(r"^Lesson \d+:", line):
            line = "# " + line
        if LIST_ITEM.match(line):
            in_list = True
        elif not line.startswith(" "):
            in_list = False
        out.append(line.strip() if not in_list else line)
    end_formula()
    text = "\n".join(out).strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def chunks(source):
    """The lesson as ("markdown", lines) and ("code", lines), in order. Comments start at the
    first column; code is split at blank lines outside brackets."""
    parts, kind, lines, depth = [], None, [], 0

    def flush():
        nonlocal lines
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            parts.append((kind, lines))
        lines = []

    for line in source.splitlines():
        is_comment = depth == 0 and line.startswith("#")
        if is_comment:
            if kind != "markdown":
                flush()
                kind = "markdown"
            lines.append(re.sub(r"^# ?", "", line))
            continue
        if not line.strip():
            if kind == "code" and depth == 0:
                flush()
            elif kind == "markdown":
                lines.append("")
            continue
        if kind != "code":
            flush()
            kind = "code"
        lines.append(line)
        depth += bracket_balance(line)
    flush()
    return parts


def bracket_balance(line):
    """Opening minus closing brackets, outside strings and comments."""
    balance, in_string, i = 0, False, 0
    while i < len(line):
        c = line[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c == "#":
            break
        elif c in "([{":
            balance += 1
        elif c in ")]}":
            balance -= 1
        i += 1
    return balance


def notebook(grad_path):
    with open(grad_path, encoding="utf-8") as f:
        parts = chunks(f.read())
    cells = []
    for kind, lines in parts:
        text = markdown(lines) if kind == "markdown" else "\n".join(lines)
        if not text:
            continue
        # Ids fixed by position, so rebuilding an unchanged lesson changes nothing.
        cell = {"cell_type": kind, "id": f"cell-{len(cells) + 1}", "metadata": {}, "source": text}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        cells.append(cell)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "grad", "display_name": "Grad", "language": "grad"},
            "language_info": {"name": "grad", "file_extension": ".grad", "mimetype": "text/x-grad",
                              "pygments_lexer": "grad", "codemirror_mode": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def execute(nb):
    """Runs the notebook with the Grad kernel in a scratch folder (the lessons' file: pictures
    land there) and returns it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.from_dict(nb)
    with tempfile.TemporaryDirectory() as folder:
        NotebookClient(nb, kernel_name="grad", timeout=300, record_timing=False,
                       resources={"metadata": {"path": folder}}).execute()
    return nb


# The notebook cell the README shows: its picture is saved as docs/notebook-cell.svg.
README_CELL = ("03_bowl.grad", 'print("Arrows at five points, to scale:")')
README_PICTURE = os.path.join(LESSONS, "..", "..", "docs", "notebook-cell.svg")


def save_readme_picture(nb):
    cell = next(c for c in nb["cells"] if README_CELL[1] in c["source"])
    svg = next(o["data"]["image/svg+xml"] for o in cell["outputs"] if o["output_type"] == "display_data")
    with open(README_PICTURE, "w", encoding="utf-8") as f:
        f.write(svg)


def main(args):
    run = "--no-execute" not in args
    paths = [a for a in args if a != "--no-execute"] or sorted(
        os.path.join(LESSONS, name) for name in os.listdir(LESSONS) if name.endswith(".grad"))
    for path in paths:
        nb = notebook(path)
        if run:
            nb = execute(nb)
            if os.path.basename(path) == README_CELL[0]:
                save_readme_picture(nb)
        target = path[: -len(".grad")] + ".ipynb"
        with open(target, "w", encoding="utf-8") as f:
            json.dump(nb, f, indent=1, ensure_ascii=False, sort_keys=True)
            f.write("\n")
        print(f"wrote {os.path.relpath(target)}")


if __name__ == "__main__":
    main(sys.argv[1:])
