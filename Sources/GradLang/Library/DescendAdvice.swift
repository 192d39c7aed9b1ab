import Foundation

/// Watches a plain descent with a fixed learning rate, step by step, for the signs that
/// the rate is wrong: the loss rose, a coordinate of the gradient changes sign at every
/// step (the steps overshoot the valley), or the loss barely moves. `descend` then says so
/// once, with the curvature at the start and the learning rates it allows.
struct DescendAdvice {
    enum Finding {
        case rose(step: Int, from: Double, to: Double)
        case overshoots(coordinate: Int, steps: Int)
        case stalls(drop: Double, steps: Int)
    }

    /// Sign changes in a row that count as overshooting, and the steps a stall is judged over.
    static let flipsInARow = 4
    static let stallWindow = 20

    private var lastLoss: Double?
    private var lastSigns: [Double] = []
    private var flips: [Int] = []
    /// The last `stallWindow` losses, a ring: `recentLosses[next]` is the oldest once full.
    private var recentLosses: [Double] = []
    private var next = 0

    /// What this step shows, if anything worth saying. `loss` is nil for the central
    /// difference, which does not compute it.
    mutating func observe(step: Int, loss: Double?, gradient: [Double]) -> Finding? {
        defer { lastLoss = loss }
        if let loss, let last = lastLoss, loss > last + 1e-12 * abs(last) {
            return .rose(step: step, from: last, to: loss)
        }
        if let coordinate = overshooting(gradient) {
            return .overshoots(coordinate: coordinate, steps: DescendAdvice.flipsInARow)
        }
        guard let loss else { return nil }
        guard recentLosses.count == DescendAdvice.stallWindow else {
            recentLosses.append(loss)
            return nil
        }
        let drop = recentLosses[next] - loss
        recentLosses[next] = loss
        next = (next + 1) % DescendAdvice.stallWindow
        // Falling by less than a hundredth of itself over the window, while the slope is not 0.
        guard drop < 1e-2 * abs(loss), Norm.euclidean(gradient) > 1e-8 else { return nil }
        return .stalls(drop: drop, steps: DescendAdvice.stallWindow)
    }

    /// The first coordinate whose gradient changed sign at each of the last few steps.
    /// (In place, without a new array a step: descend runs this at every step.)
    private mutating func overshooting(_ gradient: [Double]) -> Int? {
        func sign(_ x: Double) -> Double { x > 0 ? 1 : x < 0 ? -1 : 0 }
        guard lastSigns.count == gradient.count else {
            lastSigns = gradient.map(sign)
            flips = Array(repeating: 0, count: gradient.count)
            return nil
        }
        var found: Int?
        for i in gradient.indices {
            let sign = sign(gradient[i])
            flips[i] = sign != 0 && sign == -lastSigns[i] ? flips[i] + 1 : 0
            lastSigns[i] = sign
            if found == nil, flips[i] >= DescendAdvice.flipsInARow { found = i }
        }
        return found
    }

    /// The note for a finding, given the learning rate and the curvature L at the start
    /// (nil when it could not be found). A stall is only news when lr is far below 1/L:
    /// else the descent is simply near a flat floor, and nil says nothing.
    static func advice(_ finding: Finding, lr: Double, curvature L: Double?) -> String? {
        let rate = short(lr)
        let problem: String
        switch finding {
        case .rose(let step, let from, let to):
            problem = "the loss rose at step \(step) (from \(short(from)) to \(short(to))): lr: \(rate) is too large here"
        case .overshoots(let coordinate, let steps):
            problem = "coordinate \(coordinate) of the gradient changed sign at each of the last \(steps) steps: "
                + "the steps overshoot the valley, so lr: \(rate) is too large here"
        case .stalls(let drop, let steps):
            guard let L, L > 0, lr * L < 0.01 else { return nil }
            problem = "the loss fell by only \(short(drop)) over the last \(steps) steps: lr: \(rate) is too small here"
        }
        guard let L, L > 0, L.isFinite else {
            return "descend: \(problem); try another lr, or lr: \"auto\""
        }
        return "descend: \(problem). The curvature at the start is L = \(short(L)) (the Hessian's largest "
            + "eigenvalue), and plain descent is stable for lr below 2/L = \(short(2 / L)): try lr: \(short(1 / L)), "
            + "or lr: \"auto\""
    }

    /// Three significant digits, as Grad reads numbers back.
    private static func short(_ x: Double) -> String {
        NumberFormatting.display(Double(String(format: "%.3g", x)) ?? x)
    }
}

extension Descend {
    /// Turns what `DescendAdvice` finds into one note per call site and run, computing the
    /// curvature at the start only when there is something to say.
    struct Watch {
        private let f: Callable
        private let start: [Double]
        private let differentiator: Differentiator
        private let call: BuiltinCall
        private var advice = DescendAdvice()
        /// nil until needed; then the curvature, or nil inside when it could not be found.
        private var curvature: Double??
        private var hasSpoken = false

        init(_ f: Callable, start: [Value], _ differentiator: Differentiator, _ call: BuiltinCall) {
            self.f = f
            self.start = start.map { $0.number! }
            self.differentiator = differentiator
            self.call = call
        }

        mutating func observe(step: Int, loss: Double?, gradient: [Double], lr: Value) throws {
            guard !hasSpoken, let finding = advice.observe(step: step, loss: loss, gradient: gradient) else { return }
            guard let text = DescendAdvice.advice(finding, lr: lr.number!, curvature: try curvatureAtStart()) else {
                return
            }
            hasSpoken = true
            try call.context.note(text, at: call.range, topic: "descend advice")
        }

        private mutating func curvatureAtStart() throws -> Double? {
            if let curvature { return curvature }
            let found: Double?
            do {
                found = try differentiator.largestCurvature(of: f, at: start)
            } catch let error as GradError where error.kind != .interrupted && error.kind != .limit {
                found = nil  // f has no second derivatives to offer (a host function, say): advise without
            }
            curvature = .some(found)
            return found
        }
    }

    /// `lr: "auto"`: backtracking line search. From t = 1, halve t until the step lowers the
    /// loss by at least a small part of what the slope promises (Armijo's condition):
    /// f(w − t·g) ≤ f(w) − c·t·‖g‖².
    struct LineSearch {
        static let sufficientDecrease = 1e-4
        static let halvings = 60

        let f: Callable
        let differentiator: Differentiator

        init(_ f: Callable, _ differentiator: Differentiator) {
            self.f = f
            self.differentiator = differentiator
        }

        func step(from w: [Value], loss: Value?, gradient: [Double]) throws -> Double {
            let x = w.map { $0.number! }
            let here = try loss?.number ?? value(at: x)
            let promised = gradient.reduce(0) { $0 + $1 * $1 }
            var t = 1.0
            for _ in 0..<LineSearch.halvings {
                try differentiator.context.tick()
                // A NaN there fails the test too: the step is halved.
                if try value(at: zip(x, gradient).map { $0 - t * $1 }) <= here - LineSearch.sufficientDecrease * t * promised {
                    return t
                }
                t /= 2
            }
            throw differentiator.fail("lr: \"auto\" found no step that lowers the loss from w = \(Value.vector(w)); "
                                      + "f may not be differentiable there")
        }

        private func value(at x: [Double]) throws -> Double {
            let convention = try differentiator.pointCall.convention(of: f, coordinates: x.count)
            return try differentiator.pointCall.evaluate(f, at: x.map(Value.number), convention).number ?? .nan
        }
    }
}
