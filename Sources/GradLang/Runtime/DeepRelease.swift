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
