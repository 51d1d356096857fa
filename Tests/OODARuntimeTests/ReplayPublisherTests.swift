import Foundation
import Logging
import OODABus
import OODACore
import OODAEventLog
import OODARuntime
import OODATestSupport
import Testing
import ZeroMQ

/// `ooda replay --publish` as a user runs it: the replay first, then the downstream that connects to it.
@Suite struct ReplayPublisherTests {
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func recordCount(_ root: String) throws -> Int {
        var reader = try MergedLogReader(path: root)
        var count = 0
        while try reader.next() != nil { count += 1 }
        return count
    }

    /// Subscribes to every kind at `endpoint` (the publisher alone chooses what is sent) and receives `count`
    /// envelopes, within a minute.
    static func receive(_ count: Int, from endpoint: String) async throws -> [Envelope] {
        let subscriber = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [endpoint], notices: false),
            context: try ZMQContext(),
            logger: quiet
        )
        let received = try await withTimeout(.seconds(60), "\(count) replayed events") {
            var received: [Envelope] = []
            for await case .envelope(let envelope) in subscriber.events {
                received.append(envelope)
                if received.count == count { break }
            }
            return received
        }
        await subscriber.close()
        return received
    }

    @Test func aSubscriberThatConnectsAfterTheReplayStartedGetsEveryEventAtFullSpeed() async throws {
        let root = try ReplayTests().recordRamp()
        let expected = try Self.recordCount(root)
        let endpoint = "ipc://\(try makeTemporaryDirectory().path)/replay.sock"
        let (bound, announce) = AsyncStream<String>.makeStream()
        let publishing = Task {
            try await ReplayPublisher(eventsDirectory: root, endpoint: endpoint, speed: nil, kinds: nil)
                .run(logger: Self.quiet, waiting: { announce.yield($0) }, progress: { _ in })
        }
        let announced = try await withTimeout(.seconds(30), "the replay waiting") { await bound.first { _ in true } }
        #expect(announced == endpoint)
        // Only now does the downstream connect, as a tap started after the replay would.
        let received = try await Self.receive(expected, from: endpoint).map(\.id)
        #expect(try await publishing.value == expected)
        #expect(received.count == expected)
        #expect(Set(received).count == expected)
    }

    /// With CURVE keys, the replay publishes as a stage under `curve.keys` does: an admitted subscriber gets every
    /// event; one with no keys gets nothing.
    @Test func underCurveOnlyAnAdmittedSubscriberGetsTheEvents() async throws {
        let root = try ReplayTests().recordRamp()
        let expected = try Self.recordCount(root)
        let keyring = CurveKeyring(directory: try makeTemporaryDirectory().path + "/keys")
        _ = try keyring.generate(names: ["decide", "client"])
        let endpoint = "ipc://\(try makeTemporaryDirectory().path)/replay.sock"
        var replay = ReplayPublisher(eventsDirectory: root, endpoint: endpoint, speed: nil, kinds: nil)
        replay.curve = try keyring.publisherCurve(as: "decide")
        let publishing = Task { try await replay.run(logger: Self.quiet, progress: { _ in }) }
        let plain = try await ZeroMQSubscriber(
            configuration: .init(endpoints: [endpoint], notices: false),
            context: try ZMQContext(),
            logger: Self.quiet
        )
        var configuration = ZeroMQSubscriber.Configuration(endpoints: [endpoint], notices: false)
        configuration.curveServerPublicKey = try keyring.publicKey(of: "decide")
        configuration.curveClientKeys = try keyring.keyPair(of: "client")
        let admitted = try await ZeroMQSubscriber(
            configuration: configuration,
            context: try ZMQContext(),
            logger: Self.quiet
        )
        let received = try await withTimeout(.seconds(60), "\(expected) replayed events") {
            var received = 0
            for await case .envelope in admitted.events {
                received += 1
                if received == expected { break }
            }
            return received
        }
        #expect(received == expected)
        #expect(try await publishing.value == expected)
        #expect(plain.stats.received == 0)
        await admitted.close()
        await plain.close()
    }

    @Test func onlyTheChosenKindsArePublished() async throws {
        let root = try ReplayTests().recordRamp()
        var reader = try MergedLogReader(path: root)
        var count = 0
        while let record = try reader.next() { count += record.envelope.kind == .decision ? 1 : 0 }
        let decisions = count
        let endpoint = "ipc://\(try makeTemporaryDirectory().path)/replay.sock"
        let publishing = Task {
            try await ReplayPublisher(eventsDirectory: root, endpoint: endpoint, speed: nil, kinds: [.decision])
                .run(logger: Self.quiet, progress: { _ in })
        }
        let kinds = try await Self.receive(decisions, from: endpoint).map(\.kind)
        #expect(try await publishing.value == decisions)
        #expect(kinds.count == decisions && kinds.allSatisfy { $0 == .decision })
    }

    @Test func withNoSubscriberItSaysSoInsteadOfPublishingToNoOne() async throws {
        let root = try ReplayTests().recordRamp()
        let endpoint = "ipc://\(try makeTemporaryDirectory().path)/replay.sock"
        let replay = ReplayPublisher(
            eventsDirectory: root,
            endpoint: endpoint,
            speed: nil,
            kinds: nil,
            subscriberWait: .milliseconds(200)
        )
        do {
            _ = try await replay.run(logger: Self.quiet, progress: { _ in })
            Issue.record("published with no subscriber")
        } catch let error as ReplayPublisherError {
            #expect(error.description.hasPrefix("no subscriber connected to \(endpoint) within 0.2 seconds"))
        }
    }
}
