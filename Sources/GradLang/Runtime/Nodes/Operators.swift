import Foundation

// The nodes here run in every loop, and catch their errors with `do`/`catch` written out:
// through `GradError.locating` the loop benchmark took 1% more instructions (callgrind).

/// `a + b`, `a * b`, ... Plain numbers take the fast path; vectors, tracked numbers and
/// everything else go through `Arithmetic`.
final class ArithmeticNode: BinaryOperation, Node {
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let a = try left.evaluate(frame, context)
        let b = try right.evaluate(frame, context)
        do {
            return try ArithmeticNode.apply(op, a, b, context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }

    @inline(__always)
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, _ context: Context) throws -> Value {
        if case .number(let x) = a, case .number(let y) = b {
            return .number(Arithmetic.apply(op, x, y))
        }
        if a.isNumber, b.isNumber { return Arithmetic.apply(op, numbers: a, b) }
        return try Arithmetic.apply(op, a, b, context)
    }
}

/// `a + b - c + ...`: three operators or more of one precedence, applied left to right in
/// a loop, so that a sum of 100,000 terms neither recurses nor frees recursively.
final class ArithmeticChainNode: Node {
    let first: Node
    /// `- c`, `+ ...`: each right operand with its operator.
    let steps: UnretainedNodes<BinaryOperator>
    /// From the chain's start through each operand, where an error of that step points.
    let stepRanges: [SourceRange]
    let range: SourceRange

    init(_ first: Node, _ links: [(BinaryOperator, Node, SourceRange)], range: SourceRange) {
        self.first = first
        steps = UnretainedNodes(links.map { ($0.0, $0.1) })
        stepRanges = links.map(\.2)
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        var value = try first.evaluate(frame, context)
        for i in 0..<steps.count {
            let operand = try steps.evaluate(i, frame, context)
            let left = value
            value = try GradError.locating(at: stepRanges[i]) {
                try ArithmeticNode.apply(steps.label(i), left, operand, context)
            }
        }
        return value
    }
}

/// `x op c` where `c` is a number literal, as in `i + 1` or `x^2`: saves evaluating
/// the constant on the hot path.
final class ArithmeticConstantNode: ConstantOperation, Node {
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let a = try operand.evaluate(frame, context)
        if case .number(let x) = a { return .number(Arithmetic.apply(op, x, constant)) }
        if case .tracked = a { return Arithmetic.apply(op, numbers: a, .number(constant)) }
        do {
            return try Arithmetic.apply(op, a, .number(constant), context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// `c op x` where `c` is a number literal, as in `1 - x` or `3.9 * x`.
final class ConstantArithmeticNode: ConstantOperation, Node {
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let b = try operand.evaluate(frame, context)
        if case .number(let y) = b { return .number(Arithmetic.apply(op, constant, y)) }
        if case .tracked = b { return Arithmetic.apply(op, numbers: .number(constant), b) }
        do {
            return try Arithmetic.apply(op, .number(constant), b, context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

/// A node whose value is true or false: as the condition of `if` or `while` it answers
/// without making a Bool value.
protocol ComparingNode: Node {
    func compare(_ frame: Frame, _ context: Context) throws -> Bool
}

extension ComparingNode {
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .bool(try compare(frame, context))
    }

    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool {
        try compare(frame, context)
    }
}

/// `a == b`, `a < b`, ...: compares values, never builds anything.
final class ComparisonNode: BinaryOperation, ComparingNode {
    @inline(__always)
    func compare(_ frame: Frame, _ context: Context) throws -> Bool {
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
final class ComparisonConstantNode: ConstantOperation, ComparingNode {
    @inline(__always)
    func compare(_ frame: Frame, _ context: Context) throws -> Bool {
        let a = try operand.evaluate(frame, context)
        if case .number(let x) = a { return Arithmetic.compare(op, x, constant) }
        do {
            return try Arithmetic.compare(op, a, .number(constant), context)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }
}

final class NegateNode: UnaryOperation, Node {
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
final class PlusNode: UnaryOperation, Node {
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let value = try operand.evaluate(frame, context)
        guard value.isNumber || value.isVector else {
            throw GradError.runtime(.unaryPlus(got: value.typeName), at: range)
        }
        return value
    }
}

final class NotNode: UnaryOperation, Node {
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .bool(!(try operand.evaluateCondition(frame, context, of: "not")))
    }
}

/// `a and b and ...`, `a or b or ...`: each operand runs only when the ones before it
/// have not decided the answer.
final class LogicalNode: Node {
    let op: LogicalOperator
    let operands: [Node]
    let range: SourceRange

    init(_ op: LogicalOperator, _ operands: [Node], range: SourceRange) {
        self.op = op
        self.operands = operands
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let decisive = op == .or  // `true` ends an `or`, `false` an `and`
        for operand in operands {
            if try operand.evaluateCondition(frame, context, of: op.rawValue) == decisive { return .bool(decisive) }
        }
        return .bool(!decisive)
    }
}
