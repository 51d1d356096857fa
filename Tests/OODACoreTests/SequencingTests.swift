import OODACore
import OODATestSupport
import Testing

@Suite struct SequencingTests {
    @Test func anIdIsSourceEpochKindAndSequenceJoinedByDashes() {
        var random = SplitMix64(seed: 11)
        var numbers: [UInt64] = [0, 1, 9, 10, 99, 100, 1_732_412_345_678_901, UInt64.max, UInt64.max - 1]
        for _ in 0..<200 { numbers.append(random.next() >> (random.next() % 64)) }
        for (epoch, sequence) in zip(numbers, numbers.reversed()) {
            let names: [(StageName, MessageKind)] = [(.decide, .decision), ("a-tool", .stageStarted), ("", .heartbeat)]
            for (source, kind) in names {
                let id = EventID(source: source, epoch: epoch, kind: kind, sequence: sequence)
                #expect(id.rawValue == "\(source.rawValue)-\(epoch)-\(kind.rawValue)-\(sequence)")
                #expect(id.sequence == sequence)
                #expect(id.epoch == epoch)
            }
        }
    }

    @Test func sequencesAreGaplessPerKind() {
        var sequencer = EnvelopeSequencer(source: .orient, epoch: 5)
        let first = sequencer.stamp(.heartbeat(Heartbeat()), timeNanos: 1)
        let second = sequencer.stamp(.heartbeat(Heartbeat()), timeNanos: 2)
        let started = sequencer.stamp(
            .stageStarted(StageStarted(version: "t", stage: .orient, configuration: .null)),
            timeNanos: 3
        )
        #expect([first.sequence, second.sequence, started.sequence] == [1, 2, 1])
        #expect(second.id.rawValue == "orient-5-heartbeat-2")
    }

    @Test func aResumedSequencerGoesOnWhereTheLastRunStopped() {
        var sequencer = EnvelopeSequencer(source: .decide, epoch: 9, resuming: [.decision: 41])
        let next = sequencer.stamp(.heartbeat(Heartbeat()), timeNanos: 0)
        #expect(next.sequence == 1)
        let decision = MessageSamples.decision.body
        #expect(sequencer.stamp(decision, timeNanos: 0).sequence == 42)
    }

    @Test func epochsAlwaysIncreaseEvenWhenTheClockGoesBack() {
        #expect(EnvelopeSequencer.epoch(nowMicros: 100) == 100)
        #expect(EnvelopeSequencer.epoch(nowMicros: 100, after: 50) == 100)
        #expect(EnvelopeSequencer.epoch(nowMicros: 100, after: 500) == 501)
    }

    @Test func theTrackerTellsInOrderGapsRestartsAndDuplicates() {
        var tracker = SequenceTracker()
        let see = { (epoch: UInt64, sequence: UInt64) in
            tracker.observe(source: .decide, kind: .decision, epoch: epoch, sequence: sequence)
        }
        #expect(see(1, 1) == .first)
        #expect(see(1, 2) == .inOrder)
        #expect(see(1, 5) == .gap(missed: 2))
        #expect(see(1, 5) == .duplicate)
        #expect(see(2, 6) == .restart(previousEpoch: 1, missed: 0))
        #expect(see(3, 9) == .restart(previousEpoch: 2, missed: 2))
        #expect(see(2, 10) == .duplicate)
        #expect(tracker.gaps == 2)
        #expect(tracker.missed == 4)
        #expect(tracker.restarts == 2)
        #expect(tracker.duplicates == 2)
    }

    @Test func streamsAreTrackedPerSourceAndKind() {
        var tracker = SequenceTracker()
        #expect(tracker.observe(source: .decide, kind: .decision, epoch: 1, sequence: 7) == .first)
        #expect(tracker.observe(source: .decide, kind: .heartbeat, epoch: 1, sequence: 1) == .first)
        #expect(tracker.observe(source: .orient, kind: .decision, epoch: 1, sequence: 1) == .first)
        #expect(tracker.observe(source: .decide, kind: .decision, epoch: 1, sequence: 8) == .inOrder)
    }
}
