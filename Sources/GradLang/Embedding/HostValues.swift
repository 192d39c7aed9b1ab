/// Values crossing between Grad and its host: tracked numbers turned back into plain
/// ones, and the numbers of a value listed in order (what a host function's derivative
/// sees) and put back.
enum HostValues {
    /// `value` with every tracked number replaced by its plain value. A vector without
    /// tracked numbers is returned as it is (no copy), and a vector that appears in several
    /// places is converted once, so `v = [v, v]` repeated stays cheap.
    static func untracked(_ value: Value) -> Value {
        plain(value).value
    }

    /// `untracked`, and whether a tracked number of a running `grad` was found: then a
    /// host function's result must be recorded for differentiation.
    static func plain(_ value: Value) -> (value: Value, hasLiveNumbers: Bool) {
        switch value {
        case .tracked(let t): return (.number(t.value), t.isLive)
        case .vector(let elements):
            var converter = Converter()
            guard let changed = converter.convert(elements) else { return (value, false) }
            return (.vector(changed), converter.foundLive)
        default: return (value, false)
        }
    }

    static func plain(_ values: [Value]) -> (values: [Value], hasLiveNumbers: Bool) {
        var converter = Converter()
        return (converter.convert(values) ?? values, converter.foundLive)
    }

    /// Walks nested vectors with a list, not recursion (`value(of:)` runs on the host's
    /// thread, whose stack may be small).
    private struct Converter {
        var foundLive = false
        /// Converted vectors by the address of their storage; nil: nothing to convert.
        var known: [UnsafeRawPointer: [Value]?] = [:]

        private struct Level {
            let elements: [Value]
            var next = 0
            var converted: [Value]?
        }

        private static func identity(_ elements: [Value]) -> UnsafeRawPointer? {
            elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
        }

        /// The converted elements, or nil when none needed converting.
        mutating func convert(_ root: [Value]) -> [Value]? {
            var stack = [Level(elements: root)]
            while true {
                let top = stack.count - 1
                let i = stack[top].next
                if i < stack[top].elements.count {
                    stack[top].next += 1
                    switch stack[top].elements[i] {
                    case .tracked(let t):
                        if t.isLive { foundLive = true }
                        replace(i, with: .number(t.value), in: &stack[top])
                    case .vector(let inner):
                        if let id = Converter.identity(inner), let result = known[id] {
                            if let result { replace(i, with: .vector(result), in: &stack[top]) }
                        } else {
                            stack.append(Level(elements: inner))
                        }
                    default:
                        break
                    }
                    continue
                }
                let finished = stack.removeLast()
                if finished.elements.count > 1, let id = Converter.identity(finished.elements) {
                    known[id] = .some(finished.converted)
                }
                guard let parent = stack.indices.last else { return finished.converted }
                if let changed = finished.converted {
                    replace(stack[parent].next - 1, with: .vector(changed), in: &stack[parent])
                }
            }
        }

        private func replace(_ i: Int, with value: Value, in level: inout Level) {
            if level.converted == nil { level.converted = level.elements }
            level.converted![i] = value
        }
    }

    /// The numbers in `values`, vectors flattened, in order.
    static func numbers(in values: [Value]) -> [Value] {
        var out: [Value] = []
        func visit(_ value: Value) {
            switch value {
            case .number, .tracked: out.append(value)
            case .vector(let elements): elements.forEach(visit)
            default: break
            }
        }
        values.forEach(visit)
        return out
    }

    /// `values` with their numbers (in the order `numbers(in:)` lists them) replaced by
    /// `replacements`.
    static func replacingNumbers(in values: [Value], with replacements: [Value]) -> [Value] {
        var next = 0
        func rebuild(_ value: Value) -> Value {
            switch value {
            case .number, .tracked:
                defer { next += 1 }
                return replacements[next]
            case .vector(let elements):
                return .vector(elements.map(rebuild))
            default:
                return value
            }
        }
        return values.map(rebuild)
    }
}
