import Foundation

/// What a contour marks on the plane: a descent path with its start, end and step numbers,
/// and points the teacher named (a star at the minimum).
extension ContourPlot {
    func addPath(_ path: [Point], to scene: inout Scene) {
        scene.add(.line(path, .path, name: "path"))
        if path.count <= 60 {
            for p in path.dropFirst().dropLast() { scene.add(.marker(p, .dot, .path)) }
        }
        // An animation shows the order by itself.
        if path.count <= 30, !animate { addStepNumbers(path, to: &scene) }
        scene.add(.marker(path[0], .start, .path))
        if path.count > 1 { scene.add(.marker(path[path.count - 1], .end, .path)) }
        scene.legend.append(LegendEntry(sample: .line(.path), text: "path"))
        scene.legend.append(LegendEntry(sample: .marker(.start, .path), text: "start"))
        if path.count > 1 { scene.legend.append(LegendEntry(sample: .marker(.end, .path), text: "end")) }
        let box = scene.window.grown(by: 1e-9)
        if let out = path.firstIndex(where: { !box.contains($0) }) {
            scene.notes.append(out == 0 ? "note: the path starts outside the picture"
                               : "note: the path leaves the picture at step \(out)")
        }
    }

    /// The number of each step beside its point, on either side of the path: where steps go
    /// back and forth along one line, the numbers tell the order.
    private func addStepNumbers(_ path: [Point], to scene: inout Scene) {
        let offset = 0.03 * max(x.1 - x.0, y.1 - y.0)
        for k in path.indices.dropFirst() {
            let before = path[k] - path[k - 1], after = k + 1 < path.count ? path[k + 1] - path[k] : before
            var along = (1 / max(before.length, 1e-300)) * before + (1 / max(after.length, 1e-300)) * after
            along = along.length > 0 ? (1 / along.length) * along : Point(1, 0)
            let normal = Point(-along.y, along.x)
            let sides = [(0.0, 1.0), (0, -1), (0.8, 1), (-0.8, 1), (0.8, -1), (-0.8, -1), (0, 1.7), (0, -1.7)]
            let places = sides.map { Placement(at: path[k] + offset * ($0.0 * along + $0.1 * normal)) }
            scene.add(.label("\(k)", places: places, .path))
        }
    }

    /// A star at each point, its name beside it; unnamed stars get a line in the legend.
    func addPoints(to scene: inout Scene) {
        let offset = 0.035 * max(x.1 - x.0, y.1 - y.0)
        for (k, p) in points.enumerated() {
            scene.add(.marker(p, .star, .points))
            guard k < pointNames.count else { continue }
            let places = [Placement(at: p + Point(offset, 0), anchor: .start),
                          Placement(at: p - Point(offset, 0), anchor: .end),
                          Placement(at: p + Point(0, 1.6 * offset)), Placement(at: p - Point(0, 1.6 * offset))]
            scene.add(.label(pointNames[k], places: places, .points))
        }
        if pointNames.isEmpty { scene.legend.append(LegendEntry(sample: .marker(.star, .points), text: "marked")) }
        if points.contains(where: { !scene.window.grown(by: 1e-9).contains($0) }) {
            scene.notes.append("note: some marked points lie outside the picture")
        }
    }
}
