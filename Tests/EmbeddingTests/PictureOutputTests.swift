import Foundation
import GradLang
import XCTest

/// `Interpreter.pictureOutput` (pictures as SVG for a notebook) and `Interpreter.isUnfinished`
/// (when a prompt reads another line), as a host uses them.
final class PictureOutputTests: XCTestCase {
    /// Pictures as a host receives them, safe to fill from the evaluation thread.
    private final class Pictures: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Picture] = []
        var all: [Picture] { lock.withLock { stored } }
        @Sendable func append(_ picture: Picture) { lock.withLock { stored.append(picture) } }
    }

    func testPicturesGoToTheHostAsSVGInOrderWithTextAround() throws {
        let interpreter = Interpreter()
        let printed = CapturedOutput()
        let pictures = Pictures()
        interpreter.output = printed.append
        interpreter.pictureOutput = pictures.append
        try interpreter.run("""
            print("before")
            plot(sin, 0, 3)
            contour((x, y) -> x^2 + y^2, [-1, 1], [-1, 1], title: "bowl", height: 20)
            figure(() -> plot(cos, 0, 1), () -> plot(sin, 0, 1))
            print("after")
            """)
        XCTAssertEqual(printed.text, "before\nafter\n", "no terminal text for the pictures")
        XCTAssertEqual(pictures.all.count, 3)
        for picture in pictures.all {
            XCTAssertTrue(picture.svg.contains("<svg"), picture.title)
            XCTAssertTrue(picture.svg.hasSuffix("</svg>\n"), picture.title)
        }
        XCTAssertEqual(pictures.all[0].title, "plot of sin")
        XCTAssertEqual(pictures.all[0].text.split(separator: "\n").count, 24, "the terminal drawing, 80×24")
        XCTAssertTrue(pictures.all[1].text.contains("┌"))
        XCTAssertEqual(pictures.all[1].text.split(separator: "\n").count, 20, "height: 20 rows")
        XCTAssertTrue(pictures.all[0].svg.contains(#"width="640""#), "640 pixels wide by default")
        XCTAssertEqual(pictures.all[1].title, "bowl")
        XCTAssertTrue(pictures.all[1].svg.contains(#"height="320""#), "height: 20 rows is 320 pixels")
        XCTAssertTrue(pictures.all[2].title.hasPrefix("figure of"))
        // Inline in one page, each picture keeps its own clip path.
        XCTAssertTrue(pictures.all[0].svg.contains(#"<clipPath id="picture1-plot-area">"#))
        XCTAssertTrue(pictures.all[1].svg.contains(#"clip-path="url(#picture2-plot-area)""#))
        XCTAssertTrue(pictures.all[2].svg.contains(#"<clipPath id="picture3-p2-plot-area">"#))
    }

    func testAPictureWithFileStillGoesToTheFileAndTheTerminalSizesAreChecked() throws {
        let interpreter = Interpreter()
        let pictures = Pictures()
        interpreter.pictureOutput = pictures.append
        XCTAssertThrowsError(try interpreter.run(#"plot(sin, 0, 1, file: "x.svg")"#)) { error in
            XCTAssertTrue((error as? GradError)?.message.contains("may not write files") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try interpreter.run("plot(sin, 0, 1, width: 5000)")) { error in
            XCTAssertTrue((error as? GradError)?.message.contains("20 to 500") ?? false, "\(error)")
        }
        XCTAssertTrue(pictures.all.isEmpty)
    }

    func testAHostThatCannotShowThePictureStopsTheRunThere() {
        struct Closed: Error, CustomStringConvertible { var description: String { "the notebook is gone" } }
        let interpreter = Interpreter()
        interpreter.pictureOutput = { _ in throw Closed() }
        XCTAssertThrowsError(try interpreter.run("x = 1\nplot(sin, 0, 1)\nx = 2")) { error in
            let error = error as? GradError
            XCTAssertEqual(error?.message, "cannot show the picture: the notebook is gone")
            XCTAssertEqual(error?.line, 2)
        }
        XCTAssertEqual(interpreter.value(of: "x"), .number(1))
    }

    func testUnsetPictureOutputDrawsInTheTerminalAsBefore() throws {
        let interpreter = Interpreter()
        let printed = CapturedOutput()
        interpreter.output = printed.append
        try interpreter.run("plot(sin, 0, 3, width: 40, height: 10)")
        XCTAssertFalse(printed.text.contains("<svg"))
        XCTAssertEqual(printed.text.split(separator: "\n").count, 10)
    }

    func testIsUnfinishedIsThePromptsContinuationRule() {
        for source in ["f(1,", "v = [1, 2", "if x > 0 {", "1 +", "g(x) = {\n  y = x"] {
            XCTAssertTrue(Interpreter.isUnfinished(source), source)
        }
        for source in ["f(1)", "", "x = 1", "1 +* 2", "]", "g(x) = {\n  x\n}"] {
            XCTAssertFalse(Interpreter.isUnfinished(source), source)
        }
        // Too deep to parse at all: an error to show, not a line to wait for (and no crash).
        XCTAssertFalse(Interpreter.isUnfinished(String(repeating: "[", count: 100_000)))
    }
}
