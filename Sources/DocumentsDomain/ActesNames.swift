import ContractTypes
import Foundation
import Identifiers

/// The file and package names of domain §3.4.
public enum ActesNames {
    /// The application code that opens every envelope name (`{APPLI}--{SIREN}--…`).
    public static let application = "PASS"
    /// The three-letter prefix of every archive name (`{trigram}-{envelope}.tar.gz`).
    public static let trigram = "psl"

    /// `{IDActe}-{type}-{sub}_0.xml`: 1-1 for a transmission, 6-1 for a cancellation.
    public static func businessXML(_ id: ActIdentifier, flux: String) -> String { "\(id)-\(flux)_0.xml" }

    /// `{typePJ}-{IDActe}-1-1_{n}.{ext}`: n = 1 for the act, 2… for the annexes.
    public static func file(_ id: ActIdentifier, attachmentType: String, index: Int, kind: FileKind) -> String {
        "\(attachmentType)-\(id)-1-1_\(index).\(kind.fileExtension)"
    }

    /// `{IDActe}-{letterType}-{answerType}_{n}.pdf`: the documents of an answer to a letter (n ≥ 1).
    public static func letterAnswerFile(_ id: ActIdentifier, letterType: Int, answerType: Int, index: Int) -> String {
        "\(id)-\(letterType)-\(answerType)_\(index).pdf"
    }

    /// `{DDD}-{SIREN}----7-1_0.xml`: the classification request has no date, number or nature.
    public static func classificationRequest(departement: Departement, siren: SIREN) -> String {
        "\(departement.code)-\(siren.value)----7-1_0.xml"
    }

    /// `{APPLI}--{SIREN}--{YYYYMMDD}-{serial}.xml`.
    public static func envelope(siren: SIREN, date: CalendarDate, serial: Int) -> String {
        "\(self.application)--\(siren.value)--\(date.description.replacingOccurrences(of: "-", with: ""))-\(serial).xml"
    }

    /// `{trigram}-{envelope basename}.tar.gz`.
    public static func archive(envelope: String) -> String {
        "\(self.trigram)-\(envelope.dropLast(".xml".count)).tar.gz"
    }
}
