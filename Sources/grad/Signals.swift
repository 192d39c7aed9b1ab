import Foundation
import GradLang

/// Ctrl-C: the handler only sets the running interpreter's cancel flag; the evaluator
/// notices it at its next check and stops with "interrupted".
enum Signals {
    nonisolated(unsafe) private static var target: CancelFlag?

    /// `restartingReads`: a read interrupted by the signal goes on (`grad --jupyter`); without
    /// it the read returns, so the REPL sees Ctrl-C at the prompt.
    static func forwardInterrupts(to interpreter: Interpreter, restartingReads: Bool = false) {
        target = interpreter.cancellation
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Signals.target?.set() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = restartingReads ? SA_RESTART : 0
        sigaction(SIGINT, &action, nil)
    }
}
