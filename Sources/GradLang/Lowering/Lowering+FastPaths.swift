/// The nodes picked for speed, each where the syntax makes it safe. Every fast node gives
/// the results of the general node it stands for; the condition that makes it so is
/// written beside the code that makes it.
extension Lowering {
    // MARK: - Calls

    /// `f(a, b)` with `f` a top-level name and no argument named: the most common call,
    /// made by `GlobalCallNode` without retaining the function it finds in f's cell.
    ///
    /// Nothing may free that function while the call runs, so nothing may assign the cell
    /// before the call returns:
    /// - code inside a function never assigns a global (an assignment in a body binds a
    ///   local: `FunctionScope`), so calls inside functions are always safe;
    /// - top-level code runs one statement at a time, and the only top-level code that runs
    ///   during the call is its own arguments: the call is made here only when they do not
    ///   assign `f`, as the resolver found (`f({f = 0; 1})` takes the general path);
    /// - the host may set `f` from a callback during the run: `Globals.define` keeps the
    ///   function it replaces until the next run starts.
    /// Debug builds check after each such call that the function is still held
    /// (`GlobalCallNode.isStillHeld`).
    mutating func call(_ callee: Expr, _ arguments: [Argument], range: SourceRange) -> Node {
        let calleeNode = expression(callee)
        let (argumentNodes, namesInFirst) = self.arguments(arguments)
        let call = CallNode(callee: calleeNode, arguments: argumentNodes, labels: arguments.map(\.label),
                            namesInFirstArgument: namesInFirst, range: range)
        guard let global = calleeNode as? GlobalGetNode, !call.hasLabels,
              !resolution.argumentsAssignCallee(of: callee.range) else { return call }
        return GlobalCallNode(cell: global.cell, general: call)
    }

    // MARK: - Growing a value in place

    /// `v = append(v, x)`, `s = s + t` and `s += t` grow the value in place when they can
    /// (see `AppendAssignNode`, `AddAssignNode`); nil for any other assignment. The nodes
    /// check at run time what the syntax cannot promise (that `append` is still the
    /// built-in, that the name holds a vector or a string) and fall back to the general
    /// form. An addend that is a number literal (`i = i + 1`) keeps the general form's
    /// fast path for numbers.
    mutating func growing(_ variable: Variable, _ target: AssignTarget, _ compound: BinaryOperator?,
                          _ value: Expr, range: SourceRange) -> Node? {
        let name = target.name
        // A closure's assignments bind its own names, so the slot is here or global.
        guard let slot = AssignedSlot(variable) else { return nil }
        switch (compound, value.kind) {
        case (.add?, _) where !value.isNumberLiteral:
            return AddAssignNode(slot: slot, read: read(name, at: target.nameRange), addend: expression(value),
                                 sumRange: range, range: range)
        case (nil, .chain(let left, let links)) where left.isName(name) && links.count == 1 && links[0].op == .add
                && !links[0].operand.isNumberLiteral:
            return AddAssignNode(slot: slot, read: read(name, at: left.range), addend: expression(links[0].operand),
                                 sumRange: value.range, range: range)
        case (nil, .call(let callee, let arguments)) where callee.isName("append") && arguments.count == 2
                && arguments.allSatisfy({ $0.label == nil }) && arguments[0].value.isName(name):
            guard case .global(let globals, let appendSlot, _) = self.variable("append", at: callee.range) else { return nil }
            let appendNode = read("append", at: callee.range)
            let vectorNode = read(name, at: arguments[0].value.range)
            let element = expression(arguments[1].value)
            let call = CallNode(callee: appendNode, arguments: [vectorNode, element], labels: [nil, nil],
                                namesInFirstArgument: [], range: value.range)
            return AppendAssignNode(slot: slot, element: element, appendCell: globals.cell(appendSlot),
                                    general: assign(variable, call, range: range), callRange: value.range,
                                    range: range)
        default:
            return nil
        }
    }

    // MARK: - Counting loops

    /// `for` over `a..b` counts. Over `range(...)` it counts too while `range` is the
    /// built-in, which `RangeLoopNode` checks as the loop starts (the bounds are computed
    /// then, so rebinding `range` in the body changes nothing); over anything else it walks
    /// the elements.
    mutating func forLoop(_ variable: Variable, _ sequence: Expr, _ body: Expr, range: SourceRange) -> Node {
        if case .range(let low, let high) = sequence.kind {
            let lower = expression(low), upper = expression(high)
            return ForRangeNode(variable: variable, lower: lower, upper: upper, includesUpper: true,
                                boundsRange: sequence.range, body: self.body(body), range: range)
        }
        let sequenceNode = expression(sequence)
        let bodyNode = self.body(body)
        let loop = ForEachNode(variable: variable, sequence: sequenceNode, body: bodyNode, range: range)
        guard let (lower, upper) = rangeCallBounds(sequence) else { return loop }
        let counting = ForRangeNode(variable: variable, lower: lower, upper: upper, includesUpper: false,
                                    boundsRange: sequence.range, body: bodyNode, range: range)
        return RangeLoopNode(counting: counting, general: loop, rangeCell: globals.cell(globals.slot(for: "range")))
    }

    /// `range(n)` is `0..n-1` and `range(a, b)` is `a..b-1`, when `range` is a global name.
    private mutating func rangeCallBounds(_ sequence: Expr) -> (Node, Node)? {
        guard case .call(let callee, let arguments) = sequence.kind, callee.isName("range"),
              isGlobal(at: callee.range), (1...2).contains(arguments.count),
              arguments.allSatisfy({ $0.label == nil }) else { return nil }
        let bounds = arguments.map { expression($0.value) }
        let lower = bounds.count == 2 ? bounds[0] : ConstantNode(.number(0), range: sequence.range)
        return (lower, bounds.last!)
    }

    // MARK: - Arithmetic

    /// A number literal operand is kept in the node (`x * 2`, `1 - x`, `x < 10`): one node
    /// fewer to evaluate, and no `Value` to unpack.
    mutating func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, range: SourceRange) -> Node {
        let left = expression(a), right = expression(b)
        if op.isComparison {
            if case .number(let c) = b.kind { return ComparisonConstantNode(op, left, c, range: range) }
            return ComparisonNode(op, left, right, range: range)
        }
        if case .number(let c) = b.kind { return ArithmeticConstantNode(op, left, c, range: range) }
        if case .number(let c) = a.kind { return ConstantArithmeticNode(op, right, c, range: range) }
        return ArithmeticNode(op, left, right, range: range)
    }

    /// A chain becomes at most two levels of nodes, however long (see `Expr.Kind.chain`):
    /// one or two operators become binary nodes, with the specialized ones for number
    /// literals (the loop benchmark's `x = 3.9 * x * (1 - x)` took 6% more instructions as a
    /// flat node); three or more one flat ArithmeticChainNode, whose loop costs less per
    /// step than nested nodes.
    mutating func chain(_ first: Expr, _ links: [ChainLink], range: SourceRange) -> Node {
        switch links.count {
        case 1:
            return binary(links[0].op, first, links[0].operand, range: range)
        case 2:
            let head = binary(links[0].op, first, links[0].operand, range: links[0].range)
            if case .number(let c) = links[1].operand.kind { return ArithmeticConstantNode(links[1].op, head, c, range: range) }
            return ArithmeticNode(links[1].op, head, expression(links[1].operand), range: range)
        default:
            let firstNode = expression(first)
            let steps = links.map { ($0.op, expression($0.operand), $0.range) }
            return ArithmeticChainNode(firstNode, steps, range: range)
        }
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
