// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "mshub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mshub", targets: ["mshub"]),
        .executable(name: "bench", targets: ["bench"]),
        .library(name: "Formats", targets: ["Formats"]),
        .library(name: "GraphIR", targets: ["GraphIR"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CSystemZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // MARK: Libraries (dependencies point one way: Formats -> GraphIR -> Convert -> Verify -> Hub)
        .target(name: "MSCrypto", dependencies: ["COpenSSL", "CSystemZlib"]),
        // AVX-512 kernels of the fast backend, chosen at run time (no system library).
        .target(name: "CFastKernels"),
        .target(
            name: "Formats",
            dependencies: ["MSCrypto", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "GraphIR", dependencies: ["Formats"]),
        .target(name: "Convert", dependencies: ["GraphIR", "Formats"]),
        .target(
            name: "Verify",
            dependencies: [
                "Convert", "GraphIR", "Formats", "MSCrypto", "CFastKernels",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(
            name: "Hub",
            dependencies: [
                "Verify", "Formats", "MSCrypto",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),

        // MARK: Executables
        .executableTarget(
            name: "mshub",
            dependencies: [
                "Hub", "Verify", "Convert", "Formats", "GraphIR", "MSCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "bench",
            dependencies: [
                "Formats", "MSCrypto", "Hub", "Verify", "Convert", "GraphIR",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Tests
        .target(name: "TestSupport", dependencies: ["Formats"], path: "Tests/TestSupport"),
        .testTarget(name: "MSCryptoTests", dependencies: ["MSCrypto", "TestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "MSCrypto", "TestSupport"]),
        .testTarget(name: "GraphIRTests", dependencies: ["GraphIR", "Formats", "TestSupport"]),
        .testTarget(name: "ConvertTests", dependencies: ["Convert", "GraphIR", "Formats", "TestSupport"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Convert", "GraphIR", "Formats", "TestSupport"]),
        .testTarget(name: "HubTests", dependencies: ["Hub", "Formats", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["mshub", "TestSupport"], exclude: ["Snapshots"]),
    ]
)
