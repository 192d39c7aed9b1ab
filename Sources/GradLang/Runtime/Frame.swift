/// The local variables of one function call, stored inline after the frame's header
/// (one allocation, which `FramePool` usually saves). `parent` is the frame the function
/// was defined in, so a closure can read and write its outer function's names.
final class Frame: ManagedBuffer<Frame.Header, Value?> {
    struct Header {
        var parent: Frame?
        let slotCount: Int
        /// When a frame of a function that makes closures was made (`CycleCollector.serial()`).
        let serial: UInt64
        /// The next frame of a `FramePool` list, while this one is kept there.
        var next: Unmanaged<Frame>?
    }

    static func make(slotCount: Int, parent: Frame?, serial: UInt64 = 0) -> Frame {
        let buffer = Frame.create(minimumCapacity: slotCount) { _ in
            Header(parent: parent, slotCount: slotCount, serial: serial)
        }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: slotCount) }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { header, slots in
            let count = header.pointee.slotCount
            // Closures hold frames that hold closures: free long chains without deep recursion.
            if DeepRelease.mayChain(slots, count: count) {
                DeepRelease.release(slots, count: count)
            } else {
                _ = slots.deinitialize(count: count)
            }
        }
    }

    // The header is read through its pointer: `header` itself is a class property whose
    // every access the runtime would check for exclusivity.
    var slotCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.slotCount } }

    /// A slot's storage; writing through it changes the value in place.
    @inline(__always)
    func slot(_ index: Int) -> UnsafeMutablePointer<Value?> {
        withUnsafeMutablePointerToElements { $0 + index }
    }

    subscript(index: Int) -> Value? {
        @inline(__always) get { slot(index).pointee }
        @inline(__always) set { slot(index).pointee = newValue }
    }

    /// The storage of slot `index` of the frame `depth` levels out (0 is this frame). It
    /// stays valid while this frame lives, since a frame keeps its ancestors alive; walking
    /// out through unretained references costs no reference counting.
    func slot(_ index: Int, depth: Int) -> UnsafeMutablePointer<Value?> {
        var frame = Unmanaged.passUnretained(self)
        for _ in 0..<depth { frame = frame._withUnsafeGuaranteedRef { $0.unretainedParent! } }
        return frame._withUnsafeGuaranteedRef { $0.slot(index) }
    }

    var parent: Frame? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }
    var serial: UInt64 { withUnsafeMutablePointerToHeader { $0.pointee.serial } }

    /// Frees what slot `index` holds (without deep recursion) and leaves it unset.
    func unset(_ index: Int) {
        let slot = slot(index)
        DeepRelease.release(slot, count: 1)
        slot.initialize(to: nil)
    }

    /// Unsets every slot and lets go of the parent: how the collector breaks a cycle.
    func empty() {
        for i in 0..<slotCount { unset(i) }
        releaseParent()
    }

    func releaseParent() {
        withUnsafeMutablePointerToHeader { $0.pointee.parent = nil }
    }

    private var unretainedParent: Unmanaged<Frame>? {
        withUnsafeMutablePointerToHeader { $0.pointee.parent.map(Unmanaged.passUnretained) }
    }

    // MARK: - For FramePool

    fileprivate var next: Unmanaged<Frame>? { withUnsafeMutablePointerToHeader { $0.pointee.next } }

    /// Unsets every slot of a frame whose call has returned, releasing what they held, and
    /// links it to the next kept frame.
    fileprivate func clear(next: Unmanaged<Frame>?) {
        withUnsafeMutablePointers { header, slots in
            for i in 0..<header.pointee.slotCount { slots[i] = nil }
            header.pointee.next = next
        }
    }

    fileprivate func reuse(parent: Frame?) {
        withUnsafeMutablePointerToHeader { header in
            header.pointee.next = nil
            // Usually the frame served the same function before: skip the retain and release.
            if header.pointee.parent !== parent { header.pointee.parent = parent }
        }
    }
}

/// Frames whose calls have returned, by size, so that most calls allocate nothing. Only
/// frames of functions that make no closures come back here: nothing can refer to such a
/// frame once its call has returned, so a reused frame cannot be told from a new one.
/// (A kept frame still holds its parent until it is reused, or until the cycle collector
/// runs: see `releaseParents`.) One pool per interpreter, so never shared across threads.
final class FramePool {
    /// Frames of up to `sizes - 1` slots are kept, at most `perSize` of each size.
    private static let sizes = 16
    private static let perSize = 128

    /// For each size, the kept frames as a list linked through `Header.next`. The list
    /// holds one reference to each (hence `Unmanaged`: moving one in or out is no ARC traffic).
    private struct List {
        var first: Unmanaged<Frame>?
        var count: Int
    }
    private let lists = UnsafeMutablePointer<List>.allocate(capacity: sizes)

    init() {
        lists.initialize(repeating: List(first: nil, count: 0), count: FramePool.sizes)
    }

    deinit {
        for size in 0..<FramePool.sizes {
            while let first = lists[size].first {
                lists[size].first = first.takeUnretainedValue().next
                first.release()
            }
        }
        lists.deallocate()
    }

    /// Lets the kept frames go of their parents, which may be garbage in cycles.
    func releaseParents() {
        for size in 0..<FramePool.sizes {
            var next = lists[size].first
            while let frame = next?.takeUnretainedValue() {
                frame.releaseParent()
                next = frame.next
            }
        }
    }

    /// Lets the kept frames of `slotCount` slots go of `parent`: the frames of calls of
    /// closures made in `parent`'s call, which would otherwise keep it from looking free.
    func release(parent: Frame, slotCount: Int) {
        guard slotCount < FramePool.sizes else { return }
        var next = lists[slotCount].first
        while let frame = next?.takeUnretainedValue() {
            if frame.parent === parent { frame.releaseParent() }
            next = frame.next
        }
    }

    @inline(__always)
    func make(slotCount: Int, parent: Frame?) -> Frame {
        guard slotCount < FramePool.sizes, let first = lists[slotCount].first else {
            return Frame.make(slotCount: slotCount, parent: parent)
        }
        let frame = first.takeRetainedValue()
        lists[slotCount].first = frame.next
        lists[slotCount].count -= 1
        frame.reuse(parent: parent)
        return frame
    }

    /// Takes back the frame of a call that has returned; the caller must hold the only
    /// reference to it.
    @inline(__always)
    func recycle(_ frame: consuming Frame) {
        assert(isKnownUniquelyReferenced(&frame), "a frame still referenced was given back")
        let size = frame.slotCount
        guard size < FramePool.sizes, lists[size].count < FramePool.perSize else { return }
        frame.clear(next: lists[size].first)
        lists[size].first = Unmanaged.passRetained(frame)
        lists[size].count += 1
    }
}

/// The top-level names of one interpreter: built-ins first, then the program's own.
/// Each name has a cell of its own that never moves, so compiled code reads a global
/// through a pointer it was given once, and slots stay valid across REPL entries.
final class Globals {
    private(set) var names: [String] = []
    private var slotOfName: [String: Int] = [:]
    /// Read at run time (`for` over a global, `v[i] = x` on one): no exclusivity checks.
    @exclusivity(unchecked) private var cells: [UnsafeMutablePointer<Value?>] = []
    /// Functions that `define` replaced. The host may set a name during a run (from its
    /// output callback, say) while a call of the function there is running without holding
    /// it (see `Lowering.call`): such functions are kept until the next run starts.
    private(set) var replacedFunctions: [Value] = []
    /// Where the program first gave a built-in's name another value (`grad = grad(f, p)`):
    /// a later call of the name says what hid the built-in.
    private(set) var hiddenBuiltins: [String: SourceRange] = [:]

    deinit {
        for cell in cells {
            cell.deinitialize(count: 1)
            cell.deallocate()
        }
    }

    func slot(for name: String) -> Int {
        if let slot = slotOfName[name] { return slot }
        let cell = UnsafeMutablePointer<Value?>.allocate(capacity: 1)
        cell.initialize(to: nil)
        cells.append(cell)
        names.append(name)
        slotOfName[name] = names.count - 1
        return names.count - 1
    }

    func cell(_ slot: Int) -> UnsafeMutablePointer<Value?> { cells[slot] }

    func define(_ name: String, _ value: Value) {
        let cell = cells[slot(for: name)]
        if case .function? = cell.pointee { replacedFunctions.append(cell.pointee!) }
        cell.pointee = value
    }

    /// Notes an assignment to `name` at `range` if it hides the built-in of that name.
    func noteAssignment(to name: String, at range: SourceRange) {
        guard hiddenBuiltins[name] == nil, case .function(let f)? = value(of: name), f is Builtin,
              f.name == name else { return }
        hiddenBuiltins[name] = range
    }

    /// Called when a run starts, when no call of a replaced function can be running.
    func releaseReplacedFunctions() {
        replacedFunctions.removeAll()
    }

    func value(of name: String) -> Value? {
        slotOfName[name].flatMap { cells[$0].pointee }
    }

    /// The value of every name that has one: the roots of a collection.
    var values: [Value] { cells.compactMap(\.pointee) }

    /// The defined names, for completion, `:vars` and "did you mean".
    var definedNames: [String] {
        names.indices.compactMap { cells[$0].pointee == nil ? nil : names[$0] }
    }
}
