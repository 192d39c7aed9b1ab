/// `norm(v, p)`, computed so that neither its value nor its gradient overflows or
/// underflows where the answer itself is an ordinary number, and differentiable in v and in
/// p alike.
///
/// As C's `hypot` does, the elements are divided by the largest magnitude m first:
/// ‖v‖ₚ = m · (Σ (|vᵢ|/m)^p)^(1/p). That is the same function of v for any fixed m > 0, so m
/// enters as a plain number and the derivative through the formula is exact: squaring
/// 1e200 or 1e-200 directly would give inf or 0 and a gradient of 0.
struct Norm {
    let elements: [Value]
    let context: Context

    init(_ elements: [Value], _ context: Context) {
        self.elements = elements
        self.context = context
    }

    func of(order p: Value) throws -> Value {
        guard let (largest, magnitude) = try largestMagnitude() else { return .number(0) }
        if magnitude.isNaN || magnitude.isInfinite || p.number! == .infinity {
            // NaN anywhere is the answer (NaN in, NaN out); so is an infinite element, or
            // the largest one for the inf-norm.
            return MathRules.abs.apply(largest)
        }
        // The zero vector: 0, and the subgradient 0 (the middle of the possible slopes).
        if magnitude == 0 { return .number(0) }
        let scale = Value.number(magnitude)
        if case .number(1) = p { return try total { MathRules.abs.apply($0) } }
        if case .number(2) = p {
            let squares = try total { let x = AD.divide($0, scale); return AD.multiply(x, x) }
            return AD.multiply(scale, MathRules.sqrt.apply(squares))
        }
        let powers = try total { AD.combine(.power, MathRules.abs.apply(AD.divide($0, scale)), p) }
        return AD.multiply(scale, AD.combine(.power, powers, AD.divide(.number(1), p)))
    }

    /// The Euclidean length of plain numbers, scaled the same way.
    static func euclidean(_ v: [Double]) -> Double {
        let largest = v.reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard largest > 0, largest.isFinite else { return largest }
        return largest * v.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot()
    }

    /// The element of largest magnitude (the first of equals, or the first NaN) and that
    /// magnitude as a plain number: nil for no elements.
    private func largestMagnitude() throws -> (Value, Double)? {
        var best: (Value, Double)?
        for element in elements {
            try context.tick()
            let magnitude = Swift.abs(element.number!)
            if magnitude.isNaN { return (element, magnitude) }
            if best == nil || magnitude > best!.1 { best = (element, magnitude) }
        }
        return best
    }

    /// Σ term(vᵢ), a step each.
    private func total(_ term: (Value) -> Value) throws -> Value {
        try elements.reduce(Value.number(0)) {
            try context.tick()
            return AD.add($0, term($1))
        }
    }
}
