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
            if let value = frame.slots[slot] { return value }
        case .outer(let depth, let slot, _):
            if let value = frame.ancestor(depth).slots[slot] { return value }
        case .global(let globals, let slot, _):
            if let value = globals.values[slot] { return value }
            throw GradError.runtime(Variable.undefinedMessage(name, candidates: globals.definedNames), at: range)
        }
        throw GradError.runtime("'\(name)' is used before it is given a value", at: range)
    }

    func set(_ value: Value, _ frame: Frame) {
        switch self {
        case .local(let slot, _): frame.slots[slot] = value
        case .outer(let depth, let slot, _): frame.ancestor(depth).slots[slot] = value
        case .global(let globals, let slot, _): globals.values[slot] = value
        }
    }

    /// Lets `body` change the stored value in place (so `v[i] = x` copies nothing).
    func modify<T>(_ frame: Frame, at range: SourceRange, _ body: (inout Value) throws -> T) throws -> T {
        _ = try get(frame, at: range)
        switch self {
        case .local(let slot, _): return try body(&frame.slots[slot]!)
        case .outer(let depth, let slot, _): return try body(&frame.ancestor(depth).slots[slot]!)
        case .global(let globals, let slot, _): return try body(&globals.values[slot]!)
        }
    }

    static func undefinedMessage(_ name: String, candidates: [String]) -> String {
        var message = "name '\(name)' is not defined"
        if let suggestion = Suggestions.closest(to: name, among: candidates) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message
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
        if let value = frame.slots[slot] { return value }
        return try Variable.local(slot: slot, name: name).get(frame, at: range)
    }
}

final class GlobalGetNode: Node {
    unowned let globals: Globals
    let slot: Int
    let name: String
    let range: SourceRange

    init(globals: Globals, slot: Int, name: String, range: SourceRange) {
        self.globals = globals
        self.slot = slot
        self.name = name
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        if let value = globals.values[slot] { return value }
        return try Variable.global(globals, slot: slot, name: name).get(frame, at: range)
    }
}

final class VariableGetNode: Node {
    let variable: Variable
    let range: SourceRange

    init(_ variable: Variable, range: SourceRange) {
        self.variable = variable
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        try variable.get(frame, at: range)
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
        let result = try value.evaluate(frame, context)
        if case .local(let slot, _) = variable {
            frame.slots[slot] = result
        } else {
            variable.set(result, frame)
        }
        return .none
    }
}
