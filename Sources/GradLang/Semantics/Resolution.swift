/// What the resolver found out about a program, as jlox's resolver records it: where each
/// name lives, and how each function lays out its frame. Lowering reads it to pick nodes.
///
/// Entries are keyed by where the syntax was written. Within one source no two names start
/// at the same place, nor do two function bodies (a nested function's body starts after
/// its parameters), so a start location names one node of the tree.
struct Resolution {
    /// Every name the program reads or writes, by where it is written: a read, the target
    /// of an assignment, a loop variable, the name of a definition.
    private(set) var names: [SourceLocation: Variable] = [:]
    /// Every function's frame, by where its body starts.
    private(set) var frames: [SourceLocation: FrameLayout] = [:]

    /// The slots of one function's frame.
    struct FrameLayout {
        let slotCount: Int
        /// Set when the body makes closures (see `FunctionCode.closures`).
        let closures: FunctionCode.Closures?
    }

    mutating func record(_ variable: Variable, at range: SourceRange) {
        names[range.start] = variable
    }

    mutating func record(_ layout: FrameLayout, ofBody body: Expr) {
        frames[body.range.start] = layout
    }

    /// Where the name written at `range` lives. Every name was resolved before lowering
    /// starts: a missing one is a bug in the resolver, not in the program.
    func variable(at range: SourceRange) -> Variable {
        guard let variable = names[range.start] else {
            preconditionFailure("the resolver did not resolve the name at \(range.start)")
        }
        return variable
    }

    func layout(ofBody body: Expr) -> FrameLayout {
        guard let layout = frames[body.range.start] else {
            preconditionFailure("the resolver did not lay out the function at \(body.range.start)")
        }
        return layout
    }
}
