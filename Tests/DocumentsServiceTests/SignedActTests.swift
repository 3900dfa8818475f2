import DocumentsService
import Foundation
import ServiceRuntimeTesting
import Testing

/// A detached PKCS#7 signature of the act (domain §3.5), made here with the openssl command line by a CA of the
/// test, verified by the service with OpenSSL's library.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct SignedActTests {
    static func openssl(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
    }

    @Test func aValidSignatureIsAcceptedAndAForgedOneRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-signers-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let act = DocumentsBed.pdf("acte signé")
        try act.write(to: folder.appendingPathComponent("act.pdf"))
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test signing CA"], in: folder)
        try Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.csr", "-subj", "/CN=Maire de Dijon"], in: folder)
        try Self.openssl(["x509", "-req", "-in", "signer.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "signer.pem", "-days", "2"], in: folder)
        try Self.openssl(["cms", "-sign", "-binary", "-in", "act.pdf", "-signer", "signer.pem", "-inkey", "signer.key", "-outform", "DER", "-out", "act.p7s"], in: folder)
        // A signer the trusted CA never certified.
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=Rogue"], in: folder)
        try Self.openssl(["cms", "-sign", "-binary", "-in", "act.pdf", "-signer", "rogue.pem", "-inkey", "rogue.key", "-outform", "DER", "-out", "rogue.p7s"], in: folder)
        try await DocumentsBed.run(signatureAnchors: folder.appendingPathComponent("ca.pem").path) { bed in
            func submit(_ numero: String, act: Data, signature: Data) async throws -> (status: Int, json: [String: Any]) {
                let actFile = try await bed.upload("acte.pdf", act)
                let signatureFile = try await bed.upload("acte.p7s", signature)
                let answer = try await bed.call("POST", "/acts", [
                    "actId": UUID().uuidString, "siren": DocumentsBed.siren, "numeroInterne": numero, "decisionDate": DocumentsBed.daysAgo(1),
                    "natureCode": "2", "matter": "5.1", "object": "Arrêté signé", "act": actFile, "signature": signatureFile,
                ])
                return (answer.status, answer.json as? [String: Any] ?? [:])
            }
            let signature = try Data(contentsOf: folder.appendingPathComponent("act.p7s"))
            let good = try await submit("SIGNE_1", act: act, signature: signature)
            #expect(good.status == 201, "\(good.json)")
            let tampered = try await submit("SIGNE_2", act: DocumentsBed.pdf("acte modifié"), signature: signature)
            #expect(tampered.json["code"] as? String == "signatureInvalid" && tampered.json["field"] as? String == "signature", "\(tampered.json)")
            let rogue = try await submit("SIGNE_3", act: act, signature: try Data(contentsOf: folder.appendingPathComponent("rogue.p7s")))
            #expect(rogue.json["code"] as? String == "signatureInvalid", "\(rogue.json)")
            let garbage = try await submit("SIGNE_4", act: act, signature: Data("not a signature".utf8))
            #expect(garbage.json["code"] as? String == "signatureUnreadable", "\(garbage.json)")
        }
    }
}
