import Foundation
import Testing

@testable import Storage

@Suite struct PostgresRedactionTests {
    @Test func aShortPasswordDoesNotMaskOtherWords() {
        let text = PostgresRedaction.redact(#"invalid URI "postgres://u:p@[bad" near p@"#, secrets: ["p"])
        #expect(text == #"invalid URI "postgres://u:***@[bad" near ***@"#)
    }

    @Test func keyValuePasswordIsRemoved() {
        let text = PostgresRedaction.redact("host=db password=hunter2 user=app")
        #expect(text == "host=db password=*** user=app")
    }

    @Test func quotedPasswordWithSpacesIsRemoved() {
        let text = PostgresRedaction.redact(#"host=db password = 'a b\' c' user=app"#)
        #expect(!text.contains("a b"))
        #expect(text.contains("user=app"))
    }

    @Test func uriPasswordAndQueryPasswordAreRemoved() {
        let text = PostgresRedaction.redact("postgres://app:s3cret@db:5432/x?password=other&sslmode=require")
        #expect(text == "postgres://app:***@db:5432/x?password=***&sslmode=require")
    }

    @Test func knownSecretIsRemovedAnywhereAndLinesAreJoined() {
        let text = PostgresRedaction.redact("invalid token: \"p%zz\"\n\tsecond line\n", secrets: ["p%zz"])
        #expect(text == "invalid token: \"***\" second line")
    }

    @Test func passwordsAreFoundInBothForms() {
        #expect(PostgresRedaction.passwords(in: "postgres://u:p%zz@h/db") == ["p%zz"])
        #expect(PostgresRedaction.passwords(in: "host=h password='a b'") == ["'a b'", "a b"])
        #expect(PostgresRedaction.passwords(in: "") == [])
    }

    @Test func descriptionNamesCodeAndOperation() {
        let error = PostgresError(.authenticationFailed, operation: "connect", message: "bad password=x")
        #expect(error.description == "PostgresError(authenticationFailed) during connect: bad password=***")
        #expect(error.debugDescription.contains("StorageTests.swift"))
    }

    @Test func versionNumbersAreFormatted() {
        #expect(PostgresServerInfo.versionString(150_018) == "15.18")
        #expect(PostgresServerInfo.versionString(170_000) == "17.0")
        #expect(PostgresServerInfo.versionString(90_624) == "9.6.24")
    }
}

/// Runs against the server of `scripts/infra up` (eval "$(scripts/infra env)" first).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PASSERELLE_PG_URL"] != nil))
struct PostgresProbeIntegrationTests {
    let url = ProcessInfo.processInfo.environment["PASSERELLE_PG_URL"] ?? ""

    @Test func uriLoginReportsVersionDatabaseAndUser() async throws {
        let info = try await PostgresProbe.check(connectionString: self.url)
        #expect(info.serverVersionNumber >= 150_000)
        #expect(info.serverVersion.hasPrefix("15."))
        #expect(info.database == "passerelle")
        #expect(info.user == "postgres")
    }

    @Test func emptyStringUsesPGEnvironment() async throws {
        let info = try await PostgresProbe.check(connectionString: "")
        #expect(info.database == ProcessInfo.processInfo.environment["PGDATABASE"])
    }

    @Test func keyValueStringWorks() async throws {
        let env = ProcessInfo.processInfo.environment
        let info = try await PostgresProbe.check(
            connectionString: "host=127.0.0.1 port=\(env["PGPORT"] ?? "5432") dbname=postgres user=postgres "
                + "password='\(env["PGPASSWORD"] ?? "")'"
        )
        #expect(info.database == "postgres")
    }

    @Test func wrongPasswordIsAnAuthenticationFailureWithoutThePassword() async {
        let bad = "postgres://postgres:Wr0ngPassw0rd@127.0.0.1:\(ProcessInfo.processInfo.environment["PGPORT"] ?? "5432")/passerelle"
        let error = await #expect(throws: PostgresError.self) { try await PostgresProbe.check(connectionString: bad) }
        #expect(error?.code == .authenticationFailed)
        #expect(error.map { !$0.description.contains("Wr0ngPassw0rd") } == true)
    }

    @Test func unparsableStringIsRejectedWithoutThePassword() async {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresProbe.check(connectionString: "postgres://u:Se%zzcret@127.0.0.1/x")
        }
        #expect(error?.code == .invalidConnectionString)
        #expect(error.map { !$0.debugDescription.contains("Se%zz") } == true)
    }

    @Test func closedPortIsAConnectionFailure() async {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresProbe.check(connectionString: "postgres://postgres:x@127.0.0.1:1/x")
        }
        #expect(error?.code == .connectionFailed)
    }
}
