/// Draws an error for people: `FILE:LINE:COL: error: MESSAGE`, the source line, a caret
/// under the spot (as wide as the characters before it show on a terminal), and the chain of calls that led there.
public enum DiagnosticRenderer {
    /// Longer call chains show their first and last few calls.
    static let chainEnds = 8

    /// `interruptionIsError`: false at a prompt, where whoever pressed Ctrl-C knows why the
    /// computation stopped, so an interruption reads `interrupted`, not `error: interrupted`.
    public static func render(_ error: GradError, interruptionIsError: Bool = true) -> String {
        var lines = [error.headline(labeled: error.kind != .interrupted || interruptionIsError)]
        if let range = error.range {
            lines += sourceExcerpt(range)
        }
        lines += callChain(error.callChain)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Lines longer than this show a window around the spot.
    static let maxExcerptWidth = 100

    private static func sourceExcerpt(_ range: SourceRange) -> [String] {
        let sourceLines = range.file.lines
        guard range.start.line >= 1, range.start.line <= sourceLines.count else { return [] }
        var scalars = Array(String(sourceLines[range.start.line - 1]).replacingControlCharacters().unicodeScalars)
        var startColumn = min(max(range.start.column, 1), scalars.count + 1)
        var endColumn = range.end.line == range.start.line ? range.end.column : scalars.count + 1
        var prefix = "", suffix = ""
        if scalars.count > maxExcerptWidth {
            let from = max(0, startColumn - 1 - maxExcerptWidth / 3)
            let to = min(scalars.count, from + maxExcerptWidth)
            if from > 0 { prefix = "..." }
            if to < scalars.count { suffix = "..." }
            scalars = Array(scalars[from..<to])
            startColumn -= from
            endColumn -= from
        }
        // Copy tabs from the line so the caret lines up however wide a tab is shown; other
        // characters take their width on the terminal (2 for CJK, 0 for a combining mark).
        let indent = scalars.prefix(startColumn - 1).map { $0 == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of($0)) }
            .joined()
        let marked = scalars[min(startColumn - 1, scalars.count)..<max(startColumn - 1, min(endColumn - 1, scalars.count))]
        let width = max(1, DisplayWidth.of(marked))
        let marker = "^" + String(repeating: "~", count: width - 1)
        let text = String(String.UnicodeScalarView(scalars))
        return ["    " + prefix + text + suffix, "    " + String(repeating: " ", count: prefix.count) + indent + marker]
    }

    private static func callChain(_ chain: [GradError.CallSite]) -> [String] {
        func line(_ site: GradError.CallSite) -> String {
            "  in \(site.function), called from \(site.range.file.name):\(site.range.start.line):\(site.range.start.column)"
        }
        guard chain.count > 2 * chainEnds + 1 else { return chain.map(line) }
        let hidden = chain.count - 2 * chainEnds
        return chain.prefix(chainEnds).map(line) + ["  ... \(hidden) more calls ..."] + chain.suffix(chainEnds).map(line)
    }
}

private extension String {
    /// Control characters (a NUL byte, say) would garble the terminal; show them as `?`.
    func replacingControlCharacters() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map {
            ($0.value < 32 && $0 != "\t") || $0.value == 127 ? "?" : $0
        }))
    }
}
