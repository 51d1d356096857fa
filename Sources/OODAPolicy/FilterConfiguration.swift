/// The adaptive Kalman filter's settings: the state fields and how measurement noise adapts.
///
/// Every member has a default, and a decoded configuration may leave any of them out.
public struct FilterConfiguration: Sendable, Codable, Equatable {
    /// The state fields, in state-vector order.
    public var fields: [StateField]
    /// Whether measurement noise adapts to the innovation sequence (Sage–Husa) and outliers are left out. Off,
    /// the filter is the textbook linear Kalman filter.
    public var adaptive: Bool
    /// Sage–Husa's forgetting factor `b` in (0, 1): older innovations weigh `b` per step less. 0.99 remembers
    /// about 100 steps.
    public var forgettingFactor: Double
    /// How many steps' worth of weight the configured measurement noise keeps against the first innovations.
    public var priorWeightSteps: Int
    /// The largest squared innovation, in multiples of its predicted variance, that the noise estimate takes
    /// in; an outlier counts only up to this, so one bad sample cannot blow the noise up.
    public var innovationGate: Double
    /// The NIS of one field above which the adaptive filter treats a measurement as an outlier and leaves it
    /// out, unless the one before was an outlier too (then the level moved, and the filter follows at once).
    /// 25 is five standard deviations.
    public var outlierGate: Double
    /// The floor of the adapted measurement noise, normalised units²: keeps it positive definite.
    public var minimumMeasurementNoise: Double
    /// The ceiling of the adapted measurement noise, normalised units².
    public var maximumMeasurementNoise: Double
    /// The trend's variance at the first measurement, (normalised units per second)².
    public var initialTrendVariance: Double
    /// The longest gap between observations the motion model extrapolates over, in seconds; a longer gap
    /// counts as this long, so a stale trend cannot fling the level away.
    public var maximumGapSeconds: Double
    /// The weight of the newest step in the innovation whiteness statistics (lag-1 autocorrelation), in (0, 1]; 0.02 averages about 50 steps.
    public var whitenessSmoothing: Double

    public init(
        fields: [StateField] = StateField.defaults,
        adaptive: Bool = true,
        forgettingFactor: Double = 0.99,
        priorWeightSteps: Int = 10,
        innovationGate: Double = 9,
        outlierGate: Double = 25,
        minimumMeasurementNoise: Double = 1e-8,
        maximumMeasurementNoise: Double = 1e4,
        initialTrendVariance: Double = 1e-2,
        maximumGapSeconds: Double = 60,
        whitenessSmoothing: Double = 0.02
    ) {
        self.fields = fields
        self.adaptive = adaptive
        self.forgettingFactor = forgettingFactor
        self.priorWeightSteps = priorWeightSteps
        self.innovationGate = innovationGate
        self.outlierGate = outlierGate
        self.minimumMeasurementNoise = minimumMeasurementNoise
        self.maximumMeasurementNoise = maximumMeasurementNoise
        self.initialTrendVariance = initialTrendVariance
        self.maximumGapSeconds = maximumGapSeconds
        self.whitenessSmoothing = whitenessSmoothing
    }

    private enum CodingKeys: String, CodingKey {
        case fields, adaptive, forgettingFactor, priorWeightSteps, innovationGate, outlierGate, minimumMeasurementNoise
        case maximumMeasurementNoise, initialTrendVariance, maximumGapSeconds, whitenessSmoothing
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FilterConfiguration()
        self.init(
            fields: try container.value(.fields, or: defaults.fields),
            adaptive: try container.value(.adaptive, or: defaults.adaptive),
            forgettingFactor: try container.value(.forgettingFactor, or: defaults.forgettingFactor),
            priorWeightSteps: try container.value(.priorWeightSteps, or: defaults.priorWeightSteps),
            innovationGate: try container.value(.innovationGate, or: defaults.innovationGate),
            outlierGate: try container.value(.outlierGate, or: defaults.outlierGate),
            minimumMeasurementNoise: try container.value(
                .minimumMeasurementNoise,
                or: defaults.minimumMeasurementNoise
            ),
            maximumMeasurementNoise: try container.value(
                .maximumMeasurementNoise,
                or: defaults.maximumMeasurementNoise
            ),
            initialTrendVariance: try container.value(.initialTrendVariance, or: defaults.initialTrendVariance),
            maximumGapSeconds: try container.value(.maximumGapSeconds, or: defaults.maximumGapSeconds),
            whitenessSmoothing: try container.value(.whitenessSmoothing, or: defaults.whitenessSmoothing)
        )
    }

    /// Checks every value, so that a bad file fails at start rather than as NaN in the middle of a run.
    ///
    /// - Throws: ``PolicyError`` with code `invalidConfiguration`, naming the key.
    public func validate() throws(PolicyError) {
        guard !fields.isEmpty else {
            throw PolicyError(.invalidConfiguration, field: "fields", "the state needs at least one field")
        }
        var names = Set<String>()
        for field in fields {
            try field.validate()
            guard names.insert(field.name).inserted else {
                throw PolicyError(.invalidConfiguration, field: field.name, "the field appears twice")
            }
        }
        func require(_ ok: Bool, _ key: String, _ rule: String) throws(PolicyError) {
            if !ok { throw PolicyError(.invalidConfiguration, field: key, rule) }
        }
        try require(forgettingFactor > 0 && forgettingFactor < 1, "forgettingFactor", "must be in (0, 1)")
        try require(priorWeightSteps >= 0 && priorWeightSteps <= 100_000, "priorWeightSteps", "must be in 0...100000")
        try require(innovationGate > 0 && innovationGate.isFinite, "innovationGate", "must be finite, above 0")
        try require(outlierGate > innovationGate, "outlierGate", "must be above innovationGate")
        try require(minimumMeasurementNoise > 0, "minimumMeasurementNoise", "must be above 0")
        try require(
            maximumMeasurementNoise.isFinite && maximumMeasurementNoise >= minimumMeasurementNoise,
            "maximumMeasurementNoise",
            "must be finite and ≥ minimumMeasurementNoise"
        )
        try require(
            initialTrendVariance > 0 && initialTrendVariance.isFinite,
            "initialTrendVariance",
            "must be finite, above 0"
        )
        try require(maximumGapSeconds > 0 && maximumGapSeconds.isFinite, "maximumGapSeconds", "must be finite, above 0")
        try require(whitenessSmoothing > 0 && whitenessSmoothing <= 1, "whitenessSmoothing", "must be in (0, 1]")
    }
}
