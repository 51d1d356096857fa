import Foundation
import Logging
import OODACore
import OODAEventLog
import OODARuntime
import OODATestSupport
import Testing

@Suite struct DecisionTrailTests {
    /// Writes a small recorded session: two observations, two orientations, two decisions (a noop, then a
    /// scaleUp changed by nothing), and the scaleUp's outcome.
    func recordSession() throws -> String {
        let root = try makeTemporaryDirectory().path
        var observe = EnvelopeSequencer(source: .observe, epoch: 1)
        var orient = EnvelopeSequencer(source: .orient, epoch: 2)
        var decide = EnvelopeSequencer(source: .decide, epoch: 3)
        var act = EnvelopeSequencer(source: .act, epoch: 4)
        let logger = Logger(label: "test")
        let writers = try [StageName.observe, .orient, .decide, .act].map {
            try EventLogWriter(
                directory: "\(root)/\($0.rawValue)",
                configuration: EventLogConfiguration(durability: .never),
                logger: logger
            )
        }
        for (step, action) in [(1, Action.noop), (2, Action.scaleUp)] {
            let time = Int64(step) * 1_000_000_000
            let observation = observe.stamp(
                .observation(
                    Observation(samples: [
                        MetricSample(name: "cpu_usage", value: 0.5 * Double(step), source: "t"),
                        MetricSample(name: "rx_bytes", value: 7, labels: ["device": "eth0"], source: "proc"),
                        MetricSample(name: "rx_bytes", value: 9, labels: ["device": "lo"], source: "proc"),
                    ])
                ),
                timeNanos: time
            )
            let orientation = orient.stamp(
                .orientation(
                    Orientation(
                        fields: ["cpu_usage"],
                        level: [0.5 * Double(step)],
                        trend: [0.1],
                        variance: [0.01],
                        innovation: [0.02],
                        nis: 1.5,
                        scores: action == .noop ? [.noop: 0.9] : [action: 0.9, .noop: 0.1],
                        recommended: action,
                        confidence: 0.9,
                        reasoning: ["cpu is \(0.5 * Double(step))"],
                        filter: FilterSnapshot(
                            state: [],
                            covariance: [],
                            measurementNoise: [],
                            steps: 1,
                            lastTimeNanos: time
                        )
                    )
                ),
                timeNanos: time,
                causes: [observation.id]
            )
            let decision = decide.stamp(
                .decision(
                    Decision(
                        action: action,
                        proposed: action,
                        confidence: 0.9,
                        mode: .balanced,
                        threshold: 0.7,
                        reasoning: ["confidence 0.9 is above 0.7"],
                        guardRails: [],
                        engine: EngineSnapshot()
                    )
                ),
                timeNanos: time,
                causes: [orientation.id]
            )
            _ = try writers[0].append(observation)
            _ = try writers[1].append(orientation)
            _ = try writers[2].append(decision)
            if action == .scaleUp {
                let outcome = act.stamp(
                    .actionOutcome(
                        ActionOutcome(
                            decision: decision.id,
                            action: .scaleUp,
                            success: true,
                            details: "Scaled 3 → 5 replicas",
                            executionNanos: 40_000,
                            actuator: "mock",
                            state: TargetState(replicas: 5, minReplicas: 2, maxReplicas: 10, revision: 1)
                        )
                    ),
                    timeNanos: time + 1_000_000,
                    causes: [decision.id]
                )
                _ = try writers[3].append(outcome)
            }
        }
        for writer in writers { try writer.close() }
        return root
    }

    @Test func theLastActionIsTracedFromObservationToOutcome() throws {
        let root = try recordSession()
        let trail = try DecisionTrail.read(.lastAction, eventsDirectory: root)
        #expect(trail.decision.id.rawValue == "decide-3-decision-2")
        #expect(trail.orientation?.id.rawValue == "orient-2-orientation-2")
        #expect(trail.observations.map(\.id.rawValue) == ["observe-1-observation-2"])
        #expect(trail.outcome?.body.actionOutcome?.details == "Scaled 3 → 5 replicas")
        let text = trail.text
        #expect(text.contains("action      scaleUp"))
        #expect(text.contains("succeeded: Scaled 3 → 5 replicas"))
        #expect(text.contains("cpu_usage=1 (t)"))
        // Two devices' samples of one metric are told apart by their labels.
        #expect(text.contains(#"rx_bytes{device="eth0"}=7 (proc)"#))
        #expect(text.contains(#"rx_bytes{device="lo"}=9 (proc)"#))
        #expect(text.contains("guard rails none changed the outcome"))
    }

    @Test func aDecisionIsFoundByIdAndANoopHasNoOutcome() throws {
        let root = try recordSession()
        let trail = try DecisionTrail.read(.id(EventID(rawValue: "decide-3-decision-1")), eventsDirectory: root)
        #expect(trail.decision.body.decision?.action == .noop)
        #expect(trail.outcome == nil)
        #expect(trail.text.contains("Outcome: none (noop)"))
        let json = try JSONSerialization.jsonObject(with: Data(trail.json.utf8)) as? [String: Any]
        #expect((json?["observations"] as? [Any])?.count == 1)
        #expect(json?["outcome"] is NSNull)
    }

    @Test func anUnknownDecisionSaysWhereItLooked() throws {
        let root = try recordSession()
        #expect {
            try DecisionTrail.read(.id(EventID(rawValue: "decide-3-decision-99")), eventsDirectory: root)
        } throws: { error in
            "\(error)".contains("decide-3-decision-99") && "\(error)".contains("\(root)/decide")
        }
    }
}
