/// Calling a function at a point, as the calculus built-ins and the plots do: the point's
/// coordinates go in as separate numbers or as one vector, by the function's parameters.
struct PointCall {
    /// The built-in asking, for messages: "grad", "plot", "descend"...
    let caller: String
    let context: Context
    let range: SourceRange

    /// How f takes a point of n coordinates: as n numbers, or as one vector.
    enum Convention {
        case numbers
        case vector
    }

    /// The rule (grammar.md §8): n numbers for a function of n parameters; one vector for a
    /// function of one parameter and a point of several coordinates. A point of one
    /// coordinate is one number, which may also be indexed (`w[0]`) as a vector of one
    /// element: the answer cannot depend on how the function's body is written.
    func convention(of f: Callable, coordinates n: Int) throws -> Convention {
        if let builtin = f as? Builtin {
            let oneVector = n > 1 && PointCall.vectorBuiltins.contains(builtin.name)
            return builtin.argumentCount.contains(n) && !oneVector ? .numbers : .vector
        }
        guard let arity = f.arity else { return n == 1 ? .numbers : .vector }
        if arity == 1 { return n == 1 ? .numbers : .vector }
        guard arity == n else {
            throw fail("\(PointCall.name(of: f)) takes \(English.count(arity, "number")) but the point has "
                       + "\(English.count(n, "coordinate"))")
        }
        return .numbers
    }

    /// Built-ins of one vector that also take a second argument of another meaning:
    /// `grad(norm, [3, 4])` is the gradient of norm([3, 4]), not of norm(3, 4).
    static let vectorBuiltins: Set = ["norm"]

    /// f at `point`, called by `convention`.
    func evaluate(_ f: Callable, at point: [Value], _ convention: Convention) throws -> Value {
        let arguments = convention == .numbers ? point : [.vector(point)]
        return try context.call(f, arguments, at: range)
    }

    /// How messages name f: by its name, or as "f" for a lambda.
    static func name(of f: Callable) -> String { f is Closure && f.name == "lambda" ? "f" : f.name }

    func fail(_ message: String) -> GradError {
        GradError.runtime(.builtinRefused(builtin: caller, complaint: message), at: range)
    }
}
