import Foundation
import XCTest
@testable import GradLang

/// `plot` of data: a vector of values, xs against ys, several series, the loss along a
/// descent path, and a log scale for losses that shrink by factors.
final class DataPlottingTests: XCTestCase {
    /// The vertices of the line named `title`, in pixels.
    private func line(_ document: SVGDocument, _ title: String) throws -> [Point] {
        try XCTUnwrap(document.elements.first { $0.title == title }, "a line named \(title)").pieces.flatMap { $0 }
    }

    func testValuesAreDrawnAgainstTheirIndex() throws {
        let document = try SVGDocument(try svg(of: "plot([3, 1.5, 0.8, 0.4])"))
        let vertices = try line(document, "data")
        XCTAssertEqual(vertices.count, 4)
        // Evenly spaced across, each lower than the one before (y grows downwards in pixels).
        let gaps = zip(vertices, vertices.dropFirst()).map { $1.x - $0.x }
        XCTAssertEqual(gaps.max()! - gaps.min()!, 0, accuracy: 0.02)
        XCTAssertTrue(zip(vertices, vertices.dropFirst()).allSatisfy { $1.y > $0.y })
        let dots = document.elements(in: "marks").filter { $0.name == "circle" }
        XCTAssertEqual(dots.count, 4, "a few values get a dot each")
        XCTAssertTrue(document.texts.contains("index"))
        let text = output(of: "plot([3, 1.5, 0.8, 0.4], width: 40, height: 10)")
        let lines = text.split(separator: "\n")
        let xLabels = lines[lines.firstIndex { $0.contains("└") }! + 1].split(separator: " ")
        XCTAssertEqual(xLabels, ["0", "1", "2", "3"], "whole ticks across:\n\(text)")
    }

    func testSeveralSeriesAgainstOneXHaveALegend() throws {
        let call = "plot([0, 1, 2, 3], [[0, 1, 4, 9], [0, 1, 8, 27]], labels: [\"squares\", \"cubes\"])"
        let document = try SVGDocument(try svg(of: call))
        XCTAssertEqual(try line(document, "squares").count, 4)
        XCTAssertEqual(try line(document, "cubes").count, 4)
        XCTAssertTrue(document.texts.contains("squares") && document.texts.contains("cubes"))
        let text = output(of: call.replacingOccurrences(of: "])", with: "], width: 40, height: 12)"))
        XCTAssertTrue(text.contains("squares") && text.contains("*** cubes"), text)
        XCTAssertTrue(output(of: "plot([[1, 2], [2, 1]], width: 40, height: 10)").contains("series 2"))
    }

    func testTheLossAlongADescentPath() throws {
        let setup = "loss(w) = (w[0] - 3)^2 + (w[1] + 1)^2\np = descend(loss, [0, 0], lr: 0.1, steps: 10, path: true)"
        let document = try SVGDocument(try svg(of: "plot(loss, p)", setup: setup))
        let vertices = try line(document, "loss")
        XCTAssertEqual(vertices.count, 11, "the start and 10 steps")
        XCTAssertTrue(document.texts.contains("step"))
        // Each step multiplies the loss by 0.64: on a log scale, a straight line.
        let logged = try SVGDocument(try svg(of: "plot(loss, p, scale: \"log\")", setup: setup))
        let straight = try line(logged, "loss")
        let slopes = zip(straight, straight.dropFirst()).map { ($1.y - $0.y) / ($1.x - $0.x) }
        XCTAssertEqual(slopes.max()! - slopes.min()!, 0, accuracy: 0.01)
        XCTAssertTrue(logged.texts.contains("loss (log)"))
        XCTAssertTrue(logged.texts.contains("1") && logged.texts.contains("10") && logged.texts.contains("0.1"),
                      "ticks at powers of ten: \(logged.texts)")
        let several = output(of: setup + "\nq = descend(loss, [0, 0], lr: 0.3, steps: 10, path: true)\n"
                             + "plot(loss, [p, q], width: 50, height: 12)")
        XCTAssertTrue(several.contains("path 1") && several.contains("path 2"), several)
    }

    func testALogScaleLeavesOutWhatItCannotShowAndSaysSo() {
        let text = output(of: "plot([10, 1, 0, 0.01], scale: \"log\", width: 40, height: 12)")
        XCTAssertTrue(text.contains("note: 1 value is 0 or below, with no place on a log scale; left out"), text)
        XCTAssertEqual(errorOf("plot([0, -1], scale: \"log\")")?.message.contains("log scale has no place"), true)
    }

    func testValuesThatAreNotNumbersLeaveAGapAndANote() {
        let text = output(of: "plot([1, 2, nan, 4, inf], width: 40, height: 10)")
        XCTAssertTrue(text.contains("note: 2 values are not a finite number; the line has gaps there"), text)
        XCTAssertEqual(errorOf("plot(zeros(21, 2))")?.kind, .limit, "21 series are refused")
    }

    func testBadDataIsAClearError() {
        let cases = [
            "plot([1, 2, 3], [1, 2])": "xs has 3 values but ys has 2",
            "plot([])": "values must be a vector of numbers",
            "plot([1, \"a\"])": "values must be a vector of numbers",
            "plot(\"a\")": "values must be a vector of numbers",
            "plot(x -> x, [[1, 2], [1]])": "must all have 2 coordinates",
            "plot([1, 2], labels: [\"a\", \"b\"])": "labels: has 2 names for 1 series",
            "plot([1, 2], style: \"bars\")": "style: must be \"lines\", \"dots\" or \"both\"",
            "plot([1, 2], scale: \"loglog\")": "scale: must be \"log\" or \"linear\"",
            "plot([1, 2], scale: \"log\", ylim: [0, 1])": "ylim: must be above 0 on a log scale",
        ]
        for (source, expected) in cases {
            guard let error = errorOf(source) else { XCTFail("\(source) ran"); continue }
            XCTAssertTrue(error.message.contains(expected), "\(source): \(error.message)")
        }
    }

    func testDataIsCountedAgainstTheVectorLimitBeforeItIsDrawn() throws {
        let interpreter = Interpreter()
        var limits = Limits()
        limits.maxVectorLength = 10
        interpreter.limits = limits
        interpreter.output = { _ in }
        XCTAssertThrowsError(try interpreter.run("plot([1, 2, 3, 4, 5, 6], [[1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]])")) {
            XCTAssertEqual(($0 as? GradError)?.kind, .limit, "\($0)")
        }
    }
}
