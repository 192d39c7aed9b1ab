import Foundation
import XCTest
@testable import GradLang

/// `grad` against central differences, built-in by built-in: every built-in whose row of the
/// differentiation table is "rule" or "through" has probes, Grad functions that use it, and
/// each probe's gradient must match (f(p + h·eᵢ) - f(p - h·eᵢ)) / 2h, computed by running the
/// same function on plain numbers, at random points. The points come from a seeded
/// generator, so a failure reproduces.
final class DerivativePropertyTests: XCTestCase {
    static let pointsPerProbe = 20
    static let tolerance = 1e-6
    static let seed: UInt64 = 20261203

    /// Probes by built-in name. A built-in that `grad` differentiates and has no probe here
    /// fails `testEveryDifferentiableBuiltInHasAProbe`.
    fileprivate static let probes: [String: [Probe]] = [
        "sin": [Probe("(x, y) -> sin(x * y) + sin(x)^2 * y"),
                // recursion through a helper of two arguments
                Probe("(x, y) -> { r(k, t) = if k == 0 { t } else { sin(r(k - 1, t) * y) + t }; r(4, x) }")],
        "cos": [Probe("(x, y) -> cos(x - 2 * y) * x"),
                Probe("w -> { s = 0; for t in w { s = s + cos(t * s + 1) }; s }", dimension: 3)],
        "tan": [Probe("(x, y) -> tan(x * y / 2) * y", in: -1.5...1.5)],
        "asin": [Probe("(x, y) -> asin(x * y / 4) * x", in: -1.5...1.5)],
        "acos": [Probe("(x, y) -> acos((x - y) / 5) + y")],
        "atan": [Probe("(x, y) -> atan(x^2 - y) * y")],
        "sinh": [Probe("(x, y) -> sinh(x / 2 - y) * x")],
        "cosh": [Probe("(x, y) -> cosh(x * y / 2) - x")],
        "tanh": [Probe("(x, y) -> tanh(2 * x - y) + tanh(x * y)"),
                 // a while loop that feeds its value back
                 Probe("(x, y) -> { s = x; k = 0; while k < 5 { s = tanh(s * y) + x; k = k + 1 }; s }")],
        "exp": [Probe("(x, y) -> exp(x * y / 2) - exp(-x)"),
                // a closure returned by a helper, called twice
                Probe("(x, y) -> { make(a) = t -> exp(a * t); g = make(x / 2); g(y) + g(x) }")],
        "log": [Probe("(x, y) -> log(x^2 + y^2 + 0.5) + log(x + 3) * y"),
                // a matrix filled with m[i][j] = ...
                Probe("w -> { m = zeros(3, 3); for i in range(3) { for j in range(3) { m[i][j] = log(1 + (w[i] - w[j])^2) } }; "
                      + "s = 0; for row in m { s = s + dot(row, w) }; s }", dimension: 3)],
        "log2": [Probe("(x, y) -> log2(1 + x^2) * y")],
        "log10": [Probe("(x, y) -> log10(x + 2.5) * y^2")],
        "sqrt": [Probe("(x, y) -> sqrt(x^2 + y^2 + 1) + sqrt(x + 2.5)")],
        "abs": [Probe("(x, y) -> abs(x - y) * y + abs(x)^3") { p in [p[0] - p[1], p[0]] }],
        "sigmoid": [Probe("(x, y) -> sigmoid(x * y) * x")],
        "relu": [Probe("(x, y) -> relu(x - y / 2) * x + relu(y)") { p in [p[0] - p[1] / 2, p[1]] }],
        "atan2": [Probe("(x, y) -> atan2(y, x) * x") { p in [(p[0] * p[0] + p[1] * p[1]).squareRoot(), p[0] < 0 ? p[1] : 1] },
                  Probe("(x, y) -> atan2(x * y, 1 + x^2) + atan2(2, y)")],
        "min": [Probe("(x, y) -> min(x, y, x * y) * x") { p in gaps([p[0], p[1], p[0] * p[1]]) },
                Probe("w -> min(w) * sum(w)", dimension: 3) { w in gaps(w) }],
        "max": [Probe("(x, y) -> max(sin(x), y^2 - 1) + x") { p in [sin(p[0]) - (p[1] * p[1] - 1)] },
                Probe("w -> max(w * [1, -2, 0.5]) * w[0]", dimension: 3) { w in gaps([w[0], -2 * w[1], 0.5 * w[2]]) }],
        "sum": [Probe("w -> sum(w^2 * [1, 2, 3]) + sum(sin(w))", dimension: 3),
                Probe("(x, y) -> { s(k) = if k == 0 { 0 } else { s(k - 1) + sum([x, y]^k) / k }; s(4) }"),
                // v[i] = ... in a loop
                Probe("w -> { v = zeros(3); for i in range(3) { v[i] = w[i] * w[(i + 1) % 3] }; sum(v) }", dimension: 3)],
        "dot": [Probe("w -> dot(w, exp(w / 2))", dimension: 3),
                // a helper that captures a local vector
                Probe("(x, y) -> { u = [x, y, x * y]; f(v) = dot(u, v); f([y, 1, x]) + f(u) }")],
        "norm": [Probe("w -> norm(w)", dimension: 3) { w in [norm2(w)] },
                 Probe("w -> norm(w, 1) * w[0]", dimension: 3) { w in w },
                 Probe("w -> norm(w, 3)", dimension: 3) { w in w },
                 Probe("w -> norm(w, inf) * w[1]", dimension: 3) { w in gaps(w.map(abs)) + w },
                 // the order is differentiated too
                 Probe("(p, x, y) -> norm([x, y, x * y], p)", ranges: [1...4, -2...2, -2...2]) { p in [p[1], p[2], p[1] * p[2]] }],
        "range": [Probe("(x, y) -> sum(range(x, x + 3.5)^2) * y"),
                  // start, end and step are the point: the count, ceil((y - x) / z), stays fixed near it
                  Probe("(x, y, z) -> sum(sin(range(x, y, z)) * z)", ranges: [-2...(-1), 1...2, 0.5...1]) { p in
                      [fractionalDistance((p[1] - p[0]) / p[2])]
                  },
                  Probe("(x, y) -> { s = 0; for t in range(x, x + 3.5) { s = s + t * y^2 }; s }"),
                  Probe("(x, y) -> { s = 0; for t in x..x + 2.5 { s = s + sin(t * y) }; s }")],
        "linspace": [Probe("(x, y) -> sum(linspace(x, y, 5)^3)"),
                     Probe("(x, y) -> dot(linspace(x, 2 * y, 4), [1, -1, 2, x])")],
        "append": [Probe("w -> { v = []; for t in w { v = append(v, sin(t) + len(v) * t) }; dot(v, w) }", dimension: 3),
                   Probe("(x, y) -> sum(append([x], y * x)^2)")],
        "grad": [Probe("x -> grad(y -> x * y^2, [x])[0]", dimension: 1),
                 Probe("(x, y) -> grad(t -> x * t^2 + sin(t * y), y)"),
                 Probe("(x, y) -> grad(grad(t -> t^3 * x), y)"),
                 Probe("(x, y) -> { f(a, b) = a^2 * b^3 + x * sin(a * b); g = grad(p -> grad(f, p)[0], [x, y]); g[1] * y + g[0] }")],
        "partial": [Probe("(x, y) -> partial((a, b) -> a^2 * b * x, [y, x], 0)"),
                    Probe("(x, y) -> partial((a, b) -> sin(a * b) * y, [x * y, y], \"b\")")],
        "hessian": [Probe("(x, y) -> sum(hessian((a, b) -> a^3 * b + x * a * b^2, [x, y])[0])"),
                    Probe("(x, y) -> hessian(t -> x * t^4, y)")],
        "log1p": [Probe("(x, y) -> log1p(x^2 + y^2) * y + log1p(x / 4)")],
        "expm1": [Probe("(x, y) -> expm1(x * y / 2) - expm1(x)")],
        "hypot": [Probe("(x, y) -> hypot(x, y) * x + hypot(2 * y, 1)") { p in [norm2(p)] }],
        // a lambda handed to a built-in
        "map": [Probe("w -> sum(map(t -> sin(t) * t, w)) * w[0]", dimension: 3)],
        "sort": [Probe("w -> dot(sort(w), [1, 2, 3])", dimension: 3) { w in gaps(w) }],
        "reverse": [Probe("w -> dot(reverse(w), [1, 2, 3]) * w[0]", dimension: 3)],
        "jacobian": [Probe("(x, y) -> jacobian(t -> [t[0] * t[1] * x, sin(t[1])], [x, y])[0][1]"),
                     Probe("(x, y) -> sum(jacobian(w -> sin(w) * y, [x, y, 1])[1])")],
        "descend": [Probe("x -> descend(w -> (w[0] - x)^2, [0], steps: 10)[0]", dimension: 1),
                    Probe("(x, y) -> descend(w -> (w - x)^2 + w^4 / 4, y, lr: 0.05, steps: 20)"),
                    // the learning rate is differentiated too
                    Probe("(x, y) -> descend(w -> (w[0] - 1)^2 * x + w[0]^4 / 8, [0], lr: y, steps: 5)[0]",
                          ranges: [0.5...1.5, 0.05...0.3]),
                    // a helper loss that captures both coordinates, evaluated at the result
                    Probe("(x, y) -> { loss(w) = (w[0] - x)^2 + 2 * (w[1] - y)^2 + w[0] * w[1] / 4; "
                          + "w = descend(loss, [0, 0], lr: 0.125, steps: 8); loss(w) + w[0] }")],
    ]

    func testEveryDifferentiableBuiltInHasAProbe() {
        let differentiable = Library.builtins.filter { [.rule, .through].contains($0.differentiation.kind) }.map(\.name)
        for name in differentiable where Self.probes[name, default: []].isEmpty {
            XCTFail("\(name) is differentiable (its row of the differentiation table) but has no probe in "
                    + "DerivativePropertyTests.probes")
        }
        for name in Self.probes.keys where !differentiable.contains(name) {
            XCTFail("DerivativePropertyTests.probes has probes for \(name), which is not a differentiable built-in")
        }
    }

    func testGradientsAgreeWithCentralDifferences() {
        var random = SplitMix64(seed: Self.seed)
        for name in Self.probes.keys.sorted() {
            for probe in Self.probes[name]! {
                check(probe, of: name, &random)
            }
        }
    }

    /// hessian itself: row i is the central difference of the gradient along coordinate i.
    func testHessiansAgreeWithCentralDifferencesOfTheGradient() throws {
        let functions = [
            Probe("(x, y) -> exp(x * y / 2) + x^3 * sin(y)"),
            Probe("w -> { s = 0; for i in range(2) { s = s + (w[i + 1] - w[i]^2)^2 + tanh(w[i] * w[i + 1]) }; s }", dimension: 3),
        ]
        var random = SplitMix64(seed: Self.seed)
        for probe in functions {
            let interpreter = Interpreter()
            try interpreter.run("f = \(probe.source)")
            for _ in 0..<Self.pointsPerProbe {
                let p = probe.randomPoint(&random)
                let rows = try interpreter.run("hessian(f, \(literal(p)))")
                for i in p.indices {
                    let exact = numbers(rows.vectorElements![i])
                    let numeric = try centralDifference(along: i, at: p) { q in numbers(try interpreter.run("grad(f, \(literal(q)))")) }
                    assertClose(exact, numeric, "row \(i) of hessian(\(probe.source), \(literal(p)))")
                }
            }
        }
    }

    /// jacobian itself: column j is the central difference of the outputs along coordinate j.
    func testJacobiansAgreeWithCentralDifferences() throws {
        let functions = [
            Probe("(x, y) -> [x * y, sin(x) * exp(y / 2), x^2 - y^3]"),
            Probe("w -> { v = []; for i in range(3) { v = append(v, w[i] * w[(i + 1) % 3] + cos(w[i])) }; v }", dimension: 3),
        ]
        var random = SplitMix64(seed: Self.seed)
        for probe in functions {
            let interpreter = Interpreter()
            try interpreter.run("f = \(probe.source)")
            for _ in 0..<Self.pointsPerProbe {
                let p = probe.randomPoint(&random)
                let rows = try interpreter.run("jacobian(f, \(literal(p)))").vectorElements!.map(numbers)
                for j in p.indices {
                    let numeric = try centralDifference(along: j, at: p) { q in numbers(try interpreter.run(probe.call(q))) }
                    assertClose(rows.map { $0[j] }, numeric, "column \(j) of jacobian(\(probe.source), \(literal(p)))")
                }
            }
        }
    }

    // MARK: - Checking one probe

    private func check(_ probe: Probe, of builtin: String, _ random: inout SplitMix64) {
        let interpreter = Interpreter()
        do {
            try interpreter.run("f = \(probe.source)")
            for _ in 0..<Self.pointsPerProbe {
                let p = probe.randomPoint(&random)
                let exact = numbers(try interpreter.run("grad(f, \(literal(p)))"))
                let numeric = try p.indices.map { i in
                    try centralDifference(along: i, at: p) { q in numbers(try interpreter.run(probe.call(q))) }[0]
                }
                if !assertClose(exact, numeric, "\(builtin): grad(\(probe.source), \(literal(p)))") { return }
            }
        } catch {
            XCTFail("\(builtin): \(probe.source) failed: \(error)")
        }
    }

    /// (g(p + h·eᵢ) - g(p - h·eᵢ)) / 2h for each number g returns, with h = 1e-5 scaled to pᵢ:
    /// small enough that the h² error term stays far below the tolerance, large enough that
    /// rounding in g (relative 1e-16, divided by h) does too.
    private func centralDifference(along i: Int, at p: [Double], _ g: ([Double]) throws -> [Double]) throws -> [Double] {
        let h = 1e-5 * max(1, abs(p[i]))
        var plus = p, minus = p
        plus[i] += h
        minus[i] -= h
        let width = plus[i] - minus[i]       // the step actually taken, after rounding
        return zip(try g(plus), try g(minus)).map { ($0 - $1) / width }
    }

    @discardableResult
    private func assertClose(_ exact: [Double], _ numeric: [Double], _ what: String,
                             file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard exact.count == numeric.count,
              zip(exact, numeric).allSatisfy({ close($0, $1, tolerance: Self.tolerance) }) else {
            XCTFail("\(what): exact \(exact), central difference \(numeric)", file: file, line: line)
            return false
        }
        return true
    }
}

/// A Grad function to differentiate, where to draw its points, and how far a point is from
/// the function's kinks, domain edges and count changes (a point closer than `margin` to
/// one of them is drawn again).
fileprivate struct Probe {
    static let margin = 0.05

    let source: String
    let ranges: [ClosedRange<Double>]
    let distances: ([Double]) -> [Double]

    /// A function of `(x, y, ...)` gets one range per parameter; a function of one vector
    /// (`w -> ...`) gets `dimension` coordinates, all drawn from `range`.
    init(_ source: String, dimension: Int? = nil, in range: ClosedRange<Double> = -2...2,
         distances: @escaping ([Double]) -> [Double] = { _ in [] }) {
        let count = dimension ?? Probe.parameterCount(source)
        self.init(source, ranges: Array(repeating: range, count: count), distances: distances)
    }

    init(_ source: String, ranges: [ClosedRange<Double>], distances: @escaping ([Double]) -> [Double] = { _ in [] }) {
        self.source = source
        self.ranges = ranges
        self.distances = distances
    }

    private static func parameterCount(_ source: String) -> Int {
        guard source.hasPrefix("("), let end = source.firstIndex(of: ")") else { return 1 }
        return source[..<end].split(separator: ",").count
    }

    func randomPoint(_ random: inout SplitMix64) -> [Double] {
        for _ in 0..<1000 {
            let p = ranges.map { random.uniform(in: $0) }
            if distances(p).allSatisfy({ abs($0) >= Probe.margin }) { return p }
        }
        preconditionFailure("\(source): no point away from its kinks in 1000 draws")
    }

    /// The call of `f` at `p` on plain numbers: f(x, y) for several parameters, f(x) for a
    /// point of one coordinate, f([a, b, c]) for a function of one vector.
    func call(_ p: [Double]) -> String {
        if source.hasPrefix("(") || p.count == 1 {
            return "f(" + p.map { "\($0)" }.joined(separator: ", ") + ")"
        }
        return "f(\(literal(p)))"
    }
}

extension SplitMix64 {
    /// A uniform double in `range` from the top 53 bits (not the standard library's
    /// `Double.random(in:using:)`, whose way of drawing may change).
    mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(next() >> 11) * 0x1p-53
    }
}

/// `[a, b, c]`, each number written so that it reads back exactly.
private func literal(_ p: [Double]) -> String {
    "[" + p.map { "\($0)" }.joined(separator: ", ") + "]"
}

/// The differences between every two of `values` (ties of min and max are kinks).
private func gaps(_ values: [Double]) -> [Double] {
    values.indices.flatMap { i in values.indices.filter { $0 > i }.map { values[i] - values[$0] } }
}

private func norm2(_ v: [Double]) -> Double {
    v.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

/// How far x is from the nearest whole number (where a count such as ceil(x) changes).
private func fractionalDistance(_ x: Double) -> Double {
    abs(x - x.rounded())
}

private extension Value {
    var vectorElements: [Value]? {
        if case .vector(let elements) = self { return elements }
        return nil
    }
}
