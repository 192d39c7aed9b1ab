/// A compiled function body: what `f(x, y) = ...` and `(x, y) -> ...` turn into.
final class FunctionCode {
    let name: String
    let parameters: [String]
    let slotCount: Int
    let body: Node
    /// True when the body creates closures (lambdas, local definitions), which keep the
    /// frame of a call alive after it returns. Other calls' frames are reused.
    let makesClosures: Bool
    /// True when the body indexes its only parameter (`w[0]`): `grad` then passes the
    /// point as a vector even when it has one coordinate.
    let indexesParameter: Bool
    let range: SourceRange

    init(name: String, parameters: [String], slotCount: Int, body: Node, makesClosures: Bool,
         indexesParameter: Bool, range: SourceRange) {
        self.name = name
        self.parameters = parameters
        self.slotCount = slotCount
        self.body = body
        self.makesClosures = makesClosures
        self.indexesParameter = indexesParameter
        self.range = range
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

    init(code: FunctionCode, captured: Frame) {
        self.code = code
        self.captured = captured
        super.init(name: code.name, arity: code.parameters.count)
    }

    override var displayName: String { "<function \(name)(\(code.parameters.joined(separator: ", ")))>" }
    override var parameterNames: [String]? { code.parameters }
    override var wantsVectorPoint: Bool { code.indexesParameter }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        if let named = arguments.named.first {
            throw GradError.runtime("\(name) takes no named arguments, but '\(named.label):' was given")
        }
        try checkArity(arguments.count)
        let frame = makeFrame(context)
        for (i, value) in arguments.positional.enumerated() { frame[i] = value }
        let result = try invoke(frame, context)
        finish(frame, context)
        return result
    }

    /// Calls with the values of `arguments`, evaluated in `frame`, written straight into
    /// the new frame.
    @inline(__always)
    func call(evaluating arguments: ArgumentList?, count: Int, in frame: Frame, _ context: Context) throws -> Value {
        if arity != count { try checkArity(count) }
        let newFrame = makeFrame(context)
        try arguments?.evaluate(into: newFrame, slot: 0, frame, context)
        let result = try invoke(newFrame, context)
        finish(newFrame, context)
        return result
    }

    /// A frame for one call, whose slots are all unset.
    @inline(__always)
    private func makeFrame(_ context: Context) -> Frame {
        code.makesClosures ? Frame.make(slotCount: code.slotCount, parent: captured)
            : context.frames.make(slotCount: code.slotCount, parent: captured)
    }

    /// Done with the frame of a call that returned (one that threw is simply dropped).
    @inline(__always)
    private func finish(_ frame: consuming Frame, _ context: Context) {
        if !code.makesClosures { context.frames.recycle(frame) }
    }

    func checkArity(_ count: Int) throws {
        guard count != code.parameters.count else { return }
        throw GradError.runtime("\(name) takes \(Closure.count(code.parameters.count, "argument")) "
                                + "but \(count) \(count == 1 ? "was" : "were") given")
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

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

extension Context {
    /// Calls `function` from a built-in (`grad`, `descend`, `plot`...); an error inside it
    /// records this call in the chain.
    func call(_ function: Callable, _ arguments: [Value], at range: SourceRange) throws -> Value {
        do {
            return try function.call(Arguments(positional: arguments, range: range), self)
        } catch var error as GradError where error.kind == .runtime || error.kind == .limit {
            if function is Closure, error.range != nil {
                error.callChain.append(.init(function: function.name, range: range))
            }
            throw error.located(at: range)
        }
    }
}
