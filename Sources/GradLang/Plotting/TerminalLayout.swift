/// Where the parts of a terminal picture go: title, frame, canvas, tick labels, legend.
struct TerminalLayout {
    let left: Int
    let columns: Int
    let rows: Int
    let titleRows: Int
    let legend: [String]
    let window: Box
    let width: Int
    let height: Int
    var canvas: TerminalCanvas?

    init(_ scene: Scene, width: Int, height: Int) {
        window = scene.window
        self.width = width
        self.height = height
        titleRows = scene.title == nil ? 0 : 1
        left = scene.axes.map { max($0.yTicks.map(\.label.count).max() ?? 0, $0.yName.count) + 1 } ?? 0
        let entries = scene.legend.map { TerminalLayout.legendText($0, color: false) }
        legend = TerminalLayout.wrap(entries.map { ($0, $0) }, width: width, indent: left)
        if scene.axes != nil {
            var columns = max(4, width - left - 2)
            var rows = max(2, height - titleRows - 3 - legend.count)
            if scene.equalAspect { (columns, rows) = TerminalLayout.equalAspect(scene.window, columns, rows) }
            (self.columns, self.rows) = (columns, rows)
        } else {
            var columns = max(4, width)
            var rows = max(2, height - titleRows - legend.count)
            if scene.equalAspect { (columns, rows) = TerminalLayout.equalAspect(scene.window, columns, rows) }
            (self.columns, self.rows) = (columns, rows)
        }
    }

    /// The largest canvas inside columns × rows on which a unit is as long across as up
    /// (a braille dot is about square: a cell is 2 dots wide and 4 high).
    static func equalAspect(_ window: Box, _ columns: Int, _ rows: Int) -> (Int, Int) {
        let scale = min(Double(2 * columns) / window.width, Double(4 * rows) / window.height)
        let c = TerminalCanvas.position(window.width * scale / 2)
        let r = TerminalCanvas.position(window.height * scale / 4)
        return (max(4, min(columns, c)), max(2, min(rows, r)))
    }

    /// When one unit must be as long across as up, the picture may come out narrower (or
    /// shorter) than the size asked for: a note says so, and what size would fill it.
    func shortfall(_ scene: Scene, widthAsked: Bool, heightAsked: Bool) -> String? {
        guard scene.equalAspect else { return nil }
        let frame = scene.axes == nil ? (columns: 0, rows: 0) : (columns: left + 2, rows: 3)
        let extraRows = titleRows + frame.rows + legend.count
        let used = (columns: columns + frame.columns, rows: rows + extraRows)
        let why = "to keep x and y on one scale"
        // A braille cell is 2 dots wide and 4 high, and a dot is about square.
        if widthAsked, width - used.columns >= 4 {
            let rowsWanted = Double(2 * (width - frame.columns)) * window.height / window.width / 4
            return "note: \(used.columns) of the \(width) columns asked for, \(why); "
                + "height: \(Int(rowsWanted.rounded(.up)) + extraRows) would fill them"
        }
        if heightAsked, height - used.rows >= 3 {
            let columnsWanted = Double(4 * (height - extraRows)) * window.width / window.height / 2
            return "note: \(used.rows) of the \(height) rows asked for, \(why); "
                + "width: \(Int(columnsWanted.rounded(.up)) + frame.columns) would fill them"
        }
        return nil
    }

    func lines(_ scene: Scene, color: Bool) -> [String] {
        var out: [String] = []
        let frameWidth = scene.axes == nil ? columns : columns + 2
        if let title = scene.title {
            out.append(String(repeating: " ", count: left + max(0, (frameWidth - title.count) / 2)) + title)
        }
        if let axes = scene.axes {
            out += framed(axes, color: color)
        } else {
            // A picture without a frame loses its blank rows above and below.
            var rows = (0..<self.rows).map { canvas!.text(row: $0, color: color) }
            while let first = rows.first, first.allSatisfy({ $0 == " " }) { rows.removeFirst() }
            while let last = rows.last, last.allSatisfy({ $0 == " " }) { rows.removeLast() }
            out += rows
        }
        let entries = scene.legend.map { TerminalLayout.legendText($0, color: color) }
        let plain = scene.legend.map { TerminalLayout.legendText($0, color: false) }
        out += TerminalLayout.wrap(Array(zip(entries, plain)), width: width, indent: left)
        return out
    }

    private func framed(_ axes: Axes, color: Bool) -> [String] {
        let canvas = self.canvas!
        // Every tick gets a row; when two would share one, every second (third...) tick,
        // keeping 0 if it is there.
        let yTicks = axes.yTicks.map { tick -> (Int, String) in
            let y = (window.y1 - tick.value) / window.height * Double(canvas.dotRows - 1)
            return (min(rows - 1, max(0, TerminalCanvas.position(y) >> 2)), tick.label)
        }
        let zero = yTicks.firstIndex { $0.1 == "0" } ?? 0
        var rowLabels = [String?](repeating: nil, count: rows)
        for stride in 1...max(1, yTicks.count) {
            let chosen = yTicks.indices.filter { ($0 - zero) % stride == 0 }.map { yTicks[$0] }
            guard Set(chosen.map(\.0)).count == chosen.count else { continue }
            for (row, label) in chosen { rowLabels[row] = label }
            break
        }
        var tickColumns: [(Int, String)] = []
        for tick in axes.xTicks {
            let x = (tick.value - window.x0) / window.width * Double(canvas.dotColumns - 1)
            tickColumns.append((min(columns - 1, max(0, TerminalCanvas.position(x) >> 1)), tick.label))
        }
        let pad = { (s: String) in String(repeating: " ", count: max(0, self.left - 1 - s.count)) + s + " " }
        var out = [pad(axes.yName) + "┌" + String(repeating: "─", count: columns) + "┐"]
        for row in 0..<rows {
            let label = rowLabels[row]
            out.append(pad(label ?? "") + (label == nil ? "│" : "┤") + canvas.text(row: row, color: color) + "│")
        }
        let (labels, marked) = tickLabels(tickColumns, xName: axes.xName)
        out.append(String(repeating: " ", count: left) + "└"
                   + String((0..<columns).map { marked.contains($0) ? "┬" : "─" }) + "┘")
        out.append(labels)
        return out
    }

    /// The x tick labels, centred under their ticks; when they would touch, every second
    /// (third...) one, keeping 0 if it is there. Only ticks with a label are marked.
    private func tickLabels(_ ticks: [(Int, String)], xName: String) -> (String, Set<Int>) {
        let zero = ticks.firstIndex { $0.1 == "0" } ?? 0
        for stride in 1...max(1, ticks.count) {
            let chosen = ticks.indices.filter { ($0 - zero) % stride == 0 }.map { ticks[$0] }
            if let line = labelLine(chosen, xName: xName) { return (line, Set(chosen.map(\.0))) }
        }
        return ("", [])
    }

    /// The labels in one line, or nil when two would touch; the axis name follows at the
    /// right if the line has room for it.
    private func labelLine(_ ticks: [(Int, String)], xName: String) -> String? {
        var line: [Character] = []
        var end = -2
        for (column, label) in ticks {
            let start = left + 1 + column - (label.count - 1) / 2
            guard start > end + 1, start >= 0 else { return nil }
            while line.count < start { line.append(" ") }
            line.append(contentsOf: label)
            end = line.count - 1
        }
        let start = max(end + 3, left + 1 + columns - xName.count + 1)
        if !xName.isEmpty, start + xName.count <= max(width, left + columns + 2) {
            while line.count < start { line.append(" ") }
            line.append(contentsOf: xName)
        }
        return String(line)
    }

    // MARK: Legend

    static func legendText(_ entry: LegendEntry, color: Bool) -> String {
        func paint(_ s: String, _ code: Int?) -> String {
            guard color, let code else { return s }
            return "\u{1B}[\(code)m\(s)\u{1B}[0m"
        }
        let sample: String
        switch entry.sample {
        case .line(let role):
            let glyph = TerminalRenderer.glyph(for: role).map { String(repeating: $0, count: 3) } ?? "⠤⠤⠤"
            sample = paint(glyph, TerminalRenderer.colorCode(for: role))
        case .arrow: sample = paint("──→", TerminalRenderer.colorCode(for: .gradient))
        case .marker(let marker, let role): sample = paint(String(TerminalRenderer.glyph(for: marker, role)),
                                                            TerminalRenderer.colorCode(for: role))
        case .levels: return entry.text
        }
        return sample + " " + entry.text
    }

    /// Entries joined by three spaces, in as many lines as the width needs; `plain` is the
    /// entry without colour codes, for measuring.
    static func wrap(_ entries: [(text: String, plain: String)], width: Int, indent: Int) -> [String] {
        var lines: [String] = []
        var line = "", length = 0
        for (text, plain) in entries {
            if length > 0, indent + length + 3 + plain.count > width {
                lines.append(line)
                line = ""; length = 0
            }
            if length > 0 { line += "   "; length += 3 }
            line += text; length += plain.count
        }
        if length > 0 { lines.append(line) }
        return lines.map { String(repeating: " ", count: indent) + $0 }
    }
}
