import Foundation

/// Gradient arrows on a contour: at an even grid of points, or at points the teacher chose.
extension ContourPlot {
    enum Arrows {
        /// ∇f, pointing uphill.
        case up
        /// −∇f, the way gradient descent steps.
        case down
    }

    enum ArrowPlaces {
        /// About this many across the longer side.
        case grid(Int)
        /// At these points.
        case points([Point])
    }

    /// One arrow at each place, from the point along ∇f (or −∇f), as long as the gradient
    /// is large (the longest 0.8 of the grid's spacing; chosen points count as a grid of 5
    /// across), or all one length with `unitArrows`. Where ∇f is 0, a + instead.
    func addArrows(_ arrows: Arrows, to scene: inout Scene) throws {
        // Work in units that are as long on the page across as up: data units when the
        // scales are equal, else each range taken as 1. There the gradient (with respect
        // to those units) is perpendicular to the curves as drawn.
        let unit = scene.equalAspect ? Point(1, 1) : Point(x.1 - x.0, y.1 - y.0)
        let across: Int, places: [Point]
        switch arrowPlaces {
        case .grid(let count): (across, places) = (count, [])
        case .points(let chosen): (across, places) = (5, chosen)
        }
        let spacing = max((x.1 - x.0) / unit.x, (y.1 - y.0) / unit.y) / Double(across + 1)
        let at = places.isEmpty ? ContourPlot.grid(x, y, spacing: spacing, unit: unit) : places
        var vectors: [(Point, Point)] = []
        var flat: [Point] = []
        var broken = 0
        for p in at {
            let g = try f.gradient(p.x, p.y)
            guard g.count == 2 else { broken += 1; continue }
            let sign = arrows == .up ? 1.0 : -1.0
            let v = Point(sign * g[0] * unit.x, sign * g[1] * unit.y)
            guard v.isFinite, v.length.isFinite else { broken += 1; continue }
            if v.length == 0 { flat.append(p) } else { vectors.append((p, v)) }
        }
        let longest = vectors.map { $0.1.length }.max() ?? 1
        for (p, v) in vectors {
            let length = unitArrows ? 0.7 * spacing : 0.8 * spacing * v.length / longest
            let step = (length / v.length) * v
            scene.add(.arrow(from: p, to: p + Point(step.x * unit.x, step.y * unit.y), .gradient))
        }
        for p in flat { scene.add(.marker(p, .flat, .gradient)) }
        let what = arrows == .up ? "gradient, uphill" : "minus gradient, downhill"
        let scale = unitArrows ? " (direction only)" : places.isEmpty ? "" : " (length to scale)"
        scene.legend.append(LegendEntry(sample: .arrow, text: what + scale))
        if !flat.isEmpty { scene.legend.append(LegendEntry(sample: .marker(.flat, .gradient), text: "gradient 0")) }
        if broken > 0 {
            scene.notes.append("note: the gradient is not finite at \(broken) of \(at.count) arrow points; "
                               + "no arrow there")
        }
        if places.contains(where: { !scene.window.grown(by: 1e-9).contains($0) }) {
            scene.notes.append("note: some arrows start outside the picture")
        }
    }

    /// An even grid of points inside the window, `spacing` apart in units of `unit`.
    static func grid(_ x: (Double, Double), _ y: (Double, Double), spacing: Double, unit: Point) -> [Point] {
        let xs = gridPoints(x, spacing * unit.x), ys = gridPoints(y, spacing * unit.y)
        return ys.flatMap { yv in xs.map { xv in Point(xv, yv) } }
    }

    /// Points `spacing` apart, centred in the range, none on its ends.
    static func gridPoints(_ range: (Double, Double), _ spacing: Double) -> [Double] {
        let span = range.1 - range.0
        let count = max(1, Int((span / spacing - 1e-9).rounded(.up)) - 1)
        let first = range.0 + (span - Double(count - 1) * spacing) / 2
        return (0..<count).map { first + Double($0) * spacing }.map { abs($0) < 1e-12 * span ? 0 : $0 }
    }
}
