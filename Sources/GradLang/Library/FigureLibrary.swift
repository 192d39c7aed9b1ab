/// `figure(() -> surface(...), () -> contour(...))`: several pictures side by side in one
/// SVG (or, wide enough, in the terminal). Each argument is a function of no arguments; every
/// picture drawn while it runs becomes a panel, in order.
extension PlotLibrary {
    /// The most panels one figure holds.
    static let maxPanels = 24

    static let figure = Builtin("figure", arguments: 1...maxPanels, takesFunction: true,
                                options: commonOptions + ["columns"],
                                signature: "figure(() -> surface(f, ...), () -> contour(f, ...), file: \"fig.svg\")",
                                summary: "Draws several pictures as one figure, side by side: each argument is a "
                                    + "function of no arguments, and every plot, contour or surface it draws becomes "
                                    + "a panel, left to right. columns: sets how many panels a row holds (all of "
                                    + "them up to 3). With file: \"name.svg\" it writes one SVG (560 pixels a panel "
                                    + "unless width: says otherwise); in the terminal the panels stand side by side "
                                    + "when each gets at least 30 characters, else one under another. The panels' "
                                    + "own size, colour and file are the figure's: give width:, height:, color: and "
                                    + "file: to figure. Also title:.",
                                example: "f(x, y) = x^2 + y^2\n"
                                    + "figure(() -> surface(f, [-2, 2], [-2, 2]), () -> contour(f, [-2, 2], [-2, 2]),\n"
                                    + "       width: 76, height: 16)", differentiation: .noNumber) { call in
        guard call.context.figurePanels == nil else {
            throw call.fail("a figure cannot hold another figure; draw its pictures in this one")
        }
        let draws = try (0..<call.count).map { i -> Callable in
            guard case .function(let f) = call[i], f.arity == 0 else {
                throw call.fail("each argument must be a function of no arguments that draws, like "
                                + "() -> contour(f, [-2, 2], [-2, 2]); argument \(i + 1) is "
                                + (call[i].typeName == "function" ? "a function that takes arguments" : call[i].typeName))
            }
            return f
        }
        let output = try Output(call)
        call.context.figurePanels = []
        defer { call.context.figurePanels = nil }
        for draw in draws { _ = try call.context.call(draw, [], at: call.range) }
        let panels = call.context.figurePanels ?? []
        guard !panels.isEmpty else {
            throw call.fail("nothing was drawn; each function should call plot, contour or surface")
        }
        var columns = min(3, panels.count)
        if let (value, range) = call.option("columns") {
            guard let n = value.number, n == n.rounded(), n >= 1, n <= 10 else {
                throw call.fail("columns: must be a whole number from 1 to 10", at: range)
            }
            columns = Int(n)
        }
        let figure = Figure(panels: panels, columns: columns, title: try call.stringOption("title", default: nil))
        switch output.target {
        case .terminal(let renderer):
            try call.context.write(figure.terminal(width: renderer.width, height: renderer.height, color: renderer.color))
        case .file(let path, let renderer):
            let width = call.option("width") == nil ? 560 * columns : renderer.width
            try PlotFile.write(figure.svg(width: width, height: renderer.height), to: path, call)
            try call.context.write("wrote \(path)\n")
        case .host(let svg, let terminal):
            let width = call.option("width") == nil ? 560 * columns : svg.width
            try call.context.show(Picture(svg: figure.svg(width: width, height: svg.height,
                                                          idPrefix: call.context.nextPictureIDPrefix()),
                                          text: figure.terminal(width: terminal.width, height: terminal.height,
                                                                color: terminal.color),
                                          title: figure.caption))
        case .panel:
            break
        }
        for note in panels.flatMap(\.notes) { try call.context.write(note + "\n") }
        return .none
    }
}

extension PlotLibrary.Output {
    /// A picture inside a figure takes its size, colour and file from the figure.
    static func checkPanel(_ call: BuiltinCall) throws {
        for label in ["width", "height", "color", "file"] {
            if let (_, range) = call.option(label) {
                throw call.fail("inside a figure, give \(label): to figure", at: range)
            }
        }
    }

    static func collect(_ scene: Scene, _ call: BuiltinCall) throws {
        guard call.context.figurePanels!.count < PlotLibrary.maxPanels else {
            throw call.failOverLimit("a figure holds at most \(PlotLibrary.maxPanels) pictures")
        }
        call.context.figurePanels!.append(scene)
    }
}
