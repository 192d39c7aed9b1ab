import Foundation

/// What the derivative rules are written in, so that each is written once: plain doubles
/// on the tape of an outermost `grad`, and `Value`s on a tape nested in another `grad`,
/// whose arithmetic the outer tape records (that is how second derivatives come out).
protocol RuleNumber {
    init(constant: Double)
    /// The plain value, for decisions (is it 0? which way does it round?).
    var plain: Double { get }
    /// Whether it is the constant 0, not merely a number that is 0 now: a tracked 0 still
    /// has a derivative of its own.
    var isConstantZero: Bool { get }
    static func sum(_ a: Self, _ b: Self) -> Self
    static func difference(_ a: Self, _ b: Self) -> Self
    static func product(_ a: Self, _ b: Self) -> Self
    static func quotient(_ a: Self, _ b: Self) -> Self
    static func negative(_ a: Self) -> Self
    /// `a op b` for the operators without a method of their own (remainder, power).
    static func combine(_ op: BinaryOperator, _ a: Self, _ b: Self) -> Self
    static func log(_ a: Self) -> Self
}

extension Double: RuleNumber {
    init(constant: Double) { self = constant }
    var plain: Double { self }
    var isConstantZero: Bool { self == 0 }
    static func sum(_ a: Double, _ b: Double) -> Double { a + b }
    static func difference(_ a: Double, _ b: Double) -> Double { a - b }
    static func product(_ a: Double, _ b: Double) -> Double { a * b }
    static func quotient(_ a: Double, _ b: Double) -> Double { a / b }
    static func negative(_ a: Double) -> Double { -a }
    static func combine(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Double { Arithmetic.apply(op, a, b) }
    static func log(_ a: Double) -> Double { Foundation.log(a) }
}

extension Value: RuleNumber {
    init(constant: Double) { self = .number(constant) }
    var plain: Double { number! }
    var isConstantZero: Bool {
        if case .number(0) = self { return true }
        return false
    }
    static func sum(_ a: Value, _ b: Value) -> Value { AD.add(a, b) }
    static func difference(_ a: Value, _ b: Value) -> Value { AD.subtract(a, b) }
    static func product(_ a: Value, _ b: Value) -> Value { AD.multiply(a, b) }
    static func quotient(_ a: Value, _ b: Value) -> Value { AD.divide(a, b) }
    static func negative(_ a: Value) -> Value { AD.negate(a) }
    static func combine(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value { AD.combine(op, a, b) }
    static func log(_ a: Value) -> Value { MathRules.log.apply(a) }
}
