import Foundation
import OODAAct
import OODACore
import Testing

@Suite struct MockActuatorTests {
    struct ScalingCase: Sendable, CustomTestStringConvertible {
        var action: Action
        var from: Int
        var to: Int
        var details: String
        var testDescription: String { "\(action) from \(from)" }
    }

    static let scalingCases: [ScalingCase] = [
        ScalingCase(action: .scaleUp, from: 3, to: 5, details: "Scaled 3 → 5 replicas"),
        ScalingCase(action: .scaleUp, from: 8, to: 10, details: "Scaled 8 → 10 replicas"),
        ScalingCase(action: .scaleUp, from: 9, to: 10, details: "Scaled 9 → 10 replicas"),
        ScalingCase(
            action: .scaleUp,
            from: 10,
            to: 10,
            details: "Already at the maximum of 10 replicas; nothing to change"
        ),
        ScalingCase(action: .scaleDown, from: 3, to: 2, details: "Scaled 3 → 2 replicas"),
        ScalingCase(action: .scaleDown, from: 10, to: 9, details: "Scaled 10 → 9 replicas"),
        ScalingCase(
            action: .scaleDown,
            from: 2,
            to: 2,
            details: "Already at the minimum of 2 replicas; nothing to change"
        ),
        ScalingCase(action: .noop, from: 3, to: 3, details: "No action"),
        ScalingCase(action: .retune, from: 4, to: 4, details: "Retuned eta 0.1 → 0.08, gamma 0.9 → 0.92, tau 1 → 1.5"),
    ]

    @Test(arguments: scalingCases)
    func appliesTheSeedSemanticsWithinTheBounds(_ scenario: ScalingCase) async {
        let mock = MockActuator(configuration: MockActuatorConfiguration(initialReplicas: scenario.from))
        let result = await mock.execute(scenario.action, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        #expect(result.success)
        #expect(result.details == scenario.details)
        #expect(result.state.replicas == scenario.to)
        #expect(result.state.minReplicas == 2)
        #expect(result.state.maxReplicas == 10)
    }

    @Test func startsAtThreeReplicasWithBoundsTwoToTen() async {
        let state = await MockActuator().currentState()
        #expect(
            state
                == TargetState(
                    replicas: 3,
                    minReplicas: 2,
                    maxReplicas: 10,
                    revision: 3,
                    tuning: [
                        "eta": 0.1, "gamma": 0.9, "tau": 1.0,
                    ]
                )
        )
    }

    @Test func clampsARequestedReplicaCountToTheBounds() async {
        let mock = MockActuator()
        let up = await mock.execute(.scaleUp, decision: EventID(rawValue: "d-1"), targetReplicas: 40)
        #expect(up.state.replicas == 10)
        let down = await mock.execute(.scaleDown, decision: EventID(rawValue: "d-2"), targetReplicas: 0)
        #expect(down.state.replicas == 2)
    }

    @Test func rollsBackOneRevisionAtATimeAndFailsAtTheFirst() async {
        let mock = MockActuator(configuration: MockActuatorConfiguration(revision: 2))
        let first = await mock.execute(.rollback, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        #expect(first.success)
        #expect(first.details == "Rolled back from revision 2 to 1")
        #expect(first.state.revision == 1)
        let second = await mock.execute(.rollback, decision: EventID(rawValue: "d-2"), targetReplicas: nil)
        #expect(!second.success)
        #expect(second.state.revision == 1)
    }

    @Test func retunesWithinTheParameterBounds() async {
        let gamma = TuningParameter(name: "gamma", initial: 0.98, minimum: 0.5, maximum: 0.99, step: 0.02)
        let mock = MockActuator(
            configuration: MockActuatorConfiguration(tuning: TuningConfiguration(parameters: [gamma]))
        )
        let first = await mock.execute(.retune, decision: EventID(rawValue: "d-1"), targetReplicas: nil)
        #expect(first.state.tuning == ["gamma": 0.99])
        let second = await mock.execute(.retune, decision: EventID(rawValue: "d-2"), targetReplicas: nil)
        #expect(second.state.tuning == ["gamma": 0.99])
        #expect(second.details == "Tuning already at its bounds; nothing to change")
    }

    @Test func decodesItsConfigurationWithDefaults() throws {
        let decoded = try JSONDecoder().decode(
            MockActuatorConfiguration.self,
            from: Data(#"{"scaling": {"max": 6}, "latencyMilliseconds": 5}"#.utf8)
        )
        #expect(decoded.initialReplicas == 3)
        #expect(decoded.scaling == ReplicaPolicy(minReplicas: 2, maxReplicas: 6, scaleUpStep: 2, scaleDownStep: 1))
        #expect(decoded.latencyMilliseconds == 5)
        #expect(decoded.tuning.parameters.map(\.name) == ["eta", "gamma", "tau"])
    }
}
