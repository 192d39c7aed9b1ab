/// Where a name lives, as the resolver decided: in the current call's frame, in the frame
/// of an enclosing function `depth` levels out, or among the interpreter's globals.
enum Variable {
    case local(slot: Int, name: String)
    case outer(depth: Int, slot: Int, name: String)
    case global(Globals, slot: Int, name: String)

    var name: String {
        switch self {
        case .local(_, let name), .outer(_, _, let name), .global(_, _, let name): return name
        }
    }

    func get(_ frame: Frame, at range: SourceRange) throws -> Value {
        switch self {
        case .local(let slot, _):
            if let value = frame[slot] { return value }
        case .outer(let depth, let slot, _):
            if let value = frame.slot(slot, depth: depth).pointee { return value }
        case .global(let globals, let slot, _):
            if let value = globals.cell(slot).pointee { return value }
            throw Variable.undefined(name, globals, parameters: [], at: range)
        }
        throw GradError.runtime(.usedBeforeAssigned(name), at: range)
    }

    func set(_ value: Value, _ frame: Frame) {
        switch self {
        case .local(let slot, _): frame.slot(slot).store(value)
        case .outer(let depth, let slot, _): frame.slot(slot, depth: depth).store(value)
        case .global(let globals, let slot, _): globals.cell(slot).store(value)
        }
    }

    /// Lets `body` change the stored value in place (so `v[i] = x` copies nothing).
    func modify<T>(_ frame: Frame, at range: SourceRange, _ body: (inout Value) throws -> T) throws -> T {
        _ = try get(frame, at: range)
        switch self {
        case .local(let slot, _): return try body(&frame.slot(slot).pointee!)
        case .outer(let depth, let slot, _): return try body(&frame.slot(slot, depth: depth).pointee!)
        case .global(let globals, let slot, _): return try body(&globals.cell(slot).pointee!)
        }
    }

    /// The error for a global that has no value, read where `parameters` are in scope.
    static func undefined(_ name: String, _ globals: Globals, parameters: [String], at range: SourceRange) -> GradError {
        GradError.runtime(.undefinedName(name, advice: advice(for: name, candidates: globals.definedNames,
                                                              parameters: parameters)), at: range)
    }

    /// Grad's spelling of a Python name, else the closest name defined (a parameter first).
    private static func advice(for name: String, candidates: [String],
                               parameters: [String]) -> Diagnostic.UndefinedNameAdvice? {
        if let habit = PythonNames.advice(for: name) { return .pythonHabit(habit) }
        return Suggestions.closest(to: name, among: parameters + candidates).map {
            .closest($0, isParameter: parameters.contains($0))
        }
    }
}

final class LocalGetNode: Node {
    let slot: Int
    let name: String
    let range: SourceRange

    init(slot: Int, name: String, range: SourceRange) {
        self.slot = slot
        self.name = name
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        try frame.slot(slot).pointee.read() ?? unset(frame)
    }

    @inline(never)
    private func unset(_ frame: Frame) throws -> Value {
        try Variable.local(slot: slot, name: name).get(frame, at: range)
    }
}

/// Reads a top-level name through its cell. The cell stays valid while `globals` lives,
/// and the node holds it (as does the `FunctionCode` the node is part of).
final class GlobalGetNode: Node {
    let globals: Globals
    let cell: UnsafeMutablePointer<Value?>
    let slot: Int
    let name: String
    /// The parameters of the functions around the read, for "did you mean".
    let parameters: [String]
    let range: SourceRange

    init(globals: Globals, slot: Int, name: String, parameters: [String], range: SourceRange) {
        self.globals = globals
        self.cell = globals.cell(slot)
        self.slot = slot
        self.name = name
        self.parameters = parameters
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        try cell.pointee.read() ?? undefined(frame)
    }

    @inline(never)
    private func undefined(_ frame: Frame) throws -> Value {
        if let value = cell.pointee { return value }
        throw Variable.undefined(name, globals, parameters: parameters, at: range)
    }
}

/// Reads a name of an enclosing function, `depth` frames out, as a closure does.
final class OuterGetNode: Node {
    let depth: Int
    let slot: Int
    let name: String
    let range: SourceRange

    init(depth: Int, slot: Int, name: String, range: SourceRange) {
        self.depth = depth
        self.slot = slot
        self.name = name
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        try frame.slot(slot, depth: depth).pointee.read() ?? unset(frame)
    }

    @inline(never)
    private func unset(_ frame: Frame) throws -> Value {
        try Variable.outer(depth: depth, slot: slot, name: name).get(frame, at: range)
    }
}

/// `name = value` (compound forms are rewritten to this by the resolver).
final class AssignNode: Node {
    let variable: Variable
    let value: Node
    let range: SourceRange

    init(_ variable: Variable, value: Node, range: SourceRange) {
        self.variable = variable
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        variable.set(try value.evaluate(frame, context), frame)
        return .none
    }
}

/// `name = value` for a top-level name, the most common assignment in scripts.
final class GlobalAssignNode: Node {
    let cell: UnsafeMutablePointer<Value?>
    let value: Node
    let range: SourceRange

    init(globals: Globals, slot: Int, value: Node, range: SourceRange) {
        self.cell = globals.cell(slot)
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        cell.store(try value.evaluate(frame, context))
        return .none
    }
}

/// `name = value` for a name local to the running function.
final class LocalAssignNode: Node {
    let slot: Int
    let value: Node
    let range: SourceRange

    init(slot: Int, value: Node, range: SourceRange) {
        self.slot = slot
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        frame.slot(slot).store(try value.evaluate(frame, context))
        return .none
    }
}

extension Optional where Wrapped == Value {
    /// The stored value, if any. A number, the usual case, is read without the general
    /// copy of a value, a call that switches over every case.
    @inline(__always)
    func read() -> Value? {
        if case .number(let x)? = self { return .number(x) }
        return self
    }
}

extension UnsafeMutablePointer where Pointee == Value? {
    /// Replaces the stored value. A number held no reference: it is overwritten without
    /// the general release, a call that switches over every case.
    @inline(__always)
    func store(_ value: Value) {
        if case .number? = pointee { initialize(to: value) } else { pointee = value }
    }
}
