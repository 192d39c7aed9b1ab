import XCTest
@testable import GradLang

final class EvaluatorTests: XCTestCase {
    func testArithmeticAndDisplay() {
        XCTAssertEqual(evaluate("-2^2").description, "-4")
        XCTAssertEqual(evaluate("0.1 + 0.2").description, "0.30000000000000004")
        XCTAssertEqual(evaluate("[1, 2] + [3, 4]").description, "[4, 6]")
        XCTAssertEqual(evaluate("0.1 * [2, 4]").description, "[0.2, 0.4]")
        XCTAssertEqual(evaluate("1/0").description, "inf")
        XCTAssertEqual(evaluate("-7 % 3"), .number(2))
    }

    func testVectorsAreValues() {
        XCTAssertEqual(evaluate("v = [1, 2]; w = v; w[0] = 9; v"), .vector([.number(1), .number(2)]))
        XCTAssertEqual(evaluate("m = [[1, 0], [0, 1]]; n = m; n[1][0] = 5; [m[1][0], n[1][0]]").description, "[0, 5]")
        XCTAssertEqual(evaluate("f(v) = { v[0] = 100; v }; a = [1]; b = f(a); [a, b]").description, "[[1], [100]]")
        XCTAssertEqual(evaluate("v = [1, 2, 3]; v[-1]"), .number(3))
    }

    func testScopesFollowPython() {
        // Assignment inside a function binds a local; reading an outer name works.
        XCTAssertEqual(evaluate("x = 1; f() = { x = 2; x }; [f(), x]").description, "[2, 1]")
        XCTAssertEqual(evaluate("k = 3; f(a) = a * k; f(2)"), .number(6))
        // Blocks of if/for/while do not open a scope.
        XCTAssertEqual(evaluate("if true { y = 5 }; y"), .number(5))
        // Closures keep their frame.
        XCTAssertEqual(evaluate("adder(n) = { add(x) = x + n; add }; plus2 = adder(2); plus2(40)"), .number(42))
        XCTAssertEqual(evaluate("f(n) = { g() = n * k; k = 10; g() }; f(4)"), .number(40))
        // As in Python, a name the function assigns is local throughout it.
        XCTAssertEqual(errorOf("make(n) = { c = 0; inc() = { c = c + n; c }; inc }; f = make(2); f()")?.line, 1)
        XCTAssertTrue(errorOf("f() = { y = x; x = 1; y }; x = 5; f()")?.message
            .hasPrefix("'x' is used before it is given a value; it is local") == true)
    }

    func testControlFlow() {
        XCTAssertEqual(evaluate("s = 0; for i in 1..10 { if i % 2 == 0 { continue }; if i > 7 { break }; s += i }; s"),
                       .number(16))
        XCTAssertEqual(evaluate("f(n) = { i = 0; while true { i += 1; if i == n { return i * 10 } } }; f(4)"), .number(40))
        XCTAssertEqual(evaluate("x = if false { 1 } else if true { 2 } else { 3 }; x"), .number(2))
        XCTAssertEqual(evaluate("false and undefined_name"), .bool(false))
    }

    func testForOverARangeBuildsNoVector() {
        let interpreter = Interpreter()
        interpreter.limits.maxVectorLength = 10
        XCTAssertEqual(try interpreter.run("s = 0; for i in 0..999 { s += i }; s"), .number(499_500))
        XCTAssertEqual(try interpreter.run("s = 0; for i in range(1000) { s += 1 }; s"), .number(1000))
        XCTAssertThrowsError(try interpreter.run("v = 0..999"))
    }

    func testRuntimeErrorsCarryPlaceAndCallChain() {
        let error = errorOf("f(x) = {\n  x + nope\n}\ng(y) = f(y)\ng(1)")
        XCTAssertEqual(error?.message, "name 'nope' is not defined")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.column, 7)
        XCTAssertEqual(error?.callChain.map(\.function), ["f", "g"])
        XCTAssertEqual(error?.callChain.map(\.range.start.line), [4, 5])
    }

    func testSuggestions() {
        XCTAssertEqual(errorOf("gard(1)")?.message, "name 'gard' is not defined; did you mean 'grad'?")
        XCTAssertEqual(errorOf("f(x, y) = x; f(1, 2, 3)")?.message, "f takes 2 arguments but 3 were given")
    }

    func testRunawayRecursionIsAnError() {
        let start = Date()
        let error = errorOf("f(n) = f(n + 1); f(0)")
        XCTAssertEqual(error?.kind, .limit)
        XCTAssertTrue(error?.message.hasPrefix("recursion too deep") == true)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(evaluate("f(n) = if n == 0 { 0 } else { 1 + f(n - 1) }; f(9999)"), .number(9999))
    }

    func testNamesPersistAcrossRunsAndErrors() throws {
        let interpreter = Interpreter()
        try interpreter.run("a = 41")
        XCTAssertThrowsError(try interpreter.run("a = a + 1; nope()"))
        XCTAssertEqual(try interpreter.run("a"), .number(42))
    }

    func testStepLimitAndCancel() throws {
        let interpreter = Interpreter()
        interpreter.limits.maxSteps = 10_000
        XCTAssertThrowsError(try interpreter.run("while true {}")) { error in
            XCTAssertEqual((error as? GradError)?.kind, .limit)
        }
        interpreter.limits.maxSteps = nil
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.2, repeating: 0.2)  // again, if it came before the run
        timer.setEventHandler { interpreter.cancel() }
        timer.resume()
        XCTAssertThrowsError(try interpreter.run("while true {}")) { error in
            XCTAssertEqual((error as? GradError)?.kind, .interrupted)
        }
        timer.cancel()
        XCTAssertEqual(try interpreter.run("1 + 1"), .number(2))
    }
}
