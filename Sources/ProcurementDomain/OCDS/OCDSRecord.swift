public import Foundation

/// An OCDS record: every release of one process, embedded, and the compiled release merging them.
public struct OCDSRecord: Sendable, Hashable, Codable {
    /// The process id.
    public var ocid: String
    /// The releases, oldest first.
    public var releases: [OCDSRelease]
    /// The releases merged (latest values win, arrays of objects merged by `id`), tagged `compiled`.
    public var compiledRelease: OCDSRelease

    /// Creates a record.
    ///
    /// - Parameters:
    ///   - ocid: The process id.
    ///   - releases: The releases, oldest first.
    ///   - compiledRelease: Their compiled release.
    public init(ocid: String, releases: [OCDSRelease], compiledRelease: OCDSRelease) {
        self.ocid = ocid
        self.releases = releases
        self.compiledRelease = compiledRelease
    }
}

/// The publisher of a package.
public struct OCDSPublisher: Sendable, Hashable, Codable {
    /// The publisher's name.
    public var name: String
    /// The org-id scheme of ``uid``.
    public var scheme: String?
    /// The publisher's id in that scheme.
    public var uid: String?
    /// The publisher's web address.
    public var uri: String?

    /// Creates a publisher.
    ///
    /// - Parameters:
    ///   - name: The name.
    ///   - scheme: The org-id scheme.
    ///   - uid: The id in the scheme.
    ///   - uri: The web address.
    public init(name: String, scheme: String? = nil, uid: String? = nil, uri: String? = nil) {
        self.name = name
        self.scheme = scheme
        self.uid = uid
        self.uri = uri
    }
}

/// An OCDS 1.1 record package: what `passerelle procurement ocds TENDER_ID` prints.
public struct OCDSRecordPackage: Sendable, Hashable, Codable {
    /// The address where this package is published.
    public var uri: String
    /// The OCDS version, `1.1`.
    public var version: String
    /// The extensions used (the lots extension).
    public var extensions: [String]?
    /// When the package was published.
    public var publishedDate: OCDSDateTime
    /// Who publishes it.
    public var publisher: OCDSPublisher
    /// The licence of the data.
    public var license: String?
    /// The records.
    public var records: [OCDSRecord]

    /// The lots extension's `extension.json`, listed in ``extensions`` by default.
    public static let lotsExtension =
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"

    /// Creates a package.
    ///
    /// - Parameters:
    ///   - uri: Where it is published.
    ///   - publishedDate: When.
    ///   - publisher: By whom.
    ///   - records: The records.
    ///   - license: The licence of the data.
    ///   - extensions: The extensions used; the lots extension by default.
    public init(
        uri: String, publishedDate: OCDSDateTime, publisher: OCDSPublisher, records: [OCDSRecord],
        license: String? = nil, extensions: [String]? = [Self.lotsExtension]
    ) {
        self.uri = uri
        self.version = "1.1"
        self.extensions = extensions
        self.publishedDate = publishedDate
        self.publisher = publisher
        self.license = license
        self.records = records
    }

    /// The package as JSON with sorted keys (stable output), pretty-printed for people by default.
    ///
    /// - Parameter prettyPrinted: Indent the output.
    /// - Returns: UTF-8 JSON.
    /// - Throws: `EncodingError` (not expected: every value is a string, number, Boolean or array of them).
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted
            ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
