import XCTest
@testable import GradLang

final class ParserTests: XCTestCase {
    private func parse(_ text: String) throws -> [Stmt] {
        try Parser.parse(SourceFile(name: "t", text: text))
    }

    /// The expression of a one-statement program, fully parenthesised.
    private func shape(_ text: String) throws -> String {
        let program = try parse(text)
        guard program.count == 1, case .expression(let expr) = program[0].kind else { return "not one expression" }
        return describe(expr)
    }

    private func describe(_ expr: Expr) -> String {
        switch expr.kind {
        case .number(let x): return NumberFormatting.display(x)
        case .name(let n): return n
        case .unary(let op, let e): return "(\(op.rawValue)\(describe(e)))"
        case .binary(let op, let a, let b): return "(\(describe(a)) \(op.rawValue) \(describe(b)))"
        case .chain(let first, let links):
            return links.reduce(describe(first)) { "(\($0) \($1.op.rawValue) \(describe($1.operand)))" }
        case .logical(let op, let operands):
            return operands.dropFirst().reduce(describe(operands[0])) { "(\($0) \(op.rawValue) \(describe($1)))" }
        case .range(let a, let b): return "(\(describe(a))..\(describe(b)))"
        case .call(let f, let args): return describe(f) + "(" + args.map { ($0.label.map { "\($0): " } ?? "") + describe($0.value) }.joined(separator: ", ") + ")"
        case .index(let v, let i): return "\(describe(v))[\(describe(i))]"
        case .lambda(let f): return "((\(f.parameters.map(\.name).joined(separator: ", "))) -> \(describe(f.body)))"
        default: return "?"
        }
    }

    func testPrecedenceMatchesTheSpec() throws {
        XCTAssertEqual(try shape("-2^2"), "(-(2 ^ 2))")
        XCTAssertEqual(try shape("2^-1"), "(2 ^ (-1))")
        XCTAssertEqual(try shape("2^3^2"), "(2 ^ (3 ^ 2))")
        XCTAssertEqual(try shape("2**3"), "(2 ^ 3)")
        XCTAssertEqual(try shape("a + b * c % d - e"), "((a + ((b * c) % d)) - e)")
        XCTAssertEqual(try shape("not a == b and c or d"), "(((not(a == b)) and c) or d)")
        XCTAssertEqual(try shape("0..n-1"), "(0..(n - 1))")
        XCTAssertEqual(try shape("f(x)[0](y)"), "f(x)[0](y)")
    }

    func testLambdasAndNamedArguments() throws {
        XCTAssertEqual(try shape("(x, y) -> x * y"), "((x, y) -> (x * y))")
        XCTAssertEqual(try shape("x -> y -> x + y"), "((x) -> ((y) -> (x + y)))")
        XCTAssertEqual(try shape("() -> 1"), "(() -> 1)")
        XCTAssertEqual(try shape("descend(f, p, lr: 0.1, steps: 3)"), "descend(f, p, lr: 0.1, steps: 3)")
        XCTAssertEqual(try shape("(x + 1)"), "(x + 1)")
    }

    func testDefinitionsAndAssignments() throws {
        let program = try parse("f(x, y) = x\nv[1][2] += 3\ns = 0; for i in 1..3 { s = s + i }")
        XCTAssertEqual(program.count, 4)
        guard case .define("f", let function) = program[0].kind else { return XCTFail() }
        XCTAssertEqual(function.parameters.map(\.name), ["x", "y"])
        guard case .assign(let target, .add, _) = program[1].kind else { return XCTFail() }
        XCTAssertEqual(target.name, "v")
        XCTAssertEqual(target.indices.count, 2)
        guard case .forLoop("i", _, _, _) = program[3].kind else { return XCTFail() }
    }

    func testElseMayStartTheNextLine() throws {
        let program = try parse("if a {\n 1\n}\nelse {\n 2\n}")
        XCTAssertEqual(program.count, 1)
    }

    func testRangesCoverTheWholeExpression() throws {
        let program = try parse("y = foo(1,\n  2)")
        XCTAssertEqual(program[0].range.start, SourceLocation(line: 1, column: 1))
        XCTAssertEqual(program[0].range.end, SourceLocation(line: 2, column: 5))
    }

    func testIncompleteInputIsMarked() {
        for text in ["(1 + 2", "f(x) = {", "[1, 2,", "1 +", "if x {", "x = "] {
            XCTAssertThrowsError(try parse(text)) { error in
                XCTAssertEqual((error as? GradError)?.isIncomplete, true, text)
            }
        }
        for text in ["1 + * 2", "(1))", "\"open"] {
            XCTAssertThrowsError(try parse(text)) { error in
                XCTAssertEqual((error as? GradError)?.isIncomplete, false, text)
            }
        }
    }

    func testSyntaxErrorsSayWhatWasExpected() {
        let cases: [(String, String)] = [
            ("a < b < c", "comparisons cannot be chained"),
            ("1 + * 2", "expected an expression, found '*'"),
            ("3 = x", "cannot assign to this expression"),
            ("f(x, x) = 1", "parameter 'x' appears twice"),
            ("f(a: 1, 2)", "a positional argument cannot follow a named one"),
            ("x = 1 2", "expected a new line or ';'"),
        ]
        for (text, words) in cases {
            XCTAssertThrowsError(try parse(text)) { error in
                XCTAssertTrue((error as? GradError)?.message.contains(words) == true, "\(text): \(error)")
            }
        }
    }

    func testDeepNestingIsAnErrorNotACrash() {
        for (open, close) in [("(", ")"), ("[", "]"), ("-", ""), ("{", "}"), ("not ", ""), ("2^", ""), ("f(", ")")] {
            let text = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            XCTAssertThrowsError(try EvaluationThread.run { try parse(text) }) { error in
                XCTAssertTrue((error as? GradError)?.message.contains("nested too deeply") == true, "\(open): \(error)")
            }
        }
        let fine = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        XCTAssertNoThrow(try parse(fine))
    }

    func testARunOfOperatorsIsFlatNotNested() throws {
        XCTAssertEqual(try shape("a - b + c * d / e % f - g"), "(((a - b) + (((c * d) / e) % f)) - g)")
        XCTAssertEqual(try shape("a or b or c and d and e"), "((a or b) or ((c and d) and e))")
        XCTAssertEqual(try shape("(a + b) + c"), "((a + b) + c)")
        let terms = 100_000
        // Parsed on this (8 MiB) thread and freed here too: a left-leaning tree would crash.
        let sum = try parse(Array(repeating: "1", count: terms).joined(separator: " +\n"))
        guard case .expression(let expr) = sum[0].kind, case .chain(_, let links) = expr.kind else {
            return XCTFail("not a chain")
        }
        XCTAssertEqual(links.count, terms - 1)
        XCTAssertEqual(links.last?.range.end, SourceLocation(line: terms, column: 2))
        let powers = (1...999).map { "a^\($0)" }.joined(separator: " + ")
        XCTAssertNoThrow(try parse(powers))
        let conjunction = try parse(Array(repeating: "true", count: terms).joined(separator: " and "))
        guard case .expression(let all) = conjunction[0].kind, case .logical(.and, let operands) = all.kind else {
            return XCTFail("not a flat and")
        }
        XCTAssertEqual(operands.count, terms)
    }
}
