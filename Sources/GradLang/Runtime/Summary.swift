/// Long values at the prompt and in `print`, shown as NumPy shows them: a vector of more
/// than a thousand numbers shows its first and last three elements at every level,
/// `[0, 1, 2, …, 99997, 99998, 99999]`, and a matrix its first and last three rows, one
/// line each, each cut the same way. `print(v, full: true)` shows everything (grammar.md §7).
enum Summary {
    /// More numbers than this, counted through every level, and a vector is summarised.
    static let threshold = 1000
    /// How many elements a summarised vector shows at each end.
    static let edgeItems = 3
    /// What stands for the elements left out.
    static let gap = "…"
    /// How many vectors `isLong` looks into before it calls a value long: a vector of
    /// vectors that share each other can hold far more than it could count in time.
    private static let visitLimit = 1 << 22

    /// Whether `value` is a vector with more than `threshold` numbers (or other elements
    /// that are not vectors) in it.
    static func isLong(_ value: Value) -> Bool {
        guard case .vector(let root) = value else { return false }
        var count = 0
        var visits = 0
        var pending = [root]
        while let elements = pending.popLast() {
            visits += 1
            if visits > visitLimit { return true }
            for element in elements {
                if case .vector(let inner) = element {
                    pending.append(inner)
                } else {
                    count += 1
                    if count > threshold { return true }
                }
            }
        }
        return false
    }

    /// Even a summary can be vast, for a deep vector of vectors that share each other
    /// (each level of `v = [v, v]` has two elements, all shown): it is held to the limits
    /// the whole text is held to, before any of it is built.
    static func checkSize(_ value: Value, _ context: Context) throws {
        let limit = context.limits.maxVectorLength
        var elements = 0
        try Display.walk(value, summarised: true, element: { _ in
            elements += 1
            if elements > limit { throw ValueLimits.displaySizeError(context.limits) }
            return ""
        }, emit: { _ in try context.tick() })
    }

    /// Between the elements of a vector `depth` levels deep: rows of a matrix each start a
    /// line, indented under the first, as NumPy shows them; numbers stay on one line.
    static func separator(in elements: [Value], depth: Int) -> String {
        elements.first?.isVector == true ? ",\n" + String(repeating: " ", count: depth) : ", "
    }

    /// Whether the summarised walk skips from position `next` of a vector of `count`
    /// elements to its last `edgeItems`.
    static func skips(at next: Int, of count: Int) -> Bool {
        next == edgeItems && count > 2 * edgeItems
    }
}
