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
