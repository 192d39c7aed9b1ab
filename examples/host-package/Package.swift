// swift-tools-version:6.0
// A separate package that uses Grad by path, as a host app would (scripts/test builds and runs it).
import PackageDescription

let package = Package(
    name: "GradHost",
    dependencies: [.package(name: "Grad", path: "../..")],
    targets: [
        .executableTarget(name: "grad-host", dependencies: [.product(name: "GradLang", package: "Grad")]),
    ]
)
