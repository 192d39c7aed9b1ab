/// Level curves of a function sampled on a grid, by marching squares: in each grid cell
/// the curve crosses the edges whose ends lie on opposite sides of the level, at the
/// linearly interpolated point. The pieces are then joined into polylines.
struct SampledGrid {
    let xs: [Double]
    let ys: [Double]
    /// `values[j][i]` is f(xs[i], ys[j]); NaN or ±inf where f is not finite.
    let values: [[Double]]

    /// The curves where f equals `level`, each a polyline (closed ones end where they
    /// start). A cell with a non-finite corner is skipped, which leaves a visible gap.
    func curves(at level: Double) -> [[Point]] {
        var segments: [(Int, Int)] = []
        var crossing: [Int: Point] = [:]
        for j in 0..<(ys.count - 1) {
            for i in 0..<(xs.count - 1) {
                cellSegments(i, j, level, into: &segments, crossing: &crossing)
            }
        }
        return join(segments).map { chain in chain.map { crossing[$0]! } }
    }

    // Edges are numbered so that neighbouring cells agree: the horizontal edge from grid
    // point (i, j) to (i+1, j) is 2(j·nx + i), the vertical one to (i, j+1) is that plus 1.
    private func horizontal(_ i: Int, _ j: Int) -> Int { 2 * (j * xs.count + i) }
    private func vertical(_ i: Int, _ j: Int) -> Int { 2 * (j * xs.count + i) + 1 }

    private func cellSegments(_ i: Int, _ j: Int, _ level: Double,
                              into segments: inout [(Int, Int)], crossing: inout [Int: Point]) {
        let a = values[j][i], b = values[j][i + 1], c = values[j + 1][i + 1], d = values[j + 1][i]
        guard a.isFinite, b.isFinite, c.isFinite, d.isFinite else { return }
        let (x0, x1, y0, y1) = (xs[i], xs[i + 1], ys[j], ys[j + 1])
        func at(_ p: Double, _ q: Double) -> Double { (level - p) / (q - p) }
        // Which edges the level crosses, and where.
        var bottom: Int?, right: Int?, top: Int?, left: Int?
        if (a >= level) != (b >= level) {
            bottom = horizontal(i, j)
            crossing[bottom!] = Point(x0 + at(a, b) * (x1 - x0), y0)
        }
        if (b >= level) != (c >= level) {
            right = vertical(i + 1, j)
            crossing[right!] = Point(x1, y0 + at(b, c) * (y1 - y0))
        }
        if (d >= level) != (c >= level) {
            top = horizontal(i, j + 1)
            crossing[top!] = Point(x0 + at(d, c) * (x1 - x0), y1)
        }
        if (a >= level) != (d >= level) {
            left = vertical(i, j)
            crossing[left!] = Point(x0, y0 + at(a, d) * (y1 - y0))
        }
        let crossed = [bottom, right, top, left].compactMap { $0 }
        if crossed.count == 2 {
            segments.append((crossed[0], crossed[1]))
        } else if crossed.count == 4, let bottom, let right, let top, let left {
            // A saddle: the cell's centre decides which corners the high ground joins.
            let centreHigh = (a + b + c + d) / 4 >= level
            if (a >= level) == centreHigh {
                segments.append((bottom, right)); segments.append((top, left))
            } else {
                segments.append((bottom, left)); segments.append((top, right))
            }
        }
    }

    /// Segments sharing an edge joined into chains of edge numbers.
    private func join(_ segments: [(Int, Int)]) -> [[Int]] {
        var touching: [Int: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            touching[s.0, default: []].append(k)
            touching[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func extend(_ chain: inout [Int]) {
            while let end = chain.last, chain.count < 2 || end != chain.first,
                  let next = touching[end]?.first(where: { !used[$0] }) {
                used[next] = true
                let s = segments[next]
                chain.append(s.0 == end ? s.1 : s.0)
            }
        }
        var chains: [[Int]] = []
        for k in segments.indices where !used[k] {
            used[k] = true
            var chain = [segments[k].0, segments[k].1]
            extend(&chain)
            if chain.first != chain.last {
                chain.reverse()
                extend(&chain)
            }
            chains.append(chain)
        }
        return chains
    }
}
