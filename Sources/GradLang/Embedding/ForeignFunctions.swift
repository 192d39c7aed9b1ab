/// Keeps functions in the interpreter that made them.
///
/// A user function's code reads and writes the names of the interpreter that compiled it,
/// and that interpreter may be running on another thread, or gone. So a function a host
/// hands to another interpreter (`setValue`, a host function's result) arrives as a
/// function that refuses to run, with a message saying why: a clean error rather than a
/// data race. Numbers, vectors, strings, built-ins and host functions move freely.
enum ForeignFunctions {
    /// `value`, with every function of another interpreter than the one owning `globals`
    /// replaced by one that says so when called.
    static func admitted(_ value: Value, into globals: Globals) -> Value {
        guard isForeign(value, globals) else { return value }
        var converted: [UnsafeRawPointer: Value] = [:]
        return replacingForeign(value, globals, &converted)
    }

    /// A vector shared by several places is converted once (`converted`, by the address of
    /// its elements).
    private static func replacingForeign(_ value: Value, _ globals: Globals,
                                         _ converted: inout [UnsafeRawPointer: Value]) -> Value {
        switch value {
        case .function(let f):
            guard let owner = owner(of: f), owner !== globals else { return value }
            return .function(ForeignFunction(name: f.name))
        case .vector(let elements):
            let address = elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
            if let address, let done = converted[address] { return done }
            let result = Value.vector(elements.map { replacingForeign($0, globals, &converted) })
            if let address { converted[address] = result }
            return result
        default:
            return value
        }
    }

    /// Whether `value` holds a function of another interpreter.
    private static func isForeign(_ value: Value, _ globals: Globals) -> Bool {
        value.containsFunction { f in owner(of: f).map { $0 !== globals } ?? false }
    }

    private static func owner(of function: Callable) -> Globals? {
        switch function {
        case let closure as Closure: return closure.code.globals
        case let gradient as GradientFunction: return owner(of: gradient.function)
        default: return nil
        }
    }
}

/// What a function of another interpreter becomes (see `ForeignFunctions`).
final class ForeignFunction: Callable, @unchecked Sendable {
    init(name: String) {
        super.init(name: name, arity: nil)
    }

    override func call(_ arguments: Arguments, _ context: Context) throws -> Value {
        throw GradError.runtime(.foreignFunction(name))
    }
}
