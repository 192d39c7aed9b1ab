import Foundation
import XCTest
@testable import GradLang

/// Runs every `.grad` program under `Golden/` and compares what it prints with the
/// expectations written inside it:
///
///     print(1 + 1)        # expect: 2
///     # stderr: errors/undefined.grad:3:1: error: name 'gard' is not defined; did you mean 'grad'?
///
/// `# expect: TEXT` lines list standard output in order; `# stderr: TEXT` lines list the
/// rendered error (message, source line, caret, call chain). A program without `# stderr:`
/// lines must run without error.
///
/// After changing the wording of a message, `GRAD_RECORD_STDERR=1 swift test --filter
/// GoldenTests` rewrites the `# stderr:` lines in the source tree; review them with git diff.
final class GoldenTests: XCTestCase {
    func testLanguage() throws { try runGoldenFolder("language") }
    func testDisplay() throws { try runGoldenFolder("display") }
    func testBuiltins() throws { try runGoldenFolder("builtins") }
    func testDifferentiation() throws { try runGoldenFolder("differentiation") }
    func testSpecExamples() throws { try runGoldenFolder("spec") }
    func testErrors() throws { try runGoldenFolder("errors") }
    func testPlots() throws { try runGoldenFolder("plots") }

    func testEveryFolderIsRun() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: GoldenProgram.root.path)
        let run: Set = ["language", "display", "builtins", "differentiation", "spec", "errors", "plots"]
        for folder in folders where !run.contains(folder) {
            XCTFail("Golden/\(folder) has no test method; add one to GoldenTests")
        }
    }

    private func runGoldenFolder(_ folder: String) throws {
        let programs = try GoldenProgram.all(in: folder)
        XCTAssertFalse(programs.isEmpty, "no golden programs in Golden/\(folder)")
        for program in programs {
            let result = program.run()
            if result.stdout != program.expectedStdout {
                XCTFail("\(program.name): standard output differs\n" + diff(program.expectedStdout, result.stdout))
            }
            if result.stderr != program.expectedStderr, ProcessInfo.processInfo.environment["GRAD_RECORD_STDERR"] == "1" {
                try program.record(stderr: result.stderr)
            } else if result.stderr != program.expectedStderr {
                XCTFail("\(program.name): error output differs\n" + diff(program.expectedStderr, result.stderr))
            }
        }
    }

    private func diff(_ expected: [String], _ actual: [String]) -> String {
        var lines: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let e = i < expected.count ? expected[i] : "(nothing)"
            let a = i < actual.count ? actual[i] : "(nothing)"
            lines.append(e == a ? "  \(e)" : "- \(e)\n+ \(a)")
        }
        return lines.joined(separator: "\n")
    }
}

/// One golden program and what it expects.
struct GoldenProgram {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Golden")

    /// `folder/file.grad`, the name errors are reported under.
    let name: String
    let source: String

    static func all(in folder: String) throws -> [GoldenProgram] {
        let directory = root.appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".grad") }.sorted()
        return try files.map { file in
            GoldenProgram(name: "\(folder)/\(file)",
                          source: try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8))
        }
    }

    var expectedStdout: [String] { expectations(marker: "# expect: ") }
    var expectedStderr: [String] { expectations(marker: "# stderr: ") }

    /// The text after `marker` on each line that has it (an `# expect:` may follow code).
    private func expectations(marker: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            guard let range = line.range(of: marker) else { return nil }
            let text = String(line[range.upperBound...]).trimmingTrailingSpaces
            return text == "(empty)" ? "" : text
        }
    }

    /// Replaces the `# stderr:` lines of the program's source file with `stderr`.
    func record(stderr: [String]) throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent(name)
        var lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.hasPrefix("# stderr: ") }
        while lines.last == "" { lines.removeLast() }
        lines += stderr.map { "# stderr: " + ($0.isEmpty ? "(empty)" : $0) } + [""]
        try lines.joined(separator: "\n").write(to: source, atomically: true, encoding: .utf8)
    }

    func run() -> (stdout: [String], stderr: [String]) {
        let interpreter = Interpreter()
        // A program that loops forever (a regression of errors/range_loop_*) fails, not hangs.
        interpreter.limits.maxSteps = 20_000_000
        let printed = CapturedOutput()
        interpreter.output = printed.append
        // As the grad command does: notes go with the errors, not with what print writes.
        let notes = CapturedOutput()
        interpreter.notes = notes.append
        var errorText = ""
        do {
            try interpreter.run(source, fileName: name)
        } catch let error as GradError {
            errorText = DiagnosticRenderer.render(error)
        } catch {
            errorText = "unexpected error: \(error)"
        }
        return (lines(printed.text), lines(notes.text + errorText))
    }

    private func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailingSpaces }
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}

private extension String {
    /// Editors strip trailing spaces from the expectations, so the comparison ignores them.
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
