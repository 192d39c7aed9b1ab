/// A program text with the name users know it by (a file path, `<repl>`, `-e`).
public final class SourceFile: @unchecked Sendable {
    public let name: String
    public let text: String
    /// The text split into lines, for drawing the line under an error.
    public private(set) lazy var lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false)

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A position counted in characters (Unicode scalars), both 1-based.
public struct SourceLocation: Equatable, Sendable, Comparable {
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

    /// The range covering both `self` and `other`.
    func through(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}
