import OODACore
import Synchronization
import Testing

@testable import OODAPolicy

private let second = OrientationFixture.second

/// The decision engine: thresholds per mode, guard rails, forecasts, callbacks.
@Suite struct DecisionEngineTests {
    struct Row: Sendable, CustomStringConvertible {
        var mode: DecisionMode
        var minConfidence: Double?
        var confidence: Double
        var acts: Bool
        var description: String { "\(mode) min \(minConfidence.map { "\($0)" } ?? "-") at \(confidence)" }
    }

    static let table: [Row] = [
        Row(mode: .conservative, confidence: 0.90, acts: true),
        Row(mode: .conservative, confidence: 0.85, acts: false),
        Row(mode: .conservative, confidence: 0.80, acts: false),
        Row(mode: .balanced, confidence: 0.90, acts: true),
        Row(mode: .balanced, confidence: 0.75, acts: true),
        Row(mode: .balanced, confidence: 0.70, acts: false),
        Row(mode: .aggressive, confidence: 0.55, acts: true),
        Row(mode: .aggressive, confidence: 0.50, acts: false),
        Row(mode: .balanced, minConfidence: 0.95, confidence: 0.90, acts: false),
        Row(mode: .conservative, minConfidence: 0.6, confidence: 0.65, acts: true),
    ]

    @Test(arguments: table, [Action.retune, .rollback, .scaleUp])
    func actsOnlyAboveTheModesThreshold(row: Row, action: Action) throws {
        var engine = try DecisionEngine(mode: row.mode, minConfidence: row.minConfidence)
        let decision = engine.makeDecision(OrientationFixture.make(action, confidence: row.confidence), atNanos: second)
        #expect(decision.action == (row.acts ? action : .noop))
        #expect(decision.proposed == action)
        #expect(decision.threshold == (row.minConfidence ?? row.mode.defaultThreshold))
        #expect(decision.guardRails.map(\.name) == (row.acts ? [] : ["threshold"]))
        #expect(decision.policy == "ooda")
        #expect(!decision.reasoning.isEmpty)
    }

    @Test func cooldownAndStabilizationStopFlappingOnAnOscillatingTrace() throws {
        // The policy flips between scale up and scale down every 10 s for an hour, always sure of itself.
        func run(_ configuration: DecisionConfiguration) throws -> [(Int64, Decision)] {
            var engine = try DecisionEngine(configuration: configuration)
            return (1...360).map { step in
                let action: Action = step % 2 == 0 ? .scaleUp : .scaleDown
                let time = Int64(step) * 10 * second
                return (time, engine.makeDecision(OrientationFixture.make(action, confidence: 0.95), atNanos: time))
            }
        }
        var unguarded = DecisionConfiguration()
        unguarded.cooldownSeconds = [:]
        unguarded.scaleDownStabilizationSeconds = 0
        unguarded.maxReplicas = 1000
        let flapping = try run(unguarded).filter { $0.1.action != .noop }.count

        let guarded = try run(DecisionConfiguration())
        let acted = guarded.filter { $0.1.action != .noop }
        #expect(flapping == 360)
        #expect(acted.count <= 8, "\(acted.count) actions in an hour")
        #expect(!acted.contains { $0.1.action == .scaleDown }, "scale-down needs 300 s without a scale-up advice")
        for (earlier, later) in zip(acted, acted.dropFirst()) where earlier.1.action == later.1.action {
            #expect(later.0 - earlier.0 >= 60 * second)
        }
        #expect(guarded.contains { $0.1.guardRails.contains { $0.name == "cooldown" } })
        #expect(guarded.contains { $0.1.guardRails.contains { $0.name == "stabilizationWindow" } })
        #expect(guarded.contains { $0.1.guardRails.contains { $0.name == "replicaBounds" } })
    }

    @Test func scalesDownOnlyAfterAWindowOfConsistentAdvice() throws {
        var engine = try DecisionEngine()
        engine.observe(
            ActionOutcome(
                decision: EventID(rawValue: "d"),
                action: .noop,
                success: true,
                details: "",
                executionNanos: 0,
                actuator: "mock",
                state: TargetState(replicas: 6, minReplicas: 2, maxReplicas: 10, revision: 1)
            )
        )
        _ = engine.makeDecision(OrientationFixture.make(.noop, confidence: 0.9), atNanos: 0)
        var first: Int64?
        for step in 1...400 where first == nil {
            let decision = engine.makeDecision(
                OrientationFixture.make(.scaleDown, confidence: 0.9),
                atNanos: Int64(step) * second
            )
            if decision.action == .scaleDown {
                first = Int64(step)
                #expect(decision.targetReplicas == 5)
            }
        }
        #expect(first == 300)
    }

    @Test func keepsReplicasWithinBounds() throws {
        var configuration = DecisionConfiguration()
        configuration.initialReplicas = 9
        var engine = try DecisionEngine(configuration: configuration)
        let first = engine.makeDecision(OrientationFixture.make(.scaleUp, confidence: 0.95), atNanos: second)
        #expect(first.action == .scaleUp)
        #expect(first.targetReplicas == 10)
        #expect(first.guardRails.map(\.name) == ["replicaBounds"])
        let again = engine.makeDecision(OrientationFixture.make(.scaleUp, confidence: 0.95), atNanos: 1000 * second)
        #expect(again.action == .noop)
        #expect(again.guardRails.map(\.name) == ["replicaBounds"])
        #expect(again.engine.replicas == 10)
    }

    @Test func aggressiveActsEarlierThanBalancedOnARamp() throws {
        let trace = ServiceTrace(cpu: { 0.3 + 0.003 * $0 })
        let orientations = try trace.orientations(seconds: 240)
        func firstScaleUp(_ mode: DecisionMode) throws -> Int64? {
            var engine = try DecisionEngine(mode: mode)
            return orientations.first { engine.makeDecision($0.1, atNanos: $0.0).action == .scaleUp }?.0
        }
        let aggressive = try #require(try firstScaleUp(.aggressive))
        let balanced = try #require(try firstScaleUp(.balanced))
        let conservative = try #require(try firstScaleUp(.conservative))
        print(
            "ramp 0.3 + 0.003/s: first scale-up at aggressive \((aggressive - ServiceTrace.start) / second) s, "
                + "balanced \((balanced - ServiceTrace.start) / second) s, "
                + "conservative \((conservative - ServiceTrace.start) / second) s"
        )
        #expect(aggressive < balanced)
        #expect(balanced <= conservative)
    }

    @Test func aggressiveScalesAheadOfAForecastBreachAndSaysSo() throws {
        var engine = try DecisionEngine(mode: .aggressive)
        let orientation = OrientationFixture.make(.noop, confidence: 0.9, cpu: 0.6, cpuTrend: 0.002)
        let decision = engine.makeDecision(orientation, atNanos: second)
        #expect(decision.action == .scaleUp)
        #expect(decision.proposed == .noop)
        #expect(decision.guardRails.map(\.name) == ["breachForecast"])
        var balanced = try DecisionEngine(mode: .balanced)
        #expect(balanced.makeDecision(orientation, atNanos: second).action == .noop)
    }

    @Test func learnsTheReplicaCountFromActionOutcomes() throws {
        var engine = try DecisionEngine()
        let outcome = ActionOutcome(
            decision: EventID(rawValue: "decide-1-decision-1"),
            action: .scaleUp,
            success: true,
            details: "Scaled 3 → 7 replicas",
            executionNanos: 1000,
            actuator: "mock",
            state: TargetState(replicas: 7, minReplicas: 2, maxReplicas: 10, revision: 1)
        )
        let envelope = Envelope(source: .act, epoch: 1, sequence: 1, timeNanos: second, body: .actionOutcome(outcome))
        #expect(engine.handle(envelope) == nil)
        #expect(engine.snapshot.replicas == 7)
        let decision = engine.makeDecision(OrientationFixture.make(.scaleUp, confidence: 0.95), atNanos: 2 * second)
        #expect(decision.targetReplicas == 9)
    }

    @Test func runsCallbacksForTheirActionOnly() throws {
        let seen = Mutex<[Action]>([])
        var engine = try DecisionEngine(mode: .balanced)
        engine.registerActionCallback(.retune) { decision in seen.withLock { $0.append(decision.action) } }
        _ = engine.makeDecision(OrientationFixture.make(.retune, confidence: 0.95), atNanos: second)
        _ = engine.makeDecision(OrientationFixture.make(.scaleUp, confidence: 0.95), atNanos: 2 * second)
        _ = engine.makeDecision(OrientationFixture.make(.retune, confidence: 0.95), atNanos: 3 * second)
        _ = engine.makeDecision(OrientationFixture.make(.retune, confidence: 0.95), atNanos: 1000 * second)
        #expect(seen.withLock { $0 } == [.retune, .retune])
    }

    @Test func configurationRoundTripsThroughJSONValueAndFillsDefaults() throws {
        var configuration = DecisionConfiguration(mode: .aggressive, minConfidence: 0.6, policy: .hpa)
        configuration.cooldownSeconds[.retune] = 30
        configuration.hpa.tolerance = 0.2
        #expect(try DecisionConfiguration(jsonValue: configuration.jsonValue()) == configuration)
        let decoded = try DecisionConfiguration(jsonValue: .object(["mode": .string("conservative")]))
        #expect(decoded.mode == .conservative)
        #expect(decoded.minConfidence == nil)
        #expect(decoded.cooldownSeconds == DecisionConfiguration().cooldownSeconds)
        #expect(throws: PolicyError.self) { try DecisionEngine(mode: .balanced, minConfidence: 1.5) }
    }
}
