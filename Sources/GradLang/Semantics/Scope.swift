/// The local names of one function being resolved. Python's rule: a name assigned
/// anywhere in the body (or a parameter, a loop variable, a local definition) is local
/// to the whole body; any other name is read from the enclosing functions or the globals.
final class FunctionScope {
    let parent: FunctionScope?
    let parameters: [String]
    private(set) var slots: [String: Int] = [:]
    var slotCount: Int { slots.count }
    /// How many loops enclose the statement being resolved, within this function.
    var loopDepth = 0
    /// Whether the body creates closures (see `FunctionCode.closures`).
    var makesClosures = false
    /// The slots that nested functions read (or index-assign): the only ones anything can
    /// reach once a call has returned.
    private(set) var capturedSlots: Set<Int> = []
    /// Whether a nested function index-assigns one of this function's names (`v[0] = x`),
    /// changing a frame after its call may have returned.
    private(set) var slotsWrittenFromInside = false

    init(parent: FunctionScope?, parameters: [String], body: Expr) {
        self.parent = parent
        self.parameters = parameters
        for name in parameters { declare(name) }
        LocalNames.collect(in: body) { declare($0) }
    }

    func noteUseFromNestedFunction(slot: Int, writes: Bool) {
        capturedSlots.insert(slot)
        if writes { slotsWrittenFromInside = true }
    }

    private func declare(_ name: String) {
        if slots[name] == nil { slots[name] = slots.count }
    }
}

/// Finds the names a function body binds, without entering nested functions.
enum LocalNames {
    static func collect(in expr: Expr, _ found: (String) -> Void) {
        switch expr.kind {
        case .number, .bool, .none, .name, .lambda:
            break
        case .string(let parts):
            for case .value(let inner, _) in parts { collect(in: inner, found) }
        case .vector(let elements):
            for element in elements { collect(in: element, found) }
        case .unary(_, let operand):
            collect(in: operand, found)
        case .binary(_, let a, let b), .range(let a, let b), .index(let a, let b):
            collect(in: a, found)
            collect(in: b, found)
        case .chain(let first, let links):
            collect(in: first, found)
            for link in links { collect(in: link.operand, found) }
        case .logical(_, let operands):
            for operand in operands { collect(in: operand, found) }
        case .call(let callee, let arguments):
            collect(in: callee, found)
            for argument in arguments { collect(in: argument.value, found) }
        case .block(let statements):
            for statement in statements { collect(in: statement, found) }
        case .conditional(let condition, let then, let otherwise):
            collect(in: condition, found)
            collect(in: then, found)
            if let otherwise { collect(in: otherwise, found) }
        }
    }

    private static func collect(in statement: Stmt, _ found: (String) -> Void) {
        switch statement.kind {
        case .expression(let expr):
            collect(in: expr, found)
        case .assign(let target, _, let value):
            if target.indices.isEmpty { found(target.name) }
            for index in target.indices { collect(in: index, found) }
            collect(in: value, found)
        case .define(let name, _):
            found(name)
        case .forLoop(let variable, _, let sequence, let body):
            found(variable)
            collect(in: sequence, found)
            collect(in: body, found)
        case .whileLoop(let condition, let body):
            collect(in: condition, found)
            collect(in: body, found)
        case .returnValue(let value):
            if let value { collect(in: value, found) }
        case .breakLoop, .continueLoop:
            break
        }
    }
}
