import XCTest
@testable import GradLang

/// Built-ins check the size of what they build before they build it, count their work as
/// steps, and `v = append(v, x)` / `s = s + t` grow in place without changing what they mean.
final class BuiltinSizeTests: XCTestCase {
    /// `limit: MESSAGE`, `error: MESSAGE` or `value: DISPLAY`.
    private func outcome(_ source: String, _ limits: Limits, values: [String: Value] = [:]) -> String {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        interpreter.limits = limits
        for (name, value) in values { interpreter.setValue(value, for: name) }
        do {
            return "value: \(try interpreter.run(source))"
        } catch let error as GradError {
            return "\(error.kind == .limit ? "limit" : "error"): \(error.message)"
        } catch {
            return "other: \(error)"
        }
    }

    private static let doubling = "v = [1]; for i in range(10) { v = [v, v] }; "  // 1024 places, 11 vectors

    func testElementWiseMathCountsSharedVectorsOncePerPlace() {
        let limits = Limits(maxVectorLength: 1000)
        for call in ["sin(v)", "round(v, 2)", "relu(v)", "abs(v)", "sqrt(v)"] {
            let name = String(call.prefix { $0 != "(" })
            XCTAssertEqual(outcome(Self.doubling + call, limits),
                           "limit: \(name) of a vector of more than 1000 elements (counting the elements of nested "
                           + "vectors) exceeds the limit of 1000", call)
        }
        XCTAssertEqual(outcome("v = [1]; for i in range(8) { v = [v, v] }; len(sin(v))", limits), "value: 2")
    }

    func testMatricesAreCheckedBeforeTheyAreComputed() {
        let limits = Limits(maxVectorLength: 100)
        XCTAssertEqual(outcome("hessian(w -> sum(w), zeros(20))", limits),
                       "limit: hessian: a matrix of 20 × 20 numbers exceeds the limit of 100")
        XCTAssertEqual(outcome("jacobian(w -> w * 2, zeros(20))", limits),
                       "limit: jacobian: a matrix of 20 × 20 numbers exceeds the limit of 100")
        XCTAssertEqual(outcome("len(hessian(w -> sum(w), zeros(10)))", limits), "value: 10")
        XCTAssertEqual(outcome("zeros(0, 200)", limits), "limit: zeros: a matrix of 0 × 200 numbers exceeds the limit of 100")
        XCTAssertEqual(outcome("ones(200, 0)", limits), "limit: ones: a matrix of 200 × 0 numbers exceeds the limit of 100")
        XCTAssertEqual(outcome("zeros(100, 1e14)", limits),
                       "limit: zeros: a matrix of 100 × 100000000000000 numbers exceeds the limit of 100")
        // rows × columns overflows Int: still a limit error, not a trap.
        XCTAssertEqual(outcome("zeros(1e6, 1e14)", Limits(maxVectorLength: .max)),
                       "limit: zeros: a matrix of 1000000 × 100000000000000 numbers exceeds the limit of \(Int.max)")
        XCTAssertEqual(outcome("zeros(2, 3)", limits), "value: [[0, 0, 0], [0, 0, 0]]")
    }

    func testFormattedTextIsHeldToTheStringLimit() {
        let limits = Limits(maxStringLength: 1000)
        let tooLong = "limit: a string of more than 1000 characters exceeds the limit of 1000"
        let tooWide = "limit: showing this vector would take more than 1000000 elements or 1000 characters, over the limits"
        XCTAssertEqual(outcome(#"str(ones(50), "100")"#, limits), tooWide)
        XCTAssertEqual(outcome(#"v = ones(50); "{v:100}""#, limits), tooWide)
        // The spec's width is small, its precision large: refused as the text passes the limit.
        XCTAssertEqual(outcome(#"str(ones(50), ".100f")"#, limits), tooLong)
        // Each number shows as 0.30000000000000004: 19 characters, not the 1 assumed beforehand.
        XCTAssertEqual(outcome("str(ones(100) * 0.1 + 0.2)", limits), tooLong)
        XCTAssertEqual(outcome(#"v = ones(100) * 0.1 + 0.2; "v = {v}""#, limits), tooLong)
        XCTAssertEqual(outcome("print(ones(100) * 0.1 + 0.2)", limits), tooLong)
        XCTAssertEqual(outcome(#"len(str(ones(9), "100"))"#, limits), "value: 918")
        XCTAssertEqual(outcome(#"s = str(ones(3), ".2f"); x = 2; "{s} {x:5.1f}|{"t":>3}""#, limits),
                       "value: [1.00, 1.00, 1.00]   2.0|  t")
    }

    func testBuiltinsCountTheirWorkAsSteps() {
        let limits = Limits(maxSteps: 1000)
        let stopped = "limit: stopped after 1000 steps (the step limit); is a loop missing its exit?"
        let v = Value.vector(Array(repeating: .number(1), count: 5000))
        for source in ["zeros(5000)", "ones(5000)", "linspace(0, 1, 5000)", "range(5000)", "0..4999",
                       "sin(v)", "v * 2", "-v", "sum(v)", "dot(v, v)", "norm(v)", "norm(v, 1)", "norm(v, inf)", "max(v)",
                       "sort(v)", "reverse(v)", "argmin(v)", "argmax(v)", "map(x -> x, v)", "log1p(v)",
                       "str(v)", #""{v:.2f}""#, "print(v, full: true)", #"grad(w -> w[0], v, method: "numeric")"#] {
            XCTAssertEqual(outcome(source, limits, values: ["v": v]), stopped, source)
        }
        XCTAssertEqual(outcome("len(zeros(900))", limits), "value: 900")
    }

    func testGrowingInPlaceKeepsValuesValues() {
        let limits = Limits()
        XCTAssertEqual(outcome("v = [1]; w = v; v = append(v, 2); [v, w]", limits), "value: [[1, 2], [1]]")
        XCTAssertEqual(outcome("v = [1]; v = append(v, v); v = append(v, v); v", limits), "value: [1, [1], [1, [1]]]")
        XCTAssertEqual(outcome(#"s = "a string long enough to live on the heap"; t = s; s += "!"; s + "|" + t"#, limits),
                       "value: a string long enough to live on the heap!|a string long enough to live on the heap")
        XCTAssertEqual(outcome(#"s = "ab"; s = s + s; s = s + s; s"#, limits), "value: abababab")
        // The piece changes the name while it is evaluated: the vector read first is the one appended to.
        XCTAssertEqual(outcome("v = [1, 2]; g() = { v[0] = 5; 0 }; v = append(v, g()); v", limits), "value: [1, 2, 0]")
        XCTAssertEqual(outcome("f(n) = { v = []; for i in range(n) { v = append(v, i) }; v }; f(4)", limits),
                       "value: [0, 1, 2, 3]")
        XCTAssertEqual(outcome("x = 1; y = 2; x = x + y; x += y; x", limits), "value: 5")
        XCTAssertEqual(outcome("v = [1]; v += [2]; v = v + [3]; v", limits), "value: [6]")
        XCTAssertEqual(outcome("append = (v, x) -> 7; v = [1]; v = append(v, 2); v", limits), "value: 7")
        XCTAssertEqual(outcome("v = 3; v = append(v, 2)", limits), "error: append: v must be a vector, got number")
        XCTAssertEqual(outcome(#"s = 1; s = s + "x""#, limits),
                       "error: cannot apply '+' to number and string; use str(x) to turn a number into text")
    }

    func testGrowingInPlaceKeepsTheLimits() {
        XCTAssertEqual(outcome("v = []; for i in range(20) { v = append(v, i) }", Limits(maxVectorLength: 10)),
                       "limit: append: a vector of 11 elements exceeds the limit of 10")
        XCTAssertEqual(outcome("v = []; for i in range(20) { v = append(v, [[[1]]]) }", Limits(maxValueNesting: 3)),
                       "limit: \(ValueLimits.nestingError(3).message)")
        XCTAssertEqual(outcome(#"s = ""; for i in range(20) { s = s + "ab" }"#, Limits(maxStringLength: 10)),
                       "limit: a string of 12 characters exceeds the limit of 10")
        XCTAssertEqual(outcome(#"s = "é"; for i in range(20) { s += "é" }; len(s)"#, Limits(maxStringLength: 21)),
                       "value: 21")
        let interpreter = Interpreter()
        interpreter.limits.maxStringLength = 10
        XCTAssertThrowsError(try interpreter.run("s = \"\"\nfor i in range(20) {\n  s += \"abc\"\n}")) { error in
            XCTAssertEqual((error as? GradError)?.line, 3)
        }
        XCTAssertEqual(interpreter.value(of: "s"), "abcabcabc")  // the value before the refused step
    }

    func testGrowingInALoopTakesLinearTime() throws {
        // Copying at each step, as before, took minutes here (n² / 2 element copies).
        let interpreter = Interpreter()
        let start = Date()
        XCTAssertEqual(try interpreter.run("v = []; for i in range(200000) { v = append(v, i) }; len(v)"), 200_000)
        XCTAssertEqual(try interpreter.run(#"s = ""; for i in range(200000) { s = s + "ab" }; len(s)"#), 400_000)
        XCTAssertEqual(try interpreter.run(#"t = ""; for i in range(200000) { t += "é" }; len(t)"#), 200_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}
