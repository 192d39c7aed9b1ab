import Foundation

/// `descend(f, start, lr:, steps:, ...)`: gradient descent, w ← w − lr · ∇f(w).
enum Descend {
    /// Its row of the differentiation table.
    private static let row = Differentiation.through(
        "in start and lr: (a loop of grad steps); refuses steps:, h: and the optimizer's beta:, beta1:, beta2:, eps:")

    static let builtin = Builtin("descend", arguments: 2...2, takesFunction: true, options: Options.names,
                                 signature: "descend(f, start, lr: 0.1, steps: 100, trace: false, tol: 0, "
                                     + "path: false, method: \"exact\", h: 1e-7, optimizer: \"plain\")",
                                 summary: "Gradient descent: from start, repeat w = w - lr * grad(f, w) for steps "
                                     + "steps and return the last point. trace: true prints each step; tol: stops "
                                     + "once the gradient's norm is below it; path: true returns every point "
                                     + "visited, the start included. When the loss rises, swings or barely moves, "
                                     + "a note says so once, with the curvature L at the start and the rates below "
                                     + "2/L that are stable. lr: \"auto\" finds each step's length by backtracking. "
                                     + "optimizer: \"momentum\" (beta: 0.9) or \"adam\" (beta1: 0.9, beta2: 0.999, "
                                     + "eps: 1e-8).",
                                 example: "loss(w) = (w[0] - 3)^2 + (w[1] + 1)^2\n"
                                     + "descend(loss, [0, 0], lr: 0.1, steps: 3, trace: true)",
                                 differentiation: row) { call in
        let f = try call.function(0, "f")
        let options = try Options(call)
        let differentiator = Differentiator(caller: "descend", context: call.context, range: call.range)
        // A number start is a point of one coordinate, and the answer is a number too.
        let (start, isNumber) = try CalculusLibrary.point(call[1], differentiator)
        let shape: ([Value]) -> Value = { isNumber ? $0[0] : .vector($0) }
        var w = start
        var path: [Value] = options.returnsPath ? [shape(w)] : []
        if options.returnsPath, options.tolerance == nil {
            // Without tol: every step adds a point: refuse the whole path before the first.
            try call.checkLength(options.steps + 1, columns: w.count)
        }
        var optimizer = Optimizer(options.optimizer)
        // Read once: this loop is descend's hot path.
        let (method, tolerance, returnsPath, traces) = (options.method, options.tolerance, options.returnsPath, options.trace)
        let fixedRate: Value? = if case .fixed(let rate) = options.rate { rate } else { nil }
        // The advice is about plain descent with a fixed rate.
        var watch = fixedRate != nil && options.optimizer == .plain ? Watch(f, start: start, differentiator, call) : nil
        for step in 0..<options.steps {
            try call.context.tick()
            let (loss, gradient) = try lossAndGradient(f, at: w, method, differentiator)
            try checkFinite(loss, gradient, at: shape(w), step: step, differentiator)
            let slope = gradient.map { $0.number! }
            if let tolerance, Norm.euclidean(slope) < tolerance { break }
            let lr = try fixedRate ?? .number(LineSearch(f, differentiator).step(from: w, loss: loss, gradient: slope))
            try watch?.observe(step: step, loss: loss?.number, gradient: slope, lr: lr)
            // In Grad's arithmetic: inside another grad, the steps are differentiated too.
            w = optimizer.step(w, gradient, lr: lr)
            if returnsPath {
                try call.checkLength(path.count + 1, columns: w.count)
                path.append(shape(w))
            }
            if traces { try trace(step + 1, w, f, differentiator, call.context, lr: fixedRate == nil ? lr.number : nil) }
        }
        return options.returnsPath ? .vector(path) : shape(w)
    }

    /// The loss (nil for the central difference, which does not compute it) and the gradient at w.
    private static func lossAndGradient(_ f: Callable, at w: [Value], _ method: CalculusLibrary.Method,
                                        _ differentiator: Differentiator) throws -> (Value?, [Value]) {
        guard case .numeric(let h) = method else { return try differentiator.valueAndGradient(f, at: w) }
        return (nil, try differentiator.numericGradient(f, at: w, h: h))
    }

    /// A step from a point where the loss or its gradient is inf or NaN goes nowhere useful:
    /// stop, and say where.
    private static func checkFinite(_ loss: Value?, _ gradient: [Value], at w: @autoclosure () -> Value, step: Int,
                                    _ differentiator: Differentiator) throws {
        if loss?.number!.isFinite != false, gradient.allSatisfy({ $0.number!.isFinite }) { return }
        let place = step == 0 ? "at the start \(w())" : "at step \(step + 1) (w = \(w()))"
        let diverged = "the steps diverged: try a smaller lr"
        if let loss, !loss.number!.isFinite {
            throw differentiator.fail("the loss is \(loss) \(place); "
                                      + (step == 0 ? "start from a point where f is finite" : diverged))
        }
        throw differentiator.fail("the gradient is not finite \(place); "
                                  + (step == 0 ? "start from a point where f has a slope" : diverged))
    }

    /// `step=1, w=[0.6, -0.2], loss=6.4`, rounded to 4 decimals for reading.
    /// With `lr: "auto"`, also the step length the search chose.
    private static func trace(_ step: Int, _ w: [Value], _ f: Callable, _ differentiator: Differentiator,
                              _ context: Context, lr: Double?) throws {
        let convention = try differentiator.pointCall.convention(of: f, coordinates: w.count)
        let loss = try differentiator.pointCall.evaluate(f, at: w, convention)
        let shown = w.map { Value.number(MathLibrary.rounded($0.number!, digits: 4)) }
        let lossText = loss.number.map { NumberFormatting.display(MathLibrary.rounded($0, digits: 4)) } ?? loss.description
        let searched = lr.map { ", lr=\(NumberFormatting.display($0))" } ?? ""
        try context.write("step=\(step), w=\(Value.vector(shown)), loss=\(lossText)\(searched)\n")
    }
}
