/// Cutting lines to the part of the plane a picture shows, so that neither back-end ever
/// sees a coordinate like 1e300 (a curve near a pole) or a NaN (a gap).
enum Clipping {
    /// The pieces of `points` inside `box`: a non-finite point ends a piece, and so does
    /// leaving the box.
    static func pieces(of points: [Point], in box: Box) -> [[Point]] {
        var pieces: [[Point]] = []
        var current: [Point] = []
        func finish() {
            if current.count >= 2 { pieces.append(current) }
            current = []
        }
        var previous: Point?
        for p in points {
            guard p.isFinite else { finish(); previous = nil; continue }
            defer { previous = p }
            guard let a = previous else { continue }
            guard let (from, to) = segment(a, p, in: box) else { finish(); continue }
            if current.last != from { finish(); current = [from] }
            current.append(to)
            if to != p { finish() }
        }
        finish()
        return pieces
    }

    /// The part of the segment a–b inside `box` (Liang–Barsky), or nil.
    static func segment(_ a: Point, _ b: Point, in box: Box) -> (Point, Point)? {
        let d = b - a
        var t0 = 0.0, t1 = 1.0
        let tests: [(Double, Double)] = [(-d.x, a.x - box.x0), (d.x, box.x1 - a.x),
                                         (-d.y, a.y - box.y0), (d.y, box.y1 - a.y)]
        for (p, q) in tests {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let t = q / p
            if p < 0 {
                if t > t1 { return nil }
                t0 = max(t0, t)
            } else {
                if t < t0 { return nil }
                t1 = min(t1, t)
            }
        }
        let from = t0 == 0 ? a : a + t0 * d
        let to = t1 == 1 ? b : a + t1 * d
        return (from, to)
    }
}
