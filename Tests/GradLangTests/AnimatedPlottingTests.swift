import Foundation
import XCTest
@testable import GradLang

/// `animate: true`: an SVG whose descent path grows step by step when it plays, and which
/// is the whole still picture when it does not.
final class AnimatedPlottingTests: XCTestCase {
    private let setup = "l(a, b) = (a - 3)^2 + (b + 1)^2\np = descend(l, [0, 0], lr: 0.9, steps: 12, path: true)"

    func testThePathGrowsOneStepAFrame() throws {
        let document = try SVGDocument(try svg(of: "contour(l, [-1, 7], [-4, 2], path: p, animate: true)", setup: setup))
        let frames = document.elements(in: "descent").filter { $0.name == "g" && $0.attributes["opacity"] == "1" }
        XCTAssertEqual(frames.count, 12, "a frame for each step after the start")
        let animations = document.elements(in: "descent").filter { $0.name == "animate" }
        XCTAssertEqual(animations.count, 12)
        let starts = animations.map { Double($0.attributes["keyTimes"]!.split(separator: ";")[1])! }
        XCTAssertEqual(starts, starts.sorted())
        XCTAssertEqual(Set(starts).count, 12, "each frame at its own time")
        for animation in animations {
            XCTAssertEqual(animation.attributes["attributeName"], "opacity")
            XCTAssertEqual(animation.attributes["values"], "0;1")
            XCTAssertEqual(animation.attributes["calcMode"], "discrete")
            XCTAssertEqual(animation.attributes["repeatCount"], "indefinite")
        }
        // Frame by frame, the segments run through the 13 points in order.
        let segments = document.elements(in: "descent").filter { $0.name == "path" }.flatMap { $0.pieces }
        XCTAssertEqual(segments.count, 12)
        var w = (0.0, 0.0), points: [Point] = []
        for _ in 0...12 {
            points.append(document.pixel(Point(w.0, w.1), window: Box(x0: -1, x1: 7, y0: -4, y1: 2)))
            w = (w.0 - 1.8 * (w.0 - 3), w.1 - 1.8 * (w.1 + 1))
        }
        for (k, segment) in segments.enumerated() {
            XCTAssertLessThan((segment.first! - points[k]).length, 0.02, "segment \(k + 1) starts at point \(k)")
            XCTAssertLessThan((segment.last! - points[k + 1]).length, 0.02, "and ends at point \(k + 1)")
        }
        // The counter: a still picture shows the last step only.
        let counter = document.elements(in: "step-counter")
        let shown = counter.filter { $0.name == "g" && $0.attributes["opacity"] == "1" }
        XCTAssertEqual(shown.count, 1)
        XCTAssertEqual(counter.filter { $0.name == "text" }.last?.text, "step 12")
        XCTAssertFalse(document.labelBoxes().contains { $0.text == "1" }, "no step numbers: the animation shows the order")
    }

    func testALongPathMovesInAtMostSixtyFrames() throws {
        let setup = "r(x, y) = (1 - x)^2 + 100 * (y - x^2)^2\np = descend(r, [-1.2, 1], lr: 0.002, steps: 4000, path: true)"
        let document = try SVGDocument(try svg(of: "contour(r, [-2, 2], [-1, 3], path: p, animate: true)", setup: setup))
        XCTAssertEqual(document.elements(in: "descent").filter { $0.name == "animate" }.count, 60)
        XCTAssertEqual(document.elements(in: "step-counter").filter { $0.name == "text" }.last?.text, "step 4000")
    }

    func testAStillPictureHasNoAnimation() throws {
        let text = try svg(of: "contour(l, [-1, 7], [-4, 2], path: p)", setup: setup)
        XCTAssertFalse(text.contains("<animate"))
    }

    func testAnimationNeedsAFileAndAPath() {
        let cases = [
            "contour(l, [-1, 7], [-4, 2], path: p, animate: true)": "give file: \"name.svg\"",
            "contour(l, [-1, 7], [-4, 2], animate: true, file: \"a.svg\")": "give path: descend",
            "contour(l, [-1, 7], [-4, 2], path: p, animate: 1, file: \"a.svg\")": "animate: must be true or false",
        ]
        for (source, expected) in cases {
            guard let error = errorOf(setup + "\n" + source) else { XCTFail("\(source) ran"); continue }
            XCTAssertTrue(error.message.contains(expected), "\(source): \(error.message)")
        }
    }
}
