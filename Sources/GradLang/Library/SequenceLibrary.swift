/// Built-ins that walk or rearrange a vector's elements. The elements themselves move, so a
/// number `grad` is following keeps its derivative wherever it lands.
enum SequenceLibrary {
    static let builtins: [Builtin] = [map, sort, reverse, argmin, argmax]

    static let map = Builtin("map", arguments: 2...2, takesFunction: true, signature: "map(f, v)",
                             summary: "The vector [f(v[0]), f(v[1]), ...].",
                             example: "map(x -> x^2, [1, 2, 3])", differentiation: .through("")) { call in
        let f = try call.function(0, "f")
        let elements = try call.vector(1, "v")
        return .vector(try elements.map { element in
            let result = try call.context.call(f, [element], at: call.range)
            try ValueLimits.checkNesting(result, inside: 1, call.context)
            return result
        })
    }

    static let sort = Builtin("sort", arguments: 1...1, signature: "sort(v)",
                              summary: "The numbers of v from smallest to largest (equal ones keep their order, "
                                  + "NaN goes last); v itself is unchanged.",
                              example: "sort([3, 1, 2])",
                              differentiation: .rule("a permutation: each element keeps its derivative")) { call in
        let elements = try numbers(call)
        try call.context.tick(elements.count)
        return .vector(orderedPositions(elements).map { elements[$0] })
    }

    static let reverse = Builtin("reverse", arguments: 1...1, signature: "reverse(v)",
                                 summary: "The elements of v, last first; v itself is unchanged.",
                                 example: "reverse([1, 2, 3])", differentiation: .through("")) { call in
        let elements = try call.vector(0, "v")
        try call.context.tick(elements.count)
        return .vector(elements.reversed())
    }

    static let argmin = extremePosition("argmin", smallest: true)
    static let argmax = extremePosition("argmax", smallest: false)

    /// The index of the smallest or largest element: a whole number, so its derivative is
    /// 0 and the elements are only compared.
    private static func extremePosition(_ name: String, smallest: Bool) -> Builtin {
        Builtin(name, arguments: 1...1, signature: "\(name)(v)",
                summary: "The index of the \(smallest ? "smallest" : "largest") element of v "
                    + "(the first, on a tie; the first NaN, if there is one).",
                example: "\(name)([3, 1, 4, 1])", differentiation: .constant("0 (a whole-number index)")) { call in
            let elements = try numbers(call)
            guard !elements.isEmpty else { throw call.fail("v has no elements") }
            var best = 0
            for (i, element) in elements.enumerated() {
                try call.context.tick()
                let x = element.number!
                if x.isNaN { return .number(Double(i)) }
                if smallest ? x < elements[best].number! : x > elements[best].number! { best = i }
            }
            return .number(Double(best))
        }
    }

    /// The elements of a vector of numbers, the first argument.
    private static func numbers(_ call: BuiltinCall) throws -> [Value] {
        let elements = try call.vector(0, "v")
        for element in elements where !element.isNumber {
            throw call.fail("v must be a vector of numbers; it contains a \(element.typeName)")
        }
        return elements
    }

    /// The positions of `elements` in ascending order: equal numbers by position, NaN last.
    /// The position breaks every tie, so the order is total and does not depend on how the
    /// sort works.
    private static func orderedPositions(_ elements: [Value]) -> [Int] {
        let keys = elements.map { $0.number! }
        return keys.indices.sorted { i, j in
            let (a, b) = (keys[i], keys[j])
            if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? i < j : b.isNaN }
            return a < b || (a == b && i < j)
        }
    }
}
