import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Programs that ask for huge or endlessly growing values stop with a limit error while the
/// process stays small: the peak resident memory of each `grad -e` run, from wait4.
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
    /// resident memory in MB.
    private func peakMemory(_ arguments: [String]) throws -> (Int32, Double) {
        let binary = CLITests.binary.path
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid = pid_t()
        let spawned = posix_spawn(&pid, binary, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw POSIXError(.ECHILD) }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, Double(usage.ru_maxrss) / 1024)  // ru_maxrss is in KB on Linux
    }
}
