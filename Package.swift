// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "RadBridge",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "HL7", targets: ["HL7"]),
        .library(name: "DICOM", targets: ["DICOM"]),
        .library(name: "DICOMNetwork", targets: ["DICOMNetwork"]),
        .library(name: "MLLP", targets: ["MLLP"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "AccessControl", targets: ["AccessControl"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "FHIR", targets: ["FHIR"]),
        .executable(name: "radbridge", targets: ["radbridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Already built as part of Hummingbird; the engine runs as one ServiceGroup, shut down gracefully.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // OpenID Connect bearer JWTs (signatures, JWKS); brings swift-crypto, already built for Hummingbird's TLS.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
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
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(name: "Workflow", dependencies: ["HL7", "DICOM"]),
        .target(name: "FHIR", dependencies: ["Workflow", "HL7"]),
        .target(
            name: "MLLP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The store API: protocols and value types, no database.
        .target(name: "Store"),
        // The embedded implementation of the store API (a PostgreSQL one would be its sibling).
        .target(
            name: "SQLiteStore",
            dependencies: ["Store",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        // Who may do what: roles, permissions, local API tokens, OIDC bearer JWTs. Knows no HTTP framework.
        // (Not named Security: that is an Apple framework on macOS, which NIOSSL and swift-crypto import there.)
        .target(
            name: "AccessControl",
            dependencies: ["Store",
                           .product(name: "JWTKit", package: "jwt-kit"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "Engine",
            dependencies: [
                "HL7", "MLLP", "Store", "DICOM", "DICOMNetwork", "Workflow", "FHIR", "AccessControl",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources/profiles")]
        ),
        .executableTarget(
            name: "radbridge",
            dependencies: [
                "HL7",
                "DICOM",
                "DICOMNetwork",
                "Engine", "MLLP", "Store", "SQLiteStore", "Workflow", "AccessControl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "radbridge-bench",
            dependencies: ["HL7", "DICOM", "DICOMNetwork", "Workflow", "Engine", "MLLP", "Store", "SQLiteStore",
                           .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(name: "TestSupport", dependencies: ["CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "HL7Tests", dependencies: ["HL7", "TestSupport"]),
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
        .testTarget(name: "FHIRTests", dependencies: ["FHIR", "Workflow", "HL7", "TestSupport"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "HL7", "DICOM", "TestSupport"]),
        .testTarget(name: "RadBridgeCLITests", dependencies: ["radbridge"]),
        .testTarget(
            name: "MLLPTests",
            dependencies: [
                "MLLP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "SQLiteStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AccessControlTests", dependencies: ["AccessControl", "Store", "SQLiteStore", "TestSupport"]),
        .testTarget(name: "ProfileTests", dependencies: ["Engine", "Workflow", "HL7"]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "MLLP", "Store", "SQLiteStore", "TestSupport", "DICOM", "AccessControl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
