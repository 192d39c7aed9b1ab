/// How `descend` turns a gradient into a step: plain descent, momentum, or Adam. Each works
/// in Grad's arithmetic, so a descent inside `grad` is differentiated through whichever is
/// used.
struct Optimizer {
    enum Kind: Equatable {
        case plain
        /// v ← βv + g; w ← w − lr·v.
        case momentum(beta: Double)
        /// Kingma and Ba's Adam, with its bias correction.
        case adam(beta1: Double, beta2: Double, epsilon: Double)
    }

    let kind: Kind
    /// Momentum's velocity, or Adam's first moment.
    private var velocity: [Value] = []
    /// Adam's second moment.
    private var second: [Value] = []
    private var steps = 0

    init(_ kind: Kind) {
        self.kind = kind
    }

    /// (Index by index, not by `zip(...).map`: a zip has no count to reserve, so its map
    /// grows the new array several times a step.)
    mutating func step(_ w: [Value], _ gradient: [Value], lr: Value) -> [Value] {
        steps += 1
        switch kind {
        case .plain:
            return w.indices.map { AD.subtract(w[$0], AD.multiply(lr, gradient[$0])) }
        case .momentum(let beta):
            velocity = velocity.isEmpty ? gradient : w.indices.map { blend(beta, velocity[$0], 1, gradient[$0]) }
            return w.indices.map { AD.subtract(w[$0], AD.multiply(lr, velocity[$0])) }
        case .adam(let beta1, let beta2, let epsilon):
            let squares = gradient.map { AD.multiply($0, $0) }
            velocity = velocity.isEmpty ? gradient.map { AD.multiply(.number(1 - beta1), $0) }
                : w.indices.map { blend(beta1, velocity[$0], 1 - beta1, gradient[$0]) }
            second = second.isEmpty ? squares.map { AD.multiply(.number(1 - beta2), $0) }
                : w.indices.map { blend(beta2, second[$0], 1 - beta2, squares[$0]) }
            let correction1 = Value.number(1 - Arithmetic.power(beta1, Double(steps)))
            let correction2 = Value.number(1 - Arithmetic.power(beta2, Double(steps)))
            return w.indices.map { i in
                let mean = AD.divide(velocity[i], correction1)
                let spread = MathRules.sqrt.apply(AD.divide(second[i], correction2))
                return AD.subtract(w[i], AD.multiply(lr, AD.divide(mean, AD.add(spread, .number(epsilon)))))
            }
        }
    }

    /// a·x + b·y.
    private func blend(_ a: Double, _ x: Value, _ b: Double, _ y: Value) -> Value {
        AD.add(AD.multiply(.number(a), x), AD.multiply(.number(b), y))
    }
}
