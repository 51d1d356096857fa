import OODACore
import OODARuntime
import Testing

/// act takes a decision as new when it comes after the last one it handled in decide's order: by run (epoch),
/// then number. The number alone goes back when decide starts a fresh log or loses its last records.
@Suite struct DecisionPositionTests {
    let handled = DecisionPosition(epoch: 1_000, sequence: 500)

    @Test func laterRunsComeAfterWhateverTheirNumbers() {
        #expect(DecisionPosition(epoch: 1_000, sequence: 501) > handled)
        #expect(DecisionPosition(epoch: 2_000, sequence: 501) > handled)
        #expect(DecisionPosition(epoch: 2_000, sequence: 1) > handled)
        #expect(DecisionPosition(epoch: 2_000, sequence: 500) > handled)
        #expect(!(DecisionPosition(epoch: 1_000, sequence: 500) > handled))
        #expect(DecisionPosition(epoch: 1_000, sequence: 499) < handled)
        #expect(DecisionPosition(epoch: 999, sequence: 10_000) < handled)
        #expect(DecisionPosition.origin < DecisionPosition(epoch: 0, sequence: 1))
    }

    @Test func onlyTheNextNumberLeavesNoDecisionsInBetween() {
        #expect(!handled.mayHaveDecisions(before: DecisionPosition(epoch: 1_000, sequence: 501)))
        // decide restarted and went on from its log.
        #expect(!handled.mayHaveDecisions(before: DecisionPosition(epoch: 2_000, sequence: 501)))
        #expect(handled.mayHaveDecisions(before: DecisionPosition(epoch: 1_000, sequence: 503)))
        #expect(handled.mayHaveDecisions(before: DecisionPosition(epoch: 2_000, sequence: 1)))
        #expect(!DecisionPosition.origin.mayHaveDecisions(before: DecisionPosition(epoch: 7, sequence: 1)))
    }

    @Test func aLaterRunNumberingFromBelowIsARenumbering() {
        #expect(handled.isRenumbered(by: DecisionPosition(epoch: 2_000, sequence: 1)))
        #expect(handled.isRenumbered(by: DecisionPosition(epoch: 2_000, sequence: 500)))
        #expect(!handled.isRenumbered(by: DecisionPosition(epoch: 2_000, sequence: 501)))
        #expect(!handled.isRenumbered(by: DecisionPosition(epoch: 1_000, sequence: 501)))
    }

    @Test func aDecisionsIdNamesItsPosition() {
        let envelope = Envelope(
            source: .decide,
            epoch: 1_732_412_345_678_901,
            sequence: 42,
            timeNanos: 0,
            body: .heartbeat(Heartbeat())
        )
        #expect(DecisionPosition(envelope.id) == DecisionPosition(envelope))
        #expect(DecisionPosition(envelope) == DecisionPosition(epoch: 1_732_412_345_678_901, sequence: 42))
        #expect(DecisionPosition(EventID(rawValue: "not-an-id")) == nil)
    }
}
