import Foundation
import GradLang
import XCTest

/// Every input in fuzz/regressions/ — crashes, hangs and memory blow-ups found by fuzzing or
/// review, minimized — runs through an interpreter and must end as its first line says:
///
///     # expect: limit: MESSAGE PREFIX        (or syntax:, runtime:, interrupted:)
///     # expect: value: DISPLAY OF THE VALUE
///     # limits: maxSteps=20000 maxVectorLength=1000    (optional; default Limits otherwise)
///
/// It runs from a thread with a 1 MiB stack, which then shows the values left in the
/// interpreter and frees it: none of that may crash either.
final class FuzzRegressionTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions")

    func testEveryRegressionEndsAsExpected() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "grad" }.sorted { $0.path < $1.path }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let source = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            let outcome = onSmallStack { Self.run(source) }
            let expected = Self.header(source, "expect")
            XCTAssertTrue(outcome.hasPrefix(expected) && !expected.isEmpty,
                          "\(file.lastPathComponent): expected '\(expected)', got '\(outcome)'")
        }
    }

    /// `kind: message` for an error, `value: display` otherwise.
    static func run(_ source: String) -> String {
        let interpreter = Interpreter()
        interpreter.output = { _ in }
        interpreter.limits = limits(header(source, "limits"))
        let outcome: String
        do {
            outcome = "value: \(try interpreter.run(source))"
        } catch let error as GradError {
            outcome = "\(error.kind): \(error.message)"
        } catch {
            outcome = "unexpected: \(error)"
        }
        for name in interpreter.userNames { _ = interpreter.value(of: name)?.description }
        return outcome
    }

    static func header(_ source: String, _ key: String) -> String {
        for line in source.split(separator: "\n") where line.hasPrefix("# \(key): ") {
            return String(line.dropFirst(key.count + 4))
        }
        return ""
    }

    static func limits(_ text: String) -> Limits {
        var limits = Limits()
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let n = Int(parts[1]) else { continue }
            switch parts[0] {
            case "maxSteps": limits.maxSteps = n
            case "maxCallDepth": limits.maxCallDepth = n
            case "maxVectorLength": limits.maxVectorLength = n
            case "maxStringLength": limits.maxStringLength = n
            case "maxValueNesting": limits.maxValueNesting = n
            default: break
            }
        }
        return limits
    }

    private func onSmallStack(_ body: @escaping () -> String) -> String {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        return box.value
    }

    private final class Box: @unchecked Sendable {
        var value = ""
    }
}
