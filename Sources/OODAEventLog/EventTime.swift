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

    /// What `--since` and `--until` accept, for error messages.
    public static let accepted =
        "an RFC 3339 time (2024-11-24T03:12:00Z), a UTC date and time (2024-11-24 03:12), a UTC time of day "
        + "(03:12, the latest one up to now) or a duration ago (10m)"

    /// Parses a `--since` or `--until` value, in the forms an operator has at hand:
    /// - an RFC 3339 time: `2024-11-24T01:02:03Z`, fractions and offsets allowed;
    /// - a date and time without a zone, taken as UTC like every time ooda prints: `2024-11-24 03:12`,
    ///   `2024-11-24T03:12:30.5`, or a date alone for its midnight, `2024-11-24`;
    /// - a UTC time of day, `03:12` or `03:12:30`: the latest such time at or before `nowNanos` (just after
    ///   midnight, `23:50` is yesterday's);
    /// - a duration before `nowNanos` such as `500ms`, `30s`, `10m`, `2h`, `1d`.
    ///
    /// - Returns: the time in nanoseconds since 1970, or nil if the text is none of these.
    public static func parse(_ text: String, nowNanos: Int64) -> Int64? {
        if let duration = parseDuration(text) { return nowNanos - duration }
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64((date.timeIntervalSince1970 * 1e9).rounded()) }
        }
        if let time = parseTimeOfDay(text) {
            let day: Int64 = 86_400_000_000_000
            let today = nowNanos.floorDivided(by: day) * day
            return today + time <= nowNanos ? today + time : today - day + time
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard (1...2).contains(parts.count), let date = parseDate(parts[0]) else { return nil }
        guard parts.count == 2 else { return date }
        return parseTimeOfDay(parts[1]).map { date + $0 }
    }

    /// `YYYY-MM-DD` as nanoseconds since 1970 at midnight UTC.
    private static func parseDate(_ text: Substring) -> Int64? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        let seconds = timegm(&parts)
        // timegm normalises 31 February into March: refuse a date that did not survive the trip.
        guard parts.tm_mday == Int32(day), parts.tm_mon == Int32(month - 1) else { return nil }
        return Int64(seconds) * 1_000_000_000
    }

    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` as nanoseconds since midnight.
    private static func parseTimeOfDay<Text: StringProtocol>(_ text: Text) -> Int64? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields[0].count == 2, fields[1].count == 2,
            let hours = Int64(fields[0]), let minutes = Int64(fields[1]), (0..<24).contains(hours),
            (0..<60).contains(minutes)
        else { return nil }
        var nanos = (hours * 3600 + minutes * 60) * 1_000_000_000
        if fields.count == 3 {
            guard fields[2].count >= 2, fields[2].first?.isNumber == true, let seconds = Double(fields[2]),
                (0..<60).contains(seconds)
            else { return nil }
            nanos += Int64((seconds * 1e9).rounded())
        }
        return nanos
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
