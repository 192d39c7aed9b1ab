import GradLang
import XCTest

/// Functions and frames that keep each other alive (recursive local functions, functions
/// kept in vectors or wrapped by `grad`) are freed once nothing else holds them, and
/// nothing that is still reachable is touched.
final class CycleCollectionTests: XCTestCase {
    private var interpreter: Interpreter!
    private var watched: Watched!

    override func setUp() {
        interpreter = Interpreter()
        watched = Watched()
        let watched = watched!
        interpreter.define("watch", arity: 1) { args in
            if case .function(let f) = args[0] { watched.add(f) }
            return .none
        }
        // A call that leaves a cycle behind: each one gives the collector work.
        try! interpreter.run("fact(n) = { go(k) = if k == 0 { 1 } else { k * go(k - 1) }; go(n) }")
    }

    /// XCTest keeps every test case object until the process ends: without this, each test's
    /// interpreter (and the syntax its functions keep) would look leaked to LeakSanitizer.
    override func tearDown() {
        interpreter = nil
        watched = nil
    }

    @discardableResult
    private func run(_ source: String) throws -> Value { try interpreter.run(source) }

    func testCyclesLeftByReturnedCallsAreFreedByTheEndOfTheRun() throws {
        let cycles = [
            // A recursive local function reads its own name in the frame.
            "f(n) = { go(k) = if k == 0 { 1 } else { k * go(k - 1) }; watch(go); go(n) }; f(5)",
            // Two that call each other.
            "f(n) = { e(k) = if k == 0 { true } else { o(k - 1) }; o(k) = if k == 0 { false } else { e(k - 1) }; watch(e); watch(o); e(n) }; f(10)",
            // grad of a local function, kept where another local function reads it.
            "f(x) = { g(t) = t^2 * x; dg = grad(g); watch(dg); watch(g); h(t) = dg(t) + 1; h(3) }; [f(1), f(2)]",
            // Local functions in a vector that one of them reads.
            "f() = { fs = [() -> len(fs), () -> 2]; watch(fs[0]); watch(fs[1]); fs[0]() + fs[1]() }; f()",
            // A function made by a local function (its frame's parent is the call's frame).
            "f() = { mk(a) = t -> t + a; add1 = mk(1); watch(add1); h(t) = add1(t); h(1) }; f()",
            // A nested function index-assigns the frame after the call.
            "f() = { box = [0]; put(g) = { box[0] = g; 0 }; watch(put); put(put) }; f()",
        ]
        for source in cycles {
            try run("for i in range(3) { \(source) }")
            XCTAssertEqual(watched.alive, 0, source)
        }
    }

    func testACycleAFunctionEscapedFromIsFreedOnceTheFunctionIsDropped() throws {
        XCTAssertEqual(try run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; watch(go); go }; g = make(4); g(3)"), 4)
        XCTAssertEqual(watched.alive, 1)
        XCTAssertEqual(try run("g(10)"), 4)  // still whole after the collection at the end of each run
        try run("g = 0; for i in range(3000) { fact(3) }")  // collections along the way find it garbage
        XCTAssertEqual(watched.alive, 0)
    }

    func testCollectionsDuringARunLeaveEverythingReachableWhole() throws {
        try run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; watch(go); go }")
        // Reachable from a global vector, from a running call's argument, from the value
        // being built, and from the frame of the call that is running: thousands of
        // collections happen meanwhile (each fact call leaves garbage behind).
        try run("fs = [make(1), make(2)]")
        try run("apply(f, n) = { for i in range(2500) { fact(3) }; f(n) }")
        XCTAssertEqual(try run("apply(make(5), 3)"), 5)
        XCTAssertEqual(try run("w = [make(6), apply(make(7), 1), make(8)(2)]; [w[0](0), w[1], w[2]]"),
                       .vector([.number(6), .number(7), .number(8)]))
        XCTAssertEqual(try run("outer(m) = { keep = make(m); spin(k) = { for i in range(2500) { fact(3) }; keep(k) }; spin(2) }; outer(9)"), 9)
        XCTAssertEqual(try run("fs[0](3) + fs[1](3)"), 3)
        // A vector of the cycle that is also a global's value, and a grad(...) of the cycle.
        try run("mkv() = { vs = [() -> len(vs)]; vs }; v = mkv()")
        try run("mkd(x) = { g(t) = t * x; dg = grad(g); h(t) = dg(t); dg }; d = mkd(3)")
        try run("for i in range(2500) { fact(3) }")
        XCTAssertEqual(try run("[v[0](), d(1)]"), .vector([.number(1), .number(3)]))
    }

    func testGarbageDoesNotPileUpDuringALongRun() throws {
        let watched = watched!
        interpreter.define("alive", arity: 0) { _ in .number(Double(watched.alive)) }
        try run("f(n) = { go(k) = if k == 0 { 1 } else { k * go(k - 1) }; watch(go); go(n) }")
        // Collections run as tracked frames reach 1000, not only when the run ends.
        let alive = try XCTUnwrap(try run("for i in range(10000) { f(3) }; alive()").doubleValue)
        XCTAssertLessThanOrEqual(alive, 1000)
    }

    func testAClosedCycleIsFreedWhenItsCallReturnsAndAnOpenOneIsKept() throws {
        let watched = watched!
        interpreter.define("alive", arity: 0) { _ in .number(Double(watched.alive)) }
        // Freed at once, in the middle of the run: only the frame held go, only go the frame.
        XCTAssertEqual(try run("f(n) = { go(k) = if k == 0 { 1 } else { k * go(k - 1) }; watch(go); go(n) }; f(4); alive()"), 0)
        // Kept: a lambda that escapes reads go through the same frame; a second name holds go;
        // go is in a vector that escapes.
        let open = [
            "f() = { go(k) = if k == 0 { 7 } else { go(k - 1) }; watch(go); k -> go(k) }; h = f(); [alive(), h(3)]",
            "f() = { go(k) = if k == 0 { 7 } else { go(k - 1) }; watch(go); keep = [go]; keep }; h = f(); [alive(), h[0](3)]",
            "f() = { go(k) = if k == 0 { 7 } else { go(k - 1) }; watch(go); other = go; other }; h = f(); [alive(), h(3)]",
        ]
        for source in open {
            XCTAssertEqual(try run(source), .vector([1, 7]), source)
            try run("h = 0")  // the collection at the end of this run finds it garbage
            XCTAssertEqual(watched.alive, 0, source)
        }
    }

    func testAFunctionTheHostHoldsOutlivesCollections() throws {
        let f = try run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; go }; make(11)")
        try run("for i in range(3000) { fact(3) }")
        interpreter.setValue(f, for: "kept")
        XCTAssertEqual(try run("kept(4)"), 11)
    }

    func testDroppingTheInterpreterFreesTheCyclesItsNamesHeld() throws {
        try run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; watch(go); go }; a = make(1); b = [make(2)]")
        XCTAssertEqual(watched.alive, 2)
        interpreter = nil
        XCTAssertEqual(watched.alive, 0)
    }

    func testACycleNoNameHoldsIsFreedWhenTheRunEnds() throws {
        try run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; watch(go); go }; c = make(3)")
        XCTAssertEqual(watched.alive, 1)
        try run("c = 0")
        XCTAssertEqual(watched.alive, 0)
    }

    func testDroppingTheInterpreterFreesCyclesOfFunctionsTheHostWasGiven() throws {
        // A function handed to the host stays whole while it lives; in a cycle it lives on
        // after the host lets it go, until the interpreter goes.
        _ = try run("make(n) = { go(k) = if k == 0 { n } else { go(k - 1) }; watch(go); go }; make(3)")
        try run("make = 0; fact = 0")
        XCTAssertEqual(watched.alive, 1)
        interpreter = nil
        XCTAssertEqual(watched.alive, 0)
    }
}
