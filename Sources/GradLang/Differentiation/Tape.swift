/// A number that a gradient computation is following: a place on the tape of the `grad`
/// call watching it. It is two words, stored inline in `Value`, so recording an operation
/// allocates nothing but tape space.
public struct TrackedNumber: @unchecked Sendable {
    let tape: Tape
    let index: Int32

    /// Whether the `grad` that recorded it is still running.
    var isLive: Bool { tape.isActive }

    /// Its value as the enclosing computation sees it: a plain number outside any other
    /// `grad`, or a number tracked by the outer tape inside a nested one. That is what
    /// makes `grad(x -> x * grad(y -> x + y, [1])[0], [1])` exact: every derivative the
    /// inner tape computes is again an expression the outer tape records.
    var primal: Value { tape.primals[Int(index)] }

    /// The plain value, for comparisons, indexing and display.
    var value: Double { tape.values[Int(index)] }
}

/// Reverse-mode automatic differentiation: every operation on a tracked number appends a
/// node with its (at most two) parents and the local partial derivatives. One backward
/// sweep then gives the derivative of the output with respect to every input, for the
/// cost of a few evaluations, however many inputs there are.
final class Tape {
    /// Orders tapes: when numbers of two tapes meet, the tape of the `grad` nested deeper
    /// (started later) is the innermost one, and the other number is a constant to it.
    private(set) var order = 0
    private(set) var isActive = false
    @exclusivity(unchecked) fileprivate(set) var primals: [Value] = []
    @exclusivity(unchecked) fileprivate(set) var values: [Double] = []
    @exclusivity(unchecked) private var parentA: [Int32] = []
    @exclusivity(unchecked) private var parentB: [Int32] = []
    @exclusivity(unchecked) private var weightA: [Value] = []
    @exclusivity(unchecked) private var weightB: [Value] = []

    var count: Int { primals.count }

    /// Starts a recording; `order` must exceed that of every tape still recording.
    func open(order: Int) {
        self.order = order
        isActive = true
        primals.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        parentA.removeAll(keepingCapacity: true)
        parentB.removeAll(keepingCapacity: true)
        weightA.removeAll(keepingCapacity: true)
        weightB.removeAll(keepingCapacity: true)
    }

    /// Ends the recording: numbers left over from it become plain numbers again (their
    /// `values` stay readable; `Context` reuses a tape only when none are left over).
    func close() {
        isActive = false
        // Drop references to outer tapes' numbers; nothing needs them any more.
        primals.removeAll(keepingCapacity: true)
        weightA.removeAll(keepingCapacity: true)
        weightB.removeAll(keepingCapacity: true)
    }

    /// A new input of the computation.
    func variable(_ primal: Value) -> Value {
        append(primal, -1, .number(0), -1, .number(0))
    }

    func record(_ primal: Value, _ a: Int32, _ weight: Value) -> Value {
        append(primal, a, weight, -1, .number(0))
    }

    func record(_ primal: Value, _ a: Int32, _ wa: Value, _ b: Int32, _ wb: Value) -> Value {
        append(primal, a, wa, b, wb)
    }

    private func append(_ primal: Value, _ a: Int32, _ wa: Value, _ b: Int32, _ wb: Value) -> Value {
        let index = Int32(truncatingIfNeeded: primals.count)
        primals.append(primal)
        values.append(primal.number!)
        parentA.append(a)
        weightA.append(wa)
        parentB.append(b)
        weightB.append(wb)
        return .tracked(TrackedNumber(tape: self, index: index))
    }

    /// d output / d node for every node at or before `output`, by one backward sweep.
    /// Adjoints are `Value`s so that an outer tape records this sweep too (nesting).
    func adjoints(of output: Int32, context: Context) throws -> [Value] {
        var adjoint = [Value](repeating: .number(0), count: count)
        adjoint[Int(output)] = .number(1)
        var i = Int(output)
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
