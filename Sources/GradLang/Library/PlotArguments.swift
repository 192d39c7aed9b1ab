/// Arguments of the picture built-ins that more than one of them reads.
extension PlotLibrary {
    /// The most arrows or stars a contour draws at chosen points: more would hide the map.
    static let maxMarks = 400

    /// `points:` or `arrows:` at chosen points, at most `maxMarks` of them.
    static func chosenPoints(_ value: Value, _ what: String, _ call: BuiltinCall, at range: SourceRange) throws -> [Point] {
        if case .vector(let rows) = value, rows.count > maxMarks {
            throw call.failOverLimit("\(what) has \(rows.count) points; a picture shows at most \(maxMarks)", at: range)
        }
        return try points(value, what, call, at: range)
    }

    /// `points: [[x, y], ...]` to mark, and `labels: ["name", ...]` to name them, one each.
    static func markedPoints(_ call: BuiltinCall) throws -> ([Point], [String]) {
        guard let (value, range) = call.option("points") else {
            if let (_, range) = call.option("labels") {
                throw call.fail("labels: names marked points; give them with points: [[x, y], ...]", at: range)
            }
            return ([], [])
        }
        let marked = try chosenPoints(value, "points:", call, at: range)
        guard let (names, namesRange) = call.option("labels") else { return (marked, []) }
        return (marked, try strings(names, "labels:", count: marked.count, of: "point", call, at: namesRange))
    }

    /// A vector of `count` strings (a single string when `count` is 1).
    static func strings(_ value: Value, _ what: String, count: Int, of thing: String, _ call: BuiltinCall,
                        at range: SourceRange) throws -> [String] {
        let given: [Value]
        if case .vector(let elements) = value { given = elements } else { given = [value] }
        guard given.count == count else {
            let things = count == 1 || thing.hasSuffix("s") ? thing : thing + "s"
            throw call.fail("\(what) has \(English.count(given.count, "name")) for \(count) \(things)", at: range)
        }
        return try given.map { element in
            guard case .string(let s) = element else {
                throw call.fail("\(what) must be strings, like [\"minimum\"]; it contains "
                                + "\(element.typeName == "string" ? element.description : element.typeName)", at: range)
            }
            return s
        }
    }

    /// `animate: true`: an SVG whose path grows step by step; it needs both.
    static func animation(_ call: BuiltinCall) throws -> Bool {
        guard try call.boolOption("animate", default: false) else { return false }
        let range = call.option("animate")!.range
        guard call.option("path") != nil else {
            throw call.fail("animate: true moves a descent path; give path: descend(f, start, path: true)", at: range)
        }
        guard call.option("file") != nil else {
            throw call.fail("animate: true makes an SVG that moves; give file: \"name.svg\" "
                            + "(a terminal picture stands still)", at: range)
        }
        return true
    }
}
