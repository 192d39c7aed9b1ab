/// `x -> body` and the right side of `f(x) = body`: makes a closure over the current frame.
final class LambdaNode: Node {
    let code: FunctionCode
    let range: SourceRange

    init(_ code: FunctionCode, range: SourceRange) {
        self.code = code
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .function(Closure(code: code, captured: frame, serial: context.cycles.serial()))
    }
}

/// `f(a, b, name: c)`. A user function called with positional arguments gets them written
/// straight into its new frame.
final class CallNode: Node {
    let callee: Node
    let arguments: [Node]
    let argumentList: ArgumentList?
    let argumentCount: Int
    let labels: [String?]
    let hasLabels: Bool
    /// The global names the first argument reads, in order of first use, when it is more
    /// than a name: what the student meant as variables when a built-in that wants a
    /// function got an expression (`FunctionAdvice`). Most first arguments are one name,
    /// which needs no list of its own (`globalNamesInFirstArgument`).
    private let namesInFirstArgument: [String]
    let range: SourceRange

    init(callee: Node, arguments: [Node], labels: [String?], namesInFirstArgument: [String], range: SourceRange) {
        self.callee = callee
        self.arguments = arguments
        self.argumentList = ArgumentList.make(arguments)
        self.argumentCount = arguments.count
        self.labels = labels
        self.hasLabels = labels.contains { $0 != nil }
        self.namesInFirstArgument = namesInFirstArgument
        self.range = range
    }

    var globalNamesInFirstArgument: [String] {
        if let read = arguments.first as? GlobalGetNode { return [read.name] }
        return namesInFirstArgument
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let calleeValue = try callee.evaluate(frame, context)
        if !hasLabels, let closure = calleeValue.unretainedClosure {
            // `calleeValue` holds the closure until the call returns.
            return try withExtendedLifetime(calleeValue) {
                try closure._withUnsafeGuaranteedRef { try call($0, frame, context) }
            }
        }
        guard case .function(let function) = calleeValue else {
            throw GradError.runtime(notCallable(calleeValue, context.globals), at: callee.range)
        }
        do {
            return try function.call(try evaluateArguments(for: function, frame, context), context)
        } catch let error as GradError {
            throw locate(error, calling: function)
        }
    }

    /// Calls a user function with the positional arguments written here.
    @inline(__always)
    func call(_ closure: Closure, _ frame: Frame, _ context: Context) throws -> Value {
        do {
            return try closure.call(evaluating: argumentList, count: argumentCount, in: frame, context)
        } catch let error as GradError {
            throw locate(error, calling: closure)
        }
    }

    /// An error from the call of `function` made here: placed here if it has no place yet,
    /// else with this call added to its chain when it happened inside a Grad function.
    func locate(_ error: GradError, calling function: Callable) -> GradError {
        if error.range == nil { return error.located(at: range) }
        var error = error
        if function is Closure, error.kind != .interrupted {
            error.callChain.append(.init(function: function.name, range: range))
        }
        return error
    }

    private func evaluateArguments(for function: Callable, _ frame: Frame, _ context: Context) throws -> Arguments {
        var result = Arguments(positional: [], range: range)
        result.positional.reserveCapacity(arguments.count)
        for (position, (argument, label)) in zip(arguments, labels).enumerated() {
            let value: Value
            do {
                value = try argument.evaluate(frame, context)
            } catch let error as GradError where error.diagnostic.undefinedName != nil && function is Builtin {
                throw ArgumentAdvice.explain(error, argument: argument, at: position, in: self,
                                             of: function as! Builtin, context.globals)
            }
            if let label {
                result.named.append((label, value, argument.range))
            } else {
                result.positional.append(value)
            }
        }
        return result
    }

    /// Why `value` cannot be called here: a global that hid a built-in says where.
    private func notCallable(_ value: Value, _ globals: Globals) -> Diagnostic {
        let name = (callee as? GlobalGetNode)?.name ?? (callee as? LocalGetNode)?.name
        if callee is GlobalGetNode, let name, let hiding = globals.hiddenBuiltins[name] {
            return .hiddenBuiltin(name: name, type: value.typeName, file: hiding.file.name, at: hiding.start)
        }
        return .notCallable(name: name, type: value.typeName, calledLikeProduct: value.isNumber && argumentCount == 1)
    }
}

/// `f(a, b)` where `f` is a top-level name and no argument is named, the most common call.
/// A user function is called straight from the name's cell, without retaining it. Why
/// nothing frees it during the call: `Lowering.call`, which makes this node.
final class GlobalCallNode: Node {
    let cell: UnsafeMutablePointer<Value?>
    /// Makes the call with its arguments, and every other call (built-ins, a name that
    /// is not a function).
    let general: CallNode
    var range: SourceRange { general.range }

    init(cell: UnsafeMutablePointer<Value?>, general: CallNode) {
        self.cell = cell
        self.general = general
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        guard let closure = cell.pointee?.unretainedClosure else { return try general.evaluate(frame, context) }
        #if DEBUG
        defer { assert(isStillHeld(closure, context), "a function was replaced while called from its cell") }
        #endif
        return try closure._withUnsafeGuaranteedRef { try general.call($0, frame, context) }
    }

    #if DEBUG
    /// Whether the function called is still held after the call: by the cell, or by the
    /// globals' list of functions the host replaced. Compares addresses only.
    private func isStillHeld(_ closure: Unmanaged<Closure>, _ context: Context) -> Bool {
        let address = closure.toOpaque()
        if cell.pointee?.unretainedClosure?.toOpaque() == address { return true }
        return context.globals.replacedFunctions.contains { $0.unretainedClosure?.toOpaque() == address }
    }
    #endif
}

/// The argument nodes of a call as a linked list. Evaluating them through `let` properties
/// retains nothing, where an array's elements would be retained and released one by one.
final class ArgumentList {
    let node: Node
    let next: ArgumentList?

    private init(_ node: Node, next: ArgumentList?) {
        self.node = node
        self.next = next
    }

    static func make(_ nodes: [Node]) -> ArgumentList? {
        nodes.reversed().reduce(nil) { next, node in ArgumentList(node, next: next) }
    }

    /// Evaluates the arguments in `frame` into the slots of `target`, a new frame, from
    /// `slot` on.
    func evaluate(into target: Frame, slot: Int, _ frame: Frame, _ context: Context) throws {
        // The slots of a new frame are unset: there is no old value to release.
        target.slot(slot).initialize(to: try node.evaluate(frame, context))
        try next?.evaluate(into: target, slot: slot + 1, frame, context)
    }
}

extension Value {
    /// The user function this is, if it is one, not retained: reading it so copies nothing.
    var unretainedClosure: Unmanaged<Closure>? {
        guard case .function(let function) = self, let closure = function as? Closure else { return nil }
        return Unmanaged.passUnretained(closure)
    }
}
