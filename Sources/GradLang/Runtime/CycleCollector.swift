/// Frees the reference cycles that closures and frames form, which reference counting
/// alone never frees.
///
/// A closure holds the frame it was made in, and a frame may hold closures (a recursive
/// local function: `f(n) = { go(k) = if k == 0 { 1 } else { k * go(k - 1) }; go(n) }`),
/// so once the call returns the two keep each other alive. Two things undo that:
///
/// - When a call that made closures returns, the slots that no nested function reads
///   are unset (`FunctionCode.Closures.uncapturedSlots`): nothing can read them any more.
///   That alone frees most frames (helpers that are not recursive, `g = grad(h)` kept in
///   a variable), with no collection at all.
/// - A frame that still outlives its call, and may be in a cycle, is tracked. Now and
///   then (when there are twice as many as lived through the last collection, 1,000 at
///   least, and at the end of a `run` that tracked some) they are collected the way
///   CPython's `gc` does it: for every object reachable
///   from them, the references from within that graph are subtracted from its reference
///   count; objects with references left over are held from outside (a global, a running
///   call, the host), and so is everything they reach. The frames that are left are
///   garbage: emptying them breaks their cycles, and reference counting frees the rest.
///
/// A frame joins only if it may be in a cycle: it holds, directly or in vectors, a function
/// made after it (a cycle back to a frame has to pass through such a function, since a
/// function refers only to what existed when it was made), or nested functions can
/// index-assign its names after the call. One collector per interpreter; not thread-safe.
final class CycleCollector {
    /// Frames kept for reuse still hold the parents they had: frames that may be garbage.
    private let pool: FramePool
    /// Held here until the next collection decides (a frame that is not in a cycle after all
    /// is freed then rather than at once).
    private var tracked: [Frame] = []
    /// Tracked frames that lived through the last collection.
    private var survivors = 0
    private var threshold = CycleCollector.minimumThreshold
    private static let minimumThreshold = 1000
    private var clock: UInt64 = 0

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
        if isKnownUniquelyReferenced(&frame) { return }
        frame.outlivedCall = true
        if closures.slotsWrittenFromInside || holdsNewerFunction(frame) {
            tracked.append(frame)
            if tracked.count >= threshold { collect() }
        }
    }

    var isTracking: Bool { !tracked.isEmpty }

    /// Collects if frames were tracked since the last collection (the end of a `run`).
    func collectIfTrackedNew() {
        if tracked.count > survivors { collect() }
    }

    private func holdsNewerFunction(_ frame: Frame) -> Bool {
        let serial = frame.serial
        var pending: [Value] = []
        for i in 0..<frame.slotCount {
            if let value = frame[i] { pending.append(value) }
            while let value = pending.popLast() {
                switch value {
                case .function(let f):
                    if f.serial > serial { return true }
                case .vector(let elements):
                    pending.append(contentsOf: elements.lazy.filter(\.mayReferToFunctions))
                default:
                    break
                }
            }
        }
        return false
    }

    // MARK: - Collecting

    func collect() {
        pool.releaseParents()
        var graph = Graph()
        for frame in tracked { graph.add(frame) }
        let rootCount = tracked.count
        tracked.removeAll()  // the graph alone holds them while references are counted
        graph.explore()
        guard let external = graph.externalReferences() else {
            assertionFailure("reference counts below the references the collector found")
            tracked = graph.frames(0..<rootCount)
            return
        }
        let alive = graph.reachable(from: external.indices.filter { external[$0] > 0 })
        graph.emptyFrames { !alive[$0] }
        tracked = graph.frames((0..<rootCount).filter { alive[$0] })
        survivors = tracked.count
        threshold = max(CycleCollector.minimumThreshold, 2 * survivors)
    }

    /// The objects reachable from the tracked frames through references that could close a
    /// cycle: frames whose calls have returned, functions that hold such frames, vectors
    /// that hold such functions. The tracked frames come first, in order.
    private struct Graph {
        private enum Kind { case frame, closure, gradient, vector }

        /// The objects, each held once here, and what they are.
        private var objects: [AnyObject] = []
        private var kinds: [Kind] = []
        private var index: [ObjectIdentifier: Int] = [:]
        /// One entry per reference from an object of the graph to another.
        private var edgeFrom: [Int] = [], edgeTo: [Int] = []
        /// Objects whose references are still to be followed, with its elements for a vector
        /// (its storage object alone does not give them back).
        private var pending: [(Int, [Value]?)] = []
        private final class Probe {}

        mutating func add(_ frame: Frame) { _ = node(frame, .frame) }

        func frames(_ indices: some Sequence<Int>) -> [Frame] {
            indices.map { unsafeDowncast(objects[$0], to: Frame.self) }
        }

        private mutating func node(_ object: AnyObject, _ kind: Kind, elements: [Value]? = nil) -> Int {
            let id = ObjectIdentifier(object)
            if let existing = index[id] { return existing }
            let i = objects.count
            objects.append(object)
            kinds.append(kind)
            index[id] = i
            pending.append((i, elements))
            return i
        }

        mutating func explore() {
            while let (i, elements) = pending.popLast() {
                switch kinds[i] {
                case .frame:
                    let frame = unsafeDowncast(objects[i], to: Frame.self)
                    for slot in 0..<frame.slotCount { if let value = frame[slot] { follow(value, from: i) } }
                    if let parent = frame.parent, parent.outlivedCall { edge(i, node(parent, .frame)) }
                case .closure:
                    edge(i, node(unsafeDowncast(objects[i], to: Closure.self).captured, .frame))
                case .gradient:
                    follow(.function(unsafeDowncast(objects[i], to: GradientFunction.self).function), from: i)
                case .vector:
                    for element in elements! { follow(element, from: i) }
                }
            }
        }

        private mutating func edge(_ from: Int, _ to: Int) {
            edgeFrom.append(from)
            edgeTo.append(to)
        }

        private mutating func follow(_ value: Value, from i: Int) {
            switch value {
            case .function(let f):
                if let closure = f as? Closure {
                    if closure.captured.outlivedCall { edge(i, node(closure, .closure)) }
                } else if f is GradientFunction {
                    edge(i, node(f, .gradient))
                }
            case .vector(let elements) where elements.contains(where: \.mayReferToFunctions):
                edge(i, node(Graph.storage(of: elements), .vector, elements: elements))
            default:
                break
            }
        }

        /// The object that holds a vector's elements: what two vectors sharing elements share.
        private static func storage(of elements: [Value]) -> AnyObject {
            precondition(MemoryLayout<[Value]>.size == MemoryLayout<UnsafeRawPointer>.size)
            return withUnsafeBytes(of: elements) { bytes in
                Unmanaged<AnyObject>.fromOpaque(bytes.load(as: UnsafeRawPointer.self)).takeUnretainedValue()
            }
        }

        /// For each object, how many of its references come from outside the graph; nil if
        /// some count is below what the graph itself holds (which must never happen).
        mutating func externalReferences() -> [Int]? {
            // A probe held by `objects` alone, read as the others are, shows what the
            // reference here and reading a count add to every count.
            objects.append(Probe())
            defer { objects.removeLast() }
            let count = objects.count - 1
            let own = Graph.strongReferences(objects[count])
            var external = [Int](repeating: 0, count: count)
            for to in edgeTo { external[to] -= 1 }
            for i in 0..<count {
                external[i] += Graph.strongReferences(objects[i]) - own
                if external[i] < 0 { return nil }
            }
            return external
        }

        /// The Swift runtime's count of strong references (`swift_retainCount`, which the
        /// standard library offers for debuggers): exact, and it ignores weak references.
        @inline(never)
        private static func strongReferences(_ object: AnyObject) -> Int {
            Int(_getRetainCount(object))
        }

        /// Which objects the given ones reach, themselves included.
        func reachable(from roots: [Int]) -> [Bool] {
            // The edges grouped by the object they leave (a counting sort).
            var start = [Int](repeating: 0, count: objects.count + 1)
            for from in edgeFrom { start[from + 1] += 1 }
            for i in objects.indices { start[i + 1] += start[i] }
            var next = start, targets = [Int](repeating: 0, count: edgeTo.count)
            for (from, to) in zip(edgeFrom, edgeTo) {
                targets[next[from]] = to
                next[from] += 1
            }
            var seen = [Bool](repeating: false, count: objects.count)
            var stack = roots
            for root in roots { seen[root] = true }
            while let i = stack.popLast() {
                for to in targets[start[i]..<start[i + 1]] where !seen[to] {
                    seen[to] = true
                    stack.append(to)
                }
            }
            return seen
        }

        /// Unsets the slots and parents of the frames `isGarbage` picks. The objects are
        /// still held here, so nothing is freed until the graph is dropped.
        func emptyFrames(where isGarbage: (Int) -> Bool) {
            for i in objects.indices where kinds[i] == .frame && isGarbage(i) {
                unsafeDowncast(objects[i], to: Frame.self).empty()
            }
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
}
