/// A descent path an SVG draws step by step as it plays, over and over: SMIL `<animate>`
/// elements, which browsers and notebooks play and other readers ignore. What they ignore
/// is the still picture: every step shown, the counter at the last step.
struct PathAnimation {
    let points: [Point]
}

struct SVGPathAnimation {
    let animation: PathAnimation
    let marks: MarkWriter

    /// Long paths move in at most this many frames, several steps each.
    static let maxFrames = 60
    /// The whole path stays this long before it starts again.
    static let hold = 2.0

    init(_ animation: PathAnimation, marks: MarkWriter) {
        self.animation = animation
        self.marks = marks
    }

    /// The steps each frame adds, as ranges of point indices: frame 0 is the start alone.
    private var frames: [ClosedRange<Int>] {
        let steps = animation.points.count - 1
        let count = min(steps, SVGPathAnimation.maxFrames)
        guard count > 0 else { return [0...0] }
        return [0...0] + (1...count).map { j in ((j - 1) * steps / count + 1)...(j * steps / count) }
    }

    /// Seconds a frame stays before the next, and the whole loop.
    private var timing: (step: Double, duration: Double) {
        let step = min(0.6, 12 / Double(frames.count))
        return (step, Double(frames.count) * step + SVGPathAnimation.hold)
    }

    /// The path, frame by frame (inside the plot area's clip).
    func drawSteps(_ svg: inout SVGWriter) {
        let points = animation.points, frames = self.frames
        let (step, duration) = timing
        let color = MarkWriter.color(.path)
        svg.open("g", ["id": "descent"])
        for (j, frame) in frames.enumerated() {
            let start = Double(j) * step / duration
            svg.open("g", j == 0 ? [:] : ["opacity": "1"])
            if j > 0 { appear(at: start, duration, &svg) }
            if frame.lowerBound > 0 {
                let d = marks.pathData(Array(points[(frame.lowerBound - 1)...frame.upperBound]))
                if !d.isEmpty { svg.leaf("path", marks.lineStyle(.path).merging(["d": d]) { $1 }) }
            }
            for k in frame where points.count <= 60 || k == 0 || k == points.count - 1 {
                let marker: Marker = k == 0 ? .start : k == points.count - 1 ? .end : .dot
                let p = points[k]
                if marks.frame.window.grown(by: 1e-9).contains(p) {
                    MarkWriter.marker(marker, at: marks.frame.pixel(p), color: color, &svg)
                }
            }
            svg.close("g")
        }
        svg.close("g")
    }

    /// Hidden until `start` (a fraction of the loop), then shown to the end of the loop.
    private func appear(at start: Double, _ duration: Double, _ svg: inout SVGWriter) {
        svg.leaf("animate", ["attributeName": "opacity", "values": "0;1", "keyTimes": "0;\(fraction(start))",
                             "calcMode": "discrete", "dur": "\(fmt(duration))s", "repeatCount": "indefinite"])
    }

    /// "step k" above the plot area's right end, one text a frame, each shown during its
    /// frame only; a still picture shows the last.
    func drawCounter(_ svg: inout SVGWriter) {
        let area = marks.frame.area, frames = self.frames
        let (step, duration) = timing
        svg.open("g", ["id": "step-counter", "font-size": "13", "fill": "#333", "text-anchor": "end"])
        for (j, frame) in frames.enumerated() {
            let last = j == frames.count - 1
            let start = Double(j) * step / duration, end = Double(j + 1) * step / duration
            svg.open("g", ["opacity": last ? "1" : "0"])
            let (values, times) = last ? ("0;1", "0;\(fraction(start))")
                : j == 0 ? ("1;0", "0;\(fraction(end))") : ("0;1;0", "0;\(fraction(start));\(fraction(end))")
            svg.leaf("animate", ["attributeName": "opacity", "values": values, "keyTimes": times,
                                 "calcMode": "discrete", "dur": "\(fmt(duration))s", "repeatCount": "indefinite"])
            svg.element("text", ["x": fmt(area.x + area.width), "y": fmt(area.y - 7)], text: "step \(frame.upperBound)")
            svg.close("g")
        }
        svg.close("g")
    }

    /// A fraction of the loop with 4 decimals: enough for 60 frames, and the same bytes each time.
    private func fraction(_ x: Double) -> String {
        var s = String(format: "%.4f", min(1, max(0, x)))
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// A coordinate as SVG text (see `SVGWriter.number`).
private func fmt(_ x: Double) -> String { SVGWriter.number(x) }
