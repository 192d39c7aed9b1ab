import Foundation
import GradLang

/// The text of `:help` and `:help NAME`.
enum HelpText {
    /// `:help NAME`: signature, what it does, and the example as a prompt session with its real output.
    static func render(_ entry: HelpEntry, width: Int = Terminal.width) -> String {
        var lines = [entry.signature]
        lines += wrap(entry.summary, width: min(width, 100) - 2).map { "  " + $0 }
        lines.append("Example:")
        lines += entry.transcript.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    enum Lookup: Equatable {
        case found(String)
        /// No help: the message says so, with a guess at what was meant.
        case unknown(String)
    }

    /// `:help NAME` for a built-in, keyword or constant, a REPL command, or a name the session defined.
    static func lookup(_ name: String, in interpreter: Interpreter, width: Int = Terminal.width) -> Lookup {
        if let entry = interpreter.help(for: name) {
            return .found(render(entry, width: width))
        }
        let commandName = name.hasPrefix(":") ? name : ":" + name
        if let command = Commands.all.first(where: { $0.name == commandName }) {
            return .found("\(command.name)\(command.argument.map { " " + $0 } ?? "")\n  \(command.summary)\n")
        }
        if let value = interpreter.value(of: name) {
            let what = if case .function = value { "a function defined in this session" } else { "a name defined in this session" }
            return .found("\(name) is \(what): \(Vars.show(value))\n")
        }
        var message = "no help for '\(name)'"
        let known = interpreter.builtinNames + Interpreter.keywords + ["pi", "e", "inf", "nan"]
        if let guess = Suggestions.closest(to: name, among: known) { message += "; did you mean \(guess)?" }
        return .unknown(message + " (:help lists what there is)\n")
    }

    /// A few lines of Grad, each run for real in a private interpreter: a line whose code does not
    /// run (yet) is left out, and values shown are the ones Grad gives.
    private static let tour: [(code: String, note: String, showValue: Bool)] = [
        ("f(x, y) = x^2 + y^2", "a function; (x, y) -> x * y is a lambda", false),
        ("grad(f, [1, 2])", "its gradient:", true),
        ("descend(f, [1, 2], steps: 50)", "walk downhill from [1, 2]", false),
        ("v = [3, 4]; v[0]", "vectors count from 0:", true),
        ("\"|v| = {norm(v)}\"", "strings interpolate:", true),
        ("plot(sin, 0, 2 * pi)", "draw in the terminal", false),
    ]

    /// `:help`: one screen (24 lines of 80 columns).
    static func overview(_ interpreter: Interpreter, width: Int = Terminal.width) -> String {
        let width = max(40, min(width, 100))
        var out = ["Grad: define functions, take their gradients, walk downhill, draw pictures."]
        let scratch = Interpreter()
        scratch.output = { _ in }
        var limits = Limits()
        limits.maxSteps = 1_000_000
        scratch.limits = limits
        let codeWidth = tour.map(\.code.count).max()! + 2
        for row in tour {
            guard let value = try? scratch.run(row.code, fileName: "<help>") else { continue }
            var note = row.note
            if row.showValue && value != .none { note += " " + value.description }
            out.append("  " + row.code + String(repeating: " ", count: max(1, codeWidth - row.code.count)) + "# " + note)
        }
        out.append("")
        out += wrap("Built-ins: " + interpreter.builtinNames.joined(separator: " "), width: width - 1, indent: "  ")
        out += wrap("Constants: pi e inf nan. Keywords: " + Interpreter.keywords.joined(separator: " "),
                    width: width - 1, indent: "  ")
        out.append("")
        for command in Commands.all {
            let usage = command.name + (command.argument.map { " " + $0 } ?? "")
            out.append(usage + String(repeating: " ", count: max(1, 12 - usage.count)) + command.summary)
        }
        out += wrap("Keys: Tab completes; Up and Down recall entries that start with what is typed; "
                    + "Ctrl-R searches them; Ctrl-C drops the line or stops a computation. "
                    + "A trailing ; hides the value; ans is the last value shown.",
                    width: width - 1, indent: "  ")
        return out.joined(separator: "\n") + "\n"
    }

    /// Words of `text` in lines of at most `width` characters; lines after the first get `indent`.
    /// Each line of `text` wrapped to `width`; a line that starts with spaces keeps them, and
    /// its continuation lines are indented two more (the options of `:help contour`).
    static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        guard !text.contains("\n") else {
            return text.split(separator: "\n").flatMap { line -> [String] in
                let lead = String(line.prefix { $0 == " " })
                return wrap(String(line.dropFirst(lead.count)), width: width - lead.count, indent: "  ")
                    .map { lead + $0 }
            }
        }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let prefix = lines.isEmpty ? "" : indent
            if !line.isEmpty && prefix.count + line.count + 1 + word.count > width {
                lines.append(prefix + line)
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        if !line.isEmpty { lines.append((lines.isEmpty ? "" : indent) + line) }
        return lines
    }
}
