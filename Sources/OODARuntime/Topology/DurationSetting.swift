/// A duration written in a topology file: `250ms`, `1s`, `5m`, `1h`, `1500us`, or a bare number of seconds.
public struct DurationSetting: Hashable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public init(seconds: Double) { self.nanoseconds = Int64((seconds * 1e9).rounded()) }

    public var duration: Duration { .nanoseconds(nanoseconds) }
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// Parses `250ms`, `1s`, `2.5s`, `5m`, `1h`, `1500us`, `100ns`.
    public init?(parsing text: String) {
        let units: [(suffix: String, nanos: Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            // "ms" also ends in "s"; the longer suffixes come first, so a number that fails here is invalid.
            guard let value = Double(number), value >= 0, value.isFinite else { continue }
            self.init(nanoseconds: Int64((value * unit.nanos).rounded()))
            return
        }
        guard let seconds = Double(trimmed), seconds >= 0, seconds.isFinite else { return nil }
        self.init(seconds: seconds)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) {
            guard seconds >= 0, seconds.isFinite else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a duration cannot be negative")
            }
            self.init(seconds: seconds)
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = DurationSetting(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a duration (examples: 250ms, 1s, 5m)"
            )
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        switch nanoseconds {
        case let n where n % 3_600_000_000_000 == 0 && n > 0: "\(n / 3_600_000_000_000)h"
        case let n where n % 60_000_000_000 == 0 && n > 0: "\(n / 60_000_000_000)m"
        case let n where n % 1_000_000_000 == 0: "\(n / 1_000_000_000)s"
        case let n where n % 1_000_000 == 0: "\(n / 1_000_000)ms"
        case let n where n % 1_000 == 0: "\(n / 1_000)us"
        default: "\(nanoseconds)ns"
        }
    }
}
