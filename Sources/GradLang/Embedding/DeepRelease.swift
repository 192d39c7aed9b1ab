#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frees the values of a frame without recursing once per link of a chain.
///
/// A closure holds the frame it was made in, and a frame may hold closures:
/// `mk(x) = () -> x; for i in range(3000000) { v = mk(v) }` builds a chain of three
/// million frames with no recursion at all, and freeing it the ordinary way recurses
/// three million times (a crash, even on the evaluation thread's 512 MiB stack). Here
/// the outermost frame being freed drains a per-thread list of values, and frames freed
/// meanwhile only add their values to the list: the stack stays flat.
enum DeepRelease {
    /// Whether freeing these slots could start a chain: they hold functions or vectors.
    @inline(__always)
    static func mayChain(_ slots: UnsafeMutablePointer<Value?>, count: Int) -> Bool {
        for i in 0..<count {
            switch slots[i] {
            case .function?, .vector?: return true
            default: continue
            }
        }
        return false
    }

    /// Deinitializes `count` slots, freeing what they hold without deep recursion.
    static func release(_ slots: UnsafeMutablePointer<Value?>, count: Int) {
        let queue = Queue.current
        if queue.isDraining {
            for i in 0..<count { queue.pending.append((slots + i).move()) }
            return
        }
        queue.isDraining = true
        slots.deinitialize(count: count)
        while let value = queue.pending.popLast() {
            _ = value  // freed here; the frames it frees add to `pending`
        }
        queue.isDraining = false
        if queue.pending.capacity > 4096 { queue.pending = [] }
    }

    /// Breaks the reference cycle a finished call can leave behind: a closure made in the
    /// call and stored in one of its variables (`f(x) = { g = y -> x + y; g(1) }`) holds the
    /// frame, and the frame holds the closure, so neither would ever be freed.
    ///
    /// `frame` is the caller's only reference to the call's frame. If every closure in its
    /// slots that captured it is referenced by that slot alone, they are dropped; if the
    /// frame is then referenced by nothing else, it is garbage and the caller frees it.
    /// Otherwise something outside still reaches the frame (another closure made in it
    /// escaped), and the slots get equivalent closures back: no one outside held the
    /// dropped ones, so no one can tell. Closures kept in vectors or wrapped (`grad(g)`)
    /// are left alone, and so is their cycle.
    static func breakCycles(_ frame: inout Frame) {
        let count = frame.header.slotCount
        var own: [(slot: Int, code: FunctionCode)] = []
        for i in 0..<count {
            if case .function(let f)? = frame[i], let closure = f as? Closure, closure.captured === frame {
                own.append((i, closure.code))
            }
        }
        if own.isEmpty { return }
        var taken: [Callable] = []
        taken.reserveCapacity(own.count)
        for (position, entry) in own.enumerated() {
            var held: Callable?
            if case .function(let f)? = frame[entry.slot] { held = f }
            frame[entry.slot] = nil
            guard isKnownUniquelyReferenced(&held), let closure = held else {
                // Referenced from elsewhere: the frame lives on with it. Put everything back.
                frame[entry.slot] = held.map(Value.function)
                for (slot, callable) in zip(own.prefix(position).map(\.slot), taken) { frame[slot] = .function(callable) }
                return
            }
            held = nil
            taken.append(closure)
        }
        taken.removeAll()
        if isKnownUniquelyReferenced(&frame) { return }
        for entry in own { frame[entry.slot] = .function(Closure(code: entry.code, captured: frame)) }
    }

    /// The values waiting to be freed on this thread.
    final class Queue {
        var isDraining = false
        var pending: [Value?] = []

        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            let status = pthread_key_create(&key) { pointer in
                #if canImport(Darwin)
                Unmanaged<Queue>.fromOpaque(pointer).release()
                #else
                if let pointer { Unmanaged<Queue>.fromOpaque(pointer).release() }
                #endif
            }
            precondition(status == 0, "pthread_key_create failed")
            return key
        }()

        static var current: Queue {
            if let pointer = pthread_getspecific(key) {
                return Unmanaged<Queue>.fromOpaque(pointer).takeUnretainedValue()
            }
            let queue = Queue()
            pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque())
            return queue
        }
    }
}
