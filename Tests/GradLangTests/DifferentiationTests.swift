import Foundation
import XCTest
@testable import GradLang

final class DifferentiationTests: XCTestCase {
    func testPolynomialGradientsAreExact() {
        XCTAssertEqual(evaluate("f(x, y) = x^2 + y^2; grad(f, [1, 2])"), .vector([.number(2), .number(4)]))
        XCTAssertEqual(evaluate("f(x, y) = x^2*y + x*y^2; grad(f, [2, 3])"), .vector([.number(21), .number(16)]))
    }

    func testNumbersOrOneVectorGiveTheSameAnswer() {
        let spread = evaluate("f(x, y) = sin(x) * y^3; grad(f, [0.5, 2])")
        let vector = evaluate("f(w) = sin(w[0]) * w[1]^3; grad(f, [0.5, 2])")
        XCTAssertEqual(spread, vector)
    }

    func testNestingHasNoPerturbationConfusion() {
        XCTAssertEqual(evaluate("grad(x -> x * grad(y -> x + y, [1])[0], [1])"), .vector([.number(1)]))
        XCTAssertEqual(evaluate("grad(x -> x * grad(y -> x * y, [2])[0], [1])"), .vector([.number(2)]))
        // ForwardDiff.jl's ConfusionTest, written with grad.
        XCTAssertEqual(evaluate("grad(x -> x * grad(y -> x + y, 1), 1)"), .number(1))
    }

    func testHighDerivativesByNestingAndTheirLimit() {
        // The 10th derivative of sin is -sin; nesting deeper is refused (the work doubles per level).
        XCTAssertEqual(evaluate("h = sin; for i in range(10) { h = grad(h) }; h(1)"), .number(-sin(1)))
        XCTAssertEqual(errorOf("h = sin; for i in range(11) { h = grad(h) }; h(1)")?.kind, .limit)
    }

    func testHessianByNestingEqualsHessian() {
        let nested = evaluate("f(x, y) = exp(x) * sin(y) + x^3 * y; [grad(p -> grad(f, p)[0], [0.3, 0.7]), grad(p -> grad(f, p)[1], [0.3, 0.7])]")
        let direct = evaluate("f(x, y) = exp(x) * sin(y) + x^3 * y; hessian(f, [0.3, 0.7])")
        XCTAssertEqual(nested, direct)
    }

    func testRosenbrockReference() {
        // Hand-derived: ∂x = -2(1-x) - 400x(y-x²), ∂y = 200(y-x²); at (-1.2, 1): [-215.6, -88].
        let g = numbers(evaluate("f(x, y) = (1 - x)^2 + 100 * (y - x^2)^2; grad(f, [-1.2, 1])"))
        XCTAssertTrue(close(g[0], -215.6, tolerance: 1e-14), "\(g)")
        XCTAssertTrue(close(g[1], -88, tolerance: 1e-14), "\(g)")
        let h = numbers(evaluate("f(x, y) = (1 - x)^2 + 100 * (y - x^2)^2; hessian(f, [-1.2, 1])"))
        // [[2 - 400(y - 3x²), -400x], [-400x, 200]] at (-1.2, 1): [[1330, 480], [480, 200]].
        for (got, want) in zip(h, [1330, 480, 480, 200] as [Double]) {
            XCTAssertTrue(close(got, want, tolerance: 1e-12), "\(h)")
        }
    }

    func testKinksAreDecidedOnPurpose() {
        XCTAssertEqual(evaluate("grad(abs, 0)"), .number(0))
        XCTAssertEqual(evaluate("grad(relu, 0)"), .number(0))
        XCTAssertEqual(evaluate("grad(x -> x^2, 0)"), .number(0))
        XCTAssertEqual(evaluate("grad(w -> norm(w), [0, 0])"), .vector([.number(0), .number(0)]))
        XCTAssertEqual(evaluate("grad(sqrt, 0)"), .number(.infinity))
        XCTAssertEqual(evaluate("grad(x -> if x > 0 { x^2 } else { -x }, 0)"), .number(-1))
    }

    func testJacobianRowsAreGradients() {
        XCTAssertEqual(evaluate("jacobian((x, y) -> [x * y, x + y, sin(x)], [2, 3])"),
                       evaluate("[[3, 2], [1, 1], [cos(2), 0]]"))
    }

    func testNumericMethodIsTheLessonsCentralDifference() {
        let g = numbers(evaluate("f(x, y) = x^2 + y^2; grad(f, [1, 2], method: \"numeric\")"))
        XCTAssertEqual(g, [2.0000000011677344, 3.9999999978945766])
        let h = numbers(evaluate("partial(x -> x^3, [2], 0, method: \"numeric\", h: 1e-3)"))
        XCTAssertTrue(close(h[0], 12.000001, tolerance: 1e-9), "\(h)")
    }

    func testGradientCostDoesNotGrowWithDimension() throws {
        // Reverse mode: one tape entry per operation, however many inputs.
        let source = "f(w) = { s = 0; for i in range(len(w)) { s = s + w[i]^2 }; s }; grad(f, linspace(0, 1, 2000))"
        let g = numbers(evaluate(source))
        XCTAssertEqual(g.count, 2000)
        XCTAssertTrue(close(g[1999], 2, tolerance: 1e-15))
    }

    // MARK: - The SymPy table

    func testSymPyTable() throws {
        let rows = try fixtureRows("ad_cases")
        XCTAssertGreaterThanOrEqual(rows.count, 500)
        var hessians = 0
        for row in rows {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 5 else { XCTFail("malformed row: \(row)"); continue }
            let (name, function, point, gradient, hessian) = (columns[0], columns[1], columns[2], columns[3], columns[4])
            compare(name, "grad(f, \(point))", against: gradient, function: function)
            if hessian != "-" {
                hessians += 1
                compare(name, "hessian(f, \(point))", against: hessian, function: function)
            }
        }
        XCTAssertGreaterThanOrEqual(hessians, 500)
    }

    /// Large gradients and Hessians (50 to 500 coordinates) and Jacobians, from
    /// scripts/gen_ad_cases.py: the reference lists the entries that are not 0.
    func testSymPyMatrixTable() throws {
        let rows = try fixtureRows("ad_matrices")
        XCTAssertGreaterThanOrEqual(rows.count, 12)
        var derivatives: Set<String> = []
        for row in rows {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 6 else { XCTFail("malformed row: \(row.prefix(200))"); continue }
            let (name, derivative, function, point) = (columns[0], columns[1], columns[2], columns[3])
            derivatives.insert(derivative)
            do {
                let interpreter = Interpreter()
                let got = numbers(try interpreter.run("f = \(function)\n\(derivative)(f, \(point))"))
                let want = try denseEntries(shape: columns[4], nonzeros: columns[5], interpreter)
                XCTAssertEqual(got.count, want.count, "\(name): \(derivative) of \(function) has the wrong size")
                let wrong = zip(got, want).enumerated().filter { !close($1.0, $1.1, tolerance: 1e-12) }
                if let (index, (g, w)) = wrong.first {
                    XCTFail("\(name): \(derivative) of \(function): \(wrong.count) entries differ; "
                            + "entry \(index) (row-major) is \(g), SymPy says \(w)")
                }
            } catch {
                XCTFail("\(name): \(derivative) of \(function) failed: \(error)")
            }
        }
        XCTAssertEqual(derivatives, ["grad", "hessian", "jacobian"])
    }

    /// A matrix (or vector) of `shape`, row-major, 0 but for the `[row, column, value]` (a
    /// vector: `[index, value]`) entries listed.
    private func denseEntries(shape: String, nonzeros: String, _ interpreter: Interpreter) throws -> [Double] {
        let dimensions = numbers(try interpreter.run(shape)).map { Int($0) }
        let columns = dimensions.count == 2 ? dimensions[1] : dimensions[0]
        var entries = [Double](repeating: 0, count: dimensions.reduce(1, *))
        guard case .vector(let listed) = try interpreter.run(nonzeros) else { return entries }
        for entry in listed {
            let e = numbers(entry)
            let (row, column) = e.count == 3 ? (Int(e[0]), Int(e[1])) : (0, Int(e[0]))
            entries[row * columns + column] = e[e.count - 1]
        }
        return entries
    }

    private func fixtureRows(_ name: String) throws -> [Substring] {
        let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "tsv")
            ?? Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name).tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    private func compare(_ name: String, _ call: String, against reference: String, function: String) {
        let interpreter = Interpreter()
        do {
            let got = numbers(try interpreter.run("f = \(function)\n\(call)"))
            let want = numbers(try interpreter.run(reference))
            XCTAssertEqual(got.count, want.count, "\(name): \(call)")
            for (g, w) in zip(got, want) where !close(g, w, tolerance: 1e-12) {
                XCTFail("\(name): \(call) of \(function): got \(got), SymPy says \(want)")
                return
            }
        } catch {
            XCTFail("\(name): \(call) of \(function) failed: \(error)")
        }
    }

    // MARK: - Properties: AD against central differences

    func testRandomExpressionsAgreeWithCentralDifferences() throws {
        var generator = ExpressionGenerator(seed: 20261128)
        var checked = 0
        for _ in 0..<400 {
            let expression = generator.expression(depth: 4)
            let point = [generator.coordinate(), generator.coordinate()]
            guard let error = ADCheck.relativeError(of: "(x, y) -> \(expression)", at: point) else { continue }
            checked += 1
            XCTAssertLessThan(error, 1e-5, "(x, y) -> \(expression) at \(point)")
        }
        XCTAssertGreaterThan(checked, 300, "too few finite cases were checked")
    }

    func testTheCheckerCatchesAWrongDerivativeRule() throws {
        // sin with a derivative off by a factor 1.001: the property must notice.
        let wrong = MathRule(name: "badsin", primal: Foundation.sin) { x, _ in AD.multiply(MathRules.cos.apply(x), .number(1.001)) }
        let builtin = Builtin("badsin", arguments: 1...1, signature: "badsin(x)", summary: "", example: "",
                              differentiation: wrong.row) { call in
            wrong.apply(call[0])
        }
        let error = ADCheck.relativeError(of: "(x, y) -> badsin(x) * y", at: [0.5, 2], extra: builtin)
        XCTAssertNotNil(error)
        XCTAssertGreaterThan(error ?? 0, 1e-4)
        let right = ADCheck.relativeError(of: "(x, y) -> sin(x) * y", at: [0.5, 2])
        XCTAssertLessThan(right ?? 1, 1e-7)
    }
}

/// Compares `grad` with a central difference at a point.
enum ADCheck {
    /// The largest relative disagreement between AD and a central difference, or nil when
    /// the function is not finite there (or has a kink too close to the point).
    static func relativeError(of lambda: String, at point: [Double], extra: Builtin? = nil) -> Double? {
        let interpreter = Interpreter()
        if let extra { interpreter.setValue(.function(extra), for: extra.name) }
        let p = "[" + point.map { "\($0)" }.joined(separator: ", ") + "]"
        guard let exact = try? interpreter.run("f = \(lambda)\ngrad(f, \(p))"),
              let f0 = try? interpreter.run("f(\(point.map { "\($0)" }.joined(separator: ", ")))").number,
              f0.isFinite, abs(f0) < 1e8 else { return nil }
        let ad = numbers(exact)
        guard ad.allSatisfy({ $0.isFinite && abs($0) < 1e8 }) else { return nil }
        var worst = 0.0
        for i in point.indices {
            let h = 1e-6 * max(1, abs(point[i]))
            var plus = point, minus = point
            plus[i] += h
            minus[i] -= h
            guard let high = try? interpreter.run("f(\(plus.map { "\($0)" }.joined(separator: ", ")))").number,
                  let low = try? interpreter.run("f(\(minus.map { "\($0)" }.joined(separator: ", ")))").number,
                  high.isFinite, low.isFinite else { return nil }
            let numeric = (high - low) / (2 * h)
            worst = max(worst, abs(numeric - ad[i]) / max(1, abs(ad[i]), abs(numeric)))
        }
        return worst
    }
}

/// Random smooth expressions in x and y, from a fixed seed so failures reproduce.
struct ExpressionGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }

    private mutating func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }

    mutating func coordinate() -> Double { Double(Int(next() % 33) - 16) / 8 + 0.0625 }

    mutating func expression(depth: Int) -> String {
        if depth == 0 || next() % 4 == 0 {
            return pick(["x", "y", "2", "0.5", "3", "x", "y"])
        }
        switch next() % 7 {
        case 0, 1:
            let op = pick(["+", "-", "*"])
            return "(\(expression(depth: depth - 1)) \(op) \(expression(depth: depth - 1)))"
        case 2:
            return "(\(expression(depth: depth - 1)) / (1 + (\(expression(depth: depth - 1)))^2))"
        case 3:
            return "(\(expression(depth: depth - 1)))^\(pick(["2", "3"]))"
        case 4:
            return "\(pick(["sin", "cos", "tanh", "atan", "sigmoid"]))(\(expression(depth: depth - 1)))"
        case 5:
            return "exp(\(expression(depth: depth - 1)) / 4)"
        default:
            return "\(pick(["log", "sqrt"]))(1 + (\(expression(depth: depth - 1)))^2)"
        }
    }
}
