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

    mutating func step(_ w: [Value], _ gradient: [Value], lr: Value) -> [Value] {
        steps += 1
        switch kind {
        case .plain:
            return zip(w, gradient).map { AD.subtract($0, AD.multiply(lr, $1)) }
        case .momentum(let beta):
            velocity = velocity.isEmpty ? gradient : zip(velocity, gradient).map { blend(beta, $0, 1, $1) }
            return zip(w, velocity).map { AD.subtract($0, AD.multiply(lr, $1)) }
        case .adam(let beta1, let beta2, let epsilon):
            let squares = gradient.map { AD.multiply($0, $0) }
            velocity = velocity.isEmpty ? gradient.map { AD.multiply(.number(1 - beta1), $0) }
                : zip(velocity, gradient).map { blend(beta1, $0, 1 - beta1, $1) }
            second = second.isEmpty ? squares.map { AD.multiply(.number(1 - beta2), $0) }
                : zip(second, squares).map { blend(beta2, $0, 1 - beta2, $1) }
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
