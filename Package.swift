// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Grad",
    products: [
        .library(name: "GradLang", targets: ["GradLang"]),
        .executable(name: "grad", targets: ["grad"]),
        // Embedding GradLang in a Swift program: the guide's code, run by scripts/test.
        .executable(name: "grad-embedding-example", targets: ["EmbeddingExample"]),
        // libFuzzer over the whole pipeline; build it with scripts/fuzz (see docs/embedding.md).
        .executable(name: "GradFuzz", targets: ["GradFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        // The embeddable language: pure Swift + Foundation, no terminal, no global state.
        .target(name: "GradLang"),
        // libedit, for the REPL only; shim.h wraps the variadic el_set/el_get/history.
        .systemLibrary(
            name: "CLibedit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .executableTarget(
            name: "grad",
            dependencies: [
                "GradLang",
                "CLibedit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GradLangTests", dependencies: ["GradLang"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GoldenTests", dependencies: ["GradLang"], resources: [.copy("Golden")]),
        .testTarget(name: "CLITests", dependencies: ["grad"]),
        // Swift 6 language mode, as a new host app would be: the API must suit it.
        .executableTarget(name: "EmbeddingExample", dependencies: ["GradLang"], swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "GradFuzz", dependencies: ["GradLang"]),
        // The public API only (no @testable): what a host program can do.
        .testTarget(name: "EmbeddingTests", dependencies: ["GradLang"]),
    ],
    swiftLanguageModes: [.v5]
)
