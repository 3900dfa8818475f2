import ArgumentParser
import Foundation
import ServiceRuntime

/// The training scheduler, as the operator's commands name it.
enum TrainingServiceName: OperatorService {
    static let name = "training"
}

typealias TrainingFailure = ServiceCallFailure<TrainingServiceName>
typealias TrainingClient = OperatorClient<TrainingServiceName>

/// How every `passerelle training` command that calls the service ends: the failure is printed (to standard error for
/// people, as JSON on standard output with `--json`) and the command exits 1.
enum TrainingRun {
    static func perform(json: Bool, _ body: () async throws -> Void) async throws {
        try await OperatorRun<TrainingServiceName>.perform(json: json, body)
    }
}
