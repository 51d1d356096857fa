/// Orient's view of the service: the filtered state, how surprising the last observation was, and the policy's
/// scores for each action.
public struct Orientation: Sendable, Codable, Equatable {
    /// The state fields, in the order of every per-field array below.
    public var fields: [String]
    /// The filtered level of each field.
    public var level: [Double]
    /// The filtered trend of each field, in units per second.
    public var trend: [Double]
    /// The variance of each field's level estimate (the covariance's diagonal).
    public var variance: [Double]
    /// The innovation (measured minus predicted) of each field at this step.
    public var innovation: [Double]
    /// The normalised innovation squared: the anomaly signal. About the number of fields when all is as expected.
    public var nis: Double
    /// The policy's score for every action, 0...1.
    public var scores: [Action: Double]
    /// The action the policy recommends.
    public var recommended: Action
    /// The policy's confidence in that recommendation, 0...1.
    public var confidence: Double
    /// Why, in sentences a person can read.
    public var reasoning: [String]
    /// The filter's full state, so that orient resumes exactly from its last Orientation after a restart.
    public var filter: FilterSnapshot

    public init(
        fields: [String],
        level: [Double],
        trend: [Double],
        variance: [Double],
        innovation: [Double],
        nis: Double,
        scores: [Action: Double],
        recommended: Action,
        confidence: Double,
        reasoning: [String],
        filter: FilterSnapshot
    ) {
        self.fields = fields
        self.level = level
        self.trend = trend
        self.variance = variance
        self.innovation = innovation
        self.nis = nis
        self.scores = scores
        self.recommended = recommended
        self.confidence = confidence
        self.reasoning = reasoning
        self.filter = filter
    }

    /// The filtered level of the named field, if it is in the state.
    public func level(of field: String) -> Double? {
        fields.firstIndex(of: field).map { level[$0] }
    }

    /// The filtered trend of the named field, if it is in the state.
    public func trend(of field: String) -> Double? {
        fields.firstIndex(of: field).map { trend[$0] }
    }
}

/// The complete state of the adaptive Kalman filter as plain numbers, so it can ride in a message and be
/// restored bit for bit.
public struct FilterSnapshot: Sendable, Codable, Equatable {
    /// The state vector, laid out as the filter defines it (for example level and trend per field).
    public var state: [Double]
    /// The state covariance, row-major, `state.count × state.count`.
    public var covariance: [Double]
    /// The adapted measurement noise variance per measured field.
    public var measurementNoise: [Double]
    /// Any further adaptive statistics the filter keeps (for example the innovation estimate).
    public var adaptive: [Double]
    /// How many steps the filter has taken.
    public var steps: UInt64
    /// The event time of the last step, in nanoseconds since the Unix epoch; 0 before the first.
    public var lastTimeNanos: Int64

    public init(
        state: [Double],
        covariance: [Double],
        measurementNoise: [Double],
        adaptive: [Double] = [],
        steps: UInt64,
        lastTimeNanos: Int64
    ) {
        self.state = state
        self.covariance = covariance
        self.measurementNoise = measurementNoise
        self.adaptive = adaptive
        self.steps = steps
        self.lastTimeNanos = lastTimeNanos
    }
}
