import Foundation

/// A derivative written out, for reading: what `grad(f)` and `partial(f, "x")` show when
/// f's body is one expression. It is a small algebra of its own, simplified as a person
/// would (no `*1`, `+0`, `x^1`; numbers folded; like terms and like factors combined), and
/// printed in Grad syntax that reads back. The numbers `grad` returns never come from
/// here: they come from automatic differentiation; a test keeps the two in agreement.
indirect enum Formula: Equatable {
    case number(Double)
    /// A parameter, or a name the body reads from outside (a constant to the derivative).
    case name(String)
    case sum([Formula])
    case product([Formula])
    case quotient(Formula, Formula)
    case power(Formula, Formula)
    case negative(Formula)
    /// A built-in function of one number: `sin(x)`.
    case call(String, Formula)

    /// Formulas past this many nodes are not worth reading; `grad` says what it is instead.
    static let largest = 400

    var size: Int {
        switch self {
        case .number, .name: return 1
        case .sum(let terms), .product(let terms): return terms.reduce(1) { $0 + $1.size }
        case .quotient(let a, let b), .power(let a, let b): return 1 + a.size + b.size
        case .negative(let a), .call(_, let a): return 1 + a.size
        }
    }

    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    /// Whether it mentions `name`: if not, it is a constant to d/d`name`.
    func mentions(_ name: String) -> Bool {
        switch self {
        case .number: return false
        case .name(let n): return n == name
        case .sum(let terms), .product(let terms): return terms.contains { $0.mentions(name) }
        case .quotient(let a, let b), .power(let a, let b): return a.mentions(name) || b.mentions(name)
        case .negative(let a), .call(_, let a): return a.mentions(name)
        }
    }
}

// MARK: - Building, simplified as it goes

extension Formula {
    static func + (a: Formula, b: Formula) -> Formula { sum([a, b]).simplified }
    static func - (a: Formula, b: Formula) -> Formula { sum([a, negative(b).simplified]).simplified }
    static func * (a: Formula, b: Formula) -> Formula { product([a, b]).simplified }
    static func / (a: Formula, b: Formula) -> Formula { quotient(a, b).simplified }
    static prefix func - (a: Formula) -> Formula { negative(a).simplified }
    /// a^b (a function, not Swift's `^`, which binds like `+`).
    static func raised(_ a: Formula, to b: Formula) -> Formula { power(a, b).simplified }

    /// One step of simplification at the top, the parts being simplified already.
    var simplified: Formula {
        switch self {
        case .number, .name, .call:
            return self
        case .negative(let a):
            switch a {
            case .number(let x): return .number(-x)
            case .negative(let inner): return inner
            case .product(let factors) where factors.first?.isNumber == true:
                return Formula.product(factors).scaled(by: -1)
            default: return self
            }
        case .sum(let terms):
            return Formula.collect(terms)
        case .product(let factors):
            return Formula.multiply(factors)
        case .quotient(let a, let b):
            if case .number(0) = a { return .number(0) }
            // By a number whose reciprocal is exact (1, 2, 0.5, 4...): a product, to fold.
            if case .number(let y) = b, y != 0, (1 / y) * y == 1, (1 / y).significandBitPattern == 0 {
                return Formula.multiply([.number(1 / y), a])
            }
            if a == b { return .number(1) }
            return self
        case .power(let base, let exponent):
            if case .number(1) = exponent { return base }
            if case .number(0) = exponent { return .number(1) }
            if case .number(let x) = base, case .number(let y) = exponent, y == y.rounded(), abs(y) <= 8 {
                return .number(Foundation.pow(x, y))
            }
            if case .power(let inner, .number(let m)) = base, case .number(let n) = exponent, n == n.rounded(),
               m == m.rounded() {
                return .power(inner, .number(m * n))
            }
            return self
        }
    }

    /// A product with its number first, times `k`.
    private func scaled(by k: Double) -> Formula {
        guard case .product(var factors) = self, case .number(let c) = factors.first else { return Formula.multiply([.number(k), self]) }
        factors[0] = .number(c * k)
        return Formula.multiply(factors)
    }

    /// Terms flattened, numbers added, like terms (equal but for a number factor) combined.
    private static func collect(_ terms: [Formula]) -> Formula {
        var constant = 0.0
        var collected: [(coefficient: Double, rest: Formula)] = []
        func add(_ term: Formula, times sign: Double) {
            switch term {
            case .sum(let inner): inner.forEach { add($0, times: sign) }
            case .negative(let inner): add(inner, times: -sign)
            case .number(let x): constant += sign * x
            default:
                let (c, rest) = term.coefficientAndRest
                if let i = collected.firstIndex(where: { $0.rest == rest }) {
                    collected[i].coefficient += sign * c
                } else {
                    collected.append((sign * c, rest))
                }
            }
        }
        terms.forEach { add($0, times: 1) }
        var result: [Formula] = collected.filter { $0.coefficient != 0 }.map { c, rest in
            c == 1 ? rest : c == -1 ? .negative(rest) : multiply([.number(c), rest])
        }
        if constant != 0 || result.isEmpty { result.append(.number(constant)) }
        return result.count == 1 ? result[0] : .sum(result)
    }

    /// `3*x*y` as (3, x*y); `x` as (1, x).
    private var coefficientAndRest: (Double, Formula) {
        guard case .product(let factors) = self, case .number(let c) = factors.first else { return (1, self) }
        let rest = Array(factors.dropFirst())
        return (c, rest.count == 1 ? rest[0] : .product(rest))
    }

    /// Factors flattened, numbers multiplied and put first, equal factors made powers.
    private static func multiply(_ factors: [Formula]) -> Formula {
        var constant = 1.0
        var collected: [(base: Formula, exponent: Double)] = []
        var others: [Formula] = []
        func add(_ factor: Formula) {
            switch factor {
            case .product(let inner): inner.forEach(add)
            case .number(let x): constant *= x
            case .negative(let inner):
                constant = -constant
                add(inner)
            case .power(let base, .number(let n)):
                gather(base, n)
            case .quotient(let numerator, let denominator):
                let (c, rest) = numerator.coefficientAndRest
                constant *= c
                others.append(.quotient(rest, denominator))
            case .power, .sum:
                others.append(factor)
            default:
                gather(factor, 1)
            }
        }
        func gather(_ base: Formula, _ n: Double) {
            if let i = collected.firstIndex(where: { $0.base == base }) {
                collected[i].exponent += n
            } else {
                collected.append((base, n))
            }
        }
        factors.forEach(add)
        if constant == 0 { return .number(0) }
        var result: [Formula] = collected.filter { $0.exponent != 0 }.map { base, n in
            n == 1 ? base : .power(base, .number(n))
        } + others
        if result.isEmpty { return .number(constant) }
        if constant == -1 { return .negative(result.count == 1 ? result[0] : .product(result)) }
        if constant != 1 { result.insert(.number(constant), at: 0) }
        return result.count == 1 ? result[0] : .product(result)
    }
}

// MARK: - Printing, as Grad reads it back

extension Formula {
    /// How tightly it binds, as in grammar.md §3: a part binding less tightly than its
    /// place needs is put in parentheses.
    private var precedence: Int {
        switch self {
        case .sum: return 1
        case .product, .quotient: return 2
        case .negative: return 3
        case .power: return 4
        case .number(let x): return x < 0 ? 3 : 5
        case .name, .call: return 5
        }
    }

    var text: String {
        switch self {
        case .number(let x): return NumberFormatting.display(x)
        case .name(let name): return name
        case .call(let f, let a): return "\(f)(\(a.text))"
        case .negative(let a): return "-" + a.wrapped(below: 3)
        case .sum(let terms):
            var out = terms[0].text
            for term in terms.dropFirst() {
                if case .negative(let inner) = term {
                    out += " - " + inner.wrapped(below: 2)
                } else if case .number(let x) = term, x < 0 {
                    out += " - " + NumberFormatting.display(-x)
                } else if case .product(let factors) = term, case .number(let c) = factors[0], c < 0 {
                    out += " - " + Formula.product([.number(-c)] + factors.dropFirst()).simplified.wrapped(below: 2)
                } else {
                    out += " + " + term.text
                }
            }
            return out
        case .product(let factors):
            return factors.enumerated().map { i, f in
                // A later factor that starts with a minus would read as a subtraction: bracket it.
                let text = f.wrapped(below: 2)
                return i > 0 && text.hasPrefix("-") ? "(\(text))" : text
            }.joined(separator: "*")
        case .quotient(let a, let b):
            return a.wrapped(below: 2) + "/" + b.wrapped(below: 3)
        case .power(let a, let b):
            // ^ groups to the right: a^b^c is a^(b^c), so a power on the left needs brackets.
            return a.wrapped(below: 5) + "^" + b.wrapped(below: 4)
        }
    }

    private func wrapped(below level: Int) -> String {
        precedence < level ? "(\(text))" : text
    }
}
