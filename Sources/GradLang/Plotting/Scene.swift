import Foundation

/// What a picture shows, said once for every back-end: marks in data coordinates, the
/// window onto them, the axes, the legend. `TerminalRenderer` and `SVGRenderer` decide
/// how each mark looks; the plot builders never do.
struct Scene {
    /// The part of the plane the picture shows.
    var window: Box
    /// One unit on x is as long as one unit on y (contours, so that gradients look
    /// perpendicular to the level curves; surfaces, so that the projection is not squashed).
    var equalAspect = false
    /// A frame with ticks, or nil for a picture without one (a surface draws its own box).
    var axes: Axes?
    var title: String?
    /// The key to a filled contour's colours.
    var colorBar: ColorBar?
    /// A path that an SVG draws step by step (its marks are the still picture).
    var animation: PathAnimation?
    var marks: [Mark] = []
    var legend: [LegendEntry] = []
    /// Lines written under the picture: what was left out, and why.
    var notes: [String] = []
    /// What the SVG's `<title>` says: "plot of f", "contour of loss".
    var description: String

    init(window: Box, description: String) {
        self.window = window
        self.description = description
    }

    mutating func add(_ mark: Mark) { marks.append(mark) }
}

struct Point: Equatable {
    var x: Double
    var y: Double

    init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    var isFinite: Bool { x.isFinite && y.isFinite }
    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    static func * (k: Double, p: Point) -> Point { Point(k * p.x, k * p.y) }
    var length: Double { hypot(x, y) }
}

/// A rectangle of the plane, lower-left to upper-right.
struct Box: Equatable {
    var x0: Double, x1: Double, y0: Double, y1: Double

    var width: Double { x1 - x0 }
    var height: Double { y1 - y0 }

    func contains(_ p: Point) -> Bool { p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 }

    /// The same box grown by `fraction` of its size on every side.
    func grown(by fraction: Double) -> Box {
        let dx = width * fraction, dy = height * fraction
        return Box(x0: x0 - dx, x1: x1 + dx, y0: y0 - dy, y1: y1 + dy)
    }

    /// The smallest box holding every finite point, or nil when there is none.
    static func bounding(_ points: [Point]) -> Box? {
        var box: Box?
        for p in points where p.isFinite {
            if var b = box {
                b.x0 = min(b.x0, p.x); b.x1 = max(b.x1, p.x)
                b.y0 = min(b.y0, p.y); b.y1 = max(b.y1, p.y)
                box = b
            } else {
                box = Box(x0: p.x, x1: p.x, y0: p.y, y1: p.y)
            }
        }
        return box
    }
}

struct Axes {
    var xTicks: [Tick]
    var yTicks: [Tick]
    var xName: String
    var yName: String
}

struct Tick: Equatable {
    var value: Double
    var label: String
}

/// What a mark is for. Each back-end maps a role to a look: a colour and a dash pattern
/// in SVG, braille or a glyph (and a colour, when asked) in the terminal.
enum Role: Equatable {
    /// The i-th function of a `plot`.
    case series(Int)
    /// The level curve `index` of `count` levels, lowest first.
    case level(index: Int, count: Int)
    /// Gradient arrows.
    case gradient
    /// A descent path and its points.
    case path
    /// Points a `plot` marks on its curves, stars on a contour, and their names.
    case points
    /// The box under a surface and its tick marks.
    case box
    /// Tick labels and axis names drawn inside the picture (a surface's).
    case axisText

    /// Whether a label of this role may sit on what a mark of role `drawn` drew; the line is
    /// then broken under it. Level curves give way to a level's label on its own curve and
    /// to labels that are not levels' (step numbers); nothing else gives way to a label,
    /// except that a surface's tick labels, outside its floor, may cross its box.
    func labelMayCover(_ drawn: Role) -> Bool {
        if self == .axisText { return true }
        guard drawn.isLevel else { return false }
        return isLevel ? self == drawn : true
    }

    var isLevel: Bool {
        if case .level = self { return true }
        return false
    }
}

enum Marker: Equatable {
    /// A visited point of a path.
    case dot
    /// A point `plot` was asked to mark.
    case point
    /// Where a path starts: a hollow ring.
    case start
    /// Where a path ends: a filled disc.
    case end
    /// A point where the gradient is zero: flat ground.
    case flat
    /// A point the teacher marked on a contour (the minimum).
    case star
}

enum TextAnchor: Equatable {
    case start, middle, end
}

/// Where a label may go: a point, the angle of the curve there (degrees, counter-clockwise,
/// between -90 and 90), and how the text hangs off the point.
struct Placement: Equatable {
    var at: Point
    var angle: Double = 0
    var anchor: TextAnchor = .middle
}

enum Mark {
    /// A polyline; a non-finite point breaks it into pieces. The name tells what it is
    /// ("level 4") where the format has room for that (an SVG `<title>`).
    case line([Point], Role, name: String? = nil)
    /// A straight arrow with its head at `to`.
    case arrow(from: Point, to: Point, Role)
    case marker(Point, Marker, Role)
    /// Text at the first of its places where it does not cover other text; left out when
    /// none is free.
    case label(String, places: [Placement], Role)
    /// A face of a surface: `shade` is how lit it is (0 dark to 1 bright), `tone` where it
    /// sits on the colour scale (0 low to 1 high), `wire` which of its sides (the first
    /// from corner 0 to corner 1) lie on the lines of a coarser wireframe.
    case polygon([Point], shade: Double, tone: Double, wire: [Bool])
    /// The coloured bands of a filled contour, under everything else.
    case fill(ContourFill)

    /// What the mark shows; nil for a face of a surface and for the bands of a fill.
    var role: Role? {
        switch self {
        case .line(_, let role, _), .arrow(_, _, let role), .marker(_, _, let role), .label(_, _, let role):
            return role
        case .polygon, .fill:
            return nil
        }
    }
}

/// A line of the legend: a sample of the mark's look, then its text.
struct LegendEntry: Equatable {
    enum Sample: Equatable {
        case line(Role)
        case arrow
        case marker(Marker, Role)
        /// The list of contour levels, for pictures that cannot label the curves well
        /// (the terminal); an SVG labels each curve instead and leaves this out.
        case levels
    }

    var sample: Sample
    var text: String
}
