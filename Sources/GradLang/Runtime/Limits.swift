/// Bounds that turn a runaway program into an error instead of a hang, a crash or an
/// out-of-memory kill. Every limit raises a `GradError` of kind `.limit`; the interpreter
/// stays usable, with its names, afterwards.
///
/// The defaults keep one interpreter well under 200 MB whatever a script does with
/// vectors and strings, and let ordinary programs (10,000-deep recursion, a 1000 × 1000
/// matrix) run. A host running untrusted code should also set `maxSteps`, or cancel from
/// a timer (`Interpreter.cancel()`), since only that stops `while true {}`.
///
///     var limits = Limits()
///     limits.maxSteps = 1_000_000
///     interpreter.limits = limits
///
/// Set limits between runs, not while a run is going on.
public struct Limits: Sendable, Equatable {
    /// Loop iterations and calls one `run` may take, and the work of built-ins (each
    /// element they make or visit, each step of `descend`...); nil for no bound.
    public var maxSteps: Int? = nil
    /// Nested calls of Grad functions (recursion depth).
    public var maxCallDepth: Int = 10_000
    /// Elements of any one vector; a matrix counts all its numbers (`zeros(1000, 1000)` is
    /// 1,000,000), and so does the result of arithmetic on one.
    /// A number in a vector takes 24 bytes: the default is 24 MB per vector.
    public var maxVectorLength: Int = 1_000_000
    /// Characters (Unicode scalars) of any one string.
    public var maxStringLength: Int = 16 << 20
    /// How deeply vectors may nest: a vector of numbers is 1, a matrix 2. Printing,
    /// comparing and freeing a value recurse through its levels, so this bound is what
    /// keeps them safe on any thread.
    public var maxValueNesting: Int = 1_000
    /// Bytes a run may hold in what grows with the program without being a single value:
    /// the record (tape) a running `grad`, `hessian`, `jacobian` or `descend` keeps of every
    /// operation, and, measured as the process's resident memory grown since the run
    /// started, everything else (vectors held by many names or closures, frames). 2 GiB;
    /// `grad --memory` sets it for the command.
    public var maxMemory: Int = 2 << 30

    public init() {}

    /// The same limits with every negative bound raised to 0, so that the arithmetic
    /// that checks them (`limit - used`, say) cannot overflow.
    var withoutNegatives: Limits {
        var limits = self
        limits.maxSteps = maxSteps.map { max($0, 0) }
        limits.maxCallDepth = max(maxCallDepth, 0)
        limits.maxVectorLength = max(maxVectorLength, 0)
        limits.maxStringLength = max(maxStringLength, 0)
        limits.maxValueNesting = max(maxValueNesting, 0)
        limits.maxMemory = max(maxMemory, 0)
        return limits
    }

    /// Limits with every field given, for hosts that like one expression.
    public init(maxSteps: Int? = nil, maxCallDepth: Int = 10_000, maxVectorLength: Int = 1_000_000,
                maxStringLength: Int = 16 << 20, maxValueNesting: Int = 1_000, maxMemory: Int = 2 << 30) {
        self.maxSteps = maxSteps
        self.maxCallDepth = maxCallDepth
        self.maxVectorLength = maxVectorLength
        self.maxStringLength = maxStringLength
        self.maxValueNesting = maxValueNesting
        self.maxMemory = maxMemory
    }
}

extension Limits {
    /// `2 GiB`, `512 MiB`, `1500 bytes`: a byte count as messages show it.
    static func describe(bytes: Int) -> String {
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift {
            let amount = Double(bytes) / Double(1 << shift)
            return amount == amount.rounded() ? "\(Int(amount)) \(unit)" : "\(Display.text(of: .number((amount * 10).rounded() / 10))) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
