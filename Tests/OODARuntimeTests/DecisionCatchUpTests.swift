import Foundation
import Logging
import OODACore
import OODAEventLog
import OODATestSupport
import Testing

@testable import OODARuntime

/// What act's catch-up reads of decide's log: from where act stopped, or, for an act with no log of its own,
/// only the end of decide's history that could still be executed.
@Suite struct DecisionCatchUpTests {
    static let second: Int64 = 1_000_000_000

    /// decide's log over small segments: decision n made at n seconds, a scaleUp every tenth, noops otherwise.
    func decideLog(decisions count: Int) throws -> String {
        let root = try makeTemporaryDirectory().path
        var decide = EnvelopeSequencer(source: .decide, epoch: 3)
        let writer = try EventLogWriter(
            directory: root,
            configuration: EventLogConfiguration(segmentBytes: 4000, durability: .never),
            logger: Logger(label: "test")
        )
        for number in 1...count {
            let action: Action = number % 10 == 0 ? .scaleUp : .noop
            let decision = Decision(
                action: action,
                proposed: action,
                confidence: 0.9,
                mode: .balanced,
                threshold: 0.7,
                reasoning: ["decision \(number)"],
                guardRails: [],
                engine: EngineSnapshot()
            )
            _ = try writer.append(decide.stamp(.decision(decision), timeNanos: Int64(number) * Self.second))
        }
        try writer.close()
        return root
    }

    @Test func anActWithNoLogReadsOnlyTheYoungEndOfDecidesHistory() throws {
        let log = try decideLog(decisions: 300)
        let segments = try EventLogReader(directory: log).segments()
        try #require(segments.count > 10)
        let catchUp = DecisionCatchUp(decideLog: log, maxAgeNanos: 30 * Self.second, logger: Logger(label: "test"))
        let now = 301 * Self.second

        let fresh = catchUp.decisions(after: .origin, nowNanos: now)
        let young = fresh.filter { $0.tooOld == nil }.map(\.envelope.sequence)
        // Every decision younger than the maximum age, in order.
        #expect(young == Array(271...300).map(UInt64.init))
        // Older ones only from the segment where reading began: the scaleUps of decide's early history (decisions
        // 10, 20, …, 250) were not read, so they get no "not executed" outcome.
        let stale = fresh.filter { $0.tooOld != nil }.map(\.envelope.sequence)
        #expect(stale.allSatisfy { $0 > 250 }, "\(stale)")

        // An act that has handled decision 5 still reads everything after it: its stale scaleUps are recorded.
        let resumed = catchUp.decisions(after: DecisionPosition(epoch: 3, sequence: 5), nowNanos: now)
        #expect(
            resumed.filter { $0.tooOld != nil }.map(\.envelope.sequence)
                == Array(stride(from: 10, to: 271, by: 10)).map(UInt64.init)
        )
        #expect(resumed.filter { $0.tooOld == nil }.map(\.envelope.sequence) == young)
    }
}
