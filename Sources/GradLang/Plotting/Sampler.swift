/// The function a picture shows, called at points of 1 or 2 coordinates. It may take that
/// many numbers or one vector, as for `grad`; its values must be numbers (non-finite ones
/// come back as they are and become gaps).
struct Sampler {
    let function: Callable
    /// How messages and legends name it: `f`, `sin`, or a lambda's own text `x -> x^2`.
    let name: String
    let dimensions: Int
    private let call: PointCall
    private let convention: PointCall.Convention

    init(_ function: Callable, dimensions: Int, caller: String, context: Context, range: SourceRange) throws {
        self.function = function
        self.dimensions = dimensions
        name = Sampler.name(of: function)
        call = PointCall(caller: caller, context: context, range: range)
        if dimensions == 1, let arity = function.arity, arity > 1 {
            throw call.fail("\(name) takes \(arity) numbers, but \(caller) draws functions of one "
                                      + "variable; use contour or surface for a function of two")
        }
        convention = try call.convention(of: function, coordinates: dimensions)
    }

    static func name(of f: Callable) -> String {
        if let closure = f as? Closure, closure.name == "lambda" {
            let text = closure.code.range.text
            if !text.contains("\n"), text.count <= 32, !text.isEmpty { return text }
            return "f"
        }
        return f.name
    }

    /// The names of f's parameters when it takes `dimensions` numbers, else nil.
    var parameterNames: [String]? {
        guard let names = function.parameterNames else { return nil }
        if names.count == dimensions { return names }
        if names.count == 1, dimensions > 1 { return (0..<dimensions).map { "\(names[0])[\($0)]" } }
        return nil
    }

    func value(_ coordinates: Double...) throws -> Double { try value(at: coordinates) }

    func value(at coordinates: [Double]) throws -> Double {
        try call.context.tick()
        let result = try call.evaluate(function, at: coordinates.map(Value.number), convention)
        guard let x = result.number else { throw notANumber(result) }
        return x
    }

    /// ∇f, exactly.
    func gradient(_ coordinates: Double...) throws -> [Double] {
        try call.context.tick()
        let differentiator = Differentiator(caller: call.caller, context: call.context, range: call.range)
        return try differentiator.gradient(function, at: coordinates.map(Value.number)).map { $0.number ?? .nan }
    }

    private func notANumber(_ result: Value) -> GradError {
        let what = result.isVector ? "a vector" : result.typeName
        let shape = dimensions == 1 ? "of one variable, like x -> x^2"
            : dimensions == 2 ? "of two variables, like (x, y) -> x^2 + y^2" : "of \(dimensions) variables"
        return call.fail("\(name) must return a number, it returned \(what); "
                         + "\(call.caller) draws a function \(shape)")
    }

    func fail(_ message: String) -> GradError { call.fail(message) }
}
