import OODACore

/// The orient stage's brain: the adaptive Kalman filter followed by the policy's rules.
///
/// A value: copying it copies the whole state, and ``snapshot`` / ``init(configuration:restoring:)`` carry it
/// through a message exactly. It reads no clock and draws no random numbers.
public struct KalmanPolicyPredictor: Sendable {
    /// The configuration it was built with.
    public let configuration: OrientConfiguration
    /// The filter, after the latest step.
    public private(set) var filter: AdaptiveKalmanFilter
    /// The revision last seen, or -1 before any.
    private var revision: Double = -1
    /// Seconds since the revision last changed, or -1 when no change has been seen.
    private var secondsSinceRevision: Double = -1
    private let rules: PolicyRules
    private let roles: Roles

    /// Where each field the rules read sits in the state vector.
    private struct Roles: Sendable {
        var cpu, latency, omega, psi, beta: Int?

        init(_ fields: [StateField], _ policy: PolicyConfiguration) {
            func index(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
            cpu = index(policy.cpuField)
            latency = index(policy.latencyField)
            omega = index(policy.omegaField)
            psi = index(policy.psiField)
            beta = index(policy.betaField)
        }
    }

    /// A predictor that has seen nothing yet.
    ///
    /// - Throws: ``PolicyError`` when the configuration is invalid.
    public init(configuration: OrientConfiguration = OrientConfiguration()) throws(PolicyError) {
        try configuration.validate()
        self.configuration = configuration
        self.filter = try AdaptiveKalmanFilter(configuration: configuration.filter)
        self.rules = PolicyRules(configuration: configuration.policy)
        self.roles = Roles(configuration.filter.fields, configuration.policy)
    }

    /// A predictor that continues exactly where the snapshot's predictor stood.
    ///
    /// - Throws: ``PolicyError`` (`snapshotMismatch`) when the snapshot does not fit the configuration.
    public init(configuration: OrientConfiguration, restoring snapshot: FilterSnapshot) throws(PolicyError) {
        try self.init(configuration: configuration)
        filter = try AdaptiveKalmanFilter(configuration: configuration.filter, restoring: snapshot)
        guard snapshot.adaptive.count == filter.adaptiveCount + 2 else {
            throw PolicyError(.snapshotMismatch, "the snapshot was not written by a KalmanPolicyPredictor")
        }
        revision = snapshot.adaptive[filter.adaptiveCount]
        secondsSinceRevision = snapshot.adaptive[filter.adaptiveCount + 1]
    }

    /// The complete state: the filter's, then the revision tracking in ``FilterSnapshot/adaptive``.
    public var snapshot: FilterSnapshot {
        var snapshot = filter.snapshot
        snapshot.adaptive += [revision, secondsSinceRevision]
        return snapshot
    }

    /// Filters one state, one second after the previous one, and scores the actions.
    ///
    /// For library use without event times; stages call ``predict(_:atNanos:)`` with the event's time.
    ///
    /// - Throws: ``PolicyError`` naming a missing or non-finite field; the predictor is then unchanged.
    public mutating func predict(_ state: SystemState) throws(PolicyError) -> (Action, Prediction) {
        let (time, overflow) = filter.lastTimeNanos.addingReportingOverflow(1_000_000_000)
        return try predict(state, atNanos: overflow ? filter.lastTimeNanos : time)
    }

    /// Filters one state measured at `timeNanos` and scores the actions.
    ///
    /// - Throws: ``PolicyError`` naming a missing or non-finite field; the predictor is then unchanged.
    public mutating func predict(
        _ state: SystemState,
        atNanos timeNanos: Int64
    ) throws(PolicyError) -> (
        Action, Prediction
    ) {
        var measurements: [Double] = []
        measurements.reserveCapacity(configuration.filter.fields.count)
        for field in configuration.filter.fields {
            guard let value = state.values[field.metric] else {
                throw PolicyError(
                    .missingField,
                    field: field.name,
                    "the state has no '\(field.metric)' value; every configured field must be measured"
                )
            }
            measurements.append(value)
        }
        let prediction = try predict(
            measurements: measurements,
            revision: state.revision.map(Double.init),
            atNanos: timeNanos
        )
        return (prediction.recommended, prediction)
    }

    /// Filters one measurement vector (raw units, configuration order) and scores the actions.
    ///
    /// - Parameters:
    ///   - measurements: One raw value per state field.
    ///   - revision: The target's revision at this time, if known.
    ///   - timeNanos: The event time.
    /// - Throws: ``PolicyError`` naming a bad field; the predictor is then unchanged.
    public mutating func predict(
        measurements: [Double],
        revision: Double?,
        atNanos timeNanos: Int64
    )
        throws(PolicyError) -> Prediction
    {
        if let revision, !revision.isFinite {
            throw PolicyError(.nonFiniteValue, field: configuration.revisionMetric, "the revision is \(revision)")
        }
        try filter.step(measurements, atNanos: timeNanos)
        if secondsSinceRevision >= 0 { secondsSinceRevision += filter.lastInterval }
        if let revision {
            if self.revision >= 0, revision != self.revision { secondsSinceRevision = 0 }
            self.revision = revision
        }
        return rules.evaluate(input())
    }

    private func input() -> PolicyRules.Input {
        func value(_ index: Int?) -> PolicyRules.Estimate? {
            index.map {
                PolicyRules.Estimate(
                    level: filter.level(at: $0),
                    trend: filter.trend(at: $0),
                    trendDeviation: filter.trendVariance(at: $0).squareRoot()
                )
            }
        }
        var oscillation: (field: String, correlation: Double)?
        for index in 0..<filter.fieldCount {
            let correlation = filter.innovationCorrelation(at: index)
            if correlation < (oscillation?.correlation ?? 0) {
                oscillation = (configuration.filter.fields[index].name, correlation)
            }
        }
        return PolicyRules.Input(
            cpu: value(roles.cpu),
            latency: value(roles.latency),
            omega: value(roles.omega),
            psi: value(roles.psi),
            beta: roles.beta.map { filter.level(at: $0) },
            oscillation: oscillation,
            nis: filter.nis,
            steps: filter.steps,
            secondsSinceRevision: secondsSinceRevision >= 0 ? secondsSinceRevision : nil
        )
    }
}
