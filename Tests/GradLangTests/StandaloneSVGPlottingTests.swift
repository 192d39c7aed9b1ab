import Foundation
import XCTest
@testable import GradLang

/// Every kind of picture writes an SVG that stands alone (no file, font, script or style
/// sheet from elsewhere), is well-formed XML, refers only to its own ids, and comes out
/// byte for byte the same each time.
final class StandaloneSVGPlottingTests: XCTestCase {
    private let setup = """
        f(x, y) = x^2 + y^2
        r(x, y) = (1 - x)^2 + 100 * (y - x^2)^2
        p = descend(r, [-1.2, 1], lr: 0.002, steps: 300, path: true)
        q = descend(f, [2, 1], lr: 0.9, steps: 8, path: true)
        """

    private let calls = [
        "plot([sin, cos], 0, 2 * pi, title: \"sin & cos <both>\")",
        "plot([3, 1, 0.5, 0.1, 0], scale: \"log\", labels: [\"loss\"])",
        "plot(f, [q, q], labels: [\"a\", \"b\"], style: \"dots\")",
        "contour(f, [-3, 3], [-3, 3], arrows: [[1, 1], [-2, 0]], points: [[0, 0]], labels: [\"min\"], path: q)",
        "contour(r, [-2, 2], [-1, 3], fill: true, scale: \"log\", levels: 30, arrows: 7, downhill: true, path: p)",
        "contour(r, [-2, 2], [-1, 3], path: p, animate: true)",
        "contour((x, y) -> sqrt(x * y), [-1, 1], [-1, 1], fill: true)",
        "surface(f, [-2, 2], [-2, 2])",
        "figure(() -> surface(f, [-2, 2], [-2, 2]), () -> contour(f, [-2, 2], [-2, 2], fill: true), "
            + "() -> plot(sin, 0, 1), columns: 2, title: \"three\")",
    ]

    func testEverySVGStandsAloneAndIsTheSameEachTime() throws {
        for call in calls {
            let text = try svg(of: call, setup: setup)
            XCTAssertEqual(text, try svg(of: call, setup: setup), "\(call): the same bytes each time")
            let document = try SVGDocument(text)
            let root = document.elements[0]
            XCTAssertEqual(root.name, "svg", call)
            XCTAssertEqual(root.attributes["xmlns"], "http://www.w3.org/2000/svg", call)
            XCTAssertNotNil(root.attributes["viewBox"], call)
            for element in document.elements {
                XCTAssertFalse(["image", "script", "style", "foreignObject", "use"].contains(element.name),
                               "\(call): <\(element.name)>")
                XCTAssertFalse(element.attributes.keys.contains { $0.contains("href") }, "\(call): a link")
            }
            let ids = document.elements.compactMap { $0.attributes["id"] }
            XCTAssertEqual(Set(ids).count, ids.count, "\(call): unique ids")
            for element in document.elements {
                for value in element.attributes.values where value.hasPrefix("url(#") {
                    XCTAssertTrue(ids.contains(String(value.dropFirst(5).dropLast())), "\(call): \(value) exists")
                }
            }
        }
    }
}
