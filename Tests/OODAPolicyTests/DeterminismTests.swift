import OODACore
import Testing

@testable import OODAPolicy

/// The same inputs give the same decisions, bit for bit, and a state restored from a message continues as if
/// never interrupted.
@Suite struct DeterminismTests {
    /// Ten minutes of a service that ramps up, plateaus, gets a bad revision, oscillates and idles.
    static let trace: [Envelope] = {
        var trace = ServiceTrace()
        trace.cpu = { t in t < 120 ? 0.3 + 0.005 * t : t < 300 ? 0.9 : t < 450 ? 0.5 : 0.1 }
        trace.latency = { t in t < 120 ? 80 + t : t < 300 ? 220 : 60 }
        trace.revision = { t in t < 300 ? 1 : 2 }
        trace.omega = { t in t < 300 ? 0.9 : max(0.2, 0.9 - 0.01 * (t - 300)) }
        trace.throughput = { t in t > 380 && t < 450 && Int(t) % 2 == 0 ? 400 : 900 }
        trace.beta = { t in t < 500 ? 1.2 : 0.7 }
        trace.noise = 0.02
        trace.seed = 99
        return trace.envelopes(seconds: 600)
    }()

    static let configurations: [DecisionConfiguration] =
        DecisionMode.allCases.map { DecisionConfiguration(mode: $0) } + [DecisionConfiguration(policy: .hpa)]

    /// Orient and decide over the trace, as the two stages would; returns every decision as wire bytes.
    static func run(
        _ configuration: DecisionConfiguration,
        envelopes: ArraySlice<Envelope> = trace[...]
    ) throws
        -> [[UInt8]]
    {
        var orienter = try Orienter()
        var engine = try DecisionEngine(configuration: configuration)
        return try envelopes.map { try bytes(engine.makeDecision(orienter.orient($0), atNanos: $0.timeNanos), $0) }
    }

    static func bytes(_ decision: Decision, _ cause: Envelope) -> [UInt8] {
        let envelope = Envelope(
            source: .decide,
            epoch: 1,
            sequence: cause.sequence,
            timeNanos: cause.timeNanos,
            body: .decision(decision)
        )
        return WireCodec().encodeJSON(envelope)
    }

    @Test(arguments: configurations)
    func twoRunsOverTheSameTraceDecideIdentically(configuration: DecisionConfiguration) throws {
        let first = try Self.run(configuration)
        let second = try Self.run(configuration)
        #expect(first == second)
        #expect(first.count == 600)
    }

    @Test func theTraceExercisesEveryAction() throws {
        var seen = Set<Action>()
        for configuration in Self.configurations {
            var orienter = try Orienter()
            var engine = try DecisionEngine(configuration: configuration)
            for envelope in Self.trace {
                seen.insert(engine.makeDecision(try orienter.orient(envelope), atNanos: envelope.timeNanos).action)
            }
        }
        #expect(seen == Set(Action.allCases))
    }

    @Test(arguments: configurations, [137, 301, 455])
    func aStateRestoredFromMessagesContinuesAsIfNeverInterrupted(
        configuration: DecisionConfiguration,
        cut: Int
    ) throws {
        let uninterrupted = try Self.run(configuration)
        var orienter = try Orienter()
        var engine = try DecisionEngine(configuration: configuration)
        var lastOrientation: Orientation?
        var lastDecision: Decision?
        for envelope in Self.trace.prefix(cut) {
            let orientation = try orienter.orient(envelope)
            lastOrientation = orientation
            lastDecision = engine.makeDecision(orientation, atNanos: envelope.timeNanos)
        }
        // Restart both stages from what they last published, read back from the wire.
        let codec = WireCodec()
        let orientationBytes = codec.encodeJSON(
            Envelope(
                source: .orient,
                epoch: 1,
                sequence: 1,
                timeNanos: 0,
                body: .orientation(try #require(lastOrientation))
            )
        )
        let decisionBytes = codec.encodeJSON(
            Envelope(source: .decide, epoch: 1, sequence: 1, timeNanos: 0, body: .decision(try #require(lastDecision)))
        )
        var resumedOrienter = try Orienter(resumingFrom: codec.decodeJSON(orientationBytes).body.orientation)
        var resumedEngine = try DecisionEngine(
            configuration: configuration,
            resumingFrom: codec.decodeJSON(decisionBytes).body.decision
        )
        let resumed = try Self.trace.dropFirst(cut).map { envelope in
            Self.bytes(
                resumedEngine.makeDecision(try resumedOrienter.orient(envelope), atNanos: envelope.timeNanos),
                envelope
            )
        }
        #expect(resumed == Array(uninterrupted.dropFirst(cut)))
    }

    @Test func refusesToResumeFromAnotherPolicysDecision() throws {
        var engine = try DecisionEngine(configuration: DecisionConfiguration(policy: .hpa))
        let decision = engine.makeDecision(OrientationFixture.make(.noop, confidence: 1), atNanos: 0)
        let error = #expect(throws: PolicyError.self) { try DecisionEngine(resumingFrom: decision) }
        #expect(error?.code == .snapshotMismatch)
    }
}
