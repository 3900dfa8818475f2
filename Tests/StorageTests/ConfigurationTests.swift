import Foundation
import Testing

@testable import Storage

@Suite struct ConfigurationTests {
    @Test func uriIsParsedByLibpq() throws {
        let configuration = try PostgresConfiguration(
            connectionString: "postgresql://app:s3cr%40t@db.example:6543/orders?sslmode=require&application_name=x")
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        #expect(configuration.user == "app")
        #expect(configuration.password == "s3cr@t")
        #expect(configuration.database == "orders")
        #expect(configuration[parameter: "sslmode"] == "require")
    }

    @Test func keyValueStringIsParsedByLibpq() throws {
        let configuration = try PostgresConfiguration(connectionString: "host=h port=1 user=u password='a b' dbname=d")
        #expect(configuration.password == "a b")
        #expect(configuration.port == 1)
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let uri = try PostgresConfiguration(connectionString: "postgres://app:hunter22@db:5432/orders")
        #expect(!uri.description.contains("hunter22"))
        #expect(uri.description.contains("host=db"))
        #expect(uri.description.contains("password=***"))
        var keyValue = try PostgresConfiguration(connectionString: "host=h password=topsecret sslpassword=other")
        keyValue.options.poolSize = 9
        #expect(!keyValue.description.contains("topsecret") && !keyValue.description.contains("other"))
        #expect(keyValue.description.contains("pool=9"))
    }

    @Test func invalidStringFailsWithoutLeakingThePassword() {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConfiguration(connectionString: "postgres://u:Se%zzcret@127.0.0.1/x")
        }
        #expect(error?.code == .invalidConnectionString)
        #expect(error.map { !$0.debugDescription.contains("Se%zz") } == true)
        #expect(throws: PostgresError.self) { try PostgresConfiguration(connectionString: "host=h nonsense") }
    }

    @Test func connectParametersAddTimeoutApplicationNameAndEncoding() throws {
        var configuration = PostgresConfiguration(host: "h", user: "u", password: nil, database: "d")
        configuration.options.connectTimeout = .milliseconds(2500)
        configuration.options.applicationName = "svc"
        let parameters = Dictionary(
            configuration.connectParameters().map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        #expect(parameters["connect_timeout"] == "3")
        #expect(parameters["application_name"] == "svc")
        #expect(parameters["client_encoding"] == "UTF8")
        #expect(parameters["port"] == "5432")
        #expect(parameters["password"] == nil)
        #expect(
            PostgresConfiguration.environment().connectParameters().contains { $0.key == "fallback_application_name" })
    }

    @Test func explicitKeywordsCanBeReplacedOrRemoved() throws {
        var configuration = try PostgresConfiguration(connectionString: "host=a user=b")
        configuration.user = "c"
        configuration.host = nil
        #expect(configuration.user == "c")
        #expect(configuration.host == nil)
        #expect(configuration.connectParameters().filter { $0.key == "user" }.map(\.value) == ["c"])
    }
}
