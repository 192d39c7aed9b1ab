import Foundation
import XCTest

/// Programs that ask for huge or endlessly growing values stop with a limit error while the
/// process stays small: the peak resident memory of each `grad -e` run.
final class MemoryBoundTests: XCTestCase {
    /// 200 MB for a plain build; a sanitizer's shadow memory and quarantine come on top.
    static let boundMB: Double = isSanitized ? 1024 : 200
    static let isSanitized = ["__asan_init", "__tsan_init"].contains { (symbol: String) in
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) != nil
    }

    func testRunawayAllocationsStopSmall() throws {
        let programs = [
            "zeros(1e12)", "ones(1e9)", "zeros(1e6, 1e6)", "linspace(0, 1, 1e10)", "range(1e12)", "0..1e12",
            "v = [1]; while true { v = zeros(2 * len(v)) }", "v = [1]; while true { v = [v, v] }",
            #"s = "ab"; while true { s = s + s }"#,
            #"s = "ab"; while true { s = "{s}{s}" }"#, "v = []; for i in range(100000) { v = [v] }",
            "v = [1]; for i in range(60) { v = [v, v] }; str(v)",
        ]
        for program in programs {
            let (status, megabytes) = try peakMemory(["-e", program])
            XCTAssertEqual(status, 1, "\(program): expected a limit error")
            XCTAssertLessThan(megabytes, MemoryBoundTests.boundMB, program)
        }
    }

    /// Runs the built `grad` with `arguments`, output discarded; its exit status and peak
    /// resident memory in MB. A small Python process starts it: a child's peak counts the
    /// memory of the process it was forked from, and this test process is large.
    private func peakMemory(_ arguments: [String]) throws -> (Int32, Double) {
        let script = """
            import resource, subprocess, sys
            run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, CLITests.binary.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = report.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard process.terminationStatus == 0, fields.count == 2 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "python3 could not measure: \(report)"])
        }
        return (Int32(fields[0]), fields[1] / 1024)  // ru_maxrss is in KB on Linux
    }
}
