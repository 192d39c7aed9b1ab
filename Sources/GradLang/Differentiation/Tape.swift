/// A number that a gradient computation is following: its value, and its place on the tape
/// of the innermost `grad` that is watching it.
///
/// `primal` is the number's value as the enclosing computation sees it. Outside any other
/// `grad` it is a plain `.number`; inside a nested `grad` it is itself tracked by the outer
/// tape. That is what makes `grad(x -> x * grad(y -> x + y, [1])[0], [1])` exact: every
/// derivative the inner tape computes is again an expression the outer tape records.
public final class TrackedNumber: @unchecked Sendable {
    let tape: Tape
    let index: Int
    let primal: Value
    /// The plain value, for comparisons, indexing and display.
    let value: Double

    init(tape: Tape, index: Int, primal: Value) {
        self.tape = tape
        self.index = index
        self.primal = primal
        self.value = primal.number!
    }
}

/// Reverse-mode automatic differentiation: every operation on a tracked number appends a
/// node with its (at most two) parents and the local partial derivatives. One backward
/// sweep then gives the derivative of the output with respect to every input, for the
/// cost of a few evaluations, however many inputs there are.
final class Tape {
    /// Higher ids belong to `grad` calls nested deeper: when numbers of two tapes meet,
    /// the higher id is the innermost tape, the other number a constant to it.
    let id: Int
    /// False once its `grad` has returned: numbers left over from it are plain numbers again.
    private(set) var isActive = true
    private var parentA: [Int32] = []
    private var parentB: [Int32] = []
    private var weightA: [Value] = []
    private var weightB: [Value] = []

    init(id: Int) {
        self.id = id
    }

    var count: Int { parentA.count }

    func close() { isActive = false }

    /// A new input of the computation.
    func variable(_ primal: Value) -> TrackedNumber {
        append(-1, .number(0), -1, .number(0))
        return TrackedNumber(tape: self, index: count - 1, primal: primal)
    }

    func record(_ primal: Value, _ a: Int, _ weight: Value) -> Value {
        append(Int32(a), weight, -1, .number(0))
        return .tracked(TrackedNumber(tape: self, index: count - 1, primal: primal))
    }

    func record(_ primal: Value, _ a: Int, _ wa: Value, _ b: Int, _ wb: Value) -> Value {
        append(Int32(a), wa, Int32(b), wb)
        return .tracked(TrackedNumber(tape: self, index: count - 1, primal: primal))
    }

    private func append(_ a: Int32, _ wa: Value, _ b: Int32, _ wb: Value) {
        parentA.append(a)
        weightA.append(wa)
        parentB.append(b)
        weightB.append(wb)
    }

    /// d output / d node for every node at or before `output`, by one backward sweep.
    /// Adjoints are `Value`s so that an outer tape records this sweep too (nesting).
    func adjoints(of output: Int, context: Context) throws -> [Value] {
        var adjoint = [Value](repeating: .number(0), count: count)
        adjoint[output] = .number(1)
        var i = output
        while i >= 0 {
            defer { i -= 1 }
            let g = adjoint[i]
            // Exact zeros carry nothing; skipping them also keeps 0 * inf from making NaN.
            if case .number(0) = g { continue }
            let a = Int(parentA[i])
            if a >= 0 { adjoint[a] = AD.add(adjoint[a], AD.multiply(g, weightA[i])) }
            let b = Int(parentB[i])
            if b >= 0 { adjoint[b] = AD.add(adjoint[b], AD.multiply(g, weightB[i])) }
            if i & 4095 == 0 { try context.tick() }
        }
        return adjoint
    }
}
