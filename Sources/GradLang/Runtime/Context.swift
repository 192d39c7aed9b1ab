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
    var output: @Sendable (String) throws -> Void
    /// Where notes go, if not with the output (`Interpreter.notes`).
    var notes: (@Sendable (String) -> Void)?
    /// The places a note was written for in this run: one note each.
    private var notedPlaces: Set<NoteKey> = []
    /// How pictures are drawn, as the host wants them.
    var plotSettings = PlotSettings()
    /// Where pictures go as SVG instead of terminal text; nil: drawn in the terminal.
    var pictureOutput: (@Sendable (Picture) throws -> Void)?
    /// The pictures a running `figure` collects as its panels; nil when none is running.
    var figurePanels: [Scene]?

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
    /// The tapes of the `grad` calls recording right now, outermost first.
    @exclusivity(unchecked) private var openTapes: [Tape] = []
    /// Resident memory when the run started, and the checks and bytes since it was last
    /// measured (see `checkMemory`).
    private var residentAtStart = 0
    private var checksSinceMeasure = 0
    private var allocatedSinceMeasure = 0
    /// Host functions already reported as differentiated numerically.
    var numericFallbackReported: Set<String> = []

    init(globals: Globals, limits: Limits, cancelFlag: CancelFlag,
         output: @escaping @Sendable (String) throws -> Void) {
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
        openTapes.removeAll()
        notedPlaces.removeAll()
        residentAtStart = MemoryGauge.residentBytes() ?? 0
        checksSinceMeasure = 0
        allocatedSinceMeasure = 0
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

    /// Makes the next `tick` check the budget (a tape passed its memory budget).
    func checkSoon() { nextCheck = 0 }

    private func checkBudget() throws {
        try checkInterrupt()
        if let tape = openTapes.last(where: \.isOverBudget) { throw tape.budgetError }
        try checkMemory()
        if let maxSteps = limits.maxSteps, steps > maxSteps {
            throw GradError(.limit, .stepLimit(maxSteps))
        }
        // The next check comes after `interval` more steps, or just past the step limit;
        // saturating, so that a limit of Int.max means "no limit" and not an overflow.
        let interval = 1024
        let soon = steps.addingReportingOverflow(interval)
        let pastLimit = limits.maxSteps.map { $0.addingReportingOverflow(1) }
        nextCheck = min(soon.overflow ? Int.max : soon.partialValue,
                        pastLimit.map { $0.overflow ? Int.max : $0.partialValue } ?? Int.max)
        if stackGuard.isExhausted() {
            throw GradError(.limit, .stackExhausted(dataToo: true))
        }
    }

    /// Counts a large allocation a built-in is about to make: enough of them since the last
    /// measure bring the next check forward.
    func noteAllocation(bytes: Int) {
        allocatedSinceMeasure &+= bytes
        if allocatedSinceMeasure > Context.bytesBetweenMeasures { nextCheck = 0 }
    }

    private static let bytesBetweenMeasures = 64 << 20
    /// Reading the resident size costs a few microseconds: about every 64k steps, or
    /// sooner after large allocations, is often enough and costs nothing measurable.
    private static let checksBetweenMeasures = 64

    /// The backstop of the memory budget: the process's resident memory may grow by at
    /// most `maxMemory` during a run.
    private func checkMemory() throws {
        checksSinceMeasure += 1
        guard checksSinceMeasure >= Context.checksBetweenMeasures || allocatedSinceMeasure > Context.bytesBetweenMeasures
        else { return }
        checksSinceMeasure = 0
        allocatedSinceMeasure = 0
        guard let resident = MemoryGauge.residentBytes(), resident - residentAtStart > limits.maxMemory else { return }
        throw GradError(.limit, .memoryBudget(bytes: limits.maxMemory))
    }

    /// Enters a call of a Grad function, checking the depth and the stack first.
    @inline(__always)
    func enterCall() throws {
        callDepth += 1
        if callDepth > limits.maxCallDepth {
            throw GradError(.limit, .callDepthLimit(limits.maxCallDepth))
        }
        if callDepth & 63 == 0, stackGuard.isExhausted() {
            throw GradError(.limit, .stackExhausted(dataToo: false))
        }
        try tick()
    }

    func leaveCall() { callDepth -= 1 }

    /// Throws "interrupted" if someone asked us to stop. `tick` checks every so often; this
    /// checks now.
    func checkInterrupt() throws {
        if cancelFlag.isSet {
            cancelFlag.clear()
            throw GradError(.interrupted, .interrupted)
        }
    }

    /// Writes `note: text` once per run for each place in the program and topic: a kink
    /// `grad` passed through, descend's advice on the learning rate. To the host's `notes`
    /// when it set them, else with the output.
    func note(_ text: String, at place: SourceRange?, topic: String = "kink") throws {
        let key = NoteKey(place: place?.start ?? SourceLocation(line: 0, column: 0), topic: topic)
        guard notedPlaces.insert(key).inserted else { return }
        try writeNote(text)
    }

    private struct NoteKey: Hashable {
        let place: SourceLocation
        let topic: String
    }

    func writeNote(_ text: String) throws {
        guard let notes else { return try write("note: \(text)\n") }
        notes("note: \(text)\n")
    }

    /// Hands `text` to the host's `output`, unless a stop was asked for since the last
    /// check (nothing is written after an interrupt); if the output fails (a full disk),
    /// the run stops with an error at the built-in that wrote.
    func write(_ text: String) throws {
        try checkInterrupt()
        do {
            try output(text)
        } catch let error as GradError {
            throw error
        } catch {
            throw GradError.runtime(.outputFailed(reason: English.describe(error)))
        }
    }

    /// Pictures handed to the host so far, which number their SVG ids.
    private var picturesShown = 0

    /// The id prefix of the next picture for the host, `picture1-`, `picture2-`...: a web page
    /// that puts several SVG documents inline (a notebook) must not see one id twice, or one
    /// picture's clip path would cut another.
    func nextPictureIDPrefix() -> String {
        picturesShown += 1
        return "picture\(picturesShown)-"
    }

    /// Hands a picture to the host's `pictureOutput`, as `write` hands text to `output`.
    func show(_ picture: Picture) throws {
        try checkInterrupt()
        do {
            try pictureOutput?(picture)
        } catch let error as GradError {
            throw error
        } catch {
            throw GradError.runtime(.pictureFailed(reason: English.describe(error)))
        }
    }

    /// How deeply `grad` calls may nest. Each level can double the work of the one inside
    /// it (the 20th derivative of sin takes a million operations), so deeper is refused.
    static let maxGradNesting = 10

    /// A tape for a new `grad` call (or `descend`, `hessian`...: the `caller`, for notes),
    /// ordered after every tape still recording.
    func openTape(for caller: String) throws -> Tape {
        guard openTapes.count < Context.maxGradNesting else {
            throw GradError(.limit, .gradNesting(limit: Context.maxGradNesting))
        }
        tapeCount += 1
        let tape: Tape
        if spareTape != nil, isKnownUniquelyReferenced(&spareTape!) {
            tape = spareTape!
        } else {
            tape = Tape()
            tape.context = self
        }
        spareTape = nil
        // The outer tapes' records count against the budget too.
        let held = openTapes.reduce(0) { $0 + $1.reservedBytes }
        tape.open(order: tapeCount, nested: !openTapes.isEmpty, budget: max(0, limits.maxMemory - held),
                  of: limits.maxMemory, for: caller)
        openTapes.append(tape)
        return tape
    }

    func closeTape(_ tape: Tape) {
        tape.close()
        // Tapes close in the order opposite to opening (hessian closes its inner one first).
        assert(openTapes.last === tape, "tapes close innermost first")
        openTapes.removeLast()
        // A large record is let go: a REPL session should not keep a gigabyte for later.
        spareTape = tape.reservedBytes <= Context.largestSpareTape ? tape : nil
    }

    private static let largestSpareTape = 64 << 20
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
