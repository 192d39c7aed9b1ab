import Foundation
import XCTest
@testable import GradLang

/// Pictures that must not mislead: a path through every point it visits, the number of
/// levels asked for, labels nothing draws over, tick labels that say which axis they
/// belong to, and terminal pictures that say what they could not honour.
final class TruthfulPlottingTests: XCTestCase {
    // MARK: - The path

    func testThePathPassesThroughEveryPointInOrder() throws {
        // lr 0.9 overshoots: every step crosses the minimum, back and forth along one line.
        let setup = "l(a, b) = (a - 3)^2 + (b + 1)^2\np = descend(l, [0, 0], lr: 0.9, steps: 12, path: true)"
        let document = try SVGDocument(try svg(of: "contour(l, [-1, 7], [-4, 2], path: p)", setup: setup))
        let drawn = try XCTUnwrap(document.elements.first { $0.title == "path" }).pieces
        XCTAssertEqual(drawn.count, 1, "one unbroken line")
        var w = (0.0, 0.0), expected: [Point] = []
        for _ in 0...12 {
            expected.append(document.pixel(Point(w.0, w.1), window: Box(x0: -1, x1: 7, y0: -4, y1: 2)))
            w = (w.0 - 0.9 * 2 * (w.0 - 3), w.1 - 0.9 * 2 * (w.1 + 1))
        }
        XCTAssertEqual(drawn[0].count, 13, "a vertex at each of the 13 points")
        for (k, (vertex, point)) in zip(drawn[0], expected).enumerated() {
            XCTAssertLessThan((vertex - point).length, 0.02, "point \(k)")
        }
    }

    // MARK: - Levels

    /// The levels a terminal contour lists under the picture.
    private func levels(_ text: String) -> [Double] {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("levels: ") }) else { return [] }
        let list = line.components(separatedBy: "levels: ")[1].components(separatedBy: "   ")[0]
        return list.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    func testLevelsGivesTheCountAsked() {
        let rosenbrock = "r(x, y) = (1 - x)^2 + 100 * (y - x^2)^2\n"
        for n in [3, 5, 10, 30] {
            let text = output(of: rosenbrock + "contour(r, [-2, 2], [-1, 3], levels: \(n), width: 400, height: 60)")
            let chosen = levels(text)
            XCTAssertEqual(chosen.count, n, "levels: \(n) gave \(chosen)")
            XCTAssertLessThanOrEqual(chosen.min() ?? .infinity, 10, "levels: \(n) outlines the valley: \(chosen)")
            XCTAssertGreaterThan(chosen.max() ?? 0, 500, "and one up the walls: \(chosen)")
        }
        let bowl = "f(x, y) = x^2 + y^2\n"
        XCTAssertEqual(levels(output(of: bowl + "contour(f, [-3, 3], [-3, 3], levels: 3)")), [5, 10, 15])
        let ten = levels(output(of: bowl + "contour(f, [-3, 3], [-3, 3], levels: 10, width: 200)"))
        XCTAssertEqual(ten.count, 10)
        let gaps = zip(ten, ten.dropFirst()).map { $1 - $0 }
        XCTAssertTrue(gaps.allSatisfy { abs($0 - gaps[0]) < 1e-9 }, "evenly spaced: \(ten)")
        XCTAssertEqual(levels(output(of: bowl + "contour(f, [-3, 3], [-3, 3], levels: [1, 4, 9])")), [1, 4, 9])
    }

    // MARK: - Labels

    /// Level labels, arrows, markers and lines of the SVG, for checking that nothing covers a label.
    private func assertLabelsAreClear(_ call: String, setup: String = "", file: StaticString = #filePath,
                                      line: UInt = #line) throws {
        let document = try SVGDocument(try svg(of: call, setup: setup))
        let labels = document.labelBoxes()
        XCTAssertFalse(labels.isEmpty, "the picture has labels", file: file, line: line)
        let lines = document.elements.filter { $0.name == "path" && $0.groups.contains("marks") && $0.title != nil }
        let arrows = document.arrows
        let markers = document.elements(in: "marks").filter { $0.name == "circle" }
            .map { Point($0.number("cx"), $0.number("cy")) }
        let crosses = document.elements(in: "marks").filter { $0.name == "path" && $0.title == nil }
            .flatMap { $0.pieces.flatMap { $0 } }
        for label in labels {
            for element in lines {
                for piece in element.pieces {
                    for (a, b) in zip(piece, piece.dropFirst()) where label.shrunk(by: 1.5).crosses(a, b) {
                        XCTFail("\(element.title!) runs through the label \(label.text)", file: file, line: line)
                    }
                }
            }
            for (tail, tip) in arrows where label.crosses(tail, tip) {
                XCTFail("an arrow runs through the label \(label.text)", file: file, line: line)
            }
            for p in markers + crosses where label.contains(p) {
                XCTFail("a marker sits on the label \(label.text)", file: file, line: line)
            }
        }
    }

    func testNothingIsDrawnOverALabel() throws {
        try assertLabelsAreClear("contour((x, y) -> x^2 + y^2, [-3, 3], [-3, 3], arrows: true)")
        try assertLabelsAreClear("contour(g, [-4, 4], [-4, 4], arrows: 9)", setup: "g(x, y) = sin(x) + cos(y)")
        try assertLabelsAreClear("contour(l, [-1, 7], [-4, 2], path: p, arrows: true)",
                                 setup: "l(a, b) = (a - 3)^2 + (b + 1)^2\np = descend(l, [0, 0], lr: 0.9, steps: 12, path: true)")
    }

    func testATerminalLabelGoesWhereItCoversOnlyItsOwnCurve() throws {
        // Two level curves cross in the middle; the label of the first may go at the crossing
        // or further along, where only its own curve runs.
        var scene = Scene(window: Box(x0: 0, x1: 10, y0: 0, y1: 10), description: "test")
        scene.add(.line([Point(0, 5), Point(10, 5)], .level(index: 0, count: 2)))
        scene.add(.line([Point(5, 0), Point(5, 10)], .level(index: 1, count: 2)))
        scene.add(.label("100", places: [Placement(at: Point(5, 5)), Placement(at: Point(8, 5))],
                         .level(index: 0, count: 2)))
        let text = TerminalRenderer(width: 20, height: 10).render(scene)
        let row = try XCTUnwrap(text.split(separator: "\n").first { $0.contains("100") }, text)
        XCTAssertGreaterThan(row.distance(from: row.startIndex, to: row.range(of: "100")!.lowerBound), 11,
                             "the label is written at x = 8, clear of the other curve:\n\(text)")
    }

    // MARK: - Surface axes

    func testEverySurfaceTickIsShownAndNoneSitsOnAnotherAxis() throws {
        // z runs from 2 to 18: ticks 0, 5, ..., 20; x and y ticks 1, 1.5, ..., 3.
        let call = "surface((x, y) -> x^2 + y^2, [1, 3], [1, 3])"
        let zTicks = ["0", "5", "10", "15", "20"]
        let document = try SVGDocument(try svg(of: call))
        let boxes = document.labelBoxes()
        for z in zTicks { XCTAssertEqual(boxes.filter { $0.text == z }.count, 1, "z tick \(z) in the SVG") }
        for (i, a) in boxes.enumerated() {
            for b in boxes[(i + 1)...] where a.grown(by: 2).overlaps(b) {
                XCTFail("the labels \(a.text) and \(b.text) touch")
            }
        }
        // The z labels stand in a column left of the z axis; no x or y label may stand in it,
        // nor just under it.
        let zLabels = boxes.filter { zTicks.contains($0.text) }
        let column = (zLabels.map(\.minX).min()!, zLabels.map(\.maxX).max()!)
        let bottom = zLabels.map(\.maxY).max()!
        for label in boxes where !zTicks.contains(label.text) && label.text != "z" {
            let inColumn = label.maxX > column.0 && label.minX < column.1
            XCTAssertFalse(inColumn && label.minY < bottom + 14, "\(label.text) stands under the z labels")
        }

        let text = output(of: "surface((x, y) -> x^2 + y^2, [1, 3], [1, 3], width: 60, height: 22)")
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("note:") }.map { Array($0) }
        // The z axis is the leftmost column of braille; left of it, on the rows it spans and the
        // row under it, there may only be z ticks.
        let zColumn = rows.compactMap { $0.firstIndex { ("\u{2801}"..."\u{28FF}").contains($0) } }.min()!
        let axisRows = rows.indices.filter { zColumn < rows[$0].count && rows[$0][zColumn] != " " }
        var left: [String] = []
        for r in axisRows.first!...min(rows.count - 1, axisRows.last! + 1) {
            let text = String(rows[r].prefix(zColumn)).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { left.append(text) }
        }
        XCTAssertTrue(zTicks.allSatisfy(left.contains), "every z tick: \(left)\n\(text)")
        XCTAssertTrue(left.allSatisfy { zTicks.contains($0) || $0 == "z" }, "only z ticks left of the z axis: \(left)\n\(text)")
    }

    // MARK: - Terminal

    func testATerminalContourSaysWhenItCannotUseTheWidthAsked() {
        let text = output(of: "contour((x, y) -> x^2 + y^2, [-3, 3], [-3, 3], width: 60, height: 20)")
        let frame = text.split(separator: "\n").first { $0.contains("┌") }!
        if frame.count < 56 { XCTAssertTrue(text.contains("note: \(frame.count) of the 60 columns"), text) }
        // Unasked, the default size needs no excuse.
        XCTAssertFalse(output(of: "contour((x, y) -> x^2 + y^2, [-3, 3], [-3, 3])").contains("columns"))
    }

    func testATerminalSurfaceIsAWireframeNotABlockOfGlyphs() {
        let text = output(of: "surface((x, y) -> x^2 + y^2, [-3, 3], [-3, 3], width: 60, height: 22)")
        XCTAssertFalse(text.contains { "!*#$@;=~".contains($0) }, text)
        XCTAssertGreaterThan(text.filter { ("\u{2801}"..."\u{28FF}").contains($0) }.count, 300, text)
    }
}

/// A text label's box on the page, turned as the label is.
struct LabelBox {
    let text: String
    let centre: Point
    let halfWidth: Double
    let halfHeight: Double
    /// Degrees, as in SVG (clockwise on the page).
    let angle: Double

    /// A point in the box's own frame: x along the text, y across it.
    private func local(_ p: Point) -> Point {
        let r = -angle * .pi / 180, d = p - centre
        return Point(d.x * cos(r) - d.y * sin(r), d.x * sin(r) + d.y * cos(r))
    }

    func contains(_ p: Point) -> Bool {
        let q = local(p)
        return abs(q.x) < halfWidth && abs(q.y) < halfHeight
    }

    func shrunk(by pixels: Double) -> LabelBox {
        LabelBox(text: text, centre: centre, halfWidth: halfWidth - pixels, halfHeight: halfHeight - pixels,
                 angle: angle)
    }

    func grown(by pixels: Double) -> LabelBox { shrunk(by: -pixels) }

    /// Whether the segment a–b passes through the box.
    func crosses(_ a: Point, _ b: Point) -> Bool {
        guard let _ = Clipping.segment(local(a), local(b), in: Box(x0: -halfWidth, x1: halfWidth,
                                                                    y0: -halfHeight, y1: halfHeight)) else {
            return false
        }
        return true
    }

    private var corners: [Point] {
        let r = angle * .pi / 180
        let u = Point(cos(r), sin(r)), v = Point(-sin(r), cos(r))
        return [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)].map {
            centre + ($0.0 * halfWidth) * u + ($0.1 * halfHeight) * v
        }
    }

    var minX: Double { corners.map(\.x).min()! }
    var maxX: Double { corners.map(\.x).max()! }
    var minY: Double { corners.map(\.y).min()! }
    var maxY: Double { corners.map(\.y).max()! }

    func overlaps(_ other: LabelBox) -> Bool {
        corners.contains(where: other.contains) || other.corners.contains(where: contains)
            || zip(corners, corners.dropFirst() + [corners[0]]).contains { other.crosses($0.0, $0.1) }
    }
}

extension SVGDocument {
    /// The boxes of the labels drawn in the picture (`<text>` in the group `labels`), from their
    /// anchor, font size and rotation; a character is taken as 0.6 of the font size wide.
    func labelBoxes() -> [LabelBox] {
        elements(in: "labels").filter { $0.name == "text" }.map { element in
            let size = Double(element.attributes["font-size"] ?? "11") ?? 11
            let halfWidth = Double(element.text.count) * size * 0.3
            var centre = Point(element.number("x"), element.number("y"))
            switch element.attributes["text-anchor"] {
            case "start": centre.x += halfWidth
            case "end": centre.x -= halfWidth
            default: break
            }
            var angle = 0.0
            if let transform = element.attributes["transform"], transform.hasPrefix("rotate(") {
                angle = Double(transform.dropFirst(7).split(separator: " ")[0]) ?? 0
                // The anchor turns about (x, y): so does the centre.
                let pivot = Point(element.number("x"), element.number("y")), r = angle * .pi / 180
                let d = centre - pivot
                centre = pivot + Point(d.x * cos(r) - d.y * sin(r), d.x * sin(r) + d.y * cos(r))
            }
            return LabelBox(text: element.text, centre: centre, halfWidth: halfWidth, halfHeight: size * 0.5,
                            angle: angle)
        }
    }

    /// Data coordinates to pixels, through the clipped plot area showing `window`.
    func pixel(_ p: Point, window: Box) -> Point {
        let clip = elements.first { $0.name == "rect" && $0.parent == "clipPath" }!
        return Point(clip.number("x") + (p.x - window.x0) / window.width * clip.number("width"),
                     clip.number("y") + (window.y1 - p.y) / window.height * clip.number("height"))
    }
}
