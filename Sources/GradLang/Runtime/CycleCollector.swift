/// Frees the reference cycles that closures and frames form, which reference counting
/// alone never frees.
///
/// A closure holds the frame it was made in, and a frame may hold closures (a recursive
/// local function: `f(n) = { go(k) = if k == 0 { 1 } else { k * go(k - 1) }; go(n) }`),
/// so once the call returns the two keep each other alive. Three things undo that, each
/// sound by construction (docs/embedding.md, "Memory", says why):
///
/// 1. When a call that made closures returns, the slots no nested function reads are
///    unset (`FunctionCode.Closures.uncapturedSlots`): nothing can read them any more.
///    That alone frees most frames (helpers that are not recursive, `g = grad(h)`).
/// 2. The usual cycle, local functions that only the frame holds and that hold only it,
///    is recognised there and then with `isKnownUniquelyReferenced` (`releaseIfClosed`),
///    so a loop calling such a function leaves no garbage behind.
/// 3. Any other frame that outlives its call and may be in a cycle is tracked, and
///    collected by tracing at points where every reference into the program's frames is
///    known: when a run ends (the roots are the global names, the run's value, and the
///    functions handed to the host that it still holds) and when the interpreter goes.
///    Tracked frames no root reaches are garbage: emptying them breaks their cycles, and
///    reference counting frees the rest.
///
/// A frame is tracked only if it may be in a cycle: it holds, directly or in vectors, a
/// function made after it (a cycle back to a frame has to pass through such a function,
/// since a function refers only to what existed when it was made), or nested functions can
/// index-assign its names after the call. One collector per interpreter; not thread-safe.
final class CycleCollector {
    /// Frames kept for reuse still hold the parents they had: frames that may be garbage.
    private let pool: FramePool
    /// Frames that may be garbage in cycles, held here until the next collection decides.
    private var tracked: [Frame] = []
    private var clock: UInt64 = 0
    /// Functions handed to the host (a run's value, `value(of:)`), weakly: while the host
    /// keeps one, what it reaches stays whole. Nothing inside Grad holds these references,
    /// so a live one is one the host (or a value it holds) keeps.
    private var exported: [ObjectIdentifier: WeakFunction] = [:]

    private struct WeakFunction {
        weak var function: Callable?
    }

    init(pool: FramePool) {
        self.pool = pool
    }

    /// Numbers functions and frames in the order they were made.
    @inline(__always)
    func serial() -> UInt64 {
        clock &+= 1
        return clock
    }

    /// Called when a call of a function that makes closures returns, with the caller's only
    /// reference to its frame.
    func callReturned(_ frame: inout Frame, _ closures: FunctionCode.Closures) {
        if isKnownUniquelyReferenced(&frame) { return }  // no closure kept it: freed as usual
        for slot in closures.uncapturedSlots { frame.unset(slot) }
        if isKnownUniquelyReferenced(&frame) || releaseIfClosed(&frame) { return }
        if closures.slotsWrittenFromInside || holdsNewerFunction(frame) {
            tracked.append(frame)
        }
    }

    /// Whether the frame and the closures made in it were a closed cycle — the closures
    /// held by the frame's slots alone, the frame by them and the caller alone — in which
    /// case they are freed (as the caller drops `frame`).
    ///
    /// The closures are taken out of their slots; each must then be uniquely referenced
    /// (by `own`). Each holds exactly one strong reference to the frame (`captured`), so
    /// with those references lent away for a moment, `frame` is uniquely referenced exactly
    /// when nothing else holds the frame. Otherwise everything goes back as it was.
    private func releaseIfClosed(_ frame: inout Frame) -> Bool {
        var own: [(slot: Int, closure: Closure)] = []
        for slot in 0..<frame.slotCount {
            if case .function(let f)? = frame[slot], let closure = f as? Closure, closure.captured === frame {
                own.append((slot, closure))
            }
        }
        guard !own.isEmpty else { return false }
        for (slot, _) in own { frame[slot] = nil }
        var closed = own.indices.allSatisfy { isKnownUniquelyReferenced(&own[$0].closure) }
        if closed {
            // Frames of the closures' calls kept for reuse still hold this frame as parent.
            for (_, closure) in own { pool.release(parent: frame, slotCount: closure.code.slotCount) }
            let lent = Unmanaged.passUnretained(frame)
            for _ in own { lent.release() }
            closed = isKnownUniquelyReferenced(&frame)
            for _ in own { _ = lent.retain() }
        }
        if !closed {
            for (slot, closure) in own { frame[slot] = .function(closure) }
        }
        return closed
    }

    /// Whether some frame may be garbage: then each run ends with a collection, since the
    /// run may have dropped the last name that reached it.
    var isTracking: Bool { !tracked.isEmpty }

    private func holdsNewerFunction(_ frame: Frame) -> Bool {
        let serial = frame.serial
        return (0..<frame.slotCount).contains { slot in
            frame[slot]?.containsFunction { $0.serial > serial } ?? false
        }
    }

    /// Notes the functions in a value handed to the host, so collections keep what they
    /// reach for as long as the host keeps them.
    func export(_ value: Value) {
        _ = value.containsFunction { f in
            if f is Closure || f is GradientFunction { exported[ObjectIdentifier(f)] = WeakFunction(function: f) }
            return false
        }
    }

    // MARK: - Collecting

    /// Empties the tracked frames that neither `roots` nor a function the host still holds
    /// reaches. Call it only where nothing else can hold a frame: no call is running and no
    /// built-in is holding values, as when a run has ended.
    func collect(roots: [Value]) {
        exported = exported.filter { $0.value.function != nil }
        collect(from: roots + exported.values.compactMap { $0.function.map(Value.function) })
    }

    /// Empties every tracked frame: the interpreter is going, and no function of it can
    /// run again (see `ForeignFunctions`).
    func collectAll() {
        exported.removeAll()
        collect(from: [])
    }

    private func collect(from roots: [Value]) {
        pool.releaseParents()
        var reach = Reach()
        for root in roots { reach.visit(root) }
        reach.finish()
        let candidates = tracked
        tracked.removeAll()
        for frame in candidates {
            if reach.reached(frame) { tracked.append(frame) } else { frame.empty() }
        }
    }

    /// What the roots reach through functions, the frames they hold and vectors.
    private struct Reach {
        private var seen: Set<ObjectIdentifier> = []
        /// Vectors already walked, by the address of their elements (held in `pending`
        /// or a frame while the walk lasts, so the address is not reused meanwhile).
        private var seenVectors: Set<UnsafeRawPointer> = []
        private var pending: [Value] = []
        private var frames: [Frame] = []

        func reached(_ frame: Frame) -> Bool { seen.contains(ObjectIdentifier(frame)) }

        mutating func visit(_ value: Value) {
            if value.mayReferToFunctions { pending.append(value) }
        }

        mutating func finish() {
            while true {
                if let value = pending.popLast() {
                    follow(value)
                } else if let frame = frames.popLast() {
                    for slot in 0..<frame.slotCount { if let value = frame[slot] { visit(value) } }
                    if let parent = frame.parent { enter(parent) }
                } else {
                    return
                }
            }
        }

        private mutating func follow(_ value: Value) {
            switch value {
            case .function(let f as Closure):
                if seen.insert(ObjectIdentifier(f)).inserted { enter(f.captured) }
            case .function(let f as GradientFunction):
                if seen.insert(ObjectIdentifier(f)).inserted { visit(.function(f.function)) }
            case .vector(let elements):
                let address = elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
                guard let address, seenVectors.insert(address).inserted else { return }
                for element in elements where element.mayReferToFunctions { pending.append(element) }
            default:
                break
            }
        }

        private mutating func enter(_ frame: Frame) {
            if seen.insert(ObjectIdentifier(frame)).inserted { frames.append(frame) }
        }
    }
}

extension Value {
    /// Whether the value is, or may hold, a function.
    var mayReferToFunctions: Bool {
        switch self {
        case .function, .vector: return true
        default: return false
        }
    }

    /// Calls `body` with each function in the value, vectors searched to any depth, until
    /// it returns true; whether it did. Walks with a list, not recursion, and enters a
    /// vector shared by several places once (`v = [v, v]` forty times is 2⁴⁰ places).
    func containsFunction(where body: (Callable) -> Bool) -> Bool {
        var seen: Set<UnsafeRawPointer> = []
        var pending = [self]
        while let next = pending.popLast() {
            switch next {
            case .function(let f):
                if body(f) { return true }
            case .vector(let elements):
                let address = elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
                guard let address, seen.insert(address).inserted else { continue }
                pending.append(contentsOf: elements.lazy.filter(\.mayReferToFunctions))
            default:
                continue
            }
        }
        return false
    }
}
