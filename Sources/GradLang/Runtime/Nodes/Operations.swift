/// What the operator nodes hold, by shape. The nodes subclass these for their own
/// `evaluate`: they differ in what they do, not in what they hold.

/// `-x`, `+x`, `not x`.
class UnaryOperation {
    let operand: Node
    let range: SourceRange

    init(_ operand: Node, range: SourceRange) {
        self.operand = operand
        self.range = range
    }
}

/// `a op b`: arithmetic and comparisons.
class BinaryOperation {
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
}

/// `x op c` or `c op x`, where `c` is a number literal: the constant is kept in the node,
/// so the hot path neither evaluates it nor unpacks a `Value`. The operand is `x`, on
/// whichever side the node's operator takes it.
class ConstantOperation: UnaryOperation {
    let op: BinaryOperator
    let constant: Double

    init(_ op: BinaryOperator, _ operand: Node, _ constant: Double, range: SourceRange) {
        self.op = op
        self.constant = constant
        super.init(operand, range: range)
    }
}
