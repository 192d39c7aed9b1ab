import Synchronization

/// A flag another thread (a signal handler, a host's timer) sets to stop a computation.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func set() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// How a statement finished: normally, or leaving its loop or function early.
enum Completion {
    case normal, breaking, continuing, returning
}

/// The state of one interpreter while it evaluates: the globals, the limits, the counters
/// the limits are checked against, and how control leaves loops and functions.
final class Context {
    let globals: Globals
    var limits: Limits
    let cancelFlag: CancelFlag
    var output: @Sendable (String) -> Void
    /// How pictures are drawn, as the host wants them.
    var plotSettings = PlotSettings()

    @exclusivity(unchecked) var completion = Completion.normal
    /// The value of the `return` that set `completion` to `.returning`.
    @exclusivity(unchecked) var returnValue = Value.none
    @exclusivity(unchecked) var callDepth = 0
    @exclusivity(unchecked) private var steps = 0
    @exclusivity(unchecked) private var nextCheck = 0
    let frames: FramePool
    let cycles: CycleCollector
    private var stackGuard = StackGuard()
    /// Numbers each new tape, so nested gradients know which is innermost.
    private var tapeCount = 0
    /// The last closed tape, kept to save allocations when no number of it is left over.
    private var spareTape: Tape?
    /// How many `grad` calls are recording right now.
    private var openTapes = 0
    /// Host functions already reported as differentiated numerically.
    var numericFallbackReported: Set<String> = []

    init(globals: Globals, limits: Limits, cancelFlag: CancelFlag, output: @escaping @Sendable (String) -> Void) {
        self.globals = globals
        self.limits = limits
        self.cancelFlag = cancelFlag
        self.output = output
        frames = FramePool()
        cycles = CycleCollector(pool: frames)
    }

    /// Called at the start of each `run`, on the thread that will evaluate.
    func startRun() {
        completion = .normal
        returnValue = .none
        callDepth = 0
        steps = 0
        nextCheck = 0
        stackGuard = StackGuard()
        openTapes = 0
    }

    /// Counts one step (a loop iteration or a call) and, every so often, checks the
    /// step budget and whether someone asked us to stop.
    @inline(__always)
    func tick() throws {
        steps &+= 1
        if steps >= nextCheck { try checkBudget() }
    }

    /// Counts `n` steps at once: the work of a built-in (an element it makes or visits, a
    /// point it builds), so that the step limit and cancellation reach inside long
    /// built-ins as they reach inside loops. `n` is the size of something that exists.
    @inline(__always)
    func tick(_ n: Int) throws {
        steps &+= n
        if steps >= nextCheck { try checkBudget() }
    }

    private func checkBudget() throws {
        try checkInterrupt()
        if let maxSteps = limits.maxSteps, steps > maxSteps {
            throw GradError(.limit, "stopped after \(maxSteps) steps (the step limit); "
                            + "is a loop missing its exit?")
        }
        let interval = 1024
        nextCheck = limits.maxSteps.map { min(steps + interval, $0 + 1) } ?? steps + interval
        if stackGuard.isExhausted() {
            throw GradError(.limit, "out of stack space: calls or data nest too deeply")
        }
    }

    /// Enters a call of a Grad function, checking the depth and the stack first.
    @inline(__always)
    func enterCall() throws {
        callDepth += 1
        if callDepth > limits.maxCallDepth {
            throw GradError(.limit, "recursion too deep: more than \(limits.maxCallDepth) nested calls; "
                            + "does the function reach its base case?")
        }
        if callDepth & 63 == 0, stackGuard.isExhausted() {
            throw GradError(.limit, "out of stack space: calls nest too deeply")
        }
        try tick()
    }

    func leaveCall() { callDepth -= 1 }

    /// Throws "interrupted" if someone asked us to stop. `tick` checks every so often; this
    /// checks now.
    func checkInterrupt() throws {
        if cancelFlag.isSet {
            cancelFlag.clear()
            throw GradError(.interrupted, "interrupted")
        }
    }

    /// Sends output to the host, unless a stop was asked for since the last check: nothing
    /// is written after an interrupt.
    func write(_ text: String) throws {
        try checkInterrupt()
        output(text)
    }

    /// How deeply `grad` calls may nest. Each level can double the work of the one inside
    /// it (the 20th derivative of sin takes a million operations), so deeper is refused.
    static let maxGradNesting = 10

    /// A tape for a new `grad` call, ordered after every tape still recording.
    func openTape() throws -> Tape {
        guard openTapes < Context.maxGradNesting else {
            throw GradError(.limit, "grad is nested more than \(Context.maxGradNesting) deep; "
                            + "each level can double the work")
        }
        tapeCount += 1
        let tape: Tape
        if spareTape != nil, isKnownUniquelyReferenced(&spareTape!) {
            tape = spareTape!
        } else {
            tape = Tape()
        }
        spareTape = nil
        tape.open(order: tapeCount, nested: openTapes > 0)
        openTapes += 1
        return tape
    }

    func closeTape(_ tape: Tape) {
        tape.close()
        openTapes -= 1
        spareTape = tape
    }
}

/// Notices, from the address of a local variable, when the stack is nearly used up.
/// Grad evaluates on a thread of known stack size (see `Interpreter`), so the distance
/// from where the run started tells how much is left.
struct StackGuard {
    static let usableBytes = EvaluationThread.stackSize - (4 << 20)
    private let base: UInt

    init() { base = StackGuard.currentAddress() }

    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    func isExhausted() -> Bool {
        let here = StackGuard.currentAddress()
        // Under AddressSanitizer locals may live on a separate fake stack: ignore those.
        guard here < base, base - here < UInt(EvaluationThread.stackSize) else { return false }
        return base - here > UInt(StackGuard.usableBytes)
    }
}
