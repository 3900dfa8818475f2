import ArgumentParser
import Foundation
import ServiceRuntime

/// The desk service, as the operator's commands name it.
enum DeskServiceName: OperatorService {
    static let name = "desk"
}

typealias DeskFailure = ServiceCallFailure<DeskServiceName>
typealias DeskClient = OperatorClient<DeskServiceName>

/// How every `passerelle desk` command that calls the service ends: the failure is printed (to standard error for
/// people, as JSON on standard output with `--json`) and the command exits 1.
enum DeskRun {
    static func perform(json: Bool, _ body: () async throws -> Void) async throws {
        try await OperatorRun<DeskServiceName>.perform(json: json, body)
    }
}
