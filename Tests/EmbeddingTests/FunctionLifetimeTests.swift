import GradLang
import XCTest

/// A function value a host keeps never reads freed memory, whatever the host does with
/// it: keeps it after its interpreter is gone, hands it to another interpreter, or keeps
/// it across a reset. It runs where it was made, or fails with a clean error elsewhere.
/// (`scripts/sanitize` runs these under AddressSanitizer, which reported a
/// heap-use-after-free here before functions held their interpreter's names.)
final class FunctionLifetimeTests: XCTestCase {
    private func assertRefusedAsForeign(_ interpreter: Interpreter, _ source: String,
                                        file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try interpreter.run(source), file: file, line: line) { error in
            guard let error = error as? GradError else { return XCTFail("not a GradError: \(error)", file: file, line: line) }
            XCTAssertEqual(error.kind, .runtime, file: file, line: line)
            XCTAssertTrue(error.message.contains("was made by another interpreter"), error.message, file: file, line: line)
        }
    }

    func testAFunctionKeptAfterItsInterpreterIsFreedIsRefusedByAnother() throws {
        var f: Value = .none
        do { let a = Interpreter(); f = try a.run("y = 1; g(x) = x + y; g") }  // a is freed here
        let b = Interpreter()
        b.setValue(f, for: "h")
        assertRefusedAsForeign(b, "h(1)")
        XCTAssertEqual(try b.run("y = 5; 2 * y"), 10, "the interpreter is still usable")
    }

    func testAFunctionPassedBetweenLiveInterpretersIsRefused() throws {
        let a = Interpreter(), b = Interpreter()
        let f = try a.run("y = 1; g(x) = x + y; g")
        b.setValue(f, for: "h")
        assertRefusedAsForeign(b, "h(1)")
        // In a vector, wrapped by grad, and as a host function's result.
        b.setValue(.vector([.number(1), f]), for: "v")
        assertRefusedAsForeign(b, "v[1](2)")
        b.setValue(try a.run("grad(g)"), for: "dg")
        assertRefusedAsForeign(b, "dg(2)")
        b.define("fetch", arity: 0) { _ in f }
        assertRefusedAsForeign(b, "fetch()(1)")
        // Where it was made, it still runs.
        a.setValue(f, for: "back")
        XCTAssertEqual(try a.run("back(1)"), 2)
    }

    func testAFunctionKeptAcrossAResetOfTheSessionIsRefusedByTheNewOne() throws {
        // The REPL's :reset replaces the interpreter; a host may keep what it had.
        var session = Interpreter()
        let kept = try session.run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; go }; make(3)")
        let closures = try session.run("[make(1), x -> x + 1]")
        session = Interpreter()
        session.setValue(kept, for: "kept")
        session.setValue(closures, for: "closures")
        assertRefusedAsForeign(session, "kept(2)")
        assertRefusedAsForeign(session, "closures[0](1)")
        XCTAssertEqual(try session.run("len(closures)"), 2)
    }

    func testValuesOtherThanUserFunctionsMoveFreely() throws {
        let a = Interpreter(), b = Interpreter()
        b.setValue(try a.run("[1, [2, 3], \"s\"]"), for: "v")
        XCTAssertEqual(try b.run("v[1][1]"), 3)
        b.setValue(try a.run("sin"), for: "s")
        XCTAssertEqual(try b.run("s(0)"), 0)
    }

    func testAFunctionReplacedDuringARunIsFreedWithItsInterpreter() throws {
        weak var replaced: AnyObject?
        do {
            let grad = Interpreter()
            grad.output = { [weak grad] _ in grad?.setValue(.number(0), for: "f") }
            try grad.run("f(x) = { print(x); x }")
            if case .function(let f)? = grad.value(of: "f") { replaced = f }
            XCTAssertEqual(try grad.run("f(1)"), 1)  // f is replaced while it runs, and kept for that
            XCTAssertNotNil(replaced)
        }
        XCTAssertNil(replaced, "the replaced function and the interpreter's names kept each other")
    }
}
