"""The Grad kernel: Jupyter's messages mapped onto a `grad --jupyter` session."""

import signal
import subprocess

from ipykernel.kernelbase import Kernel

from . import __version__
from .history import CellHistory
from .session import GradSession, GradStopped, grad_binary


class GradKernel(Kernel):
    implementation = "grad_kernel"
    implementation_version = __version__
    language_info = {
        "name": "grad",
        "mimetype": "text/x-grad",
        "file_extension": ".grad",
        "pygments_lexer": "grad",
        # No CodeMirror mode of Grad's own: Python's is the closest (# comments, "strings").
        "codemirror_mode": "python",
    }
    banner = "Grad: define functions, take their gradients, walk downhill, draw pictures."

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        binary = grad_binary()
        self.grad = GradSession(binary)
        self.history = CellHistory()
        # `grad 0.1.0` -> the language's version, for kernel_info.
        version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.split()
        self.language_info = {**GradKernel.language_info, "version": version[-1] if version else ""}

    # ipykernel makes SIGINT raise KeyboardInterrupt while a request is handled. Raised inside
    # the read of grad's reply, it would lose the reply and leave the pipe out of step (a hang).
    # Instead the signal only reaches grad, which ends the cell with an Interrupted error.
    def pre_handler_hook(self):
        self.saved_sigint_handler = signal.signal(signal.SIGINT, lambda *_: self.grad.interrupt())

    def post_handler_hook(self):
        signal.signal(signal.SIGINT, self.saved_sigint_handler)

    # async as ipykernel 7 asks, though it blocks: the kernel runs one cell at a time, and
    # interrupts come by signal, not by a message this loop would have to receive.
    async def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        def show(message):
            if silent:
                return
            if message["type"] == "stream":
                self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": message["text"]})
            elif message["type"] == "picture":
                # The terminal drawing stands in where SVG cannot be shown (jupyter console).
                data = {"image/svg+xml": message["svg"], "text/plain": message["text"]}
                self.send_response(self.iopub_socket, "display_data", {"data": data, "metadata": {}})

        try:
            reply = self.grad.request(
                {"op": "execute", "code": code, "count": self.execution_count, "silent": silent}, show)
        except GradStopped as stopped:
            reply = {"status": "error", "ename": "GradStopped", "evalue": str(stopped), "traceback": [str(stopped)]}
        if store_history and not silent:
            self.history.record(self.execution_count, code, reply.get("value"))
        if reply["status"] == "error":
            error = {key: reply[key] for key in ("ename", "evalue", "traceback")}
            if not silent:
                self.send_response(self.iopub_socket, "error", error)
            return {"status": "error", "execution_count": self.execution_count, **error}
        if reply.get("value") is not None and not silent:
            self.send_response(self.iopub_socket, "execute_result", {
                "execution_count": self.execution_count,
                "data": {"text/plain": reply["value"]}, "metadata": {}})
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def do_complete(self, code, cursor_pos):
        try:
            reply = self.grad.request({"op": "complete", "code": code, "cursor": cursor_pos})
        except GradStopped:
            reply = {"matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos}
        return {"status": "ok", "matches": reply["matches"], "cursor_start": reply["cursor_start"],
                "cursor_end": reply["cursor_end"], "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        try:
            reply = self.grad.request({"op": "inspect", "code": code, "cursor": cursor_pos})
        except GradStopped:
            reply = {"found": False}
        data = {"text/plain": reply["text"]} if reply["found"] else {}
        return {"status": "ok", "found": reply["found"], "data": data, "metadata": {}}

    def do_is_complete(self, code):
        try:
            reply = self.grad.request({"op": "is_complete", "code": code})
        except GradStopped:
            return {"status": "unknown"}
        # Four spaces: the indent a block's next line gets in the lesson files.
        return {"status": reply["status"], "indent": "    " if reply["status"] == "incomplete" else ""}

    async def do_history(self, hist_access_type, output, raw, session=None, start=None, stop=None, n=None,
                         pattern=None, unique=False):
        return {"status": "ok", "history": self.history.query(hist_access_type, output, session, start, stop, n,
                                                              pattern, unique)}

    def do_shutdown(self, restart):
        self.grad.close()
        return {"status": "ok", "restart": restart}
