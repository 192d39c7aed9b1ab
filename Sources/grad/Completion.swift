import Foundation
import GradLang

/// Tab completion, free of libedit: given the text before the cursor, what to insert or list.
///
/// - an identifier completes to a built-in, keyword, constant or one of the session's names;
///   where an argument of a built-in call starts, to its option names first (`tr` in
///   `descend(f, p, tr` to `trace: `);
/// - `:` at the start of the line completes a command;
/// - after `:help ` or `?` any documented name or command; after `:load ` a file name.
///
/// One match completes; several with a longer common prefix extend to it; otherwise they are listed.
final class Completer {
    enum Outcome: Equatable {
        case insert(String)
        case list([String])
        case nothing
    }

    /// The names to offer (read at each Tab, so they follow the session).
    private let names: () -> [String]
    /// The option names of the built-in a name holds (none for other names).
    private let options: (String) -> [String]

    init(names: @escaping () -> [String], options: @escaping (String) -> [String] = { _ in [] }) {
        self.names = names
        self.options = options
    }

    func complete(before: String) -> Outcome {
        let line = before.drop { $0 == " " || $0 == "\t" }
        if line.hasPrefix(":") {
            guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                return Completer.choose(prefix: String(line), from: Commands.names, suffixForOne: { name in
                    Commands.takesArgument(name) ? " " : ""
                })
            }
            let command = line[..<space]
            let argument = line[space...].drop { $0 == " " || $0 == "\t" }
            if command == ":load" { return Completer.completePath(String(argument)) }
            if command == ":help" { return completeName(in: String(argument), includingCommands: true) }
            return .nothing
        }
        if line.hasPrefix("?") { return completeName(in: String(line.dropFirst()), includingCommands: true) }
        return completeName(in: String(line), includingCommands: false)
    }

    private func completeName(in text: String, includingCommands: Bool) -> Outcome {
        let word = Completer.trailingWord(of: text)
        if word.isEmpty {
            // Tab in front of nothing to complete indents, as pasted code expects.
            let previous = text.last
            return previous == nil || previous == " " || previous == "\t" ? .insert("    ") : .nothing
        }
        if word.first!.isNumber { return .nothing }
        if !includingCommands, let labels = optionLabels(startingWith: word, before: String(text.dropLast(word.count))) {
            return Completer.choose(prefix: word, from: labels, suffixForOne: { _ in " " })
        }
        return Completer.choose(prefix: word, from: candidates(includingCommands: includingCommands),
                                suffixForOne: { _ in "" })
    }

    /// Where an argument of a built-in call starts (`before` ends `descend(f, p, `), its option
    /// labels that start with `word` (`trace:`); nil elsewhere, or when none does.
    private func optionLabels(startingWith word: String, before: String) -> [String]? {
        guard let callee = CallContext.callee(before: before) else { return nil }
        let labels = options(callee).filter { $0.hasPrefix(word) }.map { $0 + ":" }
        return labels.isEmpty ? nil : labels
    }

    private func candidates(includingCommands: Bool) -> [String] {
        var candidates = Set(names()).union(Interpreter.keywords)
        if includingCommands { candidates.formUnion(Commands.names) }
        return candidates.sorted()
    }

    /// For front ends that show a menu of their own (Jupyter): the name being typed at the end
    /// of `before`, and what may complete it: option labels where a built-in's argument starts,
    /// else every built-in, keyword, constant or session name that starts with it.
    func menu(before: String) -> (word: String, matches: [String]) {
        let word = Completer.trailingWord(of: before)
        guard let first = word.first, !first.isNumber else { return (word, []) }
        if let labels = optionLabels(startingWith: word, before: String(before.dropLast(word.count))) {
            return (word, labels)
        }
        return (word, candidates(includingCommands: false).filter { $0.hasPrefix(word) })
    }

    /// The identifier that ends `text` (letters, digits, `_`, as Grad's lexer reads names).
    static func trailingWord(of text: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars.reversed() {
            guard scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else { break }
            scalars.append(scalar)
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    static func choose(prefix: String, from candidates: [String], suffixForOne: (String) -> String) -> Outcome {
        let matches = candidates.filter { $0.hasPrefix(prefix) }
        guard !matches.isEmpty else { return .nothing }
        if matches.count == 1 {
            let rest = String(matches[0].dropFirst(prefix.count)) + suffixForOne(matches[0])
            return rest.isEmpty ? .nothing : .insert(rest)
        }
        let common = commonPrefix(matches)
        if common.count > prefix.count { return .insert(String(common.dropFirst(prefix.count))) }
        return .list(matches)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var common = words.first else { return "" }
        for word in words.dropFirst() {
            common = String(zip(common, word).prefix { $0 == $1 }.map(\.0))
        }
        return common
    }

    /// File names for `:load`: directories end with `/`; hidden files only when asked for.
    static func completePath(_ typed: String) -> Outcome {
        let text = typed.hasPrefix("\"") ? String(typed.dropFirst()) : typed
        let slash = text.lastIndex(of: "/")
        let directoryPart = slash.map { String(text[...$0]) } ?? ""
        let base = slash.map { String(text[text.index(after: $0)...]) } ?? text
        let directory = directoryPart.isEmpty ? "." : (directoryPart as NSString).expandingTildeInPath
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return .nothing }
        let shown = entries.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
            var isDirectory: ObjCBool = false
            let full = (directory as NSString).appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
        return choose(prefix: base, from: shown.sorted(), suffixForOne: { _ in "" })
    }

    /// Candidates laid out in columns, row by row, to fit `width`.
    static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, min(words.count, (width - 1) / cell))
        let rows = (words.count + perRow - 1) / perRow
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < words.count else { break }
                line += words[index] + String(repeating: " ", count: cell - words[index].count)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
