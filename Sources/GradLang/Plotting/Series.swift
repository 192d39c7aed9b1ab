import Foundation

/// One line of a `plot`: a function's samples or the user's data, with its name and how it
/// is drawn. A non-finite point leaves a gap.
struct Series {
    enum Style: String, CaseIterable {
        case lines, dots, both
    }

    var name: String
    var points: [Point]
    var style = Style.lines

    func styled(_ style: Style) -> Series { Series(name: name, points: points, style: style) }

    func with(points: [Point]) -> Series { Series(name: name, points: points, style: style) }

    /// How many samples a function gets across [a, b].
    static let samples = 401

    /// f at evenly spaced x across [a, b], and a note when it is not finite everywhere.
    static func sampling(_ f: Sampler, named name: String, from a: Double, to b: Double) throws -> (Series, String?) {
        let n = samples
        let points = try (0..<n).map { k -> Point in
            let x = a + (b - a) * Double(k) / Double(n - 1)
            return Point(x, try f.value(x))
        }
        let gaps = points.filter { !$0.y.isFinite }.count
        let range = "[\(Ticks.short(a)), \(Ticks.short(b))]"
        if gaps == n { throw f.fail("\(name) is not a finite number anywhere on \(range); nothing to draw") }
        let note = gaps == 0 ? nil
            : "note: \(name) is not a finite number at \(gaps) of \(n) points of \(range); the curve has gaps there"
        return (Series(name: name, points: points), note)
    }

    /// The same series on a log scale: y becomes log10(y), and a y of 0 or below a gap.
    func logged() -> (Series, dropped: Int) {
        var dropped = 0
        let points = self.points.map { p -> Point in
            guard p.y.isFinite, p.y <= 0 else { return Point(p.x, log10(p.y)) }
            dropped += 1
            return Point(p.x, .nan)
        }
        return (Series(name: name, points: points, style: style), dropped)
    }
}
