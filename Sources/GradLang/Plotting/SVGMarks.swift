import Foundation

/// The marks, one after another; arrows and polygons of one kind share a group.
struct MarkWriter {
    let frame: SVGLayout
    /// Label elements, drawn above everything else.
    var labels = ""
    private var placed: [(Point, Double)] = []
    private var group: String?

    init(frame: SVGLayout) { self.frame = frame }

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
            enter("arrows", ["fill": MarkWriter.color(role), "stroke": MarkWriter.color(role), "stroke-width": "1.3"], &svg)
            drawArrow(from, to, &svg)
        case .marker(let p, let marker, let role):
            guard frame.window.grown(by: 1e-9).contains(p) else { return }
            closeGroup(&svg)
            MarkWriter.marker(marker, at: frame.pixel(p), color: MarkWriter.color(role), &svg)
        case .label(let text, let places, let role):
            label(text, places, role)
        case .polygon(let corners, let shade, let tone):
            enter("surface", ["stroke": "#1a1a1a", "stroke-opacity": "0.35", "stroke-width": "0.6",
                              "stroke-linejoin": "round"], &svg)
            let points = corners.map(frame.pixel).map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
            svg.leaf("polygon", ["points": points, "fill": MarkWriter.surfaceColor(shade: shade, tone: tone)])
        }
    }

    private func drawLine(_ points: [Point], _ role: Role, _ name: String?, _ svg: inout SVGWriter) {
        let pieces = Clipping.pieces(of: points, in: frame.window.grown(by: 0.02))
        guard !pieces.isEmpty else { return }
        var d = ""
        for piece in pieces {
            let pixels = MarkWriter.simplified(piece.map(frame.pixel), tolerance: 0.2)
            d += "M\(fmt(pixels[0].x)),\(fmt(pixels[0].y))L"
                + pixels.dropFirst().map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " ")
        }
        var attributes = ["d": d, "fill": "none", "stroke": MarkWriter.color(role), "stroke-linejoin": "round",
                          "stroke-linecap": "round"]
        switch role {
        case .series(let k):
            attributes["stroke-width"] = "2"
            let dash = MarkWriter.seriesDashes[k % MarkWriter.seriesDashes.count]
            if !dash.isEmpty { attributes["stroke-dasharray"] = dash }
        case .level: attributes["stroke-width"] = "1.4"
        case .path: attributes["stroke-width"] = "2"
        default: attributes["stroke-width"] = "1"
        }
        if let name {
            svg.element("path", attributes, title: name)
        } else {
            svg.leaf("path", attributes)
        }
    }

    /// The polyline with the points dropped that lie within `tolerance` pixels of the line
    /// through their neighbours (Ramer–Douglas–Peucker): the same picture, a smaller file.
    /// A zigzag can make the search quadratic, so after 32 passes' worth of work the points
    /// not yet looked at are all kept.
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
            let a = points[first], b = points[last], d = b - a
            let length = d.length
            var farthest = first, distance = -1.0
            for i in (first + 1)..<last {
                let v = points[i] - a
                let off = length > 0 ? abs(d.x * v.y - d.y * v.x) / length : v.length
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

    private func drawArrow(_ from: Point, _ to: Point, _ svg: inout SVGWriter) {
        let a = frame.pixel(from), b = frame.pixel(to)
        let d = b - a
        let length = d.length
        guard length > 0 else { return }
        let u = (1 / length) * d, n = Point(-u.y, u.x)
        let head = min(9, 0.45 * length), half = head * 0.45
        let base = b - head * u
        svg.open("g")
        svg.leaf("line", ["x1": fmt(a.x), "y1": fmt(a.y), "x2": fmt(base.x), "y2": fmt(base.y)])
        let corners = [b, base + half * n, base - half * n]
        svg.leaf("polygon", ["points": corners.map { "\(fmt($0.x)),\(fmt($0.y))" }.joined(separator: " "),
                             "stroke": "none"])
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
        }
    }

    /// A legend sample 28 pixels wide, centred on y.
    static func sample(_ sample: LegendEntry.Sample, x: Double, y: Double, _ svg: inout SVGWriter) {
        switch sample {
        case .line(let role):
            var attributes = ["d": "M\(fmt(x)),\(fmt(y))h28", "stroke": color(role), "stroke-width": "2",
                              "fill": "none"]
            if case .series(let k) = role, !seriesDashes[k % seriesDashes.count].isEmpty {
                attributes["stroke-dasharray"] = seriesDashes[k % seriesDashes.count]
            }
            svg.leaf("path", attributes)
        case .arrow:
            svg.leaf("path", ["d": "M\(fmt(x)),\(fmt(y))h20", "stroke": "#222", "stroke-width": "1.3"])
            svg.leaf("polygon", ["points": "\(fmt(x + 28)),\(fmt(y)) \(fmt(x + 19)),\(fmt(y - 4)) \(fmt(x + 19)),\(fmt(y + 4))",
                                 "fill": "#222"])
        case .marker(let m, let role):
            marker(m, at: Point(x + 14, y), color: color(role), &svg)
        case .levels:
            break
        }
    }

    /// Places a label at the first of its places that leaves other labels uncovered.
    private mutating func label(_ text: String, _ places: [Placement], _ role: Role) {
        let fontSize = role == .axisText ? 12.0 : 11.0
        let half = Double(text.count) * fontSize * 0.3 + 3
        for place in places {
            let p = frame.pixel(place.at)
            guard p.isFinite else { continue }
            // The text's centre, from its anchor point.
            let centre: Point
            switch place.anchor {
            case .middle: centre = p
            case .start: centre = Point(p.x + half + 3, p.y)
            case .end: centre = Point(p.x - half - 3, p.y)
            }
            let inside = role == .axisText
                ? centre.x - half >= 0 && centre.x + half <= frame.width && p.y >= 6 && p.y <= frame.height - 6
                : frame.area.contains(centre) && centre.x - half * 0.6 >= frame.area.x
                    && centre.x + half * 0.6 <= frame.area.x + frame.area.width
                    && centre.y >= frame.area.y + 6 && centre.y <= frame.area.y + frame.area.height - 6
            guard inside, !placed.contains(where: { ($0.0 - centre).length < $0.1 + half + 2 }) else { continue }
            placed.append((centre, half))
            var attributes = ["y": fmt(p.y), "dy": "0.35em", "fill": MarkWriter.color(role)]
            switch place.anchor {
            case .start: attributes["text-anchor"] = "start"; attributes["x"] = fmt(p.x + 3)
            case .middle: attributes["text-anchor"] = "middle"; attributes["x"] = fmt(p.x)
            case .end: attributes["text-anchor"] = "end"; attributes["x"] = fmt(p.x - 3)
            }
            if role == .axisText { attributes["font-size"] = "12"; attributes["stroke-width"] = "0" }
            let angle = pixelAngle(place.angle)
            if abs(angle) > 0.5 { attributes["transform"] = "rotate(\(fmt(angle)) \(fmt(p.x)) \(fmt(p.y)))" }
            var writer = SVGWriter(document: false)
            writer.element("text", attributes, text: SVGRenderer.numberText(text))
            labels += writer.text
            return
        }
    }

    /// A direction in data coordinates (degrees) as an SVG rotation, kept readable.
    private func pixelAngle(_ degrees: Double) -> Double {
        guard degrees != 0 else { return 0 }
        let r = degrees * .pi / 180
        let dx = cos(r) * frame.area.width / frame.window.width
        let dy = -sin(r) * frame.area.height / frame.window.height
        var angle = atan2(dy, dx) * 180 / .pi
        if angle > 90 { angle -= 180 }
        if angle < -90 { angle += 180 }
        return angle
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
