/// Where the cursor stands in a call, for completing option names: `descend(f, p, tr`
/// is at the start of an argument of `descend`.
enum CallContext {
    /// The name called by the innermost call still open at the end of `text`, if `text`
    /// ends where an argument starts (after its `(` or a `,`, spaces aside).
    static func callee(before text: String) -> String? {
        guard let last = text.last(where: { $0 != " " && $0 != "\t" }), last == "(" || last == "," else { return nil }
        // The brackets open at the end of the text, each with the name just before it.
        var open: [(bracket: Character, name: String?)] = []
        var name = ""
        var inString = false
        var escaped = false
        for c in text {
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "(", "[", "{": open.append((c, c == "(" && !name.isEmpty ? name : nil))
            case ")", "]", "}": if !open.isEmpty { open.removeLast() }
            default: break
            }
            name = c == "_" || c.isLetter || (c.isNumber && !name.isEmpty) ? name + String(c) : ""
        }
        guard let innermost = open.last, innermost.bracket == "(" else { return nil }
        return innermost.name
    }
}
