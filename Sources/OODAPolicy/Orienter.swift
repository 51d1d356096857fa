import OODACore

/// The orient stage as a pure state machine: an observation in, an orientation out.
///
/// `(state, Envelope with an Observation, configuration) → (state, Orientation)`: the state is this value,
/// time is the envelope's event time, and every ``Orientation`` carries the full filter state, so orient
/// resumes from its last orientation exactly (``init(configuration:resumingFrom:)``).
public struct Orienter: Sendable {
    /// The predictor, after the latest observation.
    public private(set) var predictor: KalmanPolicyPredictor

    /// The configuration it runs with.
    public var configuration: OrientConfiguration { predictor.configuration }

    /// An orienter that starts fresh, or resumes from the last orientation it published.
    ///
    /// - Throws: ``PolicyError``: `invalidConfiguration`, or `snapshotMismatch` when the orientation was made
    ///   with other fields.
    public init(
        configuration: OrientConfiguration = OrientConfiguration(),
        resumingFrom last: Orientation? = nil
    )
        throws(PolicyError)
    {
        guard let last else {
            predictor = try KalmanPolicyPredictor(configuration: configuration)
            return
        }
        let names = configuration.filter.fields.map(\.name)
        guard last.fields == names else {
            throw PolicyError(
                .snapshotMismatch,
                "the orientation has fields \(last.fields), the configuration \(names); resume with the "
                    + "configuration it was made with, or start fresh"
            )
        }
        predictor = try KalmanPolicyPredictor(configuration: configuration, restoring: last.filter)
    }

    /// Orients on the observation in `envelope`, at the envelope's event time.
    ///
    /// - Throws: ``PolicyError``: `unexpectedKind` when the envelope holds no observation, `missingField` or
    ///   `nonFiniteValue` naming the field; the orienter is then unchanged.
    public mutating func orient(_ envelope: Envelope) throws(PolicyError) -> Orientation {
        guard let observation = envelope.body.observation else {
            throw PolicyError(.unexpectedKind, "orient takes observations, not \(envelope.kind)")
        }
        return try orient(observation, atNanos: envelope.timeNanos)
    }

    /// Orients on one observation made at `timeNanos`.
    ///
    /// - Throws: ``PolicyError`` naming a missing or non-finite field; the orienter is then unchanged.
    public mutating func orient(
        _ observation: Observation,
        atNanos timeNanos: Int64
    ) throws(PolicyError)
        -> Orientation
    {
        let fields = configuration.filter.fields
        var measurements: [Double] = []
        measurements.reserveCapacity(fields.count)
        for field in fields {
            guard let value = observation.value(of: field.metric) else {
                throw PolicyError(
                    .missingField,
                    field: field.name,
                    "the observation has no '\(field.metric)' sample; observe must measure every state field"
                )
            }
            measurements.append(value)
        }
        let revision = configuration.revisionMetric.flatMap { observation.value(of: $0) }
        let prediction = try predictor.predict(measurements: measurements, revision: revision, atNanos: timeNanos)
        let filter = predictor.filter
        let indices = 0..<filter.fieldCount
        return Orientation(
            fields: fields.map(\.name),
            level: indices.map { filter.level(at: $0) },
            trend: indices.map { filter.trend(at: $0) },
            variance: indices.map { filter.levelVariance(at: $0) },
            innovation: indices.map { filter.innovation(at: $0) },
            nis: prediction.nis,
            scores: prediction.scores,
            recommended: prediction.recommended,
            confidence: prediction.confidence,
            reasoning: prediction.reasoning,
            filter: predictor.snapshot
        )
    }
}
