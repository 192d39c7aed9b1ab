/// Checks that keep values within `Limits.maxValueNesting` and `Limits.maxVectorLength`
/// where vectors are built from other vectors: vector literals, `append`, `v[i] = x`,
/// values a host hands in, arithmetic on nested vectors.
///
/// Every vector that exists passed these checks when it was built, so a new vector is
/// within the nesting limit when each element that is itself a vector is at least one
/// level inside it. Only elements that are vectors cost anything to check: `[1, 2, 3]`
/// and `append(v, 1)` never walk.
enum ValueLimits {
    /// The height of a vector's elements seen as a vector: 1 when none is a vector, a
    /// matrix's rows give 2. Nil when it exceeds `limit`. Walks without recursion and
    /// visits a shared vector once, so `v = [v, v]` repeated stays cheap.
    static func height(of elements: [Value], limit: Int) -> Int? {
        guard elements.contains(where: \.isVector) else { return limit >= 1 ? 1 : nil }
        guard limit >= 2 else { return nil }
        return deepHeight(of: elements, limit: limit)
    }

    /// The height of a value: 0 for anything that is not a vector.
    static func height(of value: Value, limit: Int) -> Int? {
        guard case .vector(let elements) = value else { return 0 }
        return height(of: elements, limit: limit)
    }

    private struct Level {
        let elements: [Value]
        var next = 0
        /// The largest height among the children seen so far.
        var childHeight = 0
    }

    private static func identity(_ elements: [Value]) -> UnsafeRawPointer? {
        elements.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) }
    }

    private static func deepHeight(of root: [Value], limit: Int) -> Int? {
        // Heights of vectors already walked, by the address of their storage: only needed
        // when vectors are shared (`v = [v, v]`), so only kept once a walk gets long.
        var known: [UnsafeRawPointer: Int] = [:]
        var visits = 0
        var stack = [Level(elements: root)]
        while true {
            let top = stack.count - 1
            if stack[top].next < stack[top].elements.count {
                let element = stack[top].elements[stack[top].next]
                stack[top].next += 1
                guard case .vector(let child) = element else { continue }
                let childHeight: Int
                if visits > 4096, let id = identity(child), let h = known[id] {
                    childHeight = h
                } else if !child.contains(where: \.isVector) {
                    childHeight = 1
                } else {
                    // The child and its parents already make stack.count + 1 levels,
                    // and the child holds a vector: one more.
                    if stack.count + 2 > limit { return nil }
                    stack.append(Level(elements: child))
                    continue
                }
                stack[top].childHeight = max(stack[top].childHeight, childHeight)
                continue
            }
            let finished = stack.removeLast()
            let h = finished.childHeight + 1
            if h > limit { return nil }
            if stack.isEmpty { return h }
            visits += 1
            if visits > 4096, let id = identity(finished.elements) { known[id] = h }
            stack[stack.count - 1].childHeight = max(stack[stack.count - 1].childHeight, h)
        }
    }

    static func nestingError(_ limit: Int, at range: SourceRange? = nil) -> GradError {
        GradError(.limit, .valueNesting(limit: limit), at: range)
    }

    /// Throws unless a vector holding `elements` is within the nesting limit.
    @inline(__always)
    static func checkNesting(_ elements: [Value], _ context: Context, at range: SourceRange? = nil) throws {
        let limit = context.limits.maxValueNesting
        guard height(of: elements, limit: limit) != nil else { throw nestingError(limit, at: range) }
    }

    /// Throws unless `value`, placed `levels` deep inside a vector, keeps it within the
    /// nesting limit (`append(v, x)`: 1; `m[i][j] = x`: 2).
    static func checkNesting(_ value: Value, inside levels: Int, _ context: Context,
                             at range: SourceRange? = nil) throws {
        guard case .vector(let elements) = value else { return }
        let limit = context.limits.maxValueNesting
        guard levels < limit, height(of: elements, limit: limit - levels) != nil else {
            throw nestingError(limit, at: range)
        }
    }

    /// The elements of `value` counted through every level (a vector's own slots
    /// included), stopping once the count passes `limit`: what building a value of the
    /// same shape would allocate. Shared vectors count once per place they appear,
    /// since arithmetic on them makes a copy for each place.
    static func exceedsSize(_ value: Value, limit: Int) -> Bool {
        guard case .vector(let root) = value else { return false }
        var remaining = limit - root.count
        if remaining < 0 { return true }
        guard root.contains(where: \.isVector) else { return false }
        var stack: [(elements: [Value], next: Int)] = [(root, 0)]
        while let top = stack.last {
            if top.next == top.elements.count {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            guard case .vector(let child) = top.elements[top.next] else { continue }
            remaining -= child.count
            if remaining < 0 { return true }
            stack.append((child, 0))
        }
        return false
    }

    /// Throws when building a value of the shape of `a` or `b` (arithmetic, `sin(v)`) would
    /// pass the length limit, counting the elements of nested vectors once per place they
    /// appear. `subject` names the operation: "arithmetic on", "sin of". (Two parameters,
    /// not a variadic list: arithmetic on vectors calls this every time.)
    static func checkCopySize(_ a: Value, _ b: Value = .none, subject: String, _ context: Context) throws {
        let limit = context.limits.maxVectorLength
        if exceedsSize(a, limit: limit) || exceedsSize(b, limit: limit) {
            throw GradError(.limit, .copyTooLarge(subject: subject, limit: limit))
        }
    }

    /// Throws unless a vector of `count` elements, or a matrix of `count` rows of `columns`
    /// numbers, is within `Limits.maxVectorLength`. Built-ins call it before they allocate;
    /// the product cannot overflow.
    static func checkLength(_ count: Int, columns: Int? = nil, _ context: Context, caller: String) throws {
        let limit = context.limits.maxVectorLength
        let (total, overflow) = count.multipliedReportingOverflow(by: columns ?? 1)
        // Rows take room even when they are empty, and a row is made even when there are none.
        guard overflow || total > limit || max(count, columns ?? 0) > limit else { return }
        throw GradError(.limit, .lengthLimit(builtin: caller, count: count, columns: columns, limit: limit))
    }

    /// Throws unless a string of `a` followed by `b` is within `Limits.maxStringLength`.
    /// Byte counts are free and bound the count of characters, so only a string near the
    /// limit is counted character by character.
    static func checkJoinedLength(_ a: String, _ b: String, _ context: Context) throws {
        let limit = context.limits.maxStringLength
        let (room, overflow) = limit.subtractingReportingOverflow(b.utf8.count)
        guard overflow || a.utf8.count > room else { return }
        let length = a.unicodeScalars.count + b.unicodeScalars.count
        if length > limit { throw stringLengthError(length, limit: limit) }
    }

    /// A string of `length` characters (nil: of more than the limit) is too long.
    static func stringLengthError(_ length: Int?, limit: Int) -> GradError {
        GradError(.limit, .stringTooLong(length: length, limit: limit))
    }

    /// Comparing walks both vectors in step, so it costs what the smaller one holds.
    static func checkComparedSizes(_ a: Value, _ b: Value, _ context: Context) throws {
        if a.sharesStorage(with: b) { return }  // equal at once
        let limit = context.limits.maxVectorLength
        if exceedsSize(a, limit: limit) && exceedsSize(b, limit: limit) {
            throw GradError(.limit, .comparedTooLarge(limit: limit))
        }
    }

    /// Refuses to show (print, interpolate, `str`) a value whose text would pass the
    /// string limit, or that holds more elements than the length limit; `elementWidth` is
    /// the least number of characters a format spec gives each element.
    static func checkDisplaySize(_ value: Value, elementWidth: Int = 1, _ context: Context) throws {
        guard case .vector = value else { return }
        let limits = context.limits
        if try displayExceeds(value, elements: limits.maxVectorLength, characters: limits.maxStringLength,
                              elementWidth: elementWidth, poll: { try context.tick() }) {
            throw displaySizeError(limits)
        }
    }

    static func displaySizeError(_ limits: Limits) -> GradError {
        GradError(.limit, .displayTooLarge(elements: limits.maxVectorLength, characters: limits.maxStringLength))
    }

    /// Whether the text of `value` would have more than `characters` characters (brackets,
    /// separators and at least `elementWidth` per element), or it holds more than
    /// `elements` elements counted through every level. Stops as soon as it knows.
    static func displayExceeds(_ value: Value, elements: Int, characters: Int, elementWidth: Int = 1) -> Bool {
        displayExceeds(value, elements: elements, characters: characters, elementWidth: elementWidth, poll: {})
    }

    /// `displayExceeds`, calling `poll` for each element it looks at.
    static func displayExceeds(_ value: Value, elements: Int, characters: Int, elementWidth: Int = 1,
                               poll: () throws -> Void) rethrows -> Bool {
        guard case .vector(let root) = value else { return false }
        let width = max(1, elementWidth)
        var slots = elements, text = characters
        var stack: [(elements: [Value], next: Int)] = [(root, 0)]
        while let top = stack.last {
            if top.next == 0 {
                slots -= top.elements.count
                text -= max(2, 2 * top.elements.count)  // [a, b, c]: brackets and ", " separators
                if slots < 0 || text < 0 { return true }
            }
            if top.next == top.elements.count {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            try poll()
            switch top.elements[top.next] {
            case .vector(let child):
                stack.append((child, 0))
                continue
            case .string(let s): text -= max(width, s.utf8.count)
            default: text -= width
            }
            if text < 0 { return true }
        }
        return false
    }

    /// Checks a value a host hands to Grad (`setValue`, a host function's result).
    static func check(_ value: Value, limits: Limits, what: String) throws {
        switch value {
        case .string(let s):
            if s.unicodeScalars.count > limits.maxStringLength {
                throw GradError(.limit, .hostStringTooLong(what: what, length: s.unicodeScalars.count,
                                                           limit: limits.maxStringLength))
            }
        case .vector(let elements):
            if height(of: elements, limit: limits.maxValueNesting) == nil {
                throw GradError(.limit, .hostVectorTooDeep(what: what, limit: limits.maxValueNesting))
            }
            if exceedsSize(value, limit: limits.maxVectorLength) {
                throw GradError(.limit, .hostVectorTooLarge(what: what, limit: limits.maxVectorLength))
            }
        default:
            break
        }
    }
}
