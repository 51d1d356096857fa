import OODABus
import OODACore
import OODATestSupport
import Testing

@Suite struct BusEventTests {
    @Test func noticesDescribeThemselvesOnOneLine() {
        let gap = BusEvent.gap(source: .observe, kind: .observation, epoch: 7, sequence: 10, missed: 3)
        #expect(gap.description == "gap: 3 observation from observe (epoch 7) lost before #10")
        let restart = BusEvent.restart(source: .act, kind: .actionOutcome, previousEpoch: 1, epoch: 2, missed: 0)
        #expect(restart.description == "restart: act actionOutcome epoch 1 → 2")
        let rejected = BusEvent.rejected(WireError(.unknownKind, "unknown topic 'x'"), topic: "x")
        #expect(rejected.description == "rejected 'x': unknownKind: unknown topic 'x'")
        #expect(BusEvent.envelope(MessageSamples.decision).description.hasPrefix("decision decide-"))
        #expect(gap.envelope == nil)
    }
}
