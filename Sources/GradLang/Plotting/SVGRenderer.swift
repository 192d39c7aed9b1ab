import Foundation

/// Draws a scene as a standalone SVG a teacher can put on a slide: an intrinsic size and a
/// viewBox, a white background, text as text, the plot area clipped, arrowheads as
/// polygons, presentation attributes only, and every number rounded to 2 decimals, so the
/// same call writes the same bytes.
struct SVGRenderer {
    var width = 640
    /// Nil: as tall as the picture needs (for an equal-aspect scene), else 480.
    var height: Int?
    /// Put before the document's ids, for pictures that share a page (see `SVGWriter.idPrefix`).
    var idPrefix = ""

    static let fontFamily = "Helvetica, Arial, 'DejaVu Sans', sans-serif"

    /// The SVG text.
    func render(_ scene: Scene) -> String { render(scene, poll: {}) }

    /// The SVG text. `poll` is called once per mark, so a caller can stop a long drawing.
    func render(_ scene: Scene, poll: () throws -> Void) rethrows -> String {
        var svg = SVGWriter()
        svg.idPrefix = idPrefix
        try draw(scene, into: &svg, at: nil, poll: poll)
        return svg.text
    }

    /// The width and height the picture takes.
    func size(_ scene: Scene) -> (width: Double, height: Double) {
        let frame = SVGLayout(scene, width: Double(width), height: height.map(Double.init))
        return (frame.width, frame.height)
    }

    /// The picture as one `<svg>` element: the document's root, or with an `origin`, a panel
    /// nested in a figure (which gives the writer a prefix for the panel's ids).
    func draw(_ scene: Scene, into svg: inout SVGWriter, at origin: Point?,
              poll: () throws -> Void) rethrows {
        let frame = SVGLayout(scene, width: Double(width), height: height.map(Double.init))
        var root = ["width": fmt(frame.width), "height": fmt(frame.height),
                    "viewBox": "0 0 \(fmt(frame.width)) \(fmt(frame.height))"]
        if let origin {
            (root["x"], root["y"]) = (fmt(origin.x), fmt(origin.y))
        } else {
            root.merge(SVGRenderer.documentAttributes) { $1 }
        }
        svg.open("svg", root)
        svg.element("title", text: scene.title ?? scene.description)
        svg.leaf("rect", ["width": "100%", "height": "100%", "fill": "white"])
        svg.open("defs")
        svg.open("clipPath", ["id": "plot-area"])
        svg.leaf("rect", frame.area.attributes)
        svg.close("clipPath")
        svg.close("defs")
        if let axes = scene.axes { drawGrid(axes, frame, &svg) }
        let labels = SVGLabels(scene, frame: frame)
        var marks = MarkWriter(frame: frame, gaps: labels.boxes, filled: scene.colorBar != nil)
        svg.open("g", ["id": "marks", "clip-path": "url(#plot-area)"])
        // An animated path is drawn step by step after the rest, in place of its marks.
        for mark in scene.marks where scene.animation == nil || mark.role != .path {
            try poll()
            marks.draw(mark, &svg)
        }
        marks.closeGroup(&svg)
        let animation = scene.animation.map { SVGPathAnimation($0, marks: marks) }
        animation?.drawSteps(&svg)
        svg.close("g")
        if let axes = scene.axes { drawAxes(axes, frame, &svg) }
        animation?.drawCounter(&svg)
        if !labels.elements.isEmpty {
            svg.open("g", ["id": "labels", "font-size": "11", "stroke": "white", "stroke-width": "3",
                           "paint-order": "stroke", "stroke-linejoin": "round"])
            svg.raw(labels.elements)
            svg.close("g")
        }
        if let bar = scene.colorBar { SVGColorBar(bar, frame: frame).draw(&svg) }
        drawLegend(scene.legend, filled: scene.colorBar != nil, frame, &svg)
        if let title = scene.title {
            svg.element("text", ["x": fmt(frame.width / 2), "y": "26", "text-anchor": "middle", "font-size": "16"],
                        text: title)
        }
        svg.close("svg")
    }

    /// What the root `<svg>` of a document says besides its size.
    static let documentAttributes = ["xmlns": "http://www.w3.org/2000/svg", "font-family": fontFamily,
                                     "font-size": "13"]

    // MARK: - Frame, grid, axes

    private func drawGrid(_ axes: Axes, _ frame: SVGLayout, _ svg: inout SVGWriter) {
        var d = ""
        for tick in axes.xTicks {
            let x = frame.x(tick.value)
            d += "M\(fmt(x)),\(fmt(frame.area.y))V\(fmt(frame.area.y + frame.area.height))"
        }
        for tick in axes.yTicks {
            let y = frame.y(tick.value)
            d += "M\(fmt(frame.area.x)),\(fmt(y))H\(fmt(frame.area.x + frame.area.width))"
        }
        svg.leaf("path", ["id": "grid", "d": d, "fill": "none", "stroke": "#e5e5e5", "stroke-width": "1"])
    }

    private func drawAxes(_ axes: Axes, _ frame: SVGLayout, _ svg: inout SVGWriter) {
        let area = frame.area
        svg.open("g", ["id": "axes", "fill": "#333"])
        var ticks = ""
        for tick in axes.xTicks { ticks += "M\(fmt(frame.x(tick.value))),\(fmt(area.y + area.height))v5" }
        for tick in axes.yTicks { ticks += "M\(fmt(area.x)),\(fmt(frame.y(tick.value)))h-5" }
        svg.leaf("path", ["d": ticks, "stroke": "#333", "stroke-width": "1"])
        svg.leaf("rect", area.attributes.merging(["fill": "none", "stroke": "#333", "stroke-width": "1"]) { $1 })
        for tick in axes.xTicks {
            svg.element("text", ["x": fmt(frame.x(tick.value)), "y": fmt(area.y + area.height + 20),
                                 "text-anchor": "middle"], text: SVGRenderer.numberText(tick.label))
        }
        for tick in axes.yTicks {
            svg.element("text", ["x": fmt(area.x - 8), "y": fmt(frame.y(tick.value)), "dy": "0.35em",
                                 "text-anchor": "end"], text: SVGRenderer.numberText(tick.label))
        }
        if !axes.xName.isEmpty {
            svg.element("text", ["x": fmt(area.x + area.width / 2), "y": fmt(area.y + area.height + 42),
                                 "text-anchor": "middle", "font-size": "14", "font-style": "italic"], text: axes.xName)
        }
        if !axes.yName.isEmpty {
            let x = area.x - frame.labelWidth - 22, y = area.y + area.height / 2
            svg.element("text", ["x": fmt(x), "y": fmt(y), "text-anchor": "middle", "font-size": "14",
                                 "font-style": "italic", "transform": "rotate(-90 \(fmt(x)) \(fmt(y)))"],
                        text: axes.yName)
        }
        svg.close("g")
    }

    private func drawLegend(_ legend: [LegendEntry], filled: Bool, _ frame: SVGLayout, _ svg: inout SVGWriter) {
        let entries = legend.filter { $0.sample != .levels }
        guard !entries.isEmpty else { return }
        svg.open("g", ["id": "legend", "fill": "#333"])
        var x = frame.area.x, y = frame.legendTop + 11
        for entry in entries {
            let itemWidth = 36 + Double(entry.text.count) * 7.2 + 18
            if x > frame.area.x, x + itemWidth > frame.width - 8 {
                x = frame.area.x
                y += 22
            }
            MarkWriter.sample(entry.sample, x: x, y: y, filled: filled, &svg)
            svg.element("text", ["x": fmt(x + 36), "y": fmt(y), "dy": "0.35em"], text: entry.text)
            x += itemWidth
        }
        svg.close("g")
    }

    /// A number label with a true minus sign.
    static func numberText(_ label: String) -> String {
        Double(label) != nil ? label.replacingOccurrences(of: "-", with: "\u{2212}") : label
    }
}

/// Pixel rectangle.
struct Rect {
    var x: Double, y: Double, width: Double, height: Double

    var attributes: [String: String] {
        ["x": fmt(x), "y": fmt(y), "width": fmt(width), "height": fmt(height)]
    }

    func contains(_ p: Point) -> Bool { p.x >= x && p.x <= x + width && p.y >= y && p.y <= y + height }
}

/// Where everything goes on the page, and data coordinates to pixels.
struct SVGLayout {
    let width: Double
    let height: Double
    let area: Rect
    let window: Box
    let labelWidth: Double
    let legendTop: Double

    init(_ scene: Scene, width: Double, height requested: Double?) {
        let axes = scene.axes
        let legendCount = scene.legend.filter { $0.sample != .levels }.count
        labelWidth = Double(axes?.yTicks.map(\.label.count).max() ?? 0) * 7.8
        let yNameSpace = (axes?.yName.isEmpty ?? true) ? 0.0 : 24.0
        let left = axes == nil ? 16 : 14 + yNameSpace + labelWidth + 10
        let right = 24.0 + (scene.colorBar.map(SVGColorBar.width) ?? 0)
        let top = scene.title == nil ? 24.0 : 48.0
        let legendRows = legendCount == 0 ? 0.0 : Double(SVGLayout.legendRows(scene.legend, width - left - right))
        let belowArea = axes == nil ? 8.0 : ((axes!.xName.isEmpty ? 30.0 : 52.0))
        let bottom = belowArea + legendRows * 22 + 10
        var areaWidth = width - left - right
        var height = requested ?? 480
        var areaHeight = height - top - bottom
        var offsetX = 0.0, offsetY = 0.0
        if scene.equalAspect {
            let ratio = scene.window.height / scene.window.width
            if requested == nil {
                areaHeight = min(areaWidth * ratio, 1.25 * width)
                areaWidth = min(areaWidth, areaHeight / ratio)
                offsetX = (width - left - right - areaWidth) / 2
                height = top + areaHeight + bottom
            } else {
                let scale = min(areaWidth / scene.window.width, areaHeight / scene.window.height)
                offsetX = (areaWidth - scene.window.width * scale) / 2
                offsetY = (areaHeight - scene.window.height * scale) / 2
                areaWidth = scene.window.width * scale
                areaHeight = scene.window.height * scale
            }
        }
        self.width = width
        self.height = height.rounded()
        area = Rect(x: left + offsetX, y: top + offsetY, width: areaWidth, height: areaHeight)
        window = scene.window
        legendTop = area.y + area.height + belowArea - (axes == nil ? 0 : 4)
    }

    static func legendRows(_ legend: [LegendEntry], _ width: Double) -> Int {
        var rows = 1, x = 0.0
        for entry in legend where entry.sample != .levels {
            let itemWidth = 36 + Double(entry.text.count) * 7.2 + 18
            if x > 0, x + itemWidth > width { rows += 1; x = 0 }
            x += itemWidth
        }
        return rows
    }

    func x(_ value: Double) -> Double { area.x + (value - window.x0) / window.width * area.width }
    func y(_ value: Double) -> Double { area.y + (window.y1 - value) / window.height * area.height }
    func pixel(_ p: Point) -> Point { Point(x(p.x), y(p.y)) }
}

/// A coordinate as SVG text (see `SVGWriter.number`).
private func fmt(_ x: Double) -> String { SVGWriter.number(x) }
