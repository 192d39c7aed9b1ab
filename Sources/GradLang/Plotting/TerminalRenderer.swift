import Foundation

/// Draws a scene as lines of text: a frame with ticks and labels, a braille canvas inside,
/// a legend under it. Without colour, series are told apart by glyph: the first function
/// in braille, the others as `*`, `+`, `o`... in every cell their curve passes.
struct TerminalRenderer {
    /// The whole picture, in character cells.
    var width = 80
    var height = 24
    /// ANSI colours; off by default, so the text is the same wherever it goes.
    var color = false
    /// Whether the caller chose the width and the height: say so when the picture cannot fill them.
    var widthAsked = false
    var heightAsked = false

    /// The picture's text.
    func render(_ scene: Scene) -> String { render(scene, poll: {}) }

    /// The picture's text. `poll` is called for each mark and each segment of a line, so a
    /// caller can stop a long drawing.
    func render(_ scene: Scene, poll: () throws -> Void) rethrows -> String {
        var scene = scene
        if let bar = scene.colorBar {
            scene.legend.insert(LegendEntry(sample: .levels, text: TerminalRenderer.shadesKey(bar.fill)), at: 0)
        }
        var layout = TerminalLayout(scene, width: width, height: height)
        var canvas = TerminalCanvas(columns: layout.columns, rows: layout.rows)
        let map = DotMap(window: scene.window, canvas: canvas)
        // Arrowheads go on after every line, and text after them, so that nothing drawn
        // later cuts through them.
        var heads: [(Character, Int, Int, Int?)] = []
        for mark in scene.marks where !mark.isLabel {
            canvas.pen = mark.role
            try poll()
            try draw(mark, on: &canvas, map, window: scene.window, heads: &heads, poll: poll)
        }
        canvas.pen = .gradient
        for (head, column, row, color) in heads { canvas.put(head, column: column, row: row, color: color, keep: true) }
        canvas.pen = nil
        for mark in scene.marks where mark.isLabel {
            try draw(mark, on: &canvas, map, window: scene.window, heads: &heads, poll: poll)
        }
        layout.canvas = canvas
        var lines = layout.lines(scene, color: color)
        if let note = layout.shortfall(scene, widthAsked: widthAsked, heightAsked: heightAsked) { lines.append(note) }
        return lines.map { $0.trailingSpacesTrimmed }.joined(separator: "\n") + "\n"
    }

    // MARK: - Looks

    static let seriesGlyphs: [Character] = ["*", "+", "o", "x", "#", "%"]
    static let levelColors = [34, 36, 32, 33, 31]

    static func glyph(for role: Role) -> Character? {
        switch role {
        case .series(let k) where k > 0: return seriesGlyphs[(k - 1) % seriesGlyphs.count]
        case .path: return "·"
        default: return nil
        }
    }

    static func colorCode(for role: Role) -> Int? {
        switch role {
        case .series(let k): return [34, 31, 32, 35, 36, 33][k % 6]
        case .level(let index, let count):
            return levelColors[count <= 1 ? 0 : index * (levelColors.count - 1) / (count - 1)]
        case .gradient: return 35
        case .path, .points: return 31
        case .box: return 90
        case .axisText: return nil
        }
    }

    static func toneColor(_ tone: Double) -> Int {
        levelColors[min(levelColors.count - 1, max(0, TerminalCanvas.position((tone * Double(levelColors.count)).rounded(.down))))]
    }

    /// A marker's glyph; the dots of a plot's second, third... series take its glyph, so that
    /// the series stay apart without colour.
    static func glyph(for marker: Marker, _ role: Role) -> Character {
        if marker == .dot, case .series(let k) = role, k > 0 { return seriesGlyphs[(k - 1) % seriesGlyphs.count] }
        switch marker {
        case .dot: return "•"
        case .point: return "●"
        case .start: return "○"
        case .end: return "●"
        case .flat: return "+"
        case .star: return "★"
        }
    }

    /// The arrowhead pointing along (dx, dy), dy downwards.
    static func head(_ dx: Double, _ dy: Double) -> Character {
        let heads: [Character] = ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"]
        let angle = atan2(-dy, dx)
        let sector = TerminalCanvas.position(angle / (.pi / 4))
        return heads[(sector + 8) % 8]
    }

    // MARK: - Marks

    private func draw(_ mark: Mark, on canvas: inout TerminalCanvas, _ map: DotMap, window: Box,
                      heads: inout [(Character, Int, Int, Int?)], poll: () throws -> Void) rethrows {
        let inside = window.grown(by: 1e-9)
        switch mark {
        case .line(let points, let role, _):
            let color = TerminalRenderer.colorCode(for: role)
            for piece in Clipping.pieces(of: points, in: inside) {
                for (a, b) in zip(piece, piece.dropFirst()) {
                    try poll()
                    if let glyph = TerminalRenderer.glyph(for: role) {
                        canvas.glyphLine(map(a), map(b), glyph, color: color)
                    } else {
                        canvas.line(map(a), map(b), color: color)
                    }
                }
            }
        case .arrow(let from, let to, let role):
            if let head = drawArrow(from, to, TerminalRenderer.colorCode(for: role), on: &canvas, map, inside) {
                heads.append(head)
            }
        case .marker(let p, let marker, let role):
            guard inside.contains(p) else { return }
            let (x, y) = map(p)
            canvas.put(TerminalRenderer.glyph(for: marker, role), column: TerminalCanvas.position(x) >> 1, row: TerminalCanvas.position(y) >> 2,
                       color: TerminalRenderer.colorCode(for: role), keep: true)
        case .label(let text, let places, let role):
            // A path's step numbers need finer places than character cells: SVG only.
            guard role != .path else { return }
            for spot in places where write(text, at: spot, role, on: &canvas, map) {
                break
            }
        case .fill(let fill):
            shade(fill, on: &canvas, map)
        case .polygon(let corners, _, let tone, let wire):
            drawFace(corners.map { map($0) }, wire: wire, color: TerminalRenderer.toneColor(tone), on: &canvas)
        }
    }

    /// An arrow as a shaft of line glyphs (`─ │ ╱ ╲`, so that it does not blend into braille
    /// curves) and a head (`→ ↗ ↑ ...`) in the cell of its tip.
    /// Returns the head, to be drawn once every shaft is.
    private func drawArrow(_ from: Point, _ to: Point, _ color: Int?, on canvas: inout TerminalCanvas,
                           _ map: DotMap, _ inside: Box) -> (Character, Int, Int, Int?)? {
        guard let (a, b) = Clipping.segment(from, to, in: inside) else { return nil }
        let (tipX, tipY) = map(to), (tailX, tailY) = map(from)
        let (dx, dy) = (tipX - tailX, tipY - tailY)
        let headCell = (TerminalCanvas.position(tipX) >> 1, TerminalCanvas.position(tipY) >> 2)
        var cells: [(Int, Int)] = []
        for (x, y) in TerminalCanvas.steps(map(a), map(b)) where x >= 0 && y >= 0 {
            let cell = (x >> 1, y >> 2)
            if cells.last.map({ $0 != cell }) ?? true { cells.append(cell) }
        }
        let shaft = TerminalRenderer.shaft(dx, dy)
        for cell in cells where cell != headCell || b != to {
            canvas.put(shaft, column: cell.0, row: cell.1, color: color)
        }
        guard b == to else { return nil }
        return (TerminalRenderer.head(dx, dy), headCell.0, headCell.1, color)
    }

    /// The line glyph nearest in direction to (dx, dy), dy downwards.
    static func shaft(_ dx: Double, _ dy: Double) -> Character {
        var angle = atan2(-dy, dx) * 180 / .pi
        if angle < 0 { angle += 180 }
        switch angle {
        case ..<22.5, 157.5...: return "─"
        case ..<67.5: return "╱"
        case ..<112.5: return "│"
        default: return "╲"
        }
    }

    /// Writes `text` at `place` if its cells (and one on each side) hold no other text, and
    /// its own cells nothing drawn that may not be covered (`Role.labelMayCover`).
    private func write(_ text: String, at place: Placement, _ role: Role, on canvas: inout TerminalCanvas,
                       _ map: DotMap) -> Bool {
        let (x, y) = map(place.at)
        guard x.isFinite, y.isFinite else { return false }
        let column = TerminalCanvas.position(x) >> 1, row = TerminalCanvas.position(y) >> 2
        let count = text.count
        let first: Int
        switch place.anchor {
        case .start: first = column + 1
        case .middle: first = column - count / 2
        case .end: first = column - count - 1
        }
        guard row >= 0, row < canvas.rows, first >= 0, first + count <= canvas.columns else { return false }
        for c in max(0, first - 1)...min(canvas.columns - 1, first + count) {
            if canvas.isTaken(column: c, row: row) { return false }
            guard c >= first, c < first + count else { continue }
            switch canvas.owner(column: c, row: row) {
            case .nobody: continue
            case .one(let owner) where role.labelMayCover(owner): continue
            default: return false
            }
        }
        for (k, character) in text.enumerated() {
            canvas.put(character, column: first + k, row: row, color: TerminalRenderer.colorCode(for: role), keep: true)
        }
        return true
    }

    /// The glyphs of a filled contour's bands, lightest (blank) for the lowest.
    static let shadeGlyphs: [Character] = [" ", "·", ":", "-", "=", "+", "*", "#", "%", "@"]

    static func shadeGlyph(band: Int, of bands: Int) -> Character {
        shadeGlyphs[bands <= 1 ? 0 : band * (shadeGlyphs.count - 1) / (bands - 1)]
    }

    /// Fills each cell with the glyph of the band its centre lies in; curves, arrows and text
    /// are drawn over the shading afterwards.
    private func shade(_ fill: ContourFill, on canvas: inout TerminalCanvas, _ map: DotMap) {
        for row in 0..<canvas.rows {
            for column in 0..<canvas.columns {
                let value = fill.value(at: map.point(Double(2 * column) + 0.5, Double(4 * row) + 1.5))
                guard value.isFinite else { continue }
                let band = fill.band(of: value)
                let glyph = TerminalRenderer.shadeGlyph(band: band, of: fill.bands)
                if glyph != " " {
                    canvas.put(glyph, column: column, row: row, color: TerminalRenderer.toneColor(fill.tone(band)))
                }
            }
        }
    }

    /// Which glyph shades which values: "shades: blank <1, · ≥1, : ≥2, ...".
    static func shadesKey(_ fill: ContourFill) -> String {
        // Bands that share a glyph are one entry: the lowest below where the next glyph starts,
        // each other from its first band's lower level up.
        let glyphs = (0..<fill.bands).map { shadeGlyph(band: $0, of: fill.bands) }
        var entries: [String] = []
        for band in glyphs.indices where band == 0 || glyphs[band] != glyphs[band - 1] {
            let bound: String
            if band == 0 {
                let next = glyphs.firstIndex { $0 != glyphs[0] } ?? fill.bands
                bound = next < fill.bands ? "<\(Ticks.short(fill.levels[next - 1]))" : "all"
            } else {
                bound = "≥\(Ticks.short(fill.levels[band - 1]))"
            }
            entries.append((glyphs[band] == " " ? "blank" : String(glyphs[band])) + " " + bound)
        }
        return "shades: " + entries.joined(separator: ", ")
    }

    /// One face of a surface, drawn back to front: it hides the dots behind it, then draws
    /// those of its sides that lie on the wireframe's lines.
    private func drawFace(_ corners: [(Double, Double)], wire: [Bool], color: Int, on canvas: inout TerminalCanvas) {
        guard corners.count >= 3, corners.allSatisfy({ $0.0.isFinite && $0.1.isFinite }) else { return }
        let minX = max(0, TerminalCanvas.position(corners.map(\.0).min()!.rounded(.down)))
        let maxX = min(canvas.dotColumns - 1, TerminalCanvas.position(corners.map(\.0).max()!.rounded(.up)))
        let minY = max(0, TerminalCanvas.position(corners.map(\.1).min()!.rounded(.down)))
        let maxY = min(canvas.dotRows - 1, TerminalCanvas.position(corners.map(\.1).max()!.rounded(.up)))
        if minX <= maxX, minY <= maxY {
            for y in minY...maxY {
                for x in minX...maxX where TerminalRenderer.polygon(corners, contains: (Double(x), Double(y))) {
                    canvas.erase(x, y)
                }
            }
        }
        for (k, drawn) in wire.enumerated() where drawn {
            canvas.line(corners[k], corners[(k + 1) % corners.count], color: color)
        }
    }

    static func polygon(_ corners: [(Double, Double)], contains p: (Double, Double)) -> Bool {
        var inside = false
        var j = corners.count - 1
        for i in corners.indices {
            let (xi, yi) = corners[i], (xj, yj) = corners[j]
            if (yi > p.1) != (yj > p.1), p.0 < (xj - xi) * (p.1 - yi) / (yj - yi) + xi { inside.toggle() }
            j = i
        }
        return inside
    }
}

private extension Mark {
    var isLabel: Bool {
        if case .label = self { return true }
        return false
    }
}

/// Data coordinates to braille dots: x to the right, y downwards.
struct DotMap {
    let window: Box
    let scaleX: Double
    let scaleY: Double

    init(window: Box, canvas: TerminalCanvas) {
        self.window = window
        scaleX = Double(canvas.dotColumns - 1) / window.width
        scaleY = Double(canvas.dotRows - 1) / window.height
    }

    func callAsFunction(_ p: Point) -> (Double, Double) {
        ((p.x - window.x0) * scaleX, (window.y1 - p.y) * scaleY)
    }

    /// The point at a dot position.
    func point(_ x: Double, _ y: Double) -> Point { Point(window.x0 + x / scaleX, window.y1 - y / scaleY) }
}

private extension String {
    var trailingSpacesTrimmed: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
