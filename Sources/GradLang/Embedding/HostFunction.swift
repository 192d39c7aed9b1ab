import Foundation

/// An error a host function can throw to say what went wrong in its own words: the
/// script sees `NAME: MESSAGE` as a runtime error at the call.
public struct HostError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A function the host registered with `Interpreter.define`. Its body sees plain values;
/// when a `grad` is following one of its arguments, the call is recorded on the tape as
/// one operation whose partial derivatives come from the host's `derivative`, or else
/// from central differences of the body.
final class HostFunction: Callable, @unchecked Sendable {
    // Sendable: they run on the evaluation thread, not the host's (in Swift 6 a closure
    // that is not would take on the host's actor and trap when called there).
    typealias Body = @Sendable ([Value]) throws -> Value
    typealias Derivative = @Sendable ([Double]) throws -> [Double]

    private let body: Body
    private let derivative: Derivative?

    init(name: String, arity: Int, derivative: Derivative?, body: @escaping Body) {
        self.body = body
        self.derivative = derivative
        super.init(name: name, arity: arity)
    }

    override var displayName: String { "<host function \(name)>" }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        if let named = arguments.named.first {
            throw GradError.runtime(.namedArgumentToFunction(function: name, label: named.label), at: named.range)
        }
        let arity = self.arity ?? 0
        guard arguments.count == arity else {
            throw GradError.runtime(.argumentCount(function: name, parameters: arity, given: arguments.count))
        }
        let (plain, followed) = HostValues.plain(arguments.positional)
        guard followed else { return try invoke(plain, context) }
        return try differentiate(arguments.positional, plain, context)
    }

    /// Runs the body, turning what it throws into a Grad error and checking what it returns.
    private func invoke(_ arguments: [Value], _ context: Context) throws -> Value {
        try context.tick()
        let result: Value
        do {
            result = try body(arguments)
        } catch let error as GradError {
            throw error
        } catch {
            throw GradError.runtime(.hostFunctionThrew(function: name, inDerivative: false, reason: English.describe(error)))
        }
        try ValueLimits.check(result, limits: context.limits, what: "the value \(name) returned")
        return ForeignFunctions.admitted(result, into: context.globals)
    }

    // MARK: - Differentiating through the host

    private func differentiate(_ arguments: [Value], _ plain: [Value], _ context: Context) throws -> Value {
        for argument in arguments where ValueLimits.exceedsSize(argument, limit: context.limits.maxVectorLength) {
            throw GradError(.limit, .hostArgumentTooLarge(function: name, limit: context.limits.maxVectorLength))
        }
        let inputs = HostValues.numbers(in: arguments).map(AD.live)
        let result = try invoke(plain, context)
        let outputs = HostValues.numbers(in: [result]).map { $0.number! }
        if outputs.isEmpty { return result }

        let primitive: HostPrimitive
        if let derivative {
            guard result.isNumber else {
                throw GradError.runtime(.hostDerivativeNeedsNumber(function: name, returned: result.typeName))
            }
            primitive = HostPrimitive(outputs: 1, evaluate: { x in
                [try self.scalar(at: x, plain, context)]
            }, jacobian: { x in
                let gradient: [Double]
                do {
                    gradient = try derivative(x)
                } catch let error as GradError {
                    throw error
                } catch {
                    throw GradError.runtime(.hostFunctionThrew(function: self.name, inDerivative: true,
                                                               reason: English.describe(error)))
                }
                guard gradient.count == x.count else {
                    throw GradError.runtime(.hostDerivativeCount(function: self.name, returned: gradient.count,
                                                                 inputs: x.count))
                }
                return [gradient]
            })
        } else {
            if context.numericFallbackReported.insert(name).inserted {
                try context.writeNote("grad differentiates host function '\(name)' numerically; "
                                      + "define it with derivative: for exact gradients")
            }
            let evaluate: ([Double]) throws -> [Double] = { x in
                try self.outputs(at: x, plain, count: outputs.count, context)
            }
            primitive = HostPrimitive(outputs: outputs.count, evaluate: evaluate) { x in
                try HostPrimitive.centralDifferences(evaluate, at: x, outputs: outputs.count)
            }
        }
        let recorded = try primitive.apply(to: inputs, valueThere: outputs)
        return HostValues.replacingNumbers(in: [result], with: recorded)[0]
    }

    /// The body at the arguments `plain` with their numbers replaced by `x`.
    private func result(at x: [Double], _ plain: [Value], _ context: Context) throws -> Value {
        try invoke(HostValues.replacingNumbers(in: plain, with: x.map(Value.number)), context)
    }

    private func scalar(at x: [Double], _ plain: [Value], _ context: Context) throws -> Double {
        let value = try result(at: x, plain, context)
        guard let y = value.number else {
            throw GradError.runtime(.hostDerivativeNeedsNumber(function: name, returned: value.typeName))
        }
        return y
    }

    private func outputs(at x: [Double], _ plain: [Value], count: Int, _ context: Context) throws -> [Double] {
        let y = HostValues.numbers(in: [try result(at: x, plain, context)]).map { $0.number! }
        guard y.count == count else {
            throw GradError.runtime(.hostOutputCountChanged(function: name, count: count, nearby: y.count))
        }
        return y
    }
}

/// A function from n numbers to m numbers, with its Jacobian, that records itself on the
/// tape as one operation per output. When the tape is nested in another `grad`'s (a
/// Hessian, `grad` of `grad`), the partial derivatives are themselves such a function of
/// the point, recorded on the outer tape, with central differences for their own slopes.
struct HostPrimitive {
    let outputs: Int
    let evaluate: ([Double]) throws -> [Double]
    /// m rows of n partial derivatives.
    let jacobian: ([Double]) throws -> [[Double]]

    /// The outputs at `inputs` (numbers, some of them tracked), recorded on the innermost
    /// tape that follows any of them. `valueThere` is the value at the inputs' plain values.
    func apply(to inputs: [Value], valueThere: [Double]) throws -> [Value] {
        let inputs = inputs.map(AD.live)
        guard let tape = HostPrimitive.innermostTape(inputs) else { return valueThere.map(Value.number) }
        var parents: [(index: Int32, position: Int)] = []
        var primals: [Value] = []
        primals.reserveCapacity(inputs.count)
        for (position, input) in inputs.enumerated() {
            if case .tracked(let t) = input, t.tape === tape {
                parents.append((t.index, position))
                primals.append(AD.live(t.primal))
            } else {
                primals.append(input)
            }
        }
        let point = primals.map { $0.number! }
        let n = inputs.count
        let values: [Value]
        let weights: [[Value]]
        if HostPrimitive.innermostTape(primals) == nil {
            values = valueThere.map(Value.number)
            let rows = try checkedJacobian(at: point)
            weights = rows.map { row in parents.map { .number(row[$0.position]) } }
        } else {
            // Nested: the outer tapes must see the value and the slopes as functions of the point.
            values = try apply(to: primals, valueThere: valueThere)
            let flat: ([Double]) throws -> [Double] = { x in try self.checkedJacobian(at: x).flatMap { $0 } }
            let slopes = HostPrimitive(outputs: outputs * n, evaluate: flat) { x in
                try HostPrimitive.centralDifferences(flat, at: x, outputs: outputs * n)
            }
            let w = try slopes.apply(to: primals, valueThere: try flat(point))
            weights = (0..<outputs).map { j in parents.map { w[j * n + $0.position] } }
        }
        return (0..<outputs).map { j in
            HostPrimitive.record(values[j], parents: zip(parents, weights[j]).map { ($0.index, $1) }, on: tape)
        }
    }

    private func checkedJacobian(at x: [Double]) throws -> [[Double]] {
        let rows = try jacobian(x)
        precondition(rows.count == outputs && rows.allSatisfy { $0.count == x.count }, "Jacobian of the wrong shape")
        return rows
    }

    private static func innermostTape(_ values: [Value]) -> Tape? {
        var innermost: Tape?
        for case .tracked(let t) in values where t.isLive {
            if innermost == nil || t.tape.order > innermost!.order { innermost = t.tape }
        }
        return innermost
    }

    /// One tape entry with any number of parents: entries have at most two, so the first
    /// two go into one entry and each further parent joins through another, with weight 1
    /// on the running entry.
    private static func record(_ value: Value, parents: [(Int32, Value)], on tape: Tape) -> Value {
        precondition(!parents.isEmpty, "a recorded operation needs a tracked input")
        if parents.count == 1 { return tape.record(value, parents[0].0, parents[0].1) }
        var node = tape.record(value, parents[0].0, parents[0].1, parents[1].0, parents[1].1)
        for parent in parents.dropFirst(2) {
            guard case .tracked(let running) = node else { preconditionFailure("the tape returns tracked numbers") }
            node = tape.record(value, running.index, .number(1), parent.0, parent.1)
        }
        return node
    }

    /// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for each coordinate i, with h scaled to xᵢ
    /// (h = ∛ε · max(1, |xᵢ|), the step that balances truncation and rounding error).
    static func centralDifferences(_ f: ([Double]) throws -> [Double], at x: [Double],
                                   outputs m: Int) throws -> [[Double]] {
        var rows = [[Double]](repeating: [Double](repeating: 0, count: x.count), count: m)
        for i in x.indices {
            let h = 6.0554544523933395e-06 * max(1, abs(x[i]))
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let step = plus[i] - minus[i]
            let high = try f(plus), low = try f(minus)
            for j in 0..<m { rows[j][i] = (high[j] - low[j]) / step }
        }
        return rows
    }
}
