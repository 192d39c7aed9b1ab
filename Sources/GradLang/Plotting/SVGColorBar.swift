/// The colour bar of a filled contour, right of the plot area: one block per band, the
/// lowest at the bottom, each level written where its two bands meet, and what the colours
/// measure along the side.
struct SVGColorBar {
    let bar: ColorBar
    let frame: SVGLayout

    private static let gap = 18.0
    private static let barWidth = 14.0

    init(_ bar: ColorBar, frame: SVGLayout) {
        self.bar = bar
        self.frame = frame
    }

    private static func labelWidth(_ bar: ColorBar) -> Double {
        Double(bar.fill.levels.map { Ticks.short($0).count }.max() ?? 1) * 7.2
    }

    /// The room the bar takes right of the plot area.
    static func width(_ bar: ColorBar) -> Double { gap + barWidth + 6 + labelWidth(bar) + 24 }

    func draw(_ svg: inout SVGWriter) {
        let area = frame.area, fill = bar.fill
        let x = area.x + area.width + SVGColorBar.gap
        let band = area.height / Double(fill.bands)
        let bottom = area.y + area.height
        svg.open("g", ["id": "color-bar", "fill": "#333"])
        for k in 0..<fill.bands {
            let color = Viridis.color(fill.tone(k))
            svg.leaf("rect", Rect(x: x, y: bottom - Double(k + 1) * band, width: SVGColorBar.barWidth,
                                  height: band).attributes.merging(["fill": color, "stroke": color]) { $1 })
        }
        svg.leaf("rect", Rect(x: x, y: area.y, width: SVGColorBar.barWidth, height: area.height).attributes
                    .merging(["fill": "none", "stroke": "#333", "stroke-width": "1"]) { $1 })
        // Every level when there is room, else every second, third...
        let every = max(1, Int((13 / band).rounded(.up)))
        for (k, level) in fill.levels.enumerated() where k % every == 0 {
            let y = bottom - Double(k + 1) * band
            svg.leaf("path", ["d": "M\(fmt(x + SVGColorBar.barWidth)),\(fmt(y))h4", "stroke": "#333"])
            svg.element("text", ["x": fmt(x + SVGColorBar.barWidth + 6), "y": fmt(y), "dy": "0.35em",
                                 "font-size": "11"], text: SVGRenderer.numberText(Ticks.short(level)))
        }
        let titleX = x + SVGColorBar.barWidth + 6 + SVGColorBar.labelWidth(bar) + 14, titleY = area.y + area.height / 2
        svg.element("text", ["x": fmt(titleX), "y": fmt(titleY), "text-anchor": "middle", "font-size": "13",
                             "transform": "rotate(90 \(fmt(titleX)) \(fmt(titleY)))"], text: bar.title)
        svg.close("g")
    }
}

/// A coordinate as SVG text (see `SVGWriter.number`).
private func fmt(_ x: Double) -> String { SVGWriter.number(x) }
