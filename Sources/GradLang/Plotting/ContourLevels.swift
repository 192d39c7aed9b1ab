import Foundation

/// The values a contour draws its level curves at: round numbers, evenly spaced, or spaced
/// by factors (1, 2, 5, 10, ...) when the picture is mostly low ground with steep walls
/// (Rosenbrock's valley) or a log scale was asked for.
enum ContourLevels {
    enum Request: Equatable {
        /// About 8 round levels.
        case automatic
        /// Exactly this many.
        case count(Int)
        /// These levels.
        case values([Double])

        var isList: Bool {
            if case .values = self { return true }
            return false
        }
    }

    /// Whether levels grow by factors: most values lie near the lowest, far below the highest.
    static func isValley(low: Double, high: Double, median: Double) -> Bool {
        low >= 0 && median - low < 0.1 * (high - low) && high > 100 * max(low, 1e-300)
    }

    /// The levels strictly between `low` and `high`, lowest first. `geometric` spaces them
    /// by factors (it needs `high > 0`).
    static func choose(_ request: Request, low: Double, high: Double, geometric: Bool) -> [Double] {
        switch request {
        case .values(let given):
            return Array(Set(given.filter(\.isFinite))).sorted()
        case .automatic:
            guard high > low else { return [] }
            if geometric {
                let values = roundGeometric(Ladder.oneTwoFive, above: floor(low, high), below: high)
                if values.count >= 3 { return Array(values.suffix(12)) }
            }
            let span = high - low
            return Ticks.multiples(of: Ticks.step(for: span, count: 8), from: low, to: high).filter {
                $0 > low + span * 1e-6 && $0 < high - span * 1e-6
            }
        case .count(let n):
            guard high > low else { return [] }
            if geometric, let values = geometricLevels(n, low: low, high: high) { return values }
            return linearLevels(n, low: low, high: high)
        }
    }

    /// The lowest level worth a curve when levels grow by factors: below it, the ground is
    /// as good as flat at the scale of the picture.
    static func floor(_ low: Double, _ high: Double) -> Double { max(low, high / 5000) }

    // MARK: - Exactly n

    /// Steps for n evenly spaced levels: finer than axis ticks' 1, 2, 2.5, 5 so that the n
    /// levels can spread over most of the range.
    private static let linearMantissas = [8.0, 6, 5, 4, 3, 2.5, 2, 1.5, 1]

    /// n multiples of the largest round step of which n fit strictly inside (low, high),
    /// the middle ones when more fit.
    static func linearLevels(_ n: Int, low: Double, high: Double) -> [Double] {
        let span = high - low
        let inside = (low + span * 1e-6, high - span * 1e-6)
        let top = (log10(span)).rounded(.up)
        for exponent in stride(from: top, through: top - 30, by: -1) {
            for m in linearMantissas {
                let multiples = Ticks.multiples(of: m * pow(10, exponent), from: inside.0, to: inside.1)
                if multiples.count >= n {
                    let first = (multiples.count - n) / 2
                    return Array(multiples[first..<(first + n)])
                }
            }
        }
        return []
    }

    /// Round numbers per decade, sparse to dense: each gives levels evenly spaced on a log scale.
    enum Ladder {
        static let oneTwoFive = [1.0, 2, 5]
        static let all: [[Double]] = [[1], [1, 3], oneTwoFive, [1, 1.5, 2, 3, 5, 7], [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]]
    }

    /// The n highest values below `high` of the ladder whose lowest of them comes nearest
    /// (by ratio) to the floor; nil when no ladder has n values above `low`.
    static func geometricLevels(_ n: Int, low: Double, high: Double) -> [Double]? {
        let floor = floor(low, high)
        var best: (score: Double, levels: [Double])?
        for ladder in Ladder.all {
            let values = roundGeometric(ladder, above: max(low, floor / 1e6), below: high)
            guard values.count >= n else { continue }
            let levels = Array(values.suffix(n))
            let score = abs(log10(levels[0] / floor))
            if best == nil || score < best!.score { best = (score, levels) }
        }
        return best?.levels
    }

    /// The ladder's values times powers of ten in (low, high), at most 400 of them.
    static func roundGeometric(_ ladder: [Double], above low: Double, below high: Double) -> [Double] {
        guard low > 0, high > low, high.isFinite else { return [] }
        var values: [Double] = []
        var power = pow(10, (log10(low)).rounded(.down))
        while power < high, values.count < 400 {
            for m in ladder {
                let v = Ticks.clean(m * power, step: power / 10)
                if v > low, v < high { values.append(v) }
            }
            power *= 10
        }
        return values
    }
}
