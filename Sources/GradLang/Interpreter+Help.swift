/// What `:help NAME` shows: what a built-in or keyword does, how to call it, and a worked
/// example together with the output it really gives.
///
/// The examples of built-ins come from their `Builtin.Help` and are run on every request in a
/// fresh interpreter, so the output shown is what Grad does today and cannot drift.
public struct HelpEntry: Equatable, Sendable {
    /// One entry of the example as typed at the prompt (possibly several lines), and what it wrote.
    public struct Step: Equatable, Sendable {
        public let source: String
        public let output: String
    }

    public let name: String
    /// How to call it: `sqrt(x)`, `for NAME in VECTOR { ... }`.
    public let signature: String
    public let summary: String
    /// Grad code, as a user would type it at the prompt.
    public let example: String
    /// Everything running `example` writes: `print` output, shown values, and error messages.
    public let exampleOutput: String
    /// The example, entry by entry, with each entry's output.
    public let steps: [Step]

    /// The example as a prompt session: `grad> sqrt([4, 9])` then `[2, 3]`.
    public var transcript: String {
        var lines: [String] = []
        for step in steps {
            for (i, line) in step.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append((i == 0 ? "grad> " : "...   ") + line)
            }
            if !step.output.isEmpty {
                lines.append(step.output.hasSuffix("\n") ? String(step.output.dropLast()) : step.output)
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension Interpreter {
    /// The names of the built-in functions, sorted.
    public var builtinNames: [String] {
        Library.builtins.map(\.name).sorted()
    }

    /// The named arguments (`trace`, `lr`...) of the built-in that `name` holds now, for
    /// completion inside a call; none for any other name.
    public func options(of name: String) -> [String] {
        guard case .function(let f)? = value(of: name), let builtin = f as? Builtin else { return [] }
        return builtin.options
    }

    /// Grad's keywords, in the order the language reference lists them.
    public static var keywords: [String] {
        Keyword.allCases.map(\.rawValue)
    }

    /// The documentation of a built-in function, a keyword or a constant (`pi`), or nil.
    public func help(for name: String) -> HelpEntry? {
        if let builtin = Library.builtins.first(where: { $0.name == name }) {
            return HelpEntry.make(name: name, signature: builtin.help.signature,
                                  summary: builtin.help.summary, example: builtin.help.example)
        }
        if let doc = LanguageHelp.keywords[name] ?? LanguageHelp.constants[name] {
            return HelpEntry.make(name: name, signature: doc.signature, summary: doc.summary, example: doc.example)
        }
        return nil
    }
}

extension HelpEntry {
    /// Runs `example` the way the REPL would, one complete statement at a time.
    static func make(name: String, signature: String, summary: String, example: String) -> HelpEntry {
        let steps = HelpExampleRunner.run(example)
        return HelpEntry(name: name, signature: signature, summary: sentence(summary), example: example,
                         exampleOutput: steps.map(\.output).joined(), steps: steps)
    }

    /// Summaries are written as fragments ("the sine of x"); show them as sentences.
    /// Only a leading plain word is capitalized: `max(x, 0)` and `x as text` stay as written.
    private static func sentence(_ text: String) -> String {
        let firstWord = text.prefix { $0 != " " }
        guard firstWord.count >= 2, firstWord.allSatisfy(\.isLetter), firstWord.first!.isLowercase else { return text }
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// Runs help examples in a private interpreter, as a prompt session would: lines are joined
/// until they form a complete statement, the value of an expression is shown, errors are
/// reported in full (an example that fails is a bug the output makes visible).
enum HelpExampleRunner {
    static func run(_ example: String) -> [HelpEntry.Step] {
        let interpreter = Interpreter()
        var limits = Limits()
        limits.maxSteps = 10_000_000
        interpreter.limits = limits
        let printed = CapturedOutput()
        interpreter.output = printed.append

        var steps: [HelpEntry.Step] = []
        var pending: [Substring] = []
        let lines = example.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            pending.append(line)
            let source = pending.joined(separator: "\n")
            if source.allSatisfy(\.isWhitespace) { pending = []; continue }
            printed.removeAll()
            var written = ""
            do {
                let value = try interpreter.run(source, fileName: "<example>")
                if value != .none { written += value.summary + "\n" }
            } catch let error as GradError {
                if error.isIncomplete && index < lines.count - 1 { continue }
                written += DiagnosticRenderer.render(error)
            } catch {
                written += "error: \(error)\n"
            }
            steps.append(HelpEntry.Step(source: source, output: printed.text + written))
            pending = []
        }
        return steps
    }
}

/// Hand-written entries for the keywords and constants; their examples run like the built-ins'.
enum LanguageHelp {
    struct Doc {
        let signature: String
        let summary: String
        let example: String
    }

    static let keywords: [String: Doc] = [
        "if": Doc(signature: "if COND { ... } else if COND { ... } else { ... }",
                  summary: "Runs the first branch whose condition is true. It is an expression: "
                      + "its value is the value of the branch taken.",
                  example: "x = -2\nif x < 0 { \"negative\" } else { \"not negative\" }"),
        "else": Doc(signature: "if COND { ... } else { ... }",
                    summary: "The branch of an `if` taken when no condition before it is true; "
                        + "`else if` adds another condition.",
                    example: "x = 0\nif x > 0 { 1 } else if x < 0 { -1 } else { 0 }"),
        "for": Doc(signature: "for NAME in VECTOR { ... }",
                   summary: "Runs the block once for each element, NAME holding the element. "
                       + "Over a range `a..b` no vector is built.",
                   example: "total = 0\nfor i in 1..4 { total += i }\ntotal"),
        "in": Doc(signature: "for NAME in VECTOR { ... }",
                  summary: "Separates the loop variable of a `for` from what it runs over.",
                  example: "for w in [0.1, 0.2] { print(\"w =\", w) }"),
        "while": Doc(signature: "while COND { ... }",
                     summary: "Runs the block again and again as long as the condition is true.",
                     example: "n = 1\nwhile n < 100 { n = n * 2 }\nn"),
        "break": Doc(signature: "break",
                     summary: "Leaves the innermost `for` or `while` loop at once.",
                     example: "for i in 1..10 { if i > 3 { break }; print(i) }"),
        "continue": Doc(signature: "continue",
                        summary: "Skips the rest of the loop's block and goes on with the next round.",
                        example: "for i in 1..5 { if i % 2 == 0 { continue }; print(i) }"),
        "return": Doc(signature: "return EXPR",
                      summary: "Leaves the function at once with the value of EXPR. Without it a function's "
                          + "value is that of its body's last expression.",
                      example: "sign(x) = {\n    if x < 0 { return -1 }\n    1\n}\nsign(-5)"),
        "true": Doc(signature: "true",
                    summary: "The bool that is true; comparisons give true or false.",
                    example: "1 < 2"),
        "false": Doc(signature: "false",
                     summary: "The bool that is false.",
                     example: "not false"),
        "none": Doc(signature: "none",
                    summary: "The value of `print` and of loops: nothing. The prompt shows nothing for it.",
                    example: "type(none)"),
        "and": Doc(signature: "a and b",
                   summary: "True when both are true; b is not evaluated when a is false.",
                   example: "x = 5\nx > 0 and x < 10"),
        "or": Doc(signature: "a or b",
                  summary: "True when either is true; b is not evaluated when a is true.",
                  example: "x = 12\nx < 0 or x > 10"),
        "not": Doc(signature: "not a",
                   summary: "True when a is false, and false when it is true.",
                   example: "not (1 > 2)"),
    ]

    static let constants: [String: Doc] = [
        "pi": Doc(signature: "pi", summary: "The number π, 3.14159…; a name you may rebind.",
                  example: "cos(pi)"),
        "e": Doc(signature: "e", summary: "Euler's number, 2.71828…, the base of `exp` and `log`.",
                 example: "log(e)"),
        "inf": Doc(signature: "inf", summary: "Positive infinity, as in IEEE 754: `1/0` is inf.",
                   example: "[1/0, -inf, norm([3, -4], inf)]"),
        "nan": Doc(signature: "nan", summary: "Not a number, the result of `0/0`; it equals nothing, "
                       + "not even itself.",
                   example: "nan == nan"),
    ]
}
