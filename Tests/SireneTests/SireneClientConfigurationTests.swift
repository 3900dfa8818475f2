import Foundation
import Sirene
import Testing

@Suite struct SireneClientConfigurationTests {
    @Test(arguments: [
        "http://api.insee.fr/api-sirene/3.11",
        "http://10.0.0.5:8080",
        "http://127.0.0.1.example.org",
        "ftp://127.0.0.1/siret",
        "file:///tmp/recordings",
    ])
    func refusesPlainHTTPToARemoteHostAndOtherSchemes(_ text: String) throws {
        let url = try #require(URL(string: text))
        #expect {
            try SireneClient.Configuration(baseURL: url, apiKey: "k")
        } throws: { error in
            (error as? SireneError)?.code == .invalidConfiguration
        }
    }

    @Test(arguments: [
        "https://api.insee.fr/api-sirene/3.11",
        "http://127.0.0.1:8080",
        "http://localhost:9000/api-sirene/3.11",
        "http://[::1]:8080",
    ])
    func acceptsHTTPSAndLoopbackHTTP(_ text: String) throws {
        let url = try #require(URL(string: text))
        #expect(try SireneClient.Configuration(baseURL: url, apiKey: "k").baseURL == url)
    }

    @Test func defaultsToINSEEProductionWithItsPublicPlan() throws {
        let configuration = try SireneClient.Configuration(apiKey: "secret-key")
        #expect(configuration.baseURL.absoluteString == "https://api.insee.fr/api-sirene/3.11")
        #expect(configuration.rateLimit == RateLimit(requests: 30, per: .seconds(60)))
        #expect(SireneClient.Configuration.apiKeyHeader == "X-INSEE-Api-Key-Integration")
        #expect(!configuration.description.contains("secret-key"))
    }

    @Test func refusesAnEmptyKey() {
        #expect {
            try SireneClient.Configuration(apiKey: "")
        } throws: { error in
            (error as? SireneError)?.code == .invalidConfiguration
        }
    }
}
