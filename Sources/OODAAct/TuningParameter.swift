/// One tuning parameter of the target (η, γ or τ, or any other): its start value, its bounds, and how a retune
/// moves it.
public struct TuningParameter: Sendable, Codable, Equatable {
    /// The parameter's name, as it appears in ``OODACore/TargetState/tuning``: `eta`, `gamma`, `tau`.
    public var name: String
    /// The value before any retune.
    public var initial: Double
    /// The smallest value a retune may set.
    public var minimum: Double
    /// The largest value a retune may set.
    public var maximum: Double
    /// What one retune adds (negative to lower it); the result is clamped to the bounds.
    public var step: Double

    public init(name: String, initial: Double, minimum: Double, maximum: Double, step: Double) {
        self.name = name
        self.minimum = min(minimum, maximum)
        self.maximum = max(minimum, maximum)
        self.initial = min(max(initial, self.minimum), self.maximum)
        self.step = step
    }

    /// The learning rate η: a retune lowers it, for a steadier target.
    public static let eta = TuningParameter(name: "eta", initial: 0.1, minimum: 0.01, maximum: 1.0, step: -0.02)
    /// The discount γ: a retune raises it, weighing history more.
    public static let gamma = TuningParameter(name: "gamma", initial: 0.9, minimum: 0.5, maximum: 0.99, step: 0.02)
    /// The time constant τ: a retune raises it, smoothing the response.
    public static let tau = TuningParameter(name: "tau", initial: 1.0, minimum: 0.1, maximum: 10.0, step: 0.5)

    /// The value after one retune from `value`, within the bounds.
    ///
    /// Rounded to 1e-9 so that repeated steps do not accumulate binary noise (0.1 − 0.02 is 0.08, not
    /// 0.08000000000000000166).
    public func retuned(from value: Double) -> Double {
        let next = min(max(value + step, minimum), maximum)
        return (next * 1e9).rounded() / 1e9
    }
}
