import Foundation

/// Derivatives as formulas, for functions whose body is one expression of their number
/// parameters and of the built-in functions of one number that have a derivative
/// everywhere. Anything else (loops, branches, vectors, kinks, other functions) has no
/// formula here: nil, and the function is shown for what it is.
enum SymbolicDerivative {
    /// The partial derivatives of the function with these parameters and body, one per
    /// parameter; nil when there is no formula.
    static func gradient(parameters: [String], body: Expr) -> [Formula]? {
        guard let f = formula(body, depth: 0) else { return nil }
        let derivatives = parameters.map { derivative(of: f, by: $0) }
        for d in derivatives {
            guard let d, d.size <= Formula.largest else { return nil }
        }
        return derivatives.map { $0! }
    }

    /// `(x, y) -> [2*x*y, x^2]`, or `x -> 2*x` for one parameter.
    static func text(parameters: [String], _ derivatives: [Formula]) -> String {
        let head = parameters.count == 1 ? parameters[0] : "(" + parameters.joined(separator: ", ") + ")"
        let body = derivatives.count == 1 ? derivatives[0].text : "[" + derivatives.map(\.text).joined(separator: ", ") + "]"
        return "\(head) -> \(body)"
    }

    /// Deeper bodies are not worth a formula (and the walk stays well within any stack).
    private static let deepest = 64

    // MARK: - From the syntax tree

    private static func formula(_ expr: Expr, depth: Int) -> Formula? {
        guard depth < deepest else { return nil }
        let next = depth + 1
        switch expr.kind {
        case .number(let x): return .number(x)
        case .name(let name): return .name(name)
        case .unary(.negate, let a): return formula(a, depth: next).map { -$0 }
        case .unary(.plus, let a): return formula(a, depth: next)
        case .binary(.power, let a, let b):
            guard let base = formula(a, depth: next), let exponent = formula(b, depth: next) else { return nil }
            return .raised(base, to: exponent)
        case .chain(let first, let links):
            guard var result = formula(first, depth: next) else { return nil }
            for link in links {
                guard let operand = formula(link.operand, depth: next) else { return nil }
                switch link.op {
                case .add: result = result + operand
                case .subtract: result = result - operand
                case .multiply: result = result * operand
                case .divide: result = result / operand
                default: return nil  // % has kinks
                }
            }
            return result
        case .call(let callee, let arguments):
            guard case .name(let name) = callee.kind, derivatives[name] != nil, arguments.count == 1,
                  arguments[0].label == nil, let a = formula(arguments[0].value, depth: next) else { return nil }
            return .call(name, a)
        case .block(let statements) where statements.count == 1:
            guard case .expression(let inner) = statements[0].kind else { return nil }
            return formula(inner, depth: next)
        default:
            return nil
        }
    }

    // MARK: - The rules

    /// f'(u) for each built-in with a derivative everywhere it is defined (no kinks).
    private static let derivatives: [String: (Formula) -> Formula] = [
        "sin": { .call("cos", $0) },
        "cos": { -.call("sin", $0) },
        "tan": { .number(1) + .raised(.call("tan", $0), to: .number(2)) },
        "exp": { .call("exp", $0) },
        "log": { .number(1) / $0 },
        "log2": { .number(1) / ($0 * .call("log", .number(2))) },
        "log10": { .number(1) / ($0 * .call("log", .number(10))) },
        "sqrt": { .number(0.5) / .call("sqrt", $0) },
        "sinh": { .call("cosh", $0) },
        "cosh": { .call("sinh", $0) },
        "tanh": { .number(1) - .raised(.call("tanh", $0), to: .number(2)) },
        "atan": { .number(1) / (.number(1) + .raised($0, to: .number(2))) },
        "asin": { .number(1) / .call("sqrt", .number(1) - .raised($0, to: .number(2))) },
        "acos": { -(.number(1) / .call("sqrt", .number(1) - .raised($0, to: .number(2)))) },
        "sigmoid": { .call("sigmoid", $0) * (.number(1) - .call("sigmoid", $0)) },
    ]

    /// d f / d `variable`; nil where a part has no formula.
    static func derivative(of f: Formula, by variable: String) -> Formula? {
        guard f.mentions(variable) else { return .number(0) }
        switch f {
        case .number: return .number(0)
        case .name(let name): return .number(name == variable ? 1 : 0)
        case .negative(let a): return derivative(of: a, by: variable).map { -$0 }
        case .sum(let terms):
            var total = Formula.number(0)
            for term in terms {
                guard let d = derivative(of: term, by: variable) else { return nil }
                total = total + d
            }
            return total
        case .product(let factors):
            // The product rule, one factor differentiated at a time.
            var total = Formula.number(0)
            for (i, factor) in factors.enumerated() where factor.mentions(variable) {
                guard let d = derivative(of: factor, by: variable) else { return nil }
                var others = factors
                others[i] = d
                total = total + .product(others).simplified
            }
            return total
        case .quotient(let a, let b):
            guard let da = derivative(of: a, by: variable), let db = derivative(of: b, by: variable) else { return nil }
            if !b.mentions(variable) { return da / b }
            return (da * b - a * db) / .raised(b, to: .number(2))
        case .power(let base, let exponent):
            guard let dBase = derivative(of: base, by: variable) else { return nil }
            if !exponent.mentions(variable) {
                // c·u^(c-1)·u', as Grad's own rule for a constant exponent.
                return exponent * .raised(base, to: exponent - .number(1)) * dBase
            }
            guard let dExponent = derivative(of: exponent, by: variable) else { return nil }
            // As Grad's rule: y·x^(y-1)·x' + x^y·log(x)·y'.
            return exponent * .raised(base, to: exponent - .number(1)) * dBase + f * .call("log", base) * dExponent
        case .call(let name, let a):
            guard let rule = derivatives[name], let da = derivative(of: a, by: variable) else { return nil }
            return rule(a) * da
        }
    }
}
