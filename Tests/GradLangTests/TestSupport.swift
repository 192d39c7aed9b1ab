import XCTest
@testable import GradLang

/// Runs Grad source in a fresh interpreter and returns its value, failing the test on error.
func evaluate(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Value {
    do {
        return try Interpreter().run(source)
    } catch {
        XCTFail("\(source): \(error)", file: file, line: line)
        return .none
    }
}

/// The error a program raises, or nil when it runs.
func errorOf(_ source: String) -> GradError? {
    do {
        try Interpreter().run(source)
        return nil
    } catch let error as GradError {
        return error
    } catch {
        return nil
    }
}

/// The numbers of a value: a number, a vector or a matrix, flattened.
func numbers(_ value: Value) -> [Double] {
    switch value {
    case .number(let x): return [x]
    case .vector(let elements): return elements.flatMap(numbers)
    default: return []
    }
}

/// Whether `a` and `b` agree to `tolerance`, relative to their size (absolute near 0).
func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    if a == b { return true }
    if a.isNaN || b.isNaN || !a.isFinite || !b.isFinite { return false }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
