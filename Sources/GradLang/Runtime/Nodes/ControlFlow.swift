/// `{ ... }`: runs its statements; its value is the last one's. The statements form a chain,
/// `first` then `rest`, the last statement or a block of the remaining ones: calling nodes
/// held in `let` properties retains nothing, where the elements of an array were retained
/// and released around each call.
final class BlockNode: Node {
    let first: Node
    /// Nil when `first` is the only statement.
    let rest: Node?
    let range: SourceRange

    private init(first: Node, rest: Node?, range: SourceRange) {
        self.first = first
        self.rest = rest
        self.range = range
    }

    /// Longer blocks are a LongBlockNode: a chain recurses once per statement when it runs
    /// and when it is freed (a function whose body had 70,000 statements overflowed an
    /// 8 MiB stack as it was freed), and blocks nest up to 1,000 deep, so the chains must
    /// stay short for the whole tree to be shallow.
    static let maxChained = 8

    static func make(_ statements: [Node], range: SourceRange) -> Node {
        guard let last = statements.last else { return ConstantNode(.none, range: range) }
        if statements.count == 1 { return BlockNode(first: last, rest: nil, range: range) }
        if statements.count > maxChained { return LongBlockNode(statements, range: range) }
        return statements.dropLast().reversed().reduce(last) { rest, statement in
            BlockNode(first: statement, rest: rest, range: range)
        }
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        // A `break` or `return` in the last statement is seen by the loop or call.
        if rest == nil { return try first.evaluate(frame, context) }
        _ = try first.evaluate(frame, context)
        if context.completion != .normal { return .none }
        return try rest!.evaluate(frame, context)  // (`if let rest` would retain it)
    }
}

/// A block of more than `BlockNode.maxChained` statements, run by a loop.
final class LongBlockNode: Node {
    let statements: UnretainedNodes<Void>
    let range: SourceRange

    init(_ statements: [Node], range: SourceRange) {
        self.statements = UnretainedNodes(statements)
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let last = statements.count - 1
        for i in 0..<last {
            _ = try statements.evaluate(i, frame, context)
            if context.completion != .normal { return .none }
        }
        // A `break` or `return` in the last statement is seen by the loop or call.
        return try statements.evaluate(last, frame, context)
    }
}

/// `if c { ... } else { ... }`, an expression: its value is the taken branch's.
final class IfNode: Node {
    let condition: Node
    let then: Node
    let otherwise: Node?
    let range: SourceRange

    init(condition: Node, then: Node, otherwise: Node?, range: SourceRange) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        if try condition.evaluateCondition(frame, context, of: "if") {
            return try then.evaluate(frame, context)
        }
        return try otherwise?.evaluate(frame, context) ?? .none
    }
}

/// What a loop does after its body ran: go on, or stop (for `break` and `return`).
@inline(__always)
private func loopShouldStop(_ context: Context) -> Bool {
    switch context.completion {
    case .normal: return false
    case .continuing:
        context.completion = .normal
        return false
    case .breaking:
        context.completion = .normal
        return true
    case .returning:
        return true
    }
}

final class WhileNode: Node {
    let condition: Node
    let body: Node
    let range: SourceRange

    init(condition: Node, body: Node, range: SourceRange) {
        self.condition = condition
        self.body = body
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        while try condition.evaluateCondition(frame, context, of: "while") {
            _ = try body.evaluate(frame, context)
            if loopShouldStop(context) { break }
            try context.tick()
        }
        return .none
    }
}

/// `for i in a..b` and `for i in range(n)`: counts without building a vector, through the
/// same numbers the vector would hold.
final class ForRangeNode: Node {
    let variable: Variable
    let lower: Node
    let upper: Node
    /// `a..b` includes b; `range(a, b)` stops before it.
    let includesUpper: Bool
    /// `a..b` or `range(...)`: where an error about the bounds points.
    let boundsRange: SourceRange
    let body: Node
    let range: SourceRange

    init(variable: Variable, lower: Node, upper: Node, includesUpper: Bool, boundsRange: SourceRange, body: Node,
         range: SourceRange) {
        self.variable = variable
        self.lower = lower
        self.upper = upper
        self.includesUpper = includesUpper
        self.boundsRange = boundsRange
        self.body = body
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let start = try lower.evaluateNumeric(frame, context, for: "the start of the range")
        let high = try upper.evaluateNumber(frame, context, for: "the end of the range")
        let low = start.number!
        try GradError.locating(at: boundsRange) { try Vectors.checkCountable(low, includesUpper ? high : high - 1) }
        // The largest double below `high` is the last one before it.
        let last = includesUpper ? high : high.nextDown
        if case .tracked = start {
            // A start `grad` is following makes every i follow it: i = start + (i - low).
            try count(from: low, through: last, frame, context) { Arithmetic.apply(.add, numbers: start, .number($0 - low)) }
        } else {
            try count(from: low, through: last, frame, context) { .number($0) }
        }
        return .none
    }

    @inline(__always)
    private func count(from low: Double, through last: Double, _ frame: Frame, _ context: Context,
                       _ element: (Double) -> Value) throws {
        var i = low
        while i <= last {
            variable.set(element(i), frame)
            _ = try body.evaluate(frame, context)
            if loopShouldStop(context) { break }
            try context.tick()
            i += 1
        }
    }
}

/// `for i in range(...)`: counts, unless the program has given `range` another meaning.
final class RangeLoopNode: Node {
    let counting: ForRangeNode
    let general: ForEachNode
    /// The global `range`, checked when the loop starts.
    let rangeCell: UnsafeMutablePointer<Value?>

    init(counting: ForRangeNode, general: ForEachNode, rangeCell: UnsafeMutablePointer<Value?>) {
        self.counting = counting
        self.general = general
        self.rangeCell = rangeCell
    }

    var range: SourceRange { general.range }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        if case .function(let f) = rangeCell.pointee, f === VectorLibrary.range {
            return try counting.evaluate(frame, context)
        }
        return try general.evaluate(frame, context)
    }
}

/// `for x in v`: over a vector's elements or a string's characters.
final class ForEachNode: Node {
    let variable: Variable
    let sequence: Node
    let body: Node
    let range: SourceRange

    init(variable: Variable, sequence: Node, body: Node, range: SourceRange) {
        self.variable = variable
        self.sequence = sequence
        self.body = body
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let elements: [Value]
        switch try sequence.evaluate(frame, context) {
        case .vector(let v): elements = v
        case .string(let s): elements = s.map { .string(String($0)) }
        case let other:
            throw GradError.runtime(.notIterable(type: other.typeName), at: sequence.range)
        }
        for element in elements {
            variable.set(element, frame)
            _ = try body.evaluate(frame, context)
            if loopShouldStop(context) { break }
            try context.tick()
        }
        return .none
    }
}

final class BreakNode: Node {
    let range: SourceRange
    let completion: Completion

    init(_ completion: Completion, range: SourceRange) {
        self.completion = completion
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        context.completion = completion
        return .none
    }
}

final class ReturnNode: Node {
    let value: Node?
    let range: SourceRange

    init(_ value: Node?, range: SourceRange) {
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        context.returnValue = try value?.evaluate(frame, context) ?? .none
        context.completion = .returning
        return .none
    }
}
