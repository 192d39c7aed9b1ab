/// Reading Grad values from Swift, and writing them as literals:
///
///     let v: Value = [1, 2.5, "three", true]
///     interpreter.setValue(v, for: "v")
///     try interpreter.run("grad(f, [1, 2])").doubles   // [2, 4]
public extension Value {
    /// The number, for `.number`.
    var doubleValue: Double? { number }

    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements, for `.vector`.
    var vectorValue: [Value]? {
        if case .vector(let elements) = self { return elements }
        return nil
    }

    /// The numbers of a vector of numbers (a number gives one); nil for anything else.
    var doubles: [Double]? {
        if let x = number { return [x] }
        guard case .vector(let elements) = self else { return nil }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let x = element.number else { return nil }
            result.append(x)
        }
        return result
    }

    /// The rows of a matrix (a vector of vectors of numbers).
    var matrix: [[Double]]? {
        guard case .vector(let rows) = self else { return nil }
        var result: [[Double]] = []
        for row in rows {
            guard case .vector = row, let numbers = row.doubles else { return nil }
            result.append(numbers)
        }
        return result
    }

    /// A vector of numbers.
    init(_ numbers: [Double]) {
        self = .vector(numbers.map(Value.number))
    }

    /// Whether it is `.none`.
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Grad's name for its kind: "number", "bool", "string", "vector", "function", "none".
    var kind: String { isVector ? "vector" : typeName }
}

extension Value: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
                 ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: Value...) { self = .vector(elements) }
}
