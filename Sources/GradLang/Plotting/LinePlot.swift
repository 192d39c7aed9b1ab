/// `plot(f, a, b)` and `plot([f, g], a, b)`: curves over [a, b] in a frame whose y axis
/// reaches out to the next round tick.
struct LinePlot {
    var functions: [Sampler]
    var labels: [String]
    var low: Double
    var high: Double
    /// The y range the user fixed with `ylim:`, else found from the values.
    var ylim: (Double, Double)?
    /// Points to mark, as [x, y] pairs.
    var points: [Point] = []
    var title: String?

    static let samples = 401

    func scene() throws -> Scene {
        let xs = (0..<LinePlot.samples).map { low + (high - low) * Double($0) / Double(LinePlot.samples - 1) }
        var curves: [[Point]] = []
        var notes: [String] = []
        for (k, f) in functions.enumerated() {
            let curve = try xs.map { Point($0, try f.value($0)) }
            let gaps = curve.filter { !$0.y.isFinite }.count
            if gaps == curve.count {
                throw f.fail("\(labels[k]) is not a finite number anywhere on [\(show(low)), \(show(high))]; "
                             + "nothing to draw")
            }
            if gaps > 0 {
                notes.append("note: \(labels[k]) is not a finite number at \(gaps) of \(curve.count) points "
                             + "of [\(show(low)), \(show(high))]; the curve has gaps there")
            }
            curves.append(curve)
        }
        let (y0, y1, yStep) = try yRange(curves.flatMap { $0 } + points)
        var scene = Scene(window: Box(x0: low, x1: high, y0: y0, y1: y1),
                          description: "plot of " + labels.joined(separator: ", "))
        scene.title = title
        let xStep = Ticks.step(for: high - low, count: 6)
        scene.axes = Axes(xTicks: Ticks.ticks(from: low, to: high, step: xStep),
                          yTicks: Ticks.ticks(from: y0, to: y1, step: yStep),
                          xName: xName, yName: yName)
        for (k, curve) in curves.enumerated() {
            scene.add(.line(curve, .series(k), name: labels[k]))
            scene.legend.append(LegendEntry(sample: .line(.series(k)), text: labels[k]))
        }
        for p in points { scene.add(.marker(p, .point, .points)) }
        if !points.isEmpty, points.contains(where: { !scene.window.grown(by: 1e-9).contains($0) }) {
            notes.append("note: some points lie outside the picture")
        }
        scene.notes = notes
        return scene
    }

    /// The y window: `ylim:` as given, else the values' range widened to round ticks.
    private func yRange(_ values: [Point]) throws -> (Double, Double, Double) {
        if let (a, b) = ylim { return (a, b, Ticks.step(for: b - a, count: 5)) }
        let ys = values.map(\.y).filter(\.isFinite)
        var (a, b) = (ys.min()!, ys.max()!)
        guard (b - a).isFinite, (b - a) * 4 < .greatestFiniteMagnitude else {
            throw functions[0].fail("the values run from \(show(a)) to \(show(b)), too far apart to draw; "
                                    + "give ylim: [lo, hi]")
        }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.5
            (a, b) = (a - pad, b + pad)
        }
        let step = Ticks.step(for: b - a, count: 5)
        let (lo, hi) = Ticks.widened(a, b, step: step)
        return (lo, hi, step)
    }

    /// The x axis is named after the functions' parameter when they agree on one.
    private var xName: String {
        let names = Set(functions.compactMap { $0.parameterNames?.first })
        return names.count == 1 && functions.allSatisfy({ $0.parameterNames != nil }) ? names.first! : "x"
    }

    private var yName: String {
        guard functions.count == 1, let f = functions.first, !(f.function is Closure && f.function.name == "lambda")
        else { return "" }
        return "\(labels[0])(\(xName))"
    }

    private func show(_ x: Double) -> String { Ticks.short(x) }
}
