import ServiceRuntime
import Testing

/// The observability part of the runtime: metrics, health, and the HTTP listener serving them.
@Suite enum ObservabilityTests {}

extension ObservabilityTests {
    @Suite struct Metrics {
        @Test func countersCarryServiceAndTypeLabels() {
            let metrics = RuntimeMetrics(service: "procurement")
            metrics.handled(type: "published.v1")
            metrics.handled(type: "published.v1")
            metrics.handled(type: "amended.v1")
            metrics.failed(type: "published.v1")
            metrics.retried(type: "published.v1", level: "in-process")
            metrics.retried(type: "published.v1", level: "5s")
            metrics.retried(type: "published.v1", level: "5s")
            metrics.parked(type: "published.v1", reason: "invalid")
            metrics.duplicateSkipped(type: "amended.v1")
            metrics.relayed(count: 7)
            metrics.relayed(count: 0)

            let lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
            let expected = [
                #"passerelle_messages_handled_total{service="procurement",type="published.v1"} 2"#,
                #"passerelle_messages_handled_total{service="procurement",type="amended.v1"} 1"#,
                #"passerelle_messages_failed_total{service="procurement",type="published.v1"} 1"#,
                #"passerelle_messages_retried_total{service="procurement",type="published.v1",level="in-process"} 1"#,
                #"passerelle_messages_retried_total{service="procurement",type="published.v1",level="5s"} 2"#,
                #"passerelle_messages_parked_total{service="procurement",type="published.v1",reason="invalid"} 1"#,
                #"passerelle_inbox_duplicates_total{service="procurement",type="amended.v1"} 1"#,
                #"passerelle_outbox_relayed_total{service="procurement"} 7"#,
                "# TYPE passerelle_messages_handled_total counter",
            ]
            for line in expected {
                #expect(lines.contains(line), "missing: \(line)")
            }
        }

        @Test func gaugesReportOutboxAndCircuit() {
            let metrics = RuntimeMetrics(service: "desk")
            metrics.outbox(lag: .milliseconds(2500), depth: 12)
            metrics.circuitOpen(true)
            var lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
            #expect(lines.contains(#"passerelle_outbox_lag_seconds{service="desk"} 2.5"#))
            #expect(lines.contains(#"passerelle_outbox_depth{service="desk"} 12.0"#))
            #expect(lines.contains(#"passerelle_consumer_circuit_open{service="desk"} 1.0"#))
            #expect(lines.contains("# TYPE passerelle_outbox_depth gauge"))

            metrics.circuitOpen(false)
            metrics.outbox(lag: .zero, depth: 0)
            lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
            #expect(lines.contains(#"passerelle_consumer_circuit_open{service="desk"} 0.0"#))
            #expect(lines.contains(#"passerelle_outbox_depth{service="desk"} 0.0"#))
        }

        @Test func handlerDurationFillsBucketsFromOneMillisecondToTenSeconds() {
            let metrics = RuntimeMetrics(service: "documents")
            metrics.handlerDuration(type: "document.stored.v1", .milliseconds(3))
            metrics.handlerDuration(type: "document.stored.v1", .milliseconds(200))
            metrics.handlerDuration(type: "document.stored.v1", .seconds(20))

            let lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
            let series = #"passerelle_handler_duration_seconds_bucket{service="documents",type="document.stored.v1","#
            let expected = [
                series + #"le="0.001"} 0"#,
                series + #"le="0.0025"} 0"#,
                series + #"le="0.005"} 1"#,
                series + #"le="0.1"} 1"#,
                series + #"le="0.25"} 2"#,
                series + #"le="10.0"} 2"#,
                series + #"le="+Inf"} 3"#,
                #"passerelle_handler_duration_seconds_count{service="documents",type="document.stored.v1"} 3"#,
                #"passerelle_handler_duration_seconds_sum{service="documents",type="document.stored.v1"} 20.203"#,
                "# TYPE passerelle_handler_duration_seconds histogram",
            ]
            for line in expected {
                #expect(lines.contains(line), "missing: \(line)")
            }
            #expect(lines.filter { $0.hasPrefix(series) }.count == RuntimeMetrics.durationBuckets.count + 1)
        }

        @Test func confirmLatencyIsAHistogramWithTheServiceLabel() {
            let metrics = RuntimeMetrics(service: "notifications")
            metrics.confirmLatency(.microseconds(800))
            let lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
            #expect(lines.contains(#"passerelle_confirm_latency_seconds_bucket{service="notifications",le="0.001"} 1"#))
            #expect(lines.contains(#"passerelle_confirm_latency_seconds_count{service="notifications"} 1"#))
        }

        @Test func eachInstanceHasItsOwnRegistry() {
            let first = RuntimeMetrics(service: "a")
            let second = RuntimeMetrics(service: "b")
            first.handled(type: "t")
            #expect(first.exposition().contains(#"service="a""#))
            #expect(!second.exposition().contains(#"service="a""#))
            #expect(!second.exposition().contains("passerelle_messages_handled_total"))
        }

        @Test func concurrentRecordingCountsEveryCall() async {
            let metrics = RuntimeMetrics(service: "load")
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for _ in 0..<500 {
                            metrics.handled(type: "type-\(worker % 2)")
                            metrics.handlerDuration(type: "type-\(worker % 2)", .milliseconds(1))
                        }
                    }
                }
            }
            let lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
            #expect(lines.contains(#"passerelle_messages_handled_total{service="load",type="type-0"} 2000"#))
            #expect(lines.contains(#"passerelle_messages_handled_total{service="load",type="type-1"} 2000"#))
            #expect(lines.contains(#"passerelle_handler_duration_seconds_count{service="load",type="type-1"} 2000"#))
        }
    }
}

extension ObservabilityTests {
    @Suite struct Health {
        @Test func freshServiceIsLiveButNotReady() {
            let health = HealthState()
            #expect(health.liveness().isOK)
            let readiness = health.readiness()
            #expect(readiness.status == .unavailable)
            #expect(
                readiness.failedChecks == [
                    HealthCheckName.broker, HealthCheckName.consumers, HealthCheckName.migrations,
                ])
            #expect(readiness.checks[HealthCheckName.broker]?.detail == "not connected")
        }

        @Test func readinessNamesEachFailingCheckUntilAllHold() {
            let health = HealthState()
            health.setConnected(true)
            #expect(health.readiness().failedChecks == [HealthCheckName.consumers, HealthCheckName.migrations])
            health.setMigrationsApplied(true)
            #expect(health.readiness().failedChecks == [HealthCheckName.consumers])
            health.setConsuming(true)
            #expect(health.readiness().isOK)
            #expect(health.readiness().checks.count == 5)

            health.setOutboxLag(.milliseconds(45_200))
            let lagging = health.readiness()
            #expect(lagging.failedChecks == [HealthCheckName.outbox])
            #expect(lagging.checks[HealthCheckName.outbox]?.detail == "outbox lag 45.2 s ≥ 30 s")

            health.setOutboxLag(.seconds(29))
            #expect(health.readiness().isOK)

            health.setConnected(false)
            #expect(health.readiness().failedChecks == [HealthCheckName.broker])
            health.setConnected(true)

            health.setStopping(true)
            #expect(health.readiness().failedChecks == [HealthCheckName.shutdown])
            #expect(health.liveness().isOK)
        }

        @Test func outboxLagAtTheThresholdIsNotReady() {
            let health = HealthState(maxOutboxLag: .seconds(5))
            health.setConnected(true)
            health.setConsuming(true)
            health.setMigrationsApplied(true)
            health.setOutboxLag(.seconds(5))
            #expect(health.readiness().failedChecks == [HealthCheckName.outbox])
            #expect(health.readiness().checks[HealthCheckName.outbox]?.detail == "outbox lag 5 s ≥ 5 s")
        }
    }
}
