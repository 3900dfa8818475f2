import Testing

@testable import ServiceRuntime

/// Which statements make a transaction insert its pending publishes first.
@Suite struct OutboxBufferTests {
    @Test func savepointStatementsAndOutboxReadsFlush() {
        for sql in ["SAVEPOINT a", "  release savepoint a", "ROLLBACK TO SAVEPOINT a", "SELECT count(*) FROM outbox",
                    "UPDATE \"alpha\".OUTBOX SET x = 1"] {
            #expect(OutboxBuffer.mustFlush(before: sql), "\(sql)")
        }
        for sql in ["INSERT INTO items VALUES (1)", "SELECT 1", "UPDATE tenders SET state = 'open'"] {
            #expect(!OutboxBuffer.mustFlush(before: sql), "\(sql)")
        }
    }
}
