import Foundation

/// Round numbers for axes and contour levels: steps of 1, 2, 2.5 or 5 times a power of ten.
enum Ticks {
    /// A round step that cuts `span` into about `count` pieces; a `whole` step is a whole
    /// number (for counts, like the steps of a descent) and never 2.5 times a power of ten.
    static func step(for span: Double, count: Int, whole: Bool = false) -> Double {
        guard span > 0, span.isFinite, count > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let mantissa = raw / magnitude
        // The round mantissa nearest to the raw one, measured by ratio.
        let best = (whole ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).min {
            abs(log($0 / mantissa)) < abs(log($1 / mantissa))
        }!
        return whole ? max(1, best * magnitude) : best * magnitude
    }

    /// `low...high` widened outward to multiples of `step`.
    static func widened(_ low: Double, _ high: Double, step: Double) -> (Double, Double) {
        let a = (low / step + 1e-9).rounded(.down) * step
        let b = (high / step - 1e-9).rounded(.up) * step
        return (clean(a, step: step), clean(b, step: step))
    }

    /// The multiples of `step` from `low` to `high`, ends included when they are multiples.
    static func multiples(of step: Double, from low: Double, to high: Double) -> [Double] {
        guard step > 0, low.isFinite, high.isFinite, high >= low else { return [] }
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        guard last >= first, last - first < 1000 else { return [] }
        return stride(from: first, through: last, by: 1).map { clean($0 * step, step: step) }
    }

    /// Ticks of a log scale, given in powers of ten (log10 of the values): at whole powers,
    /// every second or third when there are many, with 2 and 5 between them when there are
    /// few; `widen` first takes the range out to whole powers. Labels show the values.
    static func logarithmic(from low: Double, to high: Double, widen: Bool) -> (Double, Double, [Tick]) {
        let (a, b) = widen ? ((low + 1e-9).rounded(.down), (high - 1e-9).rounded(.up)) : (low, high)
        let every = max(1, Int(((b - a) / 6).rounded(.up)))
        var values: [Double] = []
        for power in stride(from: a.rounded(.down), through: b.rounded(.up), by: Double(every)) {
            values.append(power)
            if b - a <= 2 { values += [power + log10(2), power + log10(5)] }
        }
        let ticks = values.filter { $0 >= a - 1e-9 && $0 <= b + 1e-9 }.map { power in
            // 1e6 rather than 1000000, as Grad reads it.
            let whole = power == power.rounded() && abs(power) >= 4
            return Tick(value: power, label: whole ? "1e\(Int(power))" : short(pow(10, power)))
        }
        return (a, b, ticks)
    }

    static func ticks(from low: Double, to high: Double, step: Double) -> [Tick] {
        multiples(of: step, from: low, to: high).map { Tick(value: $0, label: label($0, step: step)) }
    }

    /// How many decimals a multiple of `step` needs: 0.25 needs 2, 0.5 needs 1, 5 needs 0;
    /// nil for a step too small to say so in 15 decimals.
    static func decimals(for step: Double) -> Int? {
        for digits in 0...15 {
            let scaled = step * pow(10, Double(digits))
            if scaled.rounded() != 0, abs(scaled - scaled.rounded()) < 1e-9 * abs(scaled) { return digits }
        }
        return nil
    }

    /// `value` without the floating-point dust of `k * step` (0.30000000000000004 → 0.3).
    static func clean(_ value: Double, step: Double) -> Double {
        guard let digits = decimals(for: step) else { return value }
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        return rounded == 0 ? 0 : rounded
    }

    static func label(_ value: Double, step: Double) -> String {
        decimals(for: step) == nil ? short(value) : NumberFormatting.display(clean(value, step: step))
    }

    /// A number as Grad prints it, cut to 4 significant digits for a label
    /// (a contour level the user gave, a range end).
    static func short(_ value: Double) -> String {
        guard value.isFinite, value != 0 else { return NumberFormatting.display(value) }
        if abs(value) < 1e-4 || abs(value) >= 1e15 {
            return NumberFormatting.display(Double(String(format: "%.3e", value)) ?? value)
        }
        let digits = 4 - Int((log10(abs(value))).rounded(.down)) - 1
        guard digits > 0 else { return NumberFormatting.display(value.rounded()) }
        let scale = pow(10, Double(min(digits, 12)))
        return NumberFormatting.display((value * scale).rounded() / scale)
    }
}
