/// Finds where every name of a program lives: a slot in the frame of the function that
/// binds it (Python's rule, see `FunctionScope`), a slot of an enclosing function's frame
/// (`depth` frames out), or a global cell. It also reports misplaced `break`, `continue`
/// and `return` before anything runs. It builds nothing: `Lowering` turns the syntax tree
/// and this `Resolution` into the nodes that run.
struct Resolver {
    private let globals: Globals
    private var scope: FunctionScope?
    private var topLevelLoopDepth = 0
    private var resolution = Resolution()
    /// The top-level calls of a name whose arguments are being resolved, innermost last,
    /// with whether those arguments assign the name (see `Lowering.call`).
    private var openCalls: [(name: String, callee: SourceRange, assignsCallee: Bool)] = []

    init(globals: Globals) {
        self.globals = globals
    }

    mutating func resolve(_ program: [Stmt]) throws -> Resolution {
        for statement in program { try self.statement(statement) }
        resolution.finish()
        return resolution
    }

    // MARK: - Names

    /// Records where the name written at `range` lives: the innermost function that binds
    /// it, else the globals. `writes` is for an index assignment (`v[0] = x`), which
    /// changes the frame that holds `v`.
    private mutating func name(_ name: String, at range: SourceRange, writes: Bool = false) {
        resolution.record(lookup(name, writes: writes), at: range)
    }

    /// Notes that `name` is bound here (assigned, defined, a loop variable): at top level,
    /// that is the global, and any open call of it has arguments that assign its callee.
    private mutating func binds(_ name: String) {
        guard scope == nil else { return }
        for i in openCalls.indices where openCalls[i].name == name { openCalls[i].assignsCallee = true }
    }

    private func lookup(_ name: String, writes: Bool) -> Resolution.Place {
        var depth: Int32 = 0
        var current = scope
        while let function = current {
            if let slot = function.slots[name] {
                if depth == 0 { return .local(slot: Int32(slot)) }
                function.noteUseFromNestedFunction(slot: slot, writes: writes)
                return .outer(depth: depth, slot: Int32(slot))
            }
            depth += 1
            current = function.parent
        }
        return .global(slot: Int32(globals.slot(for: name)))
    }

    private var loopDepth: Int {
        get { scope?.loopDepth ?? topLevelLoopDepth }
        set { if let scope { scope.loopDepth = newValue } else { topLevelLoopDepth = newValue } }
    }

    // MARK: - Statements

    private mutating func statement(_ stmt: Stmt) throws {
        switch stmt.kind {
        case .expression(let expr):
            try expression(expr)
        case .assign(let target, _, let value):
            name(target.name, at: target.nameRange, writes: !target.indices.isEmpty)
            if target.indices.isEmpty { binds(target.name) }
            if target.indices.isEmpty, case .global? = resolution.place(at: target.nameRange.start) {
                globals.noteAssignment(to: target.name, at: stmt.range)
            }
            for index in target.indices { try expression(index) }
            try expression(value)
        case .define(let name, let function):
            self.name(name, at: stmt.range)
            binds(name)
            try self.function(function)
        case .forLoop(let variable, let variableRange, let sequence, let body):
            name(variable, at: variableRange)
            binds(variable)
            try expression(sequence)
            try loopBody(body)
        case .whileLoop(let condition, let body):
            try expression(condition)
            try loopBody(body)
        case .breakLoop, .continueLoop:
            guard loopDepth > 0 else {
                throw GradError(.syntax, .outsideLoop(keyword: stmt.kind.isBreak ? "break" : "continue"), at: stmt.range)
            }
        case .returnValue(let value):
            guard scope != nil else { throw GradError(.syntax, .returnOutsideFunction, at: stmt.range) }
            if let value { try expression(value) }
        }
    }

    private mutating func loopBody(_ body: Expr) throws {
        loopDepth += 1
        defer { loopDepth -= 1 }
        try expression(body)
    }

    // MARK: - Expressions

    private mutating func expression(_ expr: Expr) throws {
        switch expr.kind {
        case .number, .bool, .none:
            break
        case .string(let parts):
            for case .value(let inner, _) in parts { try expression(inner) }
        case .name(let name):
            self.name(name, at: expr.range)
        case .vector(let elements):
            for element in elements { try expression(element) }
        case .unary(_, let operand):
            try expression(operand)
        case .binary(_, let a, let b), .range(let a, let b), .index(let a, let b):
            try expression(a)
            try expression(b)
        case .chain(let first, let links):
            try expression(first)
            for link in links { try expression(link.operand) }
        case .logical(_, let operands):
            for operand in operands { try expression(operand) }
        case .call(let callee, let arguments):
            try expression(callee)
            guard scope == nil, case .name(let name) = callee.kind else {
                for argument in arguments { try expression(argument.value) }
                return
            }
            openCalls.append((name, callee.range, false))
            for argument in arguments { try expression(argument.value) }
            let call = openCalls.removeLast()
            if call.assignsCallee { resolution.recordArgumentsAssignCallee(of: call.callee) }
        case .lambda(let function):
            try self.function(function)
        case .block(let statements):
            for statement in statements { try self.statement(statement) }
        case .conditional(let condition, let then, let otherwise):
            try expression(condition)
            try expression(then)
            if let otherwise { try expression(otherwise) }
        }
    }

    /// A function's body, in a scope of its own; then the frame it needs, which is known
    /// only once every nested function has said which slots it captures.
    private mutating func function(_ function: Function) throws {
        let inner = FunctionScope(parent: scope, parameters: function.parameters.map(\.name), body: function.body)
        let outer = scope
        outer?.makesClosures = true
        scope = inner
        defer { scope = outer }
        try expression(function.body)
        let closures = inner.makesClosures
            ? FunctionCode.Closures(uncapturedSlots: (0..<inner.slotCount).filter { !inner.capturedSlots.contains($0) },
                                    slotsWrittenFromInside: inner.slotsWrittenFromInside)
            : nil
        resolution.record(.init(slotCount: inner.slotCount, closures: closures), ofBody: function.body)
    }
}

private extension Stmt.Kind {
    var isBreak: Bool {
        if case .breakLoop = self { return true }
        return false
    }
}
