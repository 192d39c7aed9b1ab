import XCTest
@testable import GradLang

/// The internals behind `Limits`: nesting heights, sizes of shared vectors, display
/// bounds, freeing long chains, and the error each limit gives.
final class LimitsTests: XCTestCase {
    func testHeightCountsLevelsAndStopsAtTheLimit() {
        XCTAssertEqual(ValueLimits.height(of: .number(1), limit: 10), 0)
        XCTAssertEqual(ValueLimits.height(of: [1, 2], limit: 10), 1)
        XCTAssertEqual(ValueLimits.height(of: [[1], 2, [[3]]], limit: 10), 3)
        XCTAssertEqual(ValueLimits.height(of: [[], [[]]], limit: 10), 3)
        var chain: Value = []
        for _ in 0..<99 { chain = [chain] }
        XCTAssertEqual(ValueLimits.height(of: chain, limit: 100), 100)
        XCTAssertNil(ValueLimits.height(of: chain, limit: 99))
        XCTAssertNil(ValueLimits.height(of: [chain], limit: 100))
    }

    func testHeightOfSharedVectorsIsCheap() {
        // 2^200 paths through 200 distinct vectors: walked once each.
        var v: Value = [1]
        for _ in 0..<200 { v = [v, [v]] }
        let start = Date()
        XCTAssertEqual(ValueLimits.height(of: v, limit: 1000), 401)
        XCTAssertNil(ValueLimits.height(of: v, limit: 400))
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testSizeCountsSharedVectorsOncePerPlace() {
        var v: Value = [1, 2]
        XCTAssertFalse(ValueLimits.exceedsSize(v, limit: 2))
        XCTAssertTrue(ValueLimits.exceedsSize(v, limit: 1))
        for _ in 0..<60 { v = [v, v] }
        XCTAssertTrue(ValueLimits.exceedsSize(v, limit: 1_000_000))
        XCTAssertFalse(ValueLimits.exceedsSize([[1, 2], [3, 4]], limit: 6))
        XCTAssertTrue(ValueLimits.exceedsSize([[1, 2], [3, 4]], limit: 5))
        var empties: Value = [[]]
        for _ in 0..<60 { empties = [empties, empties] }
        XCTAssertTrue(ValueLimits.exceedsSize(empties, limit: 1000))
    }

    func testDisplayBound() {
        XCTAssertFalse(ValueLimits.displayExceeds([1, 2, 3], elements: 3, characters: 11))
        XCTAssertTrue(ValueLimits.displayExceeds([1, 2, 3], elements: 2, characters: 100))
        XCTAssertTrue(ValueLimits.displayExceeds(["a long string"], elements: 10, characters: 10))
        var v: Value = [1]
        for _ in 0..<40 { v = [v, v] }
        XCTAssertTrue(ValueLimits.displayExceeds(v, elements: 1000, characters: 1 << 30))
    }

    func testDisplayAndEqualityWalkDeepValuesWithoutRecursion() {
        var a: Value = [], b: Value = []
        for _ in 0..<10_000 {
            a = [a]
            b = [b]
        }
        XCTAssertEqual(a.description.count, 20_002)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, [b])
        XCTAssertEqual(HostValues.untracked(a), b)
        // Freeing still recurses (about 100 bytes a level): fine for 10,000 levels on this
        // 8 MiB thread; scripts cannot build deeper than maxValueNesting.
        a = .none
        b = .none
    }

    func testEqualityKeepsArraySemantics() {
        let nan = Value.number(.nan)
        let v: Value = [nan]
        XCTAssertEqual(v, v)  // the same storage: equal, as Swift arrays are
        XCTAssertNotEqual(Value.vector([nan]), Value.vector([nan]))
        XCTAssertNotEqual(Value.vector([1, [2]]), Value.vector([1, 2]))
        XCTAssertEqual(Value.vector([1, [2, "x"]]), Value.vector([1, [2, "x"]]))
    }

    func testFreeingALongChainOfFramesDoesNotRecurse() {
        // Frame → closure → frame → ... a million links, freed on this (8 MiB) thread.
        let code = FunctionCode(name: "f", parameters: [], slotCount: 1, body: ConstantNode(.none, range: range()),
                                closures: nil, range: range(),
                                syntax: Function(name: "f", parameters: [], body: Expr(kind: .none, range: range())),
                                globals: Globals())
        var link: Value = .number(0)
        for _ in 0..<1_000_000 {
            let frame = Frame.make(slotCount: 1, parent: nil)
            frame[0] = link
            link = .function(Closure(code: code, captured: frame, serial: 0))
        }
        link = .none
        XCTAssertEqual(DeepRelease.Queue.current.pending.count, 0)
        XCTAssertFalse(DeepRelease.Queue.current.isDraining)
    }

    func testEvaluationThreadsGiveBackTheStackADeepRunUsed() throws {
        func residentMB() -> Double {
            let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ")
            return Double(fields.flatMap { $0.count > 1 ? Int($0[1]) : nil } ?? 0) * 4096 / 1_048_576
        }
        let interpreter = Interpreter()
        try interpreter.run("f(n) = if n == 0 { 0 } else { 1 + f(n - 1) }")
        XCTAssertEqual(try interpreter.run("f(10)"), 10)  // a pooled thread exists
        let before = residentMB()
        XCTAssertEqual(try interpreter.run("f(9999)"), 9999)  // tens of MB of stack in a debug build
        XCTAssertLessThan(residentMB() - before, 16, "the stack pages stayed resident")
    }

    func testLimitErrorsSayWhichLimit() {
        XCTAssertEqual(ValueLimits.nestingError(5).message,
                       "vectors nested more than 5 deep exceed the limit of nesting (Limits.maxValueNesting)")
        let interpreter = Interpreter()
        interpreter.limits = Limits(maxSteps: 100, maxCallDepth: 10, maxVectorLength: 10, maxStringLength: 10,
                                    maxValueNesting: 3)
        func message(_ source: String) -> String? {
            do {
                try interpreter.run(source)
                return nil
            } catch {
                return (error as? GradError)?.message
            }
        }
        XCTAssertEqual(message("while true {}"), "stopped after 100 steps (the step limit); is a loop missing its exit?")
        XCTAssertEqual(message("f(n) = f(n); f(1)"),
                       "recursion too deep: more than 10 nested calls; does the function reach its base case?")
        XCTAssertEqual(message("zeros(11)"), "zeros: a vector of 11 elements exceeds the limit of 10")
        XCTAssertEqual(message("[[[[1]]]]"), ValueLimits.nestingError(3).message)
        XCTAssertEqual(message("v = [[1]]; v[0][0] = [[2]]"), ValueLimits.nestingError(3).message)
        XCTAssertEqual(try interpreter.run("v = [[1]]; v[0][0] = [2]; v"), [[[2]]])
        XCTAssertEqual(message("append([1], [[[2]]])"), ValueLimits.nestingError(3).message)
        XCTAssertEqual(try interpreter.run("append([1], [[2]])"), [1, [[2]]])
        XCTAssertEqual(message("m = [[1, 2], [3, 4]]; m + [[5, 6], [7, 8]] + 0"), nil)
        XCTAssertEqual(message("m = zeros(3, 3); m + 1"),
                       "arithmetic on a vector of more than 10 elements (counting the elements of nested vectors) "
                       + "exceeds the limit of 10")
        XCTAssertEqual(message("descend(x -> x^2, [1], steps: 10, path: true)"),
                       "descend: a matrix of 11 × 1 numbers exceeds the limit of 10")
        XCTAssertEqual(message(#"s = "abcdef"; s + s"#), "a string of 12 characters exceeds the limit of 10")
        XCTAssertEqual(message("print([1, 2, 3, 4])"), "showing this vector would take more than 10 elements or "
                       + "10 characters, over the limits")
        XCTAssertEqual(Limits(), Limits(maxSteps: nil, maxCallDepth: 10_000, maxVectorLength: 1_000_000,
                                        maxStringLength: 16 << 20, maxValueNesting: 1_000))
    }

    private func range() -> SourceRange {
        let file = SourceFile(name: "t", text: "x")
        return SourceRange(file: file, start: SourceLocation(line: 1, column: 1), end: SourceLocation(line: 1, column: 2))
    }
}
