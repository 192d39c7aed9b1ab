#!/usr/bin/env python3
"""Ctrl-C reaches inside long built-ins. Each program below runs in `grad FILE`, gets a real
SIGINT after 0.5 s, and must then end within 0.6 s with exit status 130, a
`FILE:LINE:COL: error: interrupted` line on stderr, and nothing on stdout: every program
prints only after its long part, and nothing may run after an interrupt.

    python3 tests/hostile/interrupt.py .build/debug/grad [FILTER]

Each long part takes seconds even in a release build, most of it inside one built-in call
(a loop of a few calls checks for an interrupt only every 1024 steps on its own). Runs
under the 4 GiB address-space cap of run.py. Prints "N passed, M failed"; exits 1 on any
failure.
"""
import os, signal, subprocess, sys, tempfile, time
from pathlib import Path

from report import report
from run import limit_memory

SIGNAL_AFTER = 0.5
STOP_WITHIN = 0.6

PROGRAMS = {
    "str": "for i in 1..1000 { s = str(ones(1e6)) }",
    "str-spec": 'v = ones(1e6)\nfor i in 1..1000 { s = str(v, ".3f") }',
    "interpolation": 'v = ones(1e6)\nfor i in 1..1000 { s = "v = {v:.3f}" }',
    "sin": "v = ones(1e6)\nfor i in 1..1000 { w = sin(v) }",
    "round": "v = ones(1e6)\nw = round(v, 2)\nw = round(v, 3)",
    "arithmetic": "v = ones(1e6)\nfor i in 1..1000 { w = v * 2 + 1 }",
    "sum-norm-dot": "v = ones(1e6)\nfor i in 1..1000 { s = sum(v) + norm(v) + dot(v, v) + max(v) }",
    "zeros": "for i in 1..10000 { v = zeros(1e6) }",
    "ones-matrix": "for i in 1..10000 { v = ones(1000, 1000) }",
    "linspace": "for i in 1..10000 { v = linspace(0, 1, 1e6) }",
    "range": "for i in 1..10000 { v = range(1e6); w = 0..999999 }",
    "hessian": "for i in 1..1000 { h = hessian(w -> sum(w^2), zeros(1000)) }",
    "jacobian": "for i in 1..1000 { j = jacobian(w -> w^2, zeros(1000)) }",
    "grad-numeric": 'g = grad(w -> sum(w), zeros(1e5), method: "numeric")',
    "grad-exact": "for i in 1..100000 { g = grad(w -> sum(w^2), ones(1e5)) }",
    "descend": "w = descend(w -> sum(w^2), ones(1e5), steps: 1e9)",
    "descend-path": "w = descend(w -> sum(w^2), ones(1000), steps: 999, path: true)\n"
                    "for i in 1..1000 { p = descend(w -> sum(w^2), ones(1000), steps: 999, path: true) }",
    "plot-svg": 'plot(sin, 0, 1, points: zeros(100000, 2), file: "picture.svg")',
}


def run(grad, name, body, work):
    path = Path(work) / f"{name}.grad"
    path.write_text(body + '\nprint("after")\n')
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    child = subprocess.Popen([grad, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=limit_memory, cwd=work, env=env)
    try:
        child.wait(timeout=SIGNAL_AFTER)
        out, err = child.communicate()
        return [f"ended before the interrupt (exit {child.returncode}): {err.decode(errors='replace')[:300]}"], 0
    except subprocess.TimeoutExpired:
        pass
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    problems = []
    try:
        out, err = child.communicate(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        child.kill()
        out, err = child.communicate()
        problems.append(f"still running {STOP_WITHIN} s after SIGINT")
    took = time.monotonic() - sent
    err = err.decode(errors="replace")
    if child.returncode != 130 and not problems:
        problems.append(f"exit {child.returncode}, expected 130 (after {took:.2f} s)")
    if ": error: interrupted" not in err:
        problems.append("no FILE:LINE:COL: error: interrupted line on stderr")
    if out:
        problems.append(f"printed after the interrupt: {out[:100]!r}")
    if problems:
        problems.append("stderr: " + err[:400].replace("\n", "\n        "))
    return problems, took


def main():
    grad = os.path.abspath(sys.argv[1])
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    with tempfile.TemporaryDirectory() as work:
        status = report((f"interrupt/{name}", *checked(grad, name, body, work))
                        for name, body in PROGRAMS.items() if only in name)
    sys.exit(status)


def checked(grad, name, body, work):
    """The problems of one program, and how long its stop took, for `report`."""
    problems, took = run(grad, name, body, work)
    return problems, f"  ({took:.3f} s)"


if __name__ == "__main__":
    main()
