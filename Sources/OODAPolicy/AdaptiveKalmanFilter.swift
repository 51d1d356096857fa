/// An adaptive Kalman filter over the service's state vector: a level and a trend per field, with
/// measurement noise adapted from the innovation sequence.
///
/// Fields are independent (block-diagonal covariance), so each step is a handful of scalar operations per
/// field and allocates nothing. Time comes from the caller (the event time), never from a clock: the same
/// inputs give the same outputs, bit for bit. The first measurement initialises the estimate (level = value,
/// trend = 0); a repeated time stamp updates without predicting; a gap longer than
/// ``FilterConfiguration/maximumGapSeconds`` counts as that long.
public struct AdaptiveKalmanFilter: Sendable {
    /// The configuration the filter was built with.
    public let configuration: FilterConfiguration
    var estimates: [LevelTrendEstimate]
    /// How many measurements the filter has taken.
    public internal(set) var steps: UInt64
    /// The event time of the latest measurement, in nanoseconds; 0 before the first.
    public internal(set) var lastTimeNanos: Int64
    /// `b^(k+1)` of Sage–Husa's weight, carried rather than recomputed so no power function is needed.
    var forgettingPower: Double
    /// The normalised innovation squared of the last step, summed over fields: the anomaly signal.
    public internal(set) var nis: Double = 0
    /// The seconds the last step predicted over (0 on the first step and on a repeated time stamp).
    public internal(set) var lastInterval: Double = 0

    /// The largest normalised magnitude a measurement may have; far beyond any real metric, and far enough
    /// below overflow that squares and sums stay finite.
    static let maximumMagnitude = 1e12

    /// A filter that has seen nothing yet.
    ///
    /// - Throws: ``PolicyError`` when the configuration is invalid.
    public init(configuration: FilterConfiguration = FilterConfiguration()) throws(PolicyError) {
        try configuration.validate()
        self.configuration = configuration
        self.estimates = configuration.fields.map {
            LevelTrendEstimate(
                level: 0,
                trend: 0,
                p00: $0.measurementNoise,
                p01: 0,
                p11: configuration.initialTrendVariance,
                noise: $0.measurementNoise
            )
        }
        self.steps = 0
        self.lastTimeNanos = 0
        var power = 1.0
        for _ in 0..<configuration.priorWeightSteps { power *= configuration.forgettingFactor }
        self.forgettingPower = power
    }

    /// The number of state fields.
    public var fieldCount: Int { estimates.count }

    /// Takes one measurement vector (raw units, one value per field in configuration order).
    ///
    /// Every value is checked before anything changes: on error the filter is exactly as it was.
    ///
    /// - Parameters:
    ///   - measurements: One raw value per state field.
    ///   - timeNanos: The event time of the measurement.
    /// - Throws: ``PolicyError`` (`fieldCount`, `nonFiniteValue`, `valueOutOfRange`) naming the field.
    public mutating func step(_ measurements: [Double], atNanos timeNanos: Int64) throws(PolicyError) {
        let fields = configuration.fields
        guard measurements.count == fields.count else {
            throw PolicyError(
                .fieldCount,
                "expected \(fields.count) measurements (\(fields.map(\.name).joined(separator: ", "))), "
                    + "got \(measurements.count)"
            )
        }
        for index in fields.indices {
            let value = measurements[index]
            guard value.isFinite else {
                throw PolicyError(
                    .nonFiniteValue,
                    field: fields[index].name,
                    "'\(fields[index].name)' is \(value); send a finite number or leave the observation out"
                )
            }
            guard abs(value / fields[index].scale) <= Self.maximumMagnitude else {
                throw PolicyError(
                    .valueOutOfRange,
                    field: fields[index].name,
                    "'\(fields[index].name)' is \(value), beyond \(Self.maximumMagnitude) × its scale; check its units"
                )
            }
        }
        if steps == 0 {
            for index in fields.indices {
                estimates[index].level = measurements[index] / fields[index].scale
                estimates[index].trend = 0
            }
            steps = 1
            lastTimeNanos = timeNanos
            nis = 0
            lastInterval = 0
            return
        }
        let dt = interval(to: timeNanos)
        var adaptation: NoiseAdaptation?
        if configuration.adaptive {
            let b = configuration.forgettingFactor
            forgettingPower *= b
            adaptation = NoiseAdaptation(
                weight: (1 - b) / (1 - forgettingPower),
                gate: configuration.innovationGate,
                outlierGate: configuration.outlierGate,
                minimum: configuration.minimumMeasurementNoise,
                maximum: configuration.maximumMeasurementNoise
            )
        }
        var total = 0.0
        for index in fields.indices {
            estimates[index].predict(dt: dt, processNoise: fields[index].processNoise)
            total += estimates[index].update(
                measurement: measurements[index] / fields[index].scale,
                adaptation: adaptation,
                whitenessSmoothing: configuration.whitenessSmoothing
            )
        }
        nis = total
        lastInterval = dt
        steps += 1
        lastTimeNanos = max(lastTimeNanos, timeNanos)
    }

    /// Seconds from the last step to `timeNanos`, in 0...maximumGapSeconds: a clock that stepped back counts as
    /// no time, a long silence as the longest gap the model trusts.
    private func interval(to timeNanos: Int64) -> Double {
        let (difference, overflow) = timeNanos.subtractingReportingOverflow(lastTimeNanos)
        if overflow { return timeNanos > lastTimeNanos ? configuration.maximumGapSeconds : 0 }
        return min(max(Double(difference) / 1e9, 0), configuration.maximumGapSeconds)
    }

    /// The filtered level of field `index`, in raw units.
    public func level(at index: Int) -> Double { estimates[index].level * configuration.fields[index].scale }

    /// The filtered trend of field `index`, in raw units per second.
    public func trend(at index: Int) -> Double { estimates[index].trend * configuration.fields[index].scale }

    /// The variance of field `index`'s level estimate, in raw units².
    public func levelVariance(at index: Int) -> Double {
        let scale = configuration.fields[index].scale
        return estimates[index].p00 * scale * scale
    }

    /// The variance of field `index`'s trend estimate, in (raw units per second)².
    public func trendVariance(at index: Int) -> Double {
        let scale = configuration.fields[index].scale
        return estimates[index].p11 * scale * scale
    }

    /// The last innovation (measured minus predicted) of field `index`, in raw units.
    public func innovation(at index: Int) -> Double {
        estimates[index].innovation * configuration.fields[index].scale
    }

    /// The adapted measurement noise variance of field `index`, in raw units².
    public func measurementNoise(at index: Int) -> Double {
        let scale = configuration.fields[index].scale
        return estimates[index].noise * scale * scale
    }

    /// The lag-1 autocorrelation of field `index`'s whitened innovations: near 0 when the model fits, strongly
    /// negative when the signal oscillates faster than the filter follows.
    public func innovationCorrelation(at index: Int) -> Double { estimates[index].innovationCorrelation }

    /// Whether every covariance (state and measurement noise) is symmetric positive definite and finite.
    public var isPositiveDefinite: Bool {
        estimates.allSatisfy { estimate in
            estimate.p00 > 0 && estimate.p11 > 0 && estimate.p00.isFinite && estimate.p11.isFinite
                && estimate.p00 * estimate.p11 - estimate.p01 * estimate.p01 > 0 && estimate.noise > 0
                && estimate.noise.isFinite
        }
    }
}
