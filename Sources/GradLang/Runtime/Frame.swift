/// The local variables of one function call, stored inline after the frame's header
/// (one allocation per call). `parent` is the frame the function was defined in, so a
/// closure can read and write its outer function's names.
final class Frame: ManagedBuffer<Frame.Header, Value?> {
    struct Header {
        let parent: Frame?
        let slotCount: Int
        /// A closure was made in this frame: when the call ends, it may be left in a
        /// reference cycle with a closure stored in one of its slots (`DeepRelease.breakCycles`).
        var madeClosure = false
    }

    static func make(slotCount: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: slotCount) { _ in Header(parent: parent, slotCount: slotCount) }
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

    var parent: Frame? { header.parent }

    /// A slot's storage; writing through it changes the value in place.
    @inline(__always)
    func slot(_ index: Int) -> UnsafeMutablePointer<Value?> {
        withUnsafeMutablePointerToElements { $0 + index }
    }

    subscript(index: Int) -> Value? {
        @inline(__always) get { slot(index).pointee }
        @inline(__always) set { slot(index).pointee = newValue }
    }

    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        for _ in 0..<depth { frame = frame.parent! }
        return frame
    }
}

/// The top-level names of one interpreter: built-ins first, then the program's own.
/// Each name has a cell of its own that never moves, so compiled code reads a global
/// through a pointer it was given once, and slots stay valid across REPL entries.
final class Globals {
    private(set) var names: [String] = []
    private var slotOfName: [String: Int] = [:]
    private var cells: [UnsafeMutablePointer<Value?>] = []

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
        cells[slot(for: name)].pointee = value
    }

    func value(of name: String) -> Value? {
        slotOfName[name].flatMap { cells[$0].pointee }
    }

    /// The defined names, for completion, `:vars` and "did you mean".
    var definedNames: [String] {
        names.indices.compactMap { cells[$0].pointee == nil ? nil : names[$0] }
    }
}
