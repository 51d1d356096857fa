import OODAEventLog
import Testing

/// The times an operator types after `--since` and `--until`, read as ooda prints them: in UTC.
@Suite struct EventTimeTests {
    /// 2024-11-24T03:15:00Z.
    static let now = EventTime.parse("2024-11-24T03:15:00Z", nowNanos: 0)!
    static let minute: Int64 = 60_000_000_000

    @Test(arguments: [
        ("2024-11-24T03:12:00Z", "2024-11-24T03:12:00.000Z"),
        ("2024-11-24T04:12:00+01:00", "2024-11-24T03:12:00.000Z"),
        ("2024-11-24 03:12", "2024-11-24T03:12:00.000Z"),
        ("2024-11-24T03:12:30.25", "2024-11-24T03:12:30.250Z"),
        ("2024-11-24", "2024-11-24T00:00:00.000Z"),
        ("03:12", "2024-11-24T03:12:00.000Z"),
        ("03:12:30", "2024-11-24T03:12:30.000Z"),
        ("03:15", "2024-11-24T03:15:00.000Z"),
        // Later than now today: the latest one up to now is yesterday's.
        ("23:50", "2024-11-23T23:50:00.000Z"),
        ("3m", "2024-11-24T03:12:00.000Z"),
    ])
    func aTimeIsReadInEachFormAnOperatorHasAtHand(text: String, expected: String) {
        #expect(EventTime.parse(text, nowNanos: Self.now).map(EventTime.format) == expected)
    }

    @Test(arguments: ["3:12", "24:00", "03:60", "03:12:61", "2024-02-30 03:12", "2024-11-24 3pm", "24-11-24", "soon"])
    func anythingElseIsRefused(text: String) {
        #expect(EventTime.parse(text, nowNanos: Self.now) == nil)
    }
}
