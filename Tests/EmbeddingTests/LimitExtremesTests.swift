import GradLang
import XCTest

/// Limits accept any Int. `Int.max` is a host's natural "no limit", 0 and negative numbers
/// forbid what they bound; none of them may trap in the arithmetic that checks them.
final class LimitExtremesTests: XCTestCase {
    /// Programs that touch every limit: steps, calls, vectors, strings, nesting, tapes.
    private let programs = [
        "s = 0; for i in 1..100 { s = s + i }; s",
        "f(n) = if n == 0 { 0 } else { 1 + f(n - 1) }; f(20)",
        "v = zeros(10); v[3] = 1; [v, [v]]",
        #"s = "ab" + "cd"; "{s}{s}""#,
        "grad(x -> sum([x, x^2]), [3])",
        "descend(w -> (w[0] - 1)^2, [0], steps: 5, path: true)",
    ]

    private let extremes = [Int.max, Int.max - 1, 1, 0, -1, Int.min]

    private func runAll(_ interpreter: Interpreter, _ label: String) {
        for program in programs {
            do {
                _ = try interpreter.run(program)
            } catch let error as GradError {
                XCTAssertEqual(error.kind, .limit, "\(label): \(program): \(error)")
            } catch {
                XCTFail("\(label): \(program): not a GradError: \(error)")
            }
        }
    }

    func testEveryLimitAcceptsEveryExtremeWithoutTrapping() {
        let fields: [(String, WritableKeyPath<Limits, Int>)] = [
            ("maxCallDepth", \.maxCallDepth), ("maxVectorLength", \.maxVectorLength),
            ("maxStringLength", \.maxStringLength), ("maxValueNesting", \.maxValueNesting),
            ("maxMemory", \.maxMemory),
        ]
        for (name, field) in fields {
            for value in extremes {
                let interpreter = Interpreter()
                interpreter.limits[keyPath: field] = value
                runAll(interpreter, "\(name) = \(value)")
            }
        }
        for value in extremes {
            let interpreter = Interpreter()
            interpreter.limits.maxSteps = value
            runAll(interpreter, "maxSteps = \(value)")
        }
    }

    func testIntMaxMeansNoLimitAndZeroForbids() throws {
        let interpreter = Interpreter()
        interpreter.limits = Limits(maxSteps: .max, maxCallDepth: .max, maxVectorLength: .max, maxStringLength: .max,
                                    maxValueNesting: .max)
        XCTAssertEqual(try interpreter.run("s = 0; for i in 1..5000 { s = s + 1 }; s"), 5000)
        interpreter.limits.maxSteps = 0
        XCTAssertThrowsError(try interpreter.run("for i in 1..5000 {}"))
        interpreter.limits.maxSteps = -7
        XCTAssertEqual(interpreter.limits.maxSteps, 0, "a negative limit counts as 0")
    }
}

/// The memory budget: a gradient's record that outgrows it stops the run with an error
/// naming the record, and the interpreter keeps its names.
final class MemoryBudgetTests: XCTestCase {
    func testARecordPastTheBudgetIsALimitErrorAndTheNamesStay() throws {
        let interpreter = Interpreter()
        interpreter.limits.maxMemory = 1 << 20
        try interpreter.run("kept = 42; f(x) = { s = 0; for i in 1..n { s = s + x * i }; s }")
        for source in ["n = 1e5; grad(f, [1])", "n = 3e4; grad(y -> grad(f, [y])[0], [1])", "n = 3e4; hessian((x, y) -> f(x*y), [1, 2])",
                       "n = 1e5; descend(w -> f(w[0]), [0], steps: 3)", "n = 1e5; jacobian(x -> [f(x)], [1])"] {
            XCTAssertThrowsError(try interpreter.run(source), source) { error in
                guard let error = error as? GradError else { return XCTFail("not a GradError") }
                XCTAssertEqual(error.kind, .limit, source)
                XCTAssertTrue(error.message.hasPrefix("the gradient's record of "), error.message)
                XCTAssertTrue(error.message.contains("exceeds the memory budget of 1 MiB"), error.message)
            }
        }
        XCTAssertEqual(try interpreter.run("kept"), 42)
        // Within the budget, the same functions differentiate as usual.
        XCTAssertEqual(try interpreter.run("n = 100; grad(f, [1])"), .vector([5050]))
    }

    func testTheBudgetIsCheckedBeforeTheRecordGrows() throws {
        // With a budget of 1 MiB the record never holds more than that: it reserves room
        // only while the old and the new room fit together.
        let interpreter = Interpreter()
        interpreter.limits.maxMemory = 1 << 20
        let before = try XCTUnwrap(residentBytes())
        XCTAssertThrowsError(try interpreter.run("grad(x -> { s = 0; for i in 1..1e7 { s = s + x*i }; s }, [1])"))
        let after = try XCTUnwrap(residentBytes())
        XCTAssertLessThan(after - before, 64 << 20, "a 1e7-step record would take 800 MB")
    }

    private func residentBytes() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? Int(fields[1]).map { $0 * 4096 } : nil
    }
}
