import Foundation

/// Vectors: building them, measuring them, combining them.
enum Vectors {
    /// `low..high`, inclusive: low, low + 1, ... Its elements follow `low` when `grad`
    /// does; `high` only decides how many there are.
    static func inclusiveRange(_ low: Value, _ high: Double, _ context: Context) throws -> Value {
        let first = low.number!
        try checkCountable(first, high)
        let count = high < first ? 0 : (high - first).rounded(.down) + 1
        guard count <= Double(context.limits.maxVectorLength) else {
            throw GradError(.limit, .rangeTooLong(count: count, limit: context.limits.maxVectorLength))
        }
        return .vector(try make(Int(count), context) { AD.add(low, .number(Double($0))) })
    }

    /// `count` elements made one by one, each counted as a step, so that the step limit and
    /// Ctrl-C reach inside `zeros(n)` and the like. The caller has checked the length.
    static func make(_ count: Int, _ context: Context, _ element: (Int) -> Value) throws -> [Value] {
        var elements: [Value] = []
        elements.reserveCapacity(count)
        for i in 0..<count {
            try context.tick()
            elements.append(element(i))
        }
        return elements
    }

    /// `low..high`, as a vector or counted by a loop: finite bounds, and numbers there at
    /// most 1 apart.
    static func checkCountable(_ low: Double, _ high: Double) throws {
        guard low.isFinite, high.isFinite else { throw GradError.runtime(.rangeNotFinite) }
        if low <= high { try checkCounting(from: low, to: high, step: 1, builtin: nil) }
    }

    /// Refuses `first, first + step, ...` up to `last` (a range that is not empty) when it
    /// cannot get there: the numbers there are more than `step` apart (from 2^53 on, whole
    /// numbers are 2 apart), so adding `step` skips values or gives the same number back,
    /// and a loop counting on would never end. `builtin` counts, or nil for `a..b`.
    static func checkCounting(from first: Double, to last: Double, step: Double, builtin: String?) throws {
        guard Swift.max(Swift.abs(first), Swift.abs(last)).ulp > Swift.abs(step) else { return }
        throw GradError.runtime(.countingGap(builtin: builtin, first: first, last: last, step: step))
    }

    static func sum(_ elements: [Value], _ context: Context) throws -> Value {
        guard var total = elements.first else { return .number(0) }
        for element in elements.dropFirst() {
            try context.tick()
            total = try Arithmetic.apply(.add, total, element, context)
        }
        return total
    }

    /// Adds `x` at the end of `elements`, within the limits: `append(v, x)`, and the same in
    /// place for `v = append(v, x)`.
    static func append(_ x: Value, to elements: inout [Value], _ context: Context) throws {
        try ValueLimits.checkLength(elements.count + 1, context, caller: "append")
        try ValueLimits.checkNesting(x, inside: 1, context)
        elements.append(x)
    }
}

enum VectorLibrary {
    static let builtins: [Builtin] = [len, sum, dot, norm, range, linspace, zeros, ones, append]

    static let len = Builtin("len", arguments: 1...1, signature: "len(v)",
                             summary: "The number of elements of a vector, or of characters of a string (1 for a number).",
                             example: "len([4, 5, 6])", differentiation: .constant("0")) { call in
        switch call[0] {
        case .vector(let elements): return .number(Double(elements.count))
        case .string(let s): return .number(Double(s.count))
        case .number, .tracked: return .number(1)  // a number is also a vector of one element
        default: throw call.fail("expected a vector or a string, got \(call[0].typeName)")
        }
    }

    static let sum = Builtin("sum", arguments: 1...1, signature: "sum(v)",
                             summary: "The sum of a vector's elements (of a matrix's rows: a vector).",
                             example: "sum([1, 2, 3])", differentiation: .through("")) { call in
        if call[0].isNumber { return call[0] }
        return try Vectors.sum(try call.vector(0), call.context)
    }

    static let dot = Builtin("dot", arguments: 2...2, signature: "dot(u, v)",
                             summary: "The dot product: the sum of u[i] * v[i].",
                             example: "dot([1, 2, 3], [4, 5, 6])", differentiation: .through("")) { call in
        let u = try call.elements(0, "u"), v = try call.elements(1, "v")
        guard u.count == v.count else { throw call.fail("u has \(u.count) elements but v has \(v.count)") }
        var total = Value.number(0)
        for (a, b) in zip(u, v) {
            try call.context.tick()
            guard a.isNumber, b.isNumber else { throw call.fail("u and v must be vectors of numbers") }
            total = AD.add(total, AD.multiply(a, b))
        }
        return total
    }

    static let norm = Builtin("norm", arguments: 1...2, signature: "norm(v), norm(v, 1), norm(v, inf)",
                              summary: "The length of v: Euclidean by default, or the 1-norm (sum of |v[i]|), "
                                  + "the p-norm for any p of at least 1, or the inf-norm (largest |v[i]|). "
                                  + "At the zero vector its gradient is 0.",
                              example: "norm([3, 4])",
                              differentiation: .through("in v and in the order p; at the zero vector: 0")) { call in
        let elements = try call.elements(0, "v")
        guard elements.allSatisfy(\.isNumber) else { throw call.fail("v must be a vector of numbers") }
        let p = call.count == 2 ? try call.numeric(1, "the order") : .number(2)
        guard p.number! >= 1 else { throw call.fail("the order must be at least 1, got \(p)") }
        if elements.allSatisfy({ $0.number == 0 }), let t = Kinks.followed(elements) {
            try MathRules.noteKink("norm is not differentiable at the zero vector", t, used: "0", call.context,
                                   call: call.range)
        }
        return try Norm(elements.map(AD.live), call.context).of(order: p)
    }

    static let range = Builtin("range", arguments: 1...3, signature: "range(n), range(a, b), range(a, b, step)",
                               summary: "The vector 0, 1, ..., n-1 (or a, a+step, ... up to but not including b). "
                                   + "A for loop over range(n) counts without building it.",
                               example: "range(4)",
                               differentiation: .through("in the start and step (the end only decides the count)")) { call in
        // The end only decides how many elements there are: their values do not depend on it.
        let stop = try call.number(call.count == 1 ? 0 : 1, call.count == 1 ? "n" : "b", onlyCompared: true)
        let start = call.count == 1 ? .number(0) : try call.numeric(0, "a")
        let step = call.count == 3 ? try call.numeric(2, "the step") : .number(1)
        let (first, increment) = (start.number!, step.number!)
        guard increment != 0, increment.isFinite, first.isFinite, stop.isFinite else {
            throw call.fail("needs finite bounds and a step other than 0")
        }
        let count = Swift.max(0, ((stop - first) / increment).rounded(.up))
        if count > 0 {
            try Vectors.checkCounting(from: first, to: first + (count - 1) * increment, step: increment, builtin: call.name)
        }
        try call.checkLength(count > 1e15 ? Int.max : Int(count))
        return .vector(try Vectors.make(Int(count), call.context) { AD.add(start, AD.multiply(.number(Double($0)), step)) })
    }

    static let linspace = Builtin("linspace", arguments: 3...3, signature: "linspace(a, b, n)",
                                  summary: "n evenly spaced numbers from a to b, both included.",
                                  example: "linspace(0, 1, 5)",
                                  differentiation: .through("in a and b; refuses n")) { call in
        let a = try call.numeric(0, "a"), b = try call.numeric(1, "b")
        let n = try call.count(2, "n")
        try call.checkLength(n)
        if n == 1 { return .vector([a]) }
        let step = AD.divide(AD.subtract(b, a), .number(Double(n - 1)))
        return .vector(try Vectors.make(n, call.context) { $0 == n - 1 ? b : AD.add(a, AD.multiply(.number(Double($0)), step)) })
    }

    static let zeros = filled("zeros", 0)
    static let ones = filled("ones", 1)

    private static func filled(_ name: String, _ x: Double) -> Builtin {
        Builtin(name, arguments: 1...2, signature: "\(name)(n), \(name)(rows, columns)",
                summary: "A vector of n \(name) (or a matrix).", example: "\(name)(3)",
                differentiation: .constant("0")) { call in
            let n = try call.count(0, "n")
            guard call.count == 2 else {
                try call.checkLength(n)
                return .vector(try Vectors.make(n, call.context) { _ in .number(x) })
            }
            let columns = try call.count(1, "columns")
            try call.checkLength(n, columns: columns)
            // The rows share one vector until one of them is changed.
            let row = Value.vector(try Vectors.make(columns, call.context) { _ in .number(x) })
            return .vector(try Vectors.make(n, call.context) { _ in row })
        }
    }

    static let append = Builtin("append", arguments: 2...2, signature: "append(v, x)",
                                summary: "A copy of v with x added at the end; v itself is unchanged.",
                                example: "append([1, 2], 3)", differentiation: .through("")) { call in
        var elements = try call.vector(0, "v")
        try Vectors.append(call[1], to: &elements, call.context)
        return .vector(elements)
    }
}
