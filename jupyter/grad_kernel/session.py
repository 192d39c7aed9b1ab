"""The `grad --jupyter` process behind a kernel: JSON lines in, JSON lines out."""

import json
import os
import shutil
import subprocess


def grad_binary():
    """The grad the kernel spec names ($GRAD_BINARY), else the one on PATH."""
    path = os.environ.get("GRAD_BINARY") or shutil.which("grad")
    if not path:
        raise RuntimeError("no grad binary: set GRAD_BINARY or put grad on PATH "
                           "(python -m grad_kernel.install --grad PATH sets it)")
    return path


class GradStopped(RuntimeError):
    """grad --jupyter is gone (it crashed, or was killed): only a restart brings the session back."""


class GradSession:
    """One `grad --jupyter` for the kernel's lifetime, so names live from cell to cell."""

    def __init__(self, binary):
        self.process = subprocess.Popen(
            [binary, "--jupyter"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            encoding="utf-8", bufsize=1)

    def request(self, message, on_output=None):
        """Sends one request; hands each `stream`/`picture` message to on_output as it comes,
        and returns the `reply`."""
        try:
            self.process.stdin.write(json.dumps(message) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, ValueError):  # ValueError: stdin closed by close()
            raise GradStopped(self._ended())
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise GradStopped(self._ended())
            answer = json.loads(line)
            if answer["type"] == "reply":
                return answer
            if on_output:
                on_output(answer)

    def _ended(self):
        code = self.process.wait()
        how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
        return f"grad stopped ({how}); restart the kernel to start a new session"

    def interrupt(self):
        if self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT: grad stops the running cell and keeps its names

    def close(self):
        if self.process.poll() is not None:
            return
        self.process.stdin.close()  # grad ends at the end of its input
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:  # a cell still running
            self.process.kill()
            self.process.wait()
