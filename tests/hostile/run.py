#!/usr/bin/env python3
"""Runs hostile programs through the built `grad` and checks that each ends in a value or a
clean error: exit 0 or 1 as expected, never a signal (134 abort, 139 segfault) or a timeout.

    python3 tests/hostile/run.py .build/debug/grad [FILTER]

Every run is held to a 4 GiB address-space cap (ulimit -v), as a student's machine might be.

Cases are the files tests/hostile/FAMILY/NAME.grad, whose leading comment lines say what
must happen:

    # exit: 1                      the exit status (default 0)
    # stderr: some text            standard error contains this (repeatable)
    # stdout: some text            standard output contains this (repeatable)
    # args: -e CODE                run the command with these arguments instead of the file
                                   ({file} stands for the file's path; split like a shell would)
    # stdin: file                  feed the file on standard input
    # seconds: 20                  the time it may take (default 60)

and the generated ones (inputs too large to commit) of tests/hostile/generated.py.
Prints "N passed, M failed" and exits 1 on any failure.
"""
import os, resource, shlex, subprocess, sys, tempfile
from pathlib import Path

from report import report

HERE = Path(__file__).resolve().parent
CAP = 4 << 30


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


class Case:
    def __init__(self, family, name, source, header):
        self.family, self.name, self.source = family, name, source
        self.exit = int(header.get("exit", ["0"])[0])
        self.stderr = header.get("stderr", [])
        self.stdout = header.get("stdout", [])
        self.args = header.get("args", [None])[0]
        self.stdin = header.get("stdin", [None])[0] == "file"
        self.seconds = float(header.get("seconds", ["60"])[0])


def header_of(text):
    header = {}
    for line in text.splitlines():
        if not line.startswith("# "):
            break
        key, sep, value = line[2:].partition(": ")
        if sep and key in ("exit", "stderr", "stdout", "args", "stdin", "seconds"):
            header.setdefault(key, []).append(value)
    return header


def cases():
    for path in sorted(HERE.glob("*/*.grad")):
        text = path.read_text()
        yield Case(path.parent.name, path.stem, text.encode(), header_of(text))
    sys.path.insert(0, str(HERE))
    import generated
    for family, name, source, header in generated.cases():
        yield Case(family, name, source, {k: v if isinstance(v, list) else [str(v)] for k, v in header.items()})


def run(grad, case, work):
    path = Path(work) / f"{case.family}-{case.name}.grad"
    path.write_bytes(case.source)
    args = [grad, str(path)] if case.args is None else [grad] + shlex.split(case.args.replace("{file}", str(path)))
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    try:
        done = subprocess.run(args, input=case.source if case.stdin else b"", capture_output=True,
                              timeout=case.seconds, preexec_fn=limit_memory, cwd=work, env=env)
    except subprocess.TimeoutExpired:
        return [f"no answer within {case.seconds:g} s"]
    out = done.stdout.decode(errors="replace")
    err = done.stderr.decode(errors="replace")
    problems = []
    if done.returncode != case.exit:
        problems.append(f"exit {done.returncode}, expected {case.exit}")
    problems += [f"stderr lacks {want!r}" for want in case.stderr if want not in err]
    problems += [f"stdout lacks {want!r}" for want in case.stdout if want not in out]
    if case.exit == 1 and ": error: " not in err:
        problems.append("no FILE:LINE:COL: error: line on stderr")
    if problems:
        problems.append("stderr: " + err[:600].replace("\n", "\n        "))
    return problems


def main():
    grad = os.path.abspath(sys.argv[1])
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    with tempfile.TemporaryDirectory() as work:
        status = report((f"{case.family}/{case.name}", run(grad, case, work), "")
                        for case in cases() if only in f"{case.family}/{case.name}")
    sys.exit(status)


if __name__ == "__main__":
    main()
