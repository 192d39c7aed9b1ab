/// A function that comes with Grad. Its documentation lives with its definition, so
/// `:help` cannot drift from what the function does.
final class Builtin: Callable, @unchecked Sendable {
    struct Help: Sendable {
        /// `grad(f, p)`, `descend(f, start, lr: 0.1, steps: 100)`.
        let signature: String
        let summary: String
        /// Grad code whose result `:help` shows by running it.
        let example: String
    }

    let help: Help
    let argumentCount: ClosedRange<Int>
    /// The named arguments it accepts, such as `lr` and `steps`.
    let options: [String]
    /// Its first argument is a function (`grad`, `plot`...): an expression there gets advice.
    let takesFunction: Bool
    private let body: (BuiltinCall) throws -> Value

    init(_ name: String, arguments: ClosedRange<Int>, takesFunction: Bool = false, options: [String] = [],
         help: Help, _ body: @escaping (BuiltinCall) throws -> Value) {
        self.help = help
        self.argumentCount = arguments
        self.options = options
        self.takesFunction = takesFunction
        self.body = body
        super.init(name: name, arity: arguments.lowerBound == arguments.upperBound ? arguments.lowerBound : nil)
    }

    convenience init(_ name: String, arguments: ClosedRange<Int>, takesFunction: Bool = false, options: [String] = [],
                     signature: String, summary: String, example: String,
                     _ body: @escaping (BuiltinCall) throws -> Value) {
        self.init(name, arguments: arguments, takesFunction: takesFunction, options: options,
                  help: Help(signature: signature, summary: summary, example: example), body)
    }

    override var displayName: String { "<built-in \(name)>" }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        // A step, like a call of a Grad function: nested built-ins such as grad(grad(...))
        // can take exponential time without a loop or a Grad-level call in sight.
        try context.tick()
        guard argumentCount.contains(arguments.count) else {
            throw GradError.runtime("\(name) takes \(describeCount()) but \(arguments.count) "
                                    + "\(arguments.count == 1 ? "was" : "were") given; usage: \(help.signature)")
        }
        for named in arguments.named where !options.contains(named.label) {
            let accepted = options.isEmpty ? "it takes no named arguments"
                : "it takes " + options.map { "\($0):" }.joined(separator: ", ")
            throw GradError.runtime("\(name) has no option '\(named.label):'; \(accepted)", at: named.range)
        }
        return try body(BuiltinCall(name: name, arguments: arguments, context: context))
    }

    private func describeCount() -> String {
        let (low, high) = (argumentCount.lowerBound, argumentCount.upperBound)
        if low == high { return Closure.count(low, "argument") }
        if high == Int.max { return "at least \(Closure.count(low, "argument"))" }
        return "\(low) to \(high) arguments"
    }
}

/// One call of a built-in: its arguments, with checked accessors whose errors name the
/// function and the argument.
struct BuiltinCall {
    let name: String
    let arguments: Arguments
    let context: Context

    var count: Int { arguments.count }
    var range: SourceRange { arguments.range }
    subscript(i: Int) -> Value { arguments[i] }

    func fail(_ message: String) -> GradError {
        GradError.runtime("\(name): \(message)")
    }

    func number(_ i: Int, _ what: String = "the argument") throws -> Double {
        guard let x = arguments[i].number else {
            throw fail("\(what) must be a number, got \(arguments[i].typeName)")
        }
        return x
    }

    /// A number that must be a whole count (a length, a number of steps).
    func count(_ i: Int, _ what: String) throws -> Int {
        try BuiltinCall.whole(try number(i, what), what, self)
    }

    static func whole(_ x: Double, _ what: String, _ call: BuiltinCall) throws -> Int {
        guard x == x.rounded(), x >= 0, x < 1e15 else {
            throw call.fail("\(what) must be a whole number of at least 0, got \(NumberFormatting.display(x))")
        }
        return Int(x)
    }

    func vector(_ i: Int, _ what: String = "the argument") throws -> [Value] {
        guard case .vector(let elements) = arguments[i] else {
            throw fail("\(what) must be a vector, got \(arguments[i].typeName)")
        }
        return elements
    }

    func function(_ i: Int, _ what: String = "the first argument") throws -> Callable {
        guard case .function(let f) = arguments[i] else {
            throw fail("\(what) must be a function, got \(arguments[i].typeName)")
        }
        return f
    }

    func option(_ label: String) -> (value: Value, range: SourceRange)? {
        arguments.named.last { $0.label == label }.map { ($0.value, $0.range) }
    }

    func numberOption(_ label: String, default value: Double) throws -> Double {
        guard let (option, range) = option(label) else { return value }
        guard let x = option.number else {
            throw GradError.runtime("\(name): \(label): must be a number, got \(option.typeName)", at: range)
        }
        return x
    }

    func boolOption(_ label: String, default value: Bool) throws -> Bool {
        guard let (option, range) = option(label) else { return value }
        guard case .bool(let b) = option else {
            throw GradError.runtime("\(name): \(label): must be true or false, got \(option.typeName)", at: range)
        }
        return b
    }

    func stringOption(_ label: String, default value: String?) throws -> String? {
        guard let (option, range) = option(label) else { return value }
        guard case .string(let s) = option else {
            throw GradError.runtime("\(name): \(label): must be a string, got \(option.typeName)", at: range)
        }
        return s
    }

    /// Enforces `Limits.maxVectorLength` before a built-in allocates a vector of `n`
    /// elements, or a matrix of `n` rows of `columns` numbers.
    func checkLength(_ n: Int, columns: Int? = nil) throws {
        try ValueLimits.checkLength(n, columns: columns, context, caller: name)
    }
}
