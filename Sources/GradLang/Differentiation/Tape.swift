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
    var primal: Value { tape.primal(index) }

    /// The plain value, for comparisons, indexing and display.
    var value: Double { tape.value(index) }
}

/// Reverse-mode automatic differentiation: every operation on a tracked number appends a
/// node with its (at most two) parents and the local partial derivatives. One backward
/// sweep then gives the derivative of the output with respect to every input, for the
/// cost of a few evaluations, however many inputs there are.
///
/// The outermost `grad` only ever sees plain numbers, so its tape stores doubles; a tape
/// opened inside another `grad` stores `Value`s, whose arithmetic the outer tape records.
final class Tape {
    /// One recorded operation: its parents (-1 for none), the partial derivatives with
    /// respect to them, and its plain value.
    private struct Entry {
        var a: Int32
        var b: Int32
        var wa: Double
        var wb: Double
        var value: Double
    }

    /// Orders tapes: when numbers of two tapes meet, the tape of the `grad` nested deeper
    /// (started later) is the innermost one, and the other number is a constant to it.
    private(set) var order = 0
    private(set) var isActive = false
    /// Whether this tape stores `Value`s (it was opened inside another `grad`).
    private(set) var isNested = false
    @exclusivity(unchecked) private var entries: [Entry] = []
    // Used only when nested: the primals and partials as values of the outer tapes.
    @exclusivity(unchecked) private var primals: [Value] = []
    @exclusivity(unchecked) private var weightsA: [Value] = []
    @exclusivity(unchecked) private var weightsB: [Value] = []

    var count: Int { entries.count }

    /// Entries this recording may hold within the run's memory budget (`open` sets it).
    private var entryLimit = 0
    /// The run's whole budget, for the message.
    private var runBudget = 0
    /// Set once the recording passed `entryLimit`; the run then stops at its next check
    /// (`Context.checkBudget`), and no backward sweep starts.
    private(set) var isOverBudget = false
    /// The context to warn when the budget is passed, so that it checks at its next step.
    weak var context: Context?
    /// The built-in recording (`grad`, `descend`, `hessian`...), for notes.
    private(set) var caller = "grad"

    /// Starts a recording; `order` must exceed that of every tape still recording, and it
    /// may take up to `budget` bytes of the run's `runBudget`.
    func open(order: Int, nested: Bool, budget: Int, of runBudget: Int, for caller: String) {
        self.order = order
        self.caller = caller
        isActive = true
        isNested = nested
        isOverBudget = false
        self.runBudget = runBudget
        // Indices are Int32: a longer record could not be told apart.
        entryLimit = min(budget / bytesPerEntry, Int(Int32.max))
        if entries.capacity > entryLimit { entries = [] } else { entries.removeAll(keepingCapacity: true) }
    }

    /// What one entry costs: its record, what nesting keeps beside it, and its adjoint in
    /// the backward sweep.
    var bytesPerEntry: Int {
        let plain = MemoryLayout<Entry>.stride + MemoryLayout<Double>.stride
        return isNested ? plain + 4 * MemoryLayout<Value>.stride : plain
    }

    /// The bytes reserved now, counted against the budget of tapes opened inside this one.
    var reservedBytes: Int { entries.capacity * bytesPerEntry }

    /// Makes room for one more entry. Grows by doubling, as an array would, but reserves
    /// the room explicitly and within the budget: a doubling must not allocate gigabytes
    /// before anything has checked. While it copies, the old room and the new are both
    /// held, so the two together must fit.
    @inline(__always)
    private func makeRoom() {
        if entries.count == entries.capacity { grow() }
    }

    @inline(never)
    private func grow() {
        let count = entries.count
        var capacity = min(max(1024, 2 * count), entryLimit - entries.capacity)
        if capacity <= count {
            // Past the budget: note it and keep recording a little (what happens until the
            // run's next check is bounded by the vector limit); the run stops there.
            if !isOverBudget {
                isOverBudget = true
                context?.checkSoon()
            }
            capacity = count + max(1024, count / 8)
        }
        entries.reserveCapacity(capacity)
        if isNested {
            primals.reserveCapacity(capacity)
            weightsA.reserveCapacity(capacity)
            weightsB.reserveCapacity(capacity)
        }
    }

    /// The error that stops a run whose record passed its budget.
    var budgetError: GradError {
        GradError(.limit, .tapeBudget(operations: entries.count, budget: runBudget))
    }

    /// Ends the recording: numbers left over from it become plain numbers again (their
    /// values stay readable; `Context` reuses a tape only when none are left over).
    func close() {
        isActive = false
        // Drop references to outer tapes' numbers; nothing needs them any more.
        primals.removeAll(keepingCapacity: true)
        weightsA.removeAll(keepingCapacity: true)
        weightsB.removeAll(keepingCapacity: true)
    }

    func value(_ index: Int32) -> Double { entries[Int(index)].value }

    func primal(_ index: Int32) -> Value {
        isNested ? primals[Int(index)] : .number(entries[Int(index)].value)
    }

    /// A new input of the computation.
    func variable(_ primal: Value) -> Value {
        record(primal, -1, .number(0), -1, .number(0))
    }

    func record(_ primal: Value, _ a: Int32, _ weight: Value) -> Value {
        record(primal, a, weight, -1, .number(0))
    }

    func record(_ primal: Value, _ a: Int32, _ wa: Value, _ b: Int32, _ wb: Value) -> Value {
        makeRoom()
        let index = Int32(truncatingIfNeeded: entries.count)
        if isNested {
            primals.append(primal)
            weightsA.append(wa)
            weightsB.append(wb)
            entries.append(Entry(a: a, b: b, wa: 0, wb: 0, value: primal.number!))
        } else {
            entries.append(Entry(a: a, b: b, wa: wa.number!, wb: wb.number!, value: primal.number!))
        }
        return .tracked(TrackedNumber(tape: self, index: index))
    }

    /// Records an operation of a tape that is not nested, whose partials are plain numbers.
    @inline(__always)
    func record(_ value: Double, _ a: Int32, _ wa: Double, _ b: Int32, _ wb: Double) -> Value {
        makeRoom()
        let index = Int32(truncatingIfNeeded: entries.count)
        entries.append(Entry(a: a, b: b, wa: wa, wb: wb, value: value))
        return .tracked(TrackedNumber(tape: self, index: index))
    }

    /// d output / d input for each of `inputs`, by one backward sweep.
    func derivatives(of output: Int32, at inputs: [Value], context: Context) throws -> [Value] {
        if isOverBudget { throw budgetError }
        let indices = inputs.map { input -> Int in
            guard case .tracked(let t) = input, t.tape === self else { preconditionFailure("not an input of this tape") }
            return Int(t.index)
        }
        if isNested {
            let adjoint = try valueAdjoints(of: Int(output), context: context)
            return indices.map { adjoint[$0] }
        }
        let adjoint = try numberAdjoints(of: Int(output), context: context)
        return indices.map { .number(adjoint[$0]) }
    }

    private func numberAdjoints(of output: Int, context: Context) throws -> [Double] {
        var adjoint = [Double](repeating: 0, count: count)
        adjoint[output] = 1
        try entries.withUnsafeBufferPointer { entries in
            // A sweep is work like any other: one step per entry, counted a chunk at a time.
            var end = output
            while end >= 0 {
                let start = max(0, end - 1023)
                try context.tick(end - start + 1)
                for i in stride(from: end, through: start, by: -1) {
                    let g = adjoint[i]
                    // Zeros carry nothing; skipping them also keeps 0 * inf from making NaN.
                    if g == 0 { continue }
                    let entry = entries[i]
                    if entry.a >= 0 { adjoint[Int(entry.a)] += g * entry.wa }
                    if entry.b >= 0 { adjoint[Int(entry.b)] += g * entry.wb }
                }
                end = start - 1
            }
        }
        return adjoint
    }

    /// The same sweep in `Value`s, so that an outer tape records it (nesting).
    private func valueAdjoints(of output: Int, context: Context) throws -> [Value] {
        var adjoint = [Value](repeating: .number(0), count: count)
        adjoint[output] = .number(1)
        for i in stride(from: output, through: 0, by: -1) {
            let g = adjoint[i]
            if case .number(0) = g { continue }
            let entry = entries[i]
            if entry.a >= 0 { adjoint[Int(entry.a)] = AD.add(adjoint[Int(entry.a)], AD.multiply(g, weightsA[i])) }
            if entry.b >= 0 { adjoint[Int(entry.b)] = AD.add(adjoint[Int(entry.b)], AD.multiply(g, weightsB[i])) }
            // Each step here records on the outer tapes: nesting can make this sweep grow
            // exponentially, so every step counts against the step limit.
            try context.tick()
        }
        return adjoint
    }
}
