import Foundation
import XCTest
@testable import GradLang

/// Filled contours: each band between two levels in its colour, a colour bar to read them,
/// and a log scale for a valley whose walls climb by factors.
final class FilledPlottingTests: XCTestCase {
    /// Whether p lies inside a path's pieces, counted even-odd.
    private func inside(_ p: Point, _ pieces: [[Point]]) -> Bool {
        var crossings = 0
        for piece in pieces {
            for (a, b) in zip(piece, piece.dropFirst()) where (a.y > p.y) != (b.y > p.y) {
                if p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) { crossings += 1 }
            }
        }
        return crossings % 2 == 1
    }

    func testEachPointHasTheColourOfItsBand() throws {
        let setup = "g(x, y) = sin(x) + cos(y)"
        let document = try SVGDocument(try svg(of: "contour(g, [-4, 4], [-4, 4], fill: true)", setup: setup))
        let window = Box(x0: -4, x1: 4, y0: -4, y1: 4)
        // The level regions, lowest first: a point's band is the last region holding it.
        let regions = document.elements(in: "fill").filter { $0.name == "path" && $0.title?.hasPrefix("at least") == true }
        let levels = regions.map { Double($0.title!.dropFirst("at least ".count))! }
        XCTAssertEqual(levels, levels.sorted())
        XCTAssertGreaterThan(levels.count, 4)
        for x in stride(from: -3.9, through: 3.9, by: 0.37) {
            for y in stride(from: -3.9, through: 3.9, by: 0.41) {
                let f = sin(x) + cos(y)
                guard levels.allSatisfy({ abs(f - $0) > 0.05 }) else { continue }  // not on a boundary
                let pixel = document.pixel(Point(x, y), window: window)
                let painted = regions.lastIndex { inside(pixel, $0.pieces) }.map { $0 + 1 } ?? 0
                XCTAssertEqual(painted, levels.filter { f >= $0 }.count, "the band at (\(x), \(y)), f = \(f)")
                let expectedColor = painted == 0 ? document.elements(in: "fill").first { $0.name == "rect" }!
                    .attributes["fill"] : regions[painted - 1].attributes["fill"]
                XCTAssertNotNil(expectedColor)
            }
        }
        // The colour bar: one block per band, each level written beside it, in the same colours.
        let bar = document.elements(in: "color-bar")
        let blocks = bar.filter { $0.name == "rect" && $0.attributes["fill"] != "none" }
        XCTAssertEqual(blocks.count, levels.count + 1)
        XCTAssertEqual(Array(blocks.dropFirst().map { $0.attributes["fill"]! }), regions.map { $0.attributes["fill"]! })
        XCTAssertEqual(bar.filter { $0.name == "text" }.map(\.text).dropLast(),
                       levels.map { SVGRenderer.numberText(Ticks.short($0)) })
        XCTAssertEqual(bar.last { $0.name == "text" }?.text, "g")
    }

    func testALogScaleSpacesTheLevelsAndColoursByFactors() throws {
        let setup = "r(x, y) = (1 - x)^2 + 100 * (y - x^2)^2"
        let call = "contour(r, [-2, 2], [-1, 3], fill: true, scale: \"log\", levels: 10)"
        let document = try SVGDocument(try svg(of: call, setup: setup))
        let levels = document.elements(in: "fill").compactMap { $0.title.flatMap { Double($0.dropFirst("at least ".count)) } }
        XCTAssertEqual(levels.count, 10)
        let ratios = zip(levels, levels.dropFirst()).map { $1 / $0 }
        XCTAssertTrue(ratios.allSatisfy { $0 >= 2 && $0 <= 2.5 }, "1, 2, 5 steps: \(levels)")
        XCTAssertEqual(document.elements(in: "color-bar").last { $0.name == "text" }?.text, "r (log scale)")
        // In the terminal, the bands are shaded, and a key says which glyph is which.
        let text = output(of: setup + "\n" + call.replacingOccurrences(of: "levels: 10)", with: "levels: 10, height: 24)"))
        XCTAssertTrue(text.contains("shades: blank <"), text)
        XCTAssertTrue(text.contains("@ ≥"), text)
    }

    func testALinearScaleCanBeAskedForOnAValley() {
        let setup = "r(x, y) = (1 - x)^2 + 100 * (y - x^2)^2\n"
        let text = output(of: setup + "contour(r, [-2, 2], [-1, 3], scale: \"linear\", levels: 4, width: 200)")
        XCTAssertTrue(text.contains("levels: 600, 1200, 1800, 2400"), text)
    }

    func testGapsAreGreyNotAColour() throws {
        let document = try SVGDocument(try svg(of: "contour((x, y) -> sqrt(x * y), [-1, 1], [-1, 1], fill: true)"))
        let holes = try XCTUnwrap(document.elements(in: "fill").first { $0.title == "not a finite number" })
        XCTAssertEqual(holes.attributes["fill"], "#d9d9d9")
        XCTAssertTrue(inside(document.pixel(Point(-0.5, 0.5), window: Box(x0: -1, x1: 1, y0: -1, y1: 1)),
                             holes.pieces))
    }

    func testBadFillsAreClearErrors() {
        let cases = [
            "contour((x, y) -> x, [0, 1], [0, 1], fill: 1)": "fill: must be true or false",
            "contour((x, y) -> x, [0, 1], [0, 1], scale: \"loga\")": "scale: must be \"log\" or \"linear\"",
            "contour((x, y) -> -1 - x^2, [0, 1], [0, 1], scale: \"log\")": "scale: \"log\" needs values above 0",
        ]
        for (source, expected) in cases {
            guard let error = errorOf(source) else { XCTFail("\(source) ran"); continue }
            XCTAssertTrue(error.message.contains(expected), "\(source): \(error.message)")
        }
    }
}
