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
    /// The position of an argument that may be a parameter's name as a string (partial's
    /// `"x"`): an undefined name there gets advice to quote it.
    let parameterNameArgument: Int?
    /// How `grad` sees through it: its row of the differentiation table.
    let differentiation: Differentiation
    /// `differentiation.mayReadPlainNumbers`, kept: every call hands it on.
    private let readsPlainNumbers: Bool
    private let body: (BuiltinCall) throws -> Value

    init(_ name: String, arguments: ClosedRange<Int>, takesFunction: Bool = false, parameterNameArgument: Int? = nil,
         options: [String] = [], help: Help, differentiation: Differentiation,
         _ body: @escaping (BuiltinCall) throws -> Value) {
        self.help = help
        self.parameterNameArgument = parameterNameArgument
        self.differentiation = differentiation
        readsPlainNumbers = differentiation.mayReadPlainNumbers
        self.argumentCount = arguments
        self.options = options
        self.takesFunction = takesFunction
        self.body = body
        super.init(name: name, arity: arguments.lowerBound == arguments.upperBound ? arguments.lowerBound : nil)
    }

    convenience init(_ name: String, arguments: ClosedRange<Int>, takesFunction: Bool = false,
                     parameterNameArgument: Int? = nil, options: [String] = [],
                     signature: String, summary: String, example: String, differentiation: Differentiation,
                     _ body: @escaping (BuiltinCall) throws -> Value) {
        self.init(name, arguments: arguments, takesFunction: takesFunction,
                  parameterNameArgument: parameterNameArgument, options: options,
                  help: Help(signature: signature, summary: summary, example: example),
                  differentiation: differentiation, body)
    }

    override var displayName: String { "<built-in \(name)>" }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        // A step, like a call of a Grad function: nested built-ins such as grad(grad(...))
        // can take exponential time without a loop or a Grad-level call in sight.
        try context.tick()
        guard argumentCount.contains(arguments.count) else {
            throw GradError.runtime(.builtinArgumentCount(builtin: name, accepted: argumentCount, given: arguments.count,
                                                          usage: help.signature))
        }
        for named in arguments.named where !options.contains(named.label) {
            throw GradError.runtime(.unknownOption(builtin: name, label: named.label, options: options), at: named.range)
        }
        return try body(BuiltinCall(name: name, arguments: arguments, context: context,
                                    readsPlainNumbers: readsPlainNumbers))
    }
}
