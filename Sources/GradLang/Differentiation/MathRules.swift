import Foundation

/// A function of one number with its derivative, side by side. The derivative is written
/// with Grad's own (differentiable) operations on `Value`, so it can be differentiated
/// again: that is how nested `grad` and `hessian` get second derivatives. (A class: the
/// element-wise built-ins hand it to a closure per call, and a reference copies in one step.)
final class MathRule {
    let name: String
    let primal: (Double) -> Double
    /// Its row of the differentiation table: what it gives at its kinks.
    let row: Differentiation
    /// Where it has no derivative, if anywhere: `grad` then says which value it used.
    let kink: Kink?
    /// f'(x), given x and f(x).
    let derivative: (_ x: Value, _ fx: Value) -> Value

    init(name: String, primal: @escaping (Double) -> Double, row: Differentiation = .rule(""), kink: Kink? = nil,
         derivative: @escaping (_ x: Value, _ fx: Value) -> Value) {
        self.name = name
        self.primal = primal
        self.row = row
        self.kink = kink
        self.derivative = derivative
    }

    /// Points without a derivative, and the value `grad` uses there (grammar.md §8).
    struct Kink {
        let isAt: (Double) -> Bool
        let used: String
    }

    /// f applied to a number that may be tracked.
    func apply(_ x: Value) -> Value {
        switch x {
        case .number(let a): return .number(primal(a))
        case .tracked(let t): return AD.apply(self, to: t)
        default: preconditionFailure("\(name) of \(x.typeName)")
        }
    }

    /// Notes, once per call site and run, that `grad` passed x through a kink.
    func noteKink(at x: Value, _ context: Context, call place: SourceRange) throws {
        guard let kink, case .tracked(let t) = x, t.isLive, kink.isAt(t.value) else { return }
        try MathRules.noteKink("\(name) is not differentiable at \(NumberFormatting.display(t.value))", t,
                               used: kink.used, context, call: place)
    }
}

/// Every differentiable function of one number. Where the derivative does not exist,
/// the choice made is written next to the rule (and in grammar.md).
enum MathRules {
    private static let one = Value.number(1)
    private static func mul(_ a: Value, _ b: Value) -> Value { AD.multiply(a, b) }
    private static func div(_ a: Value, _ b: Value) -> Value { AD.divide(a, b) }
    private static func sub(_ a: Value, _ b: Value) -> Value { AD.subtract(a, b) }
    private static func add(_ a: Value, _ b: Value) -> Value { AD.add(a, b) }
    private static func square(_ a: Value) -> Value { AD.multiply(a, a) }
    /// The slope of a function with a corner at 0: `below` left of it, `above` right of
    /// it, `atZero` on it. NaN in gives NaN out: a NaN has no side.
    private static func slope(_ x: Value, below: Double, atZero: Double, above: Double) -> Value {
        let v = x.number!
        return .number(v > 0 ? above : v < 0 ? below : v == 0 ? atZero : .nan)
    }

    static let sin: MathRule = MathRule(name: "sin", primal: Foundation.sin) { x, _ in MathRules.cos.apply(x) }
    static let cos: MathRule = MathRule(name: "cos", primal: Foundation.cos) { x, _ in AD.negate(MathRules.sin.apply(x)) }
    static let tan: MathRule = MathRule(name: "tan", primal: Foundation.tan) { _, fx in add(one, square(fx)) }
    static let asin: MathRule = MathRule(name: "asin", primal: Foundation.asin, row: .rule("at -1 and 1: inf")) { x, _ in
        div(one, MathRules.sqrt.apply(sub(one, square(x))))
    }
    static let acos: MathRule = MathRule(name: "acos", primal: Foundation.acos, row: .rule("at -1 and 1: -inf")) { x, _ in
        AD.negate(div(one, MathRules.sqrt.apply(sub(one, square(x)))))
    }
    static let atan: MathRule = MathRule(name: "atan", primal: Foundation.atan) { x, _ in div(one, add(one, square(x))) }
    static let sinh: MathRule = MathRule(name: "sinh", primal: Foundation.sinh) { x, _ in MathRules.cosh.apply(x) }
    static let cosh: MathRule = MathRule(name: "cosh", primal: Foundation.cosh) { x, _ in MathRules.sinh.apply(x) }
    static let tanh: MathRule = MathRule(name: "tanh", primal: Foundation.tanh) { _, fx in sub(one, square(fx)) }
    static let exp: MathRule = MathRule(name: "exp", primal: Foundation.exp) { _, fx in fx }
    static let log: MathRule = MathRule(name: "log", primal: Foundation.log,
                                        row: .rule("at 0: inf (log 0 is -inf); below 0: nan")) { x, _ in div(one, x) }
    /// log(1 + x), exact for tiny x where 1 + x would round to 1.
    static let log1p: MathRule = MathRule(name: "log1p", primal: Foundation.log1p,
                                          row: .rule("at -1: inf (log1p(-1) is -inf); below -1: nan")) { x, _ in
        div(one, add(one, x))
    }
    /// exp(x) - 1, exact for tiny x; its derivative exp(x) is the value plus 1.
    static let expm1: MathRule = MathRule(name: "expm1", primal: Foundation.expm1) { _, fx in add(fx, one) }
    static let log2: MathRule = MathRule(name: "log2", primal: Foundation.log2) { x, _ in div(one, mul(x, .number(M_LN2))) }
    static let log10: MathRule = MathRule(name: "log10", primal: Foundation.log10) { x, _ in div(one, mul(x, .number(M_LN10))) }
    /// At 0 the derivative is +inf, the one-sided limit: sqrt has no slope there.
    static let sqrt: MathRule = MathRule(name: "sqrt", primal: Foundation.sqrt,
                                         row: .rule("at 0: inf (the slope from the right)"),
                                         kink: MathRule.Kink(isAt: { $0 == 0 }, used: "inf")) { _, fx in
        div(.number(0.5), fx)
    }
    /// At 0, the subgradient 0 (the middle of [-1, 1]).
    static let abs: MathRule = MathRule(name: "abs", primal: Swift.abs,
                                        row: .rule("at 0: 0 (the middle of the slopes -1 and 1)"),
                                        kink: MathRule.Kink(isAt: { $0 == 0 }, used: "0")) { x, _ in
        slope(x, below: -1, atZero: 0, above: 1)
    }
    static let sigmoid: MathRule = MathRule(name: "sigmoid", primal: { 1 / (1 + Foundation.exp(-$0)) }) { _, fx in
        mul(fx, sub(one, fx))
    }
    /// At 0, the derivative 0 (as PyTorch and JAX choose).
    static let relu: MathRule = MathRule(name: "relu", primal: { Swift.max($0, 0) },
                                         row: .rule("at 0: 0 (as PyTorch and JAX)"),
                                         kink: MathRule.Kink(isAt: { $0 == 0 }, used: "0")) { x, _ in
        slope(x, below: 0, atZero: 0, above: 1)
    }
    /// `+ 0` turns -0 into 0: ceil(-0.5) is 0, as in Python.
    static let floor = piecewiseConstant("floor") { Foundation.floor($0) + 0 }
    static let ceil = piecewiseConstant("ceil") { Foundation.ceil($0) + 0 }

    /// A function that is constant between jumps (floor, ceil, round): derivative 0, at
    /// the jumps too, and NaN at NaN.
    static func piecewiseConstant(_ name: String, _ primal: @escaping (Double) -> Double) -> MathRule {
        // At a jump the numbers just below and just above round differently.
        let jump = MathRule.Kink(isAt: { !$0.isNaN && primal($0.nextDown) != primal($0.nextUp) }, used: "0")
        return MathRule(name: name, primal: primal, row: .constant("0, at its jumps too"), kink: jump) { x, _ in
            slope(x, below: 0, atZero: 0, above: 0)
        }
    }

    /// `note: abs is not differentiable at 0 (line 3); grad used 0`, once per call site and
    /// run. `t` is a tracked argument: its tape names the built-in differentiating.
    static func noteKink(_ what: String, _ t: TrackedNumber, used: String, _ context: Context,
                         call place: SourceRange) throws {
        try context.note("\(what) (line \(place.start.line)); \(t.tape.caller) used \(used)", at: place)
    }

    // MARK: - Functions of several numbers

    /// atan2(y, x). Its partials are written with Grad's own operations, so that an outer
    /// tape sees them depend on y and x (second derivatives).
    static func atan2(_ y: Value, _ x: Value) -> Value {
        if case .number(let a) = y, case .number(let b) = x { return .number(Foundation.atan2(a, b)) }
        return AD.binary(y, x) { y, x, _ in
            let r2 = add(mul(x, x), mul(y, y))
            return (atan2(y, x), div(x, r2), AD.negate(div(y, r2)))
        }
    }

    /// min or max: one of the candidates itself, so the derivative follows the one chosen:
    /// the first on a tie, the first NaN if there is one. Each comparison is a step. Also
    /// whether another candidate tied with the one chosen (a kink).
    static func extreme(of candidates: [Value], smallest: Bool, _ context: Context) throws -> (Value, tied: Bool) {
        var best = candidates[0]
        var tied = false
        for candidate in candidates.dropFirst() {
            try context.tick()
            let x = candidate.number!
            if x.isNaN { return (candidate, false) }
            if smallest ? x < best.number! : x > best.number! {
                (best, tied) = (candidate, false)
            } else if x == best.number! {
                tied = true
            }
        }
        return (best, tied)
    }

    /// The ones Grad offers as built-ins, element-wise on vectors.
    static let builtins: [MathRule] = [
        sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, expm1, log, log1p, log2, log10, sqrt, abs,
        sigmoid, relu, floor, ceil,
    ]
}
