/// `plot` of data rather than functions: `plot(values)`, `plot(xs, ys)`, several series at
/// once, and `plot(loss, path)`, the loss at each step of a descent.
extension PlotLibrary {
    /// Data of at most this many points per series is drawn with a dot at each point.
    static let dotsUpTo = 50
    /// The most series one picture tells apart.
    static let maxSeries = 20

    static func dataPlot(_ call: BuiltinCall) throws -> LinePlot {
        var series: [Series]
        var xName: String, yName = ""
        if call.count == 1 {
            series = try numberSeries(call[0], "values", call).map { ys in
                Series(name: "", points: ys.enumerated().map { Point(Double($0.offset), $0.element) })
            }
            xName = "index"
        } else if case .function(let f) = call[0] {
            let paths = try pathSeries(call[1], call)
            let dimensions = paths[0].first?.count ?? 1
            let sampler = try Sampler(f, dimensions: dimensions, caller: "plot", context: call.context, range: call.range)
            series = try paths.map { path in
                Series(name: sampler.name,
                       points: try path.enumerated().map { Point(Double($0.offset), try sampler.value(at: $0.element)) })
            }
            (xName, yName) = ("step", sampler.name.count <= 12 ? sampler.name : "")
        } else {
            let xs = try numberSeries(call[0], "xs", call)
            guard xs.count == 1 else { throw call.fail("xs must be a vector of numbers, like [0, 0.5, 1]") }
            series = try numberSeries(call[1], "ys", call).map { ys in
                guard ys.count == xs[0].count else {
                    throw call.fail("xs has \(xs[0].count) values but ys has \(ys.count); give one y for each x")
                }
                return Series(name: "", points: zip(xs[0], ys).map { Point($0, $1) })
            }
            xName = "x"
        }
        try name(&series, call)
        let gaps = series.reduce(0) { $0 + $1.points.filter { !$0.y.isFinite }.count }
        let style = try seriesStyle(call)
            ?? (series.allSatisfy { $0.points.count <= dotsUpTo } ? .both : .lines)
        series = series.map { $0.styled(style) }
        var chart = LinePlot(series: series, fail: call.fail)
        (chart.xName, chart.yName) = (xName, yName)
        chart.wholeX = call.count == 1 || xName == "step"
        chart.legend = series.count > 1 || call.option("labels") != nil
        if gaps > 0 {
            chart.notes.append("note: \(gaps) value\(gaps == 1 ? " is" : "s are") not a finite number; the "
                               + "line\(series.count == 1 ? " has" : "s have") gaps there")
        }
        return chart
    }

    /// `labels:` names the series, one each; else several are "series 1", "series 2"...,
    /// or "path 1", "path 2"... when they are the losses along paths.
    private static func name(_ series: inout [Series], _ call: BuiltinCall) throws {
        if let (value, range) = call.option("labels") {
            let names = try strings(value, "labels:", count: series.count, of: "series", call, at: range)
            for k in series.indices { series[k].name = names[k] }
        } else if series.count > 1 {
            let kind = series[0].name.isEmpty ? "series" : "path"
            for k in series.indices { series[k].name = "\(kind) \(k + 1)" }
        } else if series[0].name.isEmpty {
            series[0].name = "data"
        }
    }

    /// A vector of numbers, or a vector of such vectors (several series); counted against
    /// the vector limit before anything is built.
    private static func numberSeries(_ value: Value, _ what: String, _ call: BuiltinCall) throws -> [[Double]] {
        let example = "like [3, 1.5, 0.8], or a vector of such vectors"
        guard case .vector(let elements) = value, !elements.isEmpty else {
            throw call.fail("\(what) must be a vector of numbers, \(example); got "
                            + (value.isVector ? "an empty vector" : value.typeName))
        }
        let rows: [[Value]]
        if elements.allSatisfy(\.isNumber) {
            rows = [elements]
        } else {
            rows = try elements.map { element in
                guard case .vector(let row) = element, !row.isEmpty, row.allSatisfy(\.isNumber) else {
                    throw call.fail("\(what) must be a vector of numbers, \(example); it contains \(element)")
                }
                return row
            }
        }
        try checkSeries(rows.count, call)
        try call.checkLength(rows.reduce(0) { $0 + $1.count })
        return try rows.map { row in
            try row.map { element in
                try call.context.tick()
                return element.number!
            }
        }
    }

    /// One path (a vector of points, as `descend(..., path: true)` returns) or several; a
    /// point is a vector of numbers, or a number for a function of one variable.
    private static func pathSeries(_ value: Value, _ call: BuiltinCall) throws -> [[[Double]]] {
        let example = "the result of descend(f, start, path: true), or a vector of such paths"
        guard case .vector(let elements) = value, !elements.isEmpty else {
            throw call.fail("the path must be \(example); got " + (value.isVector ? "an empty vector" : value.typeName))
        }
        let isOnePath = elements.allSatisfy { element in
            if case .vector(let xy) = element { return xy.allSatisfy(\.isNumber) }
            return element.isNumber
        }
        let paths = isOnePath ? [elements] : try elements.map { element -> [Value] in
            guard case .vector(let path) = element, !path.isEmpty else {
                throw call.fail("the path must be \(example); it contains \(element)")
            }
            return path
        }
        try checkSeries(paths.count, call)
        try call.checkLength(paths.reduce(0) { $0 + $1.count })
        var dimensions: Int?
        return try paths.map { path in
            try path.map { point in
                try call.context.tick()
                let coordinates: [Double]
                switch point {
                case .vector(let xs) where !xs.isEmpty && xs.allSatisfy(\.isNumber): coordinates = xs.map { $0.number! }
                case _ where point.isNumber: coordinates = [point.number!]
                default: throw call.fail("the path must be \(example); it contains \(point)")
                }
                guard dimensions == nil || dimensions == coordinates.count else {
                    throw call.fail("the points of the path must all have \(dimensions!) coordinates; one has "
                                    + "\(coordinates.count)")
                }
                dimensions = coordinates.count
                return coordinates
            }
        }
    }

    private static func checkSeries(_ count: Int, _ call: BuiltinCall) throws {
        guard count <= maxSeries else {
            throw call.failOverLimit("\(count) series are more than one picture can tell apart "
                                     + "(at most \(maxSeries))")
        }
    }

    /// `style: "lines"`, `"dots"` or `"both"`, or nil when not given.
    static func seriesStyle(_ call: BuiltinCall) throws -> Series.Style? {
        guard let (value, range) = call.option("style") else { return nil }
        guard case .string(let name) = value, let style = Series.Style(rawValue: name) else {
            throw call.fail("style: must be \"lines\", \"dots\" or \"both\"", at: range)
        }
        return style
    }

    /// `scale: "log"` or `"linear"` (the default).
    static func logScale(_ call: BuiltinCall) throws -> Bool {
        guard let (value, range) = call.option("scale") else { return false }
        guard case .string(let name) = value, ["log", "linear"].contains(name) else {
            throw call.fail("scale: must be \"log\" or \"linear\"", at: range)
        }
        return name == "log"
    }
}
