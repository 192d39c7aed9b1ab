import Foundation
import XCTest
@testable import GradLang

/// The differentiation table: every built-in has a row, grammar.md §8 shows each row as the
/// code has it, and a row's promise holds when `grad` follows a number into the built-in.
final class DifferentiationTableTests: XCTestCase {
    func testGrammarShowsEveryBuiltInsRowAsTheCodeHasIt() throws {
        let documented = try documentedRows()
        let rows = Library.builtins.map { builtin in
            let row = builtin.differentiation
            return "| `\(builtin.name)` | \(row.kind.rawValue) |" + (row.note.isEmpty ? "" : " \(row.note)") + " |"
        }
        XCTAssertEqual(Set(documented.keys), Set(Library.builtins.map(\.name)),
                       "grammar.md §8 must have one row per built-in; the code's rows:\n" + rows.joined(separator: "\n"))
        for (builtin, row) in zip(Library.builtins, rows) {
            XCTAssertEqual(documented[builtin.name], row, "grammar.md §8 and \(builtin.name)'s row in the code differ")
        }
    }

    func testEveryBuiltInNamedAsRefusingRefusesATrackedArgument() {
        // Each "refuses" of the table, tried with a number grad is following.
        let refusals = [
            "linspace": "grad(n -> sum(linspace(0, 1, n)), 3)",
            "descend": "grad(s -> descend(w -> w^2, 1, steps: s), 3)",
            "grad": #"grad(h -> grad(x -> x^2, 1, method: "numeric", h: h), 0.1)"#,
            "partial": "grad(i -> partial((x, y) -> x * y, [1, 2], i), 0)",
        ]
        for builtin in Library.builtins where builtin.differentiation.note.contains("refuses") {
            guard let program = refusals[builtin.name] else {
                XCTFail("\(builtin.name) refuses an argument but no test tries it"); continue
            }
            let error = errorOf(program)
            XCTAssertTrue(error?.message.hasPrefix("\(builtin.name) is not differentiable in its argument") == true,
                          "\(program): \(String(describing: error))")
        }
    }

    func testConstantRowsHaveDerivativeZeroAndPassNaN() {
        XCTAssertEqual(evaluate("grad(x -> floor(x) + ceil(x) + round(x, 1) + len([x, x]), 1.26)"), .number(0))
        XCTAssertEqual(evaluate("grad(x -> sum(zeros(x)) + sum(ones(x)), 3)"), .number(0))
        XCTAssertEqual(evaluate("grad(x -> floor(x), nan)").number?.isNaN, true)
    }

    func testNoNumberRowsTakeTrackedArgumentsAndLeaveTheRestExact() {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        XCTAssertEqual(try interpreter.run(#"grad(x -> { print(x); s = str(x); t = type(x); x^2 }, 3)"#), .number(6))
        XCTAssertEqual(try interpreter.run("grad(x -> { plot(sin, 0, x, width: 30, height: 8); x^3 }, 2)"), .number(12))
    }

    /// `| `name` | kind | note |` rows of grammar.md §8, by name.
    private func documentedRows() throws -> [String: String] {
        let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../grammar.md").standardized
        let text = try String(contentsOf: grammar, encoding: .utf8)
        guard let start = text.range(of: "## 8. Differentiation"), let end = text.range(of: "## 9.") else {
            XCTFail("grammar.md has no §8"); return [:]
        }
        var rows: [String: String] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") {
            let row = line.trimmingCharacters(in: .whitespaces)
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5, cells[1].hasPrefix("`"), Differentiation.Kind(rawValue: cells[2]) != nil else { continue }
            rows[String(cells[1].dropFirst().dropLast())] = row
        }
        return rows
    }
}
