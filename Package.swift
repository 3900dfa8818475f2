// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency) plus the
/// upcoming features the style guide asks for.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Passerelle",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "passerelle", targets: ["PasserelleCommand"]),
        .library(name: "Messaging", targets: ["Messaging"]),
    ],
    dependencies: [
        // CLI parsing for `passerelle` (subcommands, validation, help).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The logging API every library accepts a Logger from.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev", "libssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "CRabbitMQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PasserelleCLI",
            dependencies: [
                "Messaging",
                "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PasserelleCommand",
            dependencies: [
                "PasserelleCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The plain-C reference program `passerelle bench amqp` compares itself with.
        .executableTarget(
            name: "passerelle-amqp-reference",
            path: "Benchmarks/AMQPReference",
            linkerSettings: [.linkedLibrary("rabbitmq")]
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasserelleCLITests",
            dependencies: [
                "PasserelleCLI", "Messaging", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Messaging", "Storage", "PasserelleCLI"],
            swiftSettings: swiftSettings
        ),
    ]
)
