/// The calculus built-ins: grad, partial, hessian, jacobian (and descend, in its own file).
enum CalculusLibrary {
    static let builtins: [Builtin] = [grad, partial, hessian, jacobian, Descend.builtin, GradCheck.builtin]

    /// How `grad` and `partial` differentiate: exactly, or by the lesson's central difference.
    enum Method: Equatable {
        case exact
        case numeric(h: Double)

        init(_ call: BuiltinCall) throws {
            let h = try call.numberOption("h", default: 1e-7)
            switch try call.stringOption("method", default: "exact") {
            case "exact", "ad": self = .exact
            case "numeric": self = .numeric(h: h)
            case let other:
                throw call.fail("method: must be \"exact\" or \"numeric\", got \"\(other ?? "")\"",
                                at: call.option("method")?.range ?? call.range)
            }
            guard h > 0, h.isFinite else {
                throw call.fail("h: must be a small positive number, like 1e-7", at: call.option("h")?.range ?? call.range)
            }
        }
    }

    static func gradient(_ f: Callable, at point: [Value], method: Method,
                         _ differentiator: Differentiator) throws -> [Value] {
        switch method {
        case .exact: return try differentiator.gradient(f, at: point)
        case .numeric(let h): return try differentiator.numericGradient(f, at: point, h: h)
        }
    }

    /// The point argument: a vector of numbers, or one number for a function of one number
    /// (then the answer is a number too).
    static func point(_ value: Value, _ differentiator: Differentiator) throws -> (coordinates: [Value], isNumber: Bool) {
        if value.isNumber { return ([value], true) }
        return (try differentiator.coordinates(value), false)
    }

    /// Inside another `grad`, these differentiate again: the outer one records the inner one's work.
    private static let nested = "nested in another grad: exact higher derivatives"

    static let grad = Builtin("grad", arguments: 1...2, takesFunction: true, options: ["method", "h"],
                              signature: "grad(f, p), grad(f), grad(f, p, method: \"numeric\", h: 1e-7)",
                              summary: "The gradient of f at the point p: the vector of its partial derivatives, "
                                  + "exact (automatic differentiation). f may take n numbers or one vector. "
                                  + "grad(f) is the function p -> grad(f, p). method: \"numeric\" uses the "
                                  + "central difference (f(x+h) - f(x-h)) / 2h instead.",
                              example: "f(x, y) = x^2 * y + x * y^2\ngrad(f, [2, 3])",
                              differentiation: .through(nested + " (of the central difference too); refuses h:")) { call in
        let f = try call.function(0, "f")
        let method = try Method(call)
        if call.count == 1 {
            let g = GradientFunction(of: f, method: method, serial: call.context.cycles.serial())
            guard g.depth <= call.context.limits.maxValueNesting else {
                throw call.failOverLimit("grad(grad(...)) nested more than \(call.context.limits.maxValueNesting) "
                                         + "deep exceeds the limit of nesting")
            }
            return .function(g)
        }
        let differentiator = Differentiator(caller: "grad", context: call.context, range: call.range)
        let (point, isNumber) = try point(call[1], differentiator)
        let g = try gradient(f, at: point, method: method, differentiator)
        return isNumber ? g[0] : .vector(g)
    }

    static let partial = Builtin("partial", arguments: 2...3, takesFunction: true, parameterNameArgument: 2,
                                 options: ["method", "h"],
                                 signature: "partial(f, p, i), partial(f, p, \"y\"), partial(f, \"y\")",
                                 summary: "The partial derivative of f with respect to coordinate i (0-based) "
                                     + "or the parameter named i, at the point p: how f changes when only that "
                                     + "coordinate moves. partial(f, \"y\") (no point) is the function "
                                     + "p -> partial(f, p, \"y\"), shown as a formula when f is one expression.",
                                 example: "f(x, y) = x^2 * y\npartial(f, [3, 2], \"x\")\npartial(f, \"x\")",
                                 differentiation: .through(nested + "; refuses i and h:")) { call in
        let f = try call.function(0, "f")
        let method = try Method(call)
        guard call.count == 3 else {
            // partial(f, i): the function p -> partial(f, p, i).
            guard !call[1].isVector else { throw call.fail("give the coordinate too, as in partial(f, p, \"x\") or partial(f, p, 0)") }
            // Without a point, the coordinates are f's parameters: for a function of one
            // vector, the index could not be checked until the call.
            guard let count = f.arity, count > 0, count > 1 || call[1].number == 0 || call[1].isString else {
                throw call.fail("without a point, partial(f, i) is for functions of numbers, like (x, y) -> x * y; "
                                + "for \(f.name) give the point too: partial(f, p, i)")
            }
            let i = try coordinateIndex(call[1], argument: 1, of: f, count: count, call)
            return .function(GradientFunction(of: f, coordinate: i, method: method, serial: call.context.cycles.serial()))
        }
        let differentiator = Differentiator(caller: "partial", context: call.context, range: call.range)
        let (point, _) = try point(call[1], differentiator)
        let i = try coordinateIndex(call[2], argument: 2, of: f, count: point.count, call)
        return try gradient(f, at: point, method: method, differentiator)[i]
    }

    /// partial's third argument: an index, or a parameter's name.
    /// partial's coordinate, argument number `argument`: an index, or a parameter's name.
    private static func coordinateIndex(_ which: Value, argument: Int, of f: Callable, count: Int,
                                        _ call: BuiltinCall) throws -> Int {
        if case .string(let name) = which {
            guard let names = f.parameterNames, names.count == count else {
                throw call.fail("\(f.name) has no parameter names to choose from; give the coordinate's index, like 0")
            }
            guard let index = names.firstIndex(of: name) else {
                throw call.fail("\(f.name) has no parameter named '\(name)'; its parameters are "
                                + names.joined(separator: ", "))
            }
            return index
        }
        guard which.isNumber else {
            throw call.fail("the coordinate must be a whole-number index or a parameter name, got a \(which.typeName)")
        }
        let x = try call.number(argument, "i")
        guard x == x.rounded() else {
            throw call.fail("the coordinate must be a whole-number index or a parameter name, got \(NumberFormatting.display(x))")
        }
        guard x >= Double(-count), x < Double(count) else {
            throw call.fail("index \(NumberFormatting.display(x)) is out of range for a point of "
                            + "\(English.count(count, "coordinate")) (valid: 0 to \(count - 1))")
        }
        return x < 0 ? count + Int(x) : Int(x)
    }

    static let hessian = Builtin("hessian", arguments: 2...2, takesFunction: true,
                                 signature: "hessian(f, p)",
                                 summary: "The matrix of second partial derivatives of f at p, exact: row i is "
                                     + "the gradient of the i-th partial derivative.",
                                 example: "hessian((x, y) -> x^3 * y + y^2, [1, 2])",
                                 differentiation: .through(nested)) { call in
        let f = try call.function(0, "f")
        let differentiator = Differentiator(caller: "hessian", context: call.context, range: call.range)
        let (point, isNumber) = try point(call[1], differentiator)
        let rows = try differentiator.hessian(f, at: point)
        return isNumber ? rows[0][0] : .vector(rows.map { .vector($0) })
    }

    static let jacobian = Builtin("jacobian", arguments: 2...2, takesFunction: true,
                                  signature: "jacobian(f, p)",
                                  summary: "For f returning a vector, the matrix whose row i is the gradient of "
                                      + "f's i-th component at p.",
                                  example: "jacobian((x, y) -> [x * y, x + y], [2, 3])",
                                  differentiation: .through(nested)) { call in
        let f = try call.function(0, "f")
        let differentiator = Differentiator(caller: "jacobian", context: call.context, range: call.range)
        let (point, _) = try point(call[1], differentiator)
        return .vector(try differentiator.jacobian(f, at: point).map { .vector($0) })
    }
}
