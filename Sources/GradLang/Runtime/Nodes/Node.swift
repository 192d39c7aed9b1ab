/// A node of the executable tree the resolver builds from the syntax tree: names are
/// already slots, so evaluating never looks a name up in a dictionary.
protocol Node: AnyObject {
    var range: SourceRange { get }
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value
    /// The value as the condition of `construct` (`if`, `while`, ...). A requirement, so
    /// that a comparison can answer without making a Bool value. (`construct` is only for
    /// the message: an autoclosure, it costs nothing until then.)
    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool
}

extension Node {
    /// Evaluates to a plain number, or explains what was found instead. For numbers used
    /// only to decide (where a range ends): a derivative there is 0.
    func evaluateNumber(_ frame: Frame, _ context: Context, for purpose: String) throws -> Double {
        try evaluateNumeric(frame, context, for: purpose).number!
    }

    /// Evaluates to a number that `grad` may be following, or explains what was found instead.
    func evaluateNumeric(_ frame: Frame, _ context: Context, for purpose: String) throws -> Value {
        let value = try evaluate(frame, context)
        guard value.isNumber else {
            throw GradError.runtime(.notANumber(purpose: purpose, got: value.typeName), at: range)
        }
        return value
    }

    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool {
        let value = try evaluate(frame, context)
        guard case .bool(let b) = value else {
            throw GradError.runtime(.conditionNotBool(construct: construct(), got: value.typeName), at: range)
        }
        return b
    }
}

final class ConstantNode: Node {
    let value: Value
    let range: SourceRange

    init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value { value }
}

/// Nodes in an array, each with a label (a chain's operator), evaluated without retaining
/// them. A node read from an array is retained and released around its call, which costs
/// more than simple arithmetic; each node here sits in a box whose `let` property the call
/// borrows, as a node held in a `let` property of its parent is borrowed.
struct UnretainedNodes<Label> {
    private final class Box {
        let node: Node
        init(_ node: Node) { self.node = node }
    }

    private struct Entry {
        let label: Label
        /// Owned by `boxes`.
        let box: Unmanaged<Box>
    }

    private let boxes: [Box]
    private let entries: [Entry]

    init(_ labelled: [(Label, Node)]) {
        boxes = labelled.map { Box($0.1) }
        entries = zip(labelled, boxes).map { Entry(label: $0.0.0, box: Unmanaged.passUnretained($0.1)) }
    }

    var count: Int { entries.count }

    func label(_ i: Int) -> Label { entries[i].label }

    @inline(__always)
    func evaluate(_ i: Int, _ frame: Frame, _ context: Context) throws -> Value {
        try entries[i].box._withUnsafeGuaranteedRef { try $0.node.evaluate(frame, context) }
    }
}

extension UnretainedNodes where Label == Void {
    init(_ nodes: [Node]) {
        self.init(nodes.map { ((), $0) })
    }
}
