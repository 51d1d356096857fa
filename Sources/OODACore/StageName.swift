/// The name of a publisher on the bus: one of the four stages, or a tool such as `ooda publish`.
///
/// An open set, so a struct over a string; the four stages are static members.
public struct StageName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let observe: StageName = "observe"
    public static let orient: StageName = "orient"
    public static let decide: StageName = "decide"
    public static let act: StageName = "act"
    /// The four stages of the loop, in the order data flows through them.
    public static let loop: [StageName] = [.observe, .orient, .decide, .act]
}
