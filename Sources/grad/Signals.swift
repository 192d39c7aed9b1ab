import Foundation
import GradLang

/// Ctrl-C: the handler only sets the running interpreter's cancel flag; the evaluator
/// notices it at its next check and stops with "interrupted".
enum Signals {
    nonisolated(unsafe) private static var target: CancelFlag?

    static func forwardInterrupts(to interpreter: Interpreter) {
        target = interpreter.cancellation
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Signals.target?.set() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a blocked read returns, so the REPL sees Ctrl-C
        sigaction(SIGINT, &action, nil)
    }
}
