/// How values print: `4`, `0.1`, `[2, 4]`, `[[1, 0], [0, 1]]`, text for strings.
enum Display {
    static func text(of value: Value) -> String {
        switch value {
        case .string(let s): return s
        default: return nested(value)
        }
    }

    /// Inside a vector, strings are quoted so `["a, b"]` and `["a", "b"]` differ.
    private static func nested(_ value: Value) -> String {
        switch value {
        case .number(let x): return NumberFormatting.display(x)
        case .tracked(let t): return NumberFormatting.display(t.value)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return quoted(s)
        case .vector(let elements): return "[" + elements.map(nested).joined(separator: ", ") + "]"
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
