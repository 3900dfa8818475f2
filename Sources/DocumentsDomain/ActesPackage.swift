import Archives
import ContractTypes
import Foundation
import Identifiers

/// A `.tar.gz` for the prefecture: the envelope, one business XML and the files it names (domain §3.4).
public struct ActesPackage: Sendable {
    public let archiveName: String
    public let envelopeName: String
    public let businessName: String
    public let data: Data

    /// - Parameters:
    ///   - files: name and content of the act and annexes (empty for a cancellation or a classification request).
    public init(
        emitter: ActesXML.Emitter, date: CalendarDate, serial: Int, businessName: String, business: [UInt8],
        files: [(name: String, content: Data)], at time: Date
    ) throws {
        self.envelopeName = ActesNames.envelope(siren: emitter.siren, date: date, serial: serial)
        self.archiveName = ActesNames.archive(envelope: self.envelopeName)
        self.businessName = businessName
        var tar = TarArchive()
        tar.add(name: self.envelopeName, content: Data(ActesXML.envelope(emitter, forms: [businessName])), modified: time)
        tar.add(name: businessName, content: Data(business), modified: time)
        for file in files { tar.add(name: file.name, content: file.content, modified: time) }
        self.data = try Gzip.compress(tar.finished())
    }
}
