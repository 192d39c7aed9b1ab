/// `v = append(v, x)` and `s = s + t` (or `s += t`): the usual ways to grow a vector or a
/// string one piece at a time. Written out, each step copies the whole value, since the
/// name still holds it while the new one is made, so n steps take O(n²) time. These nodes
/// give the same results, but when the name still holds the very storage it was read
/// from, they take that storage out of the name and add the piece in place (which copies
/// only if something else shares it): n steps take amortised O(n) time, as with a Swift
/// array. The resolver makes them; the limits are checked as for the general forms.

/// Where an assigned name lives: a global's cell or a slot of the running call's frame.
/// (Assignment never binds an enclosing function's name.)
enum AssignedSlot {
    case global(UnsafeMutablePointer<Value?>)
    case local(Int)

    init?(_ variable: Variable) {
        switch variable {
        case .global(let globals, let slot, _): self = .global(globals.cell(slot))
        case .local(let slot, _): self = .local(slot)
        case .outer: return nil
        }
    }

    @inline(__always)
    func cell(in frame: Frame) -> UnsafeMutablePointer<Value?> {
        switch self {
        case .global(let cell): return cell
        case .local(let slot): return frame.slot(slot)
        }
    }
}

/// `name = append(name, x)`, while `append` is the built-in.
final class AppendAssignNode: Node {
    let slot: AssignedSlot
    let element: Node
    /// Where `append` lives among the globals: a program may rebind it.
    let appendCell: UnsafeMutablePointer<Value?>
    /// The assignment as written, for everything but a vector and the built-in `append`.
    let general: Node
    /// The call's range, where its errors are reported.
    let callRange: SourceRange
    let range: SourceRange

    init(slot: AssignedSlot, element: Node, appendCell: UnsafeMutablePointer<Value?>, general: Node,
         callRange: SourceRange, range: SourceRange) {
        self.slot = slot
        self.element = element
        self.appendCell = appendCell
        self.general = general
        self.callRange = callRange
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let cell = slot.cell(in: frame)
        guard case .function(let f)? = appendCell.pointee, f === VectorLibrary.append,
              case .vector? = cell.pointee else {
            return try general.evaluate(frame, context)
        }
        var old = cell.pointee!
        let x = try element.evaluate(frame, context)
        let grown = try cell.changeIfStill(&old) { stored in
            guard case .vector(var elements) = stored else { return }
            stored = .none  // `elements` is now the only reference, unless another name shares it
            defer { stored = .vector(elements) }
            try context.tick()  // the step the call counts
            try GradError.locating(at: callRange) { try Vectors.append(x, to: &elements, context) }
        }
        if !grown {  // evaluating x changed the name: append to the vector read first
            let arguments = Arguments(positional: [old, x], range: callRange)
            cell.store(try GradError.locating(at: callRange) { try VectorLibrary.append.call(arguments, context) })
        }
        return .none
    }
}

/// `name = name + x` and `name += x`: a string grows in place; anything else (a number,
/// most of the time) is added as `ArithmeticNode` adds, with no more work than
/// `name = a + b`.
final class AddAssignNode: Node {
    let slot: AssignedSlot
    /// Reads the name, as the general form would.
    let read: Node
    let addend: Node
    /// The range of `name + x`, where arithmetic errors are reported.
    let sumRange: SourceRange
    let range: SourceRange

    init(slot: AssignedSlot, read: Node, addend: Node, sumRange: SourceRange, range: SourceRange) {
        self.slot = slot
        self.read = read
        self.addend = addend
        self.sumRange = sumRange
        self.range = range
    }

    func evaluate(_ frame: Frame, _ context: Context) throws -> Value {
        let cell = slot.cell(in: frame)
        guard case .string? = cell.pointee else {
            cell.store(try sum(try read.evaluate(frame, context), try addend.evaluate(frame, context), context))
            return .none
        }
        var old = cell.pointee!
        let x = try addend.evaluate(frame, context)
        if case .string(let piece) = x, try cell.changeIfStill(&old, { stored in
            guard case .string(var text) = stored else { return }
            try GradError.locating(at: sumRange) { try ValueLimits.checkJoinedLength(text, piece, context) }
            stored = .none  // `text` is now the only reference, unless another name shares it
            text += piece
            stored = .string(text)
        }) {
            return .none
        }
        cell.store(try sum(old, x, context))
        return .none
    }

    @inline(__always)
    private func sum(_ a: Value, _ b: Value, _ context: Context) throws -> Value {
        return try GradError.locating(at: sumRange) { try ArithmeticNode.apply(.add, a, b, context) }
    }
}

extension UnsafeMutablePointer where Pointee == Value? {
    /// If the cell still holds the storage `old` was read from, drops `old` (so that the
    /// cell's reference may be the only one) and lets `body` change the value in place.
    /// Returns whether it did.
    func changeIfStill(_ old: inout Value, _ body: (inout Value) throws -> Void) rethrows -> Bool {
        guard pointee?.sharesStorage(with: old) == true else { return false }
        old = .none
        try body(&pointee!)
        return true
    }
}
