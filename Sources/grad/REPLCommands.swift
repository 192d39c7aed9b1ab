import Foundation
import GradLang

/// The REPL's own commands: `:help`, `?NAME`, `:vars`, `:load FILE`, `:reset`, `:quit`.
/// No Grad statement starts with `:` or `?`, so these never hide a program.
enum Commands {
    struct Command {
        let name: String
        let argument: String?
        let summary: String
    }

    static let all: [Command] = [
        Command(name: ":help", argument: "NAME", summary: "what NAME does, with a worked example (also ?NAME)"),
        Command(name: ":vars", argument: nil, summary: "the names you defined, with their values"),
        Command(name: ":load", argument: "FILE", summary: "run a .grad file in this session"),
        Command(name: ":reset", argument: nil, summary: "forget every name: a fresh session"),
        Command(name: ":quit", argument: nil, summary: "leave (so does Ctrl-D on an empty line)"),
    ]

    static var names: [String] { all.map(\.name) }

    static func takesArgument(_ name: String) -> Bool {
        all.first { $0.name == name }?.argument != nil
    }

    static func isCommand(_ line: String) -> Bool {
        let trimmed = line.drop { $0.isWhitespace }
        return trimmed.hasPrefix(":") || trimmed.hasPrefix("?")
    }

    static func perform(_ line: String, in session: Session) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("?") {
            return help(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces), session)
        }
        let name = String(trimmed.prefix { !$0.isWhitespace })
        let argument = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case ":help", ":h", ":?": help(argument, session)
        case ":vars": vars(session)
        case ":load", ":l": load(argument, session)
        case ":reset":
            session.replaceInterpreter()
            print("all names forgotten; the built-ins are as new")
        case ":quit", ":q", ":exit": session.finished = true
        default:
            var message = "unknown command \(name)"
            if let guess = Suggestions.closest(to: name, among: names) { message += "; did you mean \(guess)?" }
            session.console.error(message + " (:help lists the commands)\n")
        }
    }

    // MARK: - :help

    private static func help(_ argument: String, _ session: Session) {
        guard !argument.isEmpty else { return print(HelpText.overview(session.interpreter), terminator: "") }
        switch HelpText.lookup(argument, in: session.interpreter) {
        case .found(let text): print(text, terminator: "")
        case .unknown(let message): session.console.error(message)
        }
    }

    // MARK: - :vars

    private static func vars(_ session: Session) {
        let interpreter = session.interpreter
        let names = interpreter.userNames.filter { $0 != "ans" }
        guard !names.isEmpty else { return print("no names defined yet; try  f(x) = x^2") }
        let width = min(names.map(\.count).max() ?? 0, 16)
        for name in names {
            guard let value = interpreter.value(of: name) else { continue }
            let padded = name + String(repeating: " ", count: max(0, width - name.count))
            print("\(padded) = \(Vars.show(value, limit: max(20, Terminal.width - width - 3)))")
        }
    }

    // MARK: - :load

    private static func load(_ argument: String, _ session: Session) {
        var path = argument
        if path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
        guard !path.isEmpty else {
            return session.console.error("usage: :load FILE, e.g. :load lesson.grad\n")
        }
        path = (path as NSString).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            return session.console.error("error: \(path) \(reason)\n")
        }
        guard let source = try? SourceText.decode(data, name: path) else { return }  // decode reported it
        let before = Set(session.interpreter.userNames)
        do {
            // Like `grad FILE`: only print writes output.
            _ = try session.runCancellable(source, fileName: path)
        } catch let error as GradError {
            return session.report(error)
        } catch {
            return session.console.error("error: \(error)\n")
        }
        print(loadedLine(path, added: session.interpreter.userNames.filter { !before.contains($0) }))
    }

    /// What `:load FILE` and `grad -i FILE` say once the file has run: the names it added.
    static func loadedLine(_ path: String, added: [String]) -> String {
        "loaded \(path)" + (added.isEmpty ? "" : ": \(added.joined(separator: ", "))")
    }
}

/// Values as `:vars` and `:help` show them: strings quoted, long values cut short.
enum Vars {
    static func show(_ value: Value, limit: Int = 200) -> String {
        let text = value.literal
        guard text.count > limit else { return text }
        var suffix = " ..."
        if case .vector(let elements) = value { suffix += " (\(elements.count) elements)" }
        return String(text.prefix(max(10, limit - suffix.count))) + suffix
    }
}
