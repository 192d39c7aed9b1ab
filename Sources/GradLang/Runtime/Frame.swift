/// The local variables of one function call. `parent` is the frame the function was
/// defined in, so a closure can read and write its outer function's names.
final class Frame {
    var slots: [Value?]
    let parent: Frame?

    init(slotCount: Int, parent: Frame?) {
        self.slots = Array(repeating: nil, count: slotCount)
        self.parent = parent
    }

    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        for _ in 0..<depth { frame = frame.parent! }
        return frame
    }
}

/// The top-level names of one interpreter: built-ins first, then the program's own.
/// Slots are allocated by the resolver and never reused, so compiled code stays valid
/// across REPL entries.
final class Globals {
    private(set) var names: [String] = []
    private var slotOfName: [String: Int] = [:]
    var values: [Value?] = []

    func slot(for name: String) -> Int {
        if let slot = slotOfName[name] { return slot }
        names.append(name)
        values.append(nil)
        slotOfName[name] = names.count - 1
        return names.count - 1
    }

    func existingSlot(for name: String) -> Int? { slotOfName[name] }

    func define(_ name: String, _ value: Value) {
        values[slot(for: name)] = value
    }

    func value(of name: String) -> Value? {
        slotOfName[name].flatMap { values[$0] }
    }

    /// The defined names, for completion, `:vars` and "did you mean".
    var definedNames: [String] {
        names.indices.compactMap { values[$0] == nil ? nil : names[$0] }
    }
}
