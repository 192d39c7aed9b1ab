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
///   then (when the tracked frames have doubled, and at the end of a `run` that tracked
///   some) they are collected the way CPython's `gc` does it: for every object reachable
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
    private struct Tracked {
        weak var frame: Frame?
    }

    /// Frames kept for reuse still hold the parents they had: frames that may be garbage.
    private let pool: FramePool
    private var tracked: [Tracked] = []
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
            tracked.append(Tracked(frame: frame))
            if tracked.count >= threshold { collect() }
        }
    }

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
                    if let closure = f as? Closure, closure.serial > serial { return true }
                    if let gradient = f as? GradientFunction, gradient.serial > serial { return true }
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
        for entry in tracked { if let frame = entry.frame { graph.add(frame) } }
        let rootCount = graph.objects.count - 1
        graph.explore()
        guard let external = graph.externalReferences() else {
            assertionFailure("reference counts below the references the collector found")
            return
        }
        let alive = graph.reachable(from: external.indices.filter { external[$0] > 0 })
        for i in graph.objects.indices where !alive[i] {
            if let frame = graph.objects[i] as? Frame { frame.empty() }
        }
        // The roots come first in the graph, in the order they were tracked.
        tracked = (0..<rootCount).filter { alive[$0 + 1] }.map { Tracked(frame: graph.objects[$0 + 1] as? Frame) }
        survivors = tracked.count
        threshold = max(CycleCollector.minimumThreshold, 2 * survivors)
    }

    /// The objects reachable from the tracked frames through references that could close a
    /// cycle: frames whose calls have returned, functions that hold such frames, vectors
    /// that hold such functions.
    private struct Graph {
        /// The objects, each held once here; the first is a probe held by nothing else.
        private(set) var objects: [AnyObject] = [Probe()]
        /// For each object, the objects it refers to (once per reference).
        private var children: [[Int]] = [[]]
        private var index: [ObjectIdentifier: Int] = [:]
        /// Objects whose references are still to be followed, with the vector's elements
        /// for a vector (its storage object alone does not give them back).
        private var pending: [(Int, [Value]?)] = []

        private final class Probe {}

        mutating func add(_ frame: Frame) { _ = node(frame, elements: nil) }

        private mutating func node(_ object: AnyObject, elements: [Value]?) -> Int {
            let id = ObjectIdentifier(object)
            if let existing = index[id] { return existing }
            objects.append(object)
            children.append([])
            index[id] = objects.count - 1
            pending.append((objects.count - 1, elements))
            return objects.count - 1
        }

        mutating func explore() {
            while let (i, elements) = pending.popLast() {
                var found: [Int] = []
                func follow(_ value: Value) {
                    switch value {
                    case .function(let f):
                        if let closure = f as? Closure {
                            if closure.captured.outlivedCall { found.append(node(closure, elements: nil)) }
                        } else if f is GradientFunction {
                            found.append(node(f, elements: nil))
                        }
                    case .vector(let elements) where elements.contains(where: \.mayReferToFunctions):
                        found.append(node(Graph.storage(of: elements), elements: elements))
                    default:
                        break
                    }
                }
                if let elements {
                    elements.forEach(follow)
                } else if let frame = objects[i] as? Frame {
                    for slot in 0..<frame.slotCount { if let value = frame[slot] { follow(value) } }
                    if let parent = frame.parent, parent.outlivedCall { found.append(node(parent, elements: nil)) }
                } else if let closure = objects[i] as? Closure {
                    found.append(node(closure.captured, elements: nil))
                } else if let gradient = objects[i] as? GradientFunction {
                    follow(.function(gradient.function))
                }
                children[i] = found
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
        func externalReferences() -> [Int]? {
            var fromInside = [Int](repeating: 0, count: objects.count)
            for list in children { for child in list { fromInside[child] += 1 } }
            // The probe shows what reading a count adds to it: the reference held here.
            let own = Graph.strongReferences(objects[0])
            var external = [Int](repeating: 0, count: objects.count)
            for i in 1..<objects.count {
                external[i] = Graph.strongReferences(objects[i]) - own - fromInside[i]
                if external[i] < 0 { return nil }
            }
            return external
        }

        @inline(never)
        private static func strongReferences(_ object: AnyObject) -> Int {
            Int(_getRetainCount(object))
        }

        func reachable(from roots: [Int]) -> [Bool] {
            var seen = [Bool](repeating: false, count: objects.count)
            var stack = roots
            for root in roots { seen[root] = true }
            while let i = stack.popLast() {
                for child in children[i] where !seen[child] {
                    seen[child] = true
                    stack.append(child)
                }
            }
            seen[0] = true
            return seen
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
