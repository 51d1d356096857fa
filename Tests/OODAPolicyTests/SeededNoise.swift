import Foundation

/// Deterministic Gaussian noise for synthetic traces: SplitMix64 and Box–Muller, so every run sees the same data.
struct SeededNoise {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    /// A uniform value in (0, 1).
    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return (Double(z >> 11) + 0.5) / Double(1 << 53)
    }

    /// A normal value with mean 0 and the given standard deviation.
    mutating func gaussian(_ deviation: Double) -> Double {
        let u = uniform()
        let v = uniform()
        return deviation * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
