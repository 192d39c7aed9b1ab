import Foundation

/// Arithmetic on numbers that may be tracked. Each operation computes its value from its
/// operands' values, then records itself, with its partial derivatives, on the innermost
/// active tape among its operands.
enum AD {
    /// A tracked operand seen from one tape: its place on that tape, if it is on it, and
    /// the value that tape's operations work with.
    private struct Operand {
        let index: Int32?
        let value: Value
    }

    /// Numbers of finished `grad` calls are plain numbers again.
    static func live(_ x: Value) -> Value {
        if case .tracked(let t) = x, !t.isLive { return .number(t.value) }
        return x
    }

    private static func innermostTape(_ a: Value, _ b: Value) -> Tape? {
        switch (a, b) {
        case (.tracked(let s), .tracked(let t)): return s.tape.order >= t.tape.order ? s.tape : t.tape
        case (.tracked(let s), _): return s.tape
        case (_, .tracked(let t)): return t.tape
        default: return nil
        }
    }

    private static func operand(_ x: Value, on tape: Tape) -> Operand {
        if case .tracked(let t) = x, t.tape === tape { return Operand(index: t.index, value: t.primal) }
        return Operand(index: nil, value: x)
    }

    // MARK: - The four operations, on numbers that may be tracked

    @inline(__always)
    static func add(_ a: Value, _ b: Value) -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .number(x + y) }
        return apply(.add, a, b)
    }

    @inline(__always)
    static func subtract(_ a: Value, _ b: Value) -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .number(x - y) }
        return apply(.subtract, a, b)
    }

    @inline(__always)
    static func multiply(_ a: Value, _ b: Value) -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .number(x * y) }
        return apply(.multiply, a, b)
    }

    @inline(__always)
    static func divide(_ a: Value, _ b: Value) -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .number(x / y) }
        return apply(.divide, a, b)
    }

    static func negate(_ a: Value) -> Value { subtract(.number(0), a) }

    /// A binary arithmetic operation on two numbers, at least one of them tracked.
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
        if let result = firstOrder(op, a, b) { return result }
        return binary(a, b) { x, y, yIsConstant in partials(op, x, y, yIsConstant: yIsConstant) }
    }

    /// The common case, computed in doubles: operands that are plain numbers or numbers of
    /// one tape that is not nested in another `grad`.
    @inline(__always)
    private static func firstOrder(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.tracked(let s), .number(let y)):
            guard s.isLive, !s.tape.isNested else { return nil }
            let (value, dx, _) = partials(op, s.value, y, yIsConstant: true)
            return s.tape.record(value, s.index, dx, -1, 0)
        case (.number(let x), .tracked(let t)):
            guard t.isLive, !t.tape.isNested else { return nil }
            let (value, _, dy) = partials(op, x, t.value, yIsConstant: false)
            return t.tape.record(value, t.index, dy, -1, 0)
        case (.tracked(let s), .tracked(let t)):
            guard s.tape === t.tape, s.isLive, !s.tape.isNested else { return nil }
            let (value, dx, dy) = partials(op, s.value, t.value, yIsConstant: false)
            return s.tape.record(value, s.index, dx, t.index, dy)
        default:
            return nil
        }
    }

    /// Records a function of two numbers, given its value and partials (`rule`), on the
    /// innermost tape that tracks either operand.
    static func binary(_ a: Value, _ b: Value,
                       _ rule: (_ x: Value, _ y: Value, _ yIsConstant: Bool) -> (Value, Value, Value)) -> Value {
        let a = live(a), b = live(b)
        guard let tape = innermostTape(a, b) else { return rule(a, b, true).0 }
        let x = operand(a, on: tape), y = operand(b, on: tape)
        let (value, dx, dy) = rule(x.value, y.value, y.index == nil)
        switch (x.index, y.index) {
        case (let i?, let j?): return tape.record(value, i, dx, j, dy)
        case (let i?, nil): return tape.record(value, i, dx)
        case (nil, let j?): return tape.record(value, j, dy)
        case (nil, nil): preconditionFailure("the innermost tape tracks neither operand")
        }
    }

    /// The value of `x op y` and its partial derivatives with respect to x and y: written
    /// once, for doubles (an outermost `grad`) and for values an outer tape records.
    @inline(__always)
    static func partials<N: RuleNumber>(_ op: BinaryOperator, _ x: N, _ y: N, yIsConstant: Bool) -> (N, N, N) {
        let one = N(constant: 1)
        switch op {
        case .add:
            return (.sum(x, y), one, one)
        case .subtract:
            return (.difference(x, y), one, N(constant: -1))
        case .multiply:
            return (.product(x, y), y, x)
        case .divide:
            let value = N.quotient(x, y)
            return (value, .quotient(one, y), .negative(.quotient(value, y)))
        case .remainder:
            return (.combine(.remainder, x, y), one, N(constant: -N.quotient(x, y).plain.rounded(.down)))
        case .power:
            // With a constant exponent the rule is y·x^(y-1) alone, never touching log x, so
            // x^2 at x = 0 has derivative 0, not NaN.
            let value = N.combine(.power, x, y)
            let dx = y.isConstantZero ? N(constant: 0) : .product(y, .combine(.power, x, .difference(y, one)))
            if yIsConstant { return (value, dx, N(constant: 0)) }
            // d/dy x^y = x^y log x; where x^y is 0 that is 0 (the limit), not 0 * -inf.
            return (value, dx, value.plain == 0 ? N(constant: 0) : .product(value, .log(x)))
        default:
            preconditionFailure("\(op) has no derivative")
        }
    }

    /// `x op y` for numbers that may be tracked.
    static func combine(_ op: BinaryOperator, _ x: Value, _ y: Value) -> Value {
        if case .number(let a) = x, case .number(let b) = y { return .number(Arithmetic.apply(op, a, b)) }
        return apply(op, x, y)
    }

    /// A function of one number, `rule.primal`, applied to a tracked number.
    static func apply(_ rule: MathRule, to x: TrackedNumber) -> Value {
        guard x.isLive else { return rule.apply(.number(x.value)) }
        if !x.tape.isNested {
            let value = rule.primal(x.value)
            let derivative = rule.derivative(.number(x.value), .number(value)).number!
            return x.tape.record(value, x.index, derivative, -1, 0)
        }
        let value = rule.apply(x.primal)
        return x.tape.record(value, x.index, rule.derivative(x.primal, value))
    }
}
