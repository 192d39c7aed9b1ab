/// A built-in's row of the differentiation table: how `grad` sees through it. Every
/// built-in has one (`Builtin` cannot be made without it), grammar.md §8 shows them all,
/// and a test keeps the two the same.
///
/// The table's seam is `BuiltinCall.number`: the one way a built-in reads a plain Double
/// from an argument `grad` may be following. It lets a tracked number through only where
/// the row says its derivative is 0 or no number comes out, and refuses it elsewhere, so a
/// derivative is never dropped without a word.
struct Differentiation: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// Exact by a derivative rule of its own (`MathRules`, atan2, min/max).
        case rule
        /// Exact because it computes with Grad's differentiable arithmetic (sum, linspace,
        /// descend, grad itself when nested).
        case through
        /// Piecewise constant: its derivative is 0 (floor, round, len).
        case constant
        /// It gives no number (print, str, the plots): there is nothing to differentiate.
        case noNumber = "no number"
    }

    let kind: Kind
    /// For users: what it gives at its kinks, and the arguments it will not differentiate in.
    let note: String

    static func rule(_ note: String) -> Differentiation { Differentiation(kind: .rule, note: note) }
    static func through(_ note: String) -> Differentiation { Differentiation(kind: .through, note: note) }
    static func constant(_ note: String) -> Differentiation { Differentiation(kind: .constant, note: note) }
    static let noNumber = Differentiation(kind: .noNumber, note: "")

    /// Whether a plain value may stand in for a tracked argument: the derivative it drops is 0
    /// (a constant function) or there is none (no number comes out).
    var mayReadPlainNumbers: Bool { kind == .constant || kind == .noNumber }

    /// The error for a tracked number where a built-in needs a plain one (a count, a size, a
    /// step h): its derivative there has no meaning, and dropping it would be silently wrong.
    static func refusal(_ builtin: String, _ argument: String) -> GradError {
        GradError.runtime(.notDifferentiable(builtin: builtin, argument: argument))
    }
}
