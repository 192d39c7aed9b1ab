import XCTest
@testable import GradLang

final class LexerTests: XCTestCase {
    private func kinds(_ text: String) throws -> [TokenKind] {
        try Lexer.tokenize(SourceFile(name: "t", text: text)).map(\.kind)
    }

    func testNumbersIdentifiersAndSymbols() throws {
        XCTAssertEqual(try kinds("x = 2.5e-3 ** y"), [
            .identifier("x"), .symbol(.equal), .number(0.0025), .symbol(.starStar), .identifier("y"), .newline, .end,
        ])
    }

    func testRangeIsNotADecimalPoint() throws {
        XCTAssertEqual(try kinds("1..5"), [.number(1), .symbol(.dotDot), .number(5), .newline, .end])
    }

    func testNewlinesInsideBracketsAndAfterOperatorsAreSkipped() throws {
        XCTAssertEqual(try kinds("f(1,\n2) +\n3\n\n4"), [
            .identifier("f"), .symbol(.leftParen), .number(1), .symbol(.comma), .number(2), .symbol(.rightParen),
            .symbol(.plus), .number(3), .newline, .number(4), .newline, .end,
        ])
    }

    func testAnElseOnTheLineAfterABraceContinuesTheStatement() throws {
        XCTAssertEqual(try kinds("{}\n\n# why\nelse"),
                       [.symbol(.leftBrace), .symbol(.rightBrace), .keyword(.else), .newline, .end])
        // Only after a `}`: anywhere else the newline still ends the statement.
        XCTAssertEqual(try kinds("1\nelse"), [.number(1), .newline, .keyword(.else), .newline, .end])
    }

    func testNewlinesInsideABraceInsideParenthesesCount() throws {
        let tokens = try kinds("g(x -> {\na\nb\n})")
        XCTAssertEqual(tokens.filter { $0 == .newline }.count, 3)  // after a, after b, and at the end
    }

    func testStringInterpolationParts() throws {
        let tokens = try kinds("\"w = {w[0] * 2:.4f} {{ok}}\"")
        guard case .string(let parts) = tokens[0] else { return XCTFail("\(tokens)") }
        XCTAssertEqual(parts.count, 3)
        XCTAssertEqual(parts[0], .text("w = "))
        guard case .interpolation(let source, let start, let spec) = parts[1] else { return XCTFail("\(parts)") }
        XCTAssertEqual(source, "w[0] * 2")
        XCTAssertEqual(spec, ".4f")
        XCTAssertEqual(start, SourceLocation(line: 1, column: 7))
        XCTAssertEqual(parts[2], .text(" {ok}"))
    }

    func testColumnsCountCharactersNotBytes() throws {
        let tokens = try Lexer.tokenize(SourceFile(name: "t", text: "π = 3; θ"))
        XCTAssertEqual(tokens[4].range.start, SourceLocation(line: 1, column: 8))
    }

    func testEveryLineEndIsANewline() throws {
        let file = SourceFile(name: "t", text: "a\r\nb\rc\n\r\n\"\\r\"")
        XCTAssertEqual(file.lines, ["a", "b", "c", "", "\"\\r\""])
        XCTAssertEqual(try kinds("a\r\n\r\nb\rc"), [.identifier("a"), .newline, .identifier("b"), .newline,
                                                    .identifier("c"), .newline, .end])
    }

    func testBadInputIsAnErrorWithAPlace() {
        for (text, column, words) in [("x = 3 $ 4", 7, "unexpected character '$'"), ("\"abc", 1, "unterminated string"),
                                      ("2x", 1, "malformed number"), ("a\u{0}b", 2, "U+0000"), ("(]", 2, "does not match")] {
            XCTAssertThrowsError(try kinds(text)) { error in
                let e = error as? GradError
                XCTAssertEqual(e?.column, column, text)
                XCTAssertTrue(e?.message.contains(words) == true, "\(text): \(e?.message ?? "")")
            }
        }
    }
}
