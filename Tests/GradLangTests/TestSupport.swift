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

/// SplitMix64 (Steele, Lea and Flood): a small seeded generator, written here so that the
/// random tests reproduce, whatever the standard library's generators do.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
