/// Turns the syntax tree into the executable node tree, with the names already resolved
/// (`Resolution`): every node knows its slot, and where the syntax allows it, a faster
/// node than the general one is picked (see `Lowering+FastPaths.swift`, where each fast
/// node's condition is written beside the code that makes it).
struct Lowering {
    let resolution: Resolution
    let globals: Globals
    /// The parameters of the functions around the code being lowered, one list per
    /// function, outermost first: "did you mean" looks among them for a misspelt parameter.
    private(set) var enclosingParameters: [[String]] = []
    /// The global names read in each first argument of a call around the code being
    /// lowered, innermost last (see `CallNode.namesInFirstArgument`).
    private var firstArgumentNames: [NamesRead] = []

    init(_ resolution: Resolution, globals: Globals) {
        self.resolution = resolution
        self.globals = globals
    }

    mutating func lower(_ program: [Stmt]) -> [Node] {
        program.map { statement($0) }
    }

    // MARK: - Names

    /// What the name written at `range` is, as resolved.
    func variable(_ name: String, at range: SourceRange) -> Variable {
        resolution.variable(name, at: range, globals)
    }

    /// Whether the name written at `range` is a global one.
    func isGlobal(at range: SourceRange) -> Bool {
        if case .global? = resolution.place(at: range.start) { return true }
        return false
    }

    mutating func read(_ name: String, at range: SourceRange) -> Node {
        switch variable(name, at: range) {
        case .local(let slot, _): return LocalGetNode(slot: slot, name: name, range: range)
        case .global(let globals, let slot, _):
            if !firstArgumentNames.isEmpty { firstArgumentNames[firstArgumentNames.count - 1].add(name) }
            let parameters = enclosingParameters.reversed().flatMap { $0 }
            return GlobalGetNode(globals: globals, slot: slot, name: name, parameters: parameters, range: range)
        case .outer(let depth, let slot, _): return OuterGetNode(depth: depth, slot: slot, name: name, range: range)
        }
    }

    func assign(_ variable: Variable, _ value: Node, range: SourceRange) -> Node {
        switch variable {
        case .local(let slot, _): return LocalAssignNode(slot: slot, value: value, range: range)
        case .global(let globals, let slot, _): return GlobalAssignNode(globals: globals, slot: slot, value: value, range: range)
        case .outer: return AssignNode(variable, value: value, range: range)
        }
    }

    /// The arguments of a call, and the global names the first one reads, each once, when
    /// it is more than a name (a name is its own list: see `CallNode.namesInFirstArgument`).
    mutating func arguments(_ arguments: [Argument]) -> (nodes: [Node], namesInFirst: [String]) {
        guard let first = arguments.first else { return ([], []) }
        firstArgumentNames.append(NamesRead())
        let firstNode = expression(first.value)
        let names = firstArgumentNames.removeLast()
        if !firstArgumentNames.isEmpty { firstArgumentNames[firstArgumentNames.count - 1].add(names) }
        let rest = arguments.dropFirst().map { expression($0.value) }
        return ([firstNode] + rest, firstNode is GlobalGetNode ? [] : names.list)
    }

    // MARK: - Statements

    mutating func statement(_ stmt: Stmt) -> Node {
        let range = stmt.range
        switch stmt.kind {
        case .expression(let expr):
            return expression(expr)
        case .assign(let target, let compound, let value):
            return assignment(target, compound, value, range: range)
        case .define(let name, let function):
            let lambda = self.function(function, name: name, range: range)
            return assign(variable(name, at: range), lambda, range: range)
        case .forLoop(let name, let variableRange, let sequence, let body):
            return forLoop(variable(name, at: variableRange), sequence, body, range: range)
        case .whileLoop(let condition, let body):
            return WhileNode(condition: expression(condition), body: self.body(body), range: range)
        case .breakLoop:
            return BreakNode(.breaking, range: range)
        case .continueLoop:
            return BreakNode(.continuing, range: range)
        case .returnValue(let value):
            return ReturnNode(value.map { expression($0) }, range: range)
        }
    }

    private mutating func assignment(_ target: AssignTarget, _ compound: BinaryOperator?, _ value: Expr,
                                     range: SourceRange) -> Node {
        let variable = self.variable(target.name, at: target.nameRange)
        if target.indices.isEmpty, let node = growing(variable, target, compound, value, range: range) {
            return node
        }
        var valueNode = expression(value)
        guard target.indices.isEmpty else {
            return IndexAssignNode(variable: variable, nameRange: target.nameRange,
                                   indices: target.indices.map { expression($0) },
                                   compound: compound, value: valueNode, range: range)
        }
        if let op = compound {
            valueNode = ArithmeticNode(op, read(target.name, at: target.nameRange), valueNode, range: range)
        }
        return assign(variable, valueNode, range: range)
    }

    /// The body of a function, a loop or a branch of `if`. A block of one statement is just
    /// that statement, one node fewer to run; a body's own range is never reported.
    mutating func body(_ expr: Expr) -> Node {
        if case .block(let statements) = expr.kind, statements.count == 1 {
            return statement(statements[0])
        }
        return expression(expr)
    }

    // MARK: - Expressions

    mutating func expression(_ expr: Expr) -> Node {
        let range = expr.range
        switch expr.kind {
        case .number(let x): return ConstantNode(.number(x), range: range)
        case .bool(let b): return ConstantNode(.bool(b), range: range)
        case .none: return ConstantNode(.none, range: range)
        case .string(let parts): return string(parts, range: range)
        case .name(let name): return read(name, at: range)
        case .vector(let elements): return VectorNode(elements.map { expression($0) }, range: range)
        case .unary(let op, let operand):
            let node = expression(operand)
            switch op {
            case .negate: return NegateNode(node, range: range)
            case .plus: return PlusNode(node, range: range)
            case .not: return NotNode(node, range: range)
            }
        case .binary(let op, let a, let b):
            return binary(op, a, b, range: range)
        case .chain(let first, let links):
            return chain(first, links, range: range)
        case .logical(let op, let operands):
            return LogicalNode(op, operands.map { expression($0) }, range: range)
        case .range(let a, let b):
            return RangeNode(lower: expression(a), upper: expression(b), range: range)
        case .call(let callee, let arguments):
            return call(callee, arguments, range: range)
        case .index(let base, let index):
            return IndexNode(base: expression(base), index: expression(index), range: range)
        case .lambda(let function):
            return self.function(function, name: nil, range: range)
        case .block(let statements):
            return BlockNode.make(statements.map { statement($0) }, range: range)
        case .conditional(let condition, let then, let otherwise):
            return IfNode(condition: expression(condition), then: body(then),
                          otherwise: otherwise.map { body($0) }, range: range)
        }
    }

    private mutating func string(_ parts: [InterpolatedPart], range: SourceRange) -> Node {
        if parts.count == 1, case .text(let text) = parts[0] { return ConstantNode(.string(text), range: range) }
        return StringNode(parts.map { part in
            switch part {
            case .text(let text): return .text(text)
            case .value(let expr, let spec): return .value(expression(expr), spec: spec)
            }
        }, range: range)
    }

    private mutating func function(_ function: Function, name: String?, range: SourceRange) -> Node {
        let names = function.parameters.map(\.name)
        enclosingParameters.append(names)
        defer { enclosingParameters.removeLast() }
        let layout = resolution.layout(ofBody: function.body)
        let code = FunctionCode(name: name ?? "lambda", parameters: names, slotCount: layout.slotCount,
                                body: body(function.body), closures: layout.closures, range: range,
                                syntax: function, globals: globals)
        return LambdaNode(code, range: range)
    }
}

/// Global names in order of first use, each once, up to `limit`: an expression of more
/// names gets no advice (`FunctionAdvice`) rather than a list nobody reads. The limit also
/// bounds the work: a call nested in a first argument hands its list to the enclosing one,
/// so no name is looked at more than once per list it joins.
struct NamesRead {
    static let limit = 32
    private var names: [String] = []
    private var overflowed = false

    /// The names, or none once more than `limit` were read.
    var list: [String] { overflowed ? [] : names }

    mutating func add(_ name: String) {
        guard !overflowed, !names.contains(name) else { return }
        if names.count == NamesRead.limit {
            overflowed = true
            names = []
        } else {
            names.append(name)
        }
    }

    mutating func add(_ other: NamesRead) {
        if other.overflowed {
            overflowed = true
            names = []
        }
        for name in other.names { add(name) }
    }
}
