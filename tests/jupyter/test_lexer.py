"""The Pygments lexer of the Grad kernel: it knows the names grad knows, and reads every
lesson without an error token."""

import glob
import os
import string
import unittest

from pygments.lexers import get_lexer_by_name
from pygments.token import Error, Name, String

from grad_kernel import lexer
from grad_kernel.session import GradSession, grad_binary

LESSONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "lesson")


class GradLexerTests(unittest.TestCase):
    def test_its_names_are_the_ones_grad_completes_in_a_fresh_session(self):
        grad = GradSession(grad_binary())
        try:
            names = set()
            for letter in string.ascii_lowercase + "_":
                names.update(grad.request({"op": "complete", "code": letter})["matches"])
        finally:
            grad.close()
        known = set(lexer.BUILTINS + lexer.KEYWORDS + lexer.WORD_OPERATORS + lexer.CONSTANTS)
        self.assertEqual(known, names)

    def test_pygments_finds_it_by_name_and_it_reads_every_lesson(self):
        grad_lexer = get_lexer_by_name("grad")  # through the package's entry point
        for path in glob.glob(os.path.join(LESSONS, "*.grad")):
            with open(path, encoding="utf-8") as f:
                tokens = list(grad_lexer.get_tokens(f.read()))
            self.assertEqual([t for t in tokens if t[0] is Error], [], path)
            self.assertIn((Name.Builtin, "print"), tokens, path)

    def test_definitions_and_interpolations(self):
        tokens = list(lexer.GradLexer().get_tokens('f(x) = x^2\nprint("{f(2):.1f} {{x}}")\n'))
        self.assertEqual(tokens[0], (Name.Function, "f"))
        self.assertIn((String.Interpol, "{"), tokens)
        self.assertIn((String.Interpol, ".1f"), tokens)
        self.assertIn((String.Escape, "{{"), tokens)


if __name__ == "__main__":
    unittest.main()
