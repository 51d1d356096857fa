// swift-tools-version: 6.2

import PackageDescription

let package = Package(
    name: "ooda",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ooda", targets: ["ooda"]),
        .library(name: "ZeroMQ", targets: ["ZeroMQ"]),
        .library(name: "OODACore", targets: ["OODACore"]),
        .library(name: "OODAPolicy", targets: ["OODAPolicy"]),
        .library(name: "OODAEventLog", targets: ["OODAEventLog"]),
        .library(name: "OODABus", targets: ["OODABus"]),
        .library(name: "OODAAct", targets: ["OODAAct"]),
        .library(name: "OODAObserve", targets: ["OODAObserve"]),
        .library(name: "OODARuntime", targets: ["OODARuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        // The C boundary: zmq.h and nothing else. Linked by the modulemap, not pkg-config.
        .systemLibrary(name: "CZeroMQ"),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        .target(name: "OODACore"),
        .target(name: "OODAPolicy", dependencies: ["OODACore"]),
        // The other C boundary: the CPU's CRC-32C instruction, for the event log's checksums.
        .target(name: "CCRC32C"),
        // And Linux's timerfd and eventfd headers, which Glibc's module leaves out: the group-commit flusher's alarm.
        .systemLibrary(name: "CTimerFD"),
        .target(
            name: "OODAEventLog",
            dependencies: [
                "OODACore",
                "CCRC32C",
                "CTimerFD",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OODABus",
            dependencies: [
                "ZeroMQ",
                "OODACore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "OODAAct",
            dependencies: [
                "OODACore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "OODAObserve",
            dependencies: [
                "OODACore",
                "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "OODARuntime",
            dependencies: [
                "ZeroMQ",
                "OODACore",
                "OODAPolicy",
                "OODAEventLog",
                "OODABus",
                "OODAObserve",
                "OODAAct",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "ooda",
            dependencies: [
                "OODARuntime",
                "OODACore",
                "OODAPolicy",
                "OODAEventLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "ooda-benchmarks",
            dependencies: [
                "ZeroMQ",
                "OODACore",
                "OODAPolicy",
                "OODAEventLog",
                "OODABus",
                "OODAAct",
                "OODAActTesting",
                "OODAObserve",
                "OODARuntime",
                "OODATestSupport",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/ooda-benchmarks"
        ),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "OODATestSupport"]),
        // What several test targets share: sample envelopes of every kind, and temp directories removed at exit.
        .target(name: "OODATestSupport", dependencies: ["OODACore"], path: "Tests/OODATestSupport"),
        .testTarget(name: "OODACoreTests", dependencies: ["OODACore", "OODATestSupport"]),
        .testTarget(name: "OODAPolicyTests", dependencies: ["OODAPolicy"], resources: [.copy("Fixtures")]),
        .testTarget(name: "OODAEventLogTests", dependencies: ["OODAEventLog"]),
        .testTarget(
            name: "OODABusTests",
            dependencies: [
                "OODABus", "OODACore", "OODATestSupport", "ZeroMQ", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "OODARuntimeTests",
            dependencies: [
                "OODARuntime",
                "OODABus",
                "OODAEventLog",
                "OODATestSupport",
                "ZeroMQ",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "OODAObserveTests",
            dependencies: [
                "OODAObserve",
                "ZeroMQ",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "OODACommandTests",
            dependencies: [
                "OODACore", "OODAEventLog", "OODATestSupport", "ZeroMQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A fake of the Kubernetes REST API (Deployments, ReplicaSets, ConfigMaps) for OODAAct's tests and benchmark.
        .target(
            name: "OODAActTesting",
            dependencies: [
                "OODAAct",
                "OODACore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/OODAActTesting"
        ),
        // The child the exactly-once test kills with SIGKILL between intent and outcome.
        .executableTarget(
            name: "ooda-act-fixture",
            dependencies: [
                "OODAAct",
                "OODACore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/OODAActFixture"
        ),
        .testTarget(
            name: "OODAActTests",
            dependencies: [
                "OODAAct",
                "OODAActTesting",
                "OODACore",
                "OODATestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    // Swift Testing's macros expand to code that 6.3 warns about, so tests keep warnings as warnings.
    if target.type != .test { settings.append(.treatAllWarnings(as: .error)) }
    target.swiftSettings = settings
}
