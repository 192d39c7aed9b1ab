import Foundation

/// `a + b`, `a * b`, ... Plain numbers take the fast path; vectors, tracked numbers and
/// everything else go through `Arithmetic`.
final class ArithmeticNode: Node {
    let op: BinaryOperator
    let left: Node
    let right: Node
    let range: SourceRange

    init(_ op: BinaryOperator, _ left: Node, _ right: Node, range: SourceRange) {
        self.op = op
        self.left = left
        self.right = right
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        try ArithmeticNode.combine(op, try left.evaluate(frame, context), try right.evaluate(frame, context),
                                   context, at: range)
    }

    /// `a op b`, errors placed at `range`.
    @inline(__always)
    static func combine(_ op: BinaryOperator, _ a: Value, _ b: Value, _ context: Context,
                        at range: SourceRange) throws -> Value {
        if case .number(let x) = a, case .number(let y) = b {
            return .number(Arithmetic.apply(op, x, y))
        }
        if a.isNumber, b.isNumber { return AD.apply(op, a, b) }
        do {
            return try Arithmetic.apply(op, a, b, context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// `x op c` where `c` is a number literal, as in `i + 1` or `x^2`: saves evaluating
/// the constant on the hot path.
final class ArithmeticConstantNode: Node {
    let op: BinaryOperator
    let left: Node
    let constant: Double
    let range: SourceRange

    init(_ op: BinaryOperator, _ left: Node, _ constant: Double, range: SourceRange) {
        self.op = op
        self.left = left
        self.constant = constant
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let a = try left.evaluate(frame, context)
        if case .number(let x) = a { return .number(Arithmetic.apply(op, x, constant)) }
        if case .tracked = a { return AD.apply(op, a, .number(constant)) }
        do {
            return try Arithmetic.apply(op, a, .number(constant), context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// `c op x` where `c` is a number literal, as in `1 - x` or `3.9 * x`.
final class ConstantArithmeticNode: Node {
    let op: BinaryOperator
    let constant: Double
    let right: Node
    let range: SourceRange

    init(_ op: BinaryOperator, _ constant: Double, _ right: Node, range: SourceRange) {
        self.op = op
        self.constant = constant
        self.right = right
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let b = try right.evaluate(frame, context)
        if case .number(let y) = b { return .number(Arithmetic.apply(op, constant, y)) }
        if case .tracked = b { return AD.apply(op, .number(constant), b) }
        do {
            return try Arithmetic.apply(op, .number(constant), b, context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// `a == b`, `a < b`, ...: compares values, never builds anything.
final class ComparisonNode: Node {
    let op: BinaryOperator
    let left: Node
    let right: Node
    let range: SourceRange

    init(_ op: BinaryOperator, _ left: Node, _ right: Node, range: SourceRange) {
        self.op = op
        self.left = left
        self.right = right
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .bool(try compare(frame, context))
    }

    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool {
        try compare(frame, context)
    }

    @inline(__always)
    private func compare(_ frame: Frame, _ context: Context) throws -> Bool {
        let a = try left.evaluate(frame, context)
        let b = try right.evaluate(frame, context)
        if case .number(let x) = a, case .number(let y) = b { return Arithmetic.compare(op, x, y) }
        do {
            return try Arithmetic.compare(op, a, b, context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// `x op c` where `c` is a number literal, as in `n < 2`.
final class ComparisonConstantNode: Node {
    let op: BinaryOperator
    let left: Node
    let constant: Double
    let range: SourceRange

    init(_ op: BinaryOperator, _ left: Node, _ constant: Double, range: SourceRange) {
        self.op = op
        self.left = left
        self.constant = constant
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .bool(try compare(frame, context))
    }

    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool {
        try compare(frame, context)
    }

    @inline(__always)
    private func compare(_ frame: Frame, _ context: Context) throws -> Bool {
        let a = try left.evaluate(frame, context)
        if case .number(let x) = a { return Arithmetic.compare(op, x, constant) }
        do {
            return try Arithmetic.compare(op, a, .number(constant), context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

final class NegateNode: Node {
    let operand: Node
    let range: SourceRange

    init(_ operand: Node, range: SourceRange) {
        self.operand = operand
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let value = try operand.evaluate(frame, context)
        if case .number(let x) = value { return .number(-x) }
        do {
            return try Arithmetic.negate(value, context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// Unary `+`: checks that its operand is a number or a vector, and returns it.
final class PlusNode: Node {
    let operand: Node
    let range: SourceRange

    init(_ operand: Node, range: SourceRange) {
        self.operand = operand
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let value = try operand.evaluate(frame, context)
        guard value.isNumber || value.isVector else {
            throw GradError.runtime("unary '+' needs a number or a vector, got \(value.typeName)", at: range)
        }
        return value
    }
}

final class NotNode: Node {
    let operand: Node
    let range: SourceRange

    init(_ operand: Node, range: SourceRange) {
        self.operand = operand
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .bool(!(try operand.evaluateCondition(frame, context, of: "not")))
    }
}

/// `a and b`, `a or b`: the right side runs only when it decides the answer.
final class LogicalNode: Node {
    let op: LogicalOperator
    let left: Node
    let right: Node
    let range: SourceRange

    init(_ op: LogicalOperator, _ left: Node, _ right: Node, range: SourceRange) {
        self.op = op
        self.left = left
        self.right = right
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let first = try left.evaluateCondition(frame, context, of: op.rawValue)
        if first == (op == .or) { return .bool(first) }
        return .bool(try right.evaluateCondition(frame, context, of: op.rawValue))
    }
}
