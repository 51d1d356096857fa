import Foundation

/// Event times (nanoseconds since 1970, UTC) as RFC 3339 text and back, and the `--since` forms.
public enum EventTime {
    /// Nanoseconds since 1970 on the wall clock (`CLOCK_REALTIME`).
    public static func wallClockNanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2024-11-24T01:02:03.456Z`.
    public static func format(_ nanos: Int64) -> String {
        var seconds = time_t(nanos.floorDivided(by: 1_000_000_000))
        let millis = Int((nanos - Int64(seconds) * 1_000_000_000) / 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        let time = "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))"
        return "\(date)T\(time)Z"
    }

    /// Parses a `--since` value: an RFC 3339 time (`2024-11-24T01:02:03Z`, fractions and offsets allowed), or a
    /// duration before `nowNanos` such as `500ms`, `30s`, `10m`, `2h`, `1d`.
    ///
    /// - Returns: the time in nanoseconds since 1970, or nil if the text is neither form.
    public static func parseSince(_ text: String, nowNanos: Int64) -> Int64? {
        if let duration = parseDuration(text) { return nowNanos - duration }
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1e9).rounded()) }
        }
        return nil
    }

    /// A duration such as `500ms`, `30s`, `10m`, `2h`, `1d`, in nanoseconds.
    static func parseDuration(_ text: String) -> Int64? {
        let units: [(suffix: String, nanos: Int64)] = [
            ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
            ("d", 86_400_000_000_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let count = Int64(text.dropLast(unit.suffix.count)), count >= 0 else { continue }
            let (product, overflow) = count.multipliedReportingOverflow(by: unit.nanos)
            return overflow ? nil : product
        }
        return nil
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
