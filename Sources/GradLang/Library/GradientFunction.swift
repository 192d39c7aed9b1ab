/// `grad(f)`, the function p -> grad(f, p), and `partial(f, "x")`, the function
/// p -> partial(f, p, "x"). Each takes the point as one vector (or number), or as the
/// numbers f takes. When f is one expression of its numbers, it shows its derivative as a
/// formula: `(x, y) -> [2*x*y, x^2]`.
final class GradientFunction: Callable, @unchecked Sendable {
    let function: Callable
    let method: CalculusLibrary.Method
    /// The one coordinate of a partial derivative; nil for the whole gradient.
    let coordinate: Int?
    /// How many `grad(...)` wrap the function: 1 for grad(f), 2 for grad(grad(f)).
    let depth: Int

    init(of function: Callable, coordinate: Int? = nil, method: CalculusLibrary.Method, serial: UInt64) {
        self.function = function
        self.coordinate = coordinate
        self.method = method
        self.depth = ((function as? GradientFunction)?.depth ?? 0) + 1
        // grad(grad(grad(...))) built in a loop must not grow a name per level.
        let inner = function.name.utf8.count > 60 ? "..." : function.name
        let name = coordinate.map { "partial(\(inner), \(GradientFunction.coordinateName($0, of: function)))" } ?? "grad(\(inner))"
        super.init(name: name, arity: 1, serial: serial)
    }

    private static func coordinateName(_ i: Int, of f: Callable) -> String {
        f.parameterNames.map { "\"\($0[i])\"" } ?? String(i)
    }

    /// The formula, or what it is: `<gradient of f, exact by automatic differentiation>`.
    override var displayName: String {
        if case .exact = method, let formula { return formula }
        let f = PointCall.name(of: function)
        let what = coordinate.map { "partial derivative of \(f) in \(GradientFunction.coordinateName($0, of: function))" }
            ?? "gradient of \(f)"
        switch method {
        case .exact: return "<\(what), exact by automatic differentiation>"
        case .numeric(let h): return "<\(what), by central differences with h = \(NumberFormatting.display(h))>"
        }
    }

    /// The derivative written out, when f is a Grad function whose body is one expression
    /// of its numbers (SymbolicDerivative says which).
    var formula: String? {
        guard let closure = function as? Closure else { return nil }
        let parameters = closure.code.parameters
        guard !parameters.isEmpty,
              let gradient = SymbolicDerivative.gradient(parameters: parameters, body: closure.code.syntax.body) else {
            return nil
        }
        return SymbolicDerivative.text(parameters: parameters, coordinate.map { [gradient[$0]] } ?? gradient)
    }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        try context.tick()
        let takesNumbers = (function.arity ?? 0) > 1 && arguments.count == function.arity
            && arguments.positional.allSatisfy(\.isNumber)
        guard arguments.count == 1 || takesNumbers, arguments.named.isEmpty else {
            let coordinates = (function.arity ?? 0) > 1 ? function.arity : nil
            throw GradError.runtime(.pointArgumentCount(function: name, coordinates: coordinates, given: arguments.count))
        }
        try context.enterCall()
        defer { context.leaveCall() }
        let caller = coordinate == nil ? "grad" : "partial"
        let differentiator = Differentiator(caller: caller, context: context, range: arguments.range)
        let (point, isNumber) = takesNumbers
            ? (try differentiator.coordinates(.vector(arguments.positional)), false)
            : try CalculusLibrary.point(arguments[0], differentiator)
        let g = try CalculusLibrary.gradient(function, at: point, method: method, differentiator)
        if let coordinate { return g[coordinate] }
        return isNumber ? g[0] : .vector(g)
    }
}
