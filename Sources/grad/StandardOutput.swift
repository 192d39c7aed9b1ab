import ArgumentParser
import Foundation

/// Standard output for what a program prints, through C's buffered stdout. A write that
/// fails (a full disk, a closed descriptor) is an error, never silence: during a run it stops
/// the program at the `print` that wrote, and the final flush reports it too.
enum StandardOutput {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "standard output: \(reason)" }
    }

    @Sendable static func write(_ text: String) throws {
        var text = text
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stdout) }
        try check()
    }

    /// A note (a kink `grad` passed through) goes to standard error, as diagnostics do, after
    /// what was printed before it: only `print` writes to standard output.
    @Sendable static func note(_ text: String) {
        fflush(stdout)
        FileHandle.standardError.write(text)
    }

    /// Flushes what is buffered; a failure ends the command with status 1.
    static func finish() throws {
        fflush(stdout)
        do {
            try check()
        } catch {
            FileHandle.standardError.write("grad: error: cannot write the output: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// The stream's error flag stays set once a write has failed; errno still says why.
    private static func check() throws {
        guard ferror(stdout) != 0 else { return }
        throw Failure(reason: String(cString: strerror(errno)))
    }
}
