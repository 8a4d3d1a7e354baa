// swift-tools-version:6.1
import PackageDescription

// The layers (docs/ARCHITECTURE.md, docs/adr/0001-layers.md) are enforced by target boundaries: Core imports only
// the Swift standard library; Wire is pure codecs; System owns every syscall; Adapters is infrastructure (HTTP,
// Valkey, PostgreSQL, zstd, msgpack) and knows nothing of Core; Services is the application between Core and the
// infrastructure; the executable (Multicall, Roles) only parses options and wires.
let package = Package(
    name: "KeyForge",
    products: [
        .executable(name: "keyforge", targets: ["KeyForge"]),
        // libFuzzer entry points for the protocol parsers (`make fuzz` builds them with the sanitizers).
        .executable(name: "FuzzRESP", targets: ["FuzzRESP"]),
        .executable(name: "FuzzHTTP", targets: ["FuzzHTTP"]),
        .executable(name: "FuzzJSON", targets: ["FuzzJSON"]),
        .executable(name: "FuzzArchive", targets: ["FuzzArchive"]),
        .executable(name: "FuzzHive", targets: ["FuzzHive"]),
        .executable(name: "FuzzCorpus", targets: ["FuzzCorpus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "CShims",
            path: "Sources/CShims",
            cSettings: [.define("_GNU_SOURCE")],
            linkerSettings: [
                .linkedLibrary("zstd"), .linkedLibrary("hiredis"),
                .linkedLibrary("pq"), .linkedLibrary("msgpackc"), .linkedLibrary("curl"),
            ]
        ),
        .target(name: "KeyForgeCore", path: "Sources/KeyForge/Core", exclude: ["README.md"]),
        .target(name: "KeyForgeWire", path: "Sources/KeyForge/Wire", exclude: ["README.md"]),
        .target(name: "KeyForgeSystem", dependencies: ["CShims"], path: "Sources/KeyForge/System",
                exclude: ["README.md"]),
        .target(
            name: "KeyForgeAdapters",
            dependencies: ["CShims", "KeyForgeWire", "KeyForgeSystem"],
            path: "Sources/KeyForge/Adapters",
            exclude: ["README.md"]
        ),
        .target(
            name: "KeyForgeServices",
            dependencies: ["CShims", "KeyForgeCore", "KeyForgeWire", "KeyForgeSystem", "KeyForgeAdapters"],
            path: "Sources/KeyForge/Services",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "KeyForge",
            dependencies: [
                "KeyForgeCore", "KeyForgeWire", "KeyForgeSystem", "KeyForgeAdapters", "KeyForgeServices",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/KeyForge",
            exclude: ["Core", "Wire", "System", "Adapters", "Services"]
        ),
        .testTarget(name: "KeyForgeCoreTests", dependencies: ["KeyForgeCore"]),
        .executableTarget(name: "FuzzRESP", dependencies: ["KeyForgeWire"], path: "Sources/FuzzRESP"),
        .executableTarget(name: "FuzzHTTP", dependencies: ["KeyForgeWire"], path: "Sources/FuzzHTTP"),
        .executableTarget(name: "FuzzJSON", dependencies: ["KeyForgeWire"], path: "Sources/FuzzJSON"),
        .executableTarget(name: "FuzzArchive", dependencies: ["KeyForgeWire"], path: "Sources/FuzzArchive"),
        .executableTarget(name: "FuzzHive", dependencies: ["KeyForgeWire"], path: "Sources/FuzzHive"),
        .executableTarget(name: "FuzzCorpus", dependencies: ["KeyForgeAdapters"], path: "Sources/FuzzCorpus"),
        .testTarget(name: "KeyForgeWireTests", dependencies: ["KeyForgeWire"], exclude: ["HTTPCases"]),
        // The system layer alone, over real descriptors: the loop, timers, the pool, the choke point, files, locks, inotify.
        .testTarget(name: "KeyForgeSystemTests", dependencies: ["KeyForgeSystem", "CShims"]),
        // Shared by the test targets: real servers (valkey-server, PostgreSQL) started and stopped by the tests.
        .target(name: "KeyForgeTestSupport", dependencies: ["CShims", "KeyForgeAdapters", "KeyForgeServices", "KeyForgeSystem"],
                path: "Tests/KeyForgeTestSupport"),
        .testTarget(name: "KeyForgeAdaptersTests",
                    dependencies: ["KeyForgeAdapters", "KeyForgeCore", "KeyForgeWire", "KeyForgeSystem", "KeyForgeTestSupport"]),
        .testTarget(name: "KeyForgeServicesTests",
                    dependencies: ["KeyForgeServices", "KeyForgeAdapters", "KeyForgeCore", "KeyForgeWire", "KeyForgeSystem",
                                   "KeyForgeTestSupport"]),
        .testTarget(
            name: "KeyForgeTests",
            dependencies: ["KeyForge", "KeyForgeCore", "KeyForgeWire", "KeyForgeAdapters", "KeyForgeServices", "KeyForgeSystem",
                           "KeyForgeTestSupport"],
            exclude: ["Fixtures"],
            resources: []
        ),
    ]
)
