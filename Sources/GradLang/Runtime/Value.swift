/// A Grad value. Vectors are Swift arrays, so they are values too: `v[i] = x` changes
/// only the vector held by `v` (copy-on-write does the rest).
public enum Value: Equatable, CustomStringConvertible, Sendable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case vector([Value])
    case function(Callable)
    case none
    /// A number that a gradient computation is following (see `Differentiation/`).
    /// Hosts never receive one: `run` returns plain numbers.
    case tracked(TrackedNumber)

    public var description: String { Display.text(of: self) }

    /// How the prompt shows the value: as `description`, but a vector of more than a
    /// thousand numbers shows only its ends, `[0, 1, 2, …, 99997, 99998, 99999]`.
    public var summary: String { Display.text(of: self, summarised: true) }

    /// The value as Grad source would write it: like `description`, but a string is quoted.
    public var literal: String {
        if case .string(let s) = self { return Display.quoted(s) }
        return description
    }

    /// The value as a plain `Double`, following a tracked number back to its value.
    var number: Double? {
        switch self {
        case .number(let x): return x
        case .tracked(let t): return t.value
        default: return nil
        }
    }

    var isNumber: Bool {
        switch self {
        case .number, .tracked: return true
        default: return false
        }
    }

    /// The name users see in messages: `number`, `vector`, ...
    var typeName: String {
        switch self {
        case .number, .tracked: return "number"
        case .bool: return "bool"
        case .string: return "string"
        case .vector(let elements):
            return elements.first.map { $0.isVector } == true ? "matrix" : "vector"
        case .function: return "function"
        case .none: return "none"
        }
    }

    var isVector: Bool {
        if case .vector = self { return true }
        return false
    }

    var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// Whether both are the same vector or string in memory, not merely equal: then
    /// neither can have changed since the other was read.
    func sharesStorage(with other: Value) -> Bool {
        switch (self, other) {
        case (.vector(let a), .vector(let b)):
            return a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { $0.baseAddress == p.baseAddress } }
        case (.string(let a), .string(let b)):
            // A small string lives inside the value: each is copied out to a temporary of
            // its own, whose addresses differ, so it never counts as shared.
            return a.utf8.withContiguousStorageIfAvailable { p in
                b.utf8.withContiguousStorageIfAvailable { $0.baseAddress == p.baseAddress && $0.count == p.count }
            } == true
        default:
            return false
        }
    }

    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.number, .number), (.number, .tracked), (.tracked, .number), (.tracked, .tracked):
            return a.number == b.number
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.vector(let x), .vector(let y)): return Value.equal(x, y)  // no recursion: any stack will do
        case (.function(let f), .function(let g)): return f === g
        case (.none, .none): return true
        default: return false
        }
    }
}

extension Value {
    /// Equality of two vectors, element by element through every level, without
    /// recursion. Like `Array`'s, it treats the same storage as equal without looking.
    static func equal(_ x: [Value], _ y: [Value]) -> Bool {
        var stack: [(a: [Value], b: [Value], next: Int)] = [(x, y, 0)]
        while let (a, b, i) = stack.last {
            if i == 0 {
                if a.count != b.count { return false }
                let same = a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { q in p.baseAddress == q.baseAddress } }
                if same {
                    stack.removeLast()
                    continue
                }
            }
            if i == a.count {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            switch (a[i], b[i]) {
            case (.vector(let u), .vector(let v)): stack.append((u, v, 0))
            case (.vector, _), (_, .vector): return false
            case let (p, q): if p != q { return false }
            }
        }
        return true
    }
}
