/// A grid of character cells to draw on. Lines go in braille dots (each cell holds 2×4 of
/// them, so a dot is about as wide as it is tall); glyphs and text take a whole cell.
/// What is drawn later wins, except that braille dots in one cell add up.
struct TerminalCanvas {
    enum Cell: Equatable {
        case empty
        case braille(UInt8)
        case character(Character)
    }

    /// What drew in a cell: a label may cover its own curve, never another's.
    enum Owner: Equatable {
        case nobody
        case one(Role)
        case several
    }

    let columns: Int
    let rows: Int
    private(set) var cells: [[Cell]]
    /// The ANSI colour code of each cell (31 red, 34 blue...), or nil for the default.
    private(set) var colors: [[Int?]]
    /// Cells holding text or a marker, which later text must not cover.
    private(set) var taken: Set<Int> = []
    private var owners: [[Owner]]
    /// What the drawing that follows belongs to; each cell it touches records it.
    var pen: Role?

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: Array(repeating: .empty, count: columns), count: rows)
        colors = Array(repeating: Array(repeating: nil, count: columns), count: rows)
        owners = Array(repeating: Array(repeating: .nobody, count: columns), count: rows)
    }

    var dotColumns: Int { 2 * columns }
    var dotRows: Int { 4 * rows }

    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// A dot or cell position as a whole number, safe for any Double: far-off or
    /// non-finite positions land far outside the canvas, where nothing is drawn.
    static func position(_ x: Double) -> Int {
        guard x.isFinite else { return -1_000_000 }
        return Int(max(-1_000_000, min(1_000_000, x.rounded())))
    }

    func contains(column: Int, row: Int) -> Bool {
        column >= 0 && column < columns && row >= 0 && row < rows
    }

    mutating func dot(_ x: Int, _ y: Int, color: Int?) {
        let (column, row) = (x >> 1, y >> 2)
        guard x >= 0, y >= 0, contains(column: column, row: row) else { return }
        let bit = TerminalCanvas.bits[x & 1][y & 3]
        if case .braille(let old) = cells[row][column] {
            cells[row][column] = .braille(old | bit)
        } else {
            cells[row][column] = .braille(bit)
        }
        colors[row][column] = color
        own(column: column, row: row)
    }

    /// Clears one braille dot (a nearer face of a surface hides what lies behind it).
    mutating func erase(_ x: Int, _ y: Int) {
        let (column, row) = (x >> 1, y >> 2)
        guard x >= 0, y >= 0, contains(column: column, row: row),
              case .braille(let old) = cells[row][column] else { return }
        let bits = old & ~TerminalCanvas.bits[x & 1][y & 3]
        cells[row][column] = bits == 0 ? .empty : .braille(bits)
    }

    private mutating func own(column: Int, row: Int) {
        guard let pen else { return }
        switch owners[row][column] {
        case .nobody: owners[row][column] = .one(pen)
        case .one(let role) where role == pen: break
        default: owners[row][column] = .several
        }
    }

    func owner(column: Int, row: Int) -> Owner { owners[row][column] }

    mutating func put(_ character: Character, column: Int, row: Int, color: Int?, keep: Bool = false) {
        guard contains(column: column, row: row) else { return }
        cells[row][column] = .character(character)
        colors[row][column] = color
        own(column: column, row: row)
        if keep { taken.insert(row * columns + column) }
    }

    func isTaken(column: Int, row: Int) -> Bool { taken.contains(row * columns + column) }

    /// A braille line between two dot positions.
    mutating func line(_ a: (Double, Double), _ b: (Double, Double), color: Int?) {
        for (x, y) in TerminalCanvas.steps(a, b) { dot(x, y, color: color) }
    }

    /// A line drawn as `glyph` in every cell it passes through.
    mutating func glyphLine(_ a: (Double, Double), _ b: (Double, Double), _ glyph: Character, color: Int?) {
        var last = -1
        for (x, y) in TerminalCanvas.steps(a, b) {
            let cell = (y >> 2) * columns + (x >> 1)
            if cell != last, x >= 0, y >= 0 {
                put(glyph, column: x >> 1, row: y >> 2, color: color)
                last = cell
            }
        }
    }

    /// The dots of the line from a to b, one per step along its longer direction.
    static func steps(_ a: (Double, Double), _ b: (Double, Double)) -> [(Int, Int)] {
        let (x0, y0) = (Double(position(a.0)), Double(position(a.1)))
        let (x1, y1) = (Double(position(b.0)), Double(position(b.1)))
        let n = min(100_000, Int(max(abs(x1 - x0), abs(y1 - y0))))
        guard n > 0 else { return [(Int(x0), Int(y0))] }
        return (0...n).map { k in
            let t = Double(k) / Double(n)
            return (position(x0 + t * (x1 - x0)), position(y0 + t * (y1 - y0)))
        }
    }

    /// One row as text, with ANSI colour codes when `color` is on.
    func text(row: Int, color: Bool) -> String {
        var out = ""
        var current: Int?
        for column in 0..<columns {
            let character: Character
            switch cells[row][column] {
            case .empty: character = " "
            case .braille(let b): character = Character(Unicode.Scalar(0x2800 + UInt32(b))!)
            case .character(let c): character = c
            }
            if color {
                let wanted = character == " " ? nil : colors[row][column]
                if wanted != current {
                    out += wanted.map { "\u{1B}[\($0)m" } ?? "\u{1B}[0m"
                    current = wanted
                }
            }
            out.append(character)
        }
        if color, current != nil { out += "\u{1B}[0m" }
        return out
    }
}
