/// Filled contours: the band between two levels in one colour, the colours running along a
/// scale from the lowest band to the highest (so on a log scale of levels, the colours are
/// a log scale too).
struct ContourFill {
    /// The levels, lowest first; band k lies between levels k-1 and k (band 0 below the
    /// first, the last band above the last).
    let levels: [Double]
    /// For each level, closed rings around where f is at least that level; filling them
    /// even-odd, lowest level first, paints every band.
    let rings: [[[Point]]]
    /// The samples, for a renderer that shades cells instead (the terminal).
    let grid: SampledGrid
    /// The grid cells where f is not finite, as rectangles: no band is painted there.
    let holes: [Box]

    var bands: Int { levels.count + 1 }

    /// Where band k sits on the colour scale, 0 to 1.
    func tone(_ band: Int) -> Double { levels.isEmpty ? 0.5 : Double(band) / Double(levels.count) }

    /// The band of a value: how many levels it reaches.
    func band(of value: Double) -> Int { levels.filter { value >= $0 }.count }

    /// f at p, interpolated between the four samples around it; nan outside the grid.
    func value(at p: Point) -> Double {
        let (xs, ys) = (grid.xs, grid.ys)
        guard xs.count > 1, ys.count > 1, p.x >= xs[0], p.x <= xs[xs.count - 1], p.y >= ys[0],
              p.y <= ys[ys.count - 1] else { return .nan }
        let u = (p.x - xs[0]) / (xs[1] - xs[0]), v = (p.y - ys[0]) / (ys[1] - ys[0])
        let i = min(xs.count - 2, Int(u)), j = min(ys.count - 2, Int(v))
        let (s, t) = (u - Double(i), v - Double(j))
        let row0 = grid.values[j][i] * (1 - s) + grid.values[j][i + 1] * s
        let row1 = grid.values[j + 1][i] * (1 - s) + grid.values[j + 1][i + 1] * s
        return row0 * (1 - t) + row1 * t
    }

    init(grid: SampledGrid, levels: [Double]) {
        self.grid = grid
        self.levels = levels
        // One more ring of cells outside the window, lower than every level, closes every
        // curve; the parts outside the window are clipped away. Where f is not finite it
        // counts as low too, and a hole is cut there afterwards.
        let finite = grid.values.flatMap { $0 }.filter(\.isFinite)
        let low = min(finite.min() ?? 0, levels.first ?? 0)
        let below = low - 1 - abs(low)
        let (xs, ys) = (ContourFill.padded(grid.xs), ContourFill.padded(grid.ys))
        let values = ys.indices.map { j in
            xs.indices.map { i -> Double in
                guard j > 0, j < ys.count - 1, i > 0, i < xs.count - 1 else { return below }
                let v = grid.values[j - 1][i - 1]
                return v.isFinite ? v : below
            }
        }
        let padded = SampledGrid(xs: xs, ys: ys, values: values)
        rings = levels.map { padded.curves(at: $0).filter { $0.count >= 3 } }
        holes = ContourFill.holes(grid)
    }

    /// The coordinates with one more step at each end.
    private static func padded(_ xs: [Double]) -> [Double] {
        let step = xs.count > 1 ? xs[1] - xs[0] : 1
        return [xs[0] - step] + xs + [xs[xs.count - 1] + step]
    }

    /// Cells with a corner where f is not finite, joined into runs along each row.
    private static func holes(_ grid: SampledGrid) -> [Box] {
        var boxes: [Box] = []
        for j in 0..<(grid.ys.count - 1) {
            var start: Int?
            for i in 0...(grid.xs.count - 1) {
                let broken = i < grid.xs.count - 1 && [grid.values[j][i], grid.values[j][i + 1],
                                                       grid.values[j + 1][i], grid.values[j + 1][i + 1]]
                    .contains { !$0.isFinite }
                if broken, start == nil { start = i }
                if !broken, let first = start {
                    boxes.append(Box(x0: grid.xs[first], x1: grid.xs[i], y0: grid.ys[j], y1: grid.ys[j + 1]))
                    start = nil
                }
            }
        }
        return boxes
    }
}

/// The key to a filled contour's colours: the bands' colours with the levels between them.
struct ColorBar {
    let fill: ContourFill
    /// What the colours measure: "f", "loss (log scale)".
    let title: String
}

/// Viridis, matplotlib's default colour scale: dark purple to yellow, even in lightness,
/// readable by the colour-blind and in greyscale.
enum Viridis {
    private static let anchors: [(Double, Double, Double)] = [
        (0.267, 0.005, 0.329), (0.231, 0.322, 0.545), (0.129, 0.569, 0.549), (0.369, 0.788, 0.384),
        (0.993, 0.906, 0.144),
    ]

    /// The colour at t, 0 to 1, as `#rrggbb`.
    static func color(_ t: Double) -> String {
        let x = min(1, max(0, t.isFinite ? t : 0)) * Double(anchors.count - 1)
        let k = min(anchors.count - 2, Int(x))
        return MarkWriter.hex(MarkWriter.mix(anchors[k], anchors[k + 1], x - Double(k)))
    }
}
