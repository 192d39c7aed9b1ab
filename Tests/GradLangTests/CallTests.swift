import XCTest
@testable import GradLang

/// Calls and frames: what the fast call paths (reused frames, unretained callees) must
/// keep exactly as the general ones had it.
final class CallTests: XCTestCase {
    private func run(_ source: String, in grad: Interpreter = Interpreter()) throws -> [String] {
        let printed = CapturedOutput()
        grad.output = printed.append
        try grad.run(source)
        return printed.pieces
    }

    func testClosuresKeepTheFrameTheyCaptured() throws {
        let source = """
            make(n) = { c = [0]; inc() = { c[0] = c[0] + n; c[0] }; inc }
            f = make(2)
            g = make(10)
            f()
            print(f(), g(), f())
            adder(a) = b -> a + b
            print(adder(3)(4))
            """
        XCTAssertEqual(try run(source), ["4 10 6\n", "7\n"])
    }

    func testReusedFramesStartUnset() throws {
        let grad = Interpreter()
        _ = try run("f(first) = { if first { z = 1 }; z }\nf(true)", in: grad)
        XCTAssertThrowsError(try grad.run("f(false)")) { error in
            XCTAssertTrue((error as? GradError)?.message.hasPrefix("'z' is used before it is given a value") == true,
                          "\(error)")
        }
    }

    func testRecursionThroughLocalFunctionsAndEarlyReturn() throws {
        let source = """
            outer(n) = { fib(k) = { if k < 2 { return k }; fib(k - 1) + fib(k - 2) }; fib(n) }
            find(v, x) = { for i in 0..len(v) - 1 { if v[i] == x { return i } }; -1 }
            print(outer(15), find([5, 6, 7], 7), find([5, 6, 7], 9))
            """
        XCTAssertEqual(try run(source), ["610 2 -1\n"])
    }

    /// The arguments of a top-level call run before the call, in the old function.
    func testArgumentsThatReassignTheCallee() throws {
        XCTAssertEqual(try run("f(x) = x * 10\nprint(f({ f = 5; 2 }), f)"), ["20 5\n"])
    }

    /// The host may set a name while a function of that name runs: the call finishes.
    func testHostRedefiningARunningFunction() throws {
        let grad = Interpreter()
        let printed = CapturedOutput()
        // Weakly: an output closure that held its interpreter would keep both alive forever.
        grad.output = { [weak grad] text in
            printed.append(text)
            grad?.setValue(.number(0), for: "f")
        }
        let result = try grad.run("f(x) = { print(x); [x, x + 1] }\nf(1)")
        XCTAssertEqual(result, .vector([.number(1), .number(2)]))
        XCTAssertEqual(printed.pieces, ["1\n"])
        XCTAssertEqual(grad.value(of: "f"), .number(0))
    }
}
