import Foundation
import XCTest
@testable import GradLang

/// `figure`: several pictures side by side, as the lesson's first figure puts a surface
/// beside its contour map.
final class FigurePlottingTests: XCTestCase {
    private let bowl = "f(x, y) = x^2 + y^2"
    private let pair = "figure(() -> surface(f, [-3, 3], [-3, 3]), () -> contour(f, [-3, 3], [-3, 3], arrows: true))"

    func testASurfaceBesideItsContourMapInOneSVG() throws {
        let document = try SVGDocument(try svg(of: pair, setup: bowl))
        let root = document.elements[0]
        XCTAssertEqual(root.attributes["width"], "1120", "two panels of 560")
        let panels = document.elements.filter { $0.name == "svg" && $0.parent == "svg" }
        XCTAssertEqual(panels.map { $0.attributes["x"] }, ["0", "560"])
        XCTAssertEqual(panels.map { $0.attributes["width"] }, ["560", "560"])
        // Each panel keeps its own ids, and its clip path refers to its own plot area.
        let ids = document.elements.compactMap { $0.attributes["id"] }
        XCTAssertEqual(Set(ids).count, ids.count, "ids are unique: \(ids)")
        XCTAssertTrue(ids.contains("p1-plot-area") && ids.contains("p2-plot-area"))
        XCTAssertEqual(document.elements.compactMap { $0.attributes["clip-path"] }, ["url(#p1-plot-area)",
                                                                                      "url(#p2-plot-area)"])
        XCTAssertTrue(document.titles.contains("surface of f") && document.titles.contains("contour of f"))
    }

    func testPanelsStandSideBySideInAWideTerminalAndStackInANarrowOne() {
        let wide = output(of: bowl + "\n" + pair.replacingOccurrences(of: "))", with: "), width: 90, height: 18)"))
        let lines = wide.split(separator: "\n")
        XCTAssertLessThanOrEqual(lines.count, 18, wide)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 90 }, wide)
        XCTAssertTrue(lines.contains { $0.contains("⢸") && $0.contains("┤") }, "surface and contour on one line:\n\(wide)")
        let narrow = output(of: bowl + "\n" + pair.replacingOccurrences(of: "))", with: "), width: 50, height: 18)"))
        XCTAssertGreaterThan(narrow.split(separator: "\n").count, 18, "one under the other:\n\(narrow)")
        XCTAssertTrue(narrow.split(separator: "\n").allSatisfy { $0.count <= 50 }, narrow)
    }

    func testOneFunctionMayDrawSeveralPanelsAndNotesFollowTheFigure() {
        let text = output(of: "figure(() -> { for k in 1..2 { plot(x -> 1 / (x - k + 1), -1, 1) } }, width: 80, height: 10)")
        XCTAssertEqual(text.components(separatedBy: "note:").count - 1, 2, text)
        XCTAssertTrue(text.split(separator: "\n").first { $0.contains("┌") }!.components(separatedBy: "┌").count == 3,
                      "two frames side by side:\n\(text)")
    }

    func testBadFiguresAreClearErrors() {
        let cases = [
            "figure(3)": "each argument must be a function of no arguments",
            "figure(x -> plot(sin, 0, 1))": "argument 1 is a function that takes arguments",
            "figure(() -> 1)": "nothing was drawn",
            "figure(() -> figure(() -> plot(sin, 0, 1)))": "a figure cannot hold another figure",
            "figure(() -> plot(sin, 0, 1, width: 30))": "inside a figure, give width: to figure",
            "figure(() -> plot(sin, 0, 1), columns: 0)": "columns: must be a whole number from 1 to 10",
        ]
        for (source, expected) in cases {
            guard let error = errorOf(source) else { XCTFail("\(source) ran"); continue }
            XCTAssertTrue(error.message.contains(expected), "\(source): \(error.message)")
        }
        // After an error inside a figure, pictures draw as usual again.
        let interpreter = Interpreter()
        let printed = CapturedOutput()
        interpreter.output = printed.append
        XCTAssertThrowsError(try interpreter.run("figure(() -> plot(sin, 0, 1, file: \"a.svg\"))"))
        XCTAssertNoThrow(try interpreter.run("plot(sin, 0, 1, width: 30, height: 8)"))
        XCTAssertTrue(printed.text.contains("┌"))
    }
}
