import Foundation

/// `gradcheck(f, p)`: the exact gradient beside the lesson's central difference for h from
/// 1e-1 down to 1e-12, with the error of each. It shows the textbook trade-off: the
/// difference's truncation error shrinks with h (like h²) until rounding error (like ε/h)
/// grows past it, so the best h lies in between.
enum GradCheck {
    static let steps: [Double] = (1...12).map { Foundation.pow(10, -Double($0)) }

    static let builtin = Builtin("gradcheck", arguments: 2...2, takesFunction: true,
                                 options: ["plot"] + PlotLibrary.commonOptions,
                                 signature: "gradcheck(f, p), gradcheck(f, p, plot: true)",
                                 summary: "Prints the exact gradient of f at p beside the central difference "
                                     + "(f(x+h) - f(x-h)) / 2h for h = 1e-1 down to 1e-12, with the relative error "
                                     + "of each and the best h marked: the error falls with h until rounding takes "
                                     + "over. plot: true (or file: \"name.svg\") draws the error against h on "
                                     + "log-log axes.",
                                 example: "gradcheck((x, y) -> sin(x) * exp(y), [1, 0.5])",
                                 differentiation: .noNumber) { call in
        let f = try call.function(0, "f")
        let differentiator = Differentiator(caller: "gradcheck", context: call.context, range: call.range)
        let (point, _) = try CalculusLibrary.point(call[1], differentiator)
        let exact = try differentiator.gradient(f, at: point).map { $0.number! }
        let rows = try steps.map { h in
            let difference = try differentiator.numericGradient(f, at: point, h: h).map { $0.number! }
            return Row(h: h, difference: difference, error: relativeError(difference, exact))
        }
        try call.context.write(table(rows, exact: exact, f: f, point: point))
        if try call.boolOption("plot", default: false) || call.option("file") != nil {
            try draw(rows, call)
        }
        return .none
    }

    struct Row {
        let h: Double
        let difference: [Double]
        let error: Double
    }

    /// ‖difference − exact‖ / ‖exact‖, or the absolute error where the gradient is 0.
    static func relativeError(_ difference: [Double], _ exact: [Double]) -> Double {
        let size = length(exact)
        let error = length(zip(difference, exact).map { $0 - $1 })
        return size == 0 ? error : error / size
    }

    private static func length(_ v: [Double]) -> Double { Norm.euclidean(v) }

    /// The row with the smallest finite error, if any.
    static func best(_ rows: [Row]) -> Int? {
        rows.indices.filter { rows[$0].error.isFinite }.min { rows[$0].error < rows[$1].error }
    }

    private static func table(_ rows: [Row], exact: [Double], f: Callable, point: [Value]) -> String {
        let name = PointCall.name(of: f)
        var lines = ["gradcheck of \(name) at \(Value.vector(point))",
                     "exact gradient (automatic differentiation): \(shown(exact))",
                     "    h  central difference" + String(repeating: " ", count: 30) + "relative error"]
        let bestRow = best(rows)
        for (i, row) in rows.enumerated() {
            let difference = shown(row.difference).padding(toLength: 46, withPad: " ", startingAt: 0)
            let error = String(format: "%.1e", row.error)
            lines.append(String(format: "%.0e", row.h) + "  " + difference + " " + error
                         + (i == bestRow ? "  <- best" : ""))
        }
        if let bestRow {
            lines.append("the error falls with h (truncation, like h^2) until rounding (like 1e-16/h) takes over; "
                         + "best here: h = " + String(format: "%.0e", rows[bestRow].h))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A gradient as Grad shows a vector, its first three coordinates at most.
    private static func shown(_ v: [Double]) -> String {
        let parts = v.prefix(3).map { NumberFormatting.display($0) } + (v.count > 3 ? ["..."] : [])
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// The V: error against h, both on log scales. An error of exactly 0 has no place there.
    private static func draw(_ rows: [Row], _ call: BuiltinCall) throws {
        let series = Series(name: "relative error", points: rows.map { Point($0.h, $0.error) }, style: .both)
        var chart = LinePlot(series: [series], fail: call.fail)
        chart.logX = true
        chart.logY = true
        chart.legend = false
        chart.xName = "h"
        chart.yName = "relative error"
        chart.title = try call.stringOption("title", default: "gradcheck: central difference against exact")
        try PlotLibrary.Output(call).show(try chart.scene(), call)
    }
}
