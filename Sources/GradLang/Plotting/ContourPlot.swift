import Foundation

/// `contour(f, [x0, x1], [y0, y1])`: level curves at round levels, labelled; gradient
/// arrows and a descent path on request. One unit is as long across as up, so the arrows
/// meet the curves at right angles.
struct ContourPlot {
    enum Levels {
        /// About this many round levels between f's lowest and highest value.
        case count(Int)
        case values([Double])
    }

    enum Arrows {
        /// ∇f, pointing uphill.
        case up
        /// −∇f, the way gradient descent steps.
        case down
    }

    var f: Sampler
    var x: (Double, Double)
    var y: (Double, Double)
    var levels = Levels.count(8)
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
        if case .count = levels, !(high - low).isFinite {
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
        let chosen = levelValues(low, high, median: finite.sorted()[finite.count / 2])
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

    /// Round levels strictly between the lowest and highest value. When most of the
    /// picture lies low and a few places climb steeply (a valley like Rosenbrock's), the
    /// levels go 1, 2, 5, 10, 20... so that the low ground gets curves too.
    func levelValues(_ low: Double, _ high: Double, median: Double) -> [Double] {
        switch levels {
        case .values(let given):
            return Array(Set(given.filter(\.isFinite))).sorted()
        case .count(let n):
            guard high > low else { return [] }
            if low >= 0, median - low < 0.1 * (high - low), high > 100 * max(low, 1e-300), n >= 4 {
                let geometric = ContourPlot.roundGeometric(above: max(low, high / 5000), below: high)
                if geometric.count >= 3 { return Array(geometric.suffix(max(n, 12))) }
            }
            let step = Ticks.step(for: high - low, count: n)
            let span = high - low
            return Ticks.multiples(of: step, from: low, to: high).filter {
                $0 > low + span * 1e-6 && $0 < high - span * 1e-6
            }
        }
    }

    /// 1, 2, 5 times powers of ten in (low, high).
    static func roundGeometric(above low: Double, below high: Double) -> [Double] {
        var values: [Double] = []
        var power = pow(10, (log10(low)).rounded(.down))
        while power < high, values.count < 40 {
            for m in [1.0, 2, 5] {
                let v = Ticks.clean(m * power, step: power)
                if v > low, v < high { values.append(v) }
            }
            power *= 10
        }
        return values
    }

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
