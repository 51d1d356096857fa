import Foundation
import Logging
import OODACore
import OODAEventLog
import OODATestSupport
import Testing

/// `ooda act` alone, with the test playing decide: decisions written to decide's log that the bus never
/// brought are executed when a later decision shows the gap, when act stops and when it starts, and never
/// twice; one older than `maxDecisionAge` is not executed late, and its outcome says so.
@Suite(.serialized) struct ActCatchUpTests {
    static let epoch: UInt64 = 1_000

    static func decision(
        _ sequence: UInt64,
        action: Action,
        ageSeconds: Int64 = 0,
        epoch: UInt64 = ActCatchUpTests.epoch
    ) -> Envelope {
        guard case .decision(var body) = MessageSamples.decision.body else { fatalError("the sample is a decision") }
        body.action = action
        return Envelope(
            source: .decide,
            epoch: epoch,
            sequence: sequence,
            timeNanos: Int64(Date().timeIntervalSince1970 * 1e9) - ageSeconds * 1_000_000_000,
            body: .decision(body)
        )
    }

    /// The outcomes in act's log, as (decide's sequence number, success, details), in the order recorded.
    static func outcomes(in directory: URL) -> [(sequence: UInt64, success: Bool, details: String)] {
        ((try? LaunchEndToEndTests.envelopes("act", in: directory)) ?? []).compactMap { envelope in
            guard envelope["kind"] as? String == "actionOutcome",
                let body = envelope["body"] as? [String: Any],
                let decision = body["decision"] as? String,
                let sequence = EventID(rawValue: decision).sequence
            else { return nil }
            return (sequence, body["success"] as? Bool ?? false, body["details"] as? String ?? "")
        }
    }

    /// The decisions act's log holds an outcome for, by decide's sequence number, in the order recorded.
    static func executed(in directory: URL) -> [UInt64] {
        outcomes(in: directory).map(\.sequence)
    }

    /// The ids of the decisions act's log holds an outcome for, in the order recorded.
    static func executedIDs(in directory: URL) -> [String] {
        ((try? LaunchEndToEndTests.envelopes("act", in: directory)) ?? []).compactMap { envelope in
            guard envelope["kind"] as? String == "actionOutcome", let body = envelope["body"] as? [String: Any]
            else { return nil }
            return body["decision"] as? String
        }
    }

    static func publish(_ envelope: Envelope, to directory: URL) async throws {
        let message = String(decoding: WireCodec().encodeJSON(envelope), as: UTF8.self)
        let publish = try await runOODA(
            ["publish", "--endpoint", "ipc://\(directory.path)/d.sock", message],
            in: directory
        )
        #expect(publish.status == 0, "\(publish.errors)")
    }

    static func actTopology(in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("act.yml").path
        try """
        logs: {directory: \(directory.path)/events}
        stages:
          decide:
            publish: ipc://\(directory.path)/d.sock
          act:
            publish: ipc://\(directory.path)/a.sock
            actuator: mock
            maxDecisionAge: 30s
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// act started with no log of its own (its damaged one moved aside) finds decide's whole history: the stale
    /// target-changing decisions get a not-executed outcome, as for any act that was away, but the stale noops,
    /// which would change nothing, are passed over rather than executed and recorded one by one.
    @Test func staleNoopsArePassedOverNotExecutedLate() async throws {
        let directory = try makeTemporaryDirectory()
        let file = try Self.actTopology(in: directory)
        let decideLog = try EventLogWriter(
            directory: "\(directory.path)/events/decide",
            logger: Logger(label: "test.decide")
        )
        for sequence: UInt64 in 1...20 {
            let action: Action = sequence == 10 ? .scaleUp : .noop
            _ = try decideLog.append(
                Self.decision(sequence, action: action, ageSeconds: 600 - Int64(sequence)),
                sync: true
            )
        }
        _ = try decideLog.append(Self.decision(21, action: .noop), sync: true)
        try decideLog.close()
        let act = try OODAProcess(["act", "--topology", file], in: directory, name: "act")
        try await eventually(.seconds(30), "act ready") { act.output.contains("ooda-stage-ready") }
        let outcomes = Self.outcomes(in: directory)
        #expect(outcomes.map(\.sequence) == [10, 21])
        #expect(outcomes.first?.details.contains("Not executed: decided 59") == true, "\(outcomes)")
        #expect(act.errors.contains("passed over stale noop decisions"), "\(act.errors)")
        act.signal(SIGTERM)
        #expect(try await act.wait() == 0)
    }

    /// decide's numbering starts again when it begins a fresh log (its damaged one moved aside, as
    /// docs/operations.md says to do) or when it lost its last records: its next decisions carry sequence numbers
    /// act has handled before, under a later epoch. They are new decisions, and act executes them, whether they
    /// come on the bus or wait in decide's log for act's start.
    @Test func decisionsOfADecideThatStartedAFreshLogAreExecuted() async throws {
        let directory = try makeTemporaryDirectory()
        let file = try Self.actTopology(in: directory)
        let decideLogPath = "\(directory.path)/events/decide"
        let logger = Logger(label: "test.decide")
        var decideLog = try EventLogWriter(directory: decideLogPath, logger: logger)
        for sequence: UInt64 in 1...5 { _ = try decideLog.append(Self.decision(sequence, action: .noop), sync: true) }
        let act = try OODAProcess(["act", "--topology", file], in: directory, name: "act")
        try await eventually(.seconds(30), "act ready") { act.output.contains("ooda-stage-ready") }
        #expect(Self.executed(in: directory) == [1, 2, 3, 4, 5])

        // decide's log is moved aside and decide starts afresh, in a later epoch: decision 1 again.
        try decideLog.close()
        try FileManager.default.moveItem(atPath: decideLogPath, toPath: decideLogPath + ".damaged")
        let later = Self.epoch + 1_000
        decideLog = try EventLogWriter(directory: decideLogPath, logger: logger)
        let fresh = Self.decision(1, action: .scaleUp, epoch: later)
        _ = try decideLog.append(fresh, sync: true)
        try await Self.publish(fresh, to: directory)
        try await eventually(.seconds(30), "the fresh log's decision 1 executed") {
            Self.executedIDs(in: directory).last == fresh.id.rawValue
        }
        #expect(act.errors.contains("decide's numbering went back"), "\(act.errors)")

        // Decisions 2 and 3 of the fresh log wait in it while act is down: act's start executes them.
        act.signal(SIGTERM)
        #expect(try await act.wait() == 0)
        for sequence: UInt64 in 2...3 {
            _ = try decideLog.append(Self.decision(sequence, action: .noop, epoch: later), sync: true)
        }
        let again = try OODAProcess(["act", "--topology", file], in: directory, name: "act-again")
        try await eventually(.seconds(30), "act ready again") { again.output.contains("ooda-stage-ready") }
        #expect(Self.executed(in: directory) == [1, 2, 3, 4, 5, 1, 2, 3])

        // decide lost its last record (a power cut inside the group commit): it numbers its next decision 3 again,
        // in a later epoch. That is a new decision too.
        let lostTail = Self.decision(3, action: .scaleDown, epoch: later + 1_000)
        _ = try decideLog.append(lostTail, sync: true)
        try await Self.publish(lostTail, to: directory)
        try await eventually(.seconds(30), "the renumbered decision 3 executed") {
            Self.executedIDs(in: directory).last == lostTail.id.rawValue
        }
        again.signal(SIGTERM)
        #expect(try await again.wait() == 0)
        #expect(Self.executed(in: directory) == [1, 2, 3, 4, 5, 1, 2, 3, 3])
        try decideLog.close()
    }

    @Test func decisionsTheBusNeverBroughtAreExecutedFromDecidesLog() async throws {
        let directory = try makeTemporaryDirectory()
        let file = try Self.actTopology(in: directory)
        let decideLog = try EventLogWriter(
            directory: "\(directory.path)/events/decide",
            logger: Logger(label: "test.decide")
        )
        // Decision 1, made two minutes ago while act was down, is too old to execute when act starts: it is
        // recorded as not executed, with why, and the audit shows it.
        _ = try decideLog.append(Self.decision(1, action: .scaleUp, ageSeconds: 120), sync: true)
        let act = try OODAProcess(["act", "--topology", file], in: directory, name: "act")
        try await eventually(.seconds(30), "act ready") { act.output.contains("ooda-stage-ready") }
        #expect(act.errors.contains("too old to execute"))
        let skipped = try #require(Self.outcomes(in: directory).first)
        #expect(skipped.sequence == 1 && !skipped.success)
        #expect(skipped.details.contains("Not executed: decided 120"), "\(skipped.details)")
        #expect(skipped.details.contains("older than maxDecisionAge (30.0 s)"), "\(skipped.details)")
        let audit = try await runOODA(
            ["audit", "decide-\(Self.epoch)-decision-1", "--events", "\(directory.path)/events"],
            in: directory
        )
        #expect(audit.output.contains("older than maxDecisionAge"), "\(audit.output)\(audit.errors)")

        // Decisions 2 and 3 are lost on the bus; 4 arrives and shows the gap.
        let live = [
            Self.decision(2, action: .scaleUp), Self.decision(3, action: .noop), Self.decision(4, action: .scaleDown),
        ]
        for envelope in live { _ = try decideLog.append(envelope, sync: true) }
        try await Self.publish(live[2], to: directory)
        try await eventually(.seconds(30), "decisions 2 to 4 executed") {
            Self.executed(in: directory) == [1, 2, 3, 4]
        }
        #expect(Self.outcomes(in: directory).dropFirst().allSatisfy { $0.success })
        #expect(act.errors.contains("catching up on decisions from decide's log"))

        // Decisions 5 and 6 never reach the bus (decide stopped before act could get them): a clean stop of
        // act executes them first.
        for envelope in [Self.decision(5, action: .scaleUp), Self.decision(6, action: .noop)] {
            _ = try decideLog.append(envelope, sync: true)
        }
        act.signal(SIGTERM)
        #expect(try await act.wait() == 0)
        #expect(Self.executed(in: directory) == [1, 2, 3, 4, 5, 6])
        #expect(act.errors.contains("executing decide's last decisions before stopping"))

        // Decision 7 is made while act is down: started again, act executes it before it is ready, and
        // nothing twice.
        _ = try decideLog.append(Self.decision(7, action: .scaleDown), sync: true)
        let again = try OODAProcess(["act", "--topology", file], in: directory, name: "act-again")
        try await eventually(.seconds(30), "act ready again") { again.output.contains("ooda-stage-ready") }
        #expect(Self.executed(in: directory) == [1, 2, 3, 4, 5, 6, 7])
        again.signal(SIGTERM)
        #expect(try await again.wait() == 0)
        #expect(Self.executed(in: directory) == [1, 2, 3, 4, 5, 6, 7])
        try decideLog.close()
    }
}
