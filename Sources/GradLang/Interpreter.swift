import Synchronization

/// The public face of Grad: run source, read values back, register host functions,
/// capture output, set limits, cancel.
///
///     let grad = Interpreter()
///     try grad.run("f(x, y) = x^2 + y^2")
///     try grad.run("grad(f, [1, 2])")   // .vector([.number(2), .number(4)])
///
/// Names persist between calls of `run`, and after errors. One interpreter runs one
/// program at a time (a second `run` while one is going on throws); separate
/// interpreters share nothing and may run on separate threads at once. `cancel()` may
/// be called from any thread; everything else belongs to the thread that uses the
/// interpreter (or to a host function's body, during a run). It is `Sendable` so that it
/// can move to another thread and be captured by the (Sendable) host functions, not so
/// that two threads may use it at once.
///
/// A script can reach no file, process, network or environment variable: the only
/// ways out are `print` (through `output`), the functions the host defines, and the
/// plot built-ins' `file:` option, which writes an SVG file.
public final class Interpreter: @unchecked Sendable {
    private let globals = Globals()
    private let topFrame = Frame.make(slotCount: 0, parent: nil)
    private let context: Context
    /// Set it (from any thread, even a signal handler) to stop the running computation.
    public let cancellation = CancelFlag()
    /// Whether a `run` is going on, so a second one (another thread, or a host function
    /// calling back in) is refused instead of corrupting the first.
    private let running = Atomic<Bool>(false)

    public init() {
        context = Context(globals: globals, limits: Limits(), cancelFlag: cancellation, output: { _ in })
        context.output = { Swift.print($0, terminator: "") }
        Library.install(into: globals)
    }

    deinit {
        // The names go now, even if a function the host keeps still holds `globals`: that
        // breaks the cycle names → function → code → names, and such a function cannot
        // run anywhere else (see `ForeignFunctions`). Freeing a long chain of closures or
        // nested vectors recurses once per link: do it on the evaluation thread's big
        // stack, not on whatever thread drops us.
        let cycles = context.cycles
        let globals = self.globals
        guard globals.holdsDeepValues || cycles.isTracking else {
            globals.clearValues()
            return
        }
        try? EvaluationThread.run {
            globals.clearValues()
            cycles.collectAll()
        }
    }

    /// Receives everything `print` writes (and notes, such as a numeric-gradient notice),
    /// each call one piece of text that ends in a newline. Standard output by default.
    /// It is called on the evaluation thread, during `run`, hence `@Sendable`. When it
    /// throws (the host could not write: a full disk, a closed pipe), the run stops with a
    /// runtime error at the `print` (or picture, or trace) that wrote:
    /// `cannot write the output: ...` and the error's description.
    public var output: @Sendable (String) throws -> Void {
        get { context.output }
        set { context.output = newValue }
    }

    /// When set, pictures drawn without `file:` come here as SVG (`Picture`) instead of
    /// being drawn as terminal text through `output`; their notes still go to `output`.
    /// Their `width:` and `height:` still count terminal characters, made pixels at 8 a
    /// column and 16 a row, so one program draws the same shapes in both places (the
    /// default is 640 pixels wide). Called on the evaluation thread, during `run`; when it
    /// throws, the run stops with a runtime error at the picture:
    /// `cannot show the picture: ...`.
    public var pictureOutput: (@Sendable (Picture) throws -> Void)? {
        get { context.pictureOutput }
        set { context.pictureOutput = newValue }
    }

    /// Receives notes, one line each (`note: abs is not differentiable at 0 (line 3); grad
    /// used 0`): the choices `grad` made where a derivative does not exist, and functions
    /// it differentiated numerically. Unset, they go to `output`; `{ _ in }` silences them.
    public var notes: (@Sendable (String) -> Void)? {
        get { context.notes }
        set { context.notes = newValue }
    }

    /// The size and colour of terminal pictures, and whether `file:` may write SVG files
    /// (off unless the host turns it on).
    public var plotSettings: PlotSettings {
        get { context.plotSettings }
        set { context.plotSettings = newValue }
    }

    /// The bounds every `run` is held to; see `Limits`. Set them between runs. Any Int is
    /// accepted: `Int.max` means no bound in practice, and a negative bound counts as 0.
    public var limits: Limits {
        get { context.limits }
        set { context.limits = newValue.withoutNegatives }
    }

    /// Stops the run in progress, from any thread: it throws a `GradError` of kind
    /// `.interrupted` within about a millisecond of evaluation (a host function's body is
    /// not interrupted; the run stops once it returns). A `cancel()` when nothing is
    /// running does not affect later runs.
    public func cancel() { cancellation.set() }

    /// Parses all of `source`, then runs it. Returns the value of the last statement when
    /// that is an expression, else `.none`. Throws `GradError` for a syntax error, a
    /// runtime error, a limit or cancellation; the names defined before the error stay.
    ///
    /// Evaluation happens on a thread with a 512 MiB stack, whatever thread calls `run`;
    /// the caller waits for it.
    @discardableResult
    public func run(_ source: String) throws -> Value {
        try run(source, fileName: "<input>")
    }

    /// `run`, naming the source in error messages (`lesson.grad:3:5: error: ...`).
    @discardableResult
    public func run(_ source: String, fileName: String) throws -> Value {
        try runEntry(source, fileName: fileName).value
    }

    /// `run` for an entry typed at a prompt or in a notebook cell: also tells whether the
    /// entry ends with `;` after its last statement (comments aside), which asks the prompt
    /// not to show the value. The parser saw that `;`, so a `;` inside a string, a comment
    /// or a `{...}` interpolation does not count.
    public func runEntry(_ source: String, fileName: String = "<input>") throws -> (value: Value, silenced: Bool) {
        guard running.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            throw GradError.runtime(.alreadyRunning)
        }
        defer { running.store(false, ordering: .releasing) }
        cancellation.clear()
        let file = SourceFile(name: fileName, text: source)
        try checkSourceSize(file)
        return try EvaluationThread.run {
            let program = try Parser.parseProgram(file)
            var resolver = Resolver(globals: globals)
            var lowering = Lowering(try resolver.resolve(program.statements), globals: globals)
            let nodes = lowering.lower(program.statements)
            let value = try evaluate(nodes, endsWithExpression: program.statements.last?.isExpression ?? false)
            return (value, program.endsWithSemicolon)
        }
    }

    /// Tokens, syntax tree and compiled nodes take up to about 210 bytes a character of
    /// source (measured: `f(1)` lines; `;` alone takes 80): a program whose parse could pass
    /// the memory budget is refused before it starts.
    private static let parseBytesPerCharacter = 256

    private func checkSourceSize(_ file: SourceFile) throws {
        let size = file.text.utf8.count
        let largest = context.limits.maxMemory / Interpreter.parseBytesPerCharacter
        guard size > largest else { return }
        let start = SourceLocation(line: 1, column: 1)
        throw GradError(.limit, .programTooLarge(bytes: size, budget: context.limits.maxMemory, largest: largest,
                                                 bytesPerCharacter: Interpreter.parseBytesPerCharacter),
                        at: SourceRange(file: file, start: start, end: start))
    }

    private func evaluate(_ nodes: [Node], endsWithExpression: Bool) throws -> Value {
        context.startRun()
        // No call is running: functions the host replaced may go (see `Lowering.call`).
        globals.releaseReplacedFunctions()
        var result = Value.none
        // The run has ended, with or without an error: no call is running and no built-in
        // holds values, so the names and the result are all that reach the program's frames.
        defer { collectCycles(keeping: result) }
        for node in nodes {
            do {
                result = try node.evaluate(topFrame, context)
                // A stop asked for since the last check (made every 1024 steps): nothing
                // more runs, and the run does not count as finished.
                try context.checkInterrupt()
            } catch let error as GradError {
                // A limit or a cancellation met in a top-level loop has no place yet: the statement's.
                throw error.located(at: node.range)
            }
        }
        if !endsWithExpression { result = .none }
        return exported(HostValues.untracked(result))
    }

    private func collectCycles(keeping result: Value) {
        guard context.cycles.isTracking else { return }
        context.cycles.collect(roots: globals.values + globals.replacedFunctions + [result])
    }

    /// A value handed to the host: the functions in it are kept whole while the host holds them.
    private func exported(_ value: Value) -> Value {
        if value.mayReferToFunctions { context.cycles.export(value) }
        return value
    }

    /// The value of a global name, if it has one.
    public func value(of name: String) -> Value? {
        globals.value(of: name).map { exported(HostValues.untracked($0)) }
    }

    /// Sets a global name, as `name = value` would. A user function made by another
    /// interpreter arrives as one that refuses to run (see `ForeignFunctions`).
    public func setValue(_ value: Value, for name: String) {
        globals.define(name, ForeignFunctions.admitted(value, into: globals))
    }

    /// Every defined global name, built-ins included, for completion and `:vars`.
    public var names: [String] { globals.definedNames }

    /// The names the program (or the host) defined, not the built-ins, in the order they
    /// were defined.
    public var userNames: [String] {
        let builtin = Set(Library.builtins.map(\.name) + Library.constants.map(\.0))
        return globals.definedNames.filter { !builtin.contains($0) || !isBuiltinValue($0) }
    }

    private func isBuiltinValue(_ name: String) -> Bool {
        switch globals.value(of: name) {
        case .function(let f): return f is Builtin && f.name == name
        case .number(let x): return Library.constants.contains { $0.0 == name && ($0.1 == x || ($0.1.isNaN && x.isNaN)) }
        default: return false
        }
    }

    // MARK: - Host functions

    /// Makes `name` a Grad function that runs `body` with the arguments of each call.
    ///
    ///     interpreter.define("clamp", arity: 3) { args in
    ///         guard let x = args[0].doubleValue, let lo = args[1].doubleValue, let hi = args[2].doubleValue
    ///         else { throw HostError("clamp takes numbers") }
    ///         return .number(min(max(x, lo), hi))
    ///     }
    ///
    /// Errors the body throws become Grad runtime errors at the call. `grad` (and
    /// `hessian`, `descend`...) differentiates through it by central differences on this
    /// function alone, writing a note through `output` once; the chain rule through the
    /// rest of the program stays exact. The body runs on the evaluation thread, during
    /// `run`; it may read and set names of this interpreter but not call `run`.
    public func define(_ name: String, arity: Int, _ body: @escaping @Sendable ([Value]) throws -> Value) {
        precondition(arity >= 0, "arity must be at least 0")
        globals.define(name, .function(HostFunction(name: name, arity: arity, derivative: nil, body: body)))
    }

    /// Makes `name` a Grad function whose gradient the host knows: `derivative` gets the
    /// numbers of the arguments (vectors flattened, in order) and returns ∂f/∂ each of them,
    /// so `grad` through it is exact. `body` must then return a number.
    ///
    ///     interpreter.define("softplus", arity: 1, derivative: { x in [1 / (1 + exp(-x[0]))] }) { args in
    ///         .number(log1p(exp(args[0].doubleValue!)))
    ///     }
    public func define(_ name: String, arity: Int, derivative: @escaping @Sendable ([Double]) throws -> [Double],
                       _ body: @escaping @Sendable ([Value]) throws -> Value) {
        precondition(arity >= 0, "arity must be at least 0")
        globals.define(name, .function(HostFunction(name: name, arity: arity, derivative: derivative, body: body)))
    }
}

private extension Stmt {
    var isExpression: Bool {
        if case .expression = kind { return true }
        return false
    }
}

private extension Globals {
    /// Whether freeing the values could recurse deeply: nested vectors, or functions that
    /// may hold frames holding more functions.
    var holdsDeepValues: Bool {
        names.indices.contains { slot in
            switch cell(slot).pointee {
            case .vector(let elements)?: return elements.contains { !$0.isNumber }
            case .function(let f)?: return !(f is Builtin || f is HostFunction)
            default: return false
            }
        }
    }

    func clearValues() {
        for slot in names.indices { cell(slot).pointee = nil }
        // Their code holds these names too: kept, they would keep each other alive.
        releaseReplacedFunctions()
    }
}
