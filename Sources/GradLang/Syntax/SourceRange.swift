/// A program text with the name users know it by (a file path, `<repl>`, `-e`).
public final class SourceFile: @unchecked Sendable {
    public let name: String
    /// The text with every line ending made `\n` (see `normalizingLineEnds`).
    public let text: String
    /// The text split into lines, for drawing the line under an error.
    public private(set) lazy var lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false)

    public init(name: String, text: String) {
        self.name = name
        self.text = SourceFile.normalizingLineEnds(text)
    }

    /// `\r\n` (Windows) and a lone `\r` (classic Mac) become `\n`, as Python reads source:
    /// a file saved on any system then has the same lines, columns and error excerpts.
    /// (A String would otherwise keep `\r\n` as one Character, which no split on `\n` sees.)
    static func normalizingLineEnds(_ text: String) -> String {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        guard text.utf8.contains(cr) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var afterCR = false
        for byte in text.utf8 {
            if byte == lf && afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == cr
            bytes.append(afterCR ? lf : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A position counted in characters (Unicode scalars), both 1-based.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// Where a token or a syntax node came from: `start` inclusive, `end` exclusive.
public struct SourceRange: Sendable {
    public let file: SourceFile
    public let start: SourceLocation
    public let end: SourceLocation

    public init(file: SourceFile, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// The source text the range covers.
    var text: String {
        let lines = file.lines
        guard start.line >= 1, end.line <= lines.count else { return "" }
        let covered = lines[(start.line - 1)...(end.line - 1)].map { Array($0.unicodeScalars) }
        var scalars: [Unicode.Scalar] = []
        for (offset, line) in covered.enumerated() {
            let from = offset == 0 ? min(start.column - 1, line.count) : 0
            let to = offset == covered.count - 1 ? min(max(end.column - 1, from), line.count) : line.count
            if offset > 0 { scalars.append("\n") }
            scalars += line[from..<to]
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The range covering both `self` and `other`.
    func through(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}
