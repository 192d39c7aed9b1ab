import Foundation

/// A label's rectangle on the page, turned with its text.
struct TextBox {
    var centre: Point
    var halfWidth: Double
    var halfHeight: Double
    /// Degrees, clockwise on the page, as SVG's `rotate`.
    var angle: Double

    /// Along the text, and across it.
    private var axes: (Point, Point) {
        let r = angle * .pi / 180
        return (Point(cos(r), sin(r)), Point(-sin(r), cos(r)))
    }

    /// A point in the box's own frame: x along the text, y across it.
    private func local(_ p: Point) -> Point {
        let (u, v) = axes, d = p - centre
        return Point(d.x * u.x + d.y * u.y, d.x * v.x + d.y * v.y)
    }

    func grown(by margin: Double) -> TextBox {
        TextBox(centre: centre, halfWidth: halfWidth + margin, halfHeight: halfHeight + margin, angle: angle)
    }

    func contains(_ p: Point) -> Bool {
        let q = local(p)
        return abs(q.x) < halfWidth && abs(q.y) < halfHeight
    }

    /// The part of the segment a–b inside the box, as fractions of the way from a to b.
    func inside(_ a: Point, _ b: Point) -> (Double, Double)? {
        let box = Box(x0: -halfWidth, x1: halfWidth, y0: -halfHeight, y1: halfHeight)
        let (p, q) = (local(a), local(b))
        guard let (from, to) = Clipping.segment(p, q, in: box) else { return nil }
        let d = q - p, squared = d.x * d.x + d.y * d.y
        guard squared > 0 else { return (0, 1) }
        func fraction(_ r: Point) -> Double { ((r.x - p.x) * d.x + (r.y - p.y) * d.y) / squared }
        return (fraction(from), fraction(to))
    }

    /// The corners, for bounds and overlaps.
    var corners: [Point] {
        let (u, v) = axes
        return [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map { centre + ($0.0 * halfWidth) * u + ($0.1 * halfHeight) * v }
    }

    var bounds: Box { Box.bounding(corners)! }

    /// Whether two boxes overlap: no axis of either separates them.
    func overlaps(_ other: TextBox) -> Bool {
        let (a, b) = (corners, other.corners)
        for axis in [axes.0, axes.1, other.axes.0, other.axes.1] {
            let pa = a.map { $0.x * axis.x + $0.y * axis.y }, pb = b.map { $0.x * axis.x + $0.y * axis.y }
            if pa.max()! <= pb.min()! || pb.max()! <= pa.min()! { return false }
        }
        return true
    }

    /// The parts of a polyline outside every box: a curve is broken where a label sits on it.
    static func outside(_ polyline: [Point], _ boxes: [TextBox]) -> [[Point]] {
        guard !boxes.isEmpty else { return [polyline] }
        let bounds = boxes.map(\.bounds)
        var pieces: [[Point]] = []
        var current: [Point] = []
        for (a, b) in zip(polyline, polyline.dropFirst()) {
            let span = Box(x0: min(a.x, b.x), x1: max(a.x, b.x), y0: min(a.y, b.y), y1: max(a.y, b.y))
            var covered: [(Double, Double)] = []
            for (box, bound) in zip(boxes, bounds) where bound.overlaps(span) {
                if let part = box.inside(a, b) { covered.append(part) }
            }
            var start = 0.0
            for (from, to) in covered.sorted(by: { $0.0 < $1.0 }) {
                if from > start { keep(a, b, start, from, &current, &pieces) }
                start = max(start, to)
            }
            if start < 1 { keep(a, b, start, 1, &current, &pieces) }
        }
        if current.count >= 2 { pieces.append(current) }
        return pieces
    }

    private static func keep(_ a: Point, _ b: Point, _ from: Double, _ to: Double, _ current: inout [Point],
                             _ pieces: inout [[Point]]) {
        let p = from == 0 ? a : a + from * (b - a), q = to == 1 ? b : a + to * (b - a)
        if current.last != p {
            if current.count >= 2 { pieces.append(current) }
            current = [p]
        }
        current.append(q)
    }
}

extension Box {
    func overlaps(_ other: Box) -> Bool { x0 <= other.x1 && other.x0 <= x1 && y0 <= other.y1 && other.y0 <= y1 }
}

/// Where each label of a scene goes in an SVG: at the first of its places where it covers no
/// other label, arrow, marker or path, and no level curve but those that give way to it
/// (`Role.labelMayCover`), which are broken under it. Tick labels of a surface only keep
/// clear of other labels.
struct SVGLabels {
    /// The boxes of the labels placed, for breaking the curves under them.
    private(set) var boxes: [TextBox] = []
    /// The `<text>` elements, drawn above everything else.
    private(set) var elements = ""
    private let frame: SVGLayout
    private var obstacles = Obstacles()
    /// On a filled contour, level labels are dark, as their curves.
    private let filled: Bool

    init(_ scene: Scene, frame: SVGLayout) {
        self.frame = frame
        filled = scene.colorBar != nil
        for mark in scene.marks { obstacles.add(mark, frame) }
        for case .label(let text, let places, let role) in scene.marks { place(text, places, role) }
    }

    private mutating func place(_ text: String, _ places: [Placement], _ role: Role) {
        let fontSize = role == .axisText ? 12.0 : 11.0
        let half = Double(text.count) * fontSize * 0.3 + 3
        for place in places {
            let p = frame.pixel(place.at)
            guard p.isFinite else { continue }
            let angle = pixelAngle(place.angle)
            let along = Point(cos(angle * .pi / 180), sin(angle * .pi / 180))
            let shift: Double
            switch place.anchor {
            case .middle: shift = 0
            case .start: shift = half + 3
            case .end: shift = -half - 3
            }
            let box = TextBox(centre: p + shift * along, halfWidth: half, halfHeight: fontSize / 2 + 1, angle: angle)
            guard fits(box, role), !boxes.contains(where: { $0.grown(by: 1).overlaps(box) }),
                  obstacles.allow(box, for: role) else { continue }
            boxes.append(box)
            write(text, at: p, anchor: place.anchor, angle: angle, role)
            return
        }
    }

    /// A tick label must stay on the page; a level label inside the plot area.
    private func fits(_ box: TextBox, _ role: Role) -> Bool {
        let b = box.bounds
        if role == .axisText { return b.x0 >= 0 && b.x1 <= frame.width && b.y0 >= 0 && b.y1 <= frame.height }
        let area = frame.area
        return b.x0 >= area.x && b.x1 <= area.x + area.width && b.y0 >= area.y && b.y1 <= area.y + area.height
    }

    private mutating func write(_ text: String, at p: Point, anchor: TextAnchor, angle: Double, _ role: Role) {
        let color = filled && role.isLevel ? MarkWriter.filledLevelColor : MarkWriter.color(role)
        var attributes = ["y": fmt(p.y), "dy": "0.35em", "fill": color]
        switch anchor {
        case .start: attributes["text-anchor"] = "start"; attributes["x"] = fmt(p.x + 3)
        case .middle: attributes["text-anchor"] = "middle"; attributes["x"] = fmt(p.x)
        case .end: attributes["text-anchor"] = "end"; attributes["x"] = fmt(p.x - 3)
        }
        if role == .axisText { attributes["font-size"] = "12"; attributes["stroke-width"] = "0" }
        if abs(angle) > 0.5 { attributes["transform"] = "rotate(\(fmt(angle)) \(fmt(p.x)) \(fmt(p.y)))" }
        var writer = SVGWriter(document: false)
        writer.element("text", attributes, text: SVGRenderer.numberText(text))
        elements += writer.text
    }

    /// A direction in data coordinates (degrees, counter-clockwise) as an SVG rotation, kept
    /// readable (never upside down).
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
}

/// What a label must not cover, in pixels: the segments of lines and arrows (with who drew
/// them) and markers, filed in square buckets so that a label looks only at its neighbours.
private struct Obstacles {
    struct Segment {
        let a: Point, b: Point
        let role: Role
        /// How far the drawing reaches either side of the segment (an arrowhead is wide).
        let reach: Double
    }

    private var segments: [Segment] = []
    /// Each marker's centre and how far around it a label must keep.
    private var markers: [(Point, Double)] = []
    private var buckets: [Int: [Int]] = [:]
    private static let bucket = 24.0

    mutating func add(_ mark: Mark, _ frame: SVGLayout) {
        switch mark {
        case .line(let points, let role, _):
            for piece in Clipping.pieces(of: points, in: frame.window.grown(by: 0.02)) {
                let pixels = piece.map(frame.pixel)
                for (a, b) in zip(pixels, pixels.dropFirst()) { file(Segment(a: a, b: b, role: role, reach: 2)) }
            }
        case .arrow(let from, let to, let role):
            file(Segment(a: frame.pixel(from), b: frame.pixel(to), role: role, reach: 5))
        case .marker(let p, let marker, _):
            if frame.window.grown(by: 1e-9).contains(p) { markers.append((frame.pixel(p), marker == .star ? 12 : 7)) }
        case .label, .polygon, .fill:
            break
        }
    }

    private mutating func file(_ segment: Segment) {
        segments.append(segment)
        for key in Obstacles.keys(Box(x0: min(segment.a.x, segment.b.x), x1: max(segment.a.x, segment.b.x),
                                      y0: min(segment.a.y, segment.b.y), y1: max(segment.a.y, segment.b.y))) {
            buckets[key, default: []].append(segments.count - 1)
        }
    }

    private static func keys(_ box: Box) -> [Int] {
        let (i0, i1) = (Int((box.x0 / bucket).rounded(.down)), Int((box.x1 / bucket).rounded(.down)))
        let (j0, j1) = (Int((box.y0 / bucket).rounded(.down)), Int((box.y1 / bucket).rounded(.down)))
        guard i1 - i0 < 1000, j1 - j0 < 1000 else { return [] }
        return (j0...j1).flatMap { j in (i0...i1).map { i in j * 100_003 + i } }
    }

    /// Whether a label of `role` may go in `box` (see `Role.labelMayCover`).
    func allow(_ box: TextBox, for role: Role) -> Bool {
        guard role != .axisText else { return true }
        if markers.contains(where: { box.grown(by: $0.1).contains($0.0) }) { return false }
        let near = Set(Obstacles.keys(box.grown(by: 6).bounds).flatMap { buckets[$0] ?? [] })
        return !near.contains { k in
            let s = segments[k]
            return !role.labelMayCover(s.role) && box.grown(by: s.reach).inside(s.a, s.b) != nil
        }
    }
}

/// A coordinate as SVG text (see `SVGWriter.number`).
private func fmt(_ x: Double) -> String { SVGWriter.number(x) }
