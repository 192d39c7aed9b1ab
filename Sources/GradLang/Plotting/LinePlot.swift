import Foundation

/// `plot`: functions of one variable, or data, in a frame whose y axis reaches out to the
/// next round tick (on a log scale, the next power of ten).
struct LinePlot {
    var series: [Series]
    var xName = "x"
    var yName = ""
    /// The y range the user fixed with `ylim:`, else found from the values.
    var ylim: (Double, Double)?
    /// y on a log scale: ticks at powers of ten, values of 0 or below left out.
    var logY = false
    /// x on a log scale too (gradcheck's error against h): every x must be above 0.
    var logX = false
    /// Whether the legend names the series.
    var legend = true
    /// x counts something (the index of a value, the step of a descent): ticks at whole numbers.
    var wholeX = false
    /// Points to mark, as [x, y] pairs.
    var points: [Point] = []
    var title: String?
    /// What sampling the functions found (their gaps).
    var notes: [String] = []
    /// The error for data that cannot be drawn, naming the built-in.
    var fail: (String) -> GradError

    init(series: [Series], fail: @escaping (String) -> GradError) {
        self.series = series
        self.fail = fail
    }

    func scene() throws -> Scene {
        var notes = self.notes
        var (series, points) = (self.series, self.points)
        if logY {
            var dropped = 0
            series = series.map { let (s, n) = $0.logged(); dropped += n; return s }
            let marked = Series(name: "", points: points).logged()
            (points, dropped) = (marked.0.points, dropped + marked.dropped)
            if dropped > 0 {
                notes.append("note: \(dropped) value\(dropped == 1 ? " is" : "s are") 0 or below, with no place on a "
                             + "log scale; left out")
            }
        }
        if logX {
            series = series.map { line in line.with(points: line.points.map { Point(log10($0.x), $0.y) }) }
            points = points.map { Point(log10($0.x), $0.y) }
        }
        let all = series.flatMap(\.points)
        guard let box = Box.bounding(all) else {
            throw fail(logY ? "every value is 0 or below, and a log scale has no place for them; leave out scale:"
                            : "there is no finite value to draw")
        }
        let (x0, x1, xTicks) = xAxis(box)
        let (y0, y1, yTicks) = try yAxis(all + points)
        var scene = Scene(window: Box(x0: x0, x1: x1, y0: y0, y1: y1),
                          description: "plot of " + series.map(\.name).joined(separator: ", "))
        scene.title = title
        scene.axes = Axes(xTicks: xTicks, yTicks: yTicks, xName: logX ? "\(xName) (log)" : xName,
                          yName: logY ? (yName.isEmpty ? "log" : "\(yName) (log)") : yName)
        for (k, line) in series.enumerated() {
            if line.style != .dots { scene.add(.line(line.points, .series(k), name: line.name)) }
            if line.style != .lines {
                for p in line.points where p.isFinite { scene.add(.marker(p, .dot, .series(k))) }
            }
            if legend {
                let sample: LegendEntry.Sample = line.style == .dots ? .marker(.dot, .series(k)) : .line(.series(k))
                scene.legend.append(LegendEntry(sample: sample, text: line.name))
            }
        }
        for p in points { scene.add(.marker(p, .point, .points)) }
        if points.contains(where: { !scene.window.grown(by: 1e-9).contains($0) }) {
            notes.append("note: some points lie outside the picture")
        }
        scene.notes = notes
        return scene
    }

    /// The x window and its ticks: the values' range (whole powers of ten on a log scale).
    private func xAxis(_ box: Box) -> (Double, Double, [Tick]) {
        let (x0, x1) = box.x0 < box.x1 ? (box.x0, box.x1) : (box.x0 - 1, box.x1 + 1)
        if logX { return Ticks.logarithmic(from: x0, to: x1, widen: true) }
        let step = Ticks.step(for: x1 - x0, count: 6, whole: wholeX)
        return (x0, x1, Ticks.ticks(from: x0, to: x1, step: step))
    }

    /// The y window and its ticks: `ylim:` as given, else the values' range widened to round
    /// ticks (whole powers of ten on a log scale).
    private func yAxis(_ values: [Point]) throws -> (Double, Double, [Tick]) {
        if logY {
            var (a, b) = ylim.map { (log10($0.0), log10($0.1)) } ?? range(values)
            if a == b { (a, b) = (a - 1, b + 1) }
            return Ticks.logarithmic(from: a, to: b, widen: ylim == nil)
        }
        var (a, b) = ylim ?? range(values)
        guard (b - a).isFinite, (b - a) * 4 < .greatestFiniteMagnitude else {
            throw fail("the values run from \(Ticks.short(a)) to \(Ticks.short(b)), too far apart to draw; "
                       + "give ylim: [lo, hi]")
        }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.5
            (a, b) = (a - pad, b + pad)
        }
        let step = Ticks.step(for: b - a, count: 5)
        if ylim == nil { (a, b) = Ticks.widened(a, b, step: step) }
        return (a, b, Ticks.ticks(from: a, to: b, step: step))
    }

    private func range(_ values: [Point]) -> (Double, Double) {
        let ys = values.map(\.y).filter(\.isFinite)
        return (ys.min() ?? 0, ys.max() ?? 1)
    }
}
