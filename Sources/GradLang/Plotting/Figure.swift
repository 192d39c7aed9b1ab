/// Several pictures in one, as the panels of a lesson's figure: rows of `columns` panels,
/// left to right, under an optional title.
struct Figure {
    var panels: [Scene]
    var columns: Int
    var title: String?

    private var rows: [[Scene]] {
        stride(from: 0, to: panels.count, by: columns).map { Array(panels[$0..<min(panels.count, $0 + columns)]) }
    }

    /// The figure in words: its title, else what its panels show.
    var caption: String {
        title ?? "figure of " + panels.map { $0.title ?? $0.description }.joined(separator: "; ")
    }

    // MARK: - SVG

    /// One SVG: each panel a nested `<svg>` `width / columns` wide (its ids prefixed `p1-`,
    /// `p2-`...), the panels of a row centred on the row's tallest; `height`, when given,
    /// shared out between the rows.
    func svg(width: Int, height: Int?, idPrefix: String = "") -> String {
        let top = title == nil ? 0.0 : 36
        let panelWidth = width / columns
        let panelHeight = height.map { max(100, Int((Double($0) - top) / Double(rows.count))) }
        let renderer = SVGRenderer(width: panelWidth, height: panelHeight)
        let heights = rows.map { row in row.map { renderer.size($0).height }.max()! }
        let total = (top + heights.reduce(0, +)).rounded()
        var svg = SVGWriter()
        svg.open("svg", SVGRenderer.documentAttributes.merging(
            ["width": "\(width)", "height": fmt(total), "viewBox": "0 0 \(width) \(fmt(total))"]) { $1 })
        svg.element("title", text: caption)
        svg.leaf("rect", ["width": "100%", "height": "100%", "fill": "white"])
        if let title {
            svg.element("text", ["x": fmt(Double(width) / 2), "y": "26", "text-anchor": "middle", "font-size": "18"],
                        text: title)
        }
        var y = top
        var number = 0
        for (row, rowHeight) in zip(rows, heights) {
            for (column, panel) in row.enumerated() {
                number += 1
                svg.idPrefix = idPrefix + "p\(number)-"
                let origin = Point(Double(column * panelWidth), y + (rowHeight - renderer.size(panel).height) / 2)
                renderer.draw(panel, into: &svg, at: origin, poll: {})
            }
            y += rowHeight
        }
        svg.idPrefix = idPrefix
        svg.close("svg")
        return svg.text
    }

    // MARK: - Terminal

    /// The panels side by side, 3 spaces apart, when each can be at least `narrowest`
    /// characters wide; else one under another.
    func terminal(width: Int, height: Int, color: Bool) -> String {
        let narrowest = 30
        let across = max(1, min(columns, (width + 3) / (narrowest + 3)))
        let panelWidth = across == 1 ? width : (width - 3 * (across - 1)) / across
        let renderer = TerminalRenderer(width: panelWidth, height: height, color: color)
        var lines: [String] = []
        if let title {
            lines.append(String(repeating: " ", count: max(0, (width - title.count) / 2)) + title)
        }
        for start in stride(from: 0, to: panels.count, by: across) {
            let row = panels[start..<min(panels.count, start + across)].map { panel in
                renderer.render(panel).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            }
            for k in 0..<row.map(\.count).max()! {
                let cells = row.map { k < $0.count ? $0[k] : "" }
                let padded = cells.dropLast().map { $0 + String(repeating: " ", count: max(0, panelWidth - visibleWidth($0))) }
                var line = (padded + [cells.last!]).joined(separator: "   ")
                while line.last == " " { line.removeLast() }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The characters a terminal shows of a line: ANSI colour codes take no room.
    private func visibleWidth(_ line: String) -> Int {
        var count = 0, escaped = false
        for c in line {
            if c == "\u{1B}" { escaped = true } else if escaped { if c == "m" { escaped = false } } else { count += 1 }
        }
        return count
    }
}

/// A coordinate as SVG text (see `SVGWriter.number`).
private func fmt(_ x: Double) -> String { SVGWriter.number(x) }
