/// Everything that can go wrong in Grad, as data: what (a `Diagnostic`), where, and how we got there.
/// Rendering it for people (the source line, a caret) is `DiagnosticRenderer`'s job.
public struct GradError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case syntax
        case runtime
        /// A limit of `Limits` was reached (steps, call depth, sizes).
        case limit
        /// `Interpreter.cancel()` or Ctrl-C stopped the computation.
        case interrupted
    }

    /// One call in the chain that led to a runtime error, innermost first.
    public struct CallSite: Sendable {
        public let function: String
        public let range: SourceRange
    }

    public let kind: Kind
    /// What went wrong, with its facts; `message` is its sentence.
    let diagnostic: Diagnostic
    public var message: String { diagnostic.message }
    public internal(set) var range: SourceRange?
    public internal(set) var callChain: [CallSite] {
        get { chain.sites }
        _modify { yield &chain.sites }
    }
    /// The chain lives in a box the copies of this error share: each level of a deep
    /// recursion adds its call while the error unwinds, and with an array stored inline
    /// every addition copied the whole chain (10,000 levels: 50 million copies).
    private final class Chain: @unchecked Sendable {
        var sites: [CallSite] = []
    }
    private var chain = Chain()
    /// The source ended before the statement did (an open bracket, a trailing operator):
    /// a REPL reads another line instead of reporting this.
    public let isIncomplete: Bool

    init(_ kind: Kind, _ diagnostic: Diagnostic, at range: SourceRange? = nil, incomplete: Bool = false) {
        self.kind = kind
        self.diagnostic = diagnostic
        self.range = range
        self.isIncomplete = incomplete
    }

    static func runtime(_ diagnostic: Diagnostic, at range: SourceRange? = nil) -> GradError {
        GradError(.runtime, diagnostic, at: range)
    }

    public var fileName: String { range?.file.name ?? "<input>" }
    public var line: Int { range?.start.line ?? 0 }
    public var column: Int { range?.start.column ?? 0 }

    public var description: String { headline(labeled: true) }

    /// `FILE:LINE:COL: error: MESSAGE`, without the place when there is none, and without
    /// `error: ` unless `labeled`.
    func headline(labeled: Bool) -> String {
        let text = (labeled ? "error: " : "") + message
        guard let range else { return text }
        return "\(range.file.name):\(range.start.line):\(range.start.column): \(text)"
    }

    /// The same error, placed at `range` unless it already has a place.
    func located(at range: SourceRange) -> GradError {
        guard self.range == nil else { return self }
        var copy = self
        copy.range = range
        return copy
    }

    /// Runs `body`, placing an error it throws at `range` unless the error has a place:
    /// a node's own errors point at the node.
    @inline(__always)
    static func locating<T>(at range: SourceRange, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}
