import XCTest
@testable import GradLang

/// Which node lowering picks: the fast nodes exactly where their conditions hold
/// (Lowering+FastPaths.swift), the general ones elsewhere.
final class LoweringTests: XCTestCase {
    private func lower(_ text: String) throws -> [Node] {
        let globals = Globals()
        let program = try Parser.parse(SourceFile(name: "t", text: text))
        var resolver = Resolver(globals: globals)
        var lowering = Lowering(try resolver.resolve(program), globals: globals)
        return lowering.lower(program)
    }

    /// The node of the last statement.
    private func last(_ text: String) throws -> Node {
        try XCTUnwrap(try lower(text).last)
    }

    /// The body of the function the last statement defines.
    private func body(_ text: String) throws -> Node {
        let define = try XCTUnwrap(try last(text) as? GlobalAssignNode)
        return try XCTUnwrap(define.value as? LambdaNode).code.body
    }

    func testACallOfAGlobalNameIsMadeFromItsCell() throws {
        XCTAssertTrue(try last("f(x) = x\nf(1)") is GlobalCallNode)
        XCTAssertTrue(try body("g(y) = f(y)") is GlobalCallNode)
    }

    func testACallWhoseArgumentsMayReassignTheCalleeTakesTheGeneralPath() throws {
        XCTAssertTrue(try last("f(x) = x\nf({ f = 2; 1 })") is CallNode)
        XCTAssertTrue(try last("f(x) = x\nf(x: 1)") is CallNode, "named arguments")
        XCTAssertTrue(try body("g(f) = f(1)") is CallNode, "a parameter is no global")
    }

    func testCountingLoops() throws {
        XCTAssertTrue(try last("for i in 1..3 { i }") is ForRangeNode)
        XCTAssertTrue(try last("for i in range(3) { i }") is RangeLoopNode)
        XCTAssertTrue(try last("for i in range(0, 3, 1) { i }") is ForEachNode, "a step: not counted")
        XCTAssertTrue(try last("v = [1]\nfor i in v { i }") is ForEachNode)
        XCTAssertTrue(try body("f(range) = { for i in range(3) { i } }") is ForEachNode, "range is a parameter")
    }

    func testGrowingInPlace() throws {
        XCTAssertTrue(try last("v = []\nv = append(v, 1)") is AppendAssignNode)
        XCTAssertTrue(try last("s = \"\"\ns = s + \"a\"") is AddAssignNode)
        XCTAssertTrue(try last("s = \"\"\ns += \"a\"") is AddAssignNode)
        XCTAssertTrue(try last("i = 0\ni = i + 1") is GlobalAssignNode, "a number literal keeps the numeric path")
        XCTAssertTrue(try last("v = []\nw = append(v, 1)") is GlobalAssignNode, "another name")
    }

    func testNumberLiteralsAreKeptInArithmeticNodes() throws {
        XCTAssertTrue(try last("x = 1\nx * 2") is ArithmeticConstantNode)
        XCTAssertTrue(try last("x = 1\n2 - x") is ConstantArithmeticNode)
        XCTAssertTrue(try last("x = 1\nx < 2") is ComparisonConstantNode)
        XCTAssertTrue(try last("x = 1\nx + x") is ArithmeticNode)
        XCTAssertTrue(try last("x = 1\nx + x + x + x") is ArithmeticChainNode)
    }

    func testNamesBecomeSlots() throws {
        let read = try XCTUnwrap(try body("f(a, b) = b") as? LocalGetNode)
        XCTAssertEqual(read.slot, 1)
        let outer = try XCTUnwrap(try XCTUnwrap(try body("f(a) = (x -> a)") as? LambdaNode).code.body as? OuterGetNode)
        XCTAssertEqual(outer.depth, 1)
        XCTAssertEqual(outer.slot, 0)
        let misspelt = try XCTUnwrap(try body("f(alpha) = alpah") as? GlobalGetNode)
        XCTAssertEqual(misspelt.parameters, ["alpha"], "did you mean looks among the parameters")
    }

    func testACallKnowsTheGlobalNamesItsFirstArgumentReads() throws {
        let call = try XCTUnwrap(try last("grad(y + sin(x) * y, [1])") as? GlobalCallNode).general
        XCTAssertEqual(call.globalNamesInFirstArgument, ["y", "sin", "x"], "in order of first use, each once")
        let inside = try XCTUnwrap(try body("f(a) = grad(a * x, [1])") as? GlobalCallNode).general
        XCTAssertEqual(inside.globalNamesInFirstArgument, ["x"], "a parameter is no global")
        let bare = try XCTUnwrap(try last("grad(x, [1])") as? GlobalCallNode).general
        XCTAssertEqual(bare.globalNamesInFirstArgument, ["x"])
    }

    func testPastTheLimitAFirstArgumentListsNoNames() throws {
        let names = (0...NamesRead.limit).map { "x\($0)" }
        let call = try XCTUnwrap(try last("g(\(names.joined(separator: " + ")))") as? GlobalCallNode).general
        XCTAssertEqual(call.globalNamesInFirstArgument, [], "\(names.count) names: no advice")
        let fewer = try XCTUnwrap(try last("g(\(names.dropLast().joined(separator: " + ")))") as? GlobalCallNode)
        XCTAssertEqual(fewer.general.globalNamesInFirstArgument.count, NamesRead.limit)
        // A nested call hands its names on, past the limit too.
        let nested = try XCTUnwrap(try last("g(h(\(names.joined(separator: " + "))))") as? GlobalCallNode).general
        XCTAssertEqual(nested.globalNamesInFirstArgument, [])
    }
}
