import Foundation
import XCTest
@testable import GradLang

/// What a teacher marks on a contour: gradient arrows at chosen points, and named points.
final class MarkedPlottingTests: XCTestCase {
    private let bowl = "f(x, y) = x^2 + y^2"
    private let lessonPoints = "[[-2, -2], [-1, 1], [1, -1], [2, 2], [0.5, 0.5]]"

    func testArrowsAtChosenPointsAreAsLongAsTheGradient() throws {
        let document = try SVGDocument(try svg(of: "contour(f, [-3, 3], [-3, 3], arrows: \(lessonPoints))", setup: bowl))
        let window = Box(x0: -3, x1: 3, y0: -3, y1: 3)
        let arrows = document.arrows
        XCTAssertEqual(arrows.count, 5)
        var lengths: [Double] = []
        for point in [[-2.0, -2.0], [-1, 1], [1, -1], [2, 2], [0.5, 0.5]] {
            let tail = document.pixel(Point(point[0], point[1]), window: window)
            let arrow = try XCTUnwrap(arrows.first { ($0.0 - tail).length < 0.02 }, "an arrow starts at \(point)")
            let direction = arrow.1 - arrow.0
            // Uphill on the bowl is straight away from the centre (y grows upwards, pixels downwards).
            XCTAssertEqual(atan2(-direction.y, direction.x), atan2(point[1], point[0]), accuracy: 0.02)
            lengths.append(direction.length)
        }
        // |∇f| = 2r: the arrow at [2, 2] is 4 times the one at [0.5, 0.5], as in the lesson.
        XCTAssertEqual(lengths[3] / lengths[4], 4, accuracy: 0.02)
        XCTAssertTrue(document.texts.contains("gradient, uphill (length to scale)"))

        let unit = try SVGDocument(try svg(of: "contour(f, [-3, 3], [-3, 3], arrows: \(lessonPoints), unit: true)",
                                           setup: bowl))
        let unitLengths = unit.arrows.map { ($0.1 - $0.0).length }
        XCTAssertEqual(unitLengths.max()! - unitLengths.min()!, 0, accuracy: 0.05, "direction only: one length")
        XCTAssertTrue(unit.texts.contains("gradient, uphill (direction only)"))
    }

    func testAStarMarksANamedPoint() throws {
        let call = "contour(f, [-3, 3], [-3, 3], points: [[0, 0]], labels: [\"minimum\"])"
        let document = try SVGDocument(try svg(of: call, setup: bowl))
        let stars = document.elements(in: "marks").filter { $0.name == "polygon" && $0.attributes["fill"] == "#d62728" }
        XCTAssertEqual(stars.count, 1)
        XCTAssertTrue(document.labelBoxes().contains { $0.text == "minimum" })
        XCTAssertFalse(document.texts.contains("start"), "a marked point is not a path's start")

        let text = output(of: bowl + "\n" + call.replacingOccurrences(of: "])", with: "], height: 16)"))
        XCTAssertTrue(text.contains("★") && text.contains("minimum"), text)
        XCTAssertTrue(output(of: bowl + "\ncontour(f, [-3, 3], [-3, 3], points: [[1, 1]], height: 16)")
            .contains("★ marked"), "an unnamed star is explained in the legend")
    }

    func testBadMarksAreClearErrors() {
        let cases = [
            "contour(f, [-3, 3], [-3, 3], arrows: [])": "arrows: must be true, a count of arrows across",
            "contour(f, [-3, 3], [-3, 3], arrows: [[1]])": "arrows: must be a vector of points with two coordinates",
            "contour(f, [-3, 3], [-3, 3], points: [[0, 0]], labels: [\"a\", \"b\"])":
                "labels: has 2 names for 1 point",
            "contour(f, [-3, 3], [-3, 3], points: [[0, 0]], labels: [1])": "labels: must be strings",
            "contour(f, [-3, 3], [-3, 3], labels: [\"a\"])": "labels: names marked points",
        ]
        XCTAssertEqual(errorOf(bowl + "\ncontour(f, [-3, 3], [-3, 3], arrows: zeros(401, 2))")?.kind, .limit,
                       "more arrows than a picture can show are refused before any is computed")
        for (source, expected) in cases {
            guard let error = errorOf(bowl + "\n" + source) else { XCTFail("\(source) ran"); continue }
            XCTAssertTrue(error.message.contains(expected), "\(source): \(error.message)")
            XCTAssertEqual(error.range?.text.hasPrefix("["), true, "\(source): the error points at the argument")
        }
    }
}
