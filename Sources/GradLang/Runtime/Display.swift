/// How values print: `4`, `0.1`, `[2, 4]`, `[[1, 0], [0, 1]]`, text for strings.
enum Display {
    /// The text of `value`; `summarised`, a long vector shows only its ends (see `Summary`).
    static func text(of value: Value, summarised: Bool = false) -> String {
        switch value {
        case .string(let s): return s
        case .vector where summarised && Summary.isLong(value): return summarisedText(of: value)
        case .vector where ValueLimits.displayExceeds(value, elements: 1 << 22, characters: 1 << 28):
            // Only vectors that share parts can get here (a script gets a limit error first).
            return "[... a vector too large to show ...]"
        default: return nested(value)
        }
    }

    /// A long vector's ends. Even these can be too many to show, for a deep vector of
    /// vectors that share each other: then a note says so.
    private static func summarisedText(of value: Value) -> String {
        struct TooLarge: Error {}
        var out = ""
        var pieces = 0
        do {
            try walk(value, summarised: true, element: element) {
                pieces += 1
                if pieces > 1 << 22 { throw TooLarge() }
                out += $0
            }
        } catch {
            return "[... a vector too large to show ...]"
        }
        return out
    }

    /// Inside a vector, strings are quoted so `["a, b"]` and `["a", "b"]` differ.
    private static func nested(_ value: Value) -> String {
        var out = ""
        walk(value, element: element) { out += $0 }
        return out
    }

    /// Hands `emit` the text of `value` piece by piece: brackets, separators, and each
    /// element that is not a vector as `element` shows it. Walks nested vectors with a list,
    /// not recursion: a host may show a deeply nested value on a thread with a small stack.
    /// `summarised`, a vector of more than 6 elements shows its first and last 3, and the
    /// rows of a matrix go on lines of their own.
    static func walk(_ value: Value, summarised: Bool = false, element: (Value) throws -> String,
                     emit: (String) throws -> Void) rethrows {
        guard case .vector(let root) = value else { return try emit(element(value)) }
        try emit("[")
        var open: [(elements: [Value], next: Int)] = [(root, 0)]
        while let (elements, next) = open.last {
            if next == elements.count {
                try emit("]")
                open.removeLast()
                continue
            }
            let separator = summarised ? Summary.separator(in: elements, depth: open.count) : ", "
            if summarised, Summary.skips(at: next, of: elements.count) {
                try emit(separator + Summary.gap)
                open[open.count - 1].next = elements.count - Summary.edgeItems
                continue
            }
            open[open.count - 1].next += 1
            if next > 0 { try emit(separator) }
            if case .vector(let inner) = elements[next] {
                try emit("[")
                open.append((inner, 0))
            } else {
                try emit(element(elements[next]))
            }
        }
    }

    static func element(_ value: Value) -> String {
        switch value {
        case .number(let x): return NumberFormatting.display(x)
        case .tracked(let t): return NumberFormatting.display(t.value)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(s)
        case .vector: return nested(value)
        case .function(let f): return f.displayName
        case .none: return "none"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
