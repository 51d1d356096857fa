import OODACore
import Testing

@testable import OODARuntime

@Suite struct StatusDisplayTests {
    static func statuses(pid: Int32, action: String? = nil, messagesIn: UInt64 = 0) -> [StageStatus] {
        var orient = StageStatus(stage: .orient)
        orient.phase = .ready
        orient.pid = pid
        orient.heartbeat = Heartbeat(messagesIn: messagesIn)
        var decide = StageStatus(stage: .decide)
        decide.phase = .ready
        decide.pid = 7
        decide.lastAction = action
        return [orient, decide]
    }

    @Test func aRestartQuickerThanTheIntervalStillPrintsATable() {
        // Both samples see orient ready: only its new pid tells that it crashed and came back in between.
        #expect(StatusDisplay.changes(Self.statuses(pid: 100)) != StatusDisplay.changes(Self.statuses(pid: 101)))
    }

    @Test func aNewActionPrintsATable() {
        let before = StatusDisplay.changes(Self.statuses(pid: 100, action: "13:38:20 scaleUp → 5"))
        let after = StatusDisplay.changes(Self.statuses(pid: 100, action: "13:38:25 scaleUp → 7"))
        #expect(before != after)
    }

    @Test func countersAloneDoNot() {
        #expect(
            StatusDisplay.changes(Self.statuses(pid: 100, messagesIn: 5))
                == StatusDisplay.changes(Self.statuses(pid: 100, messagesIn: 9))
        )
    }
}
