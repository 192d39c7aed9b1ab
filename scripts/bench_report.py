#!/usr/bin/env python3
"""Print one table per benchmark workload from hyperfine JSON exports.

usage: bench_report.py DIR/WORKLOAD.json ...

Each file is `hyperfine --export-json` output for one workload (the file's stem is the
workload's name). Command names are expected in the form scripts/bench gives them:
"python3 fib.py", "lua5.4 fib.lua", "grad fib.grad", "grad -e 0", ... — the first word
says which language a row is. A sibling WORKLOAD.skipped file, if present, lists commands
that were not timed (one per line) and is printed under the table.

Ratios are mean / mean: "× CPython" against the fastest python3 command of the workload,
"× lua5.4" against the fastest lua5.4 command. Extra lines:
  grad_highdim   the cost of one gradient in evaluations of f:
                 (gradient program ÷ its gradients) / (_feval program ÷ its evaluations)
  descend_exact  each grad file against python3 descend_analytic.py
"""
import json
import os
import sys

# grad_highdim: how many gradients (or, for _feval, evaluations of f) each program computes.
HIGHDIM_REPS = {"grad_highdim_numeric": 20}   # the central-difference peers do 20, not 200
HIGHDIM_DEFAULT_REPS = 200


def language(name):
    """The interpreter a command name starts with: python3, lua5.4, luajit, grad."""
    return name.split()[0] if name.split() else ""


def stem(name):
    """'python3 grad_highdim_feval.py' -> 'grad_highdim_feval'; None for -e/-c commands."""
    last = name.split()[-1]
    base, ext = os.path.splitext(last)
    return base if ext in (".py", ".lua", ".grad") else None


def fmt_ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def fmt_ratio(x):
    if x is None:
        return ""
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def table(rows, header, align):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    def line(r):
        cells = [str(c).ljust(w) if a == "<" else str(c).rjust(w) for c, w, a in zip(r, widths, align)]
        return "  " + "  ".join(cells).rstrip()
    out = [line(header), "  " + "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def fastest(results, lang):
    same = [r for r in results if language(r["command"]) == lang]
    return min(same, key=lambda r: r["mean"]) if same else None


def by_stem(results, lang, s):
    for r in results:
        if language(r["command"]) == lang and stem(r["command"]) == s:
            return r
    return None


def highdim_lines(results):
    out = []
    for lang in ("grad", "python3", "lua5.4", "luajit"):
        feval = by_stem(results, lang, "grad_highdim_feval")
        if feval is None:
            continue
        per_eval = feval["mean"] / HIGHDIM_DEFAULT_REPS
        for r in results:
            s = stem(r["command"])
            if language(r["command"]) != lang or s is None or s == "grad_highdim_feval":
                continue
            reps = HIGHDIM_REPS.get(s, HIGHDIM_DEFAULT_REPS)
            ratio = (r["mean"] / reps) / per_eval
            note = "" if reps == HIGHDIM_DEFAULT_REPS else f"  ({reps} gradients, scaled to 200)"
            out.append((r["command"], feval["command"], ratio, note))
    if not out:
        return ["  gradient cost in evaluations: no grad_highdim_feval timing to compare with"]
    wa = max(len(a) for a, _, _, _ in out)
    wb = max(len(b) for _, b, _, _ in out)
    lines = ["  gradient cost in evaluations of f (whole-program times, start-up included):"]
    for a, b, ratio, note in out:
        lines.append(f"    {a.ljust(wa)}  ÷  {b.ljust(wb)}  = {fmt_ratio(ratio)}{note}")
    return lines


def descend_lines(results):
    ref = by_stem(results, "python3", "descend_analytic")
    if ref is None:
        return ["  vs python3 descend_analytic.py: not timed"]
    lines = [f"  vs {ref['command']} (hand-written gradient):"]
    grads = [r for r in results if language(r["command"]) == "grad"]
    w = max([len(r["command"]) for r in grads], default=0)
    for r in grads:
        lines.append(f"    {r['command'].ljust(w)}  {fmt_ratio(r['mean'] / ref['mean'])} × as long")
    if not grads:
        lines.append("    (no grad command timed)")
    return lines


def report(path):
    workload = os.path.splitext(os.path.basename(path))[0]
    with open(path) as fh:
        results = json.load(fh)["results"]
    runs = sorted({len(r.get("times") or []) for r in results})
    if runs:
        runs_txt = "/".join(str(n) for n in runs)
        print(f"\n== {workload}  ({runs_txt} run{'' if runs == [1] else 's'} per command) ==")
    else:
        print(f"\n== {workload} ==")
    if not results:
        print("  nothing timed")
    else:
        py, lua = fastest(results, "python3"), fastest(results, "lua5.4")
        means = [fmt_ms(r["mean"]) for r in results]
        sds = [fmt_ms(r.get("stddev")) for r in results]
        wm, ws = max(map(len, means)), max(map(len, sds))
        rows = []
        for r, m, sd in zip(results, means, sds):
            rows.append([
                r["command"],
                f"{m.rjust(wm)} ± {sd.rjust(ws)}",
                fmt_ratio(r["mean"] / py["mean"]) if py else "",
                fmt_ratio(r["mean"] / lua["mean"]) if lua else "",
            ])
        print(table(rows, ["command", "ms (mean ± sd)", "× CPython", "× lua5.4"], "<>>>"))
        refs = []
        if py:
            refs.append(f"CPython = {py['command']}")
        if lua:
            refs.append(f"lua5.4 = {lua['command']}")
        if refs:
            print("  ratios are mean ÷ mean of the fastest: " + "; ".join(refs))
        if workload == "grad_highdim":
            print("\n".join(highdim_lines(results)))
        elif workload == "descend_exact":
            print("\n".join(descend_lines(results)))
    skipped = os.path.splitext(path)[0] + ".skipped"
    if os.path.exists(skipped):
        with open(skipped) as fh:
            for line in fh:
                if line.strip():
                    print("  skipped: " + line.rstrip("\n"))


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in argv[1:]:
        report(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
