/// A picture a program drew (`plot`, `contour`, `surface`, `figure` without `file:`), handed
/// to a host that set `Interpreter.pictureOutput`, for a front end that shows SVG (a notebook,
/// a web page) rather than terminal text.
public struct Picture: Sendable, Equatable {
    /// A standalone SVG document (as `file:` would write it).
    public let svg: String
    /// The same picture drawn as terminal text (as `output` would have received it without
    /// `pictureOutput`): a stand-in where SVG cannot be shown.
    public let text: String
    /// What the picture shows, in words (the SVG's `<title>`).
    public let title: String

    public init(svg: String, text: String, title: String) {
        self.svg = svg
        self.text = text
        self.title = title
    }
}
