import Foundation

/// SVG text, built element by element, attributes in a fixed order.
struct SVGWriter {
    private(set) var text: String
    private var depth = 0
    /// Put before every id and every reference to one (`url(#plot-area)`), so that the
    /// panels of a figure keep theirs apart.
    var idPrefix = ""

    /// A whole document starts with the XML declaration; a fragment does not.
    init(document: Bool = true) {
        text = document ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
    }

    /// Attributes in the order SVG readers expect to see them first, then alphabetical.
    private static let order = ["xmlns", "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width",
                                "height", "viewBox", "d", "points"]

    private func attributeText(_ attributes: [String: String]) -> String {
        let keys = attributes.keys.sorted { a, b in
            let (i, j) = (SVGWriter.order.firstIndex(of: a) ?? 99, SVGWriter.order.firstIndex(of: b) ?? 99)
            return i != j ? i < j : a < b
        }
        return keys.map { key in
            var value = attributes[key]!
            if key == "id" { value = idPrefix + value }
            if value.hasPrefix("url(#") { value = "url(#" + idPrefix + value.dropFirst(5) }
            return " \(key)=\"\(SVGWriter.escape(value))\""
        }.joined()
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    mutating func open(_ name: String, _ attributes: [String: String] = [:]) {
        text += "\(indent)<\(name)\(attributeText(attributes))>\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += "\(indent)</\(name)>\n"
    }

    mutating func leaf(_ name: String, _ attributes: [String: String]) {
        text += "\(indent)<\(name)\(attributeText(attributes))/>\n"
    }

    mutating func element(_ name: String, _ attributes: [String: String] = [:], text content: String) {
        text += "\(indent)<\(name)\(attributeText(attributes))>\(SVGWriter.escape(content))</\(name)>\n"
    }

    /// An element holding a `<title>` (a tooltip naming it).
    mutating func element(_ name: String, _ attributes: [String: String], title: String) {
        text += "\(indent)<\(name)\(attributeText(attributes))><title>\(SVGWriter.escape(title))</title></\(name)>\n"
    }

    mutating func raw(_ elements: String) {
        for line in elements.split(separator: "\n") { text += "\(indent)\(line)\n" }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most 2 decimals and no trailing zeros: 12.5, 3, -0.25.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var s = String(format: "%.2f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
