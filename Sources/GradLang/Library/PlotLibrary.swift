import Foundation

/// The pictures: `plot`, `contour`, `surface`. Each draws in the terminal (text written
/// like `print`'s), or with `file: "name.svg"` writes an SVG instead and says so.
/// They return none.
enum PlotLibrary {
    static var builtins: [Builtin] { [plot, contour, surface] }

    static let commonOptions = ["width", "height", "color", "file", "title"]
    /// The most functions one `plot` draws, and the most points `points:` and `path:` mark
    /// (a descent of 100,000 steps): the work of drawing grows with both.
    static let maxFunctions = 20
    static let maxPoints = 100_000

    static let plot = Builtin("plot", arguments: 3...3, takesFunction: true,
                              options: commonOptions + ["ylim", "labels", "points"],
                              signature: "plot(f, a, b), plot([f, g], a, b), plot(f, a, b, file: \"f.svg\")",
                              summary: "Draws f over [a, b] in the terminal (braille, 80×24 characters, the y axis "
                                  + "widened to round ticks), or several functions told apart by glyph, with a "
                                  + "legend. Options: width:, height: (characters; pixels for a file), "
                                  + "ylim: [lo, hi], labels: [\"..\"], points: [[x, y], ...] to mark, title:, "
                                  + "color: true for ANSI colours, file: \"name.svg\" to write an SVG instead.",
                              example: "plot([sin, cos], 0, 2 * pi, width: 60, height: 14)") { call in
        let functions = try plotFunctions(call)
        let (a, b) = try interval(call[1], call[2], call)
        var chart = LinePlot(functions: functions, labels: try labels(for: functions, call), low: a, high: b)
        chart.title = try call.stringOption("title", default: nil)
        if let (value, range) = call.option("ylim") {
            let (lo, hi) = try pair(value, "ylim:", call, at: range)
            chart.ylim = (lo, hi)
        }
        if let (value, range) = call.option("points") { chart.points = try points(value, "points:", call, at: range) }
        try Output(call).show(try chart.scene(), call)
        return .none
    }

    static let contour = Builtin("contour", arguments: 3...3, takesFunction: true,
                                 options: commonOptions + ["levels", "arrows", "downhill", "unit", "path"],
                                 signature: "contour(f, [x0, x1], [y0, y1], levels: 8, arrows: true, path: points)",
                                 summary: "Draws the level curves of f(x, y) at round levels, labelled, one unit as "
                                     + "long across as up. levels: a count or a vector of levels. arrows: true adds "
                                     + "∇f at a grid of points (perpendicular to the curves, pointing uphill, as "
                                     + "long as the gradient is large); arrows: 9 puts 9 across; downhill: true "
                                     + "draws −∇f instead; unit: true makes them all one length. path: "
                                     + "descend(f, p, path: true) overlays a descent path with its start and end. "
                                     + "Also width:, height:, title:, color:, file:.",
                                 example: "f(x, y) = x^2 + y^2\n"
                                     + "contour(f, [-2, 2], [-2, 2], levels: 4, arrows: true, height: 20)") { call in
        let f = try Sampler(try call.function(0, "f"), dimensions: 2, caller: "contour", context: call.context,
                            range: call.range)
        var chart = ContourPlot(f: f, x: try range(call[1], "x", call), y: try range(call[2], "y", call))
        chart.title = try call.stringOption("title", default: nil)
        chart.levels = try levels(call)
        (chart.arrows, chart.arrowCount) = try arrows(call)
        chart.unitArrows = try call.boolOption("unit", default: false)
        if let (value, range) = call.option("path") {
            let path = try points(value, "path:", call, at: range)
            guard !path.isEmpty else {
                throw GradError.runtime("contour: path: has no points; give the result of "
                                        + "descend(f, start, path: true)", at: range)
            }
            chart.path = path
        }
        try Output(call).show(try chart.scene(), call)
        return .none
    }

    static let surface = Builtin("surface", arguments: 3...3, takesFunction: true,
                                 options: commonOptions + ["azimuth", "elevation"],
                                 signature: "surface(f, [x0, x1], [y0, y1])",
                                 summary: "Draws the graph of f(x, y) in 3D: shaded characters in the terminal, a "
                                     + "shaded wireframe in an SVG. azimuth: and elevation: (degrees, -60 and 30) "
                                     + "turn the view. Also width:, height:, title:, color:, file:.",
                                 example: "surface((x, y) -> x^2 + y^2, [-2, 2], [-2, 2], width: 60, height: 16)") { call in
        let f = try Sampler(try call.function(0, "f"), dimensions: 2, caller: "surface", context: call.context,
                            range: call.range)
        var chart = SurfacePlot(f: f, x: try range(call[1], "x", call), y: try range(call[2], "y", call))
        chart.title = try call.stringOption("title", default: nil)
        chart.azimuth = try finiteOption("azimuth", default: -60, call)
        chart.elevation = try finiteOption("elevation", default: 30, call)
        guard chart.elevation >= -90, chart.elevation <= 90 else {
            throw GradError.runtime("surface: elevation: must be between -90 and 90 degrees",
                                    at: call.option("elevation")?.range ?? call.range)
        }
        try Output(call).show(try chart.scene(), call)
        return .none
    }

    // MARK: - Arguments

    private static func plotFunctions(_ call: BuiltinCall) throws -> [Sampler] {
        let candidates: [Value]
        if case .vector(let elements) = call[0] {
            guard !elements.isEmpty else { throw call.fail("the vector of functions is empty") }
            // Each function is sampled and drawn: refuse more than a picture can tell apart
            // before sampling any.
            guard elements.count <= maxFunctions else {
                throw GradError(.limit, "plot: \(elements.count) functions are more than one picture can show "
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

    private static func labels(for functions: [Sampler], _ call: BuiltinCall) throws -> [String] {
        guard let (value, range) = call.option("labels") else { return functions.map(\.name) }
        let given: [Value]
        if case .vector(let elements) = value { given = elements } else { given = [value] }
        guard given.count == functions.count else {
            throw GradError.runtime("plot: labels: has \(given.count) names for \(functions.count) "
                                    + "function\(functions.count == 1 ? "" : "s")", at: range)
        }
        return try given.map { label in
            guard case .string(let s) = label else {
                throw GradError.runtime("plot: labels: must be strings, like [\"x^2\", \"sin\"]", at: range)
            }
            return s
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
            throw GradError.runtime("\(call.name): \(what) must be two finite numbers, smaller first, like [-1, 1]",
                                    at: range)
        }
        return (a, b)
    }

    /// A vector of [x, y] points: a descent path, points to mark.
    private static func points(_ value: Value, _ what: String, _ call: BuiltinCall,
                               at range: SourceRange) throws -> [Point] {
        guard case .vector(let rows) = value else {
            throw GradError.runtime("\(call.name): \(what) must be a vector of points like [[1, 2], [0.8, 1.6]], "
                                    + "got \(value.typeName)", at: range)
        }
        guard rows.count <= maxPoints else {
            throw GradError(.limit, "\(call.name): \(what) has \(rows.count) points, more than one picture can show "
                            + "(at most \(maxPoints))", at: range)
        }
        return try rows.map { row in
            guard case .vector(let xy) = row, xy.count == 2, let x = xy[0].number, let y = xy[1].number else {
                throw GradError.runtime("\(call.name): \(what) must be a vector of points with two coordinates each, "
                                        + "like [[1, 2], [0.8, 1.6]]; it contains \(row)", at: range)
            }
            return Point(x, y)
        }
    }

    private static func levels(_ call: BuiltinCall) throws -> ContourPlot.Levels {
        guard let (value, range) = call.option("levels") else { return .count(8) }
        if let n = value.number {
            guard n == n.rounded(), n >= 1, n <= 50 else {
                throw GradError.runtime("contour: levels: must be a whole number from 1 to 50, or a vector of levels",
                                        at: range)
            }
            return .count(Int(n))
        }
        guard case .vector(let elements) = value, !elements.isEmpty, elements.count <= 100,
              elements.allSatisfy({ $0.number?.isFinite == true }) else {
            throw GradError.runtime("contour: levels: must be a count, like 8, or a vector of finite levels, "
                                    + "like [1, 2, 5, 10]", at: range)
        }
        return .values(elements.map { $0.number! })
    }

    /// `arrows: true` or a count of arrows across the longer side; `downhill: true` turns them.
    private static func arrows(_ call: BuiltinCall) throws -> (ContourPlot.Arrows?, Int) {
        let direction: ContourPlot.Arrows = try call.boolOption("downhill", default: false) ? .down : .up
        guard let (value, range) = call.option("arrows") else {
            if call.option("downhill") != nil || call.option("unit") != nil {
                throw call.fail("downhill: and unit: change the arrows; add arrows: true")
            }
            return (nil, 5)
        }
        switch value {
        case .bool(let on): return (on ? direction : nil, 5)
        case _ where value.number != nil:
            let n = value.number!
            guard n == n.rounded(), n >= 1, n <= 40 else {
                throw GradError.runtime("contour: arrows: a count of arrows across must be a whole number from 1 "
                                        + "to 40", at: range)
            }
            return (direction, Int(n))
        default:
            throw GradError.runtime("contour: arrows: must be true or a count of arrows across, like 7", at: range)
        }
    }

    private static func finiteOption(_ label: String, default value: Double, _ call: BuiltinCall) throws -> Double {
        let x = try call.numberOption(label, default: value)
        guard x.isFinite else {
            throw GradError.runtime("\(call.name): \(label): must be a finite number", at: call.option(label)?.range)
        }
        return x
    }

    // MARK: - Output

    /// Where a picture goes: to the terminal as text, or to an SVG file.
    struct Output {
        enum Target {
            case terminal(TerminalRenderer)
            case file(String, SVGRenderer)
        }

        let target: Target

        init(_ call: BuiltinCall) throws {
            let settings = call.context.plotSettings
            let color = try call.boolOption("color", default: settings.color)
            if let path = try call.stringOption("file", default: nil) {
                try PlotFile.check(path, call)
                guard settings.writesFiles else {
                    throw GradError.runtime("\(call.name): this program may not write files (the host has not "
                                            + "allowed it); leave out file: to draw here",
                                            at: call.option("file")?.range ?? call.range)
                }
                let width = try Output.size("width", default: 640, 100...5000, call)!
                let height = try Output.size("height", default: nil, 100...5000, call)
                target = .file(path, SVGRenderer(width: width, height: height))
            } else {
                let width = try Output.size("width", default: min(500, max(20, settings.width)), 20...500, call)!
                let height = try Output.size("height", default: min(300, max(8, settings.height)), 8...300, call)!
                target = .terminal(TerminalRenderer(width: width, height: height, color: color))
            }
        }

        static func size(_ label: String, default value: Int?, _ allowed: ClosedRange<Int>,
                         _ call: BuiltinCall) throws -> Int? {
            guard let (option, range) = call.option(label) else { return value }
            guard let x = option.number, x == x.rounded(), x >= Double(allowed.lowerBound),
                  x <= Double(allowed.upperBound) else {
                let unit = call.option("file") == nil ? "characters" : "pixels"
                throw GradError.runtime("\(call.name): \(label): must be a whole number of \(unit) from "
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
            case .terminal(let renderer):
                try call.context.write(try renderer.render(scene, poll: poll))
            case .file(let path, let renderer):
                try PlotFile.write(try renderer.render(scene, poll: poll), to: path, call)
                try call.context.write("wrote \(path)\n")
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
            throw GradError.runtime("\(call.name): file: must name an .svg file, like \"bowl.svg\"; "
                                    + "got \"\(path)\"", at: call.option("file")?.range ?? call.range)
        }
    }

    static func write(_ svg: String, to path: String, _ call: BuiltinCall) throws {
        func failure(_ reason: String) -> GradError {
            GradError.runtime("\(call.name): cannot write \(path): \(reason)", at: call.option("file")?.range ?? call.range)
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
