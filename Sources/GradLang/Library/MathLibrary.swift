import Foundation

/// Functions of numbers: the rules of `MathRules` applied element-wise, and the few
/// that take two numbers or several.
enum MathLibrary {
    static let builtins: [Builtin] = MathRules.builtins.map(unary) + [atan2, hypot, round, min, max]

    /// A function of one number, element-wise on vectors, as in NumPy. The result has the
    /// shape of `value`, so its size is checked first; each element counts as a step.
    static func elementwise(_ value: Value, _ call: BuiltinCall, _ f: (Value) throws -> Value) throws -> Value {
        // A number, the usual case, goes straight to f: handing `call` on costs copies.
        if value.isNumber { return try f(value) }
        if value.isVector { try ValueLimits.checkCopySize(value, subject: "\(call.name) of", call.context) }
        return try map(value, call, f)
    }

    private static func map(_ value: Value, _ call: BuiltinCall, _ f: (Value) throws -> Value) throws -> Value {
        switch value {
        case .number, .tracked: return try f(value)
        case .vector(let elements):
            return .vector(try elements.map {
                try call.context.tick()
                return try map($0, call, f)
            })
        default: throw call.fail("expected a number or a vector, got \(value.typeName)")
        }
    }

    private static func unary(_ rule: MathRule) -> Builtin {
        let about = summaries[rule.name] ?? rule.name
        return Builtin(rule.name, arguments: 1...1, signature: "\(rule.name)(x)",
                       summary: "\(about); element-wise on a vector.",
                       example: examples[rule.name] ?? "\(rule.name)(1)", differentiation: rule.row) { call in
            // Most rules have no kink: then nothing is held for a note (each copy of the
            // context costs, and this runs for every element).
            guard rule.kink != nil else { return try elementwise(call[0], call) { rule.apply($0) } }
            let (context, place) = (call.context, call.range)
            return try elementwise(call[0], call) { x in
                try rule.noteKink(at: x, context, call: place)
                return rule.apply(x)
            }
        }
    }

    private static let summaries: [String: String] = [
        "sin": "the sine of x (radians)", "cos": "the cosine of x (radians)", "tan": "the tangent of x (radians)",
        "asin": "the arcsine of x, in radians", "acos": "the arccosine of x, in radians",
        "atan": "the arctangent of x, in radians", "sinh": "the hyperbolic sine", "cosh": "the hyperbolic cosine",
        "tanh": "the hyperbolic tangent", "exp": "e to the power x", "log": "the natural logarithm of x",
        "log1p": "log(1 + x), exact even where x is tiny", "expm1": "exp(x) - 1, exact even where x is tiny",
        "log2": "the base-2 logarithm", "log10": "the base-10 logarithm", "sqrt": "the square root of x",
        "abs": "the absolute value of x", "sigmoid": "1 / (1 + exp(-x))", "relu": "max(x, 0)",
        "floor": "the largest whole number not above x", "ceil": "the smallest whole number not below x",
    ]

    private static let examples: [String: String] = [
        "sin": "sin([0, pi/2])", "cos": "cos(pi)", "exp": "exp(1)", "log": "log(e^2)", "sqrt": "sqrt([4, 9])",
        "abs": "abs([-2, 3])", "sigmoid": "sigmoid(0)", "relu": "relu([-1, 2])", "floor": "floor(2.7)",
        "ceil": "ceil(2.1)", "tanh": "tanh(0)", "log2": "log2(8)", "log10": "log10(1000)",
        "log1p": "log1p([0, 1e-20, e - 1])", "expm1": "expm1([0, 1e-20, 1])",
    ]

    static let atan2 = Builtin("atan2", arguments: 2...2, signature: "atan2(y, x)",
                               summary: "The angle of the point (x, y) from the x axis, in radians.",
                               example: "atan2(1, 1)",
                               differentiation: .rule("at (0, 0): nan in both (the angle has no slope there)")) { call in
        guard call[0].isNumber, call[1].isNumber else { throw call.fail("y and x must be numbers") }
        if call[0].number == 0, call[1].number == 0, let t = Kinks.followed([call[0], call[1]]) {
            try MathRules.noteKink("atan2 is not differentiable at (0, 0)", t, used: "nan", call.context, call: call.range)
        }
        return MathRules.atan2(call[0], call[1])
    }

    static let hypot = Builtin("hypot", arguments: 1...Int.max, signature: "hypot(x, y), hypot(x, y, z, ...)",
                               summary: "sqrt(x^2 + y^2 + ...), the distance of the point (x, y, ...) from 0, "
                                   + "without overflow or underflow on the way (as norm does for a vector).",
                               example: "hypot(3, 4)\nhypot(1e200, 1e200)\nsqrt(1e200^2 + 1e200^2)",
                               differentiation: .through("scaled as norm is, so nothing overflows; at (0, 0): 0")) { call in
        let coordinates = call.arguments.positional
        for coordinate in coordinates where !coordinate.isNumber {
            throw call.fail("expected numbers, got \(coordinate.typeName); the length of a vector is norm(v)")
        }
        return try Norm(coordinates.map(AD.live), call.context).of(order: .number(2))
    }

    static let round = Builtin("round", arguments: 1...2, signature: "round(x, digits)",
                               summary: "x rounded to the nearest whole number, or to `digits` decimals "
                                   + "(halves go to the even neighbour, as in Python); element-wise.",
                               example: "round([3.14159, 2.71828], 2)",
                               differentiation: .constant("0, at its jumps too")) { call in
        let digits = call.count == 2 ? try call.number(1, "digits") : 0
        guard digits.isFinite, digits == digits.rounded() else {
            throw call.fail("digits must be a whole number")
        }
        // Past the bounds every number rounds the same way, so any count (1e300) fits an Int.
        let count = Int(Swift.min(Swift.max(digits, Double(minDigits - 1)), Double(maxDigits + 1)))
        // `+ 0` turns -0 into 0: round(-0.4) is 0, as in Python.
        let rule = MathRules.piecewiseConstant("round") { rounded($0, digits: count) + 0 }
        return try elementwise(call[0], call) { x in
            try rule.noteKink(at: x, call.context, call: call.range)
            return rule.apply(x)
        }
    }

    /// Python's bounds (floatobject.c, with 0.30103 ≥ log10 2): to more decimals than
    /// (53 + 1021) × 0.30103, a double rounds to itself, since its exact value rounded there
    /// reads back as the same double; to a place beyond (1024 + 1) × 0.30103 digits left of
    /// the point, every double rounds to 0.
    static let maxDigits = 323
    static let minDigits = -308

    /// Rounds the exact binary value, as Python's round does: round(2.675, 2) is 2.67.
    static func rounded(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        if digits == 0 { return x.rounded(.toNearestOrEven) }
        if digits > maxDigits { return x }
        if digits < minDigits { return 0 * x }
        if digits > 0 { return Double(String(format: "%.\(digits)f", x)) ?? x }
        let scale = Foundation.pow(10, Double(-digits))
        return (x / scale).rounded(.toNearestOrEven) * scale
    }

    static let min = extreme("min", below: true)
    static let max = extreme("max", below: false)

    /// `min`/`max` of several numbers or of one vector. The result is one of the
    /// arguments, so a gradient flows to the one chosen (the first, on a tie).
    private static func extreme(_ name: String, below: Bool) -> Builtin {
        Builtin(name, arguments: 1...Int.max, signature: "\(name)(a, b, ...) or \(name)(v)",
                summary: "The \(below ? "smallest" : "largest") of several numbers, or of a vector's elements.",
                example: "\(name)(3, 1, 2)",
                differentiation: .rule("follows the argument chosen: on a tie the first of them, and a NaN if there is one")) { call in
            var candidates = call.arguments.positional
            if candidates.count == 1, case .vector(let elements) = candidates[0] { candidates = elements }
            guard !candidates.isEmpty else { throw call.fail("needs at least one number") }
            for candidate in candidates where !candidate.isNumber {
                throw call.fail("expected numbers, got \(candidate.typeName)")
            }
            let (chosen, tied) = try MathRules.extreme(of: candidates, smallest: below, call.context)
            if tied, let t = Kinks.followed(candidates) {
                try MathRules.noteKink("\(name) is not differentiable at a tie", t, used: "the first of the tied",
                                       call.context, call: call.range)
            }
            return chosen
        }
    }
}

/// Finding the number a kink note is about.
enum Kinks {
    /// The first of `values` that a running `grad` is following: a kink there matters.
    static func followed(_ values: [Value]) -> TrackedNumber? {
        for case .tracked(let t) in values where t.isLive { return t }
        return nil
    }
}
