/// The identity of one event: `<source>-<epoch>-<kind>-<seq>`, for example `decide-1732412345678901-decision-42`.
///
/// Derived from the envelope's own coordinates, so it is unique without coordination (a source never reuses
/// an epoch, and never reuses a sequence number within one epoch and kind), readable in a log line, and the
/// same when a replay produces the same event again.
public struct EventID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(source: StageName, epoch: UInt64, kind: MessageKind, sequence: UInt64) {
        self.rawValue = "\(source.rawValue)-\(epoch)-\(kind.rawValue)-\(sequence)"
    }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension EventID {
    /// The sequence number this id names (its last component), if it is in the `<source>-<epoch>-<kind>-<seq>`
    /// form.
    public var sequence: UInt64? {
        guard let dash = rawValue.lastIndex(of: "-") else { return nil }
        return UInt64(rawValue[rawValue.index(after: dash)...])
    }
}
