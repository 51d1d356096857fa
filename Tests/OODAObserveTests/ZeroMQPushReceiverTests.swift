import Logging
import OODACore
import Prometheus
import Testing
import ZeroMQ

@testable import OODAObserve

@Suite(.serialized) struct ZeroMQPushReceiverTests {
    /// Sends each payload as one message from a PUSH socket; the linger delivers them before the socket goes.
    private func push(_ payloads: [String], to endpoint: String, context: ZMQContext) throws {
        let socket = try ZMQSocket(context, type: .push, linger: .seconds(5))
        try socket.connect(endpoint)
        for payload in payloads {
            _ = try socket.send(frames: [Array("push".utf8), Array(payload.utf8)])
        }
    }

    /// The next `count` receipts, or fewer if none comes within 30 s (a failure, never a hang).
    private func receipts(_ count: Int, from receiver: ZeroMQPushReceiver) async throws -> [ZeroMQPushReceiver.Receipt]
    {
        try await withThrowingTaskGroup(of: [ZeroMQPushReceiver.Receipt].self) { group in
            group.addTask {
                var collected: [ZeroMQPushReceiver.Receipt] = []
                for await receipt in receiver.receipts {
                    collected.append(receipt)
                    if collected.count == count { break }
                }
                return collected
            }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return []
            }
            defer { group.cancelAll() }
            return try await group.next() ?? []
        }
    }

    @Test func pushesOverPullReachTheNextObservationAndRefusalsAreReported() async throws {
        let context = try ZMQContext()
        let inbox = PushIngestor()
        let metrics = StageMetrics(stage: "observe")
        let receiver = ZeroMQPushReceiver(
            endpoint: "tcp://127.0.0.1:0",
            context: context,
            inbox: inbox,
            metrics: metrics,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let received = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await receiver.run() }
            defer { group.cancelAll() }
            let endpoint = try #require(await receiver.boundEndpoint())
            #expect(endpoint.hasPrefix("tcp://127.0.0.1:") && !endpoint.hasSuffix(":0"))
            try push(
                [#"{"metrics": {"omega_score": 0.7}}"#, #"{"metrics": {"omega_score": 7}}"#, "not json"],
                to: endpoint,
                context: context
            )
            return try await receipts(3, from: receiver)
        }
        try #require(received.count == 3)
        #expect(received[0] == .accepted(1))
        guard case .refused(let invalid) = received[1], case .refused(let malformed) = received[2] else {
            Issue.record("expected two refusals, got \(received)")
            return
        }
        #expect(invalid.refused.first?.reason.contains("omega_score must be within 0...1") == true)
        #expect(malformed.code == .invalidPayload)
        let observation = await Observer(sources: [inbox]).observe(atNanos: 1).observation
        #expect(observation.samples == [MetricSample(name: MetricName.omegaScore, value: 0.7, source: "push:zmq")])
        #expect(metrics.registry.emitToString().contains(#"transport="zmq",code="invalidPayload"} 1"#))
    }

    @Test func anEndpointThatCannotBeBoundFailsTheService() async throws {
        let receiver = ZeroMQPushReceiver(
            endpoint: "tcp://256.0.0.1:1",
            context: try ZMQContext(),
            inbox: PushIngestor(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let error = await #expect(throws: ObserveError.self) { try await receiver.run() }
        #expect(error?.code == .serverFailed)
        #expect(await receiver.boundEndpoint() == nil)
    }
}
