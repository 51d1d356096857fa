import OODACore
import Testing

@testable import OODAPolicy

/// The orient stage's state machine: bad input, resumption, configuration round trips.
@Suite struct OrienterTests {
    static func warmedUp() throws -> (Orienter, [Envelope]) {
        let envelopes = ServiceTrace().envelopes(seconds: 40)
        var orienter = try Orienter()
        for envelope in envelopes.prefix(20) { _ = try orienter.orient(envelope) }
        return (orienter, Array(envelopes.dropFirst(20)))
    }

    static func replacing(_ name: String, in envelope: Envelope, with value: Double?) -> Envelope {
        var observation = envelope.body.observation!
        observation.samples.removeAll { $0.name == name }
        if let value { observation.samples.append(MetricSample(name: name, value: value, source: "test")) }
        var copy = envelope
        copy.body = .observation(observation)
        return copy
    }

    @Test(arguments: [MetricName.omegaScore, MetricName.cpuUsage, MetricName.throughput])
    func rejectsAnObservationMissingAFieldAndNamesIt(field: String) throws {
        var (orienter, rest) = try Self.warmedUp()
        let before = orienter.predictor.snapshot
        let error = #expect(throws: PolicyError.self) {
            try orienter.orient(Self.replacing(field, in: rest[0], with: nil))
        }
        #expect(error?.code == .missingField)
        #expect(error?.field == field)
        #expect(orienter.predictor.snapshot == before)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func rejectsANonFiniteSampleAndNamesIt(value: Double) throws {
        var (orienter, rest) = try Self.warmedUp()
        let before = orienter.predictor.snapshot
        let error = #expect(throws: PolicyError.self) {
            try orienter.orient(Self.replacing(MetricName.psiIndex, in: rest[0], with: value))
        }
        #expect(error?.code == .nonFiniteValue)
        #expect(error?.field == MetricName.psiIndex)
        #expect(orienter.predictor.snapshot == before)
    }

    @Test func rejectsAnEnvelopeThatIsNotAnObservation() throws {
        var orienter = try Orienter()
        let envelope = Envelope(source: .act, epoch: 1, sequence: 1, timeNanos: 5, body: .heartbeat(Heartbeat()))
        let error = #expect(throws: PolicyError.self) { try orienter.orient(envelope) }
        #expect(error?.code == .unexpectedKind)
    }

    @Test func resumesFromAnOrientationOnTheWireAsIfNeverInterrupted() throws {
        var (original, rest) = try Self.warmedUp()
        let codec = WireCodec()
        let last = try original.orient(rest[0])
        let envelope = Envelope(
            source: .orient,
            epoch: 1,
            sequence: 1,
            timeNanos: rest[0].timeNanos,
            body: .orientation(last)
        )
        let decoded = try #require(try codec.decode(frames: codec.encode(envelope)).body.orientation)
        var resumed = try Orienter(resumingFrom: decoded)
        for envelope in rest.dropFirst() {
            let expected = try original.orient(envelope)
            let actual = try resumed.orient(envelope)
            #expect(actual == expected)
            #expect(actual.nis.bitPattern == expected.nis.bitPattern)
        }
    }

    @Test func refusesToResumeWithOtherFields() throws {
        var (orienter, rest) = try Self.warmedUp()
        let last = try orienter.orient(rest[0])
        let other = OrientConfiguration(filter: FilterConfiguration(fields: [StateField(name: MetricName.cpuUsage)]))
        let error = #expect(throws: PolicyError.self) { try Orienter(configuration: other, resumingFrom: last) }
        #expect(error?.code == .snapshotMismatch)
    }

    @Test func configurationRoundTripsThroughJSONValueAndFillsDefaults() throws {
        var configuration = OrientConfiguration()
        configuration.policy.cpuHigh = 0.7
        configuration.revisionMetric = nil
        #expect(try OrientConfiguration(jsonValue: configuration.jsonValue()) == configuration)
        let partial = JSONValue.object(["policy": .object(["latencyHigh": .number(300)])])
        let decoded = try OrientConfiguration(jsonValue: partial)
        #expect(decoded.policy.latencyHigh == 300)
        #expect(decoded.policy.cpuHigh == PolicyConfiguration().cpuHigh)
        #expect(decoded.filter == FilterConfiguration())
        #expect(decoded.revisionMetric == "revision")
    }
}
