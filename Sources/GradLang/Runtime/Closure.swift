/// A compiled function body: what `f(x, y) = ...` and `(x, y) -> ...` turn into.
final class FunctionCode {
    let name: String
    let parameters: [String]
    let slotCount: Int
    let body: Node
    /// Set when the body creates closures (lambdas, local definitions), which keep the
    /// frame of a call alive after it returns; frames of other functions are reused.
    let closures: Closures?
    let range: SourceRange
    /// The function as written, for showing its derivatives as formulas.
    let syntax: Function
    /// The top-level names of the interpreter that compiled the body. The body reads and
    /// calls them through their cells, so the code holds them: a function value kept by a
    /// host never reads freed memory. (`Interpreter.deinit` empties the cells, breaking the
    /// cycle names → function → code → names; a kept function then finds its names unset.)
    let globals: Globals

    /// What the resolver found out about the frames of a function that makes closures.
    struct Closures {
        /// Slots no nested function reads: once a call returns, nothing can reach them.
        let uncapturedSlots: [Int]
        /// A nested function index-assigns one of the function's names, so a frame can
        /// change after its call has returned.
        let slotsWrittenFromInside: Bool
    }

    init(name: String, parameters: [String], slotCount: Int, body: Node, closures: Closures?,
         range: SourceRange, syntax: Function, globals: Globals) {
        self.name = name
        self.parameters = parameters
        self.slotCount = slotCount
        self.body = body
        self.closures = closures
        self.range = range
        self.syntax = syntax
        self.globals = globals
    }

    // A method rather than `code.body.evaluate(...)` in the caller, which retained the body.
    @inline(__always)
    func run(_ frame: Frame, _ context: Context) throws -> Value {
        try body.evaluate(frame, context)
    }
}

/// A user function or lambda together with the frame it was created in.
final class Closure: Callable, @unchecked Sendable {
    let code: FunctionCode
    let captured: Frame

    init(code: FunctionCode, captured: Frame, serial: UInt64) {
        self.code = code
        self.captured = captured
        super.init(name: code.name, arity: code.parameters.count, serial: serial)
    }

    override var displayName: String { "<function \(name)(\(code.parameters.joined(separator: ", ")))>" }
    override var parameterNames: [String]? { code.parameters }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        if let named = arguments.named.first {
            throw GradError.runtime(.namedArgumentToFunction(function: name, label: named.label))
        }
        try checkArity(arguments.count)
        return try withFrame(context) { frame in
            for (i, value) in arguments.positional.enumerated() { frame[i] = value }
        }
    }

    /// Calls with the values of `arguments`, evaluated in `frame`, written straight into
    /// the new frame.
    @inline(__always)
    func call(evaluating arguments: ArgumentList?, count: Int, in frame: Frame, _ context: Context) throws -> Value {
        if arity != count { try checkArity(count) }
        return try withFrame(context) { newFrame in
            try arguments?.evaluate(into: newFrame, slot: 0, frame, context)
        }
    }

    /// Runs a call in a new frame whose parameters `fill` sets. A frame of a function
    /// that makes no closures cannot outlive the call, so it goes back to the pool (unless
    /// the call threw: then it is simply dropped). One that made closures may outlive it,
    /// perhaps in a reference cycle with them: `CycleCollector` sees to that.
    @inline(__always)
    private func withFrame(_ context: Context, _ fill: (Frame) throws -> Void) throws -> Value {
        if let closures = code.closures {
            var frame = Frame.make(slotCount: code.slotCount, parent: captured, serial: context.cycles.serial())
            defer { context.cycles.callReturned(&frame, closures) }
            try fill(frame)
            return try invoke(frame, context)
        }
        let frame = context.frames.make(slotCount: code.slotCount, parent: captured)
        try fill(frame)
        let result = try invoke(frame, context)
        context.frames.recycle(frame)
        return result
    }

    func checkArity(_ count: Int) throws {
        guard count != code.parameters.count else { return }
        throw GradError.runtime(.argumentCount(function: name, parameters: code.parameters.count, given: count))
    }

    /// Runs the body in `frame`, whose parameter slots are filled.
    @inline(__always)
    func invoke(_ frame: Frame, _ context: Context) throws -> Value {
        try context.enterCall()
        defer { context.leaveCall() }
        let result = try code.run(frame, context)
        guard context.completion == .returning else { return result }
        context.completion = .normal
        defer { context.returnValue = .none }
        return context.returnValue
    }
}
