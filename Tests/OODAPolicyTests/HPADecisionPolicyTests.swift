import OODACore
import Testing

@testable import OODAPolicy

private let second = OrientationFixture.second

/// The HPA baseline against cases computed by hand from the Kubernetes algorithm.
@Suite struct HPADecisionPolicyTests {
    struct Case: Sendable, CustomStringConvertible {
        var replicas: Int
        var cpu: Double
        var latency: Double = 100
        var action: Action
        var target: Int?
        var rails: [String] = []
        var description: String { "\(replicas) replicas at cpu \(cpu), latency \(latency)" }
    }

    static func engine(replicas: Int, latencyTarget: Double? = nil) throws -> DecisionEngine {
        var configuration = DecisionConfiguration(policy: .hpa)
        configuration.initialReplicas = replicas
        if let latencyTarget {
            configuration.hpa.metrics.append(
                HPAConfiguration.Metric(field: MetricName.latencyMs, target: latencyTarget)
            )
        }
        return try DecisionEngine(configuration: configuration)
    }

    static let cases: [Case] = [
        // ceil(3 × 0.9 / 0.7) = ceil(3.857) = 4
        Case(replicas: 3, cpu: 0.9, action: .scaleUp, target: 4),
        // 0.75 / 0.7 = 1.071: inside the 0.1 tolerance
        Case(replicas: 3, cpu: 0.75, action: .noop, target: nil),
        // 0.62 / 0.7 = 0.886: outside the tolerance, but ceil(3 × 0.886) = ceil(2.657) = 3
        Case(replicas: 3, cpu: 0.62, action: .noop, target: nil),
        // ceil(4 × 0.2 / 0.7) = ceil(1.143) = 2 (no earlier recommendation holds it)
        Case(replicas: 4, cpu: 0.2, action: .scaleDown, target: 2),
        // ceil(2 × 3.5 / 0.7) = 10, but scale-up allows max(ceil(2 × 200 %), 2 + 4) = 6 per period
        Case(replicas: 2, cpu: 3.5, action: .scaleUp, target: 6, rails: ["rateLimit"]),
        // ceil(8 × 2) = 16, the rate allows max(16, 12) = 16, the bounds 10
        Case(replicas: 8, cpu: 1.4, action: .scaleUp, target: 10, rails: ["replicaBounds"]),
        // ceil(5 × 0.05 / 0.7) = 1: below the minimum of 2
        Case(replicas: 5, cpu: 0.05, action: .scaleDown, target: 2, rails: ["replicaBounds"]),
    ]

    @Test(arguments: cases)
    func matchesHandComputedCases(row: Case) throws {
        var engine = try Self.engine(replicas: row.replicas)
        let decision = engine.makeDecision(
            OrientationFixture.make(.noop, confidence: 1, cpu: row.cpu, latency: row.latency),
            atNanos: second
        )
        #expect(decision.action == row.action)
        #expect(decision.targetReplicas == row.target)
        #expect(decision.guardRails.map(\.name) == row.rails)
        #expect(decision.policy == "hpa")
    }

    @Test func takesTheLargestProposalOverMetrics() throws {
        // cpu at target: 3; latency 250 / 100: ceil(7.5) = 8; the rate allows max(6, 3 + 4) = 7.
        var engine = try Self.engine(replicas: 3, latencyTarget: 100)
        let decision = engine.makeDecision(
            OrientationFixture.make(.noop, confidence: 1, cpu: 0.7, latency: 250),
            atNanos: 0
        )
        #expect(decision.targetReplicas == 7)
        #expect(decision.guardRails.map(\.name) == ["rateLimit"])
    }

    @Test func waitsForTheSyncPeriod() throws {
        var engine = try Self.engine(replicas: 3)
        #expect(
            engine.makeDecision(OrientationFixture.make(.noop, confidence: 1, cpu: 0.9), atNanos: 0).action == .scaleUp
        )
        let early = engine.makeDecision(OrientationFixture.make(.noop, confidence: 1, cpu: 2), atNanos: 5 * second)
        #expect(early.action == .noop)
        #expect(early.reasoning == ["between HPA syncs (every 15 s)"])
        let next = engine.makeDecision(OrientationFixture.make(.noop, confidence: 1, cpu: 2), atNanos: 15 * second)
        #expect(next.action == .scaleUp)
    }

    @Test func holdsAScaleDownForTheStabilizationWindow() throws {
        var engine = try Self.engine(replicas: 3)
        // t = 0: ceil(3 × 0.9 / 0.7) = 4. Then the load drops: ceil(4 × 0.2 / 0.7) = 2 every sync, but the
        // recommendation of 4 at t = 0 holds the scale until it leaves the 300 s window.
        let up = engine.makeDecision(OrientationFixture.make(.noop, confidence: 1, cpu: 0.9), atNanos: 0)
        #expect(up.targetReplicas == 4)
        var firstDown: Int64?
        for sync in 1...30 where firstDown == nil {
            let time = Int64(sync) * 15 * second
            let decision = engine.makeDecision(OrientationFixture.make(.noop, confidence: 1, cpu: 0.2), atNanos: time)
            if decision.action == .scaleDown {
                firstDown = time / second
                #expect(decision.targetReplicas == 2)
            } else {
                #expect(decision.guardRails.map(\.name) == ["stabilizationWindow"])
            }
        }
        #expect(firstDown == 300)
    }
}
