// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "dsbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dsbox", targets: ["dsbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .target(
            name: "SandboxCore", swiftSettings: strict,
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "ProtocolKit", dependencies: ["SandboxCore"], swiftSettings: strict),
        .target(name: "Protocols", dependencies: ["SandboxCore", "ProtocolKit"], swiftSettings: strict),
        .target(
            name: "Simulator",
            dependencies: [
                "SandboxCore",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict),
        .target(name: "Views", dependencies: ["SandboxCore", "Simulator", "ProtocolKit"], swiftSettings: strict),
        .target(
            name: "Console",
            dependencies: ["SandboxCore", "Simulator", "ProtocolKit", "Protocols", "Views"],
            swiftSettings: strict),
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        .target(name: "LineEdit", dependencies: ["CEditLine"], swiftSettings: strict),
        .executableTarget(
            name: "dsbox",
            dependencies: [
                "Console",
                "LineEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "DsboxBench",
            dependencies: ["SandboxCore", "Simulator", "ProtocolKit", "Protocols", "Views"],
            swiftSettings: strict),
        .testTarget(name: "SandboxCoreTests", dependencies: ["SandboxCore"], swiftSettings: strict),
        .testTarget(name: "ProtocolKitTests", dependencies: ["ProtocolKit"], swiftSettings: strict),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Protocols", "SandboxCore"], swiftSettings: strict),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Simulator", "SandboxCore"], swiftSettings: strict),
        .testTarget(name: "ViewsTests", dependencies: ["Views", "Simulator", "SandboxCore"], swiftSettings: strict),
        .testTarget(name: "ReplTests", dependencies: [], swiftSettings: strict),
    ]
)
