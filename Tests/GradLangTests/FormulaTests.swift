import Foundation
import XCTest
@testable import GradLang

/// The formulas `grad(f)` and `partial(f, "x")` show: read back as Grad code, they must give
/// what automatic differentiation gives, for every expression of the SymPy table.
final class FormulaTests: XCTestCase {
    func testEveryFormulaOfTheSymPyTableAgreesWithAutomaticDifferentiation() throws {
        var random = SplitMix64(seed: 20261203)
        var checked = 0
        for (name, function, point) in try expressionRows() {
            let interpreter = Interpreter()
            try interpreter.run("f = \(function)")
            let shown = try interpreter.run("grad(f)").description
            guard !shown.hasPrefix("<") else { continue }
            // The formula reads back as a function of the same numbers.
            try interpreter.run("g = \(shown)")
            checked += 1
            for trial in 0..<5 {
                // The table's point first, then points near it (the table keeps clear of kinks there).
                let p = trial == 0 ? point : point.map { $0 + random.uniform(in: -0.01...0.01) }
                let arguments = p.map { "\($0)" }.joined(separator: ", ")
                let exact = numbers(try interpreter.run("grad(f, [\(arguments)])"))
                let formula = numbers(try interpreter.run("g(\(arguments))"))
                XCTAssertEqual(exact.count, formula.count, name)
                for (a, b) in zip(exact, formula) where !close(a, b, tolerance: 1e-12) {
                    XCTFail("\(name): \(function) at \(p): grad gives \(exact), its formula \(shown) gives \(formula)")
                    break
                }
            }
        }
        XCTAssertGreaterThan(checked, 150, "too few rows of the table have a formula")
    }

    func testFormulasReadAsAPersonWouldWriteThem() {
        XCTAssertEqual(evaluate(#"f(x, y) = x^2 + y^2; str(partial(f, "x"))"#), .string("(x, y) -> 2*x"))
        XCTAssertEqual(evaluate("str(grad((x, y) -> x^2*y + 3*x*y^2))"),
                       .string("(x, y) -> [2*x*y + 3*y^2, x^2 + 6*x*y]"))
        XCTAssertEqual(evaluate("str(grad(x -> x^3 - 3*x^2 + x/2 - 7))"), .string("x -> 3*x^2 - 6*x + 0.5"))
        XCTAssertEqual(evaluate("str(grad(x -> sin(x)^2))"), .string("x -> 2*sin(x)*cos(x)"))
        XCTAssertEqual(evaluate("str(grad((x, y) -> x / y))"), .string("(x, y) -> [1/y, -x/y^2]"))
    }

    func testWithoutAFormulaTheFunctionSaysWhatItIs() {
        XCTAssertEqual(evaluate("str(grad(w -> sum(w^2)))"),
                       .string("<gradient of f, exact by automatic differentiation>"))
        XCTAssertEqual(evaluate("str(grad((x, y) -> if x > 0 { x } else { y }))"),
                       .string("<gradient of f, exact by automatic differentiation>"))
        XCTAssertEqual(evaluate("str(grad(x -> abs(x)))"), .string("<gradient of f, exact by automatic differentiation>"))
        XCTAssertEqual(evaluate(#"str(grad(x -> x^2, method: "numeric", h: 0.5))"#),
                       .string("<gradient of f, by central differences with h = 0.5>"))
    }

    /// Rows whose function is one expression of two or three numbers: `(x, y) -> ...`.
    private func expressionRows() throws -> [(String, String, [Double])] {
        let url = Bundle.module.url(forResource: "Fixtures/ad_cases", withExtension: "tsv")
            ?? Bundle.module.resourceURL!.appendingPathComponent("Fixtures/ad_cases.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { row in
            let columns = row.split(separator: "\t").map(String.init)
            guard columns.count >= 3, !row.hasPrefix("#"), columns[1].hasPrefix("("), !columns[1].contains("{") else {
                return nil
            }
            let point = columns[2].dropFirst().dropLast().split(separator: ",").compactMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            return (columns[0], columns[1], point)
        }
    }
}
