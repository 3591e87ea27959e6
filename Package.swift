// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "RadBridge",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HL7", targets: ["HL7"]),
        .library(name: "DICOM", targets: ["DICOM"]),
        .library(name: "DICOMNetwork", targets: ["DICOMNetwork"]),
        .executable(name: "radbridge", targets: ["radbridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "HL7"),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(name: "DICOM", dependencies: ["CZlib"]),
        .target(
            name: "DICOMNetwork",
            dependencies: [
                "DICOM",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "Workflow", dependencies: ["HL7", "DICOM"]),
        .target(name: "Engine", dependencies: ["HL7", "DICOM", "DICOMNetwork", "Workflow"]),
        .executableTarget(
            name: "radbridge",
            dependencies: [
                "HL7",
                "DICOM",
                "DICOMNetwork",
                "Workflow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "radbridge-bench", dependencies: ["HL7", "DICOM", "DICOMNetwork", "Workflow"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "HL7Tests", dependencies: ["HL7"]),
        .testTarget(name: "EngineWorkflowTests", dependencies: ["Engine", "Workflow", "HL7", "DICOM", "DICOMNetwork", "TestSupport"]),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM", "TestSupport"]),
        .testTarget(
            name: "DICOMNetworkTests",
            dependencies: [
                "DICOM",
                "TestSupport",
                "DICOMNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "HL7", "DICOM"]),
        .testTarget(name: "RadBridgeCLITests", dependencies: ["radbridge"]),
    ],
    swiftLanguageModes: [.v6]
)
