import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import GradLang

/// What the picture tests share: running a program and keeping what it writes, the SVG a
/// call writes, and that SVG read back as XML.
extension XCTestCase {
    /// What running `source` writes.
    func output(of source: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let interpreter = Interpreter()
        interpreter.plotSettings.writesFiles = true
        let printed = CapturedOutput()
        interpreter.output = printed.append
        // The pictures alone: the descents drawn here zig-zag on purpose, and descend's
        // advice about that would land in the output.
        interpreter.notes = { _ in }
        do {
            try interpreter.run(source)
        } catch {
            XCTFail("\(source): \(error)", file: file, line: line)
        }
        return printed.text
    }

    /// The SVG a plot call writes, read back from a temporary file (notes may follow the
    /// line saying it was written).
    func svg(of call: String, setup: String = "", file: StaticString = #filePath,
             line: UInt = #line) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("grad-plot-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("picture-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let call = call.replacingOccurrences(of: ")", with: ", file: \"\(path)\")", options: .backwards,
                                             range: call.range(of: ")", options: .backwards))
        let written = output(of: setup + "\n" + call, file: file, line: line)
        XCTAssertTrue(written.hasPrefix("wrote \(path)\n"), written, file: file, line: line)
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// An SVG read back with XMLParser: its elements in order (with their text, their `<title>`
/// and the groups around them), the text of its `<text>` and `<title>` elements, and its
/// arrows.
final class SVGDocument: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        let parent: String?
        /// The ids and classes of the `<g>` elements it sits in, outermost first.
        let groups: [String]
        /// Its own text, for a `<text>` or `<title>`.
        var text = ""
        /// The text of the `<title>` inside it.
        var title: String?

        func number(_ key: String) -> Double { Double(attributes[key] ?? "") ?? .nan }

        /// The pieces of a `<path>`'s `d` (M, L, H, V and Z; absolute coordinates).
        var pieces: [[Point]] {
            var pieces: [[Point]] = []
            let d = attributes["d"] ?? ""
            var command: Character = "M"
            var numbers: [Double] = []
            var token = ""
            func flushNumber() {
                if let x = Double(token) { numbers.append(x) }
                token = ""
            }
            func apply() {
                switch command {
                case "M", "L":
                    var k = 0
                    while k + 1 < numbers.count {
                        let p = Point(numbers[k], numbers[k + 1])
                        if command == "M" && k == 0 { pieces.append([p]) } else { pieces[pieces.count - 1].append(p) }
                        k += 2
                    }
                case "H": if let last = pieces.last?.last, let x = numbers.last { pieces[pieces.count - 1].append(Point(x, last.y)) }
                case "V": if let last = pieces.last?.last, let y = numbers.last { pieces[pieces.count - 1].append(Point(last.x, y)) }
                case "Z": if let first = pieces.last?.first { pieces[pieces.count - 1].append(first) }
                default: break
                }
                numbers = []
            }
            for c in d {
                if "MLHVZ".contains(c) {
                    flushNumber(); apply(); command = c
                } else if c == " " || c == "," {
                    flushNumber()
                } else if c == "-" && !token.isEmpty {
                    flushNumber(); token = "-"
                } else {
                    token.append(c)
                }
            }
            flushNumber(); apply()
            return pieces
        }
    }

    private(set) var elements: [Element] = []

    /// The middle of the clipped plot area, in pixels.
    var plotCentre: Point {
        let clip = elements.first { $0.name == "rect" && $0.parent == "clipPath" }!
        return Point(clip.number("x") + clip.number("width") / 2, clip.number("y") + clip.number("height") / 2)
    }
    var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }
    var titles: [String] { elements.filter { $0.name == "title" }.map(\.text) }
    /// Tail and tip of each arrow of the gradient field, in pixels.
    private(set) var arrows: [(Point, Point)] = []
    private var open: [Int] = []
    private var groups: [String] = []
    private var groupDepths: [Int] = []
    private var pendingTail: Point?

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw NSError(domain: "SVG", code: 1, userInfo: [NSLocalizedDescriptionKey:
                                                                "not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")"])
        }
    }

    /// The elements inside a group with this id or class.
    func elements(in group: String) -> [Element] { elements.filter { $0.groups.contains(group) } }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let element = Element(name: name, attributes: attributes, parent: open.last.map { elements[$0].name },
                              groups: groups)
        elements.append(element)
        if name == "g" {
            groupDepths.append(groups.count)
            groups += [attributes["id"], attributes["class"]].compactMap { $0 }
        }
        if groups.contains("arrows") {
            if name == "line" {
                pendingTail = Point(element.number("x1"), element.number("y1"))
            } else if name == "polygon", let tail = pendingTail {
                let tip = attributes["points"]!.split(separator: " ")[0].split(separator: ",").map { Double($0)! }
                arrows.append((tail, Point(tip[0], tip[1])))
                pendingTail = nil
            }
        }
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let index = open.removeLast()
        if name == "g" { groups.removeLast(groups.count - groupDepths.removeLast()) }
        if name == "title", let owner = open.last { elements[owner].title = elements[index].text }
    }
}
