import Foundation

extension Differentiator {
    /// The Hessian's eigenvalue of largest size at `point` (the curvature L of the steepest
    /// direction), by power iteration on Hessian-vector products: each round costs a few
    /// evaluations of f, never the n × n Hessian. Plain descent is stable for lr < 2/L.
    /// nil where f's second derivatives are not finite there.
    func largestCurvature(of f: Callable, at point: [Double], rounds: Int = 60) throws -> Double? {
        // A start leaning a little differently on each axis, so that it is not at right
        // angles to the direction sought in the symmetric cases lessons use.
        var v = point.indices.map { 1 + Double($0) / Double(point.count) }
        v = v.map { $0 / Norm.euclidean(v) }
        var estimate = 0.0
        for round in 0..<rounds {
            try context.tick()
            let product = try hessianTimes(v, f, at: point.map(Value.number))
            let size = Norm.euclidean(product)
            guard size.isFinite else { return nil }
            if size == 0 { return 0 }
            // The Rayleigh quotient v·Hv: the eigenvalue, with its sign.
            let next = zip(v, product).reduce(0) { $0 + $1.0 * $1.1 }
            v = product.map { $0 / size }
            if round > 0, abs(next - estimate) <= 1e-9 * abs(next) { return next }
            estimate = next
        }
        return estimate
    }
}
