/// The increase of a monotonic kernel counter between two readings, right across wrap and reset.
///
/// Kernel counters are `unsigned long` (32 bits on some platforms, 64 on others) and restart from zero when a
/// device is re-created. A reading lower than the previous one is a wrap when the wrapped increase is plausible
/// (less than half the counter's range); otherwise the counter was reset and the increase is the new reading.
public enum CounterDelta {
    /// The increase from `previous` to `current`.
    ///
    /// - Parameters:
    ///   - previous: The earlier reading.
    ///   - current: The later reading.
    /// - Returns: The increase, never negative.
    public static func between(_ previous: UInt64, _ current: UInt64) -> UInt64 {
        if current >= previous { return current - previous }
        // A 32-bit counter cannot hold a value above UInt32.max, so the previous reading tells the width.
        if previous <= UInt64(UInt32.max) {
            let wrapped = (UInt64(UInt32.max) - previous) + current + 1
            if wrapped < UInt64(1) << 31 { return wrapped }
            return current
        }
        let wrapped = (UInt64.max - previous) &+ current &+ 1
        if wrapped < UInt64(1) << 63 { return wrapped }
        return current
    }

    /// The rate per second of a counter between two readings taken `elapsedNanos` apart.
    ///
    /// - Parameters:
    ///   - previous: The earlier reading.
    ///   - current: The later reading.
    ///   - elapsedNanos: The time between the readings; a rate over no time is `nil`.
    /// - Returns: The increase per second, or `nil` when no time has passed.
    public static func rate(_ previous: UInt64, _ current: UInt64, elapsedNanos: Int64) -> Double? {
        guard elapsedNanos > 0 else { return nil }
        return Double(between(previous, current)) / (Double(elapsedNanos) / 1e9)
    }
}
