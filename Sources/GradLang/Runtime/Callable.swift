/// Anything Grad can call: a user function or lambda, a built-in, or a host's function.
public class Callable: @unchecked Sendable {
    public let name: String
    /// How many arguments it takes; nil when it takes several counts (`min`, `print`).
    let arity: Int?
    /// When it was made, on the clock of `CycleCollector.serial()`. Only functions that
    /// can hold frames (closures, `grad(f)`) need one; the others are 0.
    let serial: UInt64

    init(name: String, arity: Int?, serial: UInt64 = 0) {
        self.name = name
        self.arity = arity
        self.serial = serial
    }

    var displayName: String { "<function \(name)>" }

    /// The parameter names, when known, for `partial(f, p, "y")` and messages.
    var parameterNames: [String]? { nil }

    func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        preconditionFailure("\(type(of: self)) must override call")
    }
}

/// The arguments of one call, positional and named, with where the call was written.
struct Arguments {
    var positional: [Value]
    var named: [(label: String, value: Value, range: SourceRange)] = []
    let range: SourceRange

    var count: Int { positional.count }
    subscript(i: Int) -> Value { positional[i] }
}

extension Context {
    /// Calls `function` from a built-in (`grad`, `descend`, `plot`...); an error inside it
    /// records this call in the chain.
    func call(_ function: Callable, _ arguments: [Value], at range: SourceRange) throws -> Value {
        do {
            return try function.call(Arguments(positional: arguments, range: range), self)
        } catch var error as GradError where error.kind == .runtime || error.kind == .limit {
            if function is Closure, error.range != nil {
                error.callChain.append(.init(function: function.name, range: range))
            }
            throw error.located(at: range)
        }
    }
}
