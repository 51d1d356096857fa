/// Counts actions in a sliding window of event time and refuses those over the limit.
///
/// Pure: time comes from the decisions' envelopes, never from a clock, so a replay refuses the same actions.
public struct ActionRateLimiter: Sendable, Equatable {
    /// The limit applied.
    public let limit: ActionRateLimit
    /// Event times of the admitted actions still inside the window, oldest first.
    public private(set) var admitted: [Int64] = []

    public init(limit: ActionRateLimit, history: [Int64] = []) {
        self.limit = limit
        self.admitted = history.sorted()
    }

    /// Admits an action at `timeNanos` when fewer than the limit were admitted in the window ending there, and
    /// remembers it.
    ///
    /// - Returns: Whether the action may execute.
    public mutating func admit(at timeNanos: Int64) -> Bool {
        let windowStart = timeNanos - limit.windowNanos
        admitted.removeAll { $0 <= windowStart }
        guard admitted.count < limit.maxActions else { return false }
        admitted.append(timeNanos)
        return true
    }

    /// The sentence for a refused action.
    public var refusalDetails: String {
        let window = TuningConfiguration.format(limit.windowSeconds)
        return "Rate limit: \(limit.maxActions) actions already in the last \(window) s; not executed"
    }
}
