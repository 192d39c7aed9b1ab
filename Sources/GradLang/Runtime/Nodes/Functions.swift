/// `x -> body` and the right side of `f(x) = body`: makes a closure over the current frame.
final class LambdaNode: Node {
    let code: FunctionCode
    let range: SourceRange

    init(_ code: FunctionCode, range: SourceRange) {
        self.code = code
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        .function(Closure(code: code, captured: frame))
    }
}

/// `f(a, b, name: c)`. A user function called with positional arguments gets them written
/// straight into its new frame.
final class CallNode: Node {
    let callee: Node
    let arguments: [Node]
    let labels: [String?]
    let hasLabels: Bool
    let range: SourceRange

    init(callee: Node, arguments: [Node], labels: [String?], range: SourceRange) {
        self.callee = callee
        self.arguments = arguments
        self.labels = labels
        self.hasLabels = labels.contains { $0 != nil }
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let calleeValue = try callee.evaluate(frame, context)
        guard case .function(let function) = calleeValue else {
            throw GradError.runtime(notCallableMessage(calleeValue), at: callee.range)
        }
        do {
            if !hasLabels, let closure = function as? Closure {
                return try closure.call(evaluating: arguments, in: frame, context)
            }
            return try function.call(try evaluateArguments(frame, context), context)
        } catch var error as GradError {
            if error.range == nil {
                throw error.located(at: range)
            }
            if function is Closure, error.kind != .interrupted {
                error.callChain.append(.init(function: function.name, range: range))
            }
            throw error
        }
    }

    private func evaluateArguments(_ frame: Frame, _ context: Context) throws -> Arguments {
        var result = Arguments(positional: [], range: range)
        result.positional.reserveCapacity(arguments.count)
        for (argument, label) in zip(arguments, labels) {
            let value = try argument.evaluate(frame, context)
            if let label {
                result.named.append((label, value, argument.range))
            } else {
                result.positional.append(value)
            }
        }
        return result
    }

    private func notCallableMessage(_ value: Value) -> String {
        let what = (callee as? GlobalGetNode)?.name ?? (callee as? LocalGetNode)?.name
        let subject = what.map { "'\($0)' is \(value.typeName == "none" ? "none" : "a \(value.typeName)")" }
            ?? "a \(value.typeName) is"
        let advice = value.isNumber ? "; write '*' for a product, as in 2 * (x + 1)" : ""
        return "\(subject), not a function\(advice)"
    }
}
