import Foundation
import Logging
import OODACore
import OODARuntime
import Testing

@Suite struct StatusFeedTests {
    @Test func heartbeatsAndDecisionsFillTheStatusTable() throws {
        let topology = try Topology.parse(
            text: """
                stages:
                  orient: {publish: "ipc:///tmp/ooda-feed-o.sock"}
                  decide: {publish: "ipc:///tmp/ooda-feed-d.sock"}
                """,
            file: "test.yml"
        )
        let launcher = Launcher(
            topology: topology,
            configuration: .init(topologyFile: "test.yml", executable: "/bin/true", statusInterval: nil),
            logger: Logger(label: "test")
        )
        var decide = EnvelopeSequencer(source: .decide, epoch: 1)
        let beat = decide.stamp(.heartbeat(Heartbeat(messagesIn: 41, messagesOut: 40)), timeNanos: 0)
        let decision = decide.stamp(
            .decision(
                Decision(
                    action: .noop,
                    proposed: .scaleUp,
                    confidence: 0.62,
                    mode: .balanced,
                    threshold: 0.7,
                    reasoning: [],
                    guardRails: [GuardRail(name: "threshold", from: .scaleUp, to: .noop, detail: "below 0.7")],
                    engine: EngineSnapshot()
                )
            ),
            timeNanos: 1_732_412_400_000_000_000
        )
        let action = decide.stamp(
            .decision(
                Decision(
                    action: .scaleUp,
                    proposed: .scaleUp,
                    confidence: 0.91,
                    mode: .balanced,
                    threshold: 0.7,
                    reasoning: [],
                    guardRails: [],
                    targetReplicas: 5,
                    engine: EngineSnapshot()
                )
            ),
            timeNanos: 1_732_412_399_000_000_000
        )
        launcher.applyStatus(beat)
        launcher.applyStatus(action)
        launcher.applyStatus(decision)
        let status = try #require(launcher.board.snapshot().first { $0.stage == .decide })
        #expect(status.heartbeat?.messagesIn == 41)
        #expect(status.lastDecision == "01:40:00 noop 0.62 (threshold)")
        let table = StatusTable.render(launcher.board.snapshot(), now: .now)
        #expect(table.contains("41"))
        #expect(table.contains("noop 0.62 (threshold); last action 01:39:59 scaleUp → 5"))
    }
}
