import XCTest
@testable import GradLang

/// The resolver's facts, read straight from its `Resolution`: where each name lives and
/// how each function lays out its frame.
final class ResolverTests: XCTestCase {
    private var source = ""
    private var resolution = Resolution()

    private func resolve(_ text: String) throws {
        source = text
        let file = SourceFile(name: "t", text: text)
        var resolver = Resolver(globals: Globals())
        resolution = try resolver.resolve(try Parser.parse(file))
    }

    /// Where the `occurrence`-th (0-based) `name` in the source starts.
    private func location(of name: String, occurrence: Int = 0) -> SourceLocation {
        var line = 1, column = 1, seen = 0
        let characters = Array(source)
        for i in characters.indices {
            let isStart = String(characters[i..<min(i + name.count, characters.count)]) == name
                && (i == 0 || !(characters[i - 1].isLetter || characters[i - 1].isNumber))
            if isStart {
                if seen == occurrence { return SourceLocation(line: line, column: column) }
                seen += 1
            }
            if characters[i] == "\n" { (line, column) = (line + 1, 1) } else { column += 1 }
        }
        XCTFail("no occurrence \(occurrence) of \(name)")
        return SourceLocation(line: 0, column: 0)
    }

    private func place(_ name: String, occurrence: Int = 0) -> String {
        switch resolution.place(at: location(of: name, occurrence: occurrence)) {
        case .local(let slot)?: return "local \(slot)"
        case .outer(let depth, let slot)?: return "outer \(depth) \(slot)"
        case .global?: return "global"
        case nil: return "unresolved"
        }
    }

    private func layout(ofBodyAt name: String, occurrence: Int = 0) -> Resolution.FrameLayout? {
        resolution.layout(ofBodyAt: location(of: name, occurrence: occurrence))
    }

    func testParametersAndAssignedNamesAreLocalOthersGlobal() throws {
        try resolve("f(x) = { y = x + g; y }")
        XCTAssertEqual(place("f"), "global")
        XCTAssertEqual(place("x", occurrence: 1), "local 0")
        XCTAssertEqual(place("y"), "local 1")
        XCTAssertEqual(place("y", occurrence: 1), "local 1")
        XCTAssertEqual(place("g"), "global")
    }

    func testANameAssignedAnywhereInABodyIsLocalToAllOfIt() throws {
        // Python's rule: the read of x comes before its assignment, and is still local.
        try resolve("x = 1\nf() = { y = x; x = 2; y }")
        XCTAssertEqual(place("x"), "global")
        XCTAssertEqual(place("x", occurrence: 1), "local 1")
        XCTAssertEqual(place("x", occurrence: 2), "local 1")
    }

    func testNestedFunctionsReadEnclosingFramesByDepth() throws {
        try resolve("f(a) = { b = 2; g(c) = (d -> a + b + c + d); g }")
        XCTAssertEqual(place("a", occurrence: 1), "outer 2 0")
        XCTAssertEqual(place("b", occurrence: 1), "outer 2 1")
        XCTAssertEqual(place("c", occurrence: 1), "outer 1 0")
        XCTAssertEqual(place("d", occurrence: 1), "local 0")
    }

    func testAFrameLayoutSaysWhichSlotsClosuresCapture() throws {
        try resolve("f(a, unused) = { b = 2; (d -> a + d) }")
        let outer = try XCTUnwrap(layout(ofBodyAt: "{"))
        XCTAssertEqual(outer.slotCount, 3)
        XCTAssertEqual(outer.closures?.uncapturedSlots, [1, 2], "a is captured; unused and b are not")
        XCTAssertEqual(outer.closures?.slotsWrittenFromInside, false)
        let inner = try XCTUnwrap(layout(ofBodyAt: "a", occurrence: 1))
        XCTAssertEqual(inner.slotCount, 1)
        XCTAssertNil(inner.closures, "the lambda makes no closures")
    }

    func testAnIndexAssignmentFromANestedFunctionIsNoted() throws {
        try resolve("f(v) = { g() = { v[0] = 1 }; g }")
        XCTAssertEqual(place("v", occurrence: 1), "outer 1 0")
        XCTAssertEqual(layout(ofBodyAt: "{")?.closures?.slotsWrittenFromInside, true)
    }

    func testTopLevelCallsWhoseArgumentsAssignTheCalleeAreNoted() throws {
        let cases: [(String, Bool)] = [
            ("f({ f = 0; 1 })", true),
            ("f(g({ f = 0; 1 }))", true),
            ("f({ for f in 1..2 {}; 1 })", true),
            ("f({ g = 0; 1 })", false),
            ("f(x -> { f = 0 })", false),  // the lambda's own f
        ]
        for (text, assigns) in cases {
            try resolve(text)
            let callee = SourceRange(file: SourceFile(name: "t", text: text), start: location(of: "f"),
                                     end: location(of: "f"))
            XCTAssertEqual(resolution.argumentsAssignCallee(of: callee), assigns, text)
        }
    }

    func testMisplacedJumpsAreStaticErrors() {
        let cases = [
            ("break", "'break' outside a loop"),
            ("continue", "'continue' outside a loop"),
            ("return 1", "'return' outside a function"),
            // A function in a loop starts outside any loop of its own.
            ("while true { f() = { break } }", "'break' outside a loop"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try resolve(text), text) { error in
                XCTAssertEqual((error as? GradError)?.kind, .syntax, text)
                XCTAssertEqual((error as? GradError)?.message, message, text)
            }
        }
        XCTAssertNoThrow(try resolve("for i in 1..3 { if i == 2 { break } }\nf() = { return 1 }"))
    }
}
