import OODACore
import Testing

@testable import OODAPolicy

/// The policy's rules, one situation at a time.
@Suite struct KalmanPolicyPredictorTests {
    static func last(_ trace: ServiceTrace, seconds: Int = 120) throws -> Orientation {
        try #require(trace.orientations(seconds: seconds).last?.1)
    }

    @Test func recommendsNothingForAHealthyService() throws {
        let orientation = try Self.last(ServiceTrace())
        #expect(orientation.recommended == .noop)
        #expect(orientation.confidence > 0.9)
        #expect(Set(orientation.scores.keys) == Set(Action.allCases))
    }

    @Test func scalesUpWhenCPUIsHigh() throws {
        let orientation = try Self.last(ServiceTrace(cpu: { _ in 0.95 }))
        #expect(orientation.recommended == .scaleUp)
        #expect(orientation.confidence > 0.85)
        #expect(orientation.reasoning.contains { $0.contains("cpu_usage") && $0.contains("above its limit") })
    }

    @Test func scalesUpWhenLatencyTrendsTowardItsLimit() throws {
        // 100 ms rising 0.8 ms/s: below the 200 ms limit at t = 120, past it within the 60 s lookahead.
        let orientation = try Self.last(ServiceTrace(latency: { 100 + 0.8 * $0 }), seconds: 120)
        #expect(orientation.level(of: MetricName.latencyMs)! < 200)
        #expect(orientation.recommended == .scaleUp)
        #expect(orientation.reasoning.contains { $0.contains("latency_ms") && $0.contains("rising") })
    }

    @Test func scalesDownWhenUtilisationIsLowAndSteady() throws {
        let orientation = try Self.last(ServiceTrace(cpu: { _ in 0.12 }, latency: { _ in 20 }))
        #expect(orientation.recommended == .scaleDown)
        #expect(orientation.confidence > 0.85)
    }

    @Test func doesNotScaleDownWhileUtilisationRisesOutOfItsLowBand() throws {
        let orientation = try Self.last(ServiceTrace(cpu: { 0.05 + 0.004 * $0 }, latency: { _ in 20 }), seconds: 55)
        #expect(orientation.level(of: MetricName.cpuUsage)! < 0.3)
        #expect(orientation.recommended != .scaleDown)
    }

    @Test func rollsBackWhenQualityFallsRightAfterANewRevision() throws {
        var trace = ServiceTrace()
        trace.revision = { $0 < 100 ? 4 : 5 }
        trace.omega = { $0 < 100 ? 0.9 : 0.9 - 0.02 * ($0 - 100) }
        let orientation = try Self.last(trace, seconds: 130)
        #expect(orientation.recommended == .rollback)
        #expect(orientation.confidence > 0.85)
        #expect(orientation.reasoning.contains { $0.contains("after a new revision") })
    }

    @Test func doesNotBlameARevisionThatDidNotChange() throws {
        var trace = ServiceTrace()
        trace.omega = { $0 < 100 ? 0.9 : 0.9 - 0.02 * ($0 - 100) }
        let orientation = try Self.last(trace, seconds: 130)
        #expect(orientation.scores[.rollback] == 0)
    }

    @Test func retunesWhenBetaIsBelowOne() throws {
        let orientation = try Self.last(ServiceTrace(beta: { _ in 0.7 }))
        #expect(orientation.recommended == .retune)
        #expect(orientation.reasoning.contains { $0.contains("fragile") })
    }

    @Test func retunesWhenAFieldOscillates() throws {
        let orientation = try Self.last(ServiceTrace(throughput: { Int($0) % 2 == 0 ? 500 : 1100 }))
        #expect(orientation.recommended == .retune)
        #expect(orientation.reasoning.contains { $0.contains("throughput oscillates") })
    }

    @Test func holdsBackDuringWarmUp() throws {
        let orientation = try Self.last(ServiceTrace(cpu: { _ in 0.99 }), seconds: 2)
        #expect(orientation.scores[.scaleUp]! <= 0.4 + 1e-12)
        #expect(orientation.recommended == .noop)
    }

    @Test func keepsTheSeedsLibraryShape() throws {
        var predictor = try KalmanPolicyPredictor()
        var result: (Action, Prediction)?
        for _ in 0..<20 {
            result = try predictor.predict(
                SystemState(
                    omegaScore: 0.9,
                    psiIndex: 0.9,
                    betaAntifragile: 1.3,
                    cpuUsage: 0.97,
                    latencyMs: 250,
                    throughput: 900
                )
            )
        }
        let (action, prediction) = try #require(result)
        #expect(action == .scaleUp)
        #expect(prediction.confidence >= 0 && prediction.confidence <= 1)
        #expect(predictor.filter.steps == 20)
    }
}
