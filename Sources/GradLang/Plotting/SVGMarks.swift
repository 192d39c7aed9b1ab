import Foundation

/// The marks, one after another; arrows and polygons of one kind share a group. Lines
/// are broken where a label sits on them.
struct MarkWriter {
    let frame: SVGLayout
    /// The boxes of the labels, in pixels.
    let gaps: [TextBox]
    /// Level curves lie on coloured bands: draw them thin and dark.
    let filled: Bool
    private var group: String?

    init(frame: SVGLayout, gaps: [TextBox], filled: Bool) {
        self.frame = frame
        self.gaps = gaps
        self.filled = filled
    }

    static let seriesColors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    static let seriesDashes = ["", "8 4", "2 3", "10 3 2 3", "5 5", "1 2"]
    static let pathColor = "#e6550d"

    static func color(_ role: Role) -> String {
        switch role {
        case .series(let k): return seriesColors[k % seriesColors.count]
        case .level(let index, let count):
            return hex(mix((0.23, 0.30, 0.75), (0.71, 0.02, 0.15), count <= 1 ? 0 : Double(index) / Double(count - 1)))
        case .gradient: return "#222"
        case .path: return pathColor
        case .points: return "#222"
        case .box: return "#777"
        case .axisText: return "#333"
        }
    }

    mutating func closeGroup(_ svg: inout SVGWriter) {
        if group != nil { svg.close("g"); group = nil }
    }

    private mutating func enter(_ name: String, _ attributes: [String: String], _ svg: inout SVGWriter) {
        guard group != name else { return }
        closeGroup(&svg)
        svg.open("g", ["class": name].merging(attributes) { $1 })
        group = name
    }

    mutating func draw(_ mark: Mark, _ svg: inout SVGWriter) {
        switch mark {
        case .line(let points, let role, let name):
            closeGroup(&svg)
            drawLine(points, role, name, &svg)
        case .arrow(let from, let to, let role):
            let color = filled ? "white" : MarkWriter.color(role)
            enter("arrows", ["fill": color, "stroke": color, "stroke-width": "1.3"], &svg)
            MarkWriter.arrow(frame.pixel(from), frame.pixel(to), outlined: filled, &svg)
        case .marker(let p, let marker, let role):
            guard frame.window.grown(by: 1e-9).contains(p) else { return }
            closeGroup(&svg)
            MarkWriter.marker(marker, at: frame.pixel(p), color: MarkWriter.color(role), &svg)
        case .label:
            break  // placed by SVGLabels
        case .fill(let fill):
            closeGroup(&svg)
            drawFill(fill, &svg)
        case .polygon(let corners, let shade, let tone, _):
            enter("surface", ["stroke": "#1a1a1a", "stroke-opacity": "0.35", "stroke-width": "0.6",
                              "stroke-linejoin": "round"], &svg)
            let points = corners.map(frame.pixel).map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
            svg.leaf("polygon", ["points": points, "fill": MarkWriter.surfaceColor(shade: shade, tone: tone)])
        }
    }

    private func drawLine(_ points: [Point], _ role: Role, _ name: String?, _ svg: inout SVGWriter) {
        let d = pathData(points)
        guard !d.isEmpty else { return }
        let attributes = lineStyle(role).merging(["d": d]) { $1 }
        if let name {
            svg.element("path", attributes, title: name)
        } else {
            svg.leaf("path", attributes)
        }
    }

    /// A polyline as path data: cut to the window, simplified, broken under labels; empty
    /// when nothing of it shows.
    func pathData(_ points: [Point]) -> String {
        var d = ""
        for piece in Clipping.pieces(of: points, in: frame.window.grown(by: 0.02)) {
            for pixels in TextBox.outside(MarkWriter.simplified(piece.map(frame.pixel), tolerance: 0.2), gaps) {
                d += "M\(fmt(pixels[0].x)),\(fmt(pixels[0].y))L"
                    + pixels.dropFirst().map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
            }
        }
        return d
    }

    /// How a line of this role looks: colour, width, dashes.
    func lineStyle(_ role: Role) -> [String: String] {
        var attributes = ["fill": "none", "stroke": MarkWriter.color(role), "stroke-linejoin": "round",
                          "stroke-linecap": "round"]
        switch role {
        case .series(let k):
            attributes["stroke-width"] = "2"
            let dash = MarkWriter.seriesDashes[k % MarkWriter.seriesDashes.count]
            if !dash.isEmpty { attributes["stroke-dasharray"] = dash }
        case .level where filled:
            attributes["stroke"] = MarkWriter.filledLevelColor
            attributes["stroke-width"] = "0.8"
            attributes["stroke-opacity"] = "0.6"
        case .level: attributes["stroke-width"] = "1.4"
        case .path: attributes["stroke-width"] = "2"
        default: attributes["stroke-width"] = "1"
        }
        return attributes
    }

    static let filledLevelColor = "#1a1a1a"

    /// The lowest band over the whole plot area, then each level's region on top, lowest
    /// first; each region is stroked in its own colour too, so that no seam shows between
    /// bands. Where f is not finite, grey.
    private func drawFill(_ fill: ContourFill, _ svg: inout SVGWriter) {
        svg.open("g", ["class": "fill", "stroke-width": "0.6", "stroke-linejoin": "round"])
        let base = Viridis.color(fill.tone(0))
        svg.leaf("rect", frame.area.attributes.merging(["fill": base, "stroke": base]) { $1 })
        for (k, rings) in fill.rings.enumerated() where !rings.isEmpty {
            var d = ""
            for ring in rings {
                let pixels = MarkWriter.simplified(ring.map(frame.pixel), tolerance: 0.2)
                d += "M" + pixels.map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ") + "Z"
            }
            let color = Viridis.color(fill.tone(k + 1))
            svg.element("path", ["d": d, "fill": color, "stroke": color, "fill-rule": "evenodd"],
                        title: "at least \(Ticks.short(fill.levels[k]))")
        }
        // One path for every hole, so that no seam shows between neighbouring cells.
        if !fill.holes.isEmpty {
            let d = fill.holes.map { hole -> String in
                let a = frame.pixel(Point(hole.x0, hole.y1)), b = frame.pixel(Point(hole.x1, hole.y0))
                return "M\(fmt(a.x)),\(fmt(a.y))H\(fmt(b.x))V\(fmt(b.y))H\(fmt(a.x))Z"
            }.joined()
            svg.element("path", ["d": d, "fill": "#d9d9d9", "stroke": "#d9d9d9"], title: "not a finite number")
        }
        svg.close("g")
    }

    /// The polyline with the points dropped that lie within `tolerance` pixels of the segment
    /// between their neighbours (Ramer–Douglas–Peucker): the same picture, a smaller file.
    /// Distance to the segment, not to the line through it: a path that doubles back along
    /// one line (a learning rate too large) keeps every turn. A zigzag can make the search
    /// quadratic, so after 32 passes' worth of work the points not yet looked at are all kept.
    static func simplified(_ points: [Point], tolerance: Double) -> [Point] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        var work = 32 * points.count
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            work -= last - first
            guard work >= 0 else {
                for i in first...last { keep[i] = true }
                continue
            }
            let a = points[first], b = points[last]
            var farthest = first, distance = -1.0
            for i in (first + 1)..<last {
                let off = MarkWriter.distance(from: points[i], toSegment: a, b)
                if off > distance { (farthest, distance) = (i, off) }
            }
            if distance > tolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    static func distance(from p: Point, toSegment a: Point, _ b: Point) -> Double {
        let d = b - a, v = p - a
        let squared = d.x * d.x + d.y * d.y
        let t = squared > 0 ? min(1, max(0, (v.x * d.x + v.y * d.y) / squared)) : 0
        return (v - t * d).length
    }

    /// An arrow from a to b (pixels): a shaft and a polygon head. `outlined` (on coloured
    /// bands) draws a dark edge around a white arrow, readable on any colour.
    static func arrow(_ a: Point, _ b: Point, outlined: Bool, _ svg: inout SVGWriter) {
        let d = b - a
        let length = d.length
        guard length > 0 else { return }
        let u = (1 / length) * d, n = Point(-u.y, u.x)
        let head = min(9, 0.45 * length), half = head * 0.45
        let base = b - head * u
        let shaft = ["x1": fmt(a.x), "y1": fmt(a.y), "x2": fmt(base.x), "y2": fmt(base.y)]
        svg.open("g")
        if outlined { svg.leaf("line", shaft.merging(["stroke": filledLevelColor, "stroke-width": "3.3"]) { $1 }) }
        svg.leaf("line", shaft)
        let corners = [b, base + half * n, base - half * n]
        let points = corners.map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
        svg.leaf("polygon", outlined ? ["points": points, "stroke": filledLevelColor, "stroke-width": "1"]
                                     : ["points": points, "stroke": "none"])
        svg.close("g")
    }

    static func marker(_ marker: Marker, at p: Point, color: String, _ svg: inout SVGWriter) {
        switch marker {
        case .dot:
            svg.leaf("circle", ["cx": fmt(p.x), "cy": fmt(p.y), "r": "2.5", "fill": color])
        case .point:
            svg.leaf("circle", ["cx": fmt(p.x), "cy": fmt(p.y), "r": "4.5", "fill": color, "stroke": "white",
                                "stroke-width": "1.5"])
        case .start:
            svg.leaf("circle", ["cx": fmt(p.x), "cy": fmt(p.y), "r": "5.5", "fill": "white", "stroke": color,
                                "stroke-width": "2.5"])
        case .end:
            svg.leaf("circle", ["cx": fmt(p.x), "cy": fmt(p.y), "r": "5.5", "fill": color, "stroke": "white",
                                "stroke-width": "1.5"])
        case .flat:
            svg.leaf("path", ["d": "M\(fmt(p.x - 4)),\(fmt(p.y))h8M\(fmt(p.x)),\(fmt(p.y - 4))v8",
                              "stroke": color, "stroke-width": "1.5"])
        case .star:
            // Five points 10 pixels out, five dents 4 in, the first straight up; red, as
            // matplotlib's 'r*'.
            let corners = (0..<10).map { k -> Point in
                let r = k % 2 == 0 ? 10.0 : 4.0, a = Double(k) * .pi / 5
                return Point(p.x + r * sin(a), p.y - r * cos(a))
            }
            svg.leaf("polygon", ["points": corners.map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " "),
                                 "fill": "#d62728", "stroke": "white", "stroke-width": "1"])
        }
    }

    /// A legend sample 28 pixels wide, centred on y.
    static func sample(_ sample: LegendEntry.Sample, x: Double, y: Double, filled: Bool, _ svg: inout SVGWriter) {
        switch sample {
        case .line(let role):
            var attributes = ["d": "M\(fmt(x)),\(fmt(y))h28", "stroke": color(role), "stroke-width": "2",
                              "fill": "none"]
            if case .series(let k) = role, !seriesDashes[k % seriesDashes.count].isEmpty {
                attributes["stroke-dasharray"] = seriesDashes[k % seriesDashes.count]
            }
            svg.leaf("path", attributes)
        case .arrow:
            let color = filled ? "white" : MarkWriter.color(.gradient)
            svg.open("g", ["fill": color, "stroke": color, "stroke-width": "1.3"])
            arrow(Point(x, y), Point(x + 28, y), outlined: filled, &svg)
            svg.close("g")
        case .marker(let m, let role):
            marker(m, at: Point(x + 14, y), color: color(role), &svg)
        case .levels:
            break
        }
    }

    static func surfaceColor(shade: Double, tone: Double) -> String {
        // Cool to warm by height, darker where the light falls obliquely.
        let low = (0.23, 0.30, 0.75), middle = (0.87, 0.87, 0.87), high = (0.71, 0.02, 0.15)
        let base = tone < 0.5 ? mix(low, middle, tone * 2) : mix(middle, high, (tone - 0.5) * 2)
        let light = 0.35 + 0.65 * min(1, max(0, shade))
        return hex((base.0 * light, base.1 * light, base.2 * light))
    }

    static func mix(_ a: (Double, Double, Double), _ b: (Double, Double, Double), _ t: Double) -> (Double, Double, Double) {
        let t = min(1, max(0, t))
        return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
    }

    static func hex(_ c: (Double, Double, Double)) -> String {
        let parts = [c.0, c.1, c.2].map { Int((min(1, max(0, $0)) * 255).rounded()) }
        return "#" + parts.map { String(format: "%02x", $0) }.joined()
    }
}

/// A coordinate as SVG text (see `SVGWriter.number`).
private func fmt(_ x: Double) -> String { SVGWriter.number(x) }
