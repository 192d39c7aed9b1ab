/// The public face of Grad: run source, read values back, capture output, set limits.
///
///     let grad = Interpreter()
///     try grad.run("f(x, y) = x^2 + y^2")
///     try grad.run("grad(f, [1, 2])")   // .vector([.number(2), .number(4)])
///
/// Names persist between calls of `run`. One interpreter runs one program at a time;
/// `cancel()` may be called from any thread.
public final class Interpreter {
    private let globals = Globals()
    private let topFrame = Frame.make(slotCount: 0, parent: nil)
    private let context: Context
    /// Set it (from any thread, even a signal handler) to stop the running computation.
    public let cancellation = CancelFlag()

    public init() {
        context = Context(globals: globals, limits: Limits(), cancelFlag: cancellation, output: { _ in })
        context.output = { Swift.print($0, terminator: "") }
        Library.install(into: globals)
    }

    /// Receives everything `print` writes.
    public var output: (String) -> Void {
        get { context.output }
        set { context.output = newValue }
    }

    public var limits: Limits {
        get { context.limits }
        set { context.limits = newValue }
    }

    /// Stops the running computation with an `interrupted` error.
    public func cancel() { cancellation.set() }

    /// Parses all of `source`, then runs it. Returns the value of the last statement when
    /// that is an expression, else `.none`.
    @discardableResult
    public func run(_ source: String, fileName: String = "<input>") throws -> Value {
        let file = SourceFile(name: fileName, text: source)
        return try EvaluationThread.run {
            let program = try Parser.parse(file)
            var resolver = Resolver(globals: globals)
            let nodes = try resolver.resolve(program)
            return try evaluate(nodes, endsWithExpression: program.last?.isExpression ?? false)
        }
    }

    private func evaluate(_ nodes: [Node], endsWithExpression: Bool) throws -> Value {
        context.startRun()
        globals.releaseReplacedFunctions()
        var result = Value.none
        for node in nodes {
            result = try node.evaluate(topFrame, context)
        }
        return endsWithExpression ? result.untracked : .none
    }

    /// The value of a global name, if it has one.
    public func value(of name: String) -> Value? {
        globals.value(of: name)?.untracked
    }

    /// Sets a global name, as `name = value` would.
    public func setValue(_ value: Value, for name: String) {
        globals.define(name, value)
    }

    /// Every defined global name, built-ins included, for completion and `:vars`.
    public var names: [String] { globals.definedNames }

    /// The names the program defined (not the built-ins), in the order they were defined.
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
}

private extension Stmt {
    var isExpression: Bool {
        if case .expression = kind { return true }
        return false
    }
}
