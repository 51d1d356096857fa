/// One field's level-and-trend Kalman estimate, in normalised units.
///
/// The motion model is constant velocity driven by white-noise acceleration: `F = [[1, dt], [0, 1]]`,
/// `Q = q · [[dt³/3, dt²/2], [dt²/2, dt]]`, observed through `H = [1, 0]`. The 2 × 2 algebra is written out
/// on stored doubles, so a step allocates nothing.
struct LevelTrendEstimate: Sendable, Equatable {
    var level: Double
    var trend: Double
    /// The covariance `[[p00, p01], [p01, p11]]`; symmetric by construction.
    var p00: Double
    var p01: Double
    var p11: Double
    /// The measurement noise variance `R` (adapted, or as configured).
    var noise: Double
    /// The last whitened innovation `y / √S`, kept for the lag-1 product.
    var previousWhitened: Double = 0
    /// Smoothed `E[e²]` of whitened innovations (1 for a consistent filter).
    var whitenedPower: Double = 1
    /// Smoothed `E[e_k · e_{k-1}]` (0 for a consistent filter, negative when the signal oscillates).
    var whitenedLagProduct: Double = 0
    /// How many innovations in a row were rejected as outliers (0 or 1).
    var rejectedRun: Double = 0
    /// The last step's innovation `z − H x⁻` and its predicted variance `S`; outputs, not state.
    var innovation: Double = 0
    var innovationVariance: Double = 0

    /// The smallest variance the guards let a diagonal entry reach.
    static let varianceFloor = 1e-12

    init(level: Double, trend: Double, p00: Double, p01: Double, p11: Double, noise: Double) {
        self.level = level
        self.trend = trend
        self.p00 = p00
        self.p01 = p01
        self.p11 = p11
        self.noise = noise
    }

    /// The lag-1 autocorrelation of the whitened innovations, in -1...1.
    var innovationCorrelation: Double {
        whitenedPower > 0 ? max(-1, min(1, whitenedLagProduct / whitenedPower)) : 0
    }

    /// The time update: `x ← F x`, `P ← F P Fᵀ + Q`.
    mutating func predict(dt: Double, processNoise q: Double) {
        let dt2 = dt * dt
        level += dt * trend
        p00 = p00 + 2 * dt * p01 + dt2 * p11 + q * dt2 * dt / 3
        p01 = p01 + dt * p11 + q * dt2 / 2
        p11 = p11 + q * dt
    }

    /// The measurement update with the Joseph-form covariance; returns this field's NIS `y² / S`.
    ///
    /// With `adaptation` (the robust, adaptive filter):
    /// - an innovation beyond the outlier gate is reported but not taken in, unless the previous one was
    ///   rejected too: two surprises in a row mean the level moved, so the level's variance grows by `y²` and
    ///   the filter follows at once;
    /// - in both cases `R` first moves toward `y² − H P⁻ Hᵀ` (Sage–Husa), with the innovation clipped at the
    ///   noise gate and the result clamped into the allowed range, so that it stays positive.
    mutating func update(
        measurement z: Double,
        adaptation: NoiseAdaptation?,
        whitenessSmoothing a: Double
    )
        -> Double
    {
        let y = z - level
        var projected = p00
        var surprise: Double?
        if let adaptation {
            let nis = y * y / (projected + noise)
            // Every innovation feeds the noise estimate, clipped at the gate, outliers included: leaving them out
            // would teach the estimate that the signal is calmer than it is.
            let squared = min(y * y, adaptation.gate * (projected + noise))
            let estimate = (1 - adaptation.weight) * noise + adaptation.weight * (squared - projected)
            noise = min(max(estimate, adaptation.minimum), adaptation.maximum)
            if nis > adaptation.outlierGate {
                surprise = nis
                if rejectedRun == 0 {
                    rejectedRun = 1
                    innovation = y
                    innovationVariance = projected + noise
                    return nis
                }
                p00 += y * y
                projected = p00
            }
            rejectedRun = 0
        }
        let s = projected + noise
        let k0 = p00 / s
        let k1 = p01 / s
        level += k0 * y
        trend += k1 * y
        // Joseph form: (I − K H) P (I − K H)ᵀ + K R Kᵀ, which stays symmetric positive semi-definite even when
        // rounding makes K slightly off-optimal.
        let a0 = 1 - k0
        let n00 = a0 * a0 * p00 + noise * k0 * k0
        let n01 = a0 * (p01 - k1 * p00) + noise * k0 * k1
        let n11 = k1 * k1 * p00 - 2 * k1 * p01 + p11 + noise * k1 * k1
        p00 = max(n00, Self.varianceFloor)
        p11 = max(n11, Self.varianceFloor)
        // Keep the determinant positive: |p01| strictly below √(p00 · p11).
        let bound = (p00 * p11).squareRoot() * (1 - 1e-9)
        p01 = min(max(n01, -bound), bound)
        innovation = y
        innovationVariance = s
        let whitened = y / s.squareRoot()
        whitenedPower = (1 - a) * whitenedPower + a * whitened * whitened
        whitenedLagProduct = (1 - a) * whitenedLagProduct + a * whitened * previousWhitened
        previousWhitened = whitened
        return surprise ?? y * y / s
    }
}

/// The Sage–Husa parameters for one step, shared by every field.
struct NoiseAdaptation: Sendable {
    /// `d_k = (1 − b) / (1 − b^(k+1))`.
    var weight: Double
    var gate: Double
    var outlierGate: Double
    var minimum: Double
    var maximum: Double
}
