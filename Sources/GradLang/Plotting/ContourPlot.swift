import Foundation

/// `contour(f, [x0, x1], [y0, y1])`: level curves at round levels, labelled; gradient
/// arrows and a descent path on request. One unit is as long across as up, so the arrows
/// meet the curves at right angles.
struct ContourPlot {
    enum Arrows {
        /// ∇f, pointing uphill.
        case up
        /// −∇f, the way gradient descent steps.
        case down
    }

    var f: Sampler
    var x: (Double, Double)
    var y: (Double, Double)
    var levels = ContourLevels.Request.automatic
    var arrows: Arrows?
    /// About how many arrows across the longer side.
    var arrowCount = 5
    /// Every arrow the same length: directions only.
    var unitArrows = false
    var path: [Point]?
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
        let geometric = ContourLevels.isValley(low: low, high: high, median: finite.sorted()[finite.count / 2])
        let chosen = ContourLevels.choose(levels, low: low, high: high, geometric: geometric)
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
        if let path { addPath(path, to: &scene) }
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

    // MARK: - Arrows and path

    /// One arrow at each point of an even grid inside the window (`arrowCount` across the
    /// longer side), from the point along ∇f (or −∇f), as long as the gradient is large,
    /// the longest 0.8 of the spacing.
    private func addArrows(_ arrows: Arrows, to scene: inout Scene) throws {
        // Work in units that are as long on the page across as up: data units when the
        // scales are equal, else each range taken as 1. There the gradient (with respect
        // to those units) is perpendicular to the curves as drawn.
        let unit = scene.equalAspect ? Point(1, 1) : Point(x.1 - x.0, y.1 - y.0)
        let spacing = max((x.1 - x.0) / unit.x, (y.1 - y.0) / unit.y) / Double(arrowCount + 1)
        let xs = ContourPlot.gridPoints(x, spacing * unit.x), ys = ContourPlot.gridPoints(y, spacing * unit.y)
        var vectors: [(Point, Point)] = []
        var flat: [Point] = []
        var broken = 0
        for yv in ys {
            for xv in xs {
                let g = try f.gradient(xv, yv)
                guard g.count == 2 else { broken += 1; continue }
                let sign = arrows == .up ? 1.0 : -1.0
                let v = Point(sign * g[0] * unit.x, sign * g[1] * unit.y)
                guard v.isFinite, v.length.isFinite else { broken += 1; continue }
                if v.length == 0 { flat.append(Point(xv, yv)) } else { vectors.append((Point(xv, yv), v)) }
            }
        }
        let longest = vectors.map { $0.1.length }.max() ?? 1
        for (p, v) in vectors {
            let length = unitArrows ? 0.7 * spacing : 0.8 * spacing * v.length / longest
            let step = (length / v.length) * v
            scene.add(.arrow(from: p, to: p + Point(step.x * unit.x, step.y * unit.y), .gradient))
        }
        for p in flat { scene.add(.marker(p, .flat, .gradient)) }
        let what = arrows == .up ? "gradient, uphill" : "minus gradient, downhill"
        scene.legend.append(LegendEntry(sample: .arrow, text: what + (unitArrows ? " (direction only)" : "")))
        if !flat.isEmpty { scene.legend.append(LegendEntry(sample: .marker(.flat, .gradient), text: "gradient 0")) }
        if broken > 0 {
            scene.notes.append("note: the gradient is not finite at \(broken) of \(xs.count * ys.count) arrow points; "
                               + "no arrow there")
        }
    }

    /// The number of each step beside its point, on either side of the path: where steps go
    /// back and forth along one line, the numbers tell the order.
    private func addStepNumbers(_ path: [Point], to scene: inout Scene) {
        let offset = 0.03 * max(x.1 - x.0, y.1 - y.0)
        for k in path.indices.dropFirst() {
            let before = path[k] - path[k - 1], after = k + 1 < path.count ? path[k + 1] - path[k] : before
            var along = (1 / max(before.length, 1e-300)) * before + (1 / max(after.length, 1e-300)) * after
            along = along.length > 0 ? (1 / along.length) * along : Point(1, 0)
            let normal = Point(-along.y, along.x)
            let sides = [(0.0, 1.0), (0, -1), (0.8, 1), (-0.8, 1), (0.8, -1), (-0.8, -1), (0, 1.7), (0, -1.7)]
            let places = sides.map { Placement(at: path[k] + offset * ($0.0 * along + $0.1 * normal)) }
            scene.add(.label("\(k)", places: places, .path))
        }
    }

    /// Points `spacing` apart, centred in the range, none on its ends.
    static func gridPoints(_ range: (Double, Double), _ spacing: Double) -> [Double] {
        let span = range.1 - range.0
        let count = max(1, Int((span / spacing - 1e-9).rounded(.up)) - 1)
        let first = range.0 + (span - Double(count - 1) * spacing) / 2
        return (0..<count).map { first + Double($0) * spacing }.map { abs($0) < 1e-12 * span ? 0 : $0 }
    }

    private func addPath(_ path: [Point], to scene: inout Scene) {
        scene.add(.line(path, .path, name: "path"))
        if path.count <= 60 {
            for p in path.dropFirst().dropLast() { scene.add(.marker(p, .dot, .path)) }
        }
        if path.count <= 30 { addStepNumbers(path, to: &scene) }
        scene.add(.marker(path[0], .start, .path))
        if path.count > 1 { scene.add(.marker(path[path.count - 1], .end, .path)) }
        scene.legend.append(LegendEntry(sample: .line(.path), text: "path"))
        scene.legend.append(LegendEntry(sample: .marker(.start, .path), text: "start"))
        if path.count > 1 { scene.legend.append(LegendEntry(sample: .marker(.end, .path), text: "end")) }
        let box = scene.window.grown(by: 1e-9)
        if let out = path.firstIndex(where: { !box.contains($0) }) {
            scene.notes.append(out == 0 ? "note: the path starts outside the picture"
                               : "note: the path leaves the picture at step \(out)")
        }
    }
}
