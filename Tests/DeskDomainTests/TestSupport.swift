import ContractTypes
import DeskDomain
import Foundation
import Identifiers

/// Shared helpers: the real catalogue, days and facilities.
enum TestSupport {
    /// The package root, found by walking up from this file to `Package.swift`.
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// `catalogue/desk` at the repository root.
    static let catalogueDirectory = packageRoot.appendingPathComponent("catalogue/desk")

    /// The region's catalogue, loaded once.
    static let catalogue: Catalogue = {
        do {
            return try Catalogue.load(directory: catalogueDirectory)
        } catch {
            fatalError("the real catalogue does not load: \(error)")
        }
    }()

    /// The day every routing test runs on.
    static let routingDay = day("2026-06-15")

    static func day(_ text: String) -> CalendarDay {
        guard let day = CalendarDay(text) else { fatalError("not a day: \(text)") }
        return day
    }

    static func facility(
        naf: String?, band: HeadcountBand, created: String?, commune: String, legal: String?, active: Bool = true
    ) -> Facility {
        Facility(
            siret: nil, nafCode: naf, headcountBand: band, legalCategory: legal, creationDate: created.map(day),
            communeInsee: commune, active: active)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("desk-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
