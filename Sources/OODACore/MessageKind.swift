/// The kind of a message: its ZeroMQ topic and the type of its body.
///
/// The set is closed per schema version: a new kind is a new schema version.
public enum MessageKind: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, CustomStringConvertible {
    case observation
    case orientation
    case decision
    case actionOutcome
    case stageStarted
    case heartbeat

    /// The topic frame for this kind: the raw value as UTF-8.
    ///
    /// No topic is a prefix of another, so a ZeroMQ prefix subscription to one kind never matches another.
    public var topic: [UInt8] { Array(rawValue.utf8) }

    public var description: String { rawValue }

    /// The kind whose topic is exactly these bytes, if any.
    public init?(topic: some Collection<UInt8>) {
        guard let text = String(validating: topic, as: UTF8.self) else { return nil }
        self.init(rawValue: text)
    }

    // Equality and hashing by case: with a String raw value Swift would compare and hash the names, and a
    // subscriber looks up every message's kind in the set of kinds it takes.
    public static func == (lhs: MessageKind, rhs: MessageKind) -> Bool {
        lhs.ordinal == rhs.ordinal
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    /// The case's place in `allCases`.
    private var ordinal: Int {
        switch self {
        case .observation: 0
        case .orientation: 1
        case .decision: 2
        case .actionOutcome: 3
        case .stageStarted: 4
        case .heartbeat: 5
        }
    }
}
