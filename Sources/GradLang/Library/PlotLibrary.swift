import Foundation

/// The pictures: `plot`, `contour`, `surface`. Each draws in the terminal (text written
/// like `print`'s), or with `file: "name.svg"` writes an SVG instead and says so.
/// They return none.
enum PlotLibrary {
    static let builtins: [Builtin] = [plot, contour, surface, figure]

    static let commonOptions = ["width", "height", "color", "file", "title"]
    /// The most functions one `plot` draws, and the most points `points:` and `path:` mark
    /// (a descent of 100,000 steps): the work of drawing grows with both.
    static let maxFunctions = 20
    static let maxPoints = 100_000

    static let plot = Builtin("plot", arguments: 1...3, takesFunction: true,
                              options: commonOptions + ["ylim", "labels", "points", "scale", "style", "xlabel",
                                                        "ylabel"],
                              signature: "plot(f, a, b), plot([f, g], a, b), plot(values), plot(xs, ys), "
                                  + "plot(loss, path)",
                              summary: "Draws functions of one variable over [a, b], or data, in the terminal "
                                  + "(braille, 80×24 characters, the y axis widened to round ticks) or, with file:, "
                                  + "as an SVG.\n"
                                  + "plot([f, g], a, b) draws several, told apart by glyph (colour and dashes in an "
                                  + "SVG), with a legend.\n"
                                  + "plot(values) draws values against 0, 1, 2...; plot(xs, ys) against xs; "
                                  + "plot([v1, v2]) and plot(xs, [ys1, ys2]) several series.\n"
                                  + "plot(loss, path) draws the loss at each point of descend(f, start, path: true) "
                                  + "against the step; plot(loss, [p1, p2]) compares paths.\n"
                                  + "Options:\n"
                                  + "  labels: [\"a\", \"b\"] names the functions or series in the legend\n"
                                  + "  scale: \"log\" puts y on a log scale, ticks at powers of ten (values of 0 or "
                                  + "below are left out, with a note)\n"
                                  + "  style: \"lines\", \"dots\" or \"both\" (data of at most 50 points gets both)\n"
                                  + "  ylim: [lo, hi] fixes the y range; xlabel: and ylabel: name the axes\n"
                                  + "  points: [[x, y], ...] marks points\n"
                                  + "  title:, width: and height: (characters; pixels for a file), color: true (ANSI "
                                  + "colours), file: \"name.svg\"",
                              example: "plot([sin, cos], 0, 2 * pi, width: 60, height: 14)\n"
                                  + "loss(w) = (w[0] - 3)^2 + (w[1] + 1)^2\n"
                                  + "p = descend(loss, [0, 0], lr: 0.1, steps: 30, path: true)\n"
                                  + "plot(loss, p, scale: \"log\", width: 60, height: 14)",
                              differentiation: .noNumber) { call in
        var chart = call.count == 3 ? try functionPlot(call) : try dataPlot(call)
        chart.title = try call.stringOption("title", default: nil)
        if let (value, range) = call.option("ylim") {
            let (lo, hi) = try pair(value, "ylim:", call, at: range)
            chart.ylim = (lo, hi)
        }
        chart.logY = try logScale(call)
        if chart.logY, let (lo, _) = chart.ylim, lo <= 0 {
            throw call.fail("ylim: must be above 0 on a log scale", at: call.option("ylim")!.range)
        }
        if let (value, range) = call.option("points") { chart.points = try points(value, "points:", call, at: range) }
        chart.xName = try call.stringOption("xlabel", default: chart.xName)!
        chart.yName = try call.stringOption("ylabel", default: chart.yName)!
        try Output(call).show(try chart.scene(), call)
        return .none
    }

    static let contour = Builtin("contour", arguments: 3...3, takesFunction: true,
                                 options: commonOptions + ["levels", "arrows", "downhill", "unit", "path", "points",
                                                           "labels", "fill", "scale", "animate"],
                                 signature: "contour(f, [x0, x1], [y0, y1], levels: 8, arrows: true, path: points)",
                                 summary: "Draws the level curves of f(x, y), labelled, one unit as long across as up, "
                                     + "in the terminal or, with file:, as an SVG.\n"
                                     + "Options:\n"
                                     + "  levels: 8 gives exactly 8 round levels (without it, about 8); levels: "
                                     + "[1, 10, 100] gives those\n"
                                     + "  scale: \"log\" spaces the levels by factors (a valley like Rosenbrock's gets "
                                     + "them anyway); scale: \"linear\" evenly\n"
                                     + "  fill: true colours the bands between levels, with a colour bar (shades and a "
                                     + "key in the terminal)\n"
                                     + "  arrows: true draws ∇f at a grid of points, perpendicular to the curves, "
                                     + "uphill, as long as the gradient is large; arrows: 9 puts 9 across; arrows: "
                                     + "[[x, y], ...] draws them at those points\n"
                                     + "  downhill: true draws −∇f instead; unit: true makes them one length "
                                     + "(direction only)\n"
                                     + "  path: descend(f, start, path: true) draws the path through every point, "
                                     + "start and end marked (steps numbered in an SVG)\n"
                                     + "  animate: true, with path: and file:, writes an SVG whose path grows step by "
                                     + "step\n"
                                     + "  points: [[x, y], ...] marks points with a star; labels: [\"minimum\"] names "
                                     + "them\n"
                                     + "  title:, width:, height:, color:, file: \"name.svg\"; figure(...) puts "
                                     + "several pictures side by side",
                                 example: "f(x, y) = x^2 + y^2\n"
                                     + "contour(f, [-2, 2], [-2, 2], levels: 4, arrows: [[-1, 1], [1.5, 1.5], "
                                     + "[0.5, -0.5]], points: [[0, 0]], labels: [\"minimum\"], height: 18)\n"
                                     + "r(x, y) = (1 - x)^2 + 100 * (y - x^2)^2\n"
                                     + "contour(r, [-2, 2], [-1, 3], fill: true, scale: \"log\", levels: 5, "
                                     + "height: 16)", differentiation: .noNumber) { call in
        let f = try Sampler(try call.function(0, "f"), dimensions: 2, caller: "contour", context: call.context,
                            range: call.range)
        var chart = ContourPlot(f: f, x: try range(call[1], "x", call), y: try range(call[2], "y", call))
        chart.title = try call.stringOption("title", default: nil)
        chart.levels = try levels(call)
        chart.fill = try call.boolOption("fill", default: false)
        chart.logScale = call.option("scale") == nil ? nil : try logScale(call)
        (chart.arrows, chart.arrowPlaces) = try arrows(call)
        chart.unitArrows = try call.boolOption("unit", default: false)
        if let (value, range) = call.option("path") {
            let path = try points(value, "path:", call, at: range)
            guard !path.isEmpty else {
                throw call.fail("path: has no points; give the result of descend(f, start, path: true)", at: range)
            }
            chart.path = path
        }
        (chart.points, chart.pointNames) = try markedPoints(call)
        chart.animate = try animation(call)
        try Output(call).show(try chart.scene(), call)
        return .none
    }

    static let surface = Builtin("surface", arguments: 3...3, takesFunction: true,
                                 options: commonOptions + ["azimuth", "elevation"],
                                 signature: "surface(f, [x0, x1], [y0, y1])",
                                 summary: "Draws the graph of f(x, y) in 3D: a braille wireframe in the terminal, "
                                     + "whose nearer faces hide what lies behind them, a shaded mesh in an SVG. "
                                     + "azimuth: and elevation: (degrees, -60 and 30) turn the view. Also width:, "
                                     + "height:, title:, color:, file:.",
                                 example: "surface((x, y) -> x^2 + y^2, [-2, 2], [-2, 2], width: 60, height: 16)",
                                 differentiation: .noNumber) { call in
        let f = try Sampler(try call.function(0, "f"), dimensions: 2, caller: "surface", context: call.context,
                            range: call.range)
        var chart = SurfacePlot(f: f, x: try range(call[1], "x", call), y: try range(call[2], "y", call))
        chart.title = try call.stringOption("title", default: nil)
        chart.azimuth = try finiteOption("azimuth", default: -60, call)
        chart.elevation = try finiteOption("elevation", default: 30, call)
        guard chart.elevation >= -90, chart.elevation <= 90 else {
            throw call.fail("elevation: must be between -90 and 90 degrees",
                            at: call.option("elevation")?.range ?? call.range)
        }
        try Output(call).show(try chart.scene(), call)
        return .none
    }

    // MARK: - Arguments

    /// `plot(f, a, b)`, `plot([f, g], a, b)`: each function sampled across [a, b].
    private static func functionPlot(_ call: BuiltinCall) throws -> LinePlot {
        let functions = try plotFunctions(call)
        let (a, b) = try interval(call[1], call[2], call)
        let names = try call.option("labels").map { try strings($0.value, "labels:", count: functions.count,
                                                                of: "function", call, at: $0.range) }
            ?? functions.map(\.name)
        var series: [Series] = [], notes: [String] = []
        for (f, name) in zip(functions, names) {
            let (line, note) = try Series.sampling(f, named: name, from: a, to: b)
            series.append(line)
            if let note { notes.append(note) }
        }
        var chart = LinePlot(series: series, fail: call.fail)
        chart.notes = notes
        if let style = try seriesStyle(call) { chart.series = chart.series.map { $0.styled(style) } }
        // The x axis is named after the functions' parameter when they agree on one; the y
        // axis after a single named function.
        let parameters = Set(functions.compactMap { $0.parameterNames?.first })
        let agreed = parameters.count == 1 && functions.allSatisfy { $0.parameterNames != nil }
        chart.xName = agreed ? parameters.first! : "x"
        if functions.count == 1, !(functions[0].function is Closure && functions[0].function.name == "lambda") {
            chart.yName = "\(names[0])(\(chart.xName))"
        }
        return chart
    }

    private static func plotFunctions(_ call: BuiltinCall) throws -> [Sampler] {
        let candidates: [Value]
        if case .vector(let elements) = call[0] {
            guard !elements.isEmpty else { throw call.fail("the vector of functions is empty") }
            // Each function is sampled and drawn: refuse more than a picture can tell apart
            // before sampling any.
            guard elements.count <= maxFunctions else {
                throw call.failOverLimit("\(elements.count) functions are more than one picture can show "
                                         + "(at most \(maxFunctions))")
            }
            candidates = elements
        } else {
            candidates = [call[0]]
        }
        return try candidates.map { value in
            guard case .function(let f) = value else {
                throw call.fail("the first argument must be a function or a vector of functions, got "
                                + (call[0].isVector ? "a vector containing a \(value.typeName)" : value.typeName))
            }
            return try Sampler(f, dimensions: 1, caller: "plot", context: call.context, range: call.range)
        }
    }

    /// [a, b] for plot: finite, a below b.
    private static func interval(_ a: Value, _ b: Value, _ call: BuiltinCall) throws -> (Double, Double) {
        guard let low = a.number, let high = b.number else {
            let bad = a.number == nil ? a : b
            throw call.fail("the range ends must be numbers, got \(bad.typeName); like plot(f, -2, 2)")
        }
        return try ordered(low, high, "the range", call)
    }

    /// [x0, x1] for contour and surface.
    private static func range(_ value: Value, _ axis: String, _ call: BuiltinCall) throws -> (Double, Double) {
        guard case .vector(let ends) = value, ends.count == 2, let low = ends[0].number, let high = ends[1].number else {
            throw call.fail("the \(axis) range must be a vector of two numbers, like [-2, 2]; got "
                            + (value.isVector ? value.description : value.typeName))
        }
        return try ordered(low, high, "the \(axis) range", call)
    }

    private static func ordered(_ low: Double, _ high: Double, _ what: String,
                                _ call: BuiltinCall) throws -> (Double, Double) {
        guard low.isFinite, high.isFinite else { throw call.fail("\(what) must have finite ends") }
        let shown = "[\(NumberFormatting.display(low)), \(NumberFormatting.display(high))]"
        guard low != high else { throw call.fail("\(what) \(shown) is empty; give two different numbers") }
        guard low < high else {
            throw call.fail("\(what) \(shown) runs backwards; write the smaller number first, "
                            + "[\(NumberFormatting.display(high)), \(NumberFormatting.display(low))]")
        }
        guard (high - low).isFinite, (high - low) < 1e300 else {
            throw call.fail("\(what) \(shown) is too wide to draw")
        }
        guard (high - low) / max(abs(low), abs(high)) > 1e-12 else {
            throw call.fail("\(what) \(shown) is too narrow to draw")
        }
        return (low, high)
    }

    private static func pair(_ value: Value, _ what: String, _ call: BuiltinCall,
                             at range: SourceRange) throws -> (Double, Double) {
        guard case .vector(let ends) = value, ends.count == 2, let a = ends[0].number, let b = ends[1].number,
              a.isFinite, b.isFinite, a < b else {
            throw call.fail("\(what) must be two finite numbers, smaller first, like [-1, 1]", at: range)
        }
        return (a, b)
    }

    /// A vector of [x, y] points: a descent path, points to mark.
    static func points(_ value: Value, _ what: String, _ call: BuiltinCall,
                               at range: SourceRange) throws -> [Point] {
        guard case .vector(let rows) = value else {
            throw call.fail("\(what) must be a vector of points like [[1, 2], [0.8, 1.6]], got \(value.typeName)",
                            at: range)
        }
        guard rows.count <= maxPoints else {
            throw call.failOverLimit("\(what) has \(rows.count) points, more than one picture can show "
                                     + "(at most \(maxPoints))", at: range)
        }
        return try rows.map { row in
            guard case .vector(let xy) = row, xy.count == 2, let x = xy[0].number, let y = xy[1].number else {
                throw call.fail("\(what) must be a vector of points with two coordinates each, "
                                + "like [[1, 2], [0.8, 1.6]]; it contains \(row)", at: range)
            }
            return Point(x, y)
        }
    }

    private static func levels(_ call: BuiltinCall) throws -> ContourLevels.Request {
        guard let (value, range) = call.option("levels") else { return .automatic }
        if let n = value.number {
            guard n == n.rounded(), n >= 1, n <= 50 else {
                throw call.fail("levels: must be a whole number from 1 to 50, or a vector of levels", at: range)
            }
            return .count(Int(n))
        }
        guard case .vector(let elements) = value, !elements.isEmpty, elements.count <= 100,
              elements.allSatisfy({ $0.number?.isFinite == true }) else {
            throw call.fail("levels: must be a count, like 8, or a vector of finite levels, like [1, 2, 5, 10]",
                            at: range)
        }
        return .values(elements.map { $0.number! })
    }

    /// `arrows: true`, a count of arrows across the longer side, or the points to draw them
    /// at; `downhill: true` turns them.
    private static func arrows(_ call: BuiltinCall) throws -> (ContourPlot.Arrows?, ContourPlot.ArrowPlaces) {
        let direction: ContourPlot.Arrows = try call.boolOption("downhill", default: false) ? .down : .up
        guard let (value, range) = call.option("arrows") else {
            if call.option("downhill") != nil || call.option("unit") != nil {
                throw call.fail("downhill: and unit: change the arrows; add arrows: true")
            }
            return (nil, .grid(5))
        }
        switch value {
        case .bool(let on): return (on ? direction : nil, .grid(5))
        case _ where value.number != nil:
            let n = value.number!
            guard n == n.rounded(), n >= 1, n <= 40 else {
                throw call.fail("arrows: a count of arrows across must be a whole number from 1 to 40", at: range)
            }
            return (direction, .grid(Int(n)))
        case .vector(let rows) where !rows.isEmpty:
            return (direction, .points(try chosenPoints(value, "arrows:", call, at: range)))
        default:
            throw call.fail("arrows: must be true, a count of arrows across, like 7, or the points "
                            + "to draw them at, like [[1, 2], [-1, 0]]", at: range)
        }
    }

    private static func finiteOption(_ label: String, default value: Double, _ call: BuiltinCall) throws -> Double {
        let x = try call.numberOption(label, default: value)
        guard x.isFinite else {
            throw call.fail("\(label): must be a finite number", at: call.option(label)?.range)
        }
        return x
    }

    // MARK: - Output

    /// Where a picture goes: to the terminal as text, or to an SVG file.
    struct Output {
        enum Target {
            case terminal(TerminalRenderer)
            case file(String, SVGRenderer)
            /// For the host's `pictureOutput`: an SVG, and the terminal drawing as a stand-in.
            case host(SVGRenderer, TerminalRenderer)
            /// A panel of the running `figure`, which draws it.
            case panel
        }

        let target: Target

        init(_ call: BuiltinCall) throws {
            if call.context.figurePanels != nil {
                try Output.checkPanel(call)
                target = .panel
                return
            }
            let settings = call.context.plotSettings
            let color = try call.boolOption("color", default: settings.color)
            if let path = try call.stringOption("file", default: nil) {
                try PlotFile.check(path, call)
                guard settings.writesFiles else {
                    throw call.fail("this program may not write files (the host has not allowed it); "
                                    + "leave out file: to draw here", at: call.option("file")?.range ?? call.range)
                }
                let width = try Output.size("width", default: 640, 100...5000, call)!
                let height = try Output.size("height", default: nil, 100...5000, call)
                target = .file(path, SVGRenderer(width: width, height: height))
            } else if call.context.pictureOutput != nil {
                target = .host(try Output.hostRenderer(call), try Output.terminalRenderer(call, color: color))
            } else {
                target = .terminal(try Output.terminalRenderer(call, color: color))
            }
        }

        static func terminalRenderer(_ call: BuiltinCall, color: Bool) throws -> TerminalRenderer {
            let settings = call.context.plotSettings
            let width = try Output.size("width", default: min(500, max(20, settings.width)), 20...500, call)!
            let height = try Output.size("height", default: min(300, max(8, settings.height)), 8...300, call)!
            return TerminalRenderer(width: width, height: height, color: color, widthAsked: call.option("width") != nil,
                                    heightAsked: call.option("height") != nil)
        }

        /// A picture for the host, sized as in the terminal (width: and height: in characters),
        /// at 8 pixels a column and 16 a row; 640 pixels wide, and as tall as it needs, by default.
        static func hostRenderer(_ call: BuiltinCall) throws -> SVGRenderer {
            let columns = try Output.size("width", default: 80, 20...500, call)!
            let rows = try Output.size("height", default: nil, 8...300, call)
            return SVGRenderer(width: columns * 8, height: rows.map { $0 * 16 })
        }

        static func size(_ label: String, default value: Int?, _ allowed: ClosedRange<Int>,
                         _ call: BuiltinCall) throws -> Int? {
            guard let (option, range) = call.option(label) else { return value }
            guard let x = option.number, x == x.rounded(), x >= Double(allowed.lowerBound),
                  x <= Double(allowed.upperBound) else {
                let unit = call.option("file") == nil ? "characters" : "pixels"
                throw call.fail("\(label): must be a whole number of \(unit) from "
                                + "\(allowed.lowerBound) to \(allowed.upperBound)", at: range)
            }
            return Int(x)
        }

        func show(_ scene: Scene, _ call: BuiltinCall) throws {
            let w = scene.window
            guard [w.x0, w.x1, w.y0, w.y1, w.width, w.height, 1 / w.width, 1 / w.height].allSatisfy(\.isFinite),
                  w.width > 0, w.height > 0 else {
                throw call.fail("the picture's range [\(Ticks.short(w.x0)), \(Ticks.short(w.x1))] × "
                                + "[\(Ticks.short(w.y0)), \(Ticks.short(w.y1))] cannot be drawn")
            }
            // Each mark and line segment drawn is a step: Ctrl-C reaches inside a picture of
            // many points.
            let poll = { try call.context.tick() }
            switch target {
            case .panel:
                try Output.collect(scene, call)
                return
            case .terminal(let renderer):
                try call.context.write(try renderer.render(scene, poll: poll))
            case .file(let path, let renderer):
                try PlotFile.write(try renderer.render(scene, poll: poll), to: path, call)
                try call.context.write("wrote \(path)\n")
            case .host(var svg, let terminal):
                svg.idPrefix = call.context.nextPictureIDPrefix()
                try call.context.show(Picture(svg: try svg.render(scene, poll: poll),
                                              text: try terminal.render(scene, poll: poll),
                                              title: scene.title ?? scene.description))
            }
            for note in scene.notes { try call.context.write(note + "\n") }
        }
    }
}

/// The one place Grad writes a file: the SVG a picture was asked to go to. Scripts get no
/// other access to files.
enum PlotFile {
    static func check(_ path: String, _ call: BuiltinCall) throws {
        let name = (path as NSString).lastPathComponent
        guard path.lowercased().hasSuffix(".svg"), name.count > 4, !path.contains("\0") else {
            throw call.fail("file: must name an .svg file, like \"bowl.svg\"; got \"\(path)\"",
                            at: call.option("file")?.range ?? call.range)
        }
    }

    static func write(_ svg: String, to path: String, _ call: BuiltinCall) throws {
        func failure(_ reason: String) -> GradError {
            call.fail("cannot write \(path): \(reason)", at: call.option("file")?.range ?? call.range)
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !isFolder(folder) {
            throw failure(FileManager.default.fileExists(atPath: folder) ? "\(folder) is a file, not a folder"
                                                                         : "there is no folder \(folder)")
        }
        if isFolder(path) {
            throw failure("that is a folder; name a file in it, like \"\(path)/picture.svg\"")
        }
        do {
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw failure(reason(error))
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// The system's words ("Permission denied"): Foundation's own text for some failures is
    /// only "The operation could not be completed. (NSCocoaErrorDomain error 512.)".
    private static func reason(_ error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        return error.localizedDescription
    }
}
