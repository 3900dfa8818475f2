// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency) plus the
/// upcoming features the style guide asks for.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// codegen:begin contracts: written by `passerelle contracts codegen`, do not edit.
let contractTargets: [Target] = [
    .target(name: "CommonContracts", dependencies: [], swiftSettings: swiftSettings),
    .target(name: "DeskContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
    .target(name: "DocumentsContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
    .target(name: "NotificationsContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
    .target(name: "PrefectureContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
    .target(name: "ProcurementContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
    .target(name: "TrainingContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
    .target(name: "TreasuryContracts", dependencies: ["CommonContracts", "ContractTypes"], swiftSettings: swiftSettings),
]
// codegen:end contracts

// codegen:begin SampleContracts: written by `passerelle contracts codegen`, do not edit.
let sampleContractsTargets: [Target] = [
    .target(name: "SampleContracts", dependencies: ["ContractTypes"], swiftSettings: swiftSettings),
]
// codegen:end SampleContracts

// The services written by `passerelle new service`, which adds its targets before the end marker.
let serviceTargets: [Target] = [
    // services:end
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
        // Long-running parts (the PostgreSQL pool, later the services) are lifecycle Services.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // YAML parsing with line marks for the AsyncAPI contracts.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The metrics API the runtime records through (counters, timers, gauges).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        // A Prometheus backend for swift-metrics: `/metrics` in the text exposition format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // The HTTP listener each service runs for /metrics, /health and its own routes.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Comes with Hummingbird: header names (`X-Request-Id`) for the services' HTTP middleware.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // Comes with Hummingbird; the listener reads its bound port from NIOCore's channel.
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        // AES-GCM and AES key wrap for sealed bids, SHA-256 for receipts and idempotency keys (already in
        // the graph through Hummingbird's dependencies).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        // JWT verification for the services' HTTP APIs and commands: ES256/RS256 signatures, JWKS key sets,
        // claim checks (RFC 7519). Maintained by Vapor; the crypto comes from swift-crypto.
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.1.0"),
        // gzip over zlib for the `.tar.gz` packages the prefecture expects (NIO is already in the graph).
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
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
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Shared identifiers of the domain (SIREN, SIRET, VAT, CPV, départements): pure Swift.
        .target(
            name: "Identifiers",
            resources: [.process("Resources")],
            swiftSettings: swiftSettings
        ),
        // Procurement rules without I/O: deadlines and holidays, thresholds, the tender state machine,
        // bids, standstill, sealed-bid encryption, the OCDS record.
        .target(
            name: "ProcurementDomain",
            dependencies: [
                "ContractTypes",
                "Identifiers",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.process("Resources")],
            swiftSettings: swiftSettings
        ),
        // In-memory archives: POSIX tar, gzip (DCE downloads, ACTES packages).
        .target(
            name: "Archives",
            dependencies: [
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Detached CMS / PKCS#7 signatures verified with OpenSSL (the signed acts of domain §3.5).
        .target(
            name: "Signatures",
            dependencies: ["COpenSSL"],
            swiftSettings: swiftSettings
        ),
        // Document-exchange rules without I/O: IDActe, the ACTES rules, names, XML and packages, classification,
        // transmission windows, PES_Aller reading (domain §3, §4).
        .target(
            name: "DocumentsDomain",
            dependencies: ["Archives", "ContractTypes", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        // The support desk's rules without I/O: intake checks, the catalogue and its validation, routing with its
        // explanation, match/need statuses, aid applications and the de minimis ledger (domain §5).
        .target(
            name: "DeskDomain",
            dependencies: ["ContractTypes", "Identifiers", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // How a service asks notifications for a mail (`notifications.notice.request.v1` through its outbox).
        .target(
            name: "NoticeRequests",
            dependencies: ["ServiceRuntime", "NotificationsContracts", "CommonContracts", "ContractTypes"],
            swiftSettings: swiftSettings
        ),
        // The training scheduler's rules without I/O: the course catalogue, session lifecycle, signup statuses 10–110,
        // the booking rule, approvals, attendance by half-day, iCalendar invitations and certificates (domain §7).
        .target(
            name: "TrainingDomain",
            dependencies: ["ContractTypes", "Identifiers", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Establishments from INSEE's Sirene API behind a protocol, and a stub serving recorded answers.
        .target(
            name: "Sirene",
            dependencies: ["Identifiers", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SireneStub",
            dependencies: [
                "Sirene",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // E-mail: RFC 5322 messages and an SMTP transport over libcurl.
        .target(
            name: "Mailer",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // POSIX helpers for the threads that sleep in poll(2) (the wake pipe): pure Swift, no C target.
        .target(
            name: "PosixSupport",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Messaging",
            dependencies: [
                "CRabbitMQ",
                "PosixSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: [
                "CLibPQ",
                "PosixSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Verified identities: JWT verification against the provider's JWKS, the development provider that
        // mints local tokens, and the caller they prove.
        .target(
            name: "Identity",
            dependencies: [.product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: swiftSettings
        ),
        // JSON values and a JSON Schema 2020-12 validator (pure Swift).
        .target(
            name: "JSONSchema",
            swiftSettings: swiftSettings
        ),
        // The contracts: AsyncAPI loader, hub model, lint, compatibility.
        .target(
            name: "Contracts",
            dependencies: [
                "Identifiers",
                "JSONSchema",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Topology as code: settings, derivation from the contracts, plan, export, graph, status.
        .target(
            name: "Topology",
            dependencies: [
                "Contracts",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // What generated message types need and nothing more: `ContractMessage`, the payload coding (RFC 3339
        // dates), `CalendarDate`, `ContractScalar`. Foundation only.
        .target(
            name: "ContractTypes",
            swiftSettings: swiftSettings
        ),
        // The templates of `passerelle new service`.
        .target(
            name: "ServiceScaffold",
            dependencies: ["Contracts"],
            swiftSettings: swiftSettings
        ),
        // The generator of the <Context>Contracts modules (`passerelle contracts codegen`).
        .target(
            name: "ContractCodegen",
            dependencies: ["Contracts", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
        // Typed contract messages over the AMQP layer: validate, envelope, publish, decode.
        .target(
            name: "ContractMessaging",
            dependencies: ["Contracts", "ContractTypes", "JSONSchema", "Messaging"],
            swiftSettings: swiftSettings
        ),
        // The service runtime: handlers, outbox, inbox, relay, retry ladder, parking, lifecycle, metrics.
        .target(
            name: "ServiceRuntime",
            dependencies: [
                "Messaging", "Storage", "Contracts", "ContractMessaging", "ContractTypes", "Identity", "JSONSchema", "Topology",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The test kit for service authors: an in-memory broker, a harness, and a test bed that runs a service on
        // the in-memory broker or on the real servers with its own vhost, users and database.
        .target(
            name: "ServiceRuntimeTesting",
            dependencies: [
                "ServiceRuntime", "Messaging", "Storage", "ContractMessaging", "Contracts", "ContractTypes", "Identity", "JSONSchema", "Topology", "PasserelleOps",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The sample services of samples/contracts (alpha, beta): runtime tests and `passerelle bench e2e`.
        .target(
            name: "RuntimeSamples",
            dependencies: ["ServiceRuntime", "SampleContracts", "Storage"],
            swiftSettings: swiftSettings
        ),
        // `passerelle-sample alpha|beta`: a sample service as its own process (kill -9 and SIGTERM tests).
        .executableTarget(
            name: "passerelle-sample",
            dependencies: ["RuntimeSamples", "ServiceRuntime"],
            path: "Sources/PasserelleSample",
            swiftSettings: swiftSettings
        ),
        // The procurement service: schema, handlers, the DCE and bid endpoints, timers.
        .target(
            name: "ProcurementService",
            dependencies: [
                "ServiceRuntime", "ProcurementDomain", "Identifiers", "Identity", "ContractMessaging", "Storage", "Archives",
                "CommonContracts", "DocumentsContracts", "NotificationsContracts", "ProcurementContracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle-procurement",
            dependencies: ["ProcurementService", "ServiceRuntime"],
            path: "Sources/ProcurementMain",
            swiftSettings: swiftSettings
        ),
        // The notifications service: subscriptions, the recipient register, e-mail delivery, unsubscribe.
        .target(
            name: "NotificationsService",
            dependencies: [
                "ServiceRuntime", "Identity", "Mailer", "Storage", "Messaging",
                "CommonContracts", "NotificationsContracts", "ProcurementContracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle-notifications",
            dependencies: ["NotificationsService", "ServiceRuntime", "Mailer"],
            path: "Sources/NotificationsMain",
            swiftSettings: swiftSettings
        ),
        // The document-exchange service: authorities, acts to the prefecture (ACTES), PES files to the treasury
        // (HELIOS), their returns, the content-addressed file store.
        .target(
            name: "DocumentsService",
            dependencies: [
                "ServiceRuntime", "NoticeRequests", "DocumentsDomain", "Signatures", "Identifiers", "Identity", "ContractMessaging", "ContractTypes", "Storage",
                "Messaging",
                "CommonContracts", "DeskContracts", "DocumentsContracts", "NotificationsContracts", "PrefectureContracts",
                "ProcurementContracts", "TreasuryContracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle-documents",
            dependencies: ["DocumentsService", "ServiceRuntime"],
            path: "Sources/DocumentsMain",
            swiftSettings: swiftSettings
        ),
        // The "J'entreprends" support desk: intake, Sirene, routing to experts, follow-up, aid applications and decisions.
        .target(
            name: "DeskService",
            dependencies: [
                "ServiceRuntime", "NoticeRequests", "DeskDomain", "Sirene", "Identifiers", "Identity", "ContractMessaging", "ContractTypes", "Storage",
                "CommonContracts", "DeskContracts", "DocumentsContracts", "NotificationsContracts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle-desk",
            dependencies: ["DeskService", "ServiceRuntime"],
            path: "Sources/DeskMain",
            swiftSettings: swiftSettings
        ),
        // The training scheduler: sessions, sign-ups with approvals and a FIFO waitlist, durable timers, attendance,
        // certificates, iCalendar invitations through notifications (docs/training.md).
        .target(
            name: "TrainingService",
            dependencies: [
                "ServiceRuntime", "NoticeRequests", "TrainingDomain", "Identifiers", "Identity", "ContractMessaging", "ContractTypes", "Storage",
                "CommonContracts", "TrainingContracts", "NotificationsContracts", "ProcurementContracts", "DocumentsContracts",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle-training",
            dependencies: ["TrainingService", "ServiceRuntime"],
            path: "Sources/TrainingMain",
            swiftSettings: swiftSettings
        ),
        // The partner bridges (docs/bridges.md): store and forward between the hub and each partner's broker,
        // validated against the partner's contract in both directions.
        .target(
            name: "Bridge",
            dependencies: [
                "Messaging", "Contracts", "JSONSchema", "Topology", "ServiceRuntime", "Identity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "passerelle-bridge",
            dependencies: [
                "Bridge", "Contracts", "Topology", "ServiceRuntime", "Identity",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/BridgeMain",
            swiftSettings: swiftSettings
        ),
        // The operator's code behind `passerelle`, without ArgumentParser: the management API client, topology
        // apply and queue migration, the parked-message store and replay, the services manifest (services.yaml).
        .target(
            name: "PasserelleOps",
            dependencies: [
                "Messaging", "Storage", "Topology", "ContractMessaging", "JSONSchema", "ServiceRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PasserelleCLI",
            dependencies: [
                "PasserelleOps",
                "Bridge",
                "Messaging",
                "Contracts",
                "JSONSchema",
                "Storage",
                "Topology",
                "Identity",
                "ContractMessaging",
                "ContractCodegen",
                "ServiceScaffold",
                "ServiceRuntime",
                "ProcurementDomain",
                "ProcurementContracts",
                "CommonContracts",
                "DeskDomain",
                "SireneStub",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // `passerelle-bench` (also run by `passerelle bench`): the benchmarks, with the test kit and the sample
        // services they drive, kept out of the operator's binary.
        .executableTarget(
            name: "passerelle-bench",
            dependencies: [
                "PasserelleCLI", "PasserelleOps", "Messaging", "Storage", "Contracts", "ContractMessaging", "JSONSchema",
                "Topology", "ServiceRuntime", "ServiceRuntimeTesting", "RuntimeSamples", "SampleContracts", "Identity",
                "ProcurementService", "ProcurementDomain", "ProcurementContracts", "CommonContracts", "Bridge", "TrainingService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/PasserelleBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PasserelleCommand",
            dependencies: ["PasserelleCLI"],
            swiftSettings: swiftSettings
        ),
        // `passerelle-fuzz`: the libFuzzer targets (docs/fuzzing.md). `scripts/fuzz` builds it with
        // `-sanitize=fuzzer,address -DPASSERELLE_FUZZ` in .build-fuzz; a plain build makes an input replayer.
        .executableTarget(
            name: "passerelle-fuzz",
            dependencies: [
                "JSONSchema", "Contracts", "Messaging", "ContractMessaging", "ContractTypes", "ServiceRuntime", "Mailer",
                "PasserelleOps",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/PasserelleFuzz",
            swiftSettings: swiftSettings
        ),
        // The plain-C reference program `passerelle bench amqp` compares itself with.
        .executableTarget(
            name: "passerelle-amqp-reference",
            path: "Benchmarks/AMQPReference",
            linkerSettings: [.linkedLibrary("rabbitmq")]
        ),
        .testTarget(
            name: "IdentityTests",
            dependencies: [
                "Identity", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MessagingTests",
            dependencies: ["Messaging"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PosixSupportTests",
            dependencies: ["PosixSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceRuntimeTests",
            dependencies: [
                "ServiceRuntime", "ServiceRuntimeTesting", "Messaging", "Storage", "Contracts", "Topology", "Identity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProcurementDomainTests",
            dependencies: ["ProcurementDomain", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DocumentsDomainTests",
            dependencies: ["DocumentsDomain", "Archives", "Signatures", "ContractTypes", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DocumentsServiceTests",
            dependencies: [
                "DocumentsService", "DocumentsDomain", "DocumentsContracts", "PrefectureContracts", "TreasuryContracts",
                "ProcurementContracts", "NotificationsContracts", "CommonContracts", "Archives", "ContractMessaging", "ContractTypes",
                "ServiceRuntime", "ServiceRuntimeTesting", "Storage", "Identity", "DeskContracts",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeskDomainTests",
            dependencies: ["DeskDomain", "ContractTypes", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrainingDomainTests",
            dependencies: ["TrainingDomain", "ContractTypes", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrainingServiceTests",
            dependencies: [
                "TrainingService", "TrainingDomain", "TrainingContracts", "NotificationsContracts", "CommonContracts",
                "ProcurementContracts", "DocumentsContracts", "ContractMessaging", "ContractTypes", "ServiceRuntime",
                "ServiceRuntimeTesting", "Storage", "Identity", "Identifiers",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SireneTests",
            dependencies: ["Sirene", "SireneStub", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DeskServiceTests",
            dependencies: [
                "DeskService", "DeskDomain", "DeskContracts", "DocumentsContracts", "NotificationsContracts", "CommonContracts",
                "ContractMessaging", "ContractTypes", "ServiceRuntime", "ServiceRuntimeTesting", "Storage", "Identity", "Sirene",
                "SireneStub", "Identifiers",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MailerTests",
            dependencies: ["Mailer"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotificationsTests",
            dependencies: [
                "NotificationsService", "Mailer", "ServiceRuntime", "ServiceRuntimeTesting", "ContractMessaging",
                "Contracts", "ContractTypes", "Topology", "Storage", "Messaging", "JSONSchema", "NotificationsContracts",
                "ProcurementContracts", "Identity",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ProcurementServiceTests",
            dependencies: [
                "ProcurementService", "ProcurementContracts", "CommonContracts", "NotificationsContracts",
                "ProcurementDomain", "ContractMessaging", "ServiceRuntime", "ServiceRuntimeTesting", "Storage", "Identity",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JSONSchemaTests",
            dependencies: ["JSONSchema", "Identifiers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts", "Identifiers", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContractCodegenTests",
            dependencies: ["ContractCodegen", "Contracts", "ServiceScaffold"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GeneratedContractsTests",
            dependencies: [
                "ContractTypes", "Contracts", "JSONSchema", "CommonContracts", "DeskContracts", "DocumentsContracts",
                "NotificationsContracts", "PrefectureContracts", "ProcurementContracts", "SampleContracts",
                "TrainingContracts", "TreasuryContracts",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BridgeTests",
            dependencies: [
                "Bridge", "Contracts", "JSONSchema", "Messaging", "Topology", "Identity", "ServiceRuntime",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TopologyTests",
            dependencies: ["Topology", "Contracts"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Fixtures/Migrations")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasserelleOpsTests",
            dependencies: ["PasserelleOps"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasserelleBenchTests",
            dependencies: ["passerelle-bench", "Storage"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasserelleCLITests",
            dependencies: [
                "PasserelleCLI", "PasserelleOps", "Messaging", "Storage", "ServiceRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "DeskService", "Sirene", "TrainingService",
                "Messaging", "Storage", "PasserelleCLI", "Contracts", "ContractMessaging", "JSONSchema", "Topology",
                "ServiceRuntime", "ServiceRuntimeTesting", "RuntimeSamples", "SampleContracts", "Identity",
                "ProcurementService", "ProcurementDomain", "NotificationsService", "Mailer", "PasserelleOps",
                "ProcurementContracts", "CommonContracts", "Bridge", "DocumentsService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
    ] + contractTargets + sampleContractsTargets + serviceTargets
)
