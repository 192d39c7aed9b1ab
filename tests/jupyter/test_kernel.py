"""The Grad kernel, through Jupyter's own client: the protocol (jupyter_kernel_test), Ctrl-C,
errors, huge output, restarts. Run by scripts/test-jupyter, in its venv, where the kernel
spec `grad` points at the grad under test."""

import os
import subprocess
import time
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel


class GradKernelProtocolTests(jupyter_kernel_test.KernelTests):
    kernel_name = "grad"
    language_name = "grad"
    file_extension = ".grad"

    code_hello_world = 'print("hello, world")'
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": "grad((x, y) -> x * y, [2, 3])", "result": "[3, 2]"}]
    code_display_data = [{"code": "plot(sin, 0, 3)", "mime": "image/svg+xml"},
                         {"code": "contour((x, y) -> x^2 + y^2, [-1, 1], [-1, 1])", "mime": "image/svg+xml"}]
    code_generate_error = "1 + nope"
    completion_samples = [{"text": "si", "matches": {"sigmoid", "sin", "sinh"}},
                          {"text": "hessi", "matches": {"hessian"}},
                          {"text": "descend(f, [0, 0], tr", "matches": {"trace:"}}]
    complete_code_samples = ["f(1)", "x = 1", "", "f(x) = {\n  x\n}"]
    incomplete_code_samples = ["f(1,", "if x > 0 {", "v = [1, 2", "1 +"]
    code_inspect_sample = "sqrt"
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 ?*"


class Client:
    """One kernel with helpers that run a cell and gather what it sent."""

    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name="grad")

    def run(self, code, timeout=30):
        outputs = []
        reply = self.kc.execute_interactive(code, output_hook=outputs.append, timeout=timeout)
        shown = [m for m in outputs if m["msg_type"] not in ("status", "execute_input")]
        if reply["content"]["status"] == "error":
            Client.settle_after_error()
        return reply["content"], shown

    @staticmethod
    def settle_after_error():
        """ipykernel sends an error reply, then aborts the requests that reach it until it has
        handled a message it posts itself: a cell sent the instant the reply arrives may be
        aborted (any kernel, Python's too). A person is never that fast; a test waits a little."""
        time.sleep(0.2)

    def reply_to(self, msg_id, timeout=10):
        """The shell reply to msg_id (skipping kernel_info replies left from the start)."""
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def value(self, code):
        content, shown = self.run(code)
        assert content["status"] == "ok", content
        results = [m["content"]["data"]["text/plain"] for m in shown if m["msg_type"] == "execute_result"]
        return results[0] if results else None

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def children_of(pid):
    """The processes whose parent is pid (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


class GradKernelSessionTests(unittest.TestCase):
    def setUp(self):
        self.client = Client()

    def tearDown(self):
        self.client.close()

    def test_interrupt_stops_an_endless_loop_within_a_second_and_keeps_names(self):
        c = self.client
        c.run("y = 42")
        msg_id = c.kc.execute("while true {}")
        time.sleep(0.5)  # it is spinning now
        start = time.monotonic()
        c.km.interrupt_kernel()
        reply = c.reply_to(msg_id)
        elapsed = time.monotonic() - start
        Client.settle_after_error()
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 1.0)
        self.assertEqual(c.value("y"), "42")
        self.assertEqual(c.value("y + 1"), "43", "a second cell runs normally")

    def test_an_error_cell_shows_the_place_line_and_caret_and_the_session_goes_on(self):
        c = self.client
        c.run("a = 1")
        content, shown = c.run("b = 2\nb + nope")
        count = content["execution_count"]
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "RuntimeError")
        self.assertEqual(content["evalue"], "name 'nope' is not defined")
        self.assertEqual(content["traceback"][:3], [f"In[{count}]:2:5: error: name 'nope' is not defined",
                                                    "    b + nope", "        ^~~~"])
        self.assertEqual([m["msg_type"] for m in shown], ["error"])
        content, _ = c.run("f(x) = x +")  # unfinished: a syntax error, as in a file
        self.assertEqual(content["ename"], "SyntaxError")
        self.assertEqual(c.value("[a, b]"), "[1, 2]", "names set before the error stay")

    def test_execution_count_and_ans_follow_the_cells(self):
        c = self.client
        first, _ = c.run("6 * 7")
        self.assertEqual(c.value("ans + 1"), "43")
        self.assertEqual(c.value("ans"), "43")
        content, shown = c.run("ans * 2;")
        self.assertEqual(shown, [], "a trailing ; hides the value")
        self.assertEqual(c.value("ans"), "43", "a hidden value does not become ans")
        self.assertEqual(content["execution_count"], first["execution_count"] + 3)

    def test_text_and_pictures_arrive_in_the_order_the_cell_made_them(self):
        _, shown = self.client.run('print("one")\nplot(sin, 0, 1)\nprint("two")\n'
                                   'figure(() -> plot(cos, 0, 1), () -> plot(sin, 0, 1), title: "both")\n1')
        kinds = [(m["msg_type"], m["content"].get("text")) for m in shown]
        self.assertEqual(kinds, [("stream", "one\n"), ("display_data", None), ("stream", "two\n"),
                                 ("display_data", None), ("execute_result", None)])
        for picture, title in [(shown[1], "plot of sin"), (shown[3], "both")]:
            svg = picture["content"]["data"]["image/svg+xml"]
            self.assertTrue(svg.startswith("<?xml") and svg.rstrip().endswith("</svg>"))
            self.assertIn(f"<title>{title}</title>", svg)
            # Where SVG cannot be shown (jupyter console), the terminal drawing: braille lines.
            self.assertRegex(picture["content"]["data"]["text/plain"], "[\u2800-\u28ff]")

    def test_a_million_element_vector_shows_its_ends_and_huge_text_is_cut_not_hung(self):
        c = self.client
        start = time.monotonic()
        # As at the prompt: a long vector shows its ends.
        self.assertEqual(c.value("v = range(1000000)\nv"), "[0, 1, 2, …, 999997, 999998, 999999]")
        # Printed in full, 7.9 million characters: the cell shows the first million and says so.
        content, shown = c.run("print(v, full: true)", timeout=60)
        self.assertEqual(content["status"], "ok")
        printed = "".join(m["content"]["text"] for m in shown if m["msg_type"] == "stream")
        self.assertTrue(printed.startswith("[0, 1, 2, 3"))
        self.assertLess(len(printed), 1_001_000)
        self.assertIn("more characters of output not shown: a cell shows at most 1000000", printed)
        # A long string as a cell's value: cut at 100,000 characters, whole in ans.
        text = c.value('s = "ab"\nfor i in 1..17 { s = s + s }\ns')
        self.assertLess(len(text), 100_100)
        self.assertTrue(text.endswith("... [262144 characters in all; the whole value is in ans]"), text[-80:])
        self.assertEqual(c.value("len(ans)"), "262144")
        self.assertEqual(c.value("len(v)"), "1000000")
        self.assertLess(time.monotonic() - start, 60)

    def test_a_restart_forgets_the_names_and_ends_the_old_grad(self):
        c = self.client
        c.run("z = 1")
        old_grads = children_of(c.km.provisioner.process.pid)
        self.assertEqual(len(old_grads), 1)
        c.km.restart_kernel(now=False)
        c.kc.wait_for_ready(timeout=30)
        content, _ = c.run("z")
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["evalue"], "name 'z' is not defined")
        self.assertEqual(c.value("1 + 1"), "2")
        deadline = time.monotonic() + 5
        while os.path.exists(f"/proc/{old_grads[0]}") and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertFalse(os.path.exists(f"/proc/{old_grads[0]}"), "the old grad process is gone")

    def test_a_grad_that_died_is_an_error_that_says_to_restart_not_a_hang(self):
        c = self.client
        grads = children_of(c.km.provisioner.process.pid)
        os.kill(grads[0], 9)
        content, shown = c.run("1 + 1")
        self.assertEqual(content["ename"], "GradStopped")
        self.assertEqual(content["evalue"], "grad stopped (killed by signal 9); restart the kernel to start a new "
                                            "session")
        reply = c.reply_to(c.kc.complete("si"))["content"]
        self.assertEqual(reply["matches"], [])
        c.km.restart_kernel(now=False)
        c.kc.wait_for_ready(timeout=30)
        self.assertEqual(c.value("1 + 1"), "2")

    def test_kernel_info_names_grads_version(self):
        c = self.client
        info = c.reply_to(c.kc.kernel_info())["content"]
        version = subprocess.run([os.environ["GRAD_BINARY"], "--version"], capture_output=True, text=True).stdout
        self.assertEqual("grad " + info["language_info"]["version"], version.strip())
        self.assertEqual(info["language_info"]["pygments_lexer"], "grad")

    def test_inspect_gives_the_help_text_of_the_name_at_the_cursor(self):
        c = self.client
        reply = c.reply_to(c.kc.inspect("descend(f, [0, 0])", cursor_pos=3))["content"]
        self.assertTrue(reply["found"])
        self.assertIn("descend(", reply["data"]["text/plain"].splitlines()[0])
        self.assertIn("Example:", reply["data"]["text/plain"])
        self.assertFalse(c.reply_to(c.kc.inspect("1 + 2", cursor_pos=2))["content"]["found"])

    def test_help_cells_work_as_at_the_prompt(self):
        c = self.client
        for cell in ["?sqrt", ":help sqrt"]:
            content, shown = c.run(cell)
            self.assertEqual(content["status"], "ok")
            self.assertTrue(shown[0]["content"]["text"].startswith("sqrt(x)\n"), shown)
        content, shown = c.run(":help")
        self.assertIn("Built-ins:", shown[0]["content"]["text"])
        content, _ = c.run("?sqrtt")
        self.assertEqual(content["evalue"], "no help for 'sqrtt'; did you mean sqrt? (:help lists what there is)")
        content, _ = c.run(":vars")
        self.assertEqual(content["ename"], "CommandError")


if __name__ == "__main__":
    unittest.main()
