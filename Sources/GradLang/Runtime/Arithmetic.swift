import Foundation

/// Grad's arithmetic on every kind of value: numbers, element-wise on vectors (a number
/// combines with every element), and tracked numbers, which `AD` records on a tape.
enum Arithmetic {
    @inline(__always)
    static func apply(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .remainder: return remainder(x, y)
        case .power: return power(x, y)
        default: preconditionFailure("\(op) is a comparison")
        }
    }

    /// Like Python and Lua: the result has the sign of the divisor.
    static func remainder(_ x: Double, _ y: Double) -> Double {
        let r = fmod(x, y)
        if r == 0 { return copysign(0, y) }
        return (r < 0) != (y < 0) ? r + y : r
    }

    @inline(__always)
    static func power(_ x: Double, _ y: Double) -> Double {
        // Exact either way; these two are the exponents of nearly every lesson.
        y == 2 ? x * x : y == 1 ? x : pow(x, y)
    }

    /// Two numbers, either of which `grad` may be following: the one door from the
    /// evaluator's nodes to `AD`.
    @inline(__always)
    static func apply(_ op: BinaryOperator, numbers a: Value, _ b: Value) -> Value {
        if case .number(let x) = a, case .number(let y) = b { return .number(apply(op, x, y)) }
        return AD.apply(op, a, b)
    }

    /// `sized`: the operands' sizes were already checked (an element of a checked vector).
    /// Each element made counts as a step.
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, _ context: Context,
                      sized: Bool = false) throws -> Value {
        if !sized, a.isVector || b.isVector { try ValueLimits.checkCopySize(a, b, subject: "arithmetic on", context) }
        switch (a, b) {
        case (.number, .number), (.number, .tracked), (.tracked, .number), (.tracked, .tracked):
            return apply(op, numbers: a, b)
        case (.vector(let u), .vector(let v)):
            guard u.count == v.count else {
                throw GradError.runtime(.lengthMismatch(op: op, left: u.count, right: v.count))
            }
            return .vector(try zip(u, v).map {
                try context.tick()
                return try apply(op, $0, $1, context, sized: true)
            })
        case (.vector(let u), _) where b.isNumber:
            return .vector(try u.map {
                try context.tick()
                return try apply(op, $0, b, context, sized: true)
            })
        case (_, .vector(let v)) where a.isNumber:
            return .vector(try v.map {
                try context.tick()
                return try apply(op, a, $0, context, sized: true)
            })
        case (.string(let s), .string(let t)) where op == .add:
            try ValueLimits.checkJoinedLength(s, t, context)
            return .string(s + t)
        default:
            throw GradError.runtime(.cannotApply(op: op, left: a.typeName, right: b.typeName))
        }
    }

    static func negate(_ value: Value, _ context: Context, sized: Bool = false) throws -> Value {
        if !sized, value.isVector { try ValueLimits.checkCopySize(value, subject: "arithmetic on", context) }
        switch value {
        case .number(let x): return .number(-x)
        case .tracked: return apply(.subtract, numbers: .number(0), value)
        case .vector(let v):
            return .vector(try v.map {
                try context.tick()
                return try negate($0, context, sized: true)
            })
        default: throw GradError.runtime(.cannotNegate(type: value.typeName))
        }
    }

    @inline(__always)
    static func compare(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Bool {
        switch op {
        case .equal: return x == y
        case .notEqual: return x != y
        case .less: return x < y
        case .lessEqual: return x <= y
        case .greater: return x > y
        case .greaterEqual: return x >= y
        default: preconditionFailure("\(op) is not a comparison")
        }
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, _ context: Context) throws -> Bool {
        if let x = a.number, let y = b.number { return compare(op, x, y) }
        switch op {
        case .equal, .notEqual:
            if a.isVector, b.isVector { try ValueLimits.checkComparedSizes(a, b, context) }
            return (a == b) == (op == .equal)
        default:
            if case .string(let s) = a, case .string(let t) = b {
                switch op {
                case .less: return s < t
                case .lessEqual: return s <= t
                case .greater: return s > t
                default: return s >= t
                }
            }
            throw GradError.runtime(.cannotCompare(op: op, left: a.typeName, right: b.typeName))
        }
    }
}
