import Foundation

/// Runs Grad on a thread of its own with a large stack, so deep (but bounded) recursion
/// and deeply nested data never overflow the caller's stack, whatever thread calls in.
enum EvaluationThread {
    /// Reserved, not committed: a shallow program touches only a few pages of it.
    static let stackSize = 512 << 20

    /// Carries the work to the evaluation thread and the result back; the caller waits.
    private final class Handoff<T>: @unchecked Sendable {
        var work: (() throws -> T)?
        var result: Result<T, Error>?
        let done = DispatchSemaphore(value: 0)

        func perform() {
            result = Result { try work!() }
            work = nil  // release the caller's closure before the caller resumes
            done.signal()
        }
    }

    static func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let handoff = Handoff<T>()
            handoff.work = body
            let thread = Thread { handoff.perform() }
            thread.stackSize = stackSize
            thread.start()
            handoff.done.wait()
            return try handoff.result!.get()
        }
    }
}
