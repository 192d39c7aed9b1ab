import Foundation

/// `contour(f, [x0, x1], [y0, y1])`: level curves at round levels, labelled; gradient
/// arrows and a descent path on request. One unit is as long across as up, so the arrows
/// meet the curves at right angles.
struct ContourPlot {
    var f: Sampler
    var x: (Double, Double)
    var y: (Double, Double)
    var levels = ContourLevels.Request.automatic
    /// Levels spaced by factors (`.log`), evenly (`.linear`), or by factors only on a
    /// valley (nil, the default).
    var logScale: Bool?
    /// Bands between the levels filled with colour, with a colour bar.
    var fill = false
    var arrows: Arrows?
    var arrowPlaces = ArrowPlaces.grid(5)
    /// Every arrow the same length: directions only.
    var unitArrows = false
    var path: [Point]?
    /// An SVG draws the path step by step.
    var animate = false
    /// Points to mark with a star, and what to call them (none, or one name each).
    var points: [Point] = []
    var pointNames: [String] = []
    var title: String?

    static let gridSize = 121

    func scene() throws -> Scene {
        let grid = try sample()
        let finite = grid.values.flatMap { $0 }.filter(\.isFinite)
        let total = ContourPlot.gridSize * ContourPlot.gridSize
        guard let low = finite.min(), let high = finite.max() else {
            throw f.fail("\(f.name) is not a finite number anywhere on \(area); nothing to draw")
        }
        if !levels.isList, !(high - low).isFinite {
            throw f.fail("\(f.name) runs from \(Ticks.short(low)) to \(Ticks.short(high)) on \(area), too far apart "
                         + "to choose levels; give levels: [...]")
        }
        let window = Box(x0: x.0, x1: x.1, y0: y.0, y1: y.1)
        var scene = Scene(window: window, description: "contour of \(f.name)")
        scene.title = title
        // One unit as long across as up, unless the ranges are so unequal that the picture
        // would be a sliver.
        let ratio = window.width / window.height
        scene.equalAspect = ratio <= 8 && ratio >= 1 / 8
        let step = Ticks.step(for: max(window.width, window.height), count: 6)
        let xStep = scene.equalAspect ? step : Ticks.step(for: window.width, count: 6)
        let yStep = scene.equalAspect ? step : Ticks.step(for: window.height, count: 5)
        let names = f.parameterNames ?? ["x", "y"]
        scene.axes = Axes(xTicks: Ticks.ticks(from: x.0, to: x.1, step: xStep),
                          yTicks: Ticks.ticks(from: y.0, to: y.1, step: yStep), xName: names[0], yName: names[1])
        if !scene.equalAspect {
            scene.notes.append("note: the x and y ranges differ too much to draw them to the same scale; the "
                               + "picture is stretched, and the arrows show the gradient as stretched with it")
        }
        if finite.count < total {
            scene.notes.append("note: \(f.name) is not a finite number at \(total - finite.count) of \(total) grid "
                               + "points; the level curves have gaps there")
        }
        if logScale == true, high <= 0 {
            throw f.fail("scale: \"log\" needs values above 0, but \(f.name) is at most \(Ticks.short(high)) on "
                         + "\(area); leave out scale:, or add a constant to f")
        }
        let geometric = logScale ?? ContourLevels.isValley(low: low, high: high,
                                                           median: finite.sorted()[finite.count / 2])
        let chosen = ContourLevels.choose(levels, low: low, high: high, geometric: geometric)
        if fill, !chosen.isEmpty {
            let bands = ContourFill(grid: grid, levels: chosen)
            scene.add(.fill(bands))
            let name = f.name.count <= 16 ? f.name : "f"
            scene.colorBar = ColorBar(fill: bands, title: geometric ? "\(name) (log scale)" : name)
        }
        if chosen.isEmpty {
            scene.notes.append("note: \(f.name) is \(low == high ? "constant (\(Ticks.short(low)))" : "nearly constant") "
                               + "on \(area): no level curves")
        }
        for (index, level) in chosen.enumerated() {
            addLevel(level, index: index, count: chosen.count, grid, to: &scene)
        }
        if !chosen.isEmpty {
            scene.legend.append(LegendEntry(sample: .levels,
                                            text: "levels: " + chosen.map(levelText).joined(separator: ", ")))
        }
        if let arrows { try addArrows(arrows, to: &scene) }
        if let path {
            addPath(path, to: &scene)
            if animate { scene.animation = PathAnimation(points: path) }
        }
        if !points.isEmpty { addPoints(to: &scene) }
        return scene
    }

    private var area: String {
        "[\(Ticks.short(x.0)), \(Ticks.short(x.1))] × [\(Ticks.short(y.0)), \(Ticks.short(y.1))]"
    }

    private func sample() throws -> SampledGrid {
        let n = ContourPlot.gridSize
        let xs = (0..<n).map { x.0 + (x.1 - x.0) * Double($0) / Double(n - 1) }
        let ys = (0..<n).map { y.0 + (y.1 - y.0) * Double($0) / Double(n - 1) }
        let values = try ys.map { yv in try xs.map { xv in try f.value(xv, yv) } }
        return SampledGrid(xs: xs, ys: ys, values: values)
    }

    // MARK: - Levels

    private func levelText(_ level: Double) -> String { Ticks.short(level) }

    private func addLevel(_ level: Double, index: Int, count: Int, _ grid: SampledGrid, to scene: inout Scene) {
        let curves = grid.curves(at: level).filter { $0.count >= 2 }
        guard !curves.isEmpty else { return }
        let role = Role.level(index: index, count: count)
        var joined: [Point] = []
        for curve in curves {
            if !joined.isEmpty { joined.append(Point(.nan, .nan)) }
            joined += curve
        }
        scene.add(.line(joined, role, name: "level \(levelText(level))"))
        // A label on the longest piece, and on each other closed ring long enough to carry
        // one (a level of sin x + cos y circles every hilltop).
        let longestFirst = curves.sorted { ContourPlot.length($0) > ContourPlot.length($1) }
        let worthALabel = 0.25 * max(x.1 - x.0, y.1 - y.0)
        for (k, curve) in longestFirst.prefix(4).enumerated()
        where k == 0 || (curve.first == curve.last && ContourPlot.length(curve) >= worthALabel) {
            let places = [0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6].compactMap { ContourPlot.place(on: curve, at: $0) }
            scene.add(.label(levelText(level), places: places, role))
        }
    }

    static func length(_ curve: [Point]) -> Double {
        zip(curve, curve.dropFirst()).reduce(0) { $0 + ($1.1 - $1.0).length }
    }

    /// The point a fraction of the way along a curve, with the curve's direction there.
    static func place(on curve: [Point], at fraction: Double) -> Placement? {
        let total = length(curve)
        guard total > 0 else { return nil }
        var remaining = total * fraction
        for (a, b) in zip(curve, curve.dropFirst()) {
            let piece = (b - a).length
            if piece > 0, remaining <= piece {
                let p = a + (remaining / piece) * (b - a)
                var angle = atan2(b.y - a.y, b.x - a.x) * 180 / .pi
                if angle > 90 { angle -= 180 }
                if angle < -90 { angle += 180 }
                return Placement(at: p, angle: angle)
            }
            remaining -= piece
        }
        return nil
    }
}
