import Foundation
import GradLang

/// `grad --jupyter`: the session behind the Grad kernel for Jupyter (`jupyter/grad_kernel`).
/// One interpreter for the whole notebook; requests and replies as JSON lines (see
/// `JupyterMessages`). Pictures go out as SVG; Ctrl-C (SIGINT, which Jupyter sends to the
/// kernel's process group) stops the running cell and keeps every name.
struct JupyterMode {
    /// The longest value a cell shows; a longer one is cut, its end marked (the value stays whole in `ans`).
    static let maxValueCharacters = 100_000

    let interpreter: Interpreter
    private let channel = JSONLineWriter()
    private let output: JupyterOutput
    private let completer: Completer

    init(interpreter: Interpreter) {
        self.interpreter = interpreter
        output = JupyterOutput(channel: channel)
        completer = Completer(names: { [interpreter] in interpreter.names },
                              options: { [interpreter] in interpreter.options(of: $0) })
        interpreter.output = output.write
        interpreter.pictureOutput = output.show
    }

    func run() {
        while let line = readLine() {
            guard let request = try? JSONDecoder().decode(JupyterMessages.Request.self, from: Data(line.utf8)) else {
                channel.send(JupyterMessages.BadRequest(evalue: "not a JSON request: \(line.prefix(80))"))
                continue
            }
            switch request.op {
            case "execute": execute(request)
            case "complete": complete(request)
            case "inspect": inspect(request)
            case "is_complete":
                let status = Interpreter.isUnfinished(request.code) ? "incomplete" : "complete"
                channel.send(JupyterMessages.IsCompleteReply(status: status))
            default:
                channel.send(JupyterMessages.BadRequest(evalue: "unknown op '\(request.op)'"))
            }
        }
    }

    private func execute(_ request: JupyterMessages.Request) {
        output.startCell()
        if Commands.isCommand(request.code) { return command(request.code) }
        let silent = request.silent ?? false
        var reply: JupyterMessages.ExecuteReply
        do {
            let (value, silenced) = try interpreter.runEntry(request.code, fileName: "In[\(request.count ?? 0)]")
            reply = JupyterMessages.ExecuteReply(status: "ok")
            // As at the prompt: the last expression's value is shown and becomes ans, unless a ; hides it.
            if value != .none && !silenced {
                reply.value = JupyterMode.shown(value)
                if !silent { interpreter.setValue(value, for: "ans") }
            }
        } catch let error as GradError {
            reply = JupyterMessages.ExecuteReply(status: "error", ename: JupyterMode.errorName(error.kind),
                                                 evalue: error.message,
                                                 traceback: DiagnosticRenderer.render(error)
                                                    .split(separator: "\n").map(String.init))
        } catch {
            reply = JupyterMessages.ExecuteReply(status: "error", ename: "Error", evalue: "\(error)",
                                                 traceback: ["error: \(error)"])
        }
        output.finishCell()
        channel.send(reply)
    }

    /// A cell of `?NAME`, `:help NAME` or `:help` shows the help, as at the prompt. The REPL's
    /// other commands have notebook equivalents (the variable inspector, Restart, the file menu).
    private func command(_ code: String) {
        let line = code.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = line.hasPrefix("?") ? String(line.dropFirst())
            : line.hasPrefix(":help") ? String(line.dropFirst(":help".count)) : nil
        guard let name = name?.trimmingCharacters(in: .whitespaces) else {
            let word = line.prefix { !$0.isWhitespace }
            return channel.send(JupyterMessages.ExecuteReply(
                status: "error", ename: "CommandError", evalue: "\(word) is a command of the grad prompt",
                traceback: ["\(word) is a command of the grad prompt; in a notebook only :help NAME and ?NAME run"]))
        }
        guard !name.isEmpty else {
            output.write(HelpText.overview(interpreter, width: 100))
            output.finishCell()
            return channel.send(JupyterMessages.ExecuteReply(status: "ok"))
        }
        switch HelpText.lookup(name, in: interpreter, width: 100) {
        case .found(let text):
            output.write(text)
            output.finishCell()
            channel.send(JupyterMessages.ExecuteReply(status: "ok"))
        case .unknown(let message):
            let text = message.trimmingCharacters(in: .newlines)
            channel.send(JupyterMessages.ExecuteReply(status: "error", ename: "HelpError", evalue: text,
                                                      traceback: [text]))
        }
    }

    static func errorName(_ kind: GradError.Kind) -> String {
        switch kind {
        case .syntax: "SyntaxError"
        case .runtime: "RuntimeError"
        case .limit: "LimitError"
        case .interrupted: "Interrupted"
        }
    }

    /// As the prompt shows it (a long vector by its ends), and a long string or a big matrix
    /// cut short.
    static func shown(_ value: Value) -> String {
        let text = value.summary
        guard text.count > maxValueCharacters else { return text }
        var note = " ... [\(text.count) characters in all"
        if case .vector(let elements) = value { note += ", \(elements.count) elements" }
        return text.prefix(maxValueCharacters) + note + "; the whole value is in ans]"
    }

    private func complete(_ request: JupyterMessages.Request) {
        let (before, _) = JupyterMode.split(request)
        let (word, matches) = completer.menu(before: before)
        let cursor = before.unicodeScalars.count
        channel.send(JupyterMessages.CompleteReply(matches: matches, cursor_start: cursor - word.unicodeScalars.count,
                                                   cursor_end: cursor))
    }

    /// The `:help` text of the name under (or just before) the cursor.
    private func inspect(_ request: JupyterMessages.Request) {
        let (before, after) = JupyterMode.split(request)
        let name = Completer.trailingWord(of: before) + JupyterMode.leadingWord(of: after)
        guard !name.isEmpty, case .found(let text) = HelpText.lookup(name, in: interpreter, width: 100) else {
            return channel.send(JupyterMessages.InspectReply(found: false, text: ""))
        }
        channel.send(JupyterMessages.InspectReply(found: true, text: text))
    }

    /// The code before and after the cursor (at the end when the request gives none).
    private static func split(_ request: JupyterMessages.Request) -> (String, String) {
        let scalars = request.code.unicodeScalars
        let cursor = min(max(request.cursor ?? scalars.count, 0), scalars.count)
        let index = scalars.index(scalars.startIndex, offsetBy: cursor)
        return (String(scalars[..<index]), String(scalars[index...]))
    }

    private static func leadingWord(of text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix { scalar in
            scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
        }))
    }
}
