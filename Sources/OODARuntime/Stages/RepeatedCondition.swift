/// Turns a condition that holds cycle after cycle into log lines at its changes only: when it begins, when its
/// reason changes, and when it ends, with how many times it held. A scrape target down for an hour at a 1 s
/// interval makes two lines, not 3,600.
struct RepeatedCondition: Sendable {
    enum Change: Equatable, Sendable {
        /// The condition holds, and did not the time before.
        case began
        /// The condition still holds, for another reason.
        case changed(from: String)
        /// The condition no longer holds; it held `times` times in a row.
        case ended(times: Int)
    }

    /// The reason the condition holds now; nil when it does not.
    private(set) var reason: String?
    /// How many times in a row it has held.
    private(set) var times = 0

    /// Records this time's state: the reason the condition holds, or nil when all is well. Returns what changed,
    /// if anything worth a log line did.
    mutating func note(_ reason: String?) -> Change? {
        defer { self.reason = reason }
        switch (self.reason, reason) {
        case (nil, nil):
            return nil
        case (nil, .some):
            times = 1
            return .began
        case (.some, nil):
            defer { times = 0 }
            return .ended(times: times)
        case (.some(let old), .some(let new)):
            times += 1
            return old == new ? nil : .changed(from: old)
        }
    }
}
