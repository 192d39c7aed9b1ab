import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import GradLang

/// The drawing layer: round ticks, level curves, clipping, the terminal picture and the SVG.
final class PlottingTests: XCTestCase {
    // MARK: - The sandbox

    func testWritingAFileNeedsTheHostsPermission() throws {
        let interpreter = Interpreter()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grad-sandbox-\(UUID()).svg").path
        XCTAssertThrowsError(try interpreter.run("plot(sin, 0, 1, file: \"\(path)\")")) { error in
            XCTAssertTrue((error as? GradError)?.message.contains("may not write files") == true, "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    // MARK: - Ticks

    func testTickStepsAreRound() {
        XCTAssertEqual(Ticks.step(for: 6, count: 6), 1)
        XCTAssertEqual(Ticks.step(for: 18, count: 8), 2.5)
        XCTAssertEqual(Ticks.step(for: 0.9, count: 5), 0.2)
        XCTAssertEqual(Ticks.step(for: 2500, count: 5), 500)
    }

    func testRangeWidensToTheNextTick() {
        let (low, high) = Ticks.widened(-0.99999, 0.99999, step: 0.5)
        XCTAssertEqual(low, -1)
        XCTAssertEqual(high, 1)
        XCTAssertEqual(Ticks.ticks(from: low, to: high, step: 0.5).map(\.label), ["-1", "-0.5", "0", "0.5", "1"])
        XCTAssertEqual(Ticks.ticks(from: 0, to: 0.3, step: 0.1).map(\.label), ["0", "0.1", "0.2", "0.3"])
    }

    // MARK: - Geometry

    func testMarchingSquaresFindsACircle() {
        let xs = (0...40).map { -3 + 6 * Double($0) / 40 }
        let grid = SampledGrid(xs: xs, ys: xs, values: xs.map { y in xs.map { x in x * x + y * y } })
        let curves = grid.curves(at: 4)
        XCTAssertEqual(curves.count, 1)
        let circle = curves[0]
        XCTAssertEqual(circle.first, circle.last, "a level curve around the minimum is closed")
        for p in circle { XCTAssertEqual(p.length, 2, accuracy: 0.02) }
    }

    func testMarchingSquaresLeavesGapsAtNonFiniteValues() {
        let xs = (0...20).map { -1 + 2 * Double($0) / 20 }
        let values = xs.map { y in xs.map { x in x > 0 && y > 0 ? Double.nan : x + y } }
        let grid = SampledGrid(xs: xs, ys: xs, values: values)
        for curve in grid.curves(at: 0.5) {
            for p in curve { XCTAssertFalse(p.x > 0.1 && p.y > 0.1, "no curve where f is undefined") }
        }
    }

    func testClippingCutsLinesAtTheBoxAndAtGaps() {
        let box = Box(x0: 0, x1: 1, y0: 0, y1: 1)
        let pieces = Clipping.pieces(of: [Point(-1, 0.5), Point(0.5, 0.5), Point(.nan, 0), Point(0.2, 0.2),
                                          Point(0.8, 0.8), Point(0.8, 1e300)], in: box)
        XCTAssertEqual(pieces.count, 2)
        XCTAssertEqual(pieces[0], [Point(0, 0.5), Point(0.5, 0.5)])
        XCTAssertEqual(pieces[1].first, Point(0.2, 0.2))
        XCTAssertEqual(pieces[1].last, Point(0.8, 1))
    }

    // MARK: - Terminal

    func testTerminalPictureKeepsItsSize() {
        let text = output(of: "plot([sin, cos], 0, 2 * pi)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 24)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 })
        XCTAssertTrue(text.contains("⠤⠤⠤ sin"), "the legend shows each function with its glyph")
        XCTAssertTrue(text.contains("*** cos"))
        XCTAssertFalse(text.contains("\u{1B}["), "no colour unless asked")
        XCTAssertTrue(output(of: "plot(sin, 0, 1, color: true)").contains("\u{1B}[34m"))
    }

    func testTerminalSizeCanBeChosen() {
        let text = output(of: "plot(x -> x^2, -1, 1, width: 40, height: 10)")
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 10)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 40 })
    }

    func testYAxisReachesTheNextRoundTick() {
        // sin stays inside [-1, 1] and never quite reaches it at the sample points; the
        // axis still runs from tick -1 to tick 1.
        let text = output(of: "plot(sin, 0, 6.28, height: 12)")
        let rows = text.split(separator: "\n")
        XCTAssertTrue(rows[1].hasSuffix(" 1 ┤") || rows[1].contains(" 1 ┤"), String(rows[1]))
        XCTAssertTrue(rows[8].contains("-1 ┤"), String(rows[8]))
    }

    func testContourArrowsPointUphillInTheTerminal() {
        let text = output(of: "contour((x, y) -> x^2 + y^2, [-3, 3], [-3, 3], arrows: true)")
        let lines = text.split(separator: "\n").map(String.init)
        // The arrow in the top-right quadrant points up and right, the one in the
        // bottom-left down and left.
        let top = lines[1...10].joined(), bottom = lines[11...20].joined()
        XCTAssertTrue(top.contains("↗") && top.contains("↖"))
        XCTAssertTrue(bottom.contains("↙") && bottom.contains("↘"))
        XCTAssertFalse(top.contains("↙") || top.contains("↘"))
        XCTAssertTrue(text.contains("gradient, uphill"))
    }

    // MARK: - SVG

    func testSVGIsAStandaloneDocument() throws {
        let text = try svg(of: "plot([sin, cos], -pi, pi)")
        let document = try SVGDocument(text)
        let root = document.elements[0]
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(root.attributes["width"], "640")
        XCTAssertEqual(root.attributes["height"], "480")
        XCTAssertEqual(root.attributes["viewBox"], "0 0 640 480")
        XCTAssertTrue(root.attributes["font-family"]!.hasSuffix("sans-serif"))
        XCTAssertTrue(document.elements.contains { $0.name == "rect" && $0.attributes["fill"] == "white" })
        XCTAssertEqual(document.elements.filter { $0.name == "clipPath" }.count, 1)
        XCTAssertTrue(document.texts.contains("sin") && document.texts.contains("cos"), "a legend names both")
        XCTAssertTrue(document.texts.contains("\u{2212}1"), "tick labels are real text, with a true minus")
        XCTAssertEqual(document.elements.filter { $0.name == "path" && $0.attributes["stroke-dasharray"] != nil }.count,
                       2, "the second curve is dashed, in the picture and in the legend")
    }

    func testSVGCoordinatesAreRoundedAndTheFileIsTheSameEachTime() throws {
        let call = "contour((x, y) -> sin(x) + cos(y), [-3, 3], [-3, 3], arrows: true)"
        let first = try svg(of: call), second = try svg(of: call)
        XCTAssertEqual(first, second)
        let numbers = try NSRegularExpression(pattern: "-?[0-9]+\\.[0-9]+")
        for match in numbers.matches(in: first, range: NSRange(first.startIndex..., in: first)) {
            let text = (first as NSString).substring(with: match.range)
            XCTAssertLessThanOrEqual(text.split(separator: ".")[1].count, 2, text)
        }
    }

    func testContourSVGHasAPathPerLevelAndAnArrowPerGridPoint() throws {
        let text = try svg(of: "contour(f, [-3, 3], [-3, 3], arrows: true)", setup: "f(x, y) = x^2 + y^2")
        let document = try SVGDocument(text)
        let levels = document.titles.filter { $0.hasPrefix("level ") }
        XCTAssertEqual(levels, ["level 2.5", "level 5", "level 7.5", "level 10", "level 12.5", "level 15", "level 17.5"])
        XCTAssertTrue(document.elements.contains { $0.name == "g" && $0.attributes["id"] == "axes" })
        // Arrows at -2..2 in both directions: 25 points, and at the origin the gradient is 0.
        let arrows = document.arrows
        XCTAssertEqual(arrows.count, 24)
        XCTAssertEqual(document.elements.filter { $0.name == "polygon" }.count, 24 + 1, "24 heads and the legend's")
    }

    func testBowlArrowsPointAwayFromTheOrigin() throws {
        let text = try svg(of: "contour((x, y) -> x^2 + y^2, [-3, 3], [-3, 3], arrows: true)")
        let document = try SVGDocument(text)
        let centre = document.plotCentre
        XCTAssertFalse(document.arrows.isEmpty)
        for (tail, head) in document.arrows {
            let outward = tail - centre, direction = head - tail
            XCTAssertGreaterThan(outward.x * direction.x + outward.y * direction.y, 0)
            // Perpendicular to the circles: parallel to the outward direction.
            XCTAssertEqual(outward.x * direction.y - outward.y * direction.x, 0,
                           accuracy: 0.02 * outward.length * direction.length)
        }
    }

    func testArrowsAreAsLongAsTheGradientIsLarge() throws {
        let document = try SVGDocument(try svg(of: "contour((x, y) -> x^2 + y^2, [-3, 3], [-3, 3], arrows: true)"))
        // On the positive x axis, arrows start at x = 1 and x = 2; |∇f| = 2r, so the second
        // is twice as long.
        let centre = document.plotCentre
        let onAxis = document.arrows.filter { abs($0.0.y - centre.y) < 0.01 }.sorted { $0.0.x < $1.0.x }
        XCTAssertEqual(onAxis.count, 4)
        let (one, two) = (onAxis[2], onAxis[3])
        XCTAssertEqual((two.1 - two.0).length / (one.1 - one.0).length, 2, accuracy: 0.01)
    }

    func testArrowsFollowTheGridScene() throws {
        // The scene itself: one arrow per grid point with a non-zero gradient.
        let interpreter = Interpreter()
        let printed = CapturedOutput()
        interpreter.output = printed.append
        try interpreter.run("contour((x, y) -> x * y, [-2, 2], [-2, 2], arrows: 3, width: 60, height: 20)")
        // Points -1, 0, 1 on each axis; ∇(xy) = (y, x) vanishes only at the origin.
        let picture = printed.text.components(separatedBy: "levels:")[0]
        XCTAssertEqual(picture.filter { "→↗↑↖←↙↓↘".contains($0) }.count, 8)
    }

    func testDescentPathIsDrawnWithItsEnds() throws {
        let setup = "f(x, y) = x^2 + y^2\np = descend(f, [2, 2], lr: 0.2, steps: 5, path: true)"
        let document = try SVGDocument(try svg(of: "contour(f, [-3, 3], [-3, 3], path: p)", setup: setup))
        XCTAssertTrue(document.titles.contains("path"))
        XCTAssertTrue(document.texts.contains("start") && document.texts.contains("end"))
        let rings = document.elements.filter { $0.name == "circle" && $0.attributes["r"] == "5.5" }
        XCTAssertEqual(rings.count, 4, "start and end on the path, and both again in the legend")
    }

    func testSurfaceSVGIsAShadedWireframe() throws {
        let document = try SVGDocument(try svg(of: "surface((x, y) -> x^2 + y^2, [-2, 2], [-2, 2])"))
        let faces = document.elements.filter { $0.name == "polygon" }
        XCTAssertEqual(faces.count, 30 * 30)
        XCTAssertGreaterThan(Set(faces.compactMap { $0.attributes["fill"] }).count, 50, "shaded, not flat")
        XCTAssertTrue(document.texts.contains("x") && document.texts.contains("y"))
    }

    // MARK: - Bad arguments

    func testBadArgumentsAreClearErrors() {
        let cases = [
            "plot(sin, 2, 1)": "plot: the range [2, 1] runs backwards",
            "plot(sin, 1, 1)": "plot: the range [1, 1] is empty",
            "plot((x, y) -> x, 0, 1)": "draws functions of one variable",
            "plot(x -> log(x), -2, -1)": "is not a finite number anywhere on [-2, -1]",
            "contour((x, y) -> x, [0, 1], [1, 0])": "the y range [1, 0] runs backwards",
            "contour((x, y) -> x, [0, 1])": "contour takes 3 arguments but 2 were given",
            "contour(x -> x^2, [0, 1], [0, 1])": "contour draws a function of two variables",
            "contour((x, y) -> x, [0, 1], [0, 1], file: \"a.png\")": "file: must name an .svg file",
            "contour((x, y) -> x, [0, 1], [0, 1], path: [1, 2])": "path: must be a vector of points",
            "surface((x, y) -> nan, [0, 1], [0, 1])": "not a finite number anywhere",
            "plot(sin, 0, 1, width: 3)": "width: must be a whole number of characters",
        ]
        for (source, expected) in cases {
            guard let error = errorOf(source) else { XCTFail("\(source) ran"); continue }
            XCTAssertTrue(error.message.contains(expected), "\(source): \(error.message)")
        }
        let writer = Interpreter()
        writer.plotSettings.writesFiles = true
        XCTAssertThrowsError(try writer.run("contour((x, y) -> x, [0, 1], [0, 1], file: \"no/such/folder/a.svg\")")) {
            XCTAssertTrue(($0 as? GradError)?.message.contains("there is no folder") == true, "\($0)")
        }
    }

    func testGapsAreExplainedNotHidden() {
        let text = output(of: "plot(x -> 1/x, -1, 1)")
        XCTAssertTrue(text.contains("note: x -> 1/x is not a finite number at 1 of 401 points"))
        let contour = output(of: "contour((x, y) -> sqrt(x * y), [-1, 1], [-1, 1])")
        XCTAssertTrue(contour.contains("the level curves have gaps there"))
        XCTAssertTrue(output(of: "contour((x, y) -> 1, [0, 1], [0, 1])").contains("no level curves"))
    }

    func testExtremeValuesGiveAPictureOrAnError() {
        // Each either draws or explains; none may crash or hang.
        let sources = [
            "plot(x -> 1e308 * x, -1, 1)", "plot(x -> x, -1e308, 1e308)", "plot(x -> x, 0, 1e-300)",
            "plot(x -> 1e-310 * x, 0, 1)", "contour((x, y) -> x * 1e308, [-1, 1], [-1, 1], arrows: true)",
            "surface((x, y) -> 1e308 * x * y, [-1, 1], [-1, 1])",
            "surface((x, y) -> x * y, [-1, 1], [-1, 1], azimuth: -1e308)",
            "contour((x, y) -> x, [0, 1], [0, 1], path: [[nan, 0], [0.5, 0.5], [inf, 1]])",
            "contour((x, y) -> x^2 + y, [-1, 1], [0, 1e6], arrows: true)",
        ]
        for source in sources {
            let interpreter = Interpreter()
            let printed = CapturedOutput()
            interpreter.output = printed.append
            do {
                try interpreter.run(source)
                XCTAssertFalse(printed.text.isEmpty, source)
            } catch let error as GradError {
                XCTAssertEqual(error.kind, .runtime, "\(source): \(error.message)")
            } catch {
                XCTFail("\(source): \(error)")
            }
        }
    }

    func testVeryUnequalRangesAreStretchedWithANote() {
        let text = output(of: "contour((x, y) -> x^2 + y, [-1, 1], [0, 1e6], height: 12)")
        XCTAssertTrue(text.contains("the picture is stretched"))
        XCTAssertGreaterThan(text.split(separator: "\n")[1].count, 60, "the frame uses the width")
    }

    func testHelpShowsEveryOptionOfEachPictureWithAnExampleThatRuns() throws {
        for name in ["plot", "contour", "surface", "figure"] {
            let entry = try XCTUnwrap(Interpreter().help(for: name))
            let builtin = try XCTUnwrap(Library.builtins.first { $0.name == name })
            for option in builtin.options {
                XCTAssertTrue(entry.summary.contains("\(option):"), ":help \(name) explains \(option):")
            }
            XCTAssertFalse(entry.exampleOutput.contains("error"), ":help \(name):\n\(entry.exampleOutput)")
            XCTAssertTrue(entry.exampleOutput.contains("┌") || entry.exampleOutput.contains("⢸"),
                          ":help \(name) draws its example")
        }
    }

    func testPlotsReturnNone() {
        XCTAssertEqual(evaluate("plot(sin, 0, 1, width: 20, height: 8)"), .none)
    }
}
