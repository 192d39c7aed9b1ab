/// A node of the executable tree the resolver builds from the syntax tree: names are
/// already slots, so evaluating never looks a name up in a dictionary.
protocol Node: AnyObject {
    var range: SourceRange { get }
    func evaluate(_ frame: Frame, _ context: Context) throws -> Value
    /// The value as the condition of `construct` (`if`, `while`, ...). A requirement, so
    /// that a comparison can answer without making a Bool value. (`construct` is only for
    /// the message: an autoclosure, it costs nothing until then.)
    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool
}

extension Node {
    /// Evaluates to a number, or explains what was found instead.
    func evaluateNumber(_ frame: Frame, _ context: Context, for purpose: String) throws -> Double {
        let value = try evaluate(frame, context)
        guard let x = value.number else {
            throw GradError.runtime("\(purpose) must be a number, got \(value.typeName)", at: range)
        }
        return x
    }

    func evaluateCondition(_ frame: Frame, _ context: Context, of construct: @autoclosure () -> String) throws -> Bool {
        let value = try evaluate(frame, context)
        guard case .bool(let b) = value else {
            throw GradError.runtime("the condition of '\(construct())' must be true or false, got \(value.typeName)"
                                    + (value.isNumber ? "; compare it, as in 'x != 0'" : ""), at: range)
        }
        return b
    }
}

final class ConstantNode: Node {
    let value: Value
    let range: SourceRange

    init(_ value: Value, range: SourceRange) {
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value { value }
}
