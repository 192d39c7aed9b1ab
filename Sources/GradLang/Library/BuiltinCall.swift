/// One call of a built-in: its arguments, with checked accessors whose errors name the
/// function and the argument.
struct BuiltinCall {
    let name: String
    let arguments: Arguments
    let context: Context
    /// From the built-in's row: whether a plain number may stand in for a tracked one
    /// (`Differentiation.mayReadPlainNumbers`). Just the answer: calls are copied often.
    let readsPlainNumbers: Bool

    var count: Int { arguments.count }
    var range: SourceRange { arguments.range }
    subscript(i: Int) -> Value { arguments[i] }

    /// The built-in's own complaint, in its words (`name: complaint`). Without a place
    /// (this form is also passed as a function), the error is placed at the call.
    func fail(_ complaint: String) -> GradError { fail(complaint, at: nil) }

    /// A complaint placed at `range`: the argument or option it is about.
    func fail(_ complaint: String, at range: SourceRange?) -> GradError {
        GradError.runtime(.builtinRefused(builtin: name, complaint: complaint), at: range)
    }

    /// A complaint that what was asked is more than a limit allows: an error of kind `.limit`.
    func failOverLimit(_ complaint: String, at range: SourceRange? = nil) -> GradError {
        GradError(.limit, .builtinRefused(builtin: name, complaint: complaint), at: range)
    }

    /// "`name`: `what` must be `expected`, got `value`'s type".
    private func wrongType(_ what: String, _ expected: Diagnostic.ArgumentKind, _ value: Value,
                           at range: SourceRange? = nil) -> GradError {
        GradError.runtime(.wrongArgumentType(builtin: name, argument: what, expected: expected, got: value.typeName),
                          at: range)
    }

    /// A number argument as a plain Double: the differentiation table's seam. A number
    /// `grad` is following is refused unless the row lets plain numbers stand in for it, or
    /// the built-in only compares it (`onlyCompared`: a threshold, where the derivative is 0).
    func number(_ i: Int, _ what: String = "the argument", onlyCompared: Bool = false) throws -> Double {
        guard let x = arguments[i].number else { throw wrongType(what, .number, arguments[i]) }
        if let refusal = refusal(arguments[i], what, onlyCompared: onlyCompared) { throw refusal }
        return x
    }

    /// A number argument the built-in differentiates through: tracked or not, as it came.
    func numeric(_ i: Int, _ what: String = "the argument") throws -> Value {
        guard arguments[i].isNumber else { throw wrongType(what, .number, arguments[i]) }
        return AD.live(arguments[i])
    }

    private func refusal(_ value: Value, _ what: String, onlyCompared: Bool) -> GradError? {
        guard !onlyCompared, !readsPlainNumbers, case .tracked(let t) = value, t.isLive else { return nil }
        return Differentiation.refusal(name, what)
    }

    /// A number that must be a whole count (a length, a number of steps).
    func count(_ i: Int, _ what: String) throws -> Int {
        try BuiltinCall.whole(try number(i, what), what, self)
    }

    static func whole(_ x: Double, _ what: String, _ call: BuiltinCall) throws -> Int {
        guard x == x.rounded(), x >= 0, x < 1e15 else {
            throw GradError.runtime(.notACount(builtin: call.name, argument: what, value: x))
        }
        return Int(x)
    }

    func vector(_ i: Int, _ what: String = "the argument") throws -> [Value] {
        guard case .vector(let elements) = arguments[i] else { throw wrongType(what, .vector, arguments[i]) }
        return elements
    }

    /// The elements of a vector argument that is only read; a number reads as a vector of
    /// one element (grammar.md §4), so that `dot(w, x)` works for one weight given as 3.
    func elements(_ i: Int, _ what: String) throws -> [Value] {
        arguments[i].isNumber ? [arguments[i]] : try vector(i, what)
    }

    func function(_ i: Int, _ what: String = "the first argument") throws -> Callable {
        guard case .function(let f) = arguments[i] else { throw wrongType(what, .function, arguments[i]) }
        return f
    }

    func option(_ label: String) -> (value: Value, range: SourceRange)? {
        arguments.named.last { $0.label == label }.map { ($0.value, $0.range) }
    }

    func numberOption(_ label: String, default value: Double, onlyCompared: Bool = false) throws -> Double {
        guard let (option, range) = option(label) else { return value }
        guard let x = option.number else { throw wrongType("\(label):", .number, option, at: range) }
        if let refusal = refusal(option, "\(label):", onlyCompared: onlyCompared) { throw refusal.located(at: range) }
        return x
    }

    /// A number option the built-in differentiates through (descend's `lr:`).
    func numericOption(_ label: String, default value: Double) throws -> Value {
        guard let (option, range) = option(label) else { return .number(value) }
        guard option.isNumber else { throw wrongType("\(label):", .number, option, at: range) }
        return AD.live(option)
    }

    func boolOption(_ label: String, default value: Bool) throws -> Bool {
        guard let (option, range) = option(label) else { return value }
        guard case .bool(let b) = option else { throw wrongType("\(label):", .bool, option, at: range) }
        return b
    }

    func stringOption(_ label: String, default value: String?) throws -> String? {
        guard let (option, range) = option(label) else { return value }
        guard case .string(let s) = option else { throw wrongType("\(label):", .string, option, at: range) }
        return s
    }

    /// Enforces `Limits.maxVectorLength` before a built-in allocates a vector of `n`
    /// elements, or a matrix of `n` rows of `columns` numbers.
    func checkLength(_ n: Int, columns: Int? = nil) throws {
        try ValueLimits.checkLength(n, columns: columns, context, caller: name)
    }
}
