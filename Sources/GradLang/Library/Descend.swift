import Foundation

/// `descend(f, start, lr:, steps:, ...)`: gradient descent, w ← w − lr · ∇f(w).
enum Descend {
    struct Options {
        var learningRate = 0.1
        var steps = 100
        var trace = false
        var tolerance: Double?
        var returnsPath = false
        var method = CalculusLibrary.Method.exact

        init(_ call: BuiltinCall) throws {
            learningRate = try call.numberOption("lr", default: 0.1)
            let steps = try call.numberOption("steps", default: 100)
            self.steps = try BuiltinCall.whole(steps, "steps:", call)
            trace = try call.boolOption("trace", default: false)
            returnsPath = try call.boolOption("path", default: false)
            method = try CalculusLibrary.Method(call)
            if call.option("tol") != nil {
                let tol = try call.numberOption("tol", default: 0)
                guard tol >= 0 else { throw call.fail("tol: must be at least 0") }
                tolerance = tol
            }
            guard learningRate.isFinite else { throw call.fail("lr: must be a finite number") }
        }
    }

    static let builtin = Builtin("descend", arguments: 2...2, takesFunction: true, options: ["lr", "steps", "trace", "tol", "path", "method", "h"],
                                 signature: "descend(f, start, lr: 0.1, steps: 100, trace: false, tol: 0, "
                                     + "path: false, method: \"exact\", h: 1e-7)",
                                 summary: "Gradient descent: from start, repeat w = w - lr * grad(f, w) for steps "
                                     + "steps and return the last point. trace: true prints each step; tol: stops "
                                     + "once the gradient's norm is below it; path: true returns every point "
                                     + "visited, the start included.",
                                 example: "loss(w) = (w[0] - 3)^2 + (w[1] + 1)^2\n"
                                     + "descend(loss, [0, 0], lr: 0.1, steps: 3, trace: true)") { call in
        let f = try call.function(0, "f")
        let options = try Options(call)
        let differentiator = Differentiator(caller: "descend", context: call.context, range: call.range)
        var w = try differentiator.coordinates(call[1])
        var path: [Value] = options.returnsPath ? [.vector(w)] : []
        if options.returnsPath, options.tolerance == nil {
            // Without tol: every step adds a point: refuse the whole path before the first.
            try call.checkLength(options.steps + 1, columns: w.count)
        }
        for step in 0..<options.steps {
            try call.context.tick()
            let g = try CalculusLibrary.gradient(f, at: w, method: options.method, differentiator)
            let gradient = g.map { $0.number! }
            guard gradient.allSatisfy(\.isFinite) else {
                if step == 0 {
                    throw differentiator.fail("the gradient is not finite at the start \(Value.vector(w)); "
                                              + "start from a point where f has a slope")
                }
                throw differentiator.fail("the gradient is not finite at step \(step + 1) (w = \(Value.vector(w))); "
                                          + "the steps diverged: try a smaller lr")
            }
            if let tol = options.tolerance, norm(gradient) < tol { break }
            w = zip(w, gradient).map { .number($0.number! - options.learningRate * $1) }
            if options.returnsPath {
                try call.checkLength(path.count + 1, columns: w.count)
                path.append(.vector(w))
            }
            if options.trace { try trace(step + 1, w, f, differentiator, call.context) }
        }
        return options.returnsPath ? .vector(path) : .vector(w)
    }

    private static func norm(_ v: [Double]) -> Double {
        v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// `step=1, w=[0.6, -0.2], loss=6.4`, rounded to 4 decimals for reading.
    private static func trace(_ step: Int, _ w: [Value], _ f: Callable, _ differentiator: Differentiator,
                              _ context: Context) throws {
        let convention = try differentiator.convention(of: f, coordinates: w.count)
        let loss = try differentiator.evaluate(f, at: w, convention)
        let shown = w.map { Value.number(MathLibrary.rounded($0.number!, digits: 4)) }
        let lossText = loss.number.map { NumberFormatting.display(MathLibrary.rounded($0, digits: 4)) } ?? loss.description
        try context.write("step=\(step), w=\(Value.vector(shown)), loss=\(lossText)\n")
    }
}
