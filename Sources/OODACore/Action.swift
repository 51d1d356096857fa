/// What the loop can do to the service.
public enum Action: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Comparable, CustomStringConvertible
{
    case scaleUp
    case scaleDown
    case retune
    case rollback
    case noop

    public var description: String { rawValue }

    /// Whether the action changes the target (everything but ``noop``).
    public var changesTarget: Bool { self != .noop }

    public static func < (lhs: Action, rhs: Action) -> Bool {
        lhs.ordinal < rhs.ordinal
    }

    // Equality and hashing by case. Without these, a String raw value makes Swift compare and hash the names:
    // every lookup in a score or cooldown table ran SipHash over a String.
    public static func == (lhs: Action, rhs: Action) -> Bool {
        lhs.ordinal == rhs.ordinal
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ordinal)
    }

    /// The case's place in `allCases`.
    private var ordinal: Int {
        switch self {
        case .scaleUp: 0
        case .scaleDown: 1
        case .retune: 2
        case .rollback: 3
        case .noop: 4
        }
    }
}

/// How eagerly decide turns a recommendation into an action.
public enum DecisionMode: String, Sendable, Codable, NamedChoice, CustomStringConvertible {
    /// Acts above 0.85 confidence.
    case conservative
    /// Acts above 0.70 confidence.
    case balanced
    /// Acts above 0.50 confidence, and scales ahead of a predicted breach.
    case aggressive

    public var description: String { rawValue }

    /// The confidence above which this mode acts, unless a `minConfidence` overrides it.
    public var defaultThreshold: Double {
        switch self {
        case .conservative: 0.85
        case .balanced: 0.70
        case .aggressive: 0.50
        }
    }
}
