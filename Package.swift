// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "RadBridge",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HL7", targets: ["HL7"]),
        .executable(name: "radbridge", targets: ["radbridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(name: "HL7"),
        .target(name: "Workflow", dependencies: ["HL7"]),
        .executableTarget(
            name: "radbridge",
            dependencies: [
                "HL7",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "radbridge-bench", dependencies: ["HL7"]),
        .testTarget(name: "HL7Tests", dependencies: ["HL7"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "HL7"]),
        .testTarget(name: "RadBridgeCLITests", dependencies: ["radbridge"]),
    ],
    swiftLanguageModes: [.v6]
)
