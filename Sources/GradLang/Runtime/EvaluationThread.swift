import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs Grad on a thread of its own with a large stack, so deep (but bounded) recursion
/// and deeply nested data never overflow the caller's stack, whatever thread calls in.
///
/// Threads are kept for reuse (a few idle ones at most): starting a thread per run costs
/// more than a short run itself, and thread churn upsets the thread sanitizer. After each
/// run the pages a deep recursion touched are handed back to the system, so an idle thread
/// holds almost no memory.
enum EvaluationThread {
    /// Reserved, not committed: a shallow program touches only a few pages of it.
    static let stackSize = 512 << 20
    /// Idle threads kept for the next runs; more run at once when several interpreters do.
    static let maxIdle = 4

    /// Carries the work to the evaluation thread and the result back; the caller waits.
    private final class Handoff<T>: @unchecked Sendable {
        var work: (() throws -> T)?
        var result: Result<T, Error>?

        func perform() {
            result = Result { try work!() }
            work = nil  // release the caller's closure before the caller resumes
        }
    }

    /// One big-stack thread, waiting for jobs.
    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
        var job: (() -> Void)?
        /// Signalled when the job is done and this worker is ready for the next one.
        var done: DispatchSemaphore?

        func loop() {
            let stack = Worker.stackBounds()
            while true {
                wake.wait()
                job!()
                job = nil
                if let stack { Worker.releasePages(of: stack) }
                let finished = done!
                done = nil
                // Back in the pool before the caller resumes, so its next run reuses this thread.
                let kept = EvaluationThread.withIdle { idle in
                    guard idle.count < EvaluationThread.maxIdle else { return false }
                    idle.append(self)
                    return true
                }
                finished.signal()
                if !kept { return }
            }
        }

        /// This thread's stack, from pthread_getattr_np (which the Glibc module does not
        /// export, hence dlsym).
        static func stackBounds() -> (low: UInt, high: UInt)? {
            #if canImport(Glibc)
            typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
            let getattr = unsafeBitCast(symbol, to: GetAttr.self)
            var attributes = pthread_attr_t()
            guard getattr(pthread_self(), &attributes) == 0 else { return nil }
            defer { pthread_attr_destroy(&attributes) }
            var address: UnsafeMutableRawPointer?
            var size = 0
            guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
            return (UInt(bitPattern: address), UInt(bitPattern: address) + UInt(size))
            #else
            return nil
            #endif
        }

        /// Gives back the pages of the stack a deep run touched, all but the top MiB (where
        /// this loop runs): without it a run that recursed 100 MB deep leaves 100 MB resident.
        static func releasePages(of stack: (low: UInt, high: UInt)) {
            #if canImport(Glibc)
            let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
            let low = (stack.low + (64 << 10) + page - 1) & ~(page - 1)
            let high = (stack.high - (1 << 20)) & ~(page - 1)
            guard high > low, let start = UnsafeMutableRawPointer(bitPattern: low) else { return }
            _ = madvise(start, Int(high - low), Int32(MADV_DONTNEED))
            #endif
        }

        static func start() -> Worker {
            let worker = Worker()
            let thread = Thread { worker.loop() }
            thread.stackSize = EvaluationThread.stackSize
            thread.start()
            return worker
        }
    }

    // An NSLock rather than Synchronization's Mutex: on Linux Mutex is built on futexes,
    // which the thread sanitizer cannot see, so it reports the pool as a race.
    nonisolated(unsafe) private static var idle: [Worker] = []
    private static let idleLock = NSLock()

    private static func withIdle<R>(_ body: (inout [Worker]) -> R) -> R {
        idleLock.withLock { body(&idle) }
    }

    static func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let handoff = Handoff<T>()
            handoff.work = body
            let done = DispatchSemaphore(value: 0)
            let worker = withIdle { $0.popLast() } ?? Worker.start()
            worker.job = { handoff.perform() }
            worker.done = done
            worker.wake.signal()
            done.wait()
            return try handoff.result!.get()
        }
    }
}
