/// The syntax tree, exactly as written. Every node knows its source range.
/// Names are still strings here; the resolver turns them into slots.
struct Expr {
    indirect enum Kind {
        case number(Double)
        case bool(Bool)
        case none
        case string([InterpolatedPart])
        case name(String)
        case vector([Expr])
        case unary(UnaryOperator, Expr)
        /// `a ^ b` and the comparisons; `+ - * / %` make a `chain`.
        case binary(BinaryOperator, Expr, Expr)
        /// `a + b - c`, `a * b / c`: operators of one precedence applied left to right, as a
        /// flat list rather than a left-leaning tree of `binary` nodes. A run of operators is not
        /// nesting: a sum of 100,000 terms is then no deeper than a sum of two, for every walk
        /// over the tree (resolving, evaluating, freeing), none of which could safely recurse
        /// once per term on an ordinary thread's stack.
        case chain(Expr, [ChainLink])
        /// `a and b and c`, `a or b or c` (two operands or more): flat for the same reason.
        case logical(LogicalOperator, [Expr])
        /// `a..b`, inclusive.
        case range(Expr, Expr)
        case call(Expr, [Argument])
        case index(Expr, Expr)
        case lambda(Function)
        case block([Stmt])
        case conditional(condition: Expr, then: Expr, else: Expr?)
    }

    let kind: Kind
    let range: SourceRange
}

/// `+ b` in `a + b - c`.
struct ChainLink {
    let op: BinaryOperator
    let operand: Expr
    /// From the chain's first operand through this one (`a + b - c` for `- c`): where an
    /// error of this step points.
    let range: SourceRange
}

enum InterpolatedPart {
    case text(String)
    case value(Expr, spec: String?)
}

struct Argument {
    /// `lr` in `descend(f, p, lr: 0.1)`; nil for a positional argument.
    let label: String?
    let value: Expr
}

/// A function's parameters and body, shared by `f(x) = ...` and `x -> ...`.
struct Function {
    let name: String?
    let parameters: [Parameter]
    let body: Expr
}

struct Parameter {
    let name: String
    let range: SourceRange
}

enum UnaryOperator: String {
    case negate = "-", plus = "+", not = "not"
}

enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "^"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }
}

enum LogicalOperator: String {
    case and, or
}

struct Stmt {
    indirect enum Kind {
        case expression(Expr)
        /// `name = value`, `v[i] = value`, `m[i][j] += value`.
        case assign(target: AssignTarget, compound: BinaryOperator?, value: Expr)
        /// `name(params) = body`.
        case define(name: String, Function)
        case forLoop(variable: String, variableRange: SourceRange, sequence: Expr, body: Expr)
        case whileLoop(condition: Expr, body: Expr)
        case breakLoop
        case continueLoop
        case returnValue(Expr?)
    }

    let kind: Kind
    let range: SourceRange
}

struct AssignTarget {
    let name: String
    let nameRange: SourceRange
    /// The index expressions of `m[i][j]`, outermost first; empty for a plain name.
    let indices: [Expr]
}
