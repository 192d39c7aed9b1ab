/// What the resolver found out about a program, as jlox's resolver records it: where each
/// name lives, and how each function lays out its frame. Lowering reads it to pick nodes.
///
/// Entries are keyed by where the syntax was written. Within one source no two names start
/// at the same place, nor do two function bodies (a nested function's body starts after
/// its parameters), so a start location names one node of the tree. A program has about
/// one name for every three characters, so names are kept in two flat arrays sorted by
/// location, a few bytes each and found by binary search: a dictionary of `Variable`s
/// took 76 MB more, and 0.8 s longer, for a 1 MB program of calls.
struct Resolution {
    /// Where a name lives.
    enum Place: Equatable {
        case local(slot: Int32)
        /// A slot of the frame `depth` functions out.
        case outer(depth: Int32, slot: Int32)
        case global(slot: Int32)
    }

    /// Every name the program reads or writes, by where it is written (a read, the target
    /// of an assignment, a loop variable, the name of a definition): `places[i]` is the
    /// place of the name at `locations[i]`, in increasing order of location.
    private var locations: [Int] = []
    private var places: [Place] = []
    /// The top-level calls `f(...)` whose arguments assign `f`, by where `f` is written:
    /// they take the general path (`Lowering.call`). Few programs have any.
    private var callsAssigningCallee: Set<Int> = []
    /// Every function's frame, by where its body starts.
    private var frames: [Int: FrameLayout] = [:]

    /// The slots of one function's frame.
    struct FrameLayout {
        let slotCount: Int
        /// Set when the body makes closures (see `FunctionCode.closures`).
        let closures: FunctionCode.Closures?
    }

    private static func key(_ location: SourceLocation) -> Int { location.line << 32 | location.column }

    /// Records the name written at `range`. The resolver walks the tree in source order,
    /// so this appends; `finish` sorts what came out of order all the same.
    mutating func record(_ place: Place, at range: SourceRange) {
        locations.append(Resolution.key(range.start))
        places.append(place)
    }

    /// Makes the names ready to be found: in order of location.
    mutating func finish() {
        if zip(locations, locations.dropFirst()).contains(where: { $0 >= $1 }) {
            let order = locations.indices.sorted { locations[$0] < locations[$1] }
            locations = order.map { locations[$0] }
            places = order.map { places[$0] }
        }
        assert(zip(locations, locations.dropFirst()).allSatisfy { $0 < $1 }, "two names start at one place")
    }

    mutating func recordArgumentsAssignCallee(of callee: SourceRange) {
        callsAssigningCallee.insert(Resolution.key(callee.start))
    }

    /// Whether the arguments of the top-level call of the name written at `callee` assign it.
    func argumentsAssignCallee(of callee: SourceRange) -> Bool {
        callsAssigningCallee.contains(Resolution.key(callee.start))
    }

    mutating func record(_ layout: FrameLayout, ofBody body: Expr) {
        frames[Resolution.key(body.range.start)] = layout
    }

    /// Where the name written at `location` lives, if it was resolved.
    func place(at location: SourceLocation) -> Place? {
        let key = Resolution.key(location)
        var (low, high) = (0, locations.count)
        while low < high {
            let middle = (low + high) / 2
            if locations[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < locations.count && locations[low] == key ? places[low] : nil
    }

    /// The variable `name`, written at `range`. Every name was resolved before lowering
    /// starts: a missing one is a bug in the resolver, not in the program.
    func variable(_ name: String, at range: SourceRange, _ globals: Globals) -> Variable {
        switch place(at: range.start) {
        case .local(let slot)?: return .local(slot: Int(slot), name: name)
        case .outer(let depth, let slot)?: return .outer(depth: Int(depth), slot: Int(slot), name: name)
        case .global(let slot)?: return .global(globals, slot: Int(slot), name: name)
        case nil: preconditionFailure("the resolver did not resolve '\(name)' at \(range.start)")
        }
    }

    /// The frame of the function whose body starts at `location`, if there is one.
    func layout(ofBodyAt location: SourceLocation) -> FrameLayout? {
        frames[Resolution.key(location)]
    }

    /// The frame of the function whose body is `body`; like a name, laid out before lowering.
    func layout(ofBody body: Expr) -> FrameLayout {
        guard let layout = layout(ofBodyAt: body.range.start) else {
            preconditionFailure("the resolver did not lay out the function at \(body.range.start)")
        }
        return layout
    }
}
