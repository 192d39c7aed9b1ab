/// `[a, b, c]`
final class VectorNode: Node {
    let elements: [Node]
    let range: SourceRange

    init(_ elements: [Node], range: SourceRange) {
        self.elements = elements
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(elements.count)
        var nests = false
        for element in elements {
            let value = try element.evaluate(frame, context)
            if case .vector = value { nests = true }
            values.append(value)
        }
        if nests { try ValueLimits.checkNesting(values, context, at: range) }
        return .vector(values)
    }
}

/// `a..b` used as a value: the vector `[a, a+1, ..., b]`.
final class RangeNode: Node {
    let lower: Node
    let upper: Node
    let range: SourceRange

    init(lower: Node, upper: Node, range: SourceRange) {
        self.lower = lower
        self.upper = upper
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let low = try lower.evaluateNumeric(frame, context, for: "the start of a range")
        let high = try upper.evaluateNumber(frame, context, for: "the end of a range")
        return try GradError.locating(at: range) { try Vectors.inclusiveRange(low, high, context) }
    }
}

/// `v[i]`, `m[i][j]`, `s[i]`.
final class IndexNode: Node {
    let base: Node
    let index: Node
    let range: SourceRange

    init(base: Node, index: Node, range: SourceRange) {
        self.base = base
        self.index = index
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let container = try base.evaluate(frame, context)
        let i = try index.evaluate(frame, context)
        switch container {
        case .vector(let elements):
            return elements[try Indexing.position(i, count: elements.count, at: index.range)]
        case .string(let text):
            let characters = Array(text)
            return .string(String(characters[try Indexing.position(i, count: characters.count, at: index.range)]))
        case .number, .tracked:
            // A number is also a vector of one element (grammar.md §4), so that a function of
            // one weight may write w[0] whether it is given 3 or [3].
            _ = try Indexing.position(i, count: 1, at: index.range)
            return container
        default:
            throw GradError.runtime(.notIndexable(type: container.typeName), at: base.range)
        }
    }
}

/// `v[i] = x`, `m[i][j] = x`, and the compound forms: changes the vector in place.
final class IndexAssignNode: Node {
    let variable: Variable
    let nameRange: SourceRange
    let indices: [Node]
    let compound: BinaryOperator?
    let value: Node
    let range: SourceRange

    init(variable: Variable, nameRange: SourceRange, indices: [Node], compound: BinaryOperator?, value: Node,
         range: SourceRange) {
        self.variable = variable
        self.nameRange = nameRange
        self.indices = indices
        self.compound = compound
        self.value = value
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let positions = try indices.map { try $0.evaluate(frame, context) }
        let newValue = try value.evaluate(frame, context)
        try ValueLimits.checkNesting(newValue, inside: indices.count, context, at: range)
        try variable.modify(frame, at: nameRange) { stored in
            try store(newValue, into: &stored, at: positions[...], depth: 0, context)
        }
        return .none
    }

    private func store(_ newValue: Value, into target: inout Value, at positions: ArraySlice<Value>, depth: Int,
                       _ context: Context) throws {
        guard case .vector(var elements) = target else {
            throw GradError.runtime(.elementOfNonVector(name: variable.name, depth: depth, type: target.typeName),
                                    at: indices[depth].range)
        }
        let i = try Indexing.position(positions.first!, count: elements.count, at: indices[depth].range)
        // Drop the enum's reference so `elements` is the array's only owner: no copy.
        target = .none
        defer { target = .vector(elements) }
        if positions.count == 1 {
            if let op = compound {
                let old = elements[i]
                elements[i] = try GradError.locating(at: range) { try Arithmetic.apply(op, old, newValue, context) }
            } else {
                elements[i] = newValue
            }
        } else {
            try store(newValue, into: &elements[i], at: positions.dropFirst(), depth: depth + 1, context)
        }
    }
}

/// Vector and string positions: 0-based, negative counts from the end.
enum Indexing {
    static func position(_ index: Value, count: Int, at range: SourceRange) throws -> Int {
        guard let x = index.number else {
            throw GradError.runtime(.indexNotANumber(type: index.typeName), at: range)
        }
        guard x == x.rounded(), abs(x) <= Double(Int32.max) else {
            throw GradError.runtime(.indexNotWhole(x), at: range)
        }
        let i = Int(x)
        let position = i < 0 ? count + i : i
        guard position >= 0, position < count else {
            throw GradError.runtime(.indexOutOfRange(index: i, length: count), at: range)
        }
        return position
    }
}

/// `"text {expr} more {x:.4f}"`
final class StringNode: Node {
    enum Part {
        case text(String)
        case value(Node, spec: String?)
    }

    let parts: [Part]
    let range: SourceRange

    init(_ parts: [Part], range: SourceRange) {
        self.parts = parts
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        var result = TextBuilder(context)
        do {
            for part in parts {
                switch part {
                case .text(let text):
                    try result.append(text)
                case .value(let node, let spec):
                    let value = try node.evaluate(frame, context)
                    try Formatting.append(value, spec: spec, to: &result, at: node.range)
                }
            }
        } catch let error as GradError {
            throw error.located(at: range)
        }
        return .string(result.text)
    }
}

/// Interpolation, `str` and `print`: a value as text, as `print` shows it or formatted by a
/// Python-style spec. The size is checked before anything is built, and the text is held
/// to the string limit as it grows.
enum Formatting {
    /// `summarised` (print), a long vector shows only its ends (see `Summary`); `str` and
    /// interpolation give the whole text.
    static func format(_ value: Value, spec: String?, summarised: Bool = false, at range: SourceRange,
                       _ context: Context) throws -> String {
        if case .string(let s) = value, spec?.isEmpty ?? true { return s }
        var text = TextBuilder(context)
        try append(value, spec: spec, summarised: summarised, to: &text, at: range)
        return text.text
    }

    static func append(_ value: Value, spec: String?, summarised: Bool = false, to text: inout TextBuilder,
                       at range: SourceRange) throws {
        do {
            guard let spec, !spec.isEmpty else {
                if summarised, Summary.isLong(value) {
                    try Summary.checkSize(value, text.context)
                    return try Display.walk(value, summarised: true, element: Display.element) { try text.append($0) }
                }
                try ValueLimits.checkDisplaySize(value, text.context)
                if case .string(let s) = value { return try text.append(s) }  // unquoted at top level
                return try Display.walk(value, element: Display.element) { try text.append($0) }
            }
            try ValueLimits.checkDisplaySize(value, elementWidth: NumberFormatting.minimumLength(spec), text.context)
            try Display.walk(value, element: { try formatted($0, spec: spec) }) { try text.append($0) }
        } catch let error as FormatSpecError {
            throw GradError.runtime(error.diagnostic, at: range)
        } catch let error as GradError {
            throw error.located(at: range)
        }
    }

    /// One element that is not a vector: a number by the spec, anything else as text.
    private static func formatted(_ value: Value, spec: String) throws -> String {
        if let x = value.number { return try NumberFormatting.format(x, spec: spec) }
        return try NumberFormatting.format(text: Display.text(of: value), spec: spec)
    }
}
