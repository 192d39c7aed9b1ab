import CLibedit
import Foundation

/// The REPL's history: every complete entry (a statement of several lines is one entry),
/// adjacent duplicates dropped, the last 1000 kept, saved to the file after every entry so
/// that a crash or a closed terminal loses nothing.
///
/// The file is `$GRAD_HISTORY`, else `~/.grad_history`; `GRAD_HISTORY=` (empty) keeps history
/// for the session only. It is private to the user (mode 0600) and in libedit's format
/// (see `HistoryFile`). The entries are kept here, for the prefix search of Up and Down, and in
/// libedit's own list, for Ctrl-R, Ctrl-P and Ctrl-N.
final class CommandHistory {
    static let maxEntries = 1000

    let handle: OpaquePointer?
    let path: String?
    private(set) var entries: [String] = []
    private var reportedSaveFailure = false

    init(path: String?) {
        self.path = path
        handle = history_init()
        if let handle {
            grad_history_setsize(handle, Int32(CommandHistory.maxEntries))
            grad_history_setunique(handle, 1)  // an entry equal to the previous one is not added again
        }
        if let path, let data = FileManager.default.contents(atPath: path) {
            for entry in HistoryFile.decode(data).suffix(CommandHistory.maxEntries) { append(entry) }
        }
    }

    deinit {
        if let handle { history_end(handle) }
    }

    /// Where history lives, from the environment.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["GRAD_HISTORY"] {
            return path.isEmpty ? nil : (path as NSString).expandingTildeInPath
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home.isEmpty ? nil : (home as NSString).appendingPathComponent(".grad_history")
    }

    /// Adds one entry and saves the file.
    func add(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace), append(entry) else { return }
        save()
    }

    @discardableResult
    private func append(_ entry: String) -> Bool {
        guard entry != entries.last else { return false }
        entries.append(entry)
        if entries.count > CommandHistory.maxEntries { entries.removeFirst(entries.count - CommandHistory.maxEntries) }
        if let handle { _ = grad_history_enter(handle, entry) }
        return true
    }

    private func save() {
        guard let path else { return }
        let bytes = [UInt8](HistoryFile.encode(entries))
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        var ok = fd >= 0
        if ok {
            fchmod(fd, 0o600)  // private even if it existed with wider rights
            ok = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
            ok = close(fd) == 0 && ok
        }
        if !ok && !reportedSaveFailure {
            reportedSaveFailure = true
            FileHandle.standardError.write("grad: cannot save history to \(path): \(String(cString: strerror(errno))) "
                                           + "(set GRAD_HISTORY to another file, or to nothing to keep none)\n")
        }
    }
}

/// libedit's history file format: a first line `_HiStOrY_V2_`, then one entry per line in
/// `vis(3)` encoding. Writing escapes every byte outside printable ASCII as `\ooo` (so a newline
/// inside an entry is `\012`); reading also understands what libedit itself writes
/// (`\M-x`, `\M^x`, `\^x`, C-style escapes), so files from either read back the same.
enum HistoryFile {
    static let cookie = "_HiStOrY_V2_"

    static func encode(_ entries: [String]) -> Data {
        var out = Array((cookie + "\n").utf8)
        for entry in entries {
            for byte in entry.utf8 {
                if byte == UInt8(ascii: "\\") {
                    out += [byte, byte]
                } else if byte > 0x20 && byte < 0x7F {
                    out.append(byte)
                } else {
                    out += Array(("\\" + String(byte, radix: 8).leftPadded(to: 3)).utf8)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return Data(out)
    }

    static func decode(_ data: Data) -> [String] {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map(Array.init)
        guard let first = lines.first else { return [] }
        if first == Array(cookie.utf8) { lines.removeFirst() }
        return lines.map { String(decoding: unvis($0), as: UTF8.self) }.filter { !$0.isEmpty }
    }

    /// Undoes `vis(3)`: `\\`, `\ooo`, `\M-c` (c + 0x80), `\M^c`, `\^c` (control), `\n`-style escapes.
    static func unvis(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        func at(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
        func control(_ c: UInt8) -> UInt8 { c == UInt8(ascii: "?") ? 0x7F : c & 0x1F }
        while i < bytes.count {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\"), let next = at(i + 1) else { out.append(c); i += 1; continue }
            switch next {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = 0, k = i + 1
                while k < i + 4, let d = at(k), d >= UInt8(ascii: "0"), d <= UInt8(ascii: "7") {
                    value = value * 8 + Int(d - UInt8(ascii: "0")); k += 1
                }
                out.append(UInt8(truncatingIfNeeded: value)); i = k
            case UInt8(ascii: "M"):
                if at(i + 2) == UInt8(ascii: "-"), let ch = at(i + 3) { out.append(ch | 0x80); i += 4 }
                else if at(i + 2) == UInt8(ascii: "^"), let ch = at(i + 3) { out.append(control(ch) | 0x80); i += 4 }
                else { out.append(next); i += 2 }
            case UInt8(ascii: "^"):
                if let ch = at(i + 2) { out.append(control(ch)); i += 3 } else { out.append(next); i += 2 }
            case UInt8(ascii: "n"): out.append(0x0A); i += 2
            case UInt8(ascii: "t"): out.append(0x09); i += 2
            case UInt8(ascii: "r"): out.append(0x0D); i += 2
            case UInt8(ascii: "s"): out.append(0x20); i += 2
            case UInt8(ascii: "b"): out.append(0x08); i += 2
            case UInt8(ascii: "a"): out.append(0x07); i += 2
            case UInt8(ascii: "f"): out.append(0x0C); i += 2
            case UInt8(ascii: "v"): out.append(0x0B); i += 2
            case UInt8(ascii: "E"), UInt8(ascii: "e"): out.append(0x1B); i += 2
            case UInt8(ascii: "\n"): i += 2  // a hidden newline
            default: out.append(next); i += 2  // `\\`, `\$` and anything else: the character itself
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
