#!/usr/bin/env python3
"""The Grad REPL, driven through a real terminal (a pty) with pexpect.

    python3 tests/repl/test_repl.py path/to/grad [TEST_NAME ...]

Prints one line per test and finally `N passed, M failed`; exits 1 if any test failed.
libedit redraws the line with cursor moves as it edits (Tab may arrive as `sq\\r\\x1b[9Grt`),
so the tests check what the program prints (values, messages), never the echoed input.
"""
import io
import os
import re
import shutil
import stat
import sys
import tempfile
import time
import traceback

import pexpect

PROMPT = "grad> "
# The sessions of the running test, whose terminal output a failure report shows.
SESSIONS = []
CONTINUATION = "...   "
TIMEOUT = 10


class Session:
    """One `grad` process on a pty, with its own history file and a UTF-8-less environment."""

    def __init__(self, grad, workdir, args=(), env=None, history=None):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
        environment["TERM"] = "xterm-256color"
        environment["HOME"] = workdir
        environment["GRAD_HISTORY"] = history or os.path.join(workdir, "history")
        for key, value in (env or {}).items():
            if value is None:
                environment.pop(key, None)
            else:
                environment[key] = value
        self.child = pexpect.spawn(grad, list(args), env=environment, cwd=workdir, encoding="utf-8",
                                   codec_errors="replace", timeout=TIMEOUT, dimensions=(40, 100))
        self.child.logfile_read = io.StringIO()
        SESSIONS.append(self)
        self.prompt()

    def prompt(self):
        # At the start of a line: the examples of :help show "  grad> ..." indented.
        self.child.expect(r"(?:^|\n)" + re.escape(PROMPT))

    def send(self, text):
        self.child.send(text)

    def line(self, text):
        """Types a line and presses Enter."""
        self.child.send(text + "\r")

    def output(self, text, expected):
        """Enters `text`; its output must contain `expected` on a line of its own."""
        self.line(text)
        self.expect_line(expected)
        self.prompt()

    def expect_line(self, expected):
        self.child.expect(r"\r\n" + re.escape(expected) + r"\r\n")

    def expect(self, pattern, timeout=-1):
        return self.child.expect(pattern, timeout=timeout)

    def entry_output(self, text):
        """Enters `text` and returns everything printed before the next prompt."""
        self.line(text)
        self.prompt()
        return self.child.before

    def interrupt(self):
        self.child.sendintr()

    def quit(self):
        """Ctrl-D on an empty line: the process must end with status 0."""
        self.child.sendeof()
        self.child.expect(pexpect.EOF)
        self.child.close()
        if self.child.exitstatus != 0 or self.child.signalstatus is not None:
            raise AssertionError(f"exit status {self.child.exitstatus}, signal {self.child.signalstatus}")

    def close(self):
        if self.child.isalive():
            self.child.close(force=True)


# ---- the tests: each takes (grad, workdir) ---------------------------------------------

def test_value_echoes(grad, work):
    s = Session(grad, work)
    s.output("1 + 2", "3")
    s.output("[1, 2] * 2", "[2, 4]")
    out = s.entry_output("x = 5")
    assert out.strip() == "x = 5", f"an assignment shows nothing, got {out!r}"
    out = s.entry_output('print("hi")')
    assert "none" not in out, f"none is not shown, got {out!r}"
    s.quit()


def test_long_values_summarised(grad, work):
    s = Session(grad, work)
    s.output("range(100000)", "[0, 1, 2, …, 99997, 99998, 99999]")
    s.output("v = zeros(40, 30); v[0]", "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
             "0, 0, 0, 0, 0, 0]")
    s.line("v")
    s.expect_line("[[0, 0, 0, …, 0, 0, 0],")
    s.expect_line(" …,")
    s.expect_line(" [0, 0, 0, …, 0, 0, 0]]")
    s.prompt()
    s.output("[-0, 0 * -1]", "[0, 0]")
    s.quit()


def test_ans_and_semicolon(grad, work):
    s = Session(grad, work)
    s.output("5 * 5", "25")
    s.output("ans + 1", "26")
    out = s.entry_output("100 + 1;")
    assert "101" not in out, f"a trailing ; silences the value, got {out!r}"
    s.output("ans", "26")
    out = s.entry_output('s = "a;"; s  # a comment;')
    assert "\r\na;\r" in out, f"a ; inside a string or comment does not silence, got {out!r}"
    s.quit()


def test_tab_completes_unique_name(grad, work):
    s = Session(grad, work)
    s.send("lins\t(0, 1, 5)\r")
    s.expect_line("[0, 0.25, 0.5, 0.75, 1]")
    s.prompt()
    s.line("my_long_name = 3")
    s.prompt()
    s.send("my_lo\t * 2\r")
    s.expect_line("6")
    s.prompt()
    s.quit()


def test_tab_completes_grad(grad, work):
    s = Session(grad, work)
    s.send("gra\t((x, y) -> x^2 + y^2, [1, 2])\r")
    s.expect_line("[2, 4]")
    s.prompt()
    s.quit()


def test_tab_completes_option_names(grad, work):
    s = Session(grad, work)
    s.line("f(w) = w^2")
    s.prompt()
    # `tr` where an argument of descend starts is its option trace:, not the keyword true.
    s.send("descend(f, 1, steps: 1, tr\ttrue)\r")
    s.expect(r"\r\nstep=1, w=\[0\.8\], loss=0\.64\r\n0\.8\r\n")
    s.prompt()
    s.send("descend(f, 1, st\t2)\r")
    s.expect_line("0.64")
    s.prompt()
    # Outside a call's argument start, names complete as before.
    s.send("[tr\t, 1]\r")
    s.expect_line("[true, 1]")
    s.prompt()
    s.quit()


def test_tab_lists_candidates(grad, work):
    s = Session(grad, work)
    s.send("si\t")
    s.expect(r"\r\n(\S+ +)*sin +(\S+ +)*sinh")
    s.send("\x15")  # Ctrl-U
    s.send(":he\tsqr\t\r")
    s.expect(r"sqrt\(x\)")
    s.prompt()
    s.quit()


def test_brace_continues(grad, work):
    s = Session(grad, work)
    s.line("g(x) = {")
    s.child.expect_exact(CONTINUATION)
    s.line("    y = x * 2")
    s.child.expect_exact(CONTINUATION)
    s.line("    y")
    s.child.expect_exact(CONTINUATION)
    s.line("}")
    s.prompt()
    s.output("g(21)", "42")
    s.line("[1,")
    s.child.expect_exact(CONTINUATION)
    s.line(" 2] + 1")
    s.expect_line("[2, 3]")
    s.prompt()
    s.quit()


def test_pasted_block_with_syntax_error(grad, work):
    s = Session(grad, work)
    # Pasted at once: the error in the block's second line is reported once, the rest of
    # the block is dropped, and the line after the block runs.
    s.send('f(x) = {\r    y = x +* 2\r    y\r}\rprint("after")\r')
    s.expect(r"REPL\[1\]:2:12: error: expected an expression, found '\*'")
    s.expect_line("after")
    s.prompt()
    shown = s.child.logfile_read.getvalue()
    assert shown.count("error") == 1, f"one error, got {shown!r}"
    # Typed after the error has been shown, the next line is a new entry, braces open or not.
    s.line("g(x) = {")
    s.child.expect(re.escape(CONTINUATION))
    s.line("x +* 2")
    s.expect(r"REPL\[3\]:2:4: error: expected an expression, found '\*'")
    s.prompt()
    s.output("1 + 1", "2")
    s.quit()


def test_error_keeps_session(grad, work):
    s = Session(grad, work)
    s.line("kept = 41")
    s.prompt()
    s.line("kept + nope")
    s.expect(r"REPL\[2\]:1:8: error: [^\r]*nope")
    s.expect(r"\r\n +kept \+ nope\r\n +\^")
    s.prompt()
    s.output("kept + 1", "42")
    s.quit()


def test_ctrl_c_stops_computation(grad, work):
    s = Session(grad, work)
    s.line("n = 7")
    s.prompt()
    s.line("while true {}")
    time.sleep(0.3)
    started = time.monotonic()
    s.interrupt()
    s.expect(r"\r\n(REPL\[2\]:\d+:\d+: )?interrupted\r\n", timeout=2)
    assert time.monotonic() - started < 1.5, "Ctrl-C took more than a second"
    s.prompt()
    s.output("n + 1", "8")
    s.quit()


def test_ctrl_c_stops_a_long_built_in(grad, work):
    s = Session(grad, work)
    s.line("n = 7")
    s.prompt()
    # Each str call takes a good part of a second; the loop alone checks only every 1024 steps.
    s.line('for i in 1..1000 { t = str(ones(1e6)) }; print("after")')
    time.sleep(0.5)
    started = time.monotonic()
    s.interrupt()
    s.expect(r"\r\n(REPL\[2\]:\d+:\d+: )?interrupted\r\n", timeout=2)
    assert time.monotonic() - started < 0.6, "Ctrl-C took more than 0.6 s"
    s.prompt()
    assert "\r\nafter\r\n" not in s.child.logfile_read.getvalue(), "the statement after the loop ran"
    s.output("n + 1", "8")
    s.quit()


def test_ctrl_c_at_prompt(grad, work):
    s = Session(grad, work)
    s.send("this is not grad")
    s.child.expect_exact("this is not grad")
    s.interrupt()
    s.prompt()
    s.send("[1,\r")
    s.child.expect_exact(CONTINUATION)
    time.sleep(0.2)
    s.interrupt()  # drops the pending lines too
    s.prompt()
    # A Ctrl-C typed at the prompt must not cancel the next computation.
    s.output("total = 0; for i in 1..200000 { total += i }; total", "20000100000")
    s.quit()


def test_ctrl_c_while_keys_are_handled(grad, work):
    # Ctrl-C at once after the keys, while the line editor may still be drawing them: the
    # prompt must come back without another key (it once waited for one).
    s = Session(grad, work)
    for _ in range(60):
        s.send("1 + 1")
        s.interrupt()
        s.child.expect(r"(?:^|\n)" + re.escape(PROMPT), timeout=3)
    s.output("2 + 2", "4")
    s.quit()


def test_ctrl_d_exits_zero(grad, work):
    s = Session(grad, work)
    s.line("x = 1")
    s.prompt()
    s.quit()


def test_history_survives_restart(grad, work):
    history = os.path.join(work, "hist")
    s = Session(grad, work, history=history)
    s.output("40 + 2", "42")
    s.output("70 + 7", "77")
    s.output("70 + 7", "77")  # an adjacent duplicate is not stored twice
    s.line("h(x) = {")
    s.child.expect_exact(CONTINUATION)
    s.line("x * 3 }")
    s.prompt()
    s.quit()
    mode = stat.S_IMODE(os.stat(history).st_mode)
    assert mode == 0o600, f"history file mode is {oct(mode)}"
    with open(history, encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines[-3:] == ["40\\040+\\0402", "70\\040+\\0407", "h(x)\\040=\\040{\\012x\\040*\\0403\\040}"], lines

    s = Session(grad, work, history=history)
    s.send("\x1b[A\r")  # Up: the newest entry, the two-line definition of h
    s.prompt()
    s.output("h(5)", "15")
    s.send("4\x1b[A\r")  # Up with a prefix: the newest entry starting with "4"
    s.expect_line("42")
    s.prompt()
    s.send("7\x1b[A\x1b[A\r")  # a second Up skips nothing older: still 70 + 7
    s.expect_line("77")
    s.prompt()
    s.quit()


def test_help(grad, work):
    s = Session(grad, work)
    out = s.entry_output(":help sqrt")
    assert "sqrt(x)" in out, out
    assert re.search(r"grad> sqrt\(.*\)\r\n +\S", out), f"no example with its output: {out!r}"
    out = s.entry_output("?while")
    assert "while COND" in out and re.search(r"grad> .*while", out), out
    out = s.entry_output(":help")
    for word in (":help", ":vars", ":load", ":reset", ":quit", "sqrt", "linspace"):
        assert word in out, f"{word} missing from :help: {out!r}"
    assert len(out.splitlines()) <= 24, f":help is longer than a screen: {len(out.splitlines())} lines"
    s.quit()


def test_help_for_every_name(grad, work):
    s = Session(grad, work)
    overview = s.entry_output(":help")
    text = " ".join(overview.split())
    builtins = re.search(r"Built-ins: (.*?) Constants:", text).group(1).split()
    keywords = re.search(r"Keywords: (.*?) :help NAME", text).group(1).split()
    assert "sqrt" in builtins and "while" in keywords, (builtins, keywords)
    for name in builtins + keywords + ["pi", "e", "inf", "nan"]:
        out = s.entry_output(f":help {name}")
        assert "Example:" in out and "grad> " in out, f":help {name}: {out!r}"
        assert "error:" not in out, f":help {name} shows an error: {out!r}"  # "relative error" is fine
    s.quit()


def test_commands(grad, work):
    path = os.path.join(work, "lesson.grad")
    with open(path, "w", encoding="utf-8") as f:
        f.write("#!/usr/bin/env grad\nloss(w) = (w[0] - 3)^2\nstart = [1, 2]\nprint(\"loaded!\")\n")
    s = Session(grad, work)
    out = s.entry_output(":vars")
    assert "no names" in out, out
    s.line("a = 1")
    s.prompt()
    out = s.entry_output(":load lesson.grad")
    assert "loaded!" in out, out
    out = s.entry_output(":vars")
    assert re.search(r"a +=  ?1", out) and "loss" in out and "<function loss(w)>" in out and "[1, 2]" in out, out
    s.output("loss(start)", "4")
    s.line(":hlep")
    s.expect(r"unknown command :hlep; did you mean :help\?")
    s.prompt()
    s.entry_output(":reset")
    s.line("start")
    s.expect("not defined")
    s.prompt()
    s.line(":quit")
    s.child.expect(pexpect.EOF)
    s.child.close()
    assert s.child.exitstatus == 0, s.child.exitstatus


def test_load_crlf_file(grad, work):
    path = os.path.join(work, "windows.grad")
    with open(path, "wb") as f:
        f.write(b"x = 1\r\ny = x + gard(1)\r\n")
    s = Session(grad, work)
    out = s.entry_output(":load windows.grad")
    assert "windows.grad:2:9: error: name 'gard' is not defined" in out, out
    assert "    y = x + gard(1)\r\n            ^~~~" in out, out
    s.quit()


def test_dash_i_keeps_names(grad, work):
    path = os.path.join(work, "setup.grad")
    with open(path, "w", encoding="utf-8") as f:
        f.write("f(x, y) = x^2 + y^2\nfrom_file = 123\n")
    s = Session(grad, work, args=["-i", path])
    assert f"loaded {path}: f, from_file\r\n" in s.child.before, s.child.before
    s.output("from_file", "123")
    s.output("f(1, 2)", "5")
    s.quit()


def test_utf8_without_locale(grad, work):
    s = Session(grad, work)  # LANG and LC_* are unset: the REPL falls back to C.UTF-8
    s.line("ω = 3")
    s.prompt()
    s.output("ω * 2", "6")
    s.output('"π∇é"', "π∇é")
    s.output("1.5 + 1", "2.5")  # the C numeric locale is untouched
    s.quit()


def test_dumb_terminal(grad, work):
    for env in ({"TERM": "dumb"}, {"TERM": None}):
        s = Session(grad, work, env=env)
        s.send("lins\t(0, 1, 3)\r")
        s.expect_line("[0, 0.5, 1]")
        s.prompt()
        s.quit()


TESTS = [(name[5:], f) for name, f in list(globals().items()) if name.startswith("test_")]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    grad = os.path.abspath(sys.argv[1])
    wanted = set(sys.argv[2:])
    passed = failed = 0
    for name, test in TESTS:
        if wanted and name not in wanted:
            continue
        work = tempfile.mkdtemp(prefix="grad-repl-")
        try:
            test(grad, work)
            passed += 1
            print(f"ok    {name}")
        except Exception as error:  # noqa: BLE001 - every failure is reported the same way
            failed += 1
            detail = str(error) if isinstance(error, AssertionError) else traceback.format_exc(limit=3)
            print(f"FAIL  {name}: {detail}")
            for session in SESSIONS:
                print(f"      terminal output (last 600 characters): {session.child.logfile_read.getvalue()[-600:]!r}")
        finally:
            for session in SESSIONS:
                session.close()
            SESSIONS.clear()
            shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
