import Foundation

/// Derivatives of Grad functions at a point: the gradient by reverse mode, the Jacobian
/// (one backward sweep per output), the Hessian (a gradient of gradients), and the
/// lesson's central difference for comparison.
struct Differentiator {
    /// Calls f at the points where it is differentiated; its caller, context and range
    /// are the Differentiator's.
    let pointCall: PointCall

    init(caller: String, context: Context, range: SourceRange) {
        pointCall = PointCall(caller: caller, context: context, range: range)
    }

    /// The built-in asking, for messages: "grad", "partial", "descend"...
    var caller: String { pointCall.caller }
    var context: Context { pointCall.context }
    var range: SourceRange { pointCall.range }

    /// Advice for a function that returns a vector where a number is needed: jacobian (as
    /// SPEC §2 words it), or the function of the vector's sum or of one element, written
    /// with f's own name and parameters.
    static func numberFromVector(_ f: Callable) -> String {
        let jacobian = "use jacobian for the derivatives of every element, or "
        guard let parameters = f.parameterNames, !parameters.isEmpty, f.name != "lambda" else {
            return jacobian + "differentiate a number made from it, such as its sum or one element"
        }
        let list = parameters.joined(separator: ", ")
        let head = parameters.count == 1 ? list : "(\(list))"
        let call = "\(f.name)(\(list))"
        return jacobian + "differentiate its sum, \(head) -> sum(\(call)), or one element, \(head) -> \(call)[0]"
    }

    func fail(_ message: String) -> GradError { pointCall.fail(message) }

    /// The coordinates of a point: a vector of numbers.
    func coordinates(_ point: Value) throws -> [Value] {
        guard case .vector(let elements) = point else {
            throw fail("the point must be a vector of numbers, like [2, 3]; got \(point.typeName)")
        }
        guard !elements.isEmpty else { throw fail("the point has no coordinates") }
        for element in elements where !element.isNumber {
            throw fail("the point must be a vector of numbers, like [2, 3]; it contains a \(element.typeName)")
        }
        return elements
    }

    private func scalarResult(_ value: Value, of f: Callable) throws -> Value {
        if value.isNumber { return value }
        if value.isVector {
            throw fail("\(PointCall.name(of: f)) must return a number, it returned a vector; "
                       + Differentiator.numberFromVector(f))
        }
        throw fail("\(PointCall.name(of: f)) must return a number, it returned \(value.typeName)")
    }

    // MARK: - Exact derivatives

    /// ∇f(point), exactly, by one forward evaluation and one backward sweep.
    func gradient(_ f: Callable, at point: [Value]) throws -> [Value] {
        try valueAndGradient(f, at: point).gradient
    }

    /// f(point) and ∇f(point): the value comes free with the gradient.
    func valueAndGradient(_ f: Callable, at point: [Value]) throws -> (value: Value, gradient: [Value]) {
        let convention = try pointCall.convention(of: f, coordinates: point.count)
        let tape = try context.openTape(for: caller)
        defer { context.closeTape(tape) }
        let inputs = point.map { tape.variable($0) }
        let output = try scalarResult(try pointCall.evaluate(f, at: inputs, convention), of: f)
        let gradient = try derivatives(of: output, on: tape, inputs: inputs)
        return (primal(of: output, on: tape), gradient)
    }

    /// The value of a result of `tape`'s computation, as the code around that `grad` sees it.
    private func primal(of output: Value, on tape: Tape) -> Value {
        if case .tracked(let t) = output, t.tape === tape { return t.primal }
        return output
    }

    /// d output / d inputs; zero where the output does not depend on them.
    private func derivatives(of output: Value, on tape: Tape, inputs: [Value]) throws -> [Value] {
        guard case .tracked(let result) = output, result.tape === tape, result.isLive else {
            return inputs.map { _ in .number(0) }
        }
        return try tape.derivatives(of: result.index, at: inputs, context: context)
    }

    /// The Jacobian of a function returning a vector (or a number: one row).
    func jacobian(_ f: Callable, at point: [Value]) throws -> [[Value]] {
        let convention = try pointCall.convention(of: f, coordinates: point.count)
        let tape = try context.openTape(for: caller)
        defer { context.closeTape(tape) }
        let inputs = point.map { tape.variable($0) }
        let output = try pointCall.evaluate(f, at: inputs, convention)
        let components: [Value]
        switch output {
        case .vector(let elements): components = elements
        case _ where output.isNumber: components = [output]
        default: throw fail("\(PointCall.name(of: f)) must return a vector of numbers, it returned \(output.typeName)")
        }
        try ValueLimits.checkLength(components.count, columns: point.count, context, caller: caller)
        return try components.map { component in
            guard component.isNumber else {
                throw fail("\(PointCall.name(of: f)) must return a vector of numbers; it contains a \(component.typeName)")
            }
            return try derivatives(of: component, on: tape, inputs: inputs)
        }
    }

    /// The matrix of second derivatives: row i is the gradient of ∂f/∂xᵢ, computed by
    /// differentiating the gradient computation itself (nested tapes).
    func hessian(_ f: Callable, at point: [Value]) throws -> [[Value]] {
        let convention = try pointCall.convention(of: f, coordinates: point.count)
        // n × n numbers: refused before any of the n sweeps.
        try ValueLimits.checkLength(point.count, columns: point.count, context, caller: caller)
        return try secondOrder(f, at: point, convention) { gradient, outer, inputs in
            try gradient.map { try derivatives(of: $0, on: outer, inputs: inputs) }
        }
    }

    /// H·v, the Hessian of f at `point` times the direction v, without the whole Hessian:
    /// the gradient of ∇f · v, for the cost of a few evaluations of f.
    func hessianTimes(_ v: [Double], _ f: Callable, at point: [Value]) throws -> [Double] {
        let convention = try pointCall.convention(of: f, coordinates: point.count)
        return try secondOrder(f, at: point, convention) { gradient, outer, inputs in
            let directional = zip(gradient, v).reduce(Value.number(0)) { AD.add($0, AD.multiply($1.0, .number($1.1))) }
            return try derivatives(of: directional, on: outer, inputs: inputs).map { $0.number! }
        }
    }

    /// Computes ∇f at `point` on a tape nested in an outer one, which records that work:
    /// `use` then differentiates the gradient on the outer tape (its inputs given).
    private func secondOrder<T>(_ f: Callable, at point: [Value], _ convention: PointCall.Convention,
                                _ use: (_ gradient: [Value], _ outer: Tape, _ inputs: [Value]) throws -> T) throws -> T {
        let outer = try context.openTape(for: caller)
        defer { context.closeTape(outer) }
        let inputs = point.map { outer.variable($0) }
        let tape = try context.openTape(for: caller)
        let innerInputs = inputs.map { tape.variable($0) }
        let gradient: [Value]
        do {
            let output = try scalarResult(try pointCall.evaluate(f, at: innerInputs, convention), of: f)
            gradient = try derivatives(of: output, on: tape, inputs: innerInputs)
        } catch {
            context.closeTape(tape)
            throw error
        }
        context.closeTape(tape)
        return try use(gradient, outer, inputs)
    }

    // MARK: - The lesson's central difference

    /// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for each coordinate i, in Grad's arithmetic: inside
    /// another `grad` (a point that is tracked) the difference is differentiated too.
    func numericGradient(_ f: Callable, at point: [Value], h: Double) throws -> [Value] {
        let convention = try pointCall.convention(of: f, coordinates: point.count)
        let step = Value.number(h), width = Value.number(2 * h)
        return try point.indices.map { i in
            // Each coordinate builds two points of n numbers: n² work in all for n coordinates.
            try context.tick(point.count)
            var plus = point, minus = point
            plus[i] = AD.add(point[i], step)
            minus[i] = AD.subtract(point[i], step)
            let high = try scalarResult(try pointCall.evaluate(f, at: plus, convention), of: f)
            let low = try scalarResult(try pointCall.evaluate(f, at: minus, convention), of: f)
            return AD.divide(AD.subtract(high, low), width)
        }
    }
}
