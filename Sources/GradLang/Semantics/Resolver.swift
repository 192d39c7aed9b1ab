/// Turns the syntax tree into the executable node tree: every name becomes a slot in a
/// frame or among the globals, and misplaced `break`/`continue`/`return` are reported
/// before anything runs.
struct Resolver {
    private let globals: Globals
    private var scope: FunctionScope?
    private var topLevelLoopDepth = 0

    init(globals: Globals) {
        self.globals = globals
    }

    mutating func resolve(_ program: [Stmt]) throws -> [Node] {
        try program.map { try statement($0) }
    }

    // MARK: - Names

    /// Where a name is read (or, with `writes`, index-assigned) from: the innermost
    /// function that binds it, else the globals.
    private func lookup(_ name: String, writes: Bool = false) -> Variable {
        var depth = 0
        var current = scope
        while let function = current {
            if let slot = function.slots[name] {
                if depth == 0 { return .local(slot: slot, name: name) }
                function.noteUseFromNestedFunction(slot: slot, writes: writes)
                return .outer(depth: depth, slot: slot, name: name)
            }
            depth += 1
            current = function.parent
        }
        return .global(globals, slot: globals.slot(for: name), name: name)
    }

    private func read(_ name: String, at range: SourceRange) -> Node {
        switch lookup(name) {
        case .local(let slot, _): return LocalGetNode(slot: slot, name: name, range: range)
        case .global(let globals, let slot, _):
            return GlobalGetNode(globals: globals, slot: slot, name: name, parameters: parametersInScope, range: range)
        case .outer(let depth, let slot, _): return OuterGetNode(depth: depth, slot: slot, name: name, range: range)
        }
    }

    /// The parameters of the functions around the code being resolved, innermost first:
    /// "did you mean" looks among them for a misspelt parameter.
    private var parametersInScope: [String] {
        sequence(first: scope, next: { $0?.parent }).flatMap { $0?.parameters ?? [] }
    }

    private var loopDepth: Int {
        get { scope?.loopDepth ?? topLevelLoopDepth }
        set { if let scope { scope.loopDepth = newValue } else { topLevelLoopDepth = newValue } }
    }

    // MARK: - Statements

    private mutating func statement(_ stmt: Stmt) throws -> Node {
        let range = stmt.range
        switch stmt.kind {
        case .expression(let expr):
            return try expression(expr)
        case .assign(let target, let compound, let value):
            return try assignment(target, compound, value, range: range)
        case .define(let name, let function):
            let lambda = try self.function(function, name: name, range: range)
            return assign(lookup(name), lambda, range: range)
        case .forLoop(let name, _, let sequence, let body):
            return try forLoop(lookup(name), sequence, body, range: range)
        case .whileLoop(let condition, let body):
            let conditionNode = try expression(condition)
            return WhileNode(condition: conditionNode, body: try loopBody(body), range: range)
        case .breakLoop, .continueLoop:
            let word = stmt.kind.isBreak ? "break" : "continue"
            guard loopDepth > 0 else { throw GradError(.syntax, .outsideLoop(keyword: word), at: range) }
            return BreakNode(stmt.kind.isBreak ? .breaking : .continuing, range: range)
        case .returnValue(let value):
            guard scope != nil else {
                throw GradError(.syntax, .returnOutsideFunction, at: range)
            }
            return ReturnNode(try value.map { try expression($0) }, range: range)
        }
    }

    private mutating func assignment(_ target: AssignTarget, _ compound: BinaryOperator?, _ value: Expr,
                                     range: SourceRange) throws -> Node {
        let variable = lookup(target.name, writes: !target.indices.isEmpty)
        if target.indices.isEmpty, let node = try growing(variable, target, compound, value, range: range) {
            return node
        }
        var valueNode = try expression(value)
        if target.indices.isEmpty {
            if case .global(let globals, _, _) = variable { globals.noteAssignment(to: target.name, at: range) }
            if let op = compound {
                valueNode = ArithmeticNode(op, read(target.name, at: target.nameRange), valueNode, range: range)
            }
            return assign(variable, valueNode, range: range)
        }
        let indices = try target.indices.map { try expression($0) }
        return IndexAssignNode(variable: variable, nameRange: target.nameRange, indices: indices,
                               compound: compound, value: valueNode, range: range)
    }

    /// `v = append(v, x)`, `s = s + t` and `s += t`, which grow the value in place when they
    /// can (see `AppendAssignNode`); nil for any other assignment. An addend that is a
    /// number literal (`i = i + 1`) keeps the general form's fast path.
    private mutating func growing(_ variable: Variable, _ target: AssignTarget, _ compound: BinaryOperator?,
                                  _ value: Expr, range: SourceRange) throws -> Node? {
        let name = target.name
        guard let slot = AssignedSlot(variable) else { return nil }
        switch (compound, value.kind) {
        case (.add?, _) where !value.isNumberLiteral:
            return AddAssignNode(slot: slot, read: read(name, at: target.nameRange), addend: try expression(value),
                                 sumRange: range, range: range)
        case (nil, .chain(let left, let links)) where left.isName(name) && links.count == 1 && links[0].op == .add
                && !links[0].operand.isNumberLiteral:
            return AddAssignNode(slot: slot, read: read(name, at: left.range), addend: try expression(links[0].operand),
                                 sumRange: value.range, range: range)
        case (nil, .call(let callee, let arguments)) where callee.isName("append") && arguments.count == 2
                && arguments.allSatisfy({ $0.label == nil }) && arguments[0].value.isName(name):
            guard case .global(let globals, let appendSlot, _) = lookup("append") else { return nil }
            let element = try expression(arguments[1].value)
            let call = CallNode(callee: read("append", at: callee.range),
                                arguments: [read(name, at: arguments[0].value.range), element],
                                labels: [nil, nil], range: value.range)
            return AppendAssignNode(slot: slot, element: element, appendCell: globals.cell(appendSlot),
                                    general: assign(variable, call, range: range), callRange: value.range,
                                    range: range)
        default:
            return nil
        }
    }

    private func assign(_ variable: Variable, _ value: Node, range: SourceRange) -> Node {
        switch variable {
        case .local(let slot, _): return LocalAssignNode(slot: slot, value: value, range: range)
        case .global(let globals, let slot, _): return GlobalAssignNode(globals: globals, slot: slot, value: value, range: range)
        case .outer: return AssignNode(variable, value: value, range: range)
        }
    }

    private mutating func loopBody(_ body: Expr) throws -> Node {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try self.body(body)
    }

    /// The body of a function, a loop or a branch of `if`. A block of one statement is just
    /// that statement, one node fewer to run; a body's own range is never reported.
    private mutating func body(_ expr: Expr) throws -> Node {
        if case .block(let statements) = expr.kind, statements.count == 1 {
            return try statement(statements[0])
        }
        return try expression(expr)
    }

    /// `for` over `a..b` or `range(...)` counts; over anything else it walks the elements.
    private mutating func forLoop(_ variable: Variable, _ sequence: Expr, _ body: Expr,
                                  range: SourceRange) throws -> Node {
        if case .range(let low, let high) = sequence.kind {
            let lower = try expression(low), upper = try expression(high)
            return ForRangeNode(variable: variable, lower: lower, upper: upper, includesUpper: true,
                                boundsRange: sequence.range, body: try loopBody(body), range: range)
        }
        let sequenceNode = try expression(sequence)
        let bodyNode = try loopBody(body)
        let loop = ForEachNode(variable: variable, sequence: sequenceNode, body: bodyNode, range: range)
        guard let (lower, upper) = try rangeCallBounds(sequence) else { return loop }
        let counting = ForRangeNode(variable: variable, lower: lower, upper: upper, includesUpper: false,
                                    boundsRange: sequence.range, body: bodyNode, range: range)
        return RangeLoopNode(counting: counting, general: loop, range: globals.cell(globals.slot(for: "range")))
    }

    /// `range(n)` is `0..n-1` and `range(a, b)` is `a..b-1` (while `range` is the built-in).
    private mutating func rangeCallBounds(_ sequence: Expr) throws -> (Node, Node)? {
        guard case .call(let callee, let arguments) = sequence.kind, case .name("range") = callee.kind,
              case .global = lookup("range"), (1...2).contains(arguments.count),
              arguments.allSatisfy({ $0.label == nil }) else { return nil }
        let bounds = try arguments.map { try expression($0.value) }
        let lower = bounds.count == 2 ? bounds[0] : ConstantNode(.number(0), range: sequence.range)
        return (lower, bounds.last!)
    }

    // MARK: - Expressions

    private mutating func expression(_ expr: Expr) throws -> Node {
        let range = expr.range
        switch expr.kind {
        case .number(let x): return ConstantNode(.number(x), range: range)
        case .bool(let b): return ConstantNode(.bool(b), range: range)
        case .none: return ConstantNode(.none, range: range)
        case .string(let parts): return try string(parts, range: range)
        case .name(let name): return read(name, at: range)
        case .vector(let elements): return VectorNode(try elements.map { try expression($0) }, range: range)
        case .unary(let op, let operand):
            let node = try expression(operand)
            switch op {
            case .negate: return NegateNode(node, range: range)
            case .plus: return PlusNode(node, range: range)
            case .not: return NotNode(node, range: range)
            }
        case .binary(let op, let a, let b):
            return try binary(op, a, b, range: range)
        case .chain(let first, let links):
            return try chain(first, links, range: range)
        case .logical(let op, let operands):
            return LogicalNode(op, try operands.map { try expression($0) }, range: range)
        case .range(let a, let b):
            return RangeNode(lower: try expression(a), upper: try expression(b), range: range)
        case .call(let callee, let arguments):
            let calleeNode = try expression(callee)
            let argumentNodes = try arguments.map { try expression($0.value) }
            let call = CallNode(callee: calleeNode, arguments: argumentNodes, labels: arguments.map(\.label), range: range)
            if let global = calleeNode as? GlobalGetNode, !call.hasLabels,
               scope != nil || !arguments.contains(where: { LocalNames.binds(global.name, in: $0.value) }) {
                return GlobalCallNode(cell: global.cell, general: call)
            }
            return call
        case .index(let base, let index):
            return IndexNode(base: try expression(base), index: try expression(index), range: range)
        case .lambda(let function):
            return try self.function(function, name: nil, range: range)
        case .block(let statements):
            return BlockNode.make(try statements.map { try statement($0) }, range: range)
        case .conditional(let condition, let then, let otherwise):
            return IfNode(condition: try expression(condition), then: try body(then),
                          otherwise: try otherwise.map { try body($0) }, range: range)
        }
    }

    private mutating func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, range: SourceRange) throws -> Node {
        let left = try expression(a), right = try expression(b)
        if op.isComparison {
            if case .number(let c) = b.kind { return ComparisonConstantNode(op, left, c, range: range) }
            return ComparisonNode(op, left, right, range: range)
        }
        if case .number(let c) = b.kind { return ArithmeticConstantNode(op, left, c, range: range) }
        if case .number(let c) = a.kind { return ConstantArithmeticNode(op, c, right, range: range) }
        return ArithmeticNode(op, left, right, range: range)
    }

    /// A chain becomes at most two levels of nodes, however long (see `Expr.Kind.chain`):
    /// one or two operators become binary nodes, with the specialized ones for number
    /// literals (the loop benchmark's `x = 3.9 * x * (1 - x)` took 6% more instructions as a
    /// flat node); three or more one flat ArithmeticChainNode, whose loop costs less per
    /// step than nested nodes.
    private mutating func chain(_ first: Expr, _ links: [ChainLink], range: SourceRange) throws -> Node {
        switch links.count {
        case 1:
            return try binary(links[0].op, first, links[0].operand, range: range)
        case 2:
            let head = try binary(links[0].op, first, links[0].operand, range: links[0].range)
            return try arithmetic(links[1].op, head, links[1].operand, range: range)
        default:
            let firstNode = try expression(first)
            let steps = try links.map { ($0.op, try expression($0.operand), $0.range) }
            return ArithmeticChainNode(firstNode, steps, range: range)
        }
    }

    /// `left op b`, with `left` resolved already.
    private mutating func arithmetic(_ op: BinaryOperator, _ left: Node, _ b: Expr, range: SourceRange) throws -> Node {
        if case .number(let c) = b.kind { return ArithmeticConstantNode(op, left, c, range: range) }
        return ArithmeticNode(op, left, try expression(b), range: range)
    }

    private mutating func string(_ parts: [InterpolatedPart], range: SourceRange) throws -> Node {
        if parts.count == 1, case .text(let text) = parts[0] { return ConstantNode(.string(text), range: range) }
        return StringNode(try parts.map { part in
            switch part {
            case .text(let text): return .text(text)
            case .value(let expr, let spec): return .value(try expression(expr), spec: spec)
            }
        }, range: range)
    }

    private mutating func function(_ function: Function, name: String?, range: SourceRange) throws -> Node {
        let names = function.parameters.map(\.name)
        let inner = FunctionScope(parent: scope, parameters: names, body: function.body)
        let outer = scope
        outer?.makesClosures = true
        scope = inner
        defer { scope = outer }
        let body = try self.body(function.body)
        let closures = inner.makesClosures
            ? FunctionCode.Closures(uncapturedSlots: (0..<inner.slotCount).filter { !inner.capturedSlots.contains($0) },
                                    slotsWrittenFromInside: inner.slotsWrittenFromInside)
            : nil
        let code = FunctionCode(name: name ?? "lambda", parameters: names, slotCount: inner.slotCount, body: body,
                                closures: closures, range: range, syntax: function,
                                globals: globals)
        return LambdaNode(code, range: range)
    }
}

private extension Expr {
    func isName(_ name: String) -> Bool {
        if case .name(name) = kind { return true }
        return false
    }

    var isNumberLiteral: Bool {
        if case .number = kind { return true }
        return false
    }
}

private extension Stmt.Kind {
    var isBreak: Bool {
        if case .breakLoop = self { return true }
        return false
    }
}
