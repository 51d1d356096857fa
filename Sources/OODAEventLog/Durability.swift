/// When an appended record is made durable (`fdatasync`) on disk.
///
/// Every append is written to the file before it returns, so a process that crashes loses nothing; durability
/// is about the machine crashing or losing power.
public struct Durability: Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
        case always
        case group(maxDelay: Duration, maxRecords: Int)
        case never
    }
    private let base: Base
    private init(_ base: Base) { self.base = base }

    /// Every append returns only once its record is durable. Slowest; for records that must survive anything.
    public static let always = Durability(.always)
    /// Group commit: a flusher thread syncs within `maxDelay` of the first unsynced append, or as soon as
    /// `maxRecords` are waiting. A machine crash loses at most that window. The default.
    public static func group(maxDelay: Duration = .milliseconds(5), maxRecords: Int = 1000) -> Durability {
        Durability(.group(maxDelay: maxDelay, maxRecords: max(1, maxRecords)))
    }
    /// The log syncs only on ``EventLogWriter/sync()``, rotation and close; the kernel writes back when it likes.
    public static let never = Durability(.never)

    /// Parses `always`, `group` or `never`.
    public init?(name: String) {
        switch name {
        case "always": self = .always
        case "group": self = .group()
        case "never": self = .never
        default: return nil
        }
    }

    package var syncsEveryAppend: Bool { base == .always }
    package var syncsOnRotation: Bool { base != .never }

    /// The group-commit bounds, when this is group commit.
    package var groupBounds: (maxDelay: Duration, maxRecords: Int)? {
        if case .group(let maxDelay, let maxRecords) = base { return (maxDelay, maxRecords) }
        return nil
    }

    public var description: String {
        switch base {
        case .always: "always"
        case .group(let maxDelay, let maxRecords): "group(\(maxDelay), \(maxRecords) records)"
        case .never: "never"
        }
    }
}
