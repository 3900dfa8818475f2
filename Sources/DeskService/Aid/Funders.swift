import Foundation
import Identifiers
import Yams

/// The bodies that decide on aid applications (`catalogue/desk/funders.yaml`): what the ACTES transmission of their
/// deliberations needs (département, arrondissement, nature), and the body that votes by default.
struct Funders: Sendable {
    struct Funder: Sendable, Codable, Hashable {
        var siren: String
        var name: String
        var departement: String
        var arrondissement: String
        var nature: String
        var decisionBody: String
    }

    private struct File: Decodable {
        var funders: [Funder]
    }

    var all: [Funder]

    func funder(_ siren: String) -> Funder? { self.all.first { $0.siren == siren } }

    /// Reads the file; an invalid SIREN or a duplicate names its entry.
    static func load(directory: URL) throws -> Funders {
        let url = directory.appendingPathComponent("funders.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let funders = try YAMLDecoder().decode(File.self, from: text).funders
        var seen: Set<String> = []
        for (index, funder) in funders.enumerated() {
            guard (try? SIREN(funder.siren)) != nil else {
                throw FundersError(file: url.path, path: "funders[\(index)].siren", message: "\(funder.siren) is not a valid SIREN (Luhn)")
            }
            guard seen.insert(funder.siren).inserted else {
                throw FundersError(file: url.path, path: "funders[\(index)].siren", message: "\(funder.siren) is listed twice")
            }
        }
        return Funders(all: funders)
    }
}

struct FundersError: Error, CustomStringConvertible {
    var file: String
    var path: String
    var message: String

    var description: String { "\(self.file): \(self.path): \(self.message)" }
}
