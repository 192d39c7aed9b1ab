import Foundation
import XCTest
@testable import GradLang

/// Expected strings in the `format` tests were produced by CPython 3.11
/// (`python3 -c 'print(format(2.5, ".3e"))'`) and pasted in as literals, except
/// where a comment marks Grad's deliberate difference.
final class NumberFormattingTests: XCTestCase {

    // MARK: - Helpers

    private func fmt(_ x: Double, _ spec: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            return try NumberFormatting.format(x, spec: spec)
        } catch {
            XCTFail("format(\(x), \"\(spec)\") threw \(error)", file: file, line: line)
            return "<error>"
        }
    }

    private func fmt(text: String, _ spec: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            return try NumberFormatting.format(text: text, spec: spec)
        } catch {
            XCTFail("format(text: \"\(text)\", \"\(spec)\") threw \(error)", file: file, line: line)
            return "<error>"
        }
    }

    /// The message thrown for a number, or nil if nothing was thrown.
    private func errorMessage(_ x: Double, _ spec: String) -> String? {
        do {
            _ = try NumberFormatting.format(x, spec: spec)
            return nil
        } catch let error as FormatSpecError {
            return error.message
        } catch {
            return "unexpected error type: \(error)"
        }
    }

    private func errorMessage(text: String, _ spec: String) -> String? {
        do {
            _ = try NumberFormatting.format(text: text, spec: spec)
            return nil
        } catch let error as FormatSpecError {
            return error.message
        } catch {
            return "unexpected error type: \(error)"
        }
    }

    // MARK: - display

    func testDisplayWholeNumbersHaveNoDecimalPoint() {
        XCTAssertEqual(NumberFormatting.display(4), "4")
        XCTAssertEqual(NumberFormatting.display(-1), "-1")
        XCTAssertEqual(NumberFormatting.display(0), "0")
        XCTAssertEqual(NumberFormatting.display(1e15), "1000000000000000")
        XCTAssertEqual(NumberFormatting.display(9007199254740992), "9007199254740992")  // 2^53
    }

    func testDisplayNeverShowsNegativeZero() {
        // Grad's choice (issue 15): -0 equals 0 and prints as 0; a format spec keeps Python's sign.
        XCTAssertEqual(NumberFormatting.display(-0.0), "0")
        XCTAssertEqual(try NumberFormatting.format(-0.0, spec: ".1f"), "-0.0")
    }

    func testDisplayShortestRoundTrip() {
        XCTAssertEqual(NumberFormatting.display(0.1), "0.1")
        XCTAssertEqual(NumberFormatting.display(0.1 + 0.2), "0.30000000000000004")
        XCTAssertEqual(NumberFormatting.display(2.5), "2.5")
        XCTAssertEqual(NumberFormatting.display(-123.456), "-123.456")
        XCTAssertEqual(NumberFormatting.display(0.0001), "0.0001")
    }

    func testDisplayExponentForms() {
        XCTAssertEqual(NumberFormatting.display(1e-7), "1e-07")
        XCTAssertEqual(NumberFormatting.display(1e-5), "1e-05")
        XCTAssertEqual(NumberFormatting.display(1e16), "1e+16")
        XCTAssertEqual(NumberFormatting.display(1e21), "1e+21")
        XCTAssertEqual(NumberFormatting.display(123456789012345680.0), "1.2345678901234568e+17")
        XCTAssertEqual(NumberFormatting.display(9007199254740994), "9.007199254740994e+15")  // 2^53 + 2
        XCTAssertEqual(NumberFormatting.display(.leastNonzeroMagnitude), "5e-324")
        XCTAssertEqual(NumberFormatting.display(.greatestFiniteMagnitude), "1.7976931348623157e+308")
    }

    func testDisplayNonFinite() {
        XCTAssertEqual(NumberFormatting.display(.infinity), "inf")
        XCTAssertEqual(NumberFormatting.display(-.infinity), "-inf")
        XCTAssertEqual(NumberFormatting.display(.nan), "nan")
        XCTAssertEqual(NumberFormatting.display(-Double.nan), "nan")
        XCTAssertEqual(NumberFormatting.display(.signalingNaN), "nan")
    }

    /// Double(display(x)) == x (bit for bit) over ~2000 seeded random doubles:
    /// arbitrary bit patterns, subnormals, the 1e15...1e22 band where Swift
    /// changes notation, and small whole numbers.
    func testDisplayRoundTripsRandomDoubles() {
        var rng = SplitMix64(seed: 0x6772_6164)
        var samples: [Double] = []
        for _ in 0..<600 {
            let bits = rng.next()
            let x = Double(bitPattern: bits)
            if x.isFinite { samples.append(x) }
        }
        for _ in 0..<400 {  // subnormals: zero exponent field
            samples.append(Double(bitPattern: rng.next() & 0x800F_FFFF_FFFF_FFFF))
        }
        for _ in 0..<600 {
            let x = pow(10, Double.random(in: 15...22, using: &rng))  // log-uniform
            samples.append(Bool.random(using: &rng) ? x : x.rounded())
        }
        for _ in 0..<400 {
            samples.append(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)))
        }
        XCTAssertGreaterThanOrEqual(samples.count, 1900)

        for x in samples {
            let text = NumberFormatting.display(x)
            guard let back = Double(text) else {
                XCTFail("display(\(x)) = \"\(text)\" does not parse"); continue
            }
            XCTAssertEqual(back.bitPattern, x.bitPattern, "display(\(x)) = \"\(text)\"")
            XCTAssertFalse(text.hasSuffix(".0"), "display(\(x)) = \"\(text)\"")
            // Below 2^53 a whole number must print as its integer. Guarding the
            // magnitude first keeps Int64(x) from trapping.
            if abs(x) < 9007199254740992, x == x.rounded(), x != 0 {
                XCTAssertEqual(text, String(Int64(x)))
            }
        }
    }

    // MARK: - format: the spec's examples

    func testFormatBriefExamples() {
        XCTAssertEqual(fmt(Double.pi, ".4f"), "3.1416")
        XCTAssertEqual(fmt(2.5, ".3e"), "2.500e+00")
        XCTAssertEqual(fmt(Double.pi, "8.2f"), "    3.14")
        XCTAssertEqual(fmt(42, "d"), "42")
        XCTAssertEqual(fmt(Double.pi, ">10.2f"), "      3.14")
        XCTAssertEqual(fmt(Double.pi, "+.2f"), "+3.14")
        XCTAssertEqual(fmt(0.1234, ".2%"), "12.34%")
        XCTAssertEqual(fmt(1234567, "g"), "1.23457e+06")
        XCTAssertEqual(fmt(0.0001234, ".3g"), "0.000123")
        XCTAssertEqual(fmt(-Double.pi, "08.3f"), "-003.142")
        XCTAssertEqual(fmt(1e5, "e"), "1.000000e+05")
        XCTAssertEqual(fmt(1.0 / 3.0, "f"), "0.333333")
    }

    func testFormatWithoutTypeOrPrecisionIsDisplay() {
        // Grad differs from CPython here: Python gives "4.0", "1,234,567.0", "-0.0".
        XCTAssertEqual(fmt(4, ""), "4")
        XCTAssertEqual(fmt(0.1, ""), "0.1")
        XCTAssertEqual(fmt(1234567, ","), "1,234,567")
        XCTAssertEqual(fmt(4, "+"), "+4")
        XCTAssertEqual(fmt(-0.0, "z"), "0")
        // Same as CPython:
        XCTAssertEqual(fmt(1e21, ","), "1e+21")
    }

    // MARK: - format: rounding (correctly rounded, ties to even on the exact binary value)

    func testFormatRounding() {
        XCTAssertEqual(fmt(0.125, ".2f"), "0.12")
        XCTAssertEqual(fmt(0.375, ".2f"), "0.38")
        XCTAssertEqual(fmt(2.675, ".2f"), "2.67")  // 2.675 is really 2.67499999...
        XCTAssertEqual(fmt(2.5, ".0f"), "2")
        XCTAssertEqual(fmt(3.5, ".0f"), "4")
        XCTAssertEqual(fmt(1.5, ".0%"), "150%")
    }

    func testFormatExactDigitsOfLargeValues() {
        XCTAssertEqual(fmt(1e300, ".1f"),
            "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.0")
    }

    // MARK: - format: e, g and no-type-with-precision

    func testFormatScientific() {
        XCTAssertEqual(fmt(1e100, ".2e"), "1.00e+100")
        XCTAssertEqual(fmt(.leastNonzeroMagnitude, ".3e"), "4.941e-324")
        XCTAssertEqual(fmt(1.5e10, "E"), "1.500000E+10")
        XCTAssertEqual(fmt(1234567, ",.1e"), "1.2e+06")
    }

    func testFormatGeneral() {
        XCTAssertEqual(fmt(100, ".3g"), "100")
        XCTAssertEqual(fmt(1e-5, "g"), "1e-05")
        XCTAssertEqual(fmt(0.0001, "g"), "0.0001")
        XCTAssertEqual(fmt(123456, "g"), "123456")
        XCTAssertEqual(fmt(1234567, ".10g"), "1234567")
        XCTAssertEqual(fmt(9.9999, ".2g"), "10")
        XCTAssertEqual(fmt(1e-10, "G"), "1E-10")
        XCTAssertEqual(fmt(0, "g"), "0")
        XCTAssertEqual(fmt(1, "#.3g"), "1.00")
        XCTAssertEqual(fmt(1234567, "#g"), "1.23457e+06")
    }

    func testFormatPrecisionWithoutType() {
        // Like 'g', but switches to exponent one digit earlier and keeps ".0".
        XCTAssertEqual(fmt(100, ".3"), "1e+02")
        XCTAssertEqual(fmt(100, ".4"), "100.0")
        XCTAssertEqual(fmt(1234.5, ".3"), "1.23e+03")
        XCTAssertEqual(fmt(1, ".1"), "1e+00")
        XCTAssertEqual(fmt(0.0001, ".3"), "0.0001")
        XCTAssertEqual(fmt(2, ".3"), "2.0")
    }

    func testFormatAlternateForm() {
        XCTAssertEqual(fmt(2, "#.0f"), "2.")
        XCTAssertEqual(fmt(2, "#.0e"), "2.e+00")
        XCTAssertEqual(fmt(2, "#.1g"), "2.")
    }

    // MARK: - format: fill, alignment, sign, z

    func testFormatAlignment() {
        XCTAssertEqual(fmt(2.5, "*^9.1f"), "***2.5***")
        XCTAssertEqual(fmt(-2.5, "^9.1f"), "  -2.5   ")
        XCTAssertEqual(fmt(2.5, "<8.2f"), "2.50    ")
        XCTAssertEqual(fmt(2.5, "=+8.2f"), "+   2.50")
        XCTAssertEqual(fmt(-2.5, "0=8.2f"), "-0002.50")
        XCTAssertEqual(fmt(2.5, "x>08.2f"), "xxxx2.50")  // explicit fill: the 0 is part of the width
    }

    func testFormatSignAndNegativeZero() {
        XCTAssertEqual(fmt(2.5, " .1f"), " 2.5")
        XCTAssertEqual(fmt(-0.0, ".1f"), "-0.0")
        XCTAssertEqual(fmt(-0.0, "z.1f"), "0.0")
        XCTAssertEqual(fmt(-0.0001, "z.2f"), "0.00")
        XCTAssertEqual(fmt(-0.0, "z.0e"), "0e+00")
    }

    // MARK: - format: thousands separators

    func testFormatGrouping() {
        XCTAssertEqual(fmt(1234567.891, "_.2f"), "1_234_567.89")
        XCTAssertEqual(fmt(12345.678, ",.2%"), "1,234,567.80%")
        // Zero padding is grouped too, and never starts with a separator.
        XCTAssertEqual(fmt(1234, "012,.1f"), "00,001,234.0")
        XCTAssertEqual(fmt(1234, "08,.0f"), "0,001,234")
    }

    // MARK: - format: inf and nan

    func testFormatNonFinite() {
        XCTAssertEqual(fmt(.infinity, "f"), "inf")
        XCTAssertEqual(fmt(-.infinity, ".2f"), "-inf")
        XCTAssertEqual(fmt(.nan, "F"), "NAN")
        XCTAssertEqual(fmt(.infinity, "E"), "INF")
        XCTAssertEqual(fmt(.nan, "+.2f"), "+nan")
        XCTAssertEqual(fmt(-Double.nan, ".2f"), "nan")
        XCTAssertEqual(fmt(.infinity, "%"), "inf%")
        XCTAssertEqual(fmt(-.infinity, "08.2f"), "-0000inf")
        XCTAssertEqual(fmt(.nan, ">6"), "   nan")
        XCTAssertEqual(fmt(.infinity, ".3"), "inf")
    }

    // MARK: - format: d and n (expected values are CPython's format(int(x), spec))

    func testFormatWholeNumbers() {
        XCTAssertEqual(fmt(1e21, "d"), "1000000000000000000000")
        XCTAssertEqual(fmt(1e30, "d"), "1000000000000000019884624838656")
        XCTAssertEqual(fmt(-1234567, ",d"), "-1,234,567")
        XCTAssertEqual(fmt(0, "+d"), "+0")
        XCTAssertEqual(fmt(-0.0, "d"), "0")  // int(-0.0) == 0
        XCTAssertEqual(fmt(5, "03d"), "005")
        XCTAssertEqual(fmt(-5, "^7d"), "  -5   ")
        XCTAssertEqual(fmt(9007199254740994, "_d"), "9_007_199_254_740_994")
        XCTAssertEqual(fmt(1234, "08,d"), "0,001,234")
        XCTAssertEqual(fmt(1234, "n"), "1234")
    }

    // MARK: - format: errors

    func testFormatErrors() {
        XCTAssertEqual(errorMessage(2.5, ".4q"), "invalid format spec '.4q': unknown type 'q'")
        XCTAssertEqual(errorMessage(2.5, "d"), "format 'd' needs a whole number, got 2.5")
        XCTAssertEqual(errorMessage(-2.5, "n"), "format 'n' needs a whole number, got -2.5")
        XCTAssertEqual(errorMessage(.infinity, "d"), "format 'd' needs a whole number, got inf")
        XCTAssertEqual(errorMessage(2.5, "."), "invalid format spec '.': missing precision after '.'")
        XCTAssertEqual(errorMessage(2.5, ",_f"), "invalid format spec ',_f': cannot use both ',' and '_'")
        XCTAssertEqual(errorMessage(2, ".2d"), "invalid format spec '.2d': precision is not allowed with 'd'")
        XCTAssertEqual(errorMessage(2, ",n"), "invalid format spec ',n': ',' is not allowed with 'n'")
        XCTAssertEqual(errorMessage(2.5, ".2ff"), "invalid format spec '.2ff': unexpected 'ff'")
        XCTAssertEqual(errorMessage(2.5, "s"), "invalid format spec 's': type 's' is for text, not numbers")
        XCTAssertEqual(errorMessage(2.5, "100000f"),
                       "invalid format spec '100000f': width is too large (at most 10000)")
        XCTAssertEqual(errorMessage(2.5, ".99999999999999999999f"),
                       "invalid format spec '.99999999999999999999f': precision is too large (at most 10000)")
        XCTAssertNil(errorMessage(2.5, ".10000f"))
    }

    // MARK: - format(text:)

    func testFormatText() {
        XCTAssertEqual(fmt(text: "abc", ""), "abc")
        XCTAssertEqual(fmt(text: "abc", "s"), "abc")
        XCTAssertEqual(fmt(text: "abc", ">5"), "  abc")
        XCTAssertEqual(fmt(text: "abc", "^7"), "  abc  ")
        XCTAssertEqual(fmt(text: "abc", "*<6"), "abc***")
        XCTAssertEqual(fmt(text: "abc", "2"), "abc")
        XCTAssertEqual(fmt(text: "abc", ".2"), "ab")
        XCTAssertEqual(fmt(text: "abc", "x^7.1s"), "xxxaxxx")
        XCTAssertEqual(fmt(text: "abc", "05"), "abc00")  // text stays left-aligned (Python 3.10+)
        // Grad counts Characters, so "e" + combining acute is one wide (Python: two).
        XCTAssertEqual(fmt(text: "e\u{301}", "3"), "e\u{301}  ")
    }

    func testFormatTextErrors() {
        XCTAssertEqual(errorMessage(text: "a", "=5"), "invalid format spec '=5': '=' alignment is not allowed for text")
        XCTAssertEqual(errorMessage(text: "a", "+"), "invalid format spec '+': a sign is not allowed for text")
        XCTAssertEqual(errorMessage(text: "a", ","), "invalid format spec ',': ',' is not allowed for text")
        XCTAssertEqual(errorMessage(text: "a", ".2f"), "invalid format spec '.2f': type 'f' is for numbers, not text")
        XCTAssertEqual(errorMessage(text: "a", "#"), "invalid format spec '#': '#' is not allowed for text")
    }
}
