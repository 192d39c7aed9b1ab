import Foundation

/// A format spec that cannot be parsed, or a value that the spec cannot format; interpolation
/// reports its `diagnostic` at the `{...}`.
struct FormatSpecError: Error, Equatable {
    let diagnostic: Diagnostic
    var message: String { diagnostic.message }
}

/// How Grad turns numbers (and, for `format`, text) into strings.
///
/// `display` is the form the REPL and `print` use. The two `format` functions
/// implement Python's format-spec mini-language
/// (`[[fill]align][sign][z][#][0][width][,|_][.precision][type]`) and aim to
/// produce exactly what CPython 3.11's `format()` produces, with these
/// deliberate differences:
///
/// * No type and no precision uses `display` instead of Python's `repr`, so
///   `format(4, "")` is `"4"` (Python: `"4.0"`) and `'#'` has no effect there.
/// * `d` and `n` accept a whole-valued Double (Python only accepts ints there)
///   and print it exactly, even beyond Int64; a non-whole value is an error.
///   `n` is `d` without locale (Python formats floats with `n` like `g`).
/// * Width and precision are capped at `maxWidthOrPrecision`.
/// * Text width and precision count Characters (grapheme clusters), not code points.
enum NumberFormatting {

    /// Widths and precisions above this are rejected, so a typo such as
    /// `.1000000f` cannot ask for a gigantic string.
    static let maxWidthOrPrecision = 10_000

    // MARK: - Display

    /// Grad's display form of a number: Swift's shortest round-trip
    /// `description`, minus a trailing ".0" so whole numbers print as integers.
    ///
    ///     4.0 -> "4"        0.1 -> "0.1"        0.1 + 0.2 -> "0.30000000000000004"
    ///     2.5 -> "2.5"      1e-7 -> "1e-07"     1e21 -> "1e+21"
    ///     inf -> "inf"      -inf -> "-inf"      any NaN -> "nan"
    ///
    /// Swift already switches to exponent form above 2^53 and below 1e-4, so
    /// every whole number printed without an exponent is exact.
    ///
    /// Negative zero prints as "0": `[-0, -0]` confused students (Python prints
    /// "-0.0"), and -0 equals 0. Its sign still shows where it matters: `1 / -0` is
    /// -inf. A format spec keeps Python's rules (`{x:.1f}` of -0 is "-0.0", `z` drops it).
    static func display(_ x: Double) -> String {
        // Swift may spell some NaN payloads "-nan" or "snan"; Grad has one NaN.
        if x.isNaN { return "nan" }
        if x == 0 { return "0" }
        let text = x.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    // MARK: - format (numbers)

    /// Python's format-spec mini-language applied to a number, e.g.
    /// `format(3.14159, spec: ".2f") == "3.14"`, `format(1234567, spec: ",") == "1,234,567"`.
    static func format(_ x: Double, spec: String) throws -> String {
        let parsed = try Spec(parsing: spec, defaultAlign: ">")
        try parsed.validateForNumber()

        // Python never prints a sign for NaN, whatever its sign bit, and 'd'
        // formats int(x), which has no negative zero.
        var negative = x.sign == .minus && !x.isNaN && !(x == 0 && parsed.isWholeNumberType)
        let body = try unsignedText(x, spec: parsed)
        if parsed.coerceNegativeZero && negative && isZero(body) {
            negative = false
        }
        let sign: String
        if negative {
            sign = "-"
        } else if parsed.sign == "+" || parsed.sign == " " {
            sign = String(parsed.sign!)
        } else {
            sign = ""
        }
        return layOut(sign: sign, body: body, spec: parsed, isFinite: x.isFinite)
    }

    /// The fewest characters `spec` gives any value: its width, at least 1 (an invalid
    /// spec is reported when it is used).
    static func minimumLength(_ spec: String) -> Int {
        max(1, (try? Spec(parsing: spec, defaultAlign: ">"))?.width ?? 0)
    }

    // MARK: - format (text)

    /// The mini-language for text: fill, align (default left), width, and
    /// precision as truncation; type must be `s` or absent.
    static func format(text: String, spec: String) throws -> String {
        let parsed = try Spec(parsing: spec, defaultAlign: "<")
        try parsed.validateForText()
        var content = text
        if let precision = parsed.precision {
            content = String(content.prefix(precision))
        }
        return pad(sign: "", content: content, spec: parsed)
    }

    // MARK: - Digits of the magnitude

    /// The text of `abs(x)` for the spec's type, before sign, grouping and
    /// padding: "3.14", "1.000e+05", "12.50%", "inf".
    private static func unsignedText(_ x: Double, spec: Spec) throws -> String {
        let magnitude = abs(x)
        let alternate = spec.alternate
        let type = spec.type

        if spec.isWholeNumberType {
            guard x.isFinite, x == x.rounded(.towardZero) else {
                throw FormatSpecError(diagnostic: .formatNeedsWholeNumber(type: type!, got: x))
            }
            // "%.0f" prints the exact integer, even far beyond Int64.
            return cFormat("%.0f", magnitude)
        }

        var text: String
        if !magnitude.isFinite {
            text = magnitude.isNaN ? "nan" : "inf"
            if type == "%" { text += "%" }
        } else {
            switch type {
            case nil:
                if let precision = spec.precision {
                    text = general(magnitude, precision: precision, alternate: alternate, pythonRepr: true)
                } else {
                    text = display(magnitude)
                }
            case "f", "F":
                text = fixed(magnitude, precision: spec.precision ?? 6, alternate: alternate)
            case "e", "E":
                text = scientific(magnitude, precision: spec.precision ?? 6, alternate: alternate)
            case "g", "G":
                text = general(magnitude, precision: spec.precision ?? 6, alternate: alternate, pythonRepr: false)
            case "%":
                // Like Python: scale in floating point, then format as 'f'.
                text = fixed(magnitude * 100, precision: spec.precision ?? 6, alternate: alternate) + "%"
            default:
                preconditionFailure("type validated by Spec")
            }
        }
        // F, E and G are the upper-case versions: "INF", "NAN", "1.5E+10".
        if let type, "FEG".contains(type) { text = text.uppercased() }
        return text
    }

    /// Fixed point with `precision` decimals, correctly rounded (glibc/Darwin
    /// printf rounds exactly, ties to even, which matches CPython's dtoa).
    private static func fixed(_ x: Double, precision: Int, alternate: Bool) -> String {
        cFormat(alternate ? "%#.\(precision)f" : "%.\(precision)f", x)
    }

    /// Scientific with `precision` decimals and at least two exponent digits,
    /// as both C and Python print it: "1.000e+05".
    private static func scientific(_ x: Double, precision: Int, alternate: Bool) -> String {
        cFormat(alternate ? "%#.\(precision)e" : "%.\(precision)e", x)
    }

    /// Python's 'g' (and, with `pythonRepr`, the no-type-with-precision form).
    ///
    /// Round to `precision` significant digits; let `exp` be the resulting
    /// decimal exponent. Use scientific form if exp < -4 or exp >= precision,
    /// otherwise fixed. Then drop trailing zeros unless '#'.
    ///
    /// With no type, CPython switches to scientific one step earlier
    /// (exp >= precision - 1) and always keeps a digit after the point in fixed
    /// form: format(100.0, ".3") == "1e+02", format(100.0, ".4") == "100.0".
    private static func general(_ x: Double, precision: Int, alternate: Bool, pythonRepr: Bool) -> String {
        let digits = max(precision, 1)   // precision 0 means 1, as in C and Python
        let rounded = scientific(x, precision: digits - 1, alternate: alternate)
        let exponent = Int(rounded[rounded.index(after: rounded.firstIndex(of: "e")!)...])!
        let limit = pythonRepr ? digits - 1 : digits

        if exponent < -4 || exponent >= limit {
            return alternate ? rounded : trimmingFractionZeros(rounded)
        }
        var text = fixed(x, precision: digits - 1 - exponent, alternate: alternate)
        if !alternate { text = trimmingFractionZeros(text) }
        if pythonRepr && !text.contains(".") { text += ".0" }
        return text
    }

    /// "1.500" -> "1.5", "2.000" -> "2", "1.500e+05" -> "1.5e+05", "100" -> "100".
    private static func trimmingFractionZeros(_ text: String) -> String {
        let exponentStart = text.firstIndex(of: "e") ?? text.endIndex
        var mantissa = text[..<exponentStart]
        guard mantissa.contains(".") else { return text }
        while mantissa.last == "0" { mantissa.removeLast() }
        if mantissa.last == "." { mantissa.removeLast() }
        return String(mantissa + text[exponentStart...])
    }

    /// True if the formatted magnitude shows no non-zero digit, i.e. the value
    /// rounded to zero ("0.00", "0e+00"); used by the 'z' option.
    private static func isZero(_ body: String) -> Bool {
        let mantissa = body.prefix { $0 != "e" && $0 != "E" }
        return mantissa.contains("0") && mantissa.allSatisfy { $0 == "0" || $0 == "." || $0 == "%" }
    }

    /// C printf formatting of one Double. Note: printf follows LC_NUMERIC, so
    /// this assumes the process keeps the default "C" numeric locale (Swift
    /// programs do unless they call setlocale(LC_NUMERIC/LC_ALL, "")).
    private static func cFormat(_ format: String, _ x: Double) -> String {
        String(format: format, x)
    }

    // MARK: - Grouping and padding

    /// Adds the sign, thousands separators and padding around the unsigned body.
    private static func layOut(sign: String, body: String, spec: Spec, isFinite: Bool) -> String {
        // Only the leading run of digits is grouped: "1234567.5" -> "1,234,567" + ".5".
        var digits = String(body.prefix { $0.isASCII && $0.isNumber })
        let rest = body.dropFirst(digits.count)

        if let separator = spec.grouping {
            if isFinite && spec.fill == "0" && spec.align == "=" {
                // Zero padding becomes part of the number and is grouped too:
                // format(1234.0, "012,.1f") == "00,001,234.0".
                let room = (spec.width ?? 0) - sign.count - rest.count
                digits = zeroPaddedGroups(digits, separator: separator, minWidth: room)
            } else {
                digits = grouped(digits, separator: separator)
            }
        }
        return pad(sign: sign, content: digits + rest, spec: spec)
    }

    /// "1234567" -> "1,234,567".
    private static func grouped(_ digits: String, separator: Character) -> String {
        var out: [Character] = []
        for (i, digit) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(separator) }
            out.append(digit)
        }
        return String(out.reversed())
    }

    /// Pads `digits` with leading zeros and groups them so the result is at
    /// least `minWidth` long. A group never starts with a separator, so it may
    /// overshoot by one: width 8 for 1234 gives "0,001,234" (as in CPython).
    private static func zeroPaddedGroups(_ digits: String, separator: Character, minWidth: Int) -> String {
        var count = digits.count
        while count + (count - 1) / 3 < minWidth { count += 1 }
        let zeros = String(repeating: "0", count: count - digits.count)
        return grouped(zeros + digits, separator: separator)
    }

    /// Pads `sign + content` to the spec's width with its fill and alignment.
    private static func pad(sign: String, content: String, spec: Spec) -> String {
        let missing = max(0, (spec.width ?? 0) - sign.count - content.count)
        func fill(_ n: Int) -> String { String(repeating: String(spec.fill), count: n) }
        switch spec.align {
        case "<": return sign + content + fill(missing)
        case "^": return fill(missing / 2) + sign + content + fill(missing - missing / 2)
        case "=": return sign + fill(missing) + content
        default: return fill(missing) + sign + content
        }
    }
}

// MARK: - Spec parsing

extension NumberFormatting {

    /// A parsed format spec: `[[fill]align][sign][z][#][0][width][,|_][.precision][type]`.
    /// Parsing follows CPython's `parse_internal_render_format_spec`.
    fileprivate struct Spec {
        var fill: Character = " "
        /// '<', '>', '^' or '='; already resolved to the caller's default when absent.
        var align: Character
        /// '+', '-', ' ' or nil.
        var sign: Character?
        /// 'z': print a value that rounds to zero without a minus sign.
        var coerceNegativeZero = false
        /// '#': keep the decimal point (and, for 'g', trailing zeros).
        var alternate = false
        var width: Int?
        /// ',' or '_'.
        var grouping: Character?
        var precision: Int?
        var type: Character?

        private let source: String

        private static let alignments: Set<Character> = ["<", ">", "^", "="]
        static let numberTypes: Set<Character> = ["f", "F", "e", "E", "g", "G", "%", "d", "n"]

        init(parsing spec: String, defaultAlign: Character) throws {
            source = spec
            var scanner = Scanner(Array(spec))

            var explicitAlign: Character?
            var fillGiven = false
            if let second = scanner.peek(1), Self.alignments.contains(second) {
                fill = scanner.next()!
                explicitAlign = scanner.next()!
                fillGiven = true
            } else if let first = scanner.peek(), Self.alignments.contains(first) {
                explicitAlign = scanner.next()!
            }

            if let c = scanner.peek(), c == "+" || c == "-" || c == " " {
                sign = scanner.next()
            }
            coerceNegativeZero = scanner.skip("z")
            alternate = scanner.skip("#")

            // A '0' before the width means "pad with zeros after the sign", unless a
            // fill was given (then the '0' is just part of the width). For text the
            // default stays left alignment, as in Python 3.10+.
            var resolvedAlign = explicitAlign ?? defaultAlign
            if !fillGiven && scanner.skip("0") {
                fill = "0"
                if explicitAlign == nil && defaultAlign == ">" { resolvedAlign = "=" }
            }
            align = resolvedAlign

            width = try scanner.integer().map { try Self.checked($0, "width", spec) }

            if scanner.skip(",") { grouping = "," }
            if scanner.skip("_") {
                if grouping != nil { throw Self.error(spec, "cannot use both ',' and '_'") }
                grouping = "_"
            }
            if grouping == "_" && scanner.peek() == "," {
                throw Self.error(spec, "cannot use both ',' and '_'")
            }

            if scanner.skip(".") {
                guard let digits = scanner.integer() else {
                    throw Self.error(spec, "missing precision after '.'")
                }
                precision = try Self.checked(digits, "precision", spec)
            }

            let rest = scanner.remaining
            if rest.count > 1 {
                throw Self.error(spec, "unexpected '\(String(rest))'")
            }
            type = rest.first
        }

        /// 'd' and 'n': the value must be a whole number and prints as an integer.
        var isWholeNumberType: Bool { type == "d" || type == "n" }

        func validateForNumber() throws {
            if let type, !Self.numberTypes.contains(type) {
                throw error(type == "s" ? "type 's' is for text, not numbers" : "unknown type '\(type)'")
            }
            if isWholeNumberType {
                if precision != nil { throw error("precision is not allowed with '\(type!)'") }
                if coerceNegativeZero { throw error("'z' is not allowed with '\(type!)'") }
            }
            if type == "n", let grouping { throw error("'\(grouping)' is not allowed with 'n'") }
        }

        func validateForText() throws {
            if let type, type != "s" {
                throw error(Self.numberTypes.contains(type)
                    ? "type '\(type)' is for numbers, not text" : "unknown type '\(type)'")
            }
            if sign != nil { throw error("a sign is not allowed for text") }
            if coerceNegativeZero { throw error("'z' is not allowed for text") }
            if alternate { throw error("'#' is not allowed for text") }
            if align == "=" { throw error("'=' alignment is not allowed for text") }
            if let grouping { throw error("'\(grouping)' is not allowed for text") }
        }

        private func error(_ reason: String) -> FormatSpecError {
            Self.error(source, reason)
        }

        private static func error(_ spec: String, _ reason: String) -> FormatSpecError {
            FormatSpecError(diagnostic: .invalidFormatSpec(spec: spec, reason: reason))
        }

        private static func checked(_ value: Int, _ what: String, _ spec: String) throws -> Int {
            guard value <= NumberFormatting.maxWidthOrPrecision else {
                throw error(spec, "\(what) is too large (at most \(NumberFormatting.maxWidthOrPrecision))")
            }
            return value
        }

        /// A cursor over the spec's characters.
        private struct Scanner {
            private let chars: [Character]
            private var position = 0

            init(_ chars: [Character]) { self.chars = chars }

            var remaining: ArraySlice<Character> { chars[position...] }

            func peek(_ offset: Int = 0) -> Character? {
                position + offset < chars.count ? chars[position + offset] : nil
            }

            mutating func next() -> Character? {
                defer { position += 1 }
                return peek()
            }

            /// Consumes `c` if it is next.
            mutating func skip(_ c: Character) -> Bool {
                guard peek() == c else { return false }
                position += 1
                return true
            }

            /// Consumes a run of ASCII digits; nil if there is none. Values too big
            /// for Int come back as Int.max so the caller reports "too large".
            mutating func integer() -> Int? {
                var value: Int?
                while let c = peek(), c.isASCII, let digit = c.wholeNumberValue {
                    let (times10, o1) = (value ?? 0).multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(digit)
                    value = (o1 || o2) ? Int.max : sum
                    position += 1
                }
                return value
            }
        }
    }
}
