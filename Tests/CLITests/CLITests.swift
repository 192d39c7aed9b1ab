import Foundation
import XCTest

/// Runs the built `grad` command as a user would.
final class CLITests: XCTestCase {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let binary: URL = {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("grad")
    }()

    func grad(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read standard error on another thread, so neither pipe can fill up and block.
        var stderrData = Data()
        let stderrDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            stderrData = err.fileHandleForReading.readDataToEndOfFile()
            stderrDone.signal()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        stderrDone.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                       stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func file(_ contents: String, name: String = "program.grad") throws -> String {
        try data(Data(contents.utf8), name: name)
    }

    func data(_ contents: Data, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("grad-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    func testEvaluatePrintsTheLastValue() throws {
        XCTAssertEqual(try grad(["-e", "-2^2"]).stdout, "-4\n")
        XCTAssertEqual(try grad(["-e", "f(x, y) = x^2 + y^2; grad(f, [1, 2])"]).stdout, "[2, 4]\n")
        XCTAssertEqual(try grad(["-e", "x = 3"]).stdout, "")
        XCTAssertEqual(try grad(["-e", "print(1, \"a\", [2])"]).stdout, "1 a [2]\n")
    }

    func testAFileWritesOnlyWhatItPrints() throws {
        let path = try file("#!/usr/bin/env grad\nx = 2\nx * 3\nprint(\"x is {x}\")\n")
        let outcome = try grad([path])
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stdout, "x is 2\n")
        XCTAssertEqual(outcome.stderr, "")
    }

    func testStandardInputIsAProgram() throws {
        let outcome = try grad([], stdin: Data("print(1 + 1)\n2 + 2\n".utf8))
        XCTAssertEqual(outcome.stdout, "2\n")
        XCTAssertEqual(outcome.status, 0)
    }

    func testErrorsShowFileLineColumnAndCaret() throws {
        let path = try file("print(\"before\")\ny = gard(1)\n")
        let outcome = try grad([path])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stdout, "before\n")
        XCTAssertEqual(outcome.stderr, """
            \(path):2:5: error: name 'gard' is not defined; did you mean 'grad'?
                y = gard(1)
                    ^~~~

            """)
    }

    /// The error of `program` (LF line ends) as `name` shows it: the line, the excerpt, the caret.
    static func expectedError(in name: String) -> String {
        """
        \(name):2:9: error: name 'gard' is not defined; did you mean 'grad'?
            y = x + gard(1)
                    ^~~~

        """
    }

    func testWindowsAndClassicMacLineEndsReadLikeNewlines() throws {
        for ending in ["\r\n", "\r"] {
            let program = ["x = 1", "y = x + gard(1)", "print(y)", ""].joined(separator: ending)
            let path = try file(program)
            let fromFile = try grad([path])
            XCTAssertEqual(fromFile.status, 1)
            XCTAssertEqual(fromFile.stderr, CLITests.expectedError(in: path), ending.debugDescription)
            XCTAssertEqual(try grad([], stdin: Data(program.utf8)).stderr, CLITests.expectedError(in: "<stdin>"))
            XCTAssertEqual(try grad(["-e", program]).stderr, CLITests.expectedError(in: "-e"))
        }
    }

    func testAnErrorOnTheFirstOfCRLFLinesShowsThatLineOnly() throws {
        let outcome = try grad([try file("y = gard(1)\r\nprint(2)\r\n")])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.hasSuffix(":1:5: error: name 'gard' is not defined; did you mean 'grad'?\n"
                                               + "    y = gard(1)\n        ^~~~\n"), outcome.stderr)
    }

    func testABadByteIsPlacedOnItsLineWhateverTheLineEnds() throws {
        for ending in ["\r\n", "\r"] {
            let bytes = Data("x = 1\(ending)yy = ".utf8) + Data([0xFF]) + Data(ending.utf8)
            let outcome = try grad([try data(bytes, name: "bad.grad")])
            XCTAssertEqual(outcome.status, 1)
            XCTAssertTrue(outcome.stderr.contains("bad.grad:2:6: error: the file is not valid UTF-8"), outcome.stderr)
        }
    }

    func testTheWholeFileParsesBeforeAnythingRuns() throws {
        let outcome = try grad([try file("print(\"ran\")\nx = (1 +\n")])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertEqual(outcome.stdout, "")
        XCTAssertTrue(outcome.stderr.contains(":2:"), outcome.stderr)
    }

    func testStrangeInputGetsAMessageNotACrash() throws {
        let cases: [(Data, String)] = [
            (Data([0x78, 0x20, 0x3D, 0xFF, 0xFE, 0x0A]), "not valid UTF-8"),
            (Data("x = 1\u{0}\n".utf8), "U+0000"),
            (Data((0..<2000).map { _ in UInt8.random(in: 0...255) }), "error"),
            (Data(String(repeating: "(", count: 100_000).utf8), "nested too deeply"),
            (Data(String(repeating: "[", count: 100_000).utf8), "nested too deeply"),
            (Data(String(repeating: "-", count: 100_000).utf8 + Data("1".utf8)), "nested too deeply"),
            (Data(String(repeating: "{", count: 100_000).utf8), "nested too deeply"),
        ]
        for (contents, words) in cases {
            let outcome = try grad([try data(contents, name: "strange.grad")])
            XCTAssertEqual(outcome.status, 1, words)
            XCTAssertTrue(outcome.stderr.contains(words), "\(words): \(outcome.stderr.prefix(300))")
        }
        let empty = try grad([try file("")])
        XCTAssertEqual(empty.status, 0)
        XCTAssertEqual(empty.stdout, "")
    }

    func testRunawayRecursionEndsQuickly() throws {
        let start = Date()
        let outcome = try grad(["-e", "f(n) = f(n + 1)\nf(0)"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("recursion too deep"), outcome.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    func testInterruptStopsAComputation() throws {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["-e", "while true {}"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 0.5)
        let sent = Date()
        process.interrupt()
        process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(sent), 2)
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("interrupted"))
    }

    func testDashReadsTheProgramFromStandardInput() throws {
        let outcome = try grad(["-"], stdin: Data("print(1 + 1)\n2 + 2\n".utf8))
        XCTAssertEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stdout, "2\n")
        let failing = try grad(["-"], stdin: Data("x = 1\ny = gard(x)\n".utf8))
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stderr.hasPrefix("<stdin>:2:5: error: name 'gard' is not defined"), failing.stderr)
    }

    func testCodeAndAFileTogetherAreAUsageError() throws {
        let path = try file("print(\"the file ran\")\n")
        let outcome = try grad(["-e", "print(\"the code ran\")", path])
        XCTAssertEqual(outcome.status, 64, "as every other usage error of this command")
        XCTAssertEqual(outcome.stdout, "")
        XCTAssertTrue(outcome.stderr.contains("give -e CODE or \(path), not both"), outcome.stderr)
    }

    /// Runs `grad` with standard output on /dev/full, where every write fails; stopped after
    /// 20 seconds if it does not notice.
    func gradWritingToAFullDisk(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { $1 }
        let err = Pipe()
        process.standardOutput = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        process.standardError = err
        try process.run()
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { if process.isRunning { process.terminate() } }
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testAFailedWriteIsAnError() throws {
        let cannot = "cannot write the output: standard output: No space left on device"
        // Little output: the final flush fails, after the program ended (a value shown by -e
        // fails as it is written, if it is longer than the buffer, and is reported the same way).
        for arguments in [["-e", "print(1)"], ["-e", "1 + 1"], ["-e", "zeros(10000)"], [try file("print(\"hello\")\n")]] {
            let outcome = try gradWritingToAFullDisk(arguments)
            XCTAssertEqual(outcome.status, 1, "\(arguments)")
            XCTAssertEqual(outcome.stderr, "grad: error: \(cannot)\n")
        }
        // More than a buffer's worth: the print that fails stops the program.
        let start = Date()
        let endless = try gradWritingToAFullDisk(["-e", "while true { print(\"line\") }"])
        XCTAssertEqual(endless.status, 1)
        XCTAssertEqual(endless.stderr, """
            -e:1:14: error: \(cannot)
                while true { print("line") }
                             ^~~~~~~~~~~~~

            """)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testAPictureFileThatCannotBeWrittenIsExplainedInWords() throws {
        let folder = (try file("print(1)\n", name: "notes.grad") as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder + "/pictures.svg", withIntermediateDirectories: false)
        let cases = [
            ("\(folder)/pictures.svg", "that is a folder; name a file in it, like \"\(folder)/pictures.svg/picture.svg\""),
            ("\(folder)/notes.grad/x.svg", "\(folder)/notes.grad is a file, not a folder"),
        ]
        for (path, reason) in cases {
            let outcome = try grad(["-e", "plot(x -> x, 0, 1, file: \"\(path)\")"])
            XCTAssertEqual(outcome.status, 1)
            XCTAssertTrue(outcome.stderr.hasPrefix("-e:1:26: error: plot: cannot write \(path): \(reason)\n"
                                                   + "    plot(x -> x"), outcome.stderr)
        }
    }

    func testHelpVersionAndMissingFile() throws {
        let help = try grad(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE"), help.stdout)
        let version = try grad(["--version"])
        XCTAssertTrue(version.stdout.hasPrefix("grad "), version.stdout)
        let missing = try grad(["/no/such/file.grad"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("does not exist"), missing.stderr)
    }

    func testMemorySetsTheBudgetOfEachRun() throws {
        let program = "grad(x -> { s = 0; for i in 1..1e6 { s = s + x*i }; s }, [1])"
        let small = try grad(["--memory", "1M", "-e", program])
        XCTAssertEqual(small.status, 1)
        XCTAssertTrue(small.stderr.contains("exceeds the memory budget of 1 MiB"), small.stderr)
        let enough = try grad(["--memory", "256M", "-e", program])
        XCTAssertEqual(enough.stdout, "[500000500000]\n", enough.stderr)
        for bad in ["12Q", "-1G", "G", "0"] {
            XCTAssertEqual(try grad(["--memory", bad, "-e", "1"]).status, 64, bad)
        }
    }
}
