import Foundation
import GradLang

/// Ctrl-C: the handler sets the running interpreter's cancel flag, which the evaluator
/// notices at its next check and stops with "interrupted", and wakes a prompt waiting for
/// a key (`WakeUpPipe`).
enum Signals {
    nonisolated(unsafe) private static var target: CancelFlag?

    /// `restartingReads`: a read interrupted by the signal goes on (`grad --jupyter`); without
    /// it the read returns, so the REPL sees Ctrl-C at the prompt.
    static func forwardInterrupts(to interpreter: Interpreter, restartingReads: Bool = false) {
        target = interpreter.cancellation
        WakeUpPipe.open()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Signals.target?.set()
            WakeUpPipe.poke()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = restartingReads ? SA_RESTART : 0
        sigaction(SIGINT, &action, nil)
    }
}

/// The self-pipe trick: the signal handler writes a byte, and the prompt waits for a key or
/// that byte, whichever comes first. Waiting on the key alone, a Ctrl-C that came while the
/// line editor was busy (drawing, handling keys) was seen only after the next key.
enum WakeUpPipe {
    nonisolated(unsafe) private(set) static var readEnd: Int32 = -1
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Both ends never block: the handler must not wait on a full pipe, nor `forget` on an
    /// empty one.
    static func open() {
        guard readEnd < 0 else { return }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        (readEnd, writeEnd) = (ends[0], ends[1])
    }

    /// From the signal handler: `write` is async-signal-safe.
    static func poke() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Drops the Ctrl-Cs received so far; true if there were any.
    @discardableResult
    static func forget() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var any = false
        while readEnd >= 0, read(readEnd, &buffer, buffer.count) > 0 { any = true }
        return any
    }
}
