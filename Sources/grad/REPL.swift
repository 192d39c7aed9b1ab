import Foundation
import GradLang

/// The interactive prompt: `grad` on a terminal, and `grad -i FILE` after the file ran.
///
/// Reads a statement (over several lines while it is unfinished), runs it, shows its value,
/// keeps every name between entries. Errors and Ctrl-C end the entry, never the session.
struct REPL {
    let interpreter: Interpreter

    func run() throws {
        Session(interpreter: interpreter).run()
    }
}

final class Session {
    static let prompt = "grad> "
    static let continuationPrompt = "...   "
    /// The name of the n-th entry in errors, `REPL[3]:1:5: error: ...`, and in the call chains of
    /// errors inside functions defined by earlier entries.
    static func inputName(_ number: Int) -> String { "REPL[\(number)]" }

    private(set) var interpreter: Interpreter
    private var input: LineSource!
    let console = Console()
    private let isTerminal: Bool
    /// Set by `:quit`.
    var finished = false
    private var entryCount = 0

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
        isTerminal = isatty(STDIN_FILENO) == 1
        let completer = Completer(names: { [weak self] in self?.completionNames ?? [] },
                                  options: { [weak self] in self?.interpreter.options(of: $0) ?? [] })
        if isTerminal, let editor = LineEditor(history: CommandHistory(path: CommandHistory.defaultPath()),
                                               completer: completer) {
            input = editor
        } else {
            input = PlainLineSource()
        }
        attach(interpreter)
    }

    func run() {
        if isTerminal { print("\(GradCommand.configuration.version). Type :help for help, Ctrl-D to leave.") }
        var pending: [String] = []
        while !finished {
            switch input.read(prompt: pending.isEmpty ? Session.prompt : Session.continuationPrompt) {
            case .end:
                if isTerminal { print() }
                return
            case .interrupted:
                // Ctrl-C at the prompt: drop what was typed, the continuation lines included.
                print("^C")
                pending = []
            case .line(let line):
                if pending.isEmpty, isBareQuit(line) {
                    finished = true
                    continue
                }
                if pending.isEmpty, Commands.isCommand(line) {
                    input.remember(line.trimmingCharacters(in: .whitespaces))
                    Commands.perform(line, in: self)
                    continue
                }
                pending.append(line)
                let entry = pending.joined(separator: "\n")
                if entry.allSatisfy(\.isWhitespace) {
                    pending = []
                    continue
                }
                let outcome = evaluate(entry)
                if outcome == .incomplete { continue }
                input.remember(entry)
                pending = []
                if outcome == .syntaxError, isTerminal { dropRestOfPastedBlock(after: entry) }
            }
        }
    }

    /// After a syntax error in an entry that leaves brackets open, the lines of a paste that
    /// close them are read and dropped (see `PastedBlock`). A line the user types next is
    /// not waiting yet, so it is read as a new entry.
    private func dropRestOfPastedBlock(after entry: String) {
        var open = PastedBlock.openBrackets(in: entry)
        while open > 0, PastedBlock.moreInputWaiting() {
            switch input.read(prompt: Session.continuationPrompt) {
            case .line(let line): open += PastedBlock.openBrackets(in: line)
            case .end: return finished = true
            case .interrupted: return
            }
        }
    }

    /// `quit` or `exit` alone, as Python 3.13 accepts them, unless the session defined such a name.
    private func isBareQuit(_ line: String) -> Bool {
        let word = line.trimmingCharacters(in: .whitespaces)
        return (word == "quit" || word == "exit") && interpreter.value(of: word) == nil
    }

    enum Outcome { case done, incomplete, syntaxError }

    /// Runs one entry: shows its value (unless it ends with `;`) or its error.
    func evaluate(_ entry: String) -> Outcome {
        entryCount += 1
        do {
            let (value, silenced) = try runCancellable(entry, fileName: Session.inputName(entryCount))
            if value != .none && !silenced {
                console.show(value.summary)
                interpreter.setValue(value, for: "ans")
            }
        } catch let error as GradError {
            if error.isIncomplete {
                entryCount -= 1  // the same entry, read on
                return .incomplete
            }
            report(error)
            if error.kind == .syntax { return .syntaxError }
        } catch {
            console.error("error: \(error)\n")
        }
        return .done
    }

    /// Runs source in the session, so that Ctrl-C stops it; a Ctrl-C typed before
    /// (at the prompt, or after the last computation stopped polling) is forgotten first.
    func runCancellable(_ source: String, fileName: String) throws -> (value: Value, silenced: Bool) {
        forgetInterrupt()
        defer { console.flush() }
        return try interpreter.runEntry(source, fileName: fileName)
    }

    func report(_ error: GradError) {
        // During a computation the terminal echoes ^C itself; start the message on a line of its own.
        if error.kind == .interrupted, isTerminal { console.endLine(force: true) }
        console.error(DiagnosticRenderer.render(error, interruptionIsError: false))
    }

    /// A Ctrl-C typed at the prompt must not stop the next computation.
    private func forgetInterrupt() {
        interpreter.cancellation.clear()
    }

    /// `:reset`: a fresh interpreter, with Ctrl-C and output wired as before.
    func replaceInterpreter() {
        let fresh = Interpreter()
        fresh.limits = interpreter.limits
        fresh.plotSettings = interpreter.plotSettings
        interpreter = fresh
        attach(fresh)
    }

    private func attach(_ interpreter: Interpreter) {
        Signals.forwardInterrupts(to: interpreter)
        let console = self.console
        interpreter.output = { console.write($0) }
        interpreter.notes = nil  // with the output, on the console
    }

    private var completionNames: [String] {
        interpreter.names
    }
}

/// Standard output and error for the session. Remembers whether output ended a line, so the
/// prompt, a value or an error never starts in the middle of one.
final class Console: @unchecked Sendable {
    private var atLineStart = true

    func write(_ text: String) {
        guard !text.isEmpty else { return }
        Swift.print(text, terminator: "")
        atLineStart = text.hasSuffix("\n")
    }

    func show(_ text: String) {
        endLine()
        write(text + "\n")
    }

    func error(_ text: String) {
        endLine()
        flush()
        FileHandle.standardError.write(text)
    }

    func endLine(force: Bool = false) {
        if !atLineStart || force { write("\n") }
    }

    func flush() {
        fflush(stdout)
        if !atLineStart { write("\n"); fflush(stdout) }
    }
}
