import Messaging
import ServiceRuntime
import ServiceRuntimeTesting

/// A message for the in-memory broker tests.
func testMessage(
    _ exchange: String, _ routingKey: String, id: String? = nil, mandatory: Bool = true, expiration: String? = nil
) -> AMQPOutboundMessage {
    var properties = AMQPProperties(messageID: id)
    properties.expiration = expiration
    return AMQPOutboundMessage(
        exchange: exchange, routingKey: routingKey, body: Array((id ?? "body").utf8), properties: properties,
        mandatory: mandatory)
}

/// Polls `condition` every few milliseconds until it holds or `timeout` passes (only for timers: the
/// in-memory broker does everything else synchronously). The timers are tasks of the shared cooperative pool,
/// which the whole test run keeps busy on two cores: the timeout is generous, and only a failure waits it out.
func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while !condition() && ContinuousClock.now < deadline {
        try await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
