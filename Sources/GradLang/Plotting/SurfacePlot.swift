import Foundation

/// `surface(f, [x0, x1], [y0, y1])`: the graph of f seen from above and to the side. The
/// grid's small squares are projected, sorted back to front and shaded by how squarely
/// the light falls on them; the SVG draws them as a shaded wireframe, the terminal fills
/// character cells with denser glyphs where the surface is brighter.
struct SurfacePlot {
    var f: Sampler
    var x: (Double, Double)
    var y: (Double, Double)
    /// Degrees around the vertical axis, and above the floor, that the viewer looks from.
    var azimuth = -60.0
    var elevation = 30.0
    var title: String?

    static let gridSize = 31
    /// Every this many grid lines is a line of the coarse wireframe the terminal draws.
    static let wireEvery = 3
    /// The box is 2 wide, 2 deep and this tall, as matplotlib's 4:4:3.
    static let boxHeight = 1.5

    func scene() throws -> Scene {
        let n = SurfacePlot.gridSize
        let xs = (0..<n).map { x.0 + (x.1 - x.0) * Double($0) / Double(n - 1) }
        let ys = (0..<n).map { y.0 + (y.1 - y.0) * Double($0) / Double(n - 1) }
        let zs = try ys.map { yv in try xs.map { xv in try f.value(xv, yv) } }
        let finite = zs.flatMap { $0 }.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else {
            throw f.fail("\(f.name) is not a finite number anywhere on [\(Ticks.short(x.0)), \(Ticks.short(x.1))] × "
                         + "[\(Ticks.short(y.0)), \(Ticks.short(y.1))]; nothing to draw")
        }
        guard (high - low).isFinite, (high - low) * 4 < .greatestFiniteMagnitude else {
            throw f.fail("\(f.name) runs from \(Ticks.short(low)) to \(Ticks.short(high)), too far apart to draw")
        }
        if low == high { (low, high) = (low - 1, high + 1) }
        let zStep = Ticks.step(for: high - low, count: 4)
        (low, high) = Ticks.widened(low, high, step: zStep)
        let camera = Camera(azimuth: azimuth, elevation: elevation)
        let z = (low, high)
        func world(_ i: Int, _ j: Int) -> Vector3 {
            Vector3(2 * Double(i) / Double(n - 1) - 1, 2 * Double(j) / Double(n - 1) - 1,
                    (zs[j][i] - z.0) / (z.1 - z.0) * SurfacePlot.boxHeight - SurfacePlot.boxHeight / 2)
        }

        let surface = (0..<n).flatMap { j in (0..<n).map { i in world(i, j) } }
        var scene = Scene(window: window(camera, surface), description: "surface of \(f.name)")
        scene.title = title
        scene.equalAspect = true
        addBox(camera, to: &scene)

        var quads: [(depth: Double, mark: Mark)] = []
        for j in 0..<(n - 1) {
            for i in 0..<(n - 1) {
                let corners = [world(i, j), world(i + 1, j), world(i + 1, j + 1), world(i, j + 1)]
                guard corners.allSatisfy({ $0.z.isFinite }) else { continue }
                let depth = corners.map(camera.depth).reduce(0, +) / 4
                let tone = (corners.map(\.z).reduce(0, +) / 4 + SurfacePlot.boxHeight / 2) / SurfacePlot.boxHeight
                let k = SurfacePlot.wireEvery
                let wire = [j % k == 0, (i + 1) % k == 0, (j + 1) % k == 0, i % k == 0]
                let mark = Mark.polygon(corners.map(camera.project), shade: camera.shade(corners), tone: tone,
                                        wire: wire)
                quads.append((depth, mark))
            }
        }
        for quad in quads.sorted(by: { $0.depth < $1.depth }) { scene.add(quad.mark) }
        addLabels(camera, zStep: zStep, z: z, to: &scene)
        if finite.count < n * n {
            scene.notes.append("note: \(f.name) is not a finite number at \(n * n - finite.count) of \(n * n) grid "
                               + "points; the surface has holes there")
        }
        return scene
    }

    /// What the picture must hold: the surface, the floor with room around it for the tick
    /// labels, and the z axis.
    private func window(_ camera: Camera, _ surface: [Vector3]) -> Box {
        let h = SurfacePlot.boxHeight / 2
        var points = surface.filter { $0.z.isFinite }.map(camera.project)
        let (fu, fv) = front(camera)
        for t in [-1.0, 1] {
            points.append(camera.project(Vector3(t, fv * 1.4, -h)))
            points.append(camera.project(Vector3(fu * 1.4, t, -h)))
        }
        let corner = zCorner(camera)
        points.append(camera.project(Vector3(corner.u, corner.v, h)))
        let box = Box.bounding(points) ?? Box(x0: -2, x1: 2, y0: -2, y1: 2)
        return Box(x0: box.x0 - 0.25, x1: box.x1 + 0.25, y0: box.y0 - 0.05, y1: box.y1 + 0.15)
    }

    /// The corner of the floor nearest the viewer: the front edges run from it.
    private func front(_ camera: Camera) -> (u: Double, v: Double) {
        (camera.view.x >= 0 ? 1 : -1, camera.view.y >= 0 ? 1 : -1)
    }

    /// The floor's outline and the vertical axis, drawn first so the surface hides them.
    private func addBox(_ camera: Camera, to scene: inout Scene) {
        let w = -SurfacePlot.boxHeight / 2
        let floor = [Vector3(-1, -1, w), Vector3(1, -1, w), Vector3(1, 1, w), Vector3(-1, 1, w), Vector3(-1, -1, w)]
        scene.add(.line(floor.map(camera.project), .box, name: "floor"))
        let corner = zCorner(camera)
        scene.add(.line([Vector3(corner.u, corner.v, w), Vector3(corner.u, corner.v, -w)].map(camera.project), .box,
                        name: "z axis"))
    }

    /// The floor corner furthest left on the page: the z axis stands there.
    private func zCorner(_ camera: Camera) -> (u: Double, v: Double) {
        let corners = [(-1.0, -1.0), (1, -1), (1, 1), (-1, 1)]
        return corners.min { camera.project(Vector3($0.0, $0.1, 0)).x < camera.project(Vector3($1.0, $1.1, 0)).x }!
    }

    /// Tick labels: the z axis's first, so that every one of them is shown, then x and y
    /// along the two front edges of the floor.
    private func addLabels(_ camera: Camera, zStep: Double, z: (Double, Double), to scene: inout Scene) {
        let w = -SurfacePlot.boxHeight / 2
        let corner = zCorner(camera)
        for tick in Ticks.ticks(from: z.0, to: z.1, step: zStep) {
            let height = (tick.value - z.0) / (z.1 - z.0) * SurfacePlot.boxHeight + w
            let p = camera.project(Vector3(corner.u, corner.v, height))
            scene.add(.label(tick.label, places: [Placement(at: p, anchor: .end)], .axisText))
        }
        let top = camera.project(Vector3(corner.u, corner.v, -w))
        let zName = f.name.count <= 12 ? f.name : "z"
        scene.add(.label(zName, places: [Placement(at: Point(top.x, top.y + 0.12), anchor: .middle),
                                          Placement(at: Point(top.x - 0.04, top.y + 0.12), anchor: .start)],
                         .axisText))

        let (fu, fv) = front(camera)
        let names = f.parameterNames ?? ["x", "y"]
        let xStep = Ticks.step(for: x.1 - x.0, count: 4), yStep = Ticks.step(for: y.1 - y.0, count: 4)
        // Text near the z axis's foot must not read as a height: it goes right of the axis,
        // and half a z tick's spacing below the lowest.
        let foot = camera.project(Vector3(corner.u, corner.v, w))
        let spacing = zStep / (z.1 - z.0) * SurfacePlot.boxHeight * camera.up.z
        let clear = (x: foot.x, below: foot.y - spacing / 2)
        // x ticks along the front edge v = fv, pushed outward in v.
        for tick in Ticks.ticks(from: x.0, to: x.1, step: xStep) {
            let u = 2 * (tick.value - x.0) / (x.1 - x.0) - 1
            addText(tick.label, at: Vector3(u, fv * 1.12, w), from: Vector3(u, fv, w), clear, camera, &scene)
        }
        addText(names[0], at: Vector3(0, fv * 1.45, w), from: Vector3(0, fv, w), clear, camera, &scene)
        for tick in Ticks.ticks(from: y.0, to: y.1, step: yStep) {
            let v = 2 * (tick.value - y.0) / (y.1 - y.0) - 1
            addText(tick.label, at: Vector3(fu * 1.12, v, w), from: Vector3(fu, v, w), clear, camera, &scene)
        }
        addText(names[1], at: Vector3(fu * 1.45, 0, w), from: Vector3(fu, 0, w), clear, camera, &scene)
    }

    /// Text at `at`, hanging away from the box edge point `from`; near the z axis, right of
    /// it and below `clear.below`.
    private func addText(_ text: String, at: Vector3, from: Vector3, _ clear: (x: Double, below: Double),
                         _ camera: Camera, _ scene: inout Scene) {
        var p = camera.project(at)
        let dx = p.x - camera.project(from).x
        var anchor: TextAnchor = abs(dx) < 0.03 ? .middle : (dx > 0 ? .start : .end)
        if p.x < clear.x + 0.3 {
            (p, anchor) = (Point(max(p.x, clear.x), min(p.y, clear.below)), .start)
        }
        scene.add(.label(text, places: [Placement(at: p, anchor: anchor)], .axisText))
    }
}

struct Vector3 {
    var x: Double, y: Double, z: Double

    init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    func dot(_ b: Vector3) -> Double { x * b.x + y * b.y + z * b.z }
    func cross(_ b: Vector3) -> Vector3 { Vector3(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x) }
    var normalized: Vector3 {
        let n = dot(self).squareRoot()
        return n > 0 ? Vector3(x / n, y / n, z / n) : self
    }
}

/// An orthographic view from an azimuth and an elevation, with a light over the viewer's
/// left shoulder.
struct Camera {
    let view: Vector3
    let right: Vector3
    let up: Vector3
    let light: Vector3

    init(azimuth: Double, elevation: Double) {
        let a = azimuth.truncatingRemainder(dividingBy: 360) * .pi / 180, e = elevation * .pi / 180
        view = Vector3(cos(e) * cos(a), cos(e) * sin(a), sin(e))
        right = Vector3(-sin(a), cos(a), 0)
        up = Vector3(-sin(e) * cos(a), -sin(e) * sin(a), cos(e))
        let l = Vector3(view.x - 0.6 * right.x + 0.9 * up.x, view.y - 0.6 * right.y + 0.9 * up.y,
                        view.z - 0.6 * right.z + 0.9 * up.z)
        light = l.normalized
    }

    func project(_ p: Vector3) -> Point { Point(p.dot(right), p.dot(up)) }
    /// Larger is nearer the viewer.
    func depth(_ p: Vector3) -> Double { p.dot(view) }

    /// How lit a small quadrilateral is, 0 to 1; its underside is lit less.
    func shade(_ corners: [Vector3]) -> Double {
        var normal = (corners[2] - corners[0]).cross(corners[3] - corners[1]).normalized
        var factor = 1.0
        if normal.dot(view) < 0 {
            normal = Vector3(-normal.x, -normal.y, -normal.z)
            factor = 0.6
        }
        return factor * (0.2 + 0.8 * max(0, normal.dot(light)))
    }
}
